/**
 * Upper limits on the POI in the asymptotic approximation: the μ where CL(μ) = α = 1 − CL (CL = CL_s, A. L. Read,
 * J. Phys. G 28 (2002) 2693, or CL_{s+b}), for the observed CL and each of the five expected-band curves
 * (Cowan, Cranmer, Gross, Vitells, arXiv:1007.1727). One API, `upperLimit(model, data, opts)`, two paths:
 *
 *  - `method: 'reference'` (default): bracketing and Brent root finding on the CL(μ) curves of full hypothesis tests
 *    (AsymptoticCalculator: free and conditional fits of the data and of the background-only Asimov data at every
 *    μ). Hypothesis tests are cached by μ, so the six root searches share evaluations.
 *  - `method: 'fast'`: q̃_μ only. q_μ,A(μ) is 0 at μ = 0 and nearly ∝ μ², so each expected limit is a Brent root of
 *    √q_μ,A(μ) = s_n, with s_n solved once from the asymptotic CL formula for band n; the observed limit is a Brent
 *    root of the observed CL. Every conditional fit is warm-started from the previous one, the Asimov minimum is
 *    the background-only point itself (−2lnL there, no free Asimov fit), and when `dataIsAsimov` the observed limit
 *    is the expected median (one set of fits). The background-only point (μ = 0, nuisances from the conditional
 *    fit to the data) can be given (`backgroundPars`), e.g. shared by many signal models.
 *    Tested against the reference path (test/stats/infer/upperlimit.test.ts).
 *
 * Both paths apply the "free fit missed the minimum" correction of teststat.ts: a conditional fit lower than the
 * free fit replaces it. Every result carries a `status`:
 *  - 'ok';
 *  - 'not-converged': some fit or root search did not converge (values are reported, but not to be trusted);
 *  - 'excluded-all': CL_{s+b} < α already as μ → 0 (a downward fluctuation of the data; a known CL_{s+b} property):
 *    the root lies below 1 % of σ_μ, where the statistics are numerical noise; the observed limit is reported as 0;
 *  - 'failed': no limit found (no bracket); the value is NaN.
 */
import { brent } from '../optimize/index.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidModel, InvalidParameters } from '../../util/errors.js';
import { asimovDataAt, asymptoticExpected, asymptoticPValues, asymptoticTeststat, AsymptoticCalculator, type LimitTestStat } from './asymptotic.js';
import { fromAsymptotic, type HypotestResult } from './hypotest.js';
import { fixedPoiFit, requirePoi, type FitOptions, type FitResult } from './mle.js';
import { freeFitFor, poiBoundsFor } from './teststat.js';

/** CL used for the limit: CL_s (default) or CL_{s+b}. */
export type LimitKind = 'cls' | 'clsb';

/** Health of a limit (see the module comment). FC limits add 'no-accepted-point' and 'toys-failed' (fc.ts). */
export type LimitStatus = 'ok' | 'not-converged' | 'excluded-all' | 'no-accepted-point' | 'toys-failed' | 'failed';

/** Options of `upperLimit`. */
export interface UpperLimitOptions {
  /** Confidence level (the analyses use 0.90). @default 0.95 */
  cl?: number;
  /** @default 'qmuTilde' */
  testStat?: LimitTestStat;
  /**
   * Initial bracket [lo, hi] of the POI, with max(POI lower bound, 0) < lo < hi; extended (halving towards that lower end,
   * doubling the upper) until it brackets every curve. @default from the POI bounds
   */
  bracket?: readonly [number, number];
  /** Relative tolerance on the limits. @default 1e-4 */
  rtol?: number;
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
  /** 'reference' (hypothesis-test root finding) or 'fast' (see the module comment). @default 'reference' */
  method?: 'reference' | 'fast';
  /** @default 'cls' */
  kind?: LimitKind;
  /** Fast path: the background-only point (μ = 0, nuisances from the conditional fit to `data`). @default that fit */
  backgroundPars?: Float64Array;
  /** Fast path: `data` is the Asimov data set at backgroundPars (observed = expected median). @default false */
  dataIsAsimov?: boolean;
}

/** One evaluated point of the CL_s curves. */
export interface LimitPoint {
  readonly mu: number;
  readonly clsObs: number;
  readonly clsExp: readonly number[];
}

