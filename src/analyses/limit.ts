/**
 * Exclusion curves over the mediator mass: for each m_A′ of `config.limit.mass_MeV`, the upper limit on the DM signal
 * strength μ = mu_dm at the config CL, converted to Y = Y_ref·√μ (counts ∝ Y², assemble.ts yFromMu).
 *
 * Methods (config.limit.method):
 *  - `cls`  (default) CLs with q̃_μ in the asymptotic approximation (Cowan et al., arXiv:1007.1727; Read, J. Phys. G 28
 *           (2002) 2693), observed and expected ±1σ/±2σ;
 *  - `clsb` the same with CL_{s+b} = α;
 *  - `fc`   Feldman–Cousins (PRD 57 (1998) 3873) by toys on a μ grid with the config seed (t_μ ordering, μ̂ ≥ 0).
 *
 * Work per mass (the analytic coupling scaling means one template per mass and no template recomputation during root
 * finding; only μ changes):
 *  - the background-only fit (all nuisances free, μ = 0) does not depend on the signal shape: it is done once on the SM
 *    hypothesis model and mapped into every mass's parameter vector (exactly reusable, since at μ = 0 the DM sample
 *    contributes nothing); it gives the background-only Asimov data set of every mass;
 *  - for `data: asimov` configs the observations ARE that Asimov data set (nominal expectation), so observed = expected
 *    median and every fit is done once;
 *  - the free fit of the observed data depends on the signal shape and is redone per mass;
 *  - q_μ,A(μ) is 0 at μ = 0 and nearly ∝ μ², so the expected limits are found by Brent root finding on √q_μ,A(μ) = s_n
 *    with s_n from the asymptotic CLs formulas (a few conditional fits each, warm-started).
 * The generic `upperLimit` of src/stats/infer is the slow reference (test/analyses/limit.test.ts compares them).
 *
 * Parallelism: the masses are items of the one worker pool (src/stats/parallel/pool.ts) running `limitJob` of this
 * module: each lane (this thread + worker threads) builds the experiment and the background-only fit once, then
 * computes masses independently (no state shared between masses except that exactly reusable fit), so the merged
 * curve is identical for any worker count. `indices` restricts the curve to a slice of the grid (shards); the FC toy
 * streams depend on the global mass index only.
 */
import { brent } from '../stats/optimize/index.js';
import { asimovDataAt, asymptoticExpected, asymptoticPValues, asymptoticTeststat } from '../stats/infer/asymptotic.js';
import { fit, fixedPoiFit, requirePoi, type FitResult } from '../stats/infer/mle.js';
import { freeFitFor, tmu } from '../stats/infer/teststat.js';
import { auxLayout, quantileSorted, sampleTestStatistic, sampleToyData, upperTailFraction } from '../stats/infer/toys.js';
import { normalCdf } from '../stats/distributions/index.js';
import { Rng } from '../stats/rng.js';
import type { ObservedData, StatModel } from '../stats/types.js';
import { CevnsfitError, InvalidModel, InvalidSpecification } from '../util/errors.js';
import { assembleHypothesis, DM_POI, yFromMu } from './assemble.js';
import { expandGrid, type AnalysisConfig, type LimitConfig, type LoadedAnalysis } from './config.js';
import type { ExperimentAnalysis } from './types.js';
import { runPool, type PoolJob, type PoolOptions, type WorkerPool } from '../stats/parallel/pool.js';
import { buildExperiment } from './experiments/index.js';

export type LimitMethod = LimitConfig['method'];

/** Status of one mass point. */
export type LimitPointStatus = 'ok' | 'not-converged' | 'no-signal' | 'failed';

/** One point of an exclusion curve. μ is the DM signal strength of templates given at `referenceY`. */
export interface LimitPoint {
  readonly massMeV: number;
  readonly chiMassMeV: number;
  /** Observed upper limit on Y; null for Asimov (projection) data or when no limit exists. */
  readonly y_obs: number | null;
  /** Expected upper limits on Y at −2σ, −1σ, median, +1σ, +2σ; null when no limit exists. */
  readonly y_exp: readonly [number, number, number, number, number] | null;
  /** Observed upper limit on μ (for Asimov data: the median expected one); null when no limit exists. */
  readonly mu_obs: number | null;
  readonly mu_exp: readonly [number, number, number, number, number] | null;
  /** Y at which μ = 1 (the templates' reference coupling); null when no signal is possible. */
  readonly referenceY: number | null;
  /** Expected DM events in the signal channels at referenceY. */
  readonly referenceEvents: number | null;
  readonly status: LimitPointStatus;
  /** Why a point failed, has no signal or did not converge. */
  readonly message?: string;
}

