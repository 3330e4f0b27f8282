/**
 * Experiment-agnostic analysis procedures behind the CLI commands: fit, significance, compare, scan.
 * Each returns a named result object (JSON-ready: numbers finite or null, never NaN) that the CLI prints
 * and writes; plots are made from the same objects (src/analyses/plots.ts).
 */
import type { CompiledModel } from '../stats/model/compiled.js';
import type { ObservedData } from '../stats/types.js';
import { fit, type FitResult } from '../stats/infer/mle.js';
import { minos } from '../stats/infer/profile.js';
import { discoverySignificance } from '../stats/infer/asymptotic.js';
import { sampleTestStatistic } from '../stats/infer/toys.js';
import { chi2Sf, pValueToSignificance } from '../stats/distributions/index.js';
import { InvalidSpecification } from '../util/errors.js';
import { expandGrid, type AnalysisConfig, type LoadedAnalysis } from './config.js';
import { assembleHypothesis, DM_POI, muFromY, yFromMu, type AssembledModel, type HypothesisName } from './assemble.js';
import type { DmSignalTemplates, ExperimentAnalysis } from './types.js';
import { runPool, type PoolJob } from '../stats/parallel/pool.js';
import { buildExperiment } from './experiments/index.js';

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
  readonly dm?: { readonly mass_MeV: number; readonly chi_mass_MeV: number; readonly Y: ValueError; readonly reference_Y: number };
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

