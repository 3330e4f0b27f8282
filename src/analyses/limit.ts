/**
 * Exclusion curves over the mediator mass: for each m_A′ of `config.limit.mass_MeV`, the upper limit on the DM signal
 * strength μ = mu_dm at the config CL, converted to the family coupling c = c_ref·μ^(1/k) (counts ∝ c^k, k the family's countPower; assemble.ts
 * couplingOfTemplates).
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
 *  - the limits come from src/stats/infer: `upperLimit(…, { method: 'fast' })` (Brent on √q_μ,A, warm-started
 *    conditional fits, the background-only point given) for cls/clsb, `feldmanCousinsLimits` for fc.
 * This module only orchestrates: masses, the Y conversion, and a status per mass point (the statistics' own status —
 * 'excluded-all', 'no-accepted-point', 'toys-failed', 'not-converged', 'failed' — or 'no-signal'); a point is 'ok'
 * only when its limit and the shared background-only fit both are.
 *
 * Parallelism: the masses are items of the one worker pool (src/stats/parallel/pool.ts) running `limitJob` of this
 * module: each lane (this thread + worker threads) builds the experiment and the background-only fit once, then
 * computes masses independently (no state shared between masses except that exactly reusable fit), so the merged
 * curve is identical for any worker count. `indices` restricts the curve to a slice of the grid (shards); the FC toy
 * streams depend on the global mass index only.
 */
import { fit } from '../stats/infer/mle.js';
import { upperLimit, type LimitStatus } from '../stats/infer/upperlimit.js';
import { fcStreamsPerMass, feldmanCousinsLimits } from '../stats/infer/fc.js';
import type { StatModel } from '../stats/types.js';
import { CevnsfitError, InvalidModel, InvalidSpecification } from '../util/errors.js';
import { assembleHypothesis, couplingOfTemplates, DM_POI } from './assemble.js';
import { configLabel, expandGrid, type AnalysisConfig, type LimitConfig, type LoadedAnalysis } from './config.js';
import type { ExperimentAnalysis } from './types.js';
import { familyOf, type FamilyCoupling } from './families/index.js';
import { runPool, type PoolJob, type PoolOptions, type WorkerPool } from '../stats/parallel/pool.js';
import { buildExperiment } from './experiments/index.js';

export type LimitMethod = LimitConfig['method'];

/** Status of one mass point: the limit's own status (src/stats/infer/upperlimit.ts, fc.ts) or 'no-signal'. */
export type LimitPointStatus = LimitStatus | 'no-signal';

/**
 * One point of an exclusion curve. μ is the DM signal strength of templates given at `referenceCoupling`; couplings are
 * the family's (Y, ε, ε_eff, α_B …), converted from μ by the family's count power (assemble.ts couplingOfTemplates).
 */
