/**
 * The DM excess with the look-elsewhere effect over the mediator-mass grid, and the calibrated DM-vs-NSI comparison
 * (docs/inference.md "Look-elsewhere effect" and "Non-nested comparison").
 *
 * - Local: q0 = −2lnL(SM) − (−2lnL(DM at m)) with Y and the nuisances profiled, maximised over the config's one DM mass
 *   grid (src/analyses/massprofile.ts); local Z = √q0 at the best mass (one-sided, ½δ(0) + ½χ²₁ at a fixed mass).
 * - Global: background-only toys generated at the SM fit to the data; per toy the same maximum over the grid
 *   (src/stats/infer/lee.ts: each mass fitted from the toy's SM solution, failures retried from a neighbouring mass);
 *   p_global = fraction of toys whose maximum reaches the observed one, with its binomial error; the Gross–Vitells
 *   up-crossing extrapolation from the same toys as cross-check (and fast estimate from few toys).
 * - DM vs NSI: Δ = −2lnL(NSI) − (−2lnL(DM)), DM profiled over the mass grid as `compare` does and NSI fitted from the
 *   same starts as `compare`; its distribution under toys from the NSI best fit and from the DM best fit
 *   (src/stats/infer/nonnested.ts).
 *
 * Toys run in the worker pool (src/stats/parallel/pool.ts); the DM models of all masses are compiled once per lane
 * and reused for every toy. Toy k of the global test uses RNG stream k of the seed; DM-vs-NSI toy k uses streams
 * COX_STREAM_OFFSET + 2k (NSI true) and + 2k + 1 (DM true): any split into lanes or shards gives the same toys.
 */
import { fit } from '../stats/infer/mle.js';
import { grossVitells, localPValue, prepareScanFamily, scanLocalQ0, scanToy, toyGlobalPValue, type LocalScan, type PreparedScanFamily, type ScanToy } from '../stats/infer/lee.js';
import { calibrateNonNested } from '../stats/infer/nonnested.js';
import { auxLayout, sampleToyData } from '../stats/infer/toys.js';
import { Rng } from '../stats/rng.js';
import { pValueToSignificance } from '../stats/distributions/index.js';
import { runPool, type PoolJob } from '../stats/parallel/pool.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import type { AnalysisConfig, LoadedAnalysis } from './config.js';
import { assembleHypothesis, DM_POI, type AssembledModel } from './assemble.js';
import { buildExperiment } from './experiments/index.js';
import { dmMassGridOf } from './massprofile.js';
import { bestOfStarts, type CompareReport } from './run.js';
import type { ExperimentAnalysis } from './types.js';

/** Default Gross–Vitells reference level c0 (q0 units): low enough that most toys cross it a few times. */
export const DEFAULT_REFERENCE_LEVEL = 1;
/** First RNG stream of the DM-vs-NSI toys (kept apart from the global toys' streams 0, 1, …). */
export const COX_STREAM_OFFSET = 1_000_000_000;

/** The DM scan family of a config: the SM model and the DM model at every grid mass (null where no signal). */
export interface DmScanFamily {
  readonly masses: Float64Array;
  readonly sm: AssembledModel;
  readonly dm: ReadonlyArray<AssembledModel | null>;
  readonly family: PreparedScanFamily;
}

/** Masses of the look-elsewhere scan; throws naming `key` when the config has no mass grid to look elsewhere in. */
export function requireMassScan(loaded: LoadedAnalysis, key: string): Float64Array {
  const cfg = loaded.config;
  if (!cfg.signal) throw new InvalidSpecification(`${key} needs a DM config: this config has no \`signal\` section`, key);
  const grid = dmMassGridOf(loaded);
  if (!cfg.scan || grid.masses.length < 2) {
    throw new InvalidSpecification(`${key} needs a scan grid: the config has no \`scan.mass_MeV\` grid (the look-elsewhere effect is over the masses scanned); add a \`scan\` section`, key);
  }
  return grid.masses;
}

