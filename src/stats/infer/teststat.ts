/**
 * Profile-likelihood-ratio test statistics of Cowan, Cranmer, Gross, Vitells, "Asymptotic formulae for
 * likelihood-based tests of new physics", arXiv:1007.1727 (EPJC 71 (2011) 1554). One core computes
 * −2 ln λ(μ) = −2 ln L(μ, θ̂̂) + 2 ln L(μ̂, θ̂) (eq. 7–8); the statistics are thin wrappers:
 *
 *   t_μ  (eq. 8)  : −2 ln λ(μ), μ̂ within the POI bounds as configured
 *   t̃_μ  (eq. 11) : as t_μ with μ̂ restricted to μ̂ ≥ 0 (POI lower bound set to 0)
 *   q_μ  (eq. 14) : t_μ for μ̂ ≤ μ, 0 for μ̂ > μ (upper-limit statistic)
 *   q̃_μ  (eq. 16) : t̃_μ for μ̂ ≤ μ, 0 for μ̂ > μ (μ̂ clipped at 0, as pyhf's qmu_tilde)
 *   q_0  (eq. 12) : −2 ln λ(0) for μ̂ ≥ 0, 0 for μ̂ < 0 (discovery statistic)
 *
 * Conventions as pyhf: the free fit uses the POI bounds of the model (overridable), the
 * conditional fit holds the POI at the tested value. Values below 0 caused by minimiser tolerance are
 * set to 0; when the conditional fit is better than the free fit by more than that tolerance, the
 * free fit missed the global minimum and the conditional one takes its place.
 */
import type { ObservedData, StatModel } from '../types.js';
import { InvalidModel } from '../../util/errors.js';
import { fit, fixedPoiFit, requirePoi, type FitOptions, type FitResult } from './mle.js';

/** Names of the supported test statistics. */
export type TestStatName = 'tmu' | 'tmuTilde' | 'qmu' | 'qmuTilde' | 'q0';

/** A test-statistic value with the fits it came from. */
export interface TestStatResult {
  readonly name: TestStatName;
  /** Tested POI value. */
  readonly mu: number;
  /** The statistic. */
  readonly value: number;
  /** Unclipped −2 ln λ(μ) (before the q-type one-sided clipping). */
  readonly tmu: number;
  /** POI at the free fit, μ̂. */
  readonly muHat: number;
  readonly freeFit: FitResult;
  readonly fixedFit: FitResult;
}

/** Options shared by the test statistics. */
export interface TestStatOptions {
  /** POI bounds of the free fit. @default the model's; the tilde statistics force the lower bound to 0 */
  poiBounds?: readonly [number, number];
  /** A free fit already done with the same bounds and data (skips refitting). */
  freeFit?: FitResult;
  /** Starting point for the conditional fit. @default model init */
  fixedInit?: Float64Array;
  fit?: FitOptions;
}

/** Tolerance on −2 ln λ below which a negative value is minimiser noise (−2lnL units). */
const NEGATIVE_TMU_TOLERANCE = 1e-4;

/** POI bounds used by a statistic. */
export function poiBoundsFor(model: StatModel, name: TestStatName, override?: readonly [number, number]): [number, number] {
  const i = requirePoi(model);
  const lo = override?.[0] ?? model.params.lo[i];
  const hi = override?.[1] ?? model.params.hi[i];
  if (name === 'tmuTilde' || name === 'qmuTilde') return [0, Math.max(hi, 0)];
  return [lo, hi];
}

/** The free fit with the POI bounds of `name` (reuse it across μ values). */
export function freeFitFor(model: StatModel, data: ObservedData, name: TestStatName, opts: TestStatOptions = {}): FitResult {
  const i = requirePoi(model);
  const poi = model.params.names[i];
  const bounds = poiBoundsFor(model, name, opts.poiBounds);
  const init = Float64Array.from(opts.fit?.init ?? model.params.init);
  init[i] = Math.min(bounds[1], Math.max(bounds[0], init[i]));
  return fit(model, data, { hesse: false, ...opts.fit, init, release: [poi], bounds: { ...opts.fit?.bounds, [poi]: bounds } });
}

