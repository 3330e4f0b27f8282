/**
 * Analysis-level procedures behind `impacts`, `gof` and `compatibility`: load the config's model as `fit` does
 * (src/analyses/run.ts, ./assemble.ts), call the statistics library (src/stats/infer/impacts.ts, gof.ts,
 * compatibility.ts) and return JSON-ready results. Toys run on the worker pool (src/stats/parallel/pool.ts); toy k
 * uses RNG stream k of the seed, so results do not depend on the number of lanes.
 */
import { compileModel } from '../stats/model/compile.js';
import type { CompiledModel } from '../stats/model/compiled.js';
import { fit, type FitResult } from '../stats/infer/mle.js';
import { minos } from '../stats/infer/profile.js';
import { prePostYieldTables, type ChannelYieldTable } from '../stats/infer/yieldtable.js';
import { impacts, type ImpactsResult } from '../stats/infer/impacts.js';
import { gofFromToys, gofToy, saturatedStatistic, type ChannelRange, type GofResult, type ToyParts } from '../stats/infer/gof.js';
import { compatibilityFits, compatibilityToy, separatePoiName, splitPoiSpec, type CompatibilityResult } from '../stats/infer/compatibility.js';
import { chi2Sf } from '../stats/distributions/index.js';
import { runPool, type PoolJob } from '../stats/parallel/pool.js';
import { InvalidSpecification } from '../util/errors.js';
import type { AnalysisConfig, LoadedAnalysis } from './config.js';
import { assembleHypothesis, couplingFromMu, DM_POI, type AssembledModel, type HypothesisName } from './assemble.js';
import type { ExperimentAnalysis } from './types.js';
import { buildExperiment } from './experiments/index.js';

/** The model whose POI a procedure studies: DM configs → mu_dm at signal.mass_MeV; SM configs → the free CEvNS normalisation. */
export function poiModel(exp: ExperimentAnalysis, loaded: LoadedAnalysis, hypothesis?: HypothesisName): { a: AssembledModel; poi: string } {
  const h = hypothesis ?? (loaded.config.signal ? 'dm' : 'sm');
  if (h === 'dm') return { a: assembleHypothesis(exp, 'dm', { parameterSets: loaded.parameterSets }), poi: DM_POI };
  if (h === 'nsi') throw new InvalidSpecification('the NSI hypothesis has no single parameter of interest', '--hypothesis');
  const smPoi = exp.background.smPoi;
  if (!smPoi) throw new InvalidSpecification(`experiment ${exp.experiment} has no free CEvNS normalisation (set parameters.cevns_norm.fixed: false) and the config has no signal section`, 'parameters.cevns_norm');
  return { a: assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets, poi: smPoi }), poi: smPoi };
}

/** Uncertainty groups of the config's parameters (`parameters.<name>.group`); combination members' with their prefix. */
export function parameterGroups(config: AnalysisConfig): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, group: string | undefined): void => {
    if (group !== undefined) (out[group] ??= []).push(name);
  };
  for (const [n, p] of Object.entries(config.parameters)) add(n, p.group);
  for (const m of config.combination?.loaded ?? []) for (const [n, p] of Object.entries(m.config.parameters)) add(`${m.name}/${n}`, p.group);
  return out;
}

/** `impacts --json`: the library result plus the config's name and the POI's meaning. */
export interface ImpactsReport extends ImpactsResult {
  readonly hypothesis: HypothesisName;
  readonly dm_mass_MeV?: number;
}

/** Impacts, ranking and grouped breakdown of the config's POI. */
export function runImpacts(exp: ExperimentAnalysis, loaded: LoadedAnalysis, hypothesis?: HypothesisName): ImpactsReport {
  const { a, poi } = poiModel(exp, loaded, hypothesis);
  const m = a.model;
  const freeNuisances = m.params.names.filter((n, i) => !m.params.fixed[i] && n !== poi);
  if (freeNuisances.length === 0) {
    throw new InvalidSpecification(`${loaded.config.name} has no free nuisance parameter besides the POI ${poi}; impacts need at least one (free one under parameters:)`, 'parameters');
  }
  const groups: Record<string, string[]> = {};
  for (const [g, names] of Object.entries(parameterGroups(loaded.config))) {
    const present = names.filter((n) => m.params.names.includes(n) && n !== poi);
    if (present.length) groups[g] = present;
  }
  const r = impacts(m, a.data, { poi, groups });
  return { ...r, hypothesis: a.hypothesis, ...(a.dm ? { dm_mass_MeV: a.dm.massMeV } : {}) };
}

