/**
 * Experiment-agnostic analysis procedures behind the CLI commands: fit, significance, compare, scan.
 * Each returns a named result object (JSON-ready: numbers finite or null, never NaN) that the CLI prints
 * and writes; plots are made from the same objects (src/analyses/plots.ts).
 */
import type { CompiledModel } from '../stats/model/compiled.js';
import type { ObservedData } from '../stats/types.js';
import { fit, type FitResult } from '../stats/infer/mle.js';
import { minos, profileInterval, profileScan1D, warmScan, type IntervalHealth } from '../stats/infer/profile.js';
import { fittedYields } from '../stats/infer/yields.js';
import { discoverySignificance } from '../stats/infer/asymptotic.js';
import { sampleTestStatistic } from '../stats/infer/toys.js';
import { localPValue } from '../stats/infer/lee.js';
import { chi2Sf, pValueToSignificance } from '../stats/distributions/index.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import { expandGrid, type AnalysisConfig, type LoadedAnalysis } from './config.js';
import { assembleHypothesis, couplingFromMu, couplingOfTemplates, DM_POI, muOfTemplates, type AssembledModel, type HypothesisName } from './assemble.js';
import type { DmSignalTemplates, ExperimentAnalysis } from './types.js';
import { runPool, type PoolJob } from '../stats/parallel/pool.js';
import { buildExperiment } from './experiments/index.js';
import { dmMassGridOf, profileDmOverMasses, tryLoadExistingLimits, type MassProfileReport } from './massprofile.js';

/** A value with its (Hessian) error. */
export interface ValueError {
  readonly value: number;
  readonly error: number | null;
}

export interface FitStatusReport {
  readonly converged: boolean;
  readonly edm: number;
  readonly n_calls: number;
  readonly at_limit: readonly string[];
  readonly cov_pos_def: boolean;
  readonly message: string;
}

/** Result of one hypothesis fit. */
export interface FitReport {
  readonly hypothesis: HypothesisName;
  readonly status: FitStatusReport;
  readonly twice_nll: number;
  /** Parameter name → best fit and symmetric error (null for fixed parameters or without a covariance). */
  readonly parameters: Readonly<Record<string, ValueError & { minos?: { lower: number; upper: number } }>>;
  /** Sample name → fitted expected counts summed over the signal channels, with propagated error. */
  readonly yields: Readonly<Record<string, ValueError>>;
  /** Observed counts in the signal channels. */
  readonly observed: number;
  /** DM hypothesis: mediator mass (MeV), m_χ (MeV), best-fit Y with error, Y_ref. */
  readonly dm?: {
    readonly mass_MeV: number;
    /** What the mass is (m_A′ for the dark photon, m_V′ for two mediators). */
    readonly mass_label: string;
    readonly chi_mass_MeV: number;
    /** The family's coupling (name as in JSON and plots) at the best fit, with its error. */
    readonly coupling: ValueError & { readonly name: string; readonly formula: string };
    /** The coupling at which the DM templates are given (signal strength 1). */
    readonly reference_coupling: number;
    /** Historical keys of the Y families: the same as coupling / reference_coupling. */
    readonly Y?: ValueError;
    readonly reference_Y?: number;
  };
  /** Baker–Cousins goodness of fit: twice_nll − saturated, with the number of bins. */
  readonly gof: { readonly chi2: number; readonly n_bins: number; readonly p_value: number | null };
}