/** Wall-clock timing of a limit computation (ms). */
export interface LimitTiming {
  readonly totalMs: number;
  readonly workers: number;
  /** Sum over masses of the per-mass compute time (template + limit), ms. */
  readonly massComputeMs: number;
}

/** An exclusion curve. */
export interface LimitCurve {
  readonly name: string;
  readonly experiment: string;
  readonly cl: number;
  readonly method: LimitMethod;
  readonly testStat: 'qmuTilde' | 'tmu';
  readonly data: AnalysisConfig['data'];
  /** Points in ascending mass order (the order of config.limit.mass_MeV). */
  readonly points: readonly LimitPoint[];
  readonly timing: LimitTiming;
}

/** Options of {@link computeLimits}. */
export interface LimitOptions {
  /** Lanes of the pool (this thread + worker threads). @default the cores not busy with other work (defaultLanes); 1 = this thread only */
  readonly workers?: number;
  /** Called after each mass with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Compiled pool worker. @default dist/stats/parallel/worker.js */
  readonly workerUrl?: URL;
  /** Worker threads to reuse (e.g. one pool for all curves of a `limit` command: modules load once per thread). */
  readonly pool?: WorkerPool;
  /** Compute only these indices of the mass grid (a shard's slice). @default all */
  readonly indices?: readonly number[];
  /** Experiment already built from `loaded.config` (in-thread only; saves the rebuild). */
  readonly experiment?: ExperimentAnalysis;
  /** Masses (MeV) instead of config.limit.mass_MeV. */
  readonly massesMeV?: ArrayLike<number>;
  /** Relative tolerance on μ of the root searches. @default 1e-4 */
  readonly rtol?: number;
}

/** Settings shared by all masses (serialisable, sent to workers). */
export interface MassSettings {
  readonly cl: number;
  readonly method: LimitMethod;
  readonly toys: number;
  readonly seed: number;
  readonly rtol: number;
}

function limitConfig(config: AnalysisConfig): LimitConfig {
  if (!config.signal) throw new InvalidSpecification('a limit needs a `signal` section (the DM model whose coupling is limited)', 'signal');
  return config.limit ?? { cl: 0.9, method: 'cls', mass_MeV: { from: 1, to: 300, n: 100, log: true }, toys: 200, seed: 1 };
}

/** The mass grid (MeV) of a config's limit (config.limit.mass_MeV, or the default grid): the items of a sharded limit. */
export function limitMassGrid(loaded: LoadedAnalysis): Float64Array {
  return expandGrid(limitConfig(loaded.config).mass_MeV);
}

// ---- asymptotic engine -------------------------------------------------------------------------------------------

/** Result of the limit search on one compiled model. */
export interface MuLimits {
  readonly observed: number;
  readonly expected: readonly [number, number, number, number, number];
  readonly converged: boolean;
  readonly messages: readonly string[];
  /** Number of conditional fits done. */
  readonly nFits: number;
}

/** Inputs of {@link asymptoticMuLimits}. */
export interface AsymptoticLimitInputs {
  readonly model: StatModel;
  readonly data: ObservedData;
  /** Background-only parameter point (μ = 0, nuisances from the conditional fit to `data`). */
  readonly backgroundPars: Float64Array;
  /** True when `data` is itself the Asimov data set at backgroundPars (then observed = expected median). */
  readonly dataIsAsimov: boolean;
  readonly cl: number;
  readonly kind: 'cls' | 'clsb';
  readonly rtol?: number;
}

const N_SIGMA = [-2, -1, 0, 1, 2] as const;
const MAX_BRACKET_STEPS = 60;

/** √q_A target of expected band n (index 0…4 ↔ −2σ…+2σ): solves CL(√q_A) = α on the asymptotic formulas. */
function expectedTarget(kind: 'cls' | 'clsb', i: number, alpha: number): number {
  const f = (s: number): number => {
    const e = asymptoticExpected(s);
    return (kind === 'cls' ? e.cls[i]! : e.clsb[i]!) - alpha;
  };
  // CL_{s+b} can be below α already at √q_A = 0 (upward fluctuations exclude μ → 0): the limit is then μ = 0.
  if (f(0) <= 0) return 0;
  let hi = 1;
  while (f(hi) > 0) hi *= 2;
  const r = brent(f, 0, hi, { rtol: 1e-12, xtol: 1e-14 });
  return r.x;
}

