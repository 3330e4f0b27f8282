/**
 * Asymptotic calculator (Wald approximation, arXiv:1007.1727 §3–5) with the Asimov data set (§3.2).
 *
 * Asimov data for a test at μ: the expected main counts and auxiliary data at the conditional fit of
 * the observed data with the POI at μ' (μ' = 0 for limits, μ' = 1 for discovery sensitivity), as pyhf.
 * σ of μ̂ follows from the Asimov statistic: (μ − μ')²/σ² = q_μ,A (eq. 29–32).
 *
 * p-values are computed in the space of the variable t, which is standard normal under the
 * background-only hypothesis and N(−√q_μ,A, 1) under μ (the convention of ROOT's AsymptoticCalculator
 * and pyhf):
 *   q_μ:  t = √q_μ − √q_μ,A                                     (from eq. 59)
 *   q̃_μ:  t = √q̃_μ − √q_μ,A                 for q̃_μ ≤ q_μ,A
 *         t = (q̃_μ − q_μ,A) / (2 √q_μ,A)     for q̃_μ > q_μ,A    (from eq. 64–66)
 *   CL_{s+b} = p_μ = 1 − Φ(t + √q_μ,A),  CL_b = 1 − p_b = 1 − Φ(t),  CL_s = CL_{s+b}/CL_b.
 * Expected values at nσ = −2…+2 evaluate the same formulas at t = −nσ (the background-only median
 * shifted by nσ), so index 0 (−2σ) has the smallest expected CL_s — pyhf's ordering.
 */
import { erfcx, normalSf } from '../distributions/index.js';
import type { ObservedData, StatModel } from '../types.js';
import { checkData, fixedPoiFit, requirePoi, type FitOptions, type FitResult } from './mle.js';
import { freeFitFor, profileLikelihoodRatio, type TestStatName } from './teststat.js';

/** Test statistics the asymptotic calculator supports for limits. */
export type LimitTestStat = 'qmuTilde' | 'qmu';

/** The five expected-band positions, −2σ … +2σ. */
export const N_SIGMA: readonly number[] = [-2, -1, 0, 1, 2];

/** CL values of the expected band at nσ = −2…+2. */
export interface ExpectedCls {
  readonly nSigma: readonly number[];
  readonly clsb: readonly number[];
  readonly clb: readonly number[];
  readonly cls: readonly number[];
}

/** p-values for one value of t. */
export interface AsymptoticPValues {
  /** The statistic in t-space (standard normal under background-only). */
  readonly teststat: number;
  readonly clsb: number;
  readonly clb: number;
  readonly cls: number;
}

/** Map observed √q and Asimov √q_A to t (see module comment). */
export function asymptoticTeststat(sqrtQ: number, sqrtQA: number, testStat: LimitTestStat): number {
  if (testStat === 'qmu' || sqrtQ <= sqrtQA) return sqrtQ - sqrtQA;
  return (sqrtQ * sqrtQ - sqrtQA * sqrtQA) / (2 * sqrtQA);
}

/**
 * CL_{s+b}, CL_b, CL_s at t given √q_μ,A. With q_μ,A = 0 (no sensitivity) CL_s = 1. Far in the tail (t ≳ 38) CL_b
 * underflows to 0; CL_s = Q(t + a)/Q(t) then comes from Q(x) = ½ e^{−x²/2} erfcx(x/√2):
 * CL_s = e^{−a(2t + a)/2} erfcx((t + a)/√2) / erfcx(t/√2), which tends to 0 as the statistic grows.
 */
export function asymptoticPValues(t: number, sqrtQA: number): AsymptoticPValues {
  const clsb = normalSf(t + sqrtQA);
  const clb = normalSf(t);
  let cls = 1;
  if (sqrtQA > 0) cls = clb > 0 ? clsb / clb : Math.exp(-0.5 * sqrtQA * (2 * t + sqrtQA)) * (erfcx((t + sqrtQA) / Math.SQRT2) / erfcx(t / Math.SQRT2));
  return { teststat: t, clsb, clb, cls };
}