/** Per-sample fitted yields in the signal channels with errors propagated through the covariance. */
export function fittedYields(model: CompiledModel, signalChannels: readonly string[], r: FitResult): Record<string, ValueError> {
  const sums = (pars: Float64Array): Map<string, number> => {
    const out = new Map<string, number>();
    for (const ch of model.sampleYields(pars)) {
      if (!signalChannels.includes(ch.channel)) continue;
      for (const s of ch.samples) out.set(s.sample, (out.get(s.sample) ?? 0) + s.total);
    }
    return out;
  };
  const central = sums(r.bestfit);
  const names = [...central.keys()];
  const n = r.bestfit.length;
  const grads = new Map<string, Float64Array>(names.map((s) => [s, new Float64Array(n)]));
  const cov = r.covariance;
  if (cov) {
    const x = Float64Array.from(r.bestfit);
    for (let i = 0; i < n; i++) {
      if (r.fixed[i] || cov[i * n + i]! <= 0) continue;
      const h = Math.max(1e-6, 1e-3 * Math.sqrt(cov[i * n + i]!));
      const lo = model.params.lo[i]!;
      const hi = model.params.hi[i]!;
      const xp = Math.min(hi, x[i]! + h);
      const xm = Math.max(lo, x[i]! - h);
      x[i] = xp;
      const up = sums(x);
      x[i] = xm;
      const dn = sums(x);
      x[i] = r.bestfit[i]!;
      for (const s of names) grads.get(s)![i] = (up.get(s)! - dn.get(s)!) / (xp - xm);
    }
  }
  const out: Record<string, ValueError> = {};
  for (const s of names) {
    let err: number | null = null;
    if (cov) {
      const g = grads.get(s)!;
      let v = 0;
      for (let i = 0; i < n; i++) {
        if (g[i] === 0) continue;
        for (let j = 0; j < n; j++) v += g[i]! * cov[i * n + j]! * g[j]!;
      }
      err = finiteOrNull(Math.sqrt(Math.max(0, v)));
    }
    out[s] = { value: central.get(s)!, error: err };
  }
  return out;
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

function dmReport(dm: DmSignalTemplates, r: FitResult, model: CompiledModel): NonNullable<FitReport['dm']> {
  const i = model.params.index(DM_POI);
  const mu = r.bestfit[i]!;
  const muErr = r.errors ? r.errors[i]! : NaN;
  const y = yFromMu(mu, dm.referenceY);
  // dY/dμ = Y_ref / (2√μ); at μ = 0 the linearised error is undefined — report the Y at μ + σ_μ instead.
  const yErr = Number.isFinite(muErr) ? (mu > 0 ? (dm.referenceY * muErr) / (2 * Math.sqrt(mu)) : yFromMu(muErr, dm.referenceY)) : NaN;
  return { mass_MeV: dm.massMeV, chi_mass_MeV: dm.chiMassMeV, Y: { value: y, error: finiteOrNull(yErr) }, reference_Y: dm.referenceY };
}

/** Masses (MeV) a DM fit profiles over: the config's scan grid, or the single signal mass when there is no scan. */
export function dmMassGrid(loaded: LoadedAnalysis): Float64Array {
  const cfg = loaded.config;
  if (!cfg.signal) throw new InvalidSpecification('this command needs a `signal` section', 'signal');
  return cfg.scan ? expandGrid(cfg.scan.mass_MeV) : Float64Array.of(cfg.signal.mass_MeV);
}

/** Result of the DM fit profiled over the mediator mass. */
export interface DmFitReport extends FitReport {
  /** −2lnL of the best DM fit at each scanned mass (null where no signal is possible). */
  readonly mass_profile: ReadonlyArray<{ readonly mass_MeV: number; readonly twice_nll: number | null; readonly Y: number | null }>;
}

/** Fit the DM hypothesis at every mass of the grid and keep the best (the mass is not a continuous parameter). */
export function fitDmOverMasses(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  masses: Float64Array,
  onProgress?: (done: number, total: number) => void,
): { report: DmFitReport; assembled: AssembledModel; result: FitResult } {
  let best: { report: FitReport; result: FitResult; a: AssembledModel } | null = null;
  const profile: Array<{ mass_MeV: number; twice_nll: number | null; Y: number | null }> = [];
  masses.forEach((m, k) => {
    let a: AssembledModel;
    try {
      a = assembleHypothesis(exp, 'dm', { massMeV: m, parameterSets: loaded.parameterSets });
    } catch (e) {
      if ((e as Error).name === 'InvalidModel') {
        profile.push({ mass_MeV: m, twice_nll: null, Y: null });
        onProgress?.(k + 1, masses.length);
        return;
      }
      throw e;
    }
    const r = fit(a.model, a.data, { hesse: false });
    profile.push({ mass_MeV: m, twice_nll: finiteOrNull(r.twiceNll), Y: finiteOrNull(yFromMu(r.bestfit[a.model.params.index(DM_POI)]!, a.dm!.referenceY)) });
    if (r.status.converged && (!best || r.twiceNll < best.result.twiceNll)) best = { report: null as unknown as FitReport, result: r, a };
    onProgress?.(k + 1, masses.length);
  });
  if (!best) throw new InvalidSpecification('no mass point gave a converged DM fit', 'scan.mass_MeV');
  const b = best as { a: AssembledModel };
  const full = fitReport(exp, b.a, { minos: [DM_POI] });
  return { report: { ...full.report, mass_profile: profile }, assembled: b.a, result: full.result };
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

/** The discovery test of a config: the model with its POI, the data, and the asymptotic result. */
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
    const base = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
    a = { ...base, model: withPoi(base.model, smPoi) };
    poi = smPoi;
  }
  const d = discoverySignificance(a.model, a.data, { muAsimov: 1 });
  const muHat = d.muHat;
  const dm = a.dm ? { mass_MeV: a.dm.massMeV, Y_hat: yFromMu(muHat, a.dm.referenceY) } : undefined;
  return { a, poi, asymptotic: { poi, method: 'asymptotic', q0: d.q0, z: d.z, p0: d.p0, z_expected: finiteOrNull(d.zExpected), mu_hat: muHat, ...(dm ? { dm } : {}), valid: d.valid, messages: d.messages } };
}

/**
 * Background-only toys [start, end) of the discovery test: q0 of each toy (null where its fits failed) and the
 * asymptotic report. Toy k uses RNG stream k of `seed`, so any split of the toys (shards) gives the same values.
 */