/** Channel layout of a compiled model. */
export function channelRanges(model: CompiledModel): ChannelRange[] {
  return model.channels.map((c) => ({ name: c.name, offset: c.offset, nBins: c.nBins }));
}

/** Set-up of the toy jobs (structured-cloneable). */
export interface ToyJobArgs {
  readonly kind: 'gof' | 'compatibility';
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly hypothesis: HypothesisName;
  readonly seed: number;
}

interface ToyContext {
  readonly kind: 'gof' | 'compatibility';
  readonly seed: number;
  readonly gof?: { model: CompiledModel; best: Float64Array; channels: ChannelRange[] };
  readonly compat?: CompatibilitySetup;
}

interface CompatibilitySetup {
  readonly common: CompiledModel;
  readonly separate: CompiledModel;
  readonly groups: string[];
  readonly poi: string;
  readonly data: AssembledModel['data'];
  readonly a: AssembledModel;
}

function gofSetup(exp: ExperimentAnalysis, loaded: LoadedAnalysis, hypothesis: HypothesisName): { a: AssembledModel; best: ReturnType<typeof fit>; channels: ChannelRange[] } {
  const a = assembleHypothesis(exp, hypothesis, { parameterSets: loaded.parameterSets });
  const best = fit(a.model, a.data, { hesse: false });
  return { a, best, channels: channelRanges(a.model) };
}

/** The common and the separate-POI models of a combination config (the DM signal strength per member). */
function compatibilitySetup(exp: ExperimentAnalysis, loaded: LoadedAnalysis): CompatibilitySetup {
  const cfg = loaded.config;
  if (cfg.experiment !== 'combination' || !cfg.combination?.loaded) throw new InvalidSpecification(`compatibility needs an experiment: combination config, got ${cfg.experiment}`, 'experiment');
  if (!cfg.signal) throw new InvalidSpecification('compatibility tests the signal strength fitted per member: the combination needs a signal section', 'signal');
  const a = assembleHypothesis(exp, 'dm', { parameterSets: loaded.parameterSets });
  const members = cfg.combination.loaded.map((m) => m.name);
  const groups: Record<string, string[]> = {};
  for (const m of members) groups[m] = a.model.channels.filter((c) => c.name.startsWith(`${m}/`)).map((c) => c.name);
  // Members without DM signal at this mass (e.g. all production closed) carry no separate POI.
  const spec = splitPoiSpec(a.spec, DM_POI, groups);
  const separate = compileModel(spec, { functionSamples: a.functionSamples });
  const used = members.filter((m) => separate.params.names.includes(separatePoiName(DM_POI, m)));
  return { common: a.model, separate, groups: used, poi: DM_POI, data: a.data, a };
}

/** Pool job of the toys of `gof` and `compatibility`: one toy per item. */
export const inferenceToyJob: PoolJob<ToyJobArgs, ToyContext, ToyParts | number | null> = {
  async setup(args) {
    const exp = await buildExperiment(args.config);
    const loaded: LoadedAnalysis = { config: args.config, file: args.file, parameterSets: new Map(args.parameterSets) };
    if (args.kind === 'gof') {
      const s = gofSetup(exp, loaded, args.hypothesis);
      return { kind: 'gof', seed: args.seed, gof: { model: s.a.model, best: s.best.bestfit, channels: s.channels } };
    }
    const c = compatibilitySetup(exp, loaded);
    const cf = fit(c.common, c.data, { hesse: false });
    return { kind: 'compatibility', seed: args.seed, compat: c, gof: { model: c.common, best: cf.bestfit, channels: [] } };
  },
  run(ctx, k) {
    if (ctx.kind === 'gof') return gofToy(ctx.gof!.model, ctx.gof!.best, k, { seed: ctx.seed, channels: ctx.gof!.channels });
    const c = ctx.compat!;
    return compatibilityToy(c.common, c.separate, ctx.gof!.best, c.poi, c.groups, k, ctx.seed);
  },
};