/**
 * Asymptotic CLs (or CL_{s+b}) upper limits on the POI of `model` (q̃_μ): observed and the five expected-band values.
 * Fits: one free fit of the data (unless dataIsAsimov) and conditional fits at the μ values the root searches visit.
 */
export function asymptoticMuLimits(inp: AsymptoticLimitInputs): MuLimits {
  const { model, data, kind } = inp;
  const ip = requirePoi(model);
  const alpha = 1 - inp.cl;
  const rtol = inp.rtol ?? 1e-4;
  const messages: string[] = [];
  let nFits = 0;
  let converged = true;
  const note = (what: string, f: FitResult): void => {
    nFits++;
    if (!f.status.converged) {
      converged = false;
      if (messages.length < 8) messages.push(`${what}: ${f.status.message}`);
    }
  };
  const pars0 = Float64Array.from(inp.backgroundPars);
  pars0[ip] = 0;
  /** Conditional fit warm-started from `warm`; if it does not converge, once more from the background point. */
  const fixedFit = (d: ObservedData, mu: number, warm: Float64Array): FitResult => {
    const f = fixedPoiFit(model, d, mu, { init: warm });
    if (f.status.converged || warm === pars0) return f;
    const again = fixedPoiFit(model, d, mu, { init: pars0 });
    nFits++;
    return again.status.converged || again.twiceNll < f.twiceNll ? again : f;
  };
  const asimov = inp.dataIsAsimov ? data : asimovDataAt(model, pars0);
  const asimovMin = model.twiceNll(pars0, asimov);
  let warmA: Float64Array = pars0;
  const qACache = new Map<number, number>();
  const sqrtQA = (mu: number): number => {
    let q = qACache.get(mu);
    if (q === undefined) {
      const f = fixedFit(asimov, mu, warmA);
      note(`Asimov fit at μ = ${mu}`, f);
      warmA = f.bestfit;
      q = Math.max(0, f.twiceNll - asimovMin);
      qACache.set(mu, q);
    }
    return Math.sqrt(q);
  };

  // Observed free fit (q̃: μ̂ ≥ 0) and q̃_μ.
  let free: FitResult | null = null;
  let warmO: Float64Array = pars0;
  const qOCache = new Map<number, number>();
  const sqrtQObs = (mu: number): number => {
    if (inp.dataIsAsimov) return sqrtQA(mu);
    if (!free) {
      free = freeFitFor(model, data, 'qmuTilde', { fit: { init: pars0 } });
      note('observed free fit', free);
      warmO = free.bestfit;
    }
    let q = qOCache.get(mu);
    if (q === undefined) {
      const muHat = free.bestfit[ip]!;
      if (muHat > mu) q = 0;
      else {
        const f = fixedFit(data, mu, warmO);
        note(`observed fit at μ = ${mu}`, f);
        warmO = f.bestfit;
        q = Math.max(0, f.twiceNll - free.twiceNll);
      }
      qOCache.set(mu, q);
    }
    return Math.sqrt(q);
  };

  // A scale: the μ where √q_A = 1 (≈ σ_μ), found from μ = 1 (templates give O(10) events at μ = 1).
  let mu1 = 1;
  let s1 = sqrtQA(mu1);
  for (let k = 0; s1 < 0.05 && k < MAX_BRACKET_STEPS; k++) {
    mu1 *= 4;
    s1 = sqrtQA(mu1);
  }
  if (!(s1 > 0)) throw new InvalidModel(`no sensitivity: q_μ,A = 0 up to μ = ${mu1}`);

  /** Root of g(μ) = 0 for g decreasing→increasing sign change, bracketed around a guess by multiplicative steps. */
  const solve = (g: (mu: number) => number, guess: number, what: string): number => {
    let lo = guess / 1.25;
    let hi = guess * 1.25;
    let glo = g(lo);
    let ghi = g(hi);
    for (let k = 0; glo > 0 && k < MAX_BRACKET_STEPS; k++) {
      hi = lo;
      ghi = glo;
      lo /= 2;
      glo = g(lo);
    }
    // CL_{s+b} < α down to μ ≈ 0: everything is excluded (a known CL_{s+b} property), the limit is 0.
    if (glo > 0 && kind === 'clsb') return 0;
    for (let k = 0; ghi < 0 && k < MAX_BRACKET_STEPS; k++) {
      lo = hi;
      glo = ghi;
      hi *= 2;
      ghi = g(hi);
    }
    if (glo > 0 || ghi < 0) {
      converged = false;
      messages.push(`${what}: no bracket found (g(${lo}) = ${glo}, g(${hi}) = ${ghi})`);
      return NaN;
    }
    const r = brent(g, lo, hi, { rtol, xtol: 1e-12 * hi, fa: glo, fb: ghi });
    if (!r.converged) {
      converged = false;
      messages.push(`${what}: ${r.message}`);
    }
    return r.x;
  };

  const expected = N_SIGMA.map((n, i) => {
    const target = expectedTarget(kind, i, alpha);
    if (target === 0) return 0;
    // √q_A(μ) is ≈ linear in μ: the guess from the scale point is usually within a few per cent.
    return solve((mu) => sqrtQA(mu) - target, (mu1 * target) / s1, `expected ${n}σ limit`);
  }) as unknown as [number, number, number, number, number];

  let observed: number;
  if (inp.dataIsAsimov) observed = expected[2];
  else {
    const clObs = (mu: number): number => {
      const sa = sqrtQA(mu);
      const so = sqrtQObs(mu);
      const t = sa > 0 ? asymptoticTeststat(so, sa, 'qmuTilde') : so;
      const p = asymptoticPValues(t, sa);
      return alpha - (kind === 'cls' ? p.cls : p.clsb);
    };
    observed = solve(clObs, Number.isFinite(expected[2]) ? expected[2] : mu1, 'observed limit');
  }
  return { observed, expected, converged, messages, nFits };
}