/** Expected CL values at nσ = −2…+2 for a given √q_μ,A. */
export function asymptoticExpected(sqrtQA: number): ExpectedCls {
  const ps = N_SIGMA.map((n) => asymptoticPValues(-n, sqrtQA));
  return { nSigma: N_SIGMA, clsb: ps.map((p) => p.clsb), clb: ps.map((p) => p.clb), cls: ps.map((p) => p.cls) };
}

/** Asimov data at a parameter point: expected main counts and the aux data the constraints would measure. */
export function asimovDataAt(model: StatModel, pars: Float64Array): ObservedData {
  const main = new Float64Array(model.nBins);
  const aux = new Float64Array(model.nAux);
  model.expected(pars, main);
  model.asimovAux(pars, aux);
  return { main, aux };
}

/** Asimov data with the POI at `mu` and nuisance parameters from the conditional fit to `data`. */
export function asimovDataForPoi(model: StatModel, data: ObservedData, mu: number, fitOpts: FitOptions = {}): { data: ObservedData; nuisanceFit: FitResult } {
  const nuisanceFit = fixedPoiFit(model, data, mu, fitOpts);
  return { data: asimovDataAt(model, nuisanceFit.bestfit), nuisanceFit };
}

/** Result of an asymptotic CLs test at one POI value. */
export interface AsymptoticTest {
  readonly mu: number;
  readonly testStat: LimitTestStat;
  /** Observed q_μ or q̃_μ. */
  readonly q: number;
  /** The same statistic on the background-only Asimov data. */
  readonly qAsimov: number;
  readonly teststat: number;
  readonly clsb: number;
  readonly clb: number;
  readonly cls: number;
  readonly expected: ExpectedCls;
  /** μ̂ of the observed free fit. */
  readonly muHat: number;
  /** True when every fit converged. */
  readonly valid: boolean;
  readonly messages: readonly string[];
  readonly fits: { readonly free: FitResult; readonly fixed: FitResult; readonly asimovFree: FitResult; readonly asimovFixed: FitResult; readonly asimovNuisance: FitResult };
}

/** Options of the asymptotic calculator. */
export interface AsymptoticOptions {
  /** @default 'qmuTilde' */
  testStat?: LimitTestStat;
  /** POI bounds of the free fits (q̃ forces the lower bound to 0). @default model bounds */
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
}

/**
 * Asymptotic CLs calculator for one model and data set. μ-independent fits (observed free fit,
 * background-only Asimov data and its free fit) are computed once on first use; `test(mu)` can be
 * called in any order.
 */
export class AsymptoticCalculator {
  readonly testStat: LimitTestStat;
  private freeObs: FitResult | null = null;
  private asimov: { data: ObservedData; nuisanceFit: FitResult; freeFit: FitResult } | null = null;

  constructor(
    readonly model: StatModel,
    readonly data: ObservedData,
    readonly options: AsymptoticOptions = {},
  ) {
    checkData(model, data);
    requirePoi(model);
    this.testStat = options.testStat ?? 'qmuTilde';
  }

  /** Background-only Asimov data (POI 0, nuisances from the conditional fit to the observed data). */
  asimovData(): ObservedData {
    return this.getAsimov().data;
  }

  private getFreeObs(): FitResult {
    this.freeObs ??= freeFitFor(this.model, this.data, this.testStat, { poiBounds: this.options.poiBounds, fit: this.options.fit });
    return this.freeObs;
  }

  private getAsimov(): { data: ObservedData; nuisanceFit: FitResult; freeFit: FitResult } {
    if (!this.asimov) {
      const a = asimovDataForPoi(this.model, this.data, 0, this.options.fit);
      const freeFit = freeFitFor(this.model, a.data, this.testStat, { poiBounds: this.options.poiBounds, fit: { ...this.options.fit, init: a.nuisanceFit.bestfit } });
      this.asimov = { ...a, freeFit };
    }
    return this.asimov;
  }