/** Options of the toy procedures. */
export interface ToyRunOptions {
  readonly toys: number;
  readonly seed: number;
  /** Lanes of the pool. @default the cores not busy with other work */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly workerUrl?: URL;
}

async function runToys(exp: ExperimentAnalysis, loaded: LoadedAnalysis, kind: 'gof' | 'compatibility', hypothesis: HypothesisName, context: () => ToyContext, opts: ToyRunOptions): Promise<Array<ToyParts | number | null>> {
  const onProgress = opts.onProgress;
  const r = await runPool({
    job: { moduleUrl: import.meta.url, exportName: 'inferenceToyJob' },
    args: { kind, config: loaded.config, file: loaded.file, parameterSets: [...loaded.parameterSets], hypothesis, seed: opts.seed } satisfies ToyJobArgs,
    indices: Array.from({ length: opts.toys }, (_, k) => k),
    inline: { job: inferenceToyJob, context },
    minItemsPerLane: 20,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    ...(onProgress ? { onResult: (_i: number, _v: unknown, d: number, t: number) => onProgress(d, t) } : {}),
  });
  void exp;
  return r.values;
}

/** `gof --json`: saturated-model statistic per channel and in total with toy p-values. */
export interface GofReport extends Omit<GofResult, 'toys'> {
  readonly hypothesis: HypothesisName;
  readonly converged: boolean;
  /** The asymptotic χ² p-value with (bins − free parameters) dof, for orientation. */
  readonly p_value_chi2: number | null;
  readonly toy_statistics: readonly number[];
}

/** Saturated-model goodness of fit of a hypothesis (default: SM) with `toys` toys at the best fit. */
export async function runGof(exp: ExperimentAnalysis, loaded: LoadedAnalysis, hypothesis: HypothesisName, opts: ToyRunOptions): Promise<GofReport> {
  const s = gofSetup(exp, loaded, hypothesis);
  const observed = saturatedStatistic(s.a.model, s.a.data, s.best.bestfit, s.channels);
  const toys = await runToys(exp, loaded, 'gof', hypothesis, () => ({ kind: 'gof', seed: opts.seed, gof: { model: s.a.model, best: s.best.bestfit, channels: s.channels } }), opts);
  const g = gofFromToys(observed, toys as ToyParts[], s.channels, { seed: opts.seed, nAux: s.a.model.nAux });
  let nFree = 0;
  for (let i = 0; i < s.a.model.params.n; i++) if (!s.a.model.params.fixed[i]) nFree++;
  const p = chi2Sf(Math.max(0, observed.total), Math.max(1, s.a.model.nBins - nFree));
  const { toys: toyStats, ...rest } = g;
  return { ...rest, hypothesis, converged: s.best.status.converged, p_value_chi2: Number.isFinite(p) ? p : null, toy_statistics: toyStats };
}

/** `compatibility --json`. */
export interface CompatibilityReport extends CompatibilityResult {
  readonly mass_MeV: number;
  /** The signal coupling (the family's, e.g. Y) of the common and the separate fits. */
  readonly coupling: { readonly name: string; readonly common: number; readonly separate: Record<string, number> };
  readonly toys: { readonly n: number; readonly seed: number; readonly n_failed: number; readonly n_above: number; readonly p_value: number | null; readonly p_error: number | null } | null;
  readonly p_value: number | null;
  readonly messages: readonly string[];
}