// ---- Feldman–Cousins ---------------------------------------------------------------------------------------------

/** Inputs of {@link feldmanCousinsMuLimits}. */
export interface FcLimitInputs {
  readonly model: StatModel;
  readonly data: ObservedData;
  readonly backgroundPars: Float64Array;
  readonly cl: number;
  readonly nToys: number;
  readonly seed: number;
  /** First RNG stream (distinct per mass so results do not depend on the worker split). */
  readonly streamOffset: number;
  /** Largest μ of the grid. */
  readonly muMax: number;
  /** Grid points. @default 21 */
  readonly nGrid?: number;
  /** Background-only pseudo-experiments for the expected band. @default min(nToys, 100) */
  readonly nBackgroundToys?: number;
}

/** Streams used per mass by {@link feldmanCousinsMuLimits} with the given settings. */
export function fcStreamsPerMass(nToys: number, nGrid = 21, nBackgroundToys = Math.min(nToys, 100), nRefine = FC_REFINE_STEPS): number {
  // toy blocks of nToys streams: the grid's, then the background pseudo-experiments (rounded up to whole blocks), then refinement
  return (nGrid + Math.ceil(nBackgroundToys / Math.max(1, nToys)) + nRefine) * nToys;
}

/** Bisection steps that refine the observed FC upper limit inside its grid interval (each costs one toy ensemble). */
const FC_REFINE_STEPS = 6;