/** Observed and expected upper limits. */
export interface UpperLimitResult {
  readonly cl: number;
  readonly testStat: LimitTestStat;
  readonly calculator: 'asymptotic';
  readonly method: 'reference' | 'fast';
  readonly kind: LimitKind;
  /** Observed upper limit on the POI. */
  readonly observed: number;
  /** Expected limits at −2σ, −1σ, median, +1σ, +2σ. */
  readonly expected: readonly [number, number, number, number, number];
  /** Evaluated points, ascending in μ (reference path; empty for the fast path). */
  readonly points: readonly LimitPoint[];
  /** True when all six root searches converged and every fit converged. */
  readonly converged: boolean;
  readonly status: LimitStatus;
  readonly messages: readonly string[];
  /** Fits done (fast path; reference path: hypothesis tests × 5 fits). */
  readonly nFits: number;
}

const MAX_BRACKET_STEPS = 40;

/**
 * Upper limit on the POI at confidence level `cl` (CL_s by default).
 * @example upperLimit(model, data, { cl: 0.95 }).observed // pyhf hello-world: ≈ 1.01
 * @example upperLimit(model, data, { cl: 0.9, method: 'fast' }) // the same limits with far fewer fits
 */
export function upperLimit(model: StatModel, data: ObservedData, opts: UpperLimitOptions = {}): UpperLimitResult {
  const cl = opts.cl ?? 0.95;
  if (!(cl > 0 && cl < 1)) throw new InvalidParameters(`upperLimit: cl must be in (0, 1), got ${cl}`);
  if (opts.method === 'fast') return fastUpperLimit(model, data, { ...opts, cl });
  if (opts.method !== undefined && opts.method !== 'reference') throw new InvalidParameters(`upperLimit: method must be 'reference' or 'fast', got ${String(opts.method)}`);
  const kind: LimitKind = opts.kind ?? 'cls';
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
  const curve = (r: HypotestResult, k: number): number => (kind === 'cls' ? (k === 0 ? r.clsObs : r.clsExp[k - 1]) : k === 0 ? r.clsb : r.clsbExp[k - 1]!);
  const all = (r: HypotestResult): number[] => [0, 1, 2, 3, 4, 5].map((k) => curve(r, k));

  const poiLo = opts.poiBounds?.[0] ?? model.params.lo[ip];
  const poiHi = opts.poiBounds?.[1] ?? model.params.hi[ip];
  const base = Math.max(poiLo, 0);
  let lo = opts.bracket?.[0] ?? base + 0.05 * (poiHi - base);
  let hi = opts.bracket?.[1] ?? poiHi;
  if (!(lo > base) || !(hi > lo)) throw new InvalidParameters(`upperLimit: invalid bracket [${lo}, ${hi}] (must satisfy ${base} < lo < hi)`);
  // Curves still below α at the smallest bracket step are excluded down to μ = base (CL_{s+b}: a known property).
  const excludedAll = new Array<boolean>(6).fill(false);
  for (let k = 0; all(at(lo)).some((v, c) => v < alpha && !excludedAll[c]); k++) {
    if (k >= MAX_BRACKET_STEPS) {
      if (kind === 'cls') throw new InvalidParameters(`upperLimit: CLs < ${Number(alpha.toPrecision(6))} even at μ = ${lo}; the POI lower bound ${base} leaves no room for a limit`);
      all(at(lo)).forEach((v, c) => (excludedAll[c] = v < alpha));
      break;
    }
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
    if (excludedAll[k]) {
      limits.push(base);
      messages.push(`${k === 0 ? 'observed' : `expected ${k - 3}σ`}: CL_{s+b} < ${Number(alpha.toPrecision(6))} down to μ = ${lo}; limit at μ = ${base}`);
      continue;
    }
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
  // A CL_{s+b} root far below σ_μ is a root at μ = 0 (see EXCLUDED_ALL_FRACTION); σ_μ ≈ μ/√q_A at the evaluated
  // point nearest the expected median.
  if (kind === 'clsb' && !excludedAll[0] && Number.isFinite(limits[0])) {
    let sigma = NaN;
    let dist = Infinity;
    for (const r of cache.values()) {
      if (r.qAsimov !== null && r.qAsimov > 0 && Math.abs(r.mu - limits[3]!) < dist) {
        dist = Math.abs(r.mu - limits[3]!);
        sigma = r.mu / Math.sqrt(r.qAsimov);
      }
    }
    if (limits[0]! < EXCLUDED_ALL_FRACTION * sigma) {
      excludedAll[0] = true;
      messages.push(`observed: CL_{s+b} < ${Number(alpha.toPrecision(6))} down to μ = ${limits[0]!.toExponential(3)} (≪ σ_μ ≈ ${sigma.toPrecision(3)}); limit at μ = ${base}`);
      limits[0] = base;
    }
  }
  const fitsOk = [...cache.values()].every((r) => r.valid);
  const ok = converged && fitsOk;
  return {
    cl,
    testStat: calc.testStat,
    calculator: 'asymptotic',
    method: 'reference',
    kind,
    observed: limits[0],
    expected: [limits[1], limits[2], limits[3], limits[4], limits[5]],
    points,
    converged: ok,
    status: !Number.isFinite(limits[0]) ? 'failed' : excludedAll[0] ? 'excluded-all' : ok ? 'ok' : 'not-converged',
    messages,
    nFits: 5 * cache.size,
  };
}

// ---- fast path ---------------------------------------------------------------------------------------------------

/** The five expected-band positions, −2σ … +2σ. */
const N_SIGMA = [-2, -1, 0, 1, 2] as const;
const MAX_FAST_BRACKET_STEPS = 60;
/**
 * A CL_{s+b} root below this fraction of σ_μ is a root at μ = 0: there q_μ,A ≈ (μ/σ)² is below the fits' precision and
 * the CL curve is numerical noise (the asymptotic CL_{s+b} tends to Φ̄(−μ̂/σ) < α as μ → 0 for a deficit beyond 1.28σ).
 */
const EXCLUDED_ALL_FRACTION = 0.01;
/** −2lnL below which a conditional fit undercutting the reference minimum is minimiser noise (as teststat.ts). */
const MISSED_MINIMUM_TOLERANCE = 1e-4;

/** √q_A target of expected band i (0…4 ↔ −2σ…+2σ): solves CL(√q_A) = α on the asymptotic formulas; 0 when CL < α at √q_A = 0. */
function expectedTarget(kind: LimitKind, i: number, alpha: number): number {
  const f = (s: number): number => {
    const e = asymptoticExpected(s);
    return (kind === 'cls' ? e.cls[i]! : e.clsb[i]!) - alpha;
  };
  if (f(0) <= 0) return 0;
  let hi = 1;
  while (f(hi) > 0) hi *= 2;
  return brent(f, 0, hi, { rtol: 1e-12, xtol: 1e-14 }).x;
}

/**
 * The fits of the fast path and their bookkeeping: the background-only point, √q_A(μ) on the Asimov data and
 * √q̃_μ(μ) on the data (each cached per μ and warm-started from the previous fit), fit count, convergence, messages.
 */
class FastLimitFits {
  nFits = 0;
  converged = true;
  readonly messages: string[] = [];
  /** The background-only point (μ = 0). */
  readonly pars0: Float64Array;
  private readonly asimov: ObservedData;
  private readonly poiHi: number;
  private asimovMin: number;
  private warmA: Float64Array;
  private readonly qACache = new Map<number, number>();
  private free: FitResult | null = null;
  private warmO: Float64Array;
  private readonly qOCache = new Map<number, number>();

  constructor(
    private readonly model: StatModel,
    private readonly data: ObservedData,
    private readonly ip: number,
    private readonly fitOpts: FitOptions,
    readonly dataIsAsimov: boolean,
    backgroundPars: ArrayLike<number> | undefined,
  ) {
    let pars0: Float64Array;
    if (backgroundPars) {
      if (backgroundPars.length !== model.params.n) throw new InvalidParameters(`upperLimit: backgroundPars has length ${backgroundPars.length}, expected ${model.params.n}`);
      pars0 = Float64Array.from(backgroundPars);
    } else {
      const b = fixedPoiFit(model, data, 0, fitOpts);
      this.note('background-only fit', b);
      pars0 = Float64Array.from(b.bestfit);
    }
    pars0[ip] = 0;
    this.pars0 = pars0;
    this.poiHi = poiBoundsFor(model, 'qmuTilde')[1];
    this.asimov = dataIsAsimov ? data : asimovDataAt(model, pars0);
    this.asimovMin = model.twiceNll(pars0, this.asimov);
    this.warmA = pars0;
    this.warmO = pars0;
  }

  /** Count a fit and record it when it did not converge. */
  note(what: string, f: FitResult): void {
    this.nFits++;
    if (!f.status.converged) {
      this.converged = false;
      if (this.messages.length < 8) this.messages.push(`${what}: ${f.status.message}`);
    }
  }

  /** Conditional fit warm-started from `warm`; if it does not converge, once more from the background point. */
  private fixedFit(d: ObservedData, mu: number, warm: Float64Array): FitResult {
    const { model, fitOpts, pars0 } = this;
    let f = fixedPoiFit(model, d, mu, { ...fitOpts, init: warm });
    if (f.status.converged) return f;
    if (warm !== pars0) {
      const again = fixedPoiFit(model, d, mu, { ...fitOpts, init: pars0 });
      this.nFits++;
      if (again.status.converged) return again;
      if (again.twiceNll < f.twiceNll) f = again;
    }
    // Still not converged (e.g. the call limit of a many-parameter combination): continue once from the best point.
    const more = fixedPoiFit(model, d, mu, { ...fitOpts, init: f.bestfit });
    this.nFits++;
    return more.status.converged || more.twiceNll < f.twiceNll ? more : f;
  }

  /** √q_μ,A on the Asimov data of the background-only point. */
  sqrtQA(mu: number): number {
    let q = this.qACache.get(mu);
    if (q === undefined) {
      const f = this.fixedFit(this.asimov, mu, this.warmA);
      this.note(`Asimov fit at μ = ${mu}`, f);
      this.warmA = f.bestfit;
      if (f.twiceNll < this.asimovMin - MISSED_MINIMUM_TOLERANCE && mu >= 0 && mu <= this.poiHi) {
        // The background-only point is not the Asimov minimum: take the lower one (teststat.ts's correction).
        this.messages.push(`Asimov fit at μ = ${mu} is below the background-only point by ${(this.asimovMin - f.twiceNll).toExponential(3)}; the lower minimum is used`);
        this.asimovMin = f.twiceNll;
        this.qACache.clear();
      }
      q = Math.max(0, f.twiceNll - this.asimovMin);
      this.qACache.set(mu, q);
    }
    return Math.sqrt(q);
  }

  /** Observed √q̃_μ: free fit with μ̂ ≥ 0 (made on first use), conditional fits per μ. */
  sqrtQObs(mu: number): number {
    if (this.dataIsAsimov) return this.sqrtQA(mu);
    let free = this.free;
    if (!free) {
      free = freeFitFor(this.model, this.data, 'qmuTilde', { fit: { ...this.fitOpts, init: this.pars0 } });
      this.free = free;
      this.note('observed free fit', free);
      this.warmO = free.bestfit;
    }
    let q = this.qOCache.get(mu);
    if (q === undefined) {
      if (free.bestfit[this.ip]! > mu) q = 0;
      else {
        const f = this.fixedFit(this.data, mu, this.warmO);
        this.note(`observed fit at μ = ${mu}`, f);
        this.warmO = f.bestfit;
        if (f.twiceNll < free.twiceNll - MISSED_MINIMUM_TOLERANCE && mu >= 0 && mu <= this.poiHi) {
          // The free fit missed the global minimum: the conditional one takes its place (teststat.ts).
          this.messages.push(`free fit missed the minimum: the conditional fit at μ = ${mu} is lower by ${(free.twiceNll - f.twiceNll).toExponential(3)}; it replaces it`);
          free = f;
          this.free = f;
          this.qOCache.clear();
        }
        q = Math.max(0, f.twiceNll - free.twiceNll);
      }
      this.qOCache.set(mu, q);
    }
    return Math.sqrt(q);
  }

  /**
   * Root of g (negative below, positive above), bracketed around a guess by multiplicative steps; 'excluded' when
   * g > 0 down to μ ≈ 0 (CL_{s+b} only); NaN (recorded) when no bracket is found.
   */
  solve(g: (mu: number) => number, guess: number, what: string, kind: LimitKind, rtol: number): number | 'excluded' {
    let lo = guess / 1.25;
    let hi = guess * 1.25;
    let glo = g(lo);
    let ghi = g(hi);
    for (let k = 0; glo > 0 && k < MAX_FAST_BRACKET_STEPS; k++) {
      hi = lo;
      ghi = glo;
      lo /= 2;
      glo = g(lo);
    }
    if (glo > 0 && kind === 'clsb') return 'excluded';
    for (let k = 0; ghi < 0 && k < MAX_FAST_BRACKET_STEPS; k++) {
      lo = hi;
      glo = ghi;
      hi *= 2;
      ghi = g(hi);
    }
    if (glo > 0 || ghi < 0) {
      this.converged = false;
      this.messages.push(`${what}: no bracket found (g(${lo}) = ${glo}, g(${hi}) = ${ghi})`);
      return NaN;
    }
    const r = brent(g, lo, hi, { rtol, xtol: 1e-12 * hi, fa: glo, fb: ghi });
    if (!r.converged) {
      this.converged = false;
      this.messages.push(`${what}: ${r.message}`);
    }
    return r.x;
  }
}

/** A scale: the μ where √q_A is O(1), found from μ = 1 by factors of 4. */
function fastScalePoint(fits: FastLimitFits): { mu1: number; s1: number } {
  let mu1 = 1;
  let s1 = fits.sqrtQA(mu1);
  for (let k = 0; s1 < 0.05 && k < MAX_FAST_BRACKET_STEPS; k++) {
    mu1 *= 4;
    s1 = fits.sqrtQA(mu1);
  }
  if (!(s1 > 0)) throw new InvalidModel(`no sensitivity: q_μ,A = 0 up to μ = ${mu1}`);
  return { mu1, s1 };
}

/** The five expected limits (−2σ … +2σ): roots of √q_A(μ) = the band's target. */
function fastExpectedLimits(fits: FastLimitFits, kind: LimitKind, alpha: number, rtol: number, scale: { mu1: number; s1: number }): [number, number, number, number, number] {
  return N_SIGMA.map((n, i) => {
    const target = expectedTarget(kind, i, alpha);
    if (target === 0) {
      fits.messages.push(`expected ${n}σ: CL_{s+b} < ${Number(alpha.toPrecision(6))} at μ → 0; limit at μ = 0`);
      return 0;
    }
    // √q_A(μ) is ≈ linear in μ: the guess from the scale point is usually within a few per cent.
    const r = fits.solve((mu) => fits.sqrtQA(mu) - target, (scale.mu1 * target) / scale.s1, `expected ${n}σ limit`, kind, rtol);
    return r === 'excluded' ? 0 : r;
  }) as unknown as [number, number, number, number, number];
}

/** The observed limit (the expected median for Asimov data), and whether CL_{s+b} excludes everything. */
function fastObservedLimit(fits: FastLimitFits, kind: LimitKind, alpha: number, rtol: number, scale: { mu1: number; s1: number }, expectedMedian: number): { observed: number; excludedAll: boolean } {
  if (fits.dataIsAsimov) return { observed: expectedMedian, excludedAll: false };
  const { mu1, s1 } = scale;
  const clObs = (mu: number): number => {
    const sa = fits.sqrtQA(mu);
    const so = fits.sqrtQObs(mu);
    const t = sa > 0 ? asymptoticTeststat(so, sa, 'qmuTilde') : so;
    const p = asymptoticPValues(t, sa);
    return alpha - (kind === 'cls' ? p.cls : p.clsb);
  };
  const r = fits.solve(clObs, Number.isFinite(expectedMedian) ? expectedMedian : mu1, 'observed limit', kind, rtol);
  // σ_μ ≈ μ/√q_A (1007.1727 eq. 32) from the scale point.
  if (r === 'excluded' || (kind === 'clsb' && r < EXCLUDED_ALL_FRACTION * (mu1 / s1))) {
    fits.messages.push(`observed: CL_{s+b} < ${Number(alpha.toPrecision(6))} down to μ ≈ ${r === 'excluded' ? 0 : r.toExponential(3)} (≪ σ_μ ≈ ${(mu1 / s1).toPrecision(3)}: a downward fluctuation); limit at μ = 0`);
    return { observed: 0, excludedAll: true };
  }
  return { observed: r, excludedAll: false };
}

/** The fast path of {@link upperLimit} (see the module comment). */
function fastUpperLimit(model: StatModel, data: ObservedData, opts: UpperLimitOptions & { cl: number }): UpperLimitResult {
  const kind: LimitKind = opts.kind ?? 'cls';
  if ((opts.testStat ?? 'qmuTilde') !== 'qmuTilde') throw new InvalidParameters("upperLimit: method 'fast' supports testStat 'qmuTilde' only");
  if (opts.bracket || opts.poiBounds) throw new InvalidParameters("upperLimit: method 'fast' takes no bracket or poiBounds (it brackets from μ = 1 and uses μ̂ ≥ 0)");
  const ip = requirePoi(model);
  const alpha = 1 - opts.cl;
  const rtol = opts.rtol ?? 1e-4;
  const fits = new FastLimitFits(model, data, ip, opts.fit ?? {}, opts.dataIsAsimov ?? false, opts.backgroundPars);
  const scale = fastScalePoint(fits);
  const expected = fastExpectedLimits(fits, kind, alpha, rtol, scale);
  const { observed, excludedAll } = fastObservedLimit(fits, kind, alpha, rtol, scale, expected[2]);
  const finite = Number.isFinite(observed) && expected.every(Number.isFinite);
  const converged = fits.converged;
  return {
    cl: opts.cl,
    testStat: 'qmuTilde',
    calculator: 'asymptotic',
    method: 'fast',
    kind,
    observed,
    expected,
    points: [],
    converged,
    status: !finite ? 'failed' : excludedAll ? 'excluded-all' : converged ? 'ok' : 'not-converged',
    messages: fits.messages,
    nFits: fits.nFits,
  };
}