export function significanceToys(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: { seed: number; start: number; end: number }): { asymptotic: SignificanceReport; q0: Array<number | null> } {
  const { a, poi, asymptotic } = discoverySetup(exp, loaded);
  const bOnly = fit(a.model, a.data, { hesse: false, fixedValues: { [poi]: 0 } });
  const q0: Array<number | null> = [];
  for (let k = opts.start; k < opts.end; k++) {
    const s = sampleTestStatistic(a.model, bOnly.bestfit, 0, 'q0', { nToys: 1, seed: opts.seed, streamOffset: k });
    q0.push(s.samples.length === 1 ? s.samples[0]! : null);
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
export function significance(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: { toys?: number; seed?: number } = {}): SignificanceReport {
  if (!opts.toys) return discoverySetup(exp, loaded).asymptotic;
  const seed = opts.seed ?? 1;
  const t = significanceToys(exp, loaded, { seed, start: 0, end: opts.toys });
  return toySignificance(t.asymptotic, t.q0, seed);
}

/** A copy of a compiled model whose POI is `name` (for SM significances). */
function withPoi(model: CompiledModel, name: string): CompiledModel {
  const idx = model.params.index(name);
  const params = Object.create(Object.getPrototypeOf(model.params), Object.getOwnPropertyDescriptors(model.params));
  Object.defineProperty(params, 'poiIndex', { value: idx });
  const copy = Object.create(Object.getPrototypeOf(model), Object.getOwnPropertyDescriptors(model));
  Object.defineProperty(copy, 'params', { value: params });
  return copy as CompiledModel;
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
  /** p-value of SM against this hypothesis (Wilks, χ² with extra_dof; approximate for the mass scan). */
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
  if (loaded.config.signal) {
    const masses = dmMassGrid(loaded);
    const d = fitDmOverMasses(exp, loaded, masses, onProgress);
    const y = d.report.dm!.Y.value;
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
  };
}

/**
 * NSI likelihoods are not convex in the couplings (interference: the rate is quadratic in g), so fit from
 * several deterministic starting points in each coupling's range and keep the best.
 */
function bestOfStarts(a: AssembledModel): FitResult {
  let best = fit(a.model, a.data, { hesse: true });
  const idx = a.nsiCouplings.map((n) => a.model.params.index(n));
  const fractions = [-0.6, -0.2, 0.2, 0.6];
  for (const f of fractions) {
    const init = Float64Array.from(a.model.params.init);
    for (const i of idx) init[i] = a.model.params.lo[i]! + ((f + 1) / 2) * (a.model.params.hi[i]! - a.model.params.lo[i]!);
    const r = fit(a.model, a.data, { hesse: false, init });
    if (r.status.converged && r.twiceNll < best.twiceNll - 1e-9) best = fit(a.model, a.data, { hesse: true, init: r.bestfit });
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
  readonly best: { readonly value: number; readonly twice_nll: number };
  /** Intervals where Δ(−2lnL) < 1 (68.3 %) and < 3.84 (95 %), from linear interpolation of the scan. */
  readonly intervals: { readonly cl68: [number, number] | null; readonly cl95: [number, number] | null };
}

/** 2-D scan over (m_A′, Y) for the DM hypothesis. */
export interface MassYScanReport {
  readonly kind: 'mass-Y';
  readonly masses_MeV: number[];
  readonly Y: number[];
  /** Δ(−2lnL) relative to the best point (row-major: mass index outer, Y index inner); null where undefined. */
  readonly delta_twice_nll: Array<number | null>;
  readonly best: { readonly mass_MeV: number; readonly Y: number; readonly twice_nll: number };
  /** Δ(−2lnL) thresholds for the 68.3 % and 95 % CL regions with two parameters (Wilks). */
  readonly thresholds: { readonly cl68: number; readonly cl95: number };
  /** −2lnL of the background-only fit (Y = 0). */
  readonly twice_nll_sm: number;
}

export function scan1D(exp: ExperimentAnalysis, loaded: LoadedAnalysis, param: string, values: Float64Array, hypothesis: HypothesisName, onProgress?: (d: number, t: number) => void): Scan1DReport {
  const a = assembleHypothesis(exp, hypothesis, { parameterSets: loaded.parameterSets });
  const idx = a.model.params.index(param);
  const global = fit(a.model, a.data, { hesse: false, release: [param] });
  const out: Array<number | null> = [];
  let warm = Float64Array.from(global.bestfit);
  let minVal = global.twiceNll;
  const raw: number[] = [];
  values.forEach((v, k) => {
    const r = fit(a.model, a.data, { hesse: false, init: warm, release: [param], fixedValues: { [param]: v } });
    raw.push(r.twiceNll);
    if (Number.isFinite(r.twiceNll)) {
      warm = Float64Array.from(r.bestfit);
      minVal = Math.min(minVal, r.twiceNll);
    }
    onProgress?.(k + 1, values.length);
  });
  for (const t of raw) out.push(finiteOrNull(t - minVal));
  const bestValue = global.twiceNll <= minVal + 1e-9 ? global.bestfit[idx]! : values[raw.indexOf(minVal)]!;
  return {
    kind: '1d',
    hypothesis,
    param,
    values: Array.from(values),
    delta_twice_nll: out,
    best: { value: bestValue, twice_nll: minVal },
    intervals: { cl68: interval(values, out, 1), cl95: interval(values, out, 3.841458820694124) },
  };
}

/** The range where a scanned Δ(−2lnL) lies below `level`, by linear interpolation between grid points. */
export function interval(values: ArrayLike<number>, delta: ReadonlyArray<number | null>, level: number): [number, number] | null {
  let lo: number | null = null;
  let hi: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const d = delta[i];
    if (d === null || d === undefined || d >= level) continue;
    if (lo === null) {
      const dp = i > 0 ? delta[i - 1] : null;
      lo = dp !== null && dp !== undefined ? values[i - 1]! + ((dp - level) / (dp - d)) * (values[i]! - values[i - 1]!) : values[i]!;
    }
    const dn = i + 1 < values.length ? delta[i + 1] : null;
    hi = dn !== null && dn !== undefined && dn >= level ? values[i]! + ((level - d) / (dn - d)) * (values[i + 1]! - values[i]!) : values[i]!;
  }
  return lo === null || hi === null ? null : [lo, hi];
}

/** One mass row of the scan: −2lnL at each Y (null where undefined or no signal is possible). */
export type MassYRow = Array<number | null>;

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
      if ((e as Error).name !== 'InvalidModel') throw e;
    }
    const row: MassYRow = [];
    let warm: Float64Array | undefined;
    for (const y of ys) {
      if (!a) {
        row.push(null);
        continue;
      }
      const r = fit(a.model, a.data, { hesse: false, fixedValues: { [DM_POI]: muFromY(y, a.dm!.referenceY) }, ...(warm ? { init: warm } : {}) });
      row.push(finiteOrNull(r.twiceNll));
      if (Number.isFinite(r.twiceNll)) warm = r.bestfit;
    }
    return row;
  },
};