export function feldmanCousinsMuLimits(inp: FcLimitInputs): MuLimits {
  const { model, data, cl, nToys, seed } = inp;
  const ip = requirePoi(model);
  const nGrid = inp.nGrid ?? 21;
  const nB = inp.nBackgroundToys ?? Math.min(nToys, 100);
  const grid = new Float64Array(nGrid);
  for (let k = 0; k < nGrid; k++) grid[k] = (inp.muMax * k) / (nGrid - 1);
  const messages: string[] = [];
  let nFits = 0;
  let failedToys = 0;
  /**
   * Toy distribution of t_μ under μ (nuisances from the conditional fit to the data), from toy stream block `block`,
   * sorted. FC acceptance of μ for data with statistic t_obs: P(t ≥ t_obs | μ) > 1 − cl, ties included — this is the
   * discrete Neyman construction with likelihood-ratio ordering (the outcome that crosses the CL is kept in the
   * acceptance region), which reproduces the FC tables for Poisson counts (e.g. n = 3, b = 0 → [1.10, 7.42]).
   */
  const toyDistribution = (mu: number, block: number): Float64Array => {
    const gen = fixedPoiFit(model, data, mu);
    nFits++;
    const s = sampleTestStatistic(model, gen.bestfit, mu, 'tmu', { nToys, seed, streamOffset: inp.streamOffset + block * nToys });
    nFits += 2 * nToys;
    failedToys += s.nFailed;
    return Float64Array.from(s.samples).sort();
  };
  const dists: Float64Array[] = [];
  for (let k = 0; k < nGrid; k++) dists.push(toyDistribution(grid[k]!, k));
  const tAt = (d: ObservedData, mu: number): number => {
    nFits += 2;
    return tmu(model, d, mu, { fit: { init: inp.backgroundPars } }).value;
  };
  /** g < 0 ⇔ μ accepted: (1 − cl) − P(t ≥ t_obs | μ), with a small tolerance so that toys equal to t_obs count as ties. */
  const gOf = (t: number, dist: Float64Array): number => 1 - cl - upperTailFraction(dist, t - 1e-7 * Math.max(1, Math.abs(t)));
  /**
   * Upper end of the FC interval for data `d`: where the LAST accepted grid point turns into rejection (the interval may
   * start above μ = 0), linearly interpolated in g. Returns the bracketing grid index too (−1 when there is none).
   */
  const upperOf = (d: ObservedData): { limit: number; k: number } => {
    const g = new Float64Array(nGrid);
    let last = -1;
    for (let k = 0; k < nGrid; k++) {
      g[k] = gOf(tAt(d, grid[k]!), dists[k]!);
      if (g[k]! < 0) last = k;
    }
    if (last < 0) return { limit: 0, k: -1 }; // nothing on the grid accepted: the interval lies below the first step
    if (last === nGrid - 1) return { limit: NaN, k: -1 }; // not excluded within the grid
    const k = last;
    return { limit: grid[k]! + ((grid[k + 1]! - grid[k]!) * -g[k]!) / (g[k + 1]! - g[k]!), k };
  };
  const obs = upperOf(data);
  let observed = obs.limit;
  if (obs.k >= 0) {
    // Refine inside [grid[k], grid[k+1]] by bisection with fresh toy ensembles at the midpoints (stream blocks after the
    // grid's and the background toys', so the result is reproducible and independent of the expected band).
    let lo = grid[obs.k]!;
    let hi = grid[obs.k + 1]!;
    let gLo = gOf(tAt(data, lo), dists[obs.k]!);
    let gHi = gOf(tAt(data, hi), dists[obs.k + 1]!);
    const firstRefineBlock = nGrid + Math.ceil(nB / Math.max(1, nToys));
    for (let j = 0; j < FC_REFINE_STEPS; j++) {
      const mid = 0.5 * (lo + hi);
      const gMid = gOf(tAt(data, mid), toyDistribution(mid, firstRefineBlock + j));
      if (gMid < 0) {
        lo = mid;
        gLo = gMid;
      } else {
        hi = mid;
        gHi = gMid;
      }
    }
    observed = gHi > gLo ? lo + ((hi - lo) * -gLo) / (gHi - gLo) : 0.5 * (lo + hi);
  }

  const layout = auxLayout(model);
  const ul: number[] = [];
  const bPars = Float64Array.from(inp.backgroundPars);
  bPars[ip] = 0;
  for (let i = 0; i < nB; i++) {
    const toy = sampleToyData(model, bPars, new Rng(seed, inp.streamOffset + nGrid * nToys + i), layout);
    ul.push(upperOf(toy).limit);
  }
  const finite = ul.filter(Number.isFinite).sort((a, b) => a - b);
  const expected = N_SIGMA.map((n) => quantileSorted(finite, normalCdf(n))) as unknown as [number, number, number, number, number];
  let converged = true;
  if (!Number.isFinite(observed) || finite.length < ul.length) {
    converged = false;
    messages.push(`μ grid [0, ${inp.muMax}] too small for ${ul.length - finite.length} pseudo-experiments${Number.isFinite(observed) ? '' : ' and the data'}`);
  }
  if (failedToys > 0) messages.push(`${failedToys} toys dropped (fits failed)`);
  return { observed, expected, converged, messages, nFits };
}

// ---- per-mass driver (in this thread) ----------------------------------------------------------------------------

/** Background-only fit on the SM model, shared by all masses: parameter values by name. */
export interface BackgroundFit {
  readonly values: ReadonlyMap<string, number>;
  readonly converged: boolean;
}