function statusReport(r: FitResult): FitStatusReport {
  return {
    converged: r.status.converged,
    edm: r.status.edm,
    n_calls: r.status.nCalls,
    at_limit: r.status.atLimit,
    cov_pos_def: r.status.covPosDef,
    message: r.status.message,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function observedInSignal(model: CompiledModel, data: ObservedData, signalChannels: readonly string[]): number {
  let s = 0;
  for (const ch of model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    for (let b = 0; b < ch.nBins; b++) s += data.main[ch.offset + b]!;
  }
  return s;
}

/** Fit one assembled hypothesis and build its report. */
export function fitReport(exp: ExperimentAnalysis, a: AssembledModel, opts: { minos?: readonly string[] } = {}): { report: FitReport; result: FitResult } {
  const r = fit(a.model, a.data, { hesse: true });
  const parameters: Record<string, ValueError & { minos?: { lower: number; upper: number } }> = {};
  const names = a.model.params.names;
  for (let i = 0; i < names.length; i++) {
    parameters[names[i]!] = { value: r.bestfit[i]!, error: r.errors && !r.fixed[i] ? finiteOrNull(r.errors[i]!) : null };
  }
  if (opts.minos && opts.minos.length > 0) {
    const wanted = opts.minos.filter((n) => names.includes(n));
    for (const m of minos(a.model, a.data, r, wanted)) {
      const p = parameters[m.name];
      if (p && Number.isFinite(m.lower) && Number.isFinite(m.upper)) parameters[m.name] = { ...p, minos: { lower: m.lower, upper: m.upper } };
    }
  }
  const chi2 = r.twiceNll - a.model.saturatedTwiceNll(a.data);
  const report: FitReport = {
    hypothesis: a.hypothesis,
    status: statusReport(r),
    twice_nll: r.twiceNll,
    parameters,
    yields: fittedYields(a.model, exp.background.signalChannels, r),
    observed: observedInSignal(a.model, a.data, exp.background.signalChannels),
    gof: { chi2, n_bins: a.model.nBins, p_value: finiteOrNull(chi2Sf(Math.max(0, chi2), Math.max(1, a.model.nBins - freeCount(r)))) },
    ...(a.dm ? { dm: dmReport(a.dm, r, a.model) } : {}),
  };
  return { report, result: r };
}

function freeCount(r: FitResult): number {
  let k = 0;
  for (let i = 0; i < r.fixed.length; i++) if (!r.fixed[i]) k++;
  return k;
}

/** Mass axis label of the family that made the templates. */
function familyMassLabel(dm: DmSignalTemplates): string {
  return dm.massLabel ?? 'm_A′';
}

function dmReport(dm: DmSignalTemplates, r: FitResult, model: CompiledModel): NonNullable<FitReport['dm']> {
  const i = model.params.index(DM_POI);
  const mu = r.bestfit[i]!;
  const muErr = r.errors ? r.errors[i]! : NaN;
  const k = dm.countPower;
  const c = couplingFromMu(mu, dm.referenceCoupling, k);
  // dc/dμ = c_ref μ^(1/k − 1)/k; at μ = 0 the linearised error is undefined — report the c at μ + σ_μ instead.
  const cErr = Number.isFinite(muErr) ? (mu > 0 ? (dm.referenceCoupling * mu ** (1 / k - 1) * muErr) / k : couplingFromMu(muErr, dm.referenceCoupling, k)) : NaN;
  const value = { value: c, error: finiteOrNull(cErr) };
  return {
    mass_MeV: dm.massMeV,
    mass_label: familyMassLabel(dm),
    chi_mass_MeV: dm.chiMassMeV,
    coupling: { name: dm.coupling.name, formula: dm.coupling.formula, ...value },
    reference_coupling: dm.referenceCoupling,
    ...(dm.coupling.name === 'Y' ? { Y: value, reference_Y: dm.referenceCoupling } : {}),
  };
}

/** Masses (MeV) a DM fit profiles over: the one grid of src/analyses/massprofile.ts (scan.mass_MeV, else signal.mass_MeV). */
export function dmMassGrid(loaded: LoadedAnalysis): Float64Array {
  return dmMassGridOf(loaded).masses;
}

/** Result of the DM fit profiled over the mediator mass (profile, best fit, mass intervals: src/analyses/massprofile.ts). */
export type DmFitReport = FitReport & MassProfileReport;

/**
 * Fit the DM hypothesis at every mass of the grid and keep the best converged one (the mass is not a continuous
 * parameter). A fit that does not converge is retried from the solution of a converged neighbouring mass (the
 * models differ only in the DM template); a point still failing is flagged and never chosen as the best.
 */
export function fitDmOverMasses(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  masses: Float64Array,
  onProgress?: (done: number, total: number) => void,
): { report: DmFitReport; assembled: AssembledModel; result: FitResult } {
  const grid = { masses, source: loaded.config.scan ? 'scan.mass_MeV' : 'signal.mass_MeV' };
  const p = profileDmOverMasses(exp, loaded, grid, { limits: tryLoadExistingLimits(), ...(onProgress ? { onProgress } : {}) });
  const full = fitReport(exp, p.assembled, { minos: [DM_POI] });
  return { report: { ...full.report, ...p.report }, assembled: p.assembled, result: full.result };
}

/** Significance result. */
export interface SignificanceReport {
  readonly poi: string;
  readonly method: 'asymptotic' | 'toys';
  readonly q0: number;
  readonly z: number;
  readonly p0: number;
  /**
   * Median expected significance (Asimov) for signal strength μ = 1: the nominal SM CEvNS rate for SM configs, the
   * reference DM coupling Y_ref (≈ 10 signal events) for DM configs.
   */
  readonly z_expected: number | null;
  readonly mu_hat: number;
  readonly toys?: { readonly n: number; readonly seed: number; readonly n_above: number; readonly n_failed: number };
  readonly dm?: { readonly mass_MeV: number; readonly Y_hat: number };
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** The discovery test of a config: the model with its POI (chosen at build time), the data, and the asymptotic result. */
interface DiscoverySetup {
  readonly a: AssembledModel;
  readonly poi: string;
  readonly asymptotic: SignificanceReport;
}

function discoverySetup(exp: ExperimentAnalysis, loaded: LoadedAnalysis): DiscoverySetup {
  let a: AssembledModel;
  let poi: string;
  if (loaded.config.signal) {
    a = assembleHypothesis(exp, 'dm', { parameterSets: loaded.parameterSets });
    poi = DM_POI;
  } else {
    const smPoi = exp.background.smPoi;
    if (!smPoi) throw new InvalidSpecification(`experiment ${exp.experiment} has no free CEvNS normalisation and the config has no signal section`, 'signal');
    a = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets, poi: smPoi });
    poi = smPoi;
  }
  const d = discoverySignificance(a.model, a.data, { muAsimov: 1 });
  const muHat = d.muHat;
  const dm = a.dm ? { mass_MeV: a.dm.massMeV, Y_hat: couplingOfTemplates(muHat, a.dm) } : undefined;
  return { a, poi, asymptotic: { poi, method: 'asymptotic', q0: d.q0, z: d.z, p0: d.p0, z_expected: finiteOrNull(d.zExpected), mu_hat: muHat, ...(dm ? { dm } : {}), valid: d.valid, messages: d.messages } };
}

/**
 * Background-only toys [start, end) of the discovery test: q0 of each toy (null where its fits failed) and the
 * asymptotic report. Toy k uses RNG stream k of `seed`, so any split of the toys (shards) gives the same values.
 */
export function significanceToys(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  opts: { seed: number; start: number; end: number; onProgress?: (done: number, total: number) => void },
): { asymptotic: SignificanceReport; q0: Array<number | null> } {
  const { a, poi, asymptotic } = discoverySetup(exp, loaded);
  const bOnly = fit(a.model, a.data, { hesse: false, fixedValues: { [poi]: 0 } });
  const q0: Array<number | null> = [];
  for (let k = opts.start; k < opts.end; k++) {
    const s = sampleTestStatistic(a.model, bOnly.bestfit, 0, 'q0', { nToys: 1, seed: opts.seed, streamOffset: k });
    q0.push(s.samples.length === 1 ? s.samples[0]! : null);
    opts.onProgress?.(k + 1 - opts.start, opts.end - opts.start);
  }
  return { asymptotic, q0 };
}

/** Toy-based discovery report from the asymptotic one and the q0 of all toys (null = failed toy). */
export function toySignificance(asymptotic: SignificanceReport, q0: ReadonlyArray<number | null>, seed: number): SignificanceReport {
  let above = 0;
  let nValid = 0;
  for (const q of q0) {
    if (q === null) continue;
    nValid++;
    if (q >= asymptotic.q0 - 1e-12) above++;
  }
  const nFailed = q0.length - nValid;
  const p = nValid > 0 ? Math.max(above, 0.5) / nValid : NaN; // half a toy when none is above: an upper-side estimate
  const z = pValueToSignificance(p);
  return {
    ...asymptotic,
    method: 'toys',
    z,
    p0: p,
    toys: { n: q0.length, seed, n_above: above, n_failed: nFailed },
    valid: asymptotic.valid && nFailed === 0,
    messages: [...asymptotic.messages, ...(above === 0 ? [`no toy reached the observed q0; p0 < ${(1 / nValid).toExponential(2)} (reported with half a toy)`] : [])],
  };
}

/** Discovery significance of the DM signal (config with `signal`) or of CEvNS (SM config with smPoi). */
export function significance(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: { toys?: number; seed?: number; onProgress?: (done: number, total: number) => void } = {}): SignificanceReport {
  if (!opts.toys) return discoverySetup(exp, loaded).asymptotic;
  const seed = opts.seed ?? 1;
  const t = significanceToys(exp, loaded, { seed, start: 0, end: opts.toys, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  return toySignificance(t.asymptotic, t.q0, seed);
}

/** Per-bin pulls (n − ν)/√ν of the signal channels, and the time bins where a hypothesis fails. */
export interface PullReport {
  /** Per signal channel: pulls per bin (flattened like the channel). */
  readonly pulls: Readonly<Record<string, number[]>>;
  /** Time-axis projection per signal channel: observed, expected, pull per time bin. */
  readonly time_projection: Readonly<Record<string, { edges_us: number[]; observed: number[]; expected: number[]; pull: number[] }>>;
  /** Time bins (lower–upper edge, µs) where |pull| of the projection exceeds 2. */
  readonly failing_time_bins: Readonly<Record<string, Array<{ t_us: [number, number]; pull: number }>>>;
}

function timeAxisIndex(axes: readonly { name: string }[]): number {
  return axes.findIndex((a) => /time|^t(_|$)/i.test(a.name));
}

export function pullReport(model: CompiledModel, data: ObservedData, pars: Float64Array, signalChannels: readonly string[]): PullReport {
  const nu = new Float64Array(model.nBins);
  model.expected(pars, nu);
  const pulls: Record<string, number[]> = {};
  const timeProj: PullReport['time_projection'] = {};
  const failing: Record<string, Array<{ t_us: [number, number]; pull: number }>> = {};
  for (const ch of model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    const p: number[] = [];
    for (let b = 0; b < ch.nBins; b++) {
      const e = nu[ch.offset + b]!;
      const n = data.main[ch.offset + b]!;
      p.push(e > 0 ? (n - e) / Math.sqrt(e) : 0);
    }
    pulls[ch.name] = p;
    const ta = timeAxisIndex(ch.axes);
    if (ta < 0) continue;
    const nT = ch.shape[ta]!;
    let inner = 1;
    for (let k = ta + 1; k < ch.shape.length; k++) inner *= ch.shape[k]!;
    const obs = new Array<number>(nT).fill(0);
    const exp = new Array<number>(nT).fill(0);
    for (let b = 0; b < ch.nBins; b++) {
      const it = Math.floor(b / inner) % nT;
      obs[it] += data.main[ch.offset + b]!;
      exp[it] += nu[ch.offset + b]!;
    }
    const pull = obs.map((o, i) => (exp[i]! > 0 ? (o - exp[i]!) / Math.sqrt(exp[i]!) : 0));
    const edges = Array.from(ch.axes[ta]!.edges);
    (timeProj as Record<string, unknown>)[ch.name] = { edges_us: edges, observed: obs, expected: exp, pull };
    failing[ch.name] = pull.flatMap((v, i) => (Math.abs(v) > 2 ? [{ t_us: [edges[i]!, edges[i + 1]!] as [number, number], pull: v }] : []));
  }
  return { pulls, time_projection: timeProj, failing_time_bins: failing };
}

/** One hypothesis in a comparison. */
export interface HypothesisSummary {
  readonly twice_nll: number;
  readonly converged: boolean;
  /** Best-fit parameters (name → value). */
  readonly parameters: Readonly<Record<string, number>>;
  /** Extra free parameters relative to SM (for the p-value). */
  readonly extra_dof: number;
  /** twice_nll(SM) − twice_nll(this). */
  readonly delta_twice_nll: number;
  /** p-value of SM against this hypothesis (Wilks, χ² with extra_dof). For DM over a mass grid this is NAIVE (the mass does not exist under SM): see CompareReport.local / naive_chi2_2dof and `compare --toys`. */
  readonly p_value_sm: number | null;
  readonly z_vs_sm: number | null;
  readonly pulls: PullReport;
  readonly dm?: { readonly mass_MeV: number; readonly Y: number };
  readonly yields: Readonly<Record<string, ValueError>>;
}

export interface CompareReport {
  readonly hypotheses: { readonly sm: HypothesisSummary; readonly dm: HypothesisSummary | null; readonly nsi: HypothesisSummary | null };
  /** Δ(−2lnL) between DM and NSI best fits (positive: DM fits better). */
  readonly dm_minus_nsi: number | null;
  /**
   * Local significance of the DM excess at the best grid mass: q0 = Δ(−2lnL) of SM vs DM with Y and nuisances
   * profiled, one-sided (½δ(0) + ½χ²₁ at a fixed mass). The global one (look-elsewhere over the mass grid) needs toys:
   * `compare --toys N`, `significance --global` (src/analyses/globalsig.ts). Null without a DM hypothesis.
   */
  readonly local: { readonly z: number; readonly p: number; readonly mass_MeV: number; readonly q0: number } | null;
  /**
   * The DM p-value as a χ² with 2 dof (mass and Y counted as two Wilks parameters): NAIVE — the mass does not exist
   * under SM, so Wilks does not apply. Kept for reference (= hypotheses.dm.p_value_sm / z_vs_sm).
   */
  readonly naive_chi2_2dof: { readonly p: number | null; readonly z: number | null } | null;
  /** DM vs NSI (non-nested): Δ and, with toys, its p-values under each hypothesis (src/analyses/globalsig.ts). */
  readonly comparison: { readonly dm_vs_nsi: { readonly delta: number; readonly p_if_nsi: number | null; readonly p_if_dm: number | null; readonly n_toys: number } | null };
  /** DM profiled over the mass grid (src/analyses/massprofile.ts); null without a signal section. */
  readonly mass_profile: MassProfileReport['mass_profile'] | null;
  readonly mass_grid: MassProfileReport['mass_grid'] | null;
  readonly best_fit: MassProfileReport['best_fit'] | null;
  readonly mass_intervals: MassProfileReport['mass_intervals'] | null;
  readonly profile_range_twice_nll: number | null;
  readonly best_fit_allowed: MassProfileReport['best_fit_allowed'];
  readonly best_fit_allowed_note: string | null;
}

function summary(exp: ExperimentAnalysis, a: AssembledModel, r: FitResult, smTwiceNll: number, extraDof: number, dm?: { mass_MeV: number; Y: number }): HypothesisSummary {
  const parameters: Record<string, number> = {};
  a.model.params.names.forEach((n, i) => (parameters[n] = r.bestfit[i]!));
  const delta = smTwiceNll - r.twiceNll;
  const p = extraDof > 0 ? chi2Sf(Math.max(0, delta), extraDof) : null;
  return {
    twice_nll: r.twiceNll,
    converged: r.status.converged,
    parameters,
    extra_dof: extraDof,
    delta_twice_nll: delta,
    p_value_sm: p === null ? null : finiteOrNull(p),
    z_vs_sm: p === null ? null : finiteOrNull(pValueToSignificance(p)),
    pulls: pullReport(a.model, a.data, r.bestfit, exp.background.signalChannels),
    ...(dm ? { dm } : {}),
    yields: fittedYields(a.model, exp.background.signalChannels, r),
  };
}

/** SM vs SM+DM (profiled over the mediator mass grid) vs SM+NSI. */
export function compare(exp: ExperimentAnalysis, loaded: LoadedAnalysis, onProgress?: (done: number, total: number) => void): CompareReport {
  const sm = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const smFit = fit(sm.model, sm.data, { hesse: true });
  const smSum = summary(exp, sm, smFit, smFit.twiceNll, 0);
  let dmSum: HypothesisSummary | null = null;
  let prof: MassProfileReport | null = null;
  if (loaded.config.signal) {
    const masses = dmMassGrid(loaded);
    const d = fitDmOverMasses(exp, loaded, masses, onProgress);
    prof = d.report;
    const y = d.report.dm!.coupling.value;
    // Mass and Y both float when a mass grid is scanned; at a single mass only Y does.
    dmSum = summary(exp, d.assembled, d.result, smFit.twiceNll, masses.length > 1 ? 2 : 1, { mass_MeV: d.report.dm!.mass_MeV, Y: y });
  }
  let nsiSum: HypothesisSummary | null = null;
  if (loaded.config.nsi && exp.nsi) {
    const a = assembleHypothesis(exp, 'nsi', { parameterSets: loaded.parameterSets });
    const r = bestOfStarts(a);
    nsiSum = summary(exp, a, r, smFit.twiceNll, a.nsiCouplings.length);
  }
  return {
    hypotheses: { sm: smSum, dm: dmSum, nsi: nsiSum },
    dm_minus_nsi: dmSum && nsiSum ? nsiSum.twice_nll - dmSum.twice_nll : null,
    local: dmSum && prof ? localDiscovery(dmSum.delta_twice_nll, prof.best_fit.mass_MeV) : null,
    naive_chi2_2dof: dmSum && dmSum.extra_dof === 2 ? { p: dmSum.p_value_sm, z: dmSum.z_vs_sm } : null,
    comparison: { dm_vs_nsi: dmSum && nsiSum ? { delta: nsiSum.twice_nll - dmSum.twice_nll, p_if_nsi: null, p_if_dm: null, n_toys: 0 } : null },
    mass_profile: prof?.mass_profile ?? null,
    mass_grid: prof?.mass_grid ?? null,
    best_fit: prof?.best_fit ?? null,
    mass_intervals: prof?.mass_intervals ?? null,
    profile_range_twice_nll: prof?.profile_range_twice_nll ?? null,
    best_fit_allowed: prof?.best_fit_allowed ?? null,
    best_fit_allowed_note: prof?.best_fit_allowed_note ?? null,
  };
}

/** One-sided local discovery significance of q0 at a fixed point (½δ(0) + ½χ²₁; src/stats/infer/lee.ts). */
function localDiscovery(q0: number, massMeV: number): { z: number; p: number; mass_MeV: number; q0: number } {
  const q = Math.max(0, q0);
  const p = localPValue(q);
  return { z: pValueToSignificance(p), p, mass_MeV: massMeV, q0: q };
}

/**
 * NSI likelihoods are not convex in the couplings (interference: the rate is quadratic in g), so fit from
 * several deterministic starting points in each coupling's range and keep the best.
 */
export function bestOfStarts(a: AssembledModel, data: ObservedData = a.data, hesse = true): FitResult {
  let best = fit(a.model, data, { hesse });
  const idx = a.nsiCouplings.map((n) => a.model.params.index(n));
  const fractions = [-0.6, -0.2, 0.2, 0.6];
  for (const f of fractions) {
    const init = Float64Array.from(a.model.params.init);
    for (const i of idx) init[i] = a.model.params.lo[i]! + ((f + 1) / 2) * (a.model.params.hi[i]! - a.model.params.lo[i]!);
    const r = fit(a.model, data, { hesse: false, init });
    if (r.status.converged && r.twiceNll < best.twiceNll - 1e-9) best = hesse ? fit(a.model, data, { hesse: true, init: r.bestfit }) : r;
  }
  return best;
}

/** 1-D profile scan of a model parameter. */
export interface Scan1DReport {
  readonly kind: '1d';
  readonly hypothesis: HypothesisName;
  readonly param: string;
  readonly values: number[];
  readonly delta_twice_nll: Array<number | null>;
  /** Per point (aligned with values): true when its profile fit converged (after retries from neighbours). */
  readonly converged: boolean[];
  /** How many points failed (still not converged), how many were retried. */
  readonly summary: ScanSummary & { readonly global_fit_converged: boolean };
  readonly best: { readonly value: number; readonly twice_nll: number };
  /** Intervals where Δ(−2lnL) < 1 (68.3 %) and < 3.84 (95 %), from linear interpolation of the scan. */
  readonly intervals: { readonly cl68: [number, number] | null; readonly cl95: [number, number] | null };
  /** Health of each interval: failed points it rests on, open ends at the scan edge (null when there is no interval). */
  readonly interval_health: { readonly cl68: IntervalHealth | null; readonly cl95: IntervalHealth | null };
}

/** Health summary of a scan. */
export interface ScanSummary {
  readonly n_points: number;
  /** Points whose fit did not converge even after a retry from a converged neighbour's solution. */
  readonly n_failed: number;
  /** Points retried from a neighbour. */
  readonly n_retried: number;
}

/** 2-D scan over (m_A′, Y) for the DM hypothesis. */
export interface MassYScanReport {
  readonly kind: 'mass-Y';
  readonly masses_MeV: number[];
  readonly Y: number[];
  /** Δ(−2lnL) relative to the best point (row-major: mass index outer, Y index inner); null where undefined. */
  readonly delta_twice_nll: Array<number | null>;
  /** Per grid point (same layout): fit converged after retries from a neighbouring Y; null where no signal is possible. */
  readonly converged: Array<boolean | null>;
  readonly summary: ScanSummary & { readonly sm_fit_converged: boolean };
  readonly best: { readonly mass_MeV: number; readonly Y: number; readonly twice_nll: number };
  /** Δ(−2lnL) thresholds for the 68.3 % and 95 % CL regions with two parameters (Wilks). */
  readonly thresholds: { readonly cl68: number; readonly cl95: number };
  /** −2lnL of the background-only fit (Y = 0). */
  readonly twice_nll_sm: number;
}

/**
 * 1-D profile scan of a model parameter (released if the model fixes it) with the profile core of src/stats/infer
 * (warm starts, failed points retried from a converged neighbour); every point carries `converged`, and the
 * intervals say whether they rest on a failed point or on the scan edge.
 */
export function scan1D(exp: ExperimentAnalysis, loaded: LoadedAnalysis, param: string, values: Float64Array, hypothesis: HypothesisName, onProgress?: (d: number, t: number) => void): Scan1DReport {
  const a = assembleHypothesis(exp, hypothesis, { parameterSets: loaded.parameterSets });
  const idx = a.model.params.index(param);
  const fitOpts = { release: [param] };
  const global = fit(a.model, a.data, { hesse: false, ...fitOpts });
  const scan = profileScan1D(a.model, a.data, param, values, { global, fit: fitOpts, ...(onProgress ? { onProgress } : {}) });
  const out = Array.from(scan.deltaTwiceNll, finiteOrNull);
  let kMin = -1;
  for (let k = 0; k < values.length; k++) if (Number.isFinite(scan.twiceNll[k]!) && (kMin < 0 || scan.twiceNll[k]! < scan.twiceNll[kMin]!)) kMin = k;
  const minVal = scan.globalTwiceNll;
  const bestValue = global.twiceNll <= minVal + 1e-9 || kMin < 0 ? global.bestfit[idx]! : values[kMin]!;
  const converged = Array.from(scan.converged, (c) => c === 1);
  const i68 = profileInterval(values, out, 1, scan.converged);
  const i95 = profileInterval(values, out, CHI2_1DOF_95, scan.converged);
  const nFailed = converged.filter((c) => !c).length;
  return {
    kind: '1d',
    hypothesis,
    param,
    values: Array.from(values),
    delta_twice_nll: out,
    converged,
    summary: { n_points: values.length, n_failed: nFailed, n_retried: scan.retried, global_fit_converged: global.status.converged },
    best: { value: bestValue, twice_nll: minVal },
    intervals: { cl68: i68 ? [i68.lower, i68.upper] : null, cl95: i95 ? [i95.lower, i95.upper] : null },
    interval_health: { cl68: i68?.health ?? null, cl95: i95?.health ?? null },
  };
}

/** Δ(−2lnL) of a 95 % CL interval in one parameter (χ²₁ quantile). */
const CHI2_1DOF_95 = 3.841458820694124;

/** One mass row of the scan: −2lnL at each Y (null where undefined or no signal is possible), and the fits' health. */
export interface MassYRow {
  readonly twice_nll: Array<number | null>;
  /** Per Y: fit converged (after retries from a neighbouring Y); null where no signal is possible. */
  readonly converged: Array<boolean | null>;
  readonly retried: number;
  /**
   * The fit at this mass with Y free (the mass profile's point): −2lnL and Ŷ, null where no signal is possible or it
   * did not converge. The scan's reference minimum uses it, so Δ(−2lnL) does not depend on the Y grid.
   */
  readonly free: { readonly twice_nll: number; readonly Y: number } | null;
}

/** Set-up arguments of {@link massYScanJob} (structured-cloneable). */
export interface MassYJobArgs {
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly masses: Float64Array;
  readonly ys: number[];
}
interface MassYContext {
  readonly exp: ExperimentAnalysis;
  readonly loaded: LoadedAnalysis;
  readonly masses: Float64Array;
  readonly ys: number[];
}

/** Pool job of the mass × Y scan (src/stats/parallel/pool.ts): one mass row per item, fits at fixed μ = (Y/Y_ref)² per Y. */
export const massYScanJob: PoolJob<MassYJobArgs, MassYContext, MassYRow> = {
  async setup(a) {
    return { exp: await buildExperiment(a.config), loaded: { config: a.config, file: a.file, parameterSets: new Map(a.parameterSets) }, masses: a.masses, ys: a.ys };
  },
  run({ exp, loaded, masses, ys }, im) {
    const m = masses[im]!;
    let a: AssembledModel | null = null;
    try {
      a = assembleHypothesis(exp, 'dm', { massMeV: m, parameterSets: loaded.parameterSets, muMax: Number.MAX_VALUE });
    } catch (e) {
      if (!(e instanceof InvalidModel)) throw e;
    }
    const ny = ys.length;
    if (!a) return { twice_nll: new Array<number | null>(ny).fill(null), converged: new Array<boolean | null>(ny).fill(null), retried: 0, free: null };
    const am = a;
    const fitAt = (k: number, init: Float64Array | undefined): FitResult =>
      fit(am.model, am.data, { hesse: false, fixedValues: { [DM_POI]: muOfTemplates(ys[k]!, am.dm!) }, ...(init ? { init } : {}) });
    const nll = new Float64Array(ny);
    const conv = new Uint8Array(ny);
    const bestfits: Float64Array[] = [];
    const retried = warmScan(ny, fitAt, { twiceNll: nll, converged: conv, bestfits });
    // Y free, started from the best grid point of this mass.
    let kBest = -1;
    for (let k = 0; k < ny; k++) if (conv[k] === 1 && (kBest < 0 || nll[k]! < nll[kBest]!)) kBest = k;
    const freeAssembled = assembleHypothesis(exp, 'dm', { massMeV: m, parameterSets: loaded.parameterSets, dmTemplates: am.dm! });
    const freeFit = fit(freeAssembled.model, freeAssembled.data, { hesse: false, ...(kBest >= 0 && bestfits[kBest]!.length === freeAssembled.model.params.n ? { init: bestfits[kBest]! } : {}) });
    const free = freeFit.status.converged && Number.isFinite(freeFit.twiceNll) ? { twice_nll: freeFit.twiceNll, Y: couplingOfTemplates(freeFit.bestfit[freeAssembled.model.params.index(DM_POI)]!, am.dm!) } : null;
    return { twice_nll: Array.from(nll, finiteOrNull), converged: Array.from(conv, (c) => c === 1), retried, free };
  },
};

/** Options of {@link scanMassY}. */
export interface MassYScanOptions {
  /** Lanes of the pool (this thread + worker threads). @default the cores not busy with other work (defaultLanes) */
  readonly workers?: number;
  /** Called after each mass with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Compiled pool worker. @default dist/node/worker.js (the Node thread host's) */
  readonly workerUrl?: URL;
}

/** Profile −2lnL on the (m_A′, Y) grid of `config.scan` (other parameters profiled), with the pool over masses. */
export async function scanMassY(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: MassYScanOptions = {}): Promise<MassYScanReport> {
  const r = await massYRows(exp, loaded, opts);
  return massYReport(r.masses, r.ys, r.sm, r.rows);
}

/** The background-only fit of a mass × Y scan (−2lnL and its health). */
export interface MassYSmFit {
  readonly twice_nll: number;
  readonly converged: boolean;
}

/**
 * The rows of a mass × Y scan for the mass indices `opts.indices` (default all; a shard's slice), and the
 * background-only fit. Rows depend only on their mass, so any split gives the same rows.
 */
export async function massYRows(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  opts: MassYScanOptions & { readonly indices?: readonly number[] } = {},
): Promise<{ masses: Float64Array; ys: number[]; sm: MassYSmFit; rows: MassYRow[] }> {
  const cfg = loaded.config;
  if (!cfg.signal || !cfg.scan) throw new InvalidSpecification('a mass–Y scan needs `signal` and `scan` sections', cfg.signal ? 'scan' : 'signal');
  const masses = dmMassGridOf(loaded).masses; // the one DM mass grid shared with fit and compare
  const ys = Array.from(expandGrid(cfg.scan.Y));
  const smA = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const smFit = fit(smA.model, smA.data, { hesse: false });
  const onProgress = opts.onProgress;
  const pool = await runPool({
    job: { moduleUrl: import.meta.url, exportName: 'massYScanJob' },
    args: { config: cfg, file: loaded.file, parameterSets: [...loaded.parameterSets], masses, ys } satisfies MassYJobArgs,
    indices: opts.indices ?? Array.from(masses, (_, i) => i),
    inline: { job: massYScanJob, context: () => ({ exp, loaded, masses, ys }) },
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    ...(onProgress ? { onResult: (_i: number, _v: MassYRow, d: number, t: number) => onProgress(d, t) } : {}),
  });
  return { masses, ys, sm: { twice_nll: smFit.twiceNll, converged: smFit.status.converged }, rows: pool.values };
}

/** The mass × Y scan report from all rows (in mass order) and the background-only fit. */
export function massYReport(masses: ArrayLike<number>, ys: readonly number[], sm: MassYSmFit, rows: readonly MassYRow[]): MassYScanReport {
  const grid: Array<number | null> = rows.flatMap((r) => r.twice_nll);
  const converged: Array<boolean | null> = rows.flatMap((r) => r.converged);
  let best = { mass_MeV: NaN, Y: 0, twice_nll: sm.twice_nll };
  grid.forEach((v, k) => {
    if (v !== null && converged[k] === true && v < best.twice_nll) best = { mass_MeV: masses[Math.floor(k / ys.length)]!, Y: ys[k % ys.length]!, twice_nll: v };
  });
  // The Y-free fit at each mass is at least as good as its grid points: the reference minimum is the profile's.
  rows.forEach((r, i) => {
    if (r.free && r.free.twice_nll < best.twice_nll) best = { mass_MeV: masses[i]!, Y: r.free.Y, twice_nll: r.free.twice_nll };
  });
  return {
    kind: 'mass-Y',
    masses_MeV: Array.from(masses),
    Y: [...ys],
    delta_twice_nll: grid.map((v) => (v === null ? null : v - best.twice_nll)),
    converged,
    summary: {
      n_points: grid.length,
      n_failed: converged.filter((c) => c === false).length,
      n_retried: rows.reduce((a, r) => a + r.retried, 0),
      sm_fit_converged: sm.converged,
    },
    best,
    thresholds: { cl68: 2.295748928898636, cl95: 5.991464547107979 },
    twice_nll_sm: sm.twice_nll,
  };
}
