/**
 * `hypotest`: CLs test of one POI value with the asymptotic or the toy-based calculator, returning
 * one named result shape whatever the options (no flag-dependent tuples).
 */
import type { ObservedData, StatModel } from '../types.js';
import { AsymptoticCalculator, type LimitTestStat } from './asymptotic.js';
import type { FitOptions } from './mle.js';
import { toyHypotest } from './toys.js';

/** Which calculator to use. */
export type CalculatorSpec = { readonly type: 'asymptotic' } | { readonly type: 'toybased'; readonly nToys: number; readonly seed: number };

/** Options of `hypotest`. */
export interface HypotestOptions {
  /** @default 'qmuTilde' */
  testStat?: LimitTestStat;
  /** @default { type: 'asymptotic' } */
  calculator?: CalculatorSpec;
  /** POI bounds of the free fits. @default model bounds (lower bound 0 for q̃) */
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
}

/** Result of a CLs hypothesis test at one POI value. */
export interface HypotestResult {
  readonly mu: number;
  readonly testStat: LimitTestStat;
  readonly calculator: 'asymptotic' | 'toybased';
  /** Observed CL_s. */
  readonly clsObs: number;
  /** Expected CL_s at −2σ, −1σ, median, +1σ, +2σ (ascending). */
  readonly clsExp: readonly [number, number, number, number, number];
  readonly clsb: number;
  readonly clb: number;
  readonly clsbExp: readonly number[];
  readonly clbExp: readonly number[];
  /** Observed q_μ or q̃_μ. */
  readonly q: number;
  /** Asimov q_μ,A (asymptotic only). */
  readonly qAsimov: number | null;
  /** Toy settings (toy-based only). */
  readonly nToys: number | null;
  readonly seed: number | null;
  readonly valid: boolean;
  readonly messages: readonly string[];
}

function five(a: readonly number[]): [number, number, number, number, number] {
  return [a[0], a[1], a[2], a[3], a[4]];
}

/**
 * CLs hypothesis test of POI = mu.
 * @example hypotest(model, data, 1.0).clsObs // pyhf hello-world: ≈ 0.0525
 */
export function hypotest(model: StatModel, data: ObservedData, mu: number, opts: HypotestOptions = {}): HypotestResult {
  const calc = opts.calculator ?? { type: 'asymptotic' as const };
  if (calc.type === 'asymptotic') {
    const r = new AsymptoticCalculator(model, data, { testStat: opts.testStat, poiBounds: opts.poiBounds, fit: opts.fit }).test(mu);
    return fromAsymptotic(r);
  }
  const r = toyHypotest(model, data, mu, { nToys: calc.nToys, seed: calc.seed, testStat: opts.testStat, poiBounds: opts.poiBounds, fit: opts.fit });
  return toResult(r, 'toybased', { qAsimov: null, nToys: r.nToys, seed: r.seed });
}

/** The fields both calculators share, plus the calculator-specific ones. */
function toResult(
  r: Pick<ReturnType<AsymptoticCalculator['test']>, 'mu' | 'testStat' | 'cls' | 'clsb' | 'clb' | 'q' | 'valid' | 'messages'> & { readonly expected: { readonly cls: readonly number[]; readonly clsb: readonly number[]; readonly clb: readonly number[] } },
  calculator: HypotestResult['calculator'],
  extra: Pick<HypotestResult, 'qAsimov' | 'nToys' | 'seed'>,
): HypotestResult {
  return {
    mu: r.mu,
    testStat: r.testStat,
    calculator,
    clsObs: r.cls,
    clsExp: five(r.expected.cls),
    clsb: r.clsb,
    clb: r.clb,
    clsbExp: r.expected.clsb,
    clbExp: r.expected.clb,
    q: r.q,
    ...extra,
    valid: r.valid,
    messages: r.messages,
  };
}

/** Convert an asymptotic calculator test into a HypotestResult. */
export function fromAsymptotic(r: ReturnType<AsymptoticCalculator['test']>): HypotestResult {
  return toResult(r, 'asymptotic', { qAsimov: r.qAsimov, nToys: null, seed: null });
}