/** Background-only fit (all nuisances free; the DM sample absent ≡ μ = 0). For Asimov configs: the nominal point. */
export function backgroundOnlyFit(exp: ExperimentAnalysis, loaded: LoadedAnalysis): BackgroundFit {
  const sm = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const m = sm.model;
  if (exp.config.data === 'asimov') {
    return { values: new Map(m.params.names.map((n, i) => [n, m.params.init[i]!])), converged: true };
  }
  const f = fit(m, sm.data, { hesse: false });
  return { values: new Map(m.params.names.map((n, i) => [n, f.bestfit[i]!])), converged: f.status.converged };
}

function mapBackgroundPars(model: StatModel, bg: BackgroundFit): Float64Array {
  const p = Float64Array.from(model.params.init);
  model.params.names.forEach((n, i) => {
    if (n === DM_POI) p[i] = 0;
    else {
      const v = bg.values.get(n);
      if (v === undefined) throw new InvalidModel(`background-only fit has no parameter "${n}"`);
      p[i] = v;
    }
  });
  return p;
}

/** Result of one mass with its compute time (ms). */
interface MassResult {
  readonly index: number;
  readonly value: LimitPoint;
  readonly ms: number;
}

function computeMass(exp: ExperimentAnalysis, loaded: LoadedAnalysis, bg: BackgroundFit, massMeV: number, index: number, s: MassSettings): MassResult {
  const t0 = performance.now();
  const signal = exp.config.signal!;
  const chiMassMeV = massMeV / signal.chi_mass_ratio;
  const empty = (status: LimitPointStatus, message: string, referenceY: number | null = null, referenceEvents: number | null = null): LimitPoint => ({
    massMeV,
    chiMassMeV,
    y_obs: null,
    y_exp: null,
    mu_obs: null,
    mu_exp: null,
    referenceY,
    referenceEvents,
    status,
    message,
  });
  let point: LimitPoint;
  try {
    const tpl = exp.dmSignal(signal, massMeV);
    let events = 0;
    for (const t of tpl.perChannel.values()) for (let i = 0; i < t.length; i++) events += t[i]!;
    if (!(events > 0) || !Number.isFinite(tpl.referenceY)) {
      point = empty('no-signal', `no DM events expected at m_A' = ${massMeV.toPrecision(4)} MeV (production channels closed or recoils outside the region)`);
    } else {
      const a = assembleHypothesis(exp, 'dm', { massMeV, dmTemplates: tpl, parameterSets: loaded.parameterSets });
      const backgroundPars = mapBackgroundPars(a.model, bg);
      const dataIsAsimov = exp.config.data === 'asimov';
      let r: MuLimits;
      if (s.method === 'fc') {
        const asym = asymptoticMuLimits({ model: a.model, data: a.data, backgroundPars, dataIsAsimov, cl: s.cl, kind: 'clsb', rtol: 1e-3 });
        const muMax = 2 * Math.max(asym.expected[4], Number.isFinite(asym.observed) ? asym.observed : 0);
        r = feldmanCousinsMuLimits({ model: a.model, data: a.data, backgroundPars, cl: s.cl, nToys: s.toys, seed: s.seed, streamOffset: index * fcStreamsPerMass(s.toys), muMax });
      } else {
        r = asymptoticMuLimits({ model: a.model, data: a.data, backgroundPars, dataIsAsimov, cl: s.cl, kind: s.method, rtol: s.rtol });
      }
      const yRef = tpl.referenceY;
      const finite = Number.isFinite(r.observed) && r.expected.every(Number.isFinite);
      const msgs = [...(bg.converged ? [] : ['background-only fit did not converge']), ...r.messages];
      point = {
        massMeV,
        chiMassMeV: tpl.chiMassMeV,
        y_obs: dataIsAsimov || !Number.isFinite(r.observed) ? null : yFromMu(r.observed, yRef),
        y_exp: r.expected.every(Number.isFinite) ? (r.expected.map((m) => yFromMu(m, yRef)) as unknown as [number, number, number, number, number]) : null,
        mu_obs: Number.isFinite(r.observed) ? r.observed : null,
        mu_exp: r.expected.every(Number.isFinite) ? r.expected : null,
        referenceY: yRef,
        referenceEvents: events,
        status: !finite ? 'failed' : r.converged && bg.converged ? 'ok' : 'not-converged',
        ...(msgs.length > 0 ? { message: msgs.join('; ') } : {}),
      };
    }
  } catch (e) {
    if (!(e instanceof CevnsfitError)) throw e;
    point = empty('failed', e.message);
  }
  return { index, value: point, ms: performance.now() - t0 };
}