/**
 * The shared core: −2 ln λ(μ) from a conditional fit at μ and a free fit (1007.1727 eq. 7–8).
 * @returns statistic result with name `name` but no one-sided clipping applied
 */
export function profileLikelihoodRatio(model: StatModel, data: ObservedData, mu: number, name: TestStatName, opts: TestStatOptions = {}): TestStatResult {
  const i = requirePoi(model);
  if (model.params.fixed[i]) {
    throw new InvalidModel(`POI "${model.params.names[i]}" is fixed, which makes profile-likelihood-ratio inference impossible; unfix it`);
  }
  let freeFit = opts.freeFit ?? freeFitFor(model, data, name, opts);
  const fixedFit = fixedPoiFit(model, data, mu, { ...opts.fit, init: opts.fixedInit ?? opts.fit?.init });
  let t = fixedFit.twiceNll - freeFit.twiceNll;
  if (t < 0) {
    const [lo, hi] = poiBoundsFor(model, name, opts.poiBounds);
    if (t < -NEGATIVE_TMU_TOLERANCE && mu >= lo && mu <= hi) freeFit = fixedFit; // the free fit missed the global minimum
    t = 0;
  }
  return { name, mu, value: t, tmu: t, muHat: freeFit.bestfit[i], freeFit, fixedFit };
}

/** t_μ = −2 ln λ(μ) (1007.1727 eq. 8). */
export function tmu(model: StatModel, data: ObservedData, mu: number, opts: TestStatOptions = {}): TestStatResult {
  return profileLikelihoodRatio(model, data, mu, 'tmu', opts);
}

/** t̃_μ: −2 ln λ̃(μ) with μ̂ ≥ 0 (1007.1727 eq. 10–11). */
export function tmuTilde(model: StatModel, data: ObservedData, mu: number, opts: TestStatOptions = {}): TestStatResult {
  return profileLikelihoodRatio(model, data, mu, 'tmuTilde', opts);
}

/** q_μ: t_μ for μ̂ ≤ μ, else 0 (1007.1727 eq. 14). */
export function qmu(model: StatModel, data: ObservedData, mu: number, opts: TestStatOptions = {}): TestStatResult {
  const r = profileLikelihoodRatio(model, data, mu, 'qmu', opts);
  return { ...r, value: r.muHat > mu ? 0 : r.tmu };
}

/** q̃_μ: t̃_μ for μ̂ ≤ μ, else 0, with μ̂ clipped at the lower bound 0 (1007.1727 eq. 16). */
export function qmuTilde(model: StatModel, data: ObservedData, mu: number, opts: TestStatOptions = {}): TestStatResult {
  const r = profileLikelihoodRatio(model, data, mu, 'qmuTilde', opts);
  return { ...r, value: r.muHat > mu ? 0 : r.tmu };
}

/** q_0: −2 ln λ(0) for μ̂ ≥ 0, else 0 (1007.1727 eq. 12). */
export function q0(model: StatModel, data: ObservedData, opts: TestStatOptions = {}): TestStatResult {
  const r = profileLikelihoodRatio(model, data, 0, 'q0', opts);
  return { ...r, value: r.muHat < 0 ? 0 : r.tmu };
}

/** Evaluate a statistic by name. */
export function testStatistic(name: TestStatName, model: StatModel, data: ObservedData, mu: number, opts: TestStatOptions = {}): TestStatResult {
  switch (name) {
    case 'tmu':
      return tmu(model, data, mu, opts);
    case 'tmuTilde':
      return tmuTilde(model, data, mu, opts);
    case 'qmu':
      return qmu(model, data, mu, opts);
    case 'qmuTilde':
      return qmuTilde(model, data, mu, opts);
    case 'q0':
      return q0(model, data, opts);
    default: {
      const never: never = name;
      throw new InvalidModel(`unknown test statistic ${String(never)}`);
    }
  }
}