/** Options of {@link scanMassY}. */
export interface MassYScanOptions {
  /** Lanes of the pool (this thread + worker threads). @default the cores not busy with other work (defaultLanes) */
  readonly workers?: number;
  /** Called after each mass with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Compiled pool worker. @default dist/stats/parallel/worker.js */
  readonly workerUrl?: URL;
}

/** Profile −2lnL on the (m_A′, Y) grid of `config.scan` (other parameters profiled), with the pool over masses. */
export async function scanMassY(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: MassYScanOptions = {}): Promise<MassYScanReport> {
  const r = await massYRows(exp, loaded, opts);
  return massYReport(r.masses, r.ys, r.twiceNllSm, r.rows);
}

/**
 * The rows of a mass × Y scan for the mass indices `opts.indices` (default all; a shard's slice), and the −2lnL of
 * the background-only fit. Rows depend only on their mass, so any split gives the same rows.
 */
export async function massYRows(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  opts: MassYScanOptions & { readonly indices?: readonly number[] } = {},
): Promise<{ masses: Float64Array; ys: number[]; twiceNllSm: number; rows: MassYRow[] }> {
  const cfg = loaded.config;
  if (!cfg.signal || !cfg.scan) throw new InvalidSpecification('a mass–Y scan needs `signal` and `scan` sections', cfg.signal ? 'scan' : 'signal');
  const masses = expandGrid(cfg.scan.mass_MeV);
  const ys = Array.from(expandGrid(cfg.scan.Y));
  const sm = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const smFit = fit(sm.model, sm.data, { hesse: false });
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
  return { masses, ys, twiceNllSm: smFit.twiceNll, rows: pool.values };
}

/** The mass × Y scan report from all rows (in mass order) and the background-only −2lnL. */
export function massYReport(masses: ArrayLike<number>, ys: readonly number[], twiceNllSm: number, rows: readonly MassYRow[]): MassYScanReport {
  const grid: Array<number | null> = rows.flat();
  let best = { mass_MeV: NaN, Y: 0, twice_nll: twiceNllSm };
  grid.forEach((v, k) => {
    if (v !== null && v < best.twice_nll) best = { mass_MeV: masses[Math.floor(k / ys.length)]!, Y: ys[k % ys.length]!, twice_nll: v };
  });
  return {
    kind: 'mass-Y',
    masses_MeV: Array.from(masses),
    Y: [...ys],
    delta_twice_nll: grid.map((v) => (v === null ? null : v - best.twice_nll)),
    best,
    thresholds: { cl68: 2.295748928898636, cl95: 5.991464547107979 },
    twice_nll_sm: twiceNllSm,
  };
}
