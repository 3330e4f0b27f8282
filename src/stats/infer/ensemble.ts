/**
 * Summaries of toy ensembles: mean, spread and quantiles of a sampled statistic (simple-statistics), and fractions
 * with their binomial errors (coverage, tail probabilities). Non-finite entries are never averaged silently: they are
 * counted and reported.
 */
import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { InvalidParameters } from '../../util/errors.js';

/** Quantile levels of the ±1σ, ±2σ bands and the median: Φ(−2), Φ(−1), ½, Φ(1), Φ(2). */
export const BAND_LEVELS: readonly number[] = [0.022750131948179195, 0.15865525393145707, 0.5, 0.8413447460685429, 0.9772498680518208];

/** Summary of an ensemble of values. */
export interface EnsembleSummary {
  /** Finite entries used. */
  readonly n: number;
  /** Entries dropped because they were NaN or ±Infinity. */
  readonly nonFinite: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Linear-interpolation quantiles (type 7) at `levels`. */
  readonly quantiles: ReadonlyArray<{ readonly p: number; readonly value: number }>;
}

/** Summarise an ensemble (NaN for every statistic when no entry is finite). */
export function summarizeEnsemble(values: ArrayLike<number>, levels: readonly number[] = BAND_LEVELS): EnsembleSummary {
  for (const p of levels) if (!(p >= 0 && p <= 1)) throw new InvalidParameters(`summarizeEnsemble: quantile level must be in [0, 1], got ${p}`);
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]!);
  const nonFinite = values.length - finite.length;
  if (finite.length === 0) return { n: 0, nonFinite, mean: NaN, sd: NaN, min: NaN, max: NaN, quantiles: levels.map((p) => ({ p, value: NaN })) };
  finite.sort((a, b) => a - b);
  return {
    n: finite.length,
    nonFinite,
    mean: mean(finite),
    sd: finite.length > 1 ? sampleStandardDeviation(finite) : NaN,
    min: finite[0]!,
    max: finite[finite.length - 1]!,
    quantiles: levels.map((p) => ({ p, value: quantileSorted(finite, p) })),
  };
}

/** A fraction k/n of Bernoulli trials with its binomial standard error √(f(1 − f)/n). */
export interface BinomialFraction {
  readonly k: number;
  readonly n: number;
  readonly fraction: number;
  readonly error: number;
}

/** The fraction k/n with its binomial error (NaN fraction for n = 0). */
export function binomialFraction(k: number, n: number): BinomialFraction {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && n >= 0 && k <= n)) throw new InvalidParameters(`binomialFraction: need integers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  if (n === 0) return { k, n, fraction: NaN, error: NaN };
  const f = k / n;
  return { k, n, fraction: f, error: Math.sqrt((f * (1 - f)) / n) };
}

/**
 * Deviation of a measured fraction from an expected probability in units of the binomial error under the
 * expectation, (f − p)/√(p(1 − p)/n) (well defined also when f is 0 or 1).
 */
export function binomialPull(f: BinomialFraction, expected: number): number {
  if (!(expected > 0 && expected < 1)) throw new InvalidParameters(`binomialPull: expected probability must be in (0, 1), got ${expected}`);
  return (f.fraction - expected) / Math.sqrt((expected * (1 - expected)) / f.n);
}
