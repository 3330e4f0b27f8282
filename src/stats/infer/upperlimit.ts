/**
 * CLs upper limits on the POI: the μ where CL_s(μ) = α = 1 − CL, for the observed CL_s and each of the
 * five expected-band curves, by bracketing and Brent root finding on the asymptotic CL_s(μ) curves
 * (A. L. Read, "Presentation of search results: the CLs technique", J. Phys. G 28 (2002) 2693).
 * Hypothesis tests are cached by μ, so the six root searches share evaluations.
 */
import { brent } from '../optimize/index.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { AsymptoticCalculator, type LimitTestStat } from './asymptotic.js';
import { fromAsymptotic, type HypotestResult } from './hypotest.js';
import { requirePoi, type FitOptions } from './mle.js';

/** Options of `upperLimit`. */
export interface UpperLimitOptions {
  /** Confidence level (the analyses use 0.90). @default 0.95 */
  cl?: number;
  /** @default 'qmuTilde' */
  testStat?: LimitTestStat;
  /** Initial bracket [lo, hi] of the POI; extended (halving towards the lower end, doubling the upper) until it brackets every curve. @default from the POI bounds */
  bracket?: readonly [number, number];
  /** Relative tolerance on the limits. @default 1e-4 */
  rtol?: number;
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
}

/** One evaluated point of the CL_s curves. */
export interface LimitPoint {
  readonly mu: number;
  readonly clsObs: number;
  readonly clsExp: readonly number[];
}

/** Observed and expected CLs upper limits. */
export interface UpperLimitResult {
  readonly cl: number;
  readonly testStat: LimitTestStat;
  readonly calculator: 'asymptotic';
  /** Observed upper limit on the POI. */
  readonly observed: number;
  /** Expected limits at −2σ, −1σ, median, +1σ, +2σ. */
  readonly expected: readonly [number, number, number, number, number];
  /** Evaluated points, ascending in μ. */
  readonly points: readonly LimitPoint[];
  /** True when all six root searches converged and every fit converged. */
  readonly converged: boolean;
  readonly messages: readonly string[];
}

const MAX_BRACKET_STEPS = 40;

/**
 * CLs upper limit on the POI at confidence level `cl`.
 * @example upperLimit(model, data, { cl: 0.95 }).observed // pyhf hello-world: ≈ 1.01
 */
export function upperLimit(model: StatModel, data: ObservedData, opts: UpperLimitOptions = {}): UpperLimitResult {
  const cl = opts.cl ?? 0.95;
  if (!(cl > 0 && cl < 1)) throw new InvalidParameters(`upperLimit: cl must be in (0, 1), got ${cl}`);
  const alpha = 1 - cl;
  const rtol = opts.rtol ?? 1e-4;
  const ip = requirePoi(model);
  const calc = new AsymptoticCalculator(model, data, { testStat: opts.testStat, poiBounds: opts.poiBounds, fit: opts.fit });
  const cache = new Map<number, HypotestResult>();
  const messages: string[] = [];
  const at = (mu: number): HypotestResult => {
    let r = cache.get(mu);
    if (!r) {
      r = fromAsymptotic(calc.test(mu));
      cache.set(mu, r);
      for (const m of r.messages) messages.push(`μ = ${mu}: ${m}`);
    }
    return r;
  };
  const curve = (r: HypotestResult, k: number): number => (k === 0 ? r.clsObs : r.clsExp[k - 1]);
  const all = (r: HypotestResult): number[] => [r.clsObs, ...r.clsExp];

  const poiLo = opts.poiBounds?.[0] ?? model.params.lo[ip];
  const poiHi = opts.poiBounds?.[1] ?? model.params.hi[ip];
  const base = Math.max(poiLo, 0);
  let lo = opts.bracket?.[0] ?? base + 0.05 * (poiHi - base);
  let hi = opts.bracket?.[1] ?? poiHi;
  if (!(lo > base) || !(hi > lo)) throw new InvalidParameters(`upperLimit: invalid bracket [${lo}, ${hi}] (must satisfy ${base} < lo < hi)`);
  for (let k = 0; all(at(lo)).some((v) => v < alpha); k++) {
    if (k >= MAX_BRACKET_STEPS) throw new InvalidParameters(`upperLimit: CLs < ${alpha} even at μ = ${lo}; the POI lower bound ${base} leaves no room for a limit`);
    lo = base + 0.5 * (lo - base);
  }
  for (let k = 0; all(at(hi)).some((v) => v > alpha); k++) {
    if (k >= MAX_BRACKET_STEPS) throw new InvalidParameters(`upperLimit: CLs > ${alpha} even at μ = ${hi}; the model has no sensitivity`);
    hi = base + 2 * (hi - base);
  }
  if (hi > poiHi) messages.push(`the bracket was extended to μ = ${hi}, above the POI upper bound ${poiHi}`);

  const limits: number[] = [];
  let converged = true;
  for (let k = 0; k < 6; k++) {
    // Best bracket from the cache: the largest μ with CLs ≥ α and the smallest μ above it with CLs < α.
    const pts = [...cache.entries()].sort((a, b) => a[0] - b[0]);
    let a = lo;
    let b = hi;
    for (const [mu, r] of pts) if (curve(r, k) >= alpha) a = mu;
    for (const [mu, r] of pts) {
      if (mu > a && curve(r, k) < alpha) {
        b = mu;
        break;
      }
    }
    const root = brent((mu) => curve(at(mu), k) - alpha, a, b, { rtol, xtol: 1e-12, fa: curve(at(a), k) - alpha, fb: curve(at(b), k) - alpha });
    if (!root.converged) {
      converged = false;
      messages.push(`${k === 0 ? 'observed' : `expected ${k - 3}σ`} limit: ${root.message}`);
    }
    limits.push(root.x);
  }
  const points = [...cache.values()].sort((x, y) => x.mu - y.mu).map((r) => ({ mu: r.mu, clsObs: r.clsObs, clsExp: r.clsExp }));
  const fitsOk = [...cache.values()].every((r) => r.valid);
  return {
    cl,
    testStat: calc.testStat,
    calculator: 'asymptotic',
    observed: limits[0],
    expected: [limits[1], limits[2], limits[3], limits[4], limits[5]],
    points,
    converged: converged && fitsOk,
    messages,
  };
}