/** Channel compatibility of a combination: the DM signal strength per member vs the common fit. */
export async function runCompatibility(exp: ExperimentAnalysis, loaded: LoadedAnalysis, opts: ToyRunOptions | { toys: 0; seed: number }): Promise<CompatibilityReport> {
  const c = compatibilitySetup(exp, loaded);
  const f = compatibilityFits(c.common, c.separate, c.data, c.poi, c.groups);
  const pAsym = f.result.dof > 0 ? chi2Sf(f.result.delta_twice_nll, f.result.dof) : NaN;
  const dm = c.a.dm!;
  const coup = (mu: number): number => couplingFromMu(mu, dm.referenceCoupling, dm.countPower);
  let toys: CompatibilityReport['toys'] = null;
  if (opts.toys > 0) {
    const vals = (await runToys(exp, loaded, 'compatibility', 'dm', () => ({ kind: 'compatibility', seed: opts.seed, compat: c, gof: { model: c.common, best: f.commonFit.bestfit, channels: [] } }), opts as ToyRunOptions)) as Array<number | null>;
    const valid = vals.filter((v): v is number => v !== null);
    const above = valid.filter((v) => v >= f.result.delta_twice_nll - 1e-9).length;
    const p = valid.length ? above / valid.length : null;
    toys = { n: vals.length, seed: opts.seed, n_failed: vals.length - valid.length, n_above: above, p_value: p, p_error: p === null ? null : Math.sqrt(Math.max(p * (1 - p), 1 / valid.length) / valid.length) };
  }
  return {
    ...f.result,
    p_value_asymptotic: Number.isFinite(pAsym) ? pAsym : null,
    mass_MeV: dm.massMeV,
    coupling: { name: dm.coupling.name, common: coup(f.result.common.value), separate: Object.fromEntries(f.result.separate.map((s) => [s.group, coup(s.value)])) },
    toys,
    p_value: toys ? toys.p_value : Number.isFinite(pAsym) ? pAsym : null,
    messages: [
      ...(toys && toys.n_above === 0 ? [`no toy reached the observed Δ(−2lnL): p < ${(1 / Math.max(1, toys.n - toys.n_failed)).toExponential(2)}`] : []),
      ...(f.result.separate.some((s) => s.at_bound) ? ['a separate POI is at its bound: the χ² p-value (Wilks) does not apply; use the toys'] : []),
      ...(!f.result.common.converged || !f.result.separate_converged ? ['a fit did not converge'] : []),
    ],
  };
}

/** What `fit` adds to its report: yield tables per channel and sample, the correlation matrix, the POI's profile interval. */
export interface FitExtras {
  readonly yield_tables: { readonly prefit: ChannelYieldTable[]; readonly postfit: ChannelYieldTable[] };
  /** Correlation matrix of the free parameters (row-major as nested lists; null without a covariance). */
  readonly correlation: { readonly parameters: string[]; readonly matrix: Array<Array<number | null>> } | null;
  /** MINOS-style (profile-likelihood, Δ(−2lnL) = 1) interval of the POI, when the hypothesis has one. */
  readonly poi_interval: {
    readonly name: string;
    readonly value: number;
    readonly error: number | null;
    readonly lower: number;
    readonly upper: number;
    readonly lower_valid: boolean;
    readonly upper_valid: boolean;
    readonly lower_at_limit: boolean;
    readonly upper_at_limit: boolean;
    readonly message: string;
  } | null;
}

/** Yield tables, correlation matrix and the POI's MINOS interval of a fit. */
export function fitExtras(a: AssembledModel, result: FitResult, poi: string | null): FitExtras {
  const m = a.model;
  const n = m.params.n;
  const freeIdx = m.params.names.map((_, i) => i).filter((i) => !result.fixed[i]);
  const correlation = result.correlation
    ? {
        parameters: freeIdx.map((i) => m.params.names[i]!),
        matrix: freeIdx.map((i) => freeIdx.map((j) => (Number.isFinite(result.correlation![i * n + j]!) ? result.correlation![i * n + j]! : null))),
      }
    : null;
  let poiInterval: FitExtras['poi_interval'] = null;
  if (poi !== null && m.params.names.includes(poi) && !result.fixed[m.params.index(poi)]) {
    const me = minos(m, a.data, result, [poi])[0]!;
    const i = m.params.index(poi);
    poiInterval = {
      name: poi,
      value: me.value,
      error: result.errors && Number.isFinite(result.errors[i]!) ? result.errors[i]! : null,
      lower: me.lower,
      upper: me.upper,
      lower_valid: me.lowerValid,
      upper_valid: me.upperValid,
      lower_at_limit: me.lowerAtLimit,
      upper_at_limit: me.upperAtLimit,
      message: me.message,
    };
  }
  return { yield_tables: prePostYieldTables(m, a.data, result), correlation, poi_interval: poiInterval };
}