/** Build the SM model and the DM models of all grid masses (compiled once; reused for the data and every toy). */
export function dmScanFamily(exp: ExperimentAnalysis, loaded: LoadedAnalysis, masses: Float64Array): DmScanFamily {
  const sm = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const dm = Array.from(masses, (m) => {
    try {
      return assembleHypothesis(exp, 'dm', { massMeV: m, parameterSets: loaded.parameterSets });
    } catch (e) {
      if (e instanceof InvalidModel) return null;
      throw e;
    }
  });
  const family = prepareScanFamily({ background: sm.model, models: dm.map((a) => a?.model ?? null), poi: DM_POI });
  return { masses, sm, dm, family };
}

/** The observed local significance at the best mass. */
export interface LocalSignificance {
  readonly z: number;
  readonly p: number;
  readonly mass_MeV: number;
  readonly q0: number;
}

export function localSignificance(q0: number, massMeV: number): LocalSignificance {
  const p = localPValue(q0);
  return { z: pValueToSignificance(p), p, mass_MeV: massMeV, q0 };
}

/** Global p-value from toys (the JSON contract `global`). */
export interface GlobalSignificance {
  readonly z: number;
  readonly p: number;
  /** Binomial error (null with fewer than 2 toys). */
  readonly p_error: number | null;
  readonly method: 'toys';
  readonly n_toys: number;
  /** p_global / p_local. */
  readonly trials_factor: number;
  readonly seed: number;
  readonly n_above: number;
  readonly n_failed: number;
  readonly n_with_failed_points: number;
  readonly note: string | null;
}

/** Gross–Vitells estimate (the JSON contract `gross_vitells`). */
export interface GrossVitellsReport {
  readonly z: number;
  readonly p: number;
  /** Error from the toy estimate of the mean up-crossings (null with fewer than 2 toys). */
  readonly p_error: number | null;
  /** Mean up-crossings of the reference level per toy. */
  readonly n_upcrossings: number;
  readonly n_upcrossings_error: number | null;
  readonly reference_level: number;
  readonly n_toys: number;
}