/** Set-up arguments of {@link limitJob} (structured-cloneable). */
export interface LimitJobArgs {
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly masses: Float64Array;
  readonly settings: MassSettings;
}
interface LimitJobContext {
  readonly exp: ExperimentAnalysis;
  readonly loaded: LoadedAnalysis;
  readonly bg: BackgroundFit;
  readonly masses: Float64Array;
  readonly settings: MassSettings;
}

function limitContext(exp: ExperimentAnalysis, loaded: LoadedAnalysis, masses: Float64Array, settings: MassSettings): LimitJobContext {
  return { exp, loaded, bg: backgroundOnlyFit(exp, loaded), masses, settings };
}

/** Pool job of exclusion curves: set-up builds the experiment and the background-only fit; one mass per item. */
export const limitJob: PoolJob<LimitJobArgs, LimitJobContext, LimitPoint> = {
  async setup(a) {
    const loaded: LoadedAnalysis = { config: a.config, file: a.file, parameterSets: new Map(a.parameterSets) };
    return limitContext(await buildExperiment(a.config), loaded, a.masses, a.settings);
  },
  run(c, i) {
    return computeMass(c.exp, c.loaded, c.bg, c.masses[i]!, i, c.settings).value;
  },
};

/**
 * Fewest masses per pool lane: a lane's set-up (module load, experiment build, background-only fit) costs about as
 * much as ~8 asymptotic masses (test/analyses/limit.bench.ts), so smaller grids run on fewer lanes.
 */
export const LIMIT_MIN_MASSES_PER_LANE = 8;

// ---- entry point -------------------------------------------------------------------------------------------------

/**
 * Exclusion curve of a loaded analysis config over its mass grid.
 * @returns points in mass order with Y limits (observed null for Asimov data), timing
 */
export async function computeLimits(loaded: LoadedAnalysis, opts: LimitOptions = {}): Promise<LimitCurve> {
  const t0 = performance.now();
  const config = loaded.config;
  const lc = limitConfig(config);
  const masses = opts.massesMeV ? Float64Array.from(opts.massesMeV) : expandGrid(lc.mass_MeV);
  for (let i = 0; i < masses.length; i++) {
    if (!(masses[i]! > 0)) throw new InvalidSpecification(`mass ${masses[i]} MeV is not positive`, 'limit.mass_MeV');
  }
  const settings: MassSettings = { cl: lc.cl, method: lc.method, toys: lc.toys, seed: lc.seed, rtol: opts.rtol ?? 1e-4 };
  const indices = opts.indices ?? Array.from(masses, (_, i) => i);
  for (const i of indices) if (!(Number.isInteger(i) && i >= 0 && i < masses.length)) throw new InvalidSpecification(`mass index ${i} outside the grid of ${masses.length}`, 'indices');
  const onProgress = opts.onProgress;
  const exp0 = opts.experiment;
  const poolOpts: PoolOptions<LimitJobArgs, LimitJobContext, LimitPoint> = {
    job: { moduleUrl: import.meta.url, exportName: 'limitJob' },
    args: { config, file: loaded.file, parameterSets: [...loaded.parameterSets], masses, settings } satisfies LimitJobArgs,
    indices,
    minItemsPerLane: LIMIT_MIN_MASSES_PER_LANE,
    inline: { job: limitJob, ...(exp0 ? { context: () => limitContext(exp0, loaded, masses, settings) } : {}) },
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    ...(onProgress ? { onResult: (_i: number, _v: LimitPoint, d: number, t: number) => onProgress(d, t) } : {}),
  };
  const r = opts.pool ? await opts.pool.run(poolOpts) : await runPool(poolOpts);
  const points = r.values;
  const workers = r.lanes;
  const results = Array.from(r.ms, (ms) => ({ ms }));
  return {
    name: config.name,
    experiment: config.experiment,
    cl: lc.cl,
    method: lc.method,
    testStat: lc.method === 'fc' ? 'tmu' : 'qmuTilde',
    data: config.data,
    points,
    timing: { totalMs: performance.now() - t0, workers, massComputeMs: results.reduce((a, r) => a + r.ms, 0) },
  };
}