  /** CLs test at POI value `mu` (observed and expected). */
  test(mu: number): AsymptoticTest {
    const name: TestStatName = this.testStat;
    const free = this.getFreeObs();
    const obs = profileLikelihoodRatio(this.model, this.data, mu, name, { poiBounds: this.options.poiBounds, freeFit: free, fit: this.options.fit, fixedInit: free.bestfit });
    const a = this.getAsimov();
    const asi = profileLikelihoodRatio(this.model, a.data, mu, name, { poiBounds: this.options.poiBounds, freeFit: a.freeFit, fit: this.options.fit, fixedInit: a.nuisanceFit.bestfit });
    // One-sided: q = 0 when μ̂ > μ (eq. 14, 16).
    const q = obs.muHat > mu ? 0 : obs.tmu;
    const qA = asi.muHat > mu ? 0 : asi.tmu;
    const sqrtQ = Math.sqrt(q);
    const sqrtQA = Math.sqrt(qA);
    const t = sqrtQA > 0 ? asymptoticTeststat(sqrtQ, sqrtQA, this.testStat) : sqrtQ;
    const p = asymptoticPValues(t, sqrtQA);
    const fits = { free: obs.freeFit, fixed: obs.fixedFit, asimovFree: asi.freeFit, asimovFixed: asi.fixedFit, asimovNuisance: a.nuisanceFit };
    const messages: string[] = [];
    for (const [k, f] of Object.entries(fits)) if (!f.status.converged) messages.push(`${k} fit: ${f.status.message}`);
    return {
      mu,
      testStat: this.testStat,
      q,
      qAsimov: qA,
      teststat: p.teststat,
      clsb: p.clsb,
      clb: p.clb,
      cls: p.cls,
      expected: asymptoticExpected(sqrtQA),
      muHat: obs.muHat,
      valid: messages.length === 0,
      messages,
      fits,
    };
  }
}

/** Observed and median expected discovery significance. */
export interface DiscoveryResult {
  /** Observed q_0 (eq. 12). */
  readonly q0: number;
  /** Observed significance Z_0 = √q_0 (eq. 53). */
  readonly z: number;
  /** Observed p-value p_0 = 1 − Φ(√q_0) (eq. 52–53). */
  readonly p0: number;
  /** q_0 on the Asimov data generated at μ' = muAsimov. */
  readonly q0Asimov: number;
  /** Median expected significance √q_0,A (eq. 97 for a counting experiment). */
  readonly zExpected: number;
  readonly p0Expected: number;
  readonly muAsimov: number;
  readonly muHat: number;
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/**
 * Discovery significance with q_0 and the median expected (Asimov) significance for signal strength
 * `muAsimov` (nuisances from the conditional fit to the data at μ = muAsimov, as pyhf).
 */
export function discoverySignificance(model: StatModel, data: ObservedData, opts: { muAsimov?: number; poiBounds?: readonly [number, number]; fit?: FitOptions } = {}): DiscoveryResult {
  checkData(model, data);
  const muAsimov = opts.muAsimov ?? 1;
  const obs = profileLikelihoodRatio(model, data, 0, 'q0', { poiBounds: opts.poiBounds, fit: opts.fit });
  const q0v = obs.muHat < 0 ? 0 : obs.tmu;
  const a = asimovDataForPoi(model, data, muAsimov, opts.fit);
  const asi = profileLikelihoodRatio(model, a.data, 0, 'q0', { poiBounds: opts.poiBounds, fit: { ...opts.fit, init: a.nuisanceFit.bestfit } });
  const q0A = asi.muHat < 0 ? 0 : asi.tmu;
  const messages: string[] = [];
  for (const [k, f] of Object.entries({ free: obs.freeFit, fixed: obs.fixedFit, asimovNuisance: a.nuisanceFit, asimovFree: asi.freeFit, asimovFixed: asi.fixedFit })) {
    if (!f.status.converged) messages.push(`${k} fit: ${f.status.message}`);
  }
  return {
    q0: q0v,
    z: Math.sqrt(q0v),
    p0: normalSf(Math.sqrt(q0v)),
    q0Asimov: q0A,
    zExpected: Math.sqrt(q0A),
    p0Expected: normalSf(Math.sqrt(q0A)),
    muAsimov,
    muHat: obs.muHat,
    valid: messages.length === 0,
    messages,
  };
}