/** Result of `significance --global`. */
export interface GlobalSignificanceReport {
  readonly poi: string;
  readonly method: 'global-toys';
  readonly local: LocalSignificance;
  readonly global: GlobalSignificance;
  readonly gross_vitells: GrossVitellsReport;
  readonly mass_grid: { readonly n: number; readonly from_MeV: number; readonly to_MeV: number };
  /** Health of the observed scan. */
  readonly observed_scan: { readonly n_failed: number; readonly n_retried: number; readonly sm_fit_converged: boolean };
  /** Where the toy maxima fell: how many toys had their maximum at each grid mass (the edges show grid-edge pile-up). */
  readonly toy_max_at_edges: { readonly first: number; readonly last: number };
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** The observed scan: local q0 over the grid and what the toys need. */
export interface ObservedGlobalScan {
  readonly masses: number[];
  readonly local: LocalSignificance;
  readonly scan: { readonly n_failed: number; readonly n_retried: number; readonly sm_fit_converged: boolean };
  /** SM fit to the data: the point the toys are generated at. */
  readonly gen: number[];
}

export function observedGlobalScan(fam: DmScanFamily): ObservedGlobalScan {
  const s: LocalScan = scanLocalQ0(fam.family, fam.sm.data);
  if (!s.max) throw new InvalidModel('the observed DM scan has no converged mass point');
  return {
    masses: Array.from(fam.masses),
    local: localSignificance(s.max.q0, fam.masses[s.max.index]!),
    scan: { n_failed: s.nFailed, n_retried: s.nRetried, sm_fit_converged: s.bOnly.status.converged },
    gen: Array.from(s.bOnly.bestfit),
  };
}

/** Set-up arguments of the pool jobs (structured-cloneable). */
export interface GlobalToyArgs {
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly masses: Float64Array;
  readonly seed: number;
  readonly levels: number[];
  readonly gen: number[];
}
interface GlobalToyContext {
  readonly fam: DmScanFamily;
  readonly gen: Float64Array;
  readonly seed: number;
  readonly levels: number[];
}

async function familyFromArgs(a: { config: AnalysisConfig; file: string; parameterSets: ReadonlyArray<readonly [string, number]>; masses: Float64Array }): Promise<DmScanFamily> {
  const exp = await buildExperiment(a.config);
  return dmScanFamily(exp, { config: a.config, file: a.file, parameterSets: new Map(a.parameterSets) }, a.masses);
}

/** Pool job: background-only toy k → maximum of q0 over the grid and the up-crossings of the reference levels. */
export const globalToyJob: PoolJob<GlobalToyArgs, GlobalToyContext, ScanToy> = {
  async setup(a) {
    return { fam: await familyFromArgs(a), gen: Float64Array.from(a.gen), seed: a.seed, levels: a.levels };
  },
  run(c, k) {
    return scanToy(c.fam.family, c.gen, c.seed, k, c.levels);
  },
};

/** Options of the toy runs. */
export interface ToyRunOptions {
  readonly seed: number;
  /** Lanes of the pool. @default the cores not busy with other work */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Background-only toys [start, end) of the global test (any split gives the same toys). */
export async function globalToys(
  fam: DmScanFamily,
  loaded: LoadedAnalysis,
  obs: ObservedGlobalScan,
  opts: ToyRunOptions & { readonly start: number; readonly end: number; readonly referenceLevel: number },
): Promise<ScanToy[]> {
  const onProgress = opts.onProgress;
  const args: GlobalToyArgs = { config: loaded.config, file: loaded.file, parameterSets: [...loaded.parameterSets], masses: fam.masses, seed: opts.seed, levels: [opts.referenceLevel], gen: obs.gen };
  const r = await runPool({
    job: { moduleUrl: import.meta.url, exportName: 'globalToyJob' },
    args,
    indices: Array.from({ length: opts.end - opts.start }, (_, i) => opts.start + i),
    inline: { job: globalToyJob, context: () => ({ fam, gen: Float64Array.from(obs.gen), seed: opts.seed, levels: args.levels }) },
    // A lane pays the templates of every mass once: give it at least a few toys.
    minItemsPerLane: 4,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(onProgress ? { onResult: (_i: number, _v: ScanToy, d: number, t: number) => onProgress(d, t) } : {}),
  });
  return r.values;
}

/** The report of `significance --global` from the observed scan and all toys (in toy order). */
export function globalReport(obs: ObservedGlobalScan, toys: readonly ScanToy[], seed: number, referenceLevel: number): GlobalSignificanceReport {
  const t = toyGlobalPValue(obs.local.q0, toys);
  if (t.n_toys === 0) throw new InvalidModel(`all ${toys.length} background-only toys failed (no background-only fit converged)`);
  const gv = grossVitells(
    obs.local.q0,
    toys.map((x) => x.upcrossings[0]!),
    referenceLevel,
  );
  const messages: string[] = [];
  if (t.note) messages.push(t.note);
  if (t.n_failed > 0) messages.push(`${t.n_failed} toys without a background-only fit were left out`);
  if (t.n_with_failed_points > 0) messages.push(`${t.n_with_failed_points} toys had mass points whose fit failed (their maximum is over the other masses)`);
  if (obs.scan.n_failed > 0) messages.push(`${obs.scan.n_failed} mass points of the observed scan failed`);
  if (obs.local.q0 <= referenceLevel) messages.push(`the observed q0 = ${obs.local.q0.toPrecision(3)} is not above the reference level ${referenceLevel}: Gross–Vitells does not apply`);
  const last = obs.masses.length - 1;
  return {
    poi: DM_POI,
    method: 'global-toys',
    local: obs.local,
    global: {
      z: t.z,
      p: t.p,
      p_error: finiteOrNull(t.p_error),
      method: 'toys',
      n_toys: t.n_toys,
      trials_factor: t.p / obs.local.p,
      seed,
      n_above: t.n_above,
      n_failed: t.n_failed,
      n_with_failed_points: t.n_with_failed_points,
      note: t.note,
    },
    gross_vitells: { z: gv.z, p: gv.p, p_error: finiteOrNull(gv.p_error), n_upcrossings: gv.n_upcrossings, n_upcrossings_error: finiteOrNull(gv.n_upcrossings_error), reference_level: referenceLevel, n_toys: gv.n_toys },
    mass_grid: { n: obs.masses.length, from_MeV: obs.masses[0]!, to_MeV: obs.masses[last]! },
    observed_scan: obs.scan,
    toy_max_at_edges: { first: toys.filter((x) => x.index_max === 0 && (x.q0_max ?? 0) > 0).length, last: toys.filter((x) => x.index_max === last && (x.q0_max ?? 0) > 0).length },
    valid: t.n_failed === 0 && obs.scan.n_failed === 0 && obs.scan.sm_fit_converged,
    messages,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

// ---- DM vs NSI ------------------------------------------------------------------------------------------------------

/** The calibrated DM-vs-NSI comparison (JSON `comparison.dm_vs_nsi`). */
export interface DmVsNsi {
  /** −2lnL(NSI) − (−2lnL(DM)), positive when DM fits better. */
  readonly delta: number;
  /** P(Δ ≥ Δ_obs | NSI true) and P(Δ ≤ Δ_obs | DM true), with binomial errors; null without toys. */
  readonly p_if_nsi: number | null;
  readonly p_if_nsi_error: number | null;
  readonly p_if_dm: number | null;
  readonly p_if_dm_error: number | null;
  /** Toys per hypothesis (requested). */
  readonly n_toys: number;
  readonly n_failed: { readonly nsi_true: number; readonly dm_true: number } | null;
  readonly median_delta: { readonly nsi_true: number | null; readonly dm_true: number | null } | null;
  readonly seed: number | null;
  /** How the toys are fitted. */
  readonly method: string;
}

const DM_VS_NSI_METHOD =
  'toys generated at the NSI and at the DM best fit (parametric bootstrap of the non-nested likelihood ratio); in every toy DM is profiled over the mass grid and NSI fitted from the starts of `compare`';

/** The comparison without toys (delta only). */
export function dmVsNsiUncalibrated(delta: number): DmVsNsi {
  return { delta, p_if_nsi: null, p_if_nsi_error: null, p_if_dm: null, p_if_dm_error: null, n_toys: 0, n_failed: null, median_delta: null, seed: null, method: DM_VS_NSI_METHOD };
}

interface CoxArgs {
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly masses: Float64Array;
  readonly seed: number;
  /** Generating points: NSI best fit (NSI model order), DM best fit (model of grid mass dmIndex), SM fit (start). */
  readonly nsiGen: number[];
  readonly dmGen: number[];
  readonly dmIndex: number;
  readonly smStart: number[];
}
interface CoxContext {
  readonly fam: DmScanFamily;
  readonly nsi: AssembledModel;
  readonly a: CoxArgs;
}

function coxContext(fam: DmScanFamily, nsi: AssembledModel, a: CoxArgs): CoxContext {
  const aux = (m: AssembledModel) => m.model.params.names.filter((_, i) => m.model.params.constraints[i]!.type !== 'none').join(',');
  if (aux(nsi) !== aux(fam.sm) || nsi.model.nBins !== fam.sm.model.nBins) throw new InvalidModel('DM vs NSI toys: the NSI and SM models differ in bins or constrained parameters');
  return { fam, nsi, a };
}

/** Pool job: item 2k = NSI-true toy k, item 2k + 1 = DM-true toy k → Δ of that toy (null when a fit failed). */
export const coxToyJob: PoolJob<CoxArgs, CoxContext, number | null> = {
  async setup(a) {
    const exp = await buildExperiment(a.config);
    const loaded: LoadedAnalysis = { config: a.config, file: a.file, parameterSets: new Map(a.parameterSets) };
    return coxContext(dmScanFamily(exp, loaded, a.masses), assembleHypothesis(exp, 'nsi', { parameterSets: loaded.parameterSets }), a);
  },
  run({ fam, nsi, a }, item) {
    const dmTrue = item % 2 === 1;
    const gen = dmTrue ? fam.dm[a.dmIndex]!.model : nsi.model;
    const data = sampleToyData(gen, Float64Array.from(dmTrue ? a.dmGen : a.nsiGen), new Rng(a.seed, COX_STREAM_OFFSET + item), auxLayout(gen));
    const n = bestOfStarts(nsi, data, false);
    const d = scanLocalQ0(fam.family, data, { bOnlyInit: Float64Array.from(a.smStart) });
    if (!n.status.converged || !Number.isFinite(n.twiceNll) || !d.max) return null;
    return n.twiceNll - (d.bOnly.twiceNll - d.max.q0);
  },
};

/** Calibrate the observed DM-vs-NSI Δ of a comparison with `nToys` toys under each hypothesis. */
export async function dmVsNsiToys(exp: ExperimentAnalysis, loaded: LoadedAnalysis, fam: DmScanFamily, c: CompareReport, nToys: number, opts: ToyRunOptions): Promise<DmVsNsi> {
  const dm = c.hypotheses.dm;
  const nsiSum = c.hypotheses.nsi;
  if (!dm || !nsiSum || !c.best_fit || c.dm_minus_nsi === null) throw new InvalidSpecification('the DM-vs-NSI calibration needs both a `signal` and an `nsi` section', 'nsi');
  const nsi = assembleHypothesis(exp, 'nsi', { parameterSets: loaded.parameterSets });
  const dmIndex = Array.from(fam.masses).indexOf(c.best_fit.mass_MeV);
  const dmA = fam.dm[dmIndex];
  if (dmIndex < 0 || !dmA) throw new InvalidModel(`DM vs NSI toys: the best-fit mass ${c.best_fit.mass_MeV} MeV is not a grid mass with a DM model`);
  const vec = (m: AssembledModel, pars: Readonly<Record<string, number>>) => m.model.params.names.map((nm) => pars[nm]!);
  const smFit = fit(fam.sm.model, fam.sm.data, { hesse: false });
  const args: CoxArgs = {
    config: loaded.config,
    file: loaded.file,
    parameterSets: [...loaded.parameterSets],
    masses: fam.masses,
    seed: opts.seed,
    nsiGen: vec(nsi, nsiSum.parameters),
    dmGen: vec(dmA, dm.parameters),
    dmIndex,
    smStart: Array.from(smFit.bestfit),
  };
  for (const v of [...args.nsiGen, ...args.dmGen]) if (!Number.isFinite(v)) throw new InvalidModel('DM vs NSI toys: a best-fit parameter is missing');
  const onProgress = opts.onProgress;
  const r = await runPool({
    job: { moduleUrl: import.meta.url, exportName: 'coxToyJob' },
    args,
    indices: Array.from({ length: 2 * nToys }, (_, i) => i),
    inline: { job: coxToyJob, context: () => coxContext(fam, nsi, args) },
    minItemsPerLane: 4,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(onProgress ? { onResult: (_i: number, _v: number | null, d: number, t: number) => onProgress(d, t) } : {}),
  });
  const ifNsi = r.values.filter((_, i) => i % 2 === 0);
  const ifDm = r.values.filter((_, i) => i % 2 === 1);
  const cal = calibrateNonNested(c.dm_minus_nsi, ifNsi, ifDm);
  return {
    delta: cal.delta,
    p_if_nsi: finiteOrNull(cal.p_if_a),
    p_if_nsi_error: finiteOrNull(cal.p_if_a_error),
    p_if_dm: finiteOrNull(cal.p_if_b),
    p_if_dm_error: finiteOrNull(cal.p_if_b_error),
    n_toys: nToys,
    n_failed: { nsi_true: cal.n_failed_a, dm_true: cal.n_failed_b },
    median_delta: { nsi_true: cal.median_a, dm_true: cal.median_b },
    seed: opts.seed,
    method: DM_VS_NSI_METHOD,
  };
}