export interface LimitPoint {
  readonly massMeV: number;
  readonly chiMassMeV: number;
  /** Observed upper limit on the family coupling; null for Asimov (projection) data or when no limit exists. */
  readonly coupling_obs: number | null;
  /** Expected upper limits on the family coupling at −2σ, −1σ, median, +1σ, +2σ; null when no limit exists. */
  readonly coupling_exp: readonly [number, number, number, number, number] | null;
  /** Observed upper limit on μ (for Asimov data: the median expected one); null when no limit exists. */
  readonly mu_obs: number | null;
  readonly mu_exp: readonly [number, number, number, number, number] | null;
  /** The family coupling at which μ = 1 (the templates' reference coupling); null when no signal is possible. */
  readonly referenceCoupling: number | null;
  /** Expected DM events in the signal channels at referenceCoupling. */
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
  /** Name in figures (the config's `label:` or its default, config.ts configLabel). */
  readonly label: string;
  readonly experiment: string;
  /** The signal family's coupling the limits are on (Y, ε_eff …) and what the mass axis is (m_A′, m_V′). */
  readonly coupling: FamilyCoupling;
  readonly massLabel: string;
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
  /** Compiled pool worker. @default dist/node/worker.js (the Node thread host's) */
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
  const chiMassMeV = familyOf(signal.family).chiMassMeV(signal, massMeV);
  const empty = (status: LimitPointStatus, message: string, referenceCoupling: number | null = null, referenceEvents: number | null = null): LimitPoint => ({
    massMeV,
    chiMassMeV,
    coupling_obs: null,
    coupling_exp: null,
    mu_obs: null,
    mu_exp: null,
    referenceCoupling,
    referenceEvents,
    status,
    message,
  });
  let point: LimitPoint;
  try {
    const tpl = exp.dmSignal(signal, massMeV);
    let events = 0;
    for (const t of tpl.perChannel.values()) for (let i = 0; i < t.length; i++) events += t[i]!;
    if (!(events > 0) || !Number.isFinite(tpl.referenceCoupling)) {
      point = empty('no-signal', [`no DM events expected at m_A' = ${massMeV.toPrecision(4)} MeV (production channels closed or recoils outside the region)`, ...(tpl.notes ?? [])].join('; '));
    } else {
      const a = assembleHypothesis(exp, 'dm', { massMeV, dmTemplates: tpl, parameterSets: loaded.parameterSets });
      const backgroundPars = mapBackgroundPars(a.model, bg);
      const dataIsAsimov = exp.config.data === 'asimov';
      let r: { observed: number; expected: readonly number[]; status: LimitStatus; messages: readonly string[] };
      if (s.method === 'fc') {
        const asym = upperLimit(a.model, a.data, { method: 'fast', kind: 'clsb', cl: s.cl, backgroundPars, dataIsAsimov, rtol: 1e-3 });
        const muMax = 2 * Math.max(asym.expected[4], Number.isFinite(asym.observed) ? asym.observed : 0);
        r = feldmanCousinsLimits(a.model, a.data, { backgroundPars, cl: s.cl, nToys: s.toys, seed: s.seed, streamOffset: index * fcStreamsPerMass(s.toys), muMax });
      } else {
        r = upperLimit(a.model, a.data, { method: 'fast', kind: s.method, cl: s.cl, backgroundPars, dataIsAsimov, rtol: s.rtol });
      }
      const finite = Number.isFinite(r.observed) && r.expected.every(Number.isFinite);
      const msgs = [...(tpl.notes ?? []), ...(bg.converged ? [] : ['background-only fit did not converge']), ...r.messages];
      point = {
        massMeV,
        chiMassMeV: tpl.chiMassMeV,
        coupling_obs: dataIsAsimov || !Number.isFinite(r.observed) ? null : couplingOfTemplates(r.observed, tpl),
        coupling_exp: r.expected.every(Number.isFinite) ? (r.expected.map((m) => couplingOfTemplates(m, tpl)) as unknown as [number, number, number, number, number]) : null,
        mu_obs: Number.isFinite(r.observed) ? r.observed : null,
        mu_exp: r.expected.every(Number.isFinite) ? (r.expected as [number, number, number, number, number]) : null,
        referenceCoupling: tpl.referenceCoupling,
        referenceEvents: events,
        status: r.status === 'ok' && !bg.converged ? 'not-converged' : r.status === 'ok' && !finite ? 'failed' : r.status,
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

/** The mass grid (MeV) of a config's limit (config.limit.mass_MeV, or the default grid): the items of a sharded limit. */
export function limitMassGrid(loaded: LoadedAnalysis): Float64Array {
  return expandGrid(limitConfig(loaded.config).mass_MeV);
}

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
    label: configLabel(config),
    experiment: config.experiment,
    coupling: familyOf(config.signal!.family).coupling,
    massLabel: familyOf(config.signal!.family).massLabel,
    cl: lc.cl,
    method: lc.method,
    testStat: lc.method === 'fc' ? 'tmu' : 'qmuTilde',
    data: config.data,
    points,
    timing: { totalMs: performance.now() - t0, workers, massComputeMs: results.reduce((a, r) => a + r.ms, 0) },
  };
}
