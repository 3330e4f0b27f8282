/**
 * The explorer's engine: the library's own analysis code (experiment bindings, hypothesis assembly, fits, profile
 * scans, CLs, pyhf workspaces) driven from a page. It runs twice in a page, on the main thread (live spectra and
 * −2lnL as inputs move) and in a Web Worker (fits, scans, limits), with the same embedded data; nothing here is a
 * second copy of a computation, only glue between inputs and the library's functions.
 */
import type { AnalysisConfig, LoadedAnalysis } from '../../analyses/config.js';
import { assembleHypothesis, DM_POI, couplingFromMu, type AssembledModel, type HypothesisName } from '../../analyses/assemble.js';
import { setDatasetProvider, DATASET_KEYS, type DatasetKey, type DatasetProvider } from '../../analyses/datasource.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { fitReport, type FitReport } from '../../analyses/run.js';
import type { DmSignalTemplates, ExperimentAnalysis } from '../../analyses/types.js';
import { projectOnAxis } from '../../analyses/plots.js';
import { hypotest } from '../../stats/infer/hypotest.js';
import { fit } from '../../stats/infer/mle.js';
import { profileInterval, profileScan1D } from '../../stats/infer/profile.js';
import { upperLimit } from '../../stats/infer/upperlimit.js';
import { loadWorkspaceText, type LoadedWorkspace } from '../../stats/workspace/read.js';
import { DatasetUnavailable, InvalidModel, InvalidSpecification } from '../../util/errors.js';
import { decodeValue } from './codec.js';

/** One analysis as embedded in the page. */
export interface PageAnalysis {
  readonly name: string;
  /** The config's display name (`label:`, else the experiment's; src/analyses/config.ts configLabel). */
  readonly label: string;
  readonly file: string;
  readonly description: string;
  readonly config: AnalysisConfig;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly hypotheses: readonly HypothesisName[];
  /** The DM mass grid of the config (MeV): a typed mass must lie in [min, max]. */
  readonly massRange: readonly [number, number] | null;
}

/** Everything the page embeds (before encoding). */
export interface PageData {
  readonly version: string;
  readonly analyses: readonly PageAnalysis[];
  /** Encoded releases (src/explore/page/codec.ts), by provider key. */
  readonly datasets: Partial<Record<DatasetKey, unknown>>;
}

/** Install the embedded releases as the dataset provider (decoded once, on first use). */
export function installEmbeddedDatasets(encoded: Partial<Record<DatasetKey, unknown>>): void {
  const cache = new Map<DatasetKey, unknown>();
  const get = (k: DatasetKey) => (): never => {
    if (!cache.has(k)) {
      if (!(k in encoded)) throw new DatasetUnavailable(`the release "${k}" is not embedded in this page`);
      cache.set(k, decodeValue(encoded[k]));
    }
    return cache.get(k) as never;
  };
  setDatasetProvider(Object.fromEntries(DATASET_KEYS.map((k) => [k, get(k)])) as unknown as DatasetProvider);
}

/** Health and best fit of one hypothesis, as the page shows it and the self-test reports it. */
export interface PageFit {
  readonly hypothesis: HypothesisName;
  readonly twice_nll: number;
  readonly converged: boolean;
  readonly bestfit: Record<string, number>;
  readonly report: FitReport;
  readonly ms: number;
  readonly massMeV: number | null;
}

export interface PageScan {
  readonly param: string;
  readonly values: number[];
  readonly delta: Array<number | null>;
  readonly converged: boolean[];
  readonly cl68: [number, number] | null;
  readonly ms: number;
}

export interface PageCls {
  readonly coupling: number;
  readonly mu: number;
  readonly cls_obs: number;
  readonly cls_exp: number[];
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** A number typed in the page: finite, else a clear message naming the input. */
export function parseInputNumber(text: string, what: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new InvalidSpecification(`expected a number, got "${text}"`, what);
  return v;
}

/** One analysis of the page: its experiment binding and assembled hypotheses (cached per hypothesis and mass). */
export class AnalysisSession {
  readonly loaded: LoadedAnalysis;
  private models = new Map<string, AssembledModel>();
  private templates = new Map<number, DmSignalTemplates>();

  private constructor(
    readonly page: PageAnalysis,
    readonly exp: ExperimentAnalysis,
  ) {
    this.loaded = { config: page.config, file: page.file, parameterSets: new Map(page.parameterSets) };
  }

  static async open(page: PageAnalysis): Promise<AnalysisSession> {
    return new AnalysisSession(page, await buildExperiment(page.config));
  }

  get configuredMass(): number | null {
    return this.page.config.signal ? this.page.config.signal.mass_MeV : null;
  }

  /** Check a mediator mass against the config's grid. */
  checkMass(massMeV: number): void {
    const r = this.page.massRange;
    if (!r) throw new InvalidSpecification('this analysis has no signal section', 'mass');
    if (!(massMeV >= r[0] && massMeV <= r[1])) throw new InvalidSpecification(`${massMeV} MeV is outside the grid of this analysis [${+r[0].toPrecision(6)}, ${+r[1].toPrecision(6)}] MeV`, 'mass');
  }

  /**
   * Compile the DM code paths before a user asks for a new mass: the DM hypothesis assembled (templates computed) at
   * {@link WARM_UP_MASSES} masses of the grid, then dropped (nothing is cached, so every mass of the page stays "new").
   * A JavaScript engine runs a function's first calls in its interpreter and compiles it only once it is hot; the
   * first template of a page costs several times a later one (docs/explorer.md). The page calls this once per
   * analysis in idle time (the worker when it opens the analysis); returns the time it took (ms), 0 without a signal.
   */
  warmUp(): number {
    const r = this.page.massRange;
    const signal = this.page.config.signal;
    if (!r || !signal) return 0;
    const t0 = performance.now();
    for (const m of warmUpMasses(r, this.configuredMass)) {
      const dmTemplates = this.exp.dmSignal(signal, m);
      try {
        assembleHypothesis(this.exp, 'dm', { parameterSets: this.loaded.parameterSets, massMeV: m, dmTemplates });
      } catch (e) {
        // no signal expected at this mass (all channels closed): the templates were still computed
        if (!(e instanceof InvalidModel)) throw e;
      }
    }
    return performance.now() - t0;
  }

  /** DM templates at a mass (cached); the time it took in `ms` when computed now. */
  template(massMeV: number): { t: DmSignalTemplates; ms: number } {
    const hit = this.templates.get(massMeV);
    if (hit) return { t: hit, ms: 0 };
    this.checkMass(massMeV);
    const signal = this.page.config.signal!;
    const t0 = performance.now();
    const t = this.exp.dmSignal(signal, massMeV);
    const ms = performance.now() - t0;
    this.templates.set(massMeV, t);
    return { t, ms };
  }

  /** The assembled model of a hypothesis (DM at `massMeV`, default the configured mass). */
  model(h: HypothesisName, massMeV?: number): AssembledModel {
    const mass = h === 'dm' ? (massMeV ?? this.configuredMass!) : null;
    const key = `${h}@${mass}`;
    let a = this.models.get(key);
    if (!a) {
      a = assembleHypothesis(this.exp, h, {
        parameterSets: this.loaded.parameterSets,
        ...(mass !== null ? { massMeV: mass, dmTemplates: this.template(mass).t } : {}),
      });
      this.models.set(key, a);
    }
    return a;
  }

  /** The full fit of a hypothesis with the library's report (the CLI's `fit` for one mass). */
  fit(h: HypothesisName, massMeV?: number): PageFit {
    const a = this.model(h, massMeV);
    const t0 = performance.now();
    const { report, result } = fitReport(this.exp, a);
    const ms = performance.now() - t0;
    const bestfit: Record<string, number> = {};
    result.names.forEach((n, i) => (bestfit[n] = result.bestfit[i]!));
    return { hypothesis: h, twice_nll: report.twice_nll, converged: report.status.converged, bestfit, report, ms, massMeV: a.dm ? a.dm.massMeV : null };
  }

  /** 1-D profile-likelihood scan of a parameter on n points across [lo, hi]. */
  scan(h: HypothesisName, param: string, lo: number, hi: number, n: number, massMeV?: number): PageScan {
    const a = this.model(h, massMeV);
    a.model.params.index(param);
    if (!(hi > lo)) throw new InvalidSpecification(`expected a range with high > low, got [${lo}, ${hi}]`, 'scan range');
    const t0 = performance.now();
    const values = Float64Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
    const fitOpts = { release: [param] };
    const global = fit(a.model, a.data, { hesse: false, ...fitOpts });
    const s = profileScan1D(a.model, a.data, param, values, { global, fit: fitOpts });
    const delta = Array.from(s.deltaTwiceNll, (x) => (Number.isFinite(x) ? x : null));
    const i68 = profileInterval(values, delta, 1, s.converged);
    return { param, values: Array.from(values), delta, converged: Array.from(s.converged, (c) => c === 1), cl68: i68 ? [i68.lower, i68.upper] : null, ms: performance.now() - t0 };
  }

  /** CLs (q̃_μ, asymptotic) of the DM hypothesis at a coupling (the family's, e.g. Y). */
  cls(coupling: number, massMeV?: number): PageCls {
    if (!(coupling > 0)) throw new InvalidSpecification(`expected a positive coupling, got ${coupling}`, 'coupling');
    const a = this.model('dm', massMeV);
    const mu = muFromCoupling(coupling, a.dm!);
    const r = hypotest(a.model, a.data, mu, { testStat: 'qmuTilde' });
    return { coupling, mu, cls_obs: r.clsObs, cls_exp: [...r.clsExp], valid: r.valid, messages: r.messages };
  }
}

/** Masses at which {@link AnalysisSession.warmUp} computes (and drops) the DM templates. */
export const WARM_UP_MASSES = 3;

/**
 * The warm-up masses: log-spaced in the lower part of the grid [lo, hi] (where every production channel is open),
 * never the configured mass.
 */
export function warmUpMasses(range: readonly [number, number], configured: number | null): number[] {
  const [lo, hi] = range;
  const out: number[] = [];
  for (let k = 1; k <= WARM_UP_MASSES; k++) {
    const m = lo * (hi / lo) ** (k / (2 * WARM_UP_MASSES + 2));
    if (m !== configured) out.push(m);
  }
  return out;
}

/** Signal strength of a coupling (the inverse of couplingFromMu): counts scale as (c / c_ref)^k. */
export function muFromCoupling(c: number, dm: DmSignalTemplates): number {
  return (c / dm.referenceCoupling) ** dm.countPower;
}

/** The family coupling at a signal strength. */
export function couplingOfMu(mu: number, dm: DmSignalTemplates): number {
  return couplingFromMu(mu, dm.referenceCoupling, dm.countPower);
}

/** Projections of the signal channels for the live plot: per channel and axis, stacked samples and data. */
export interface Projection {
  readonly channel: string;
  readonly axis: string;
  readonly unit: string;
  readonly edges: number[];
  readonly samples: ReadonlyArray<{ readonly name: string; readonly values: Float64Array }>;
  readonly observed: Float64Array;
}

export function projections(a: AssembledModel, pars: Float64Array, signalChannels: readonly string[]): Projection[] {
  const out: Projection[] = [];
  const yields = a.model.sampleYields(pars);
  for (const ch of a.model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    const cy = yields.find((y) => y.channel === ch.name)!;
    const obs = a.data.main.subarray(ch.offset, ch.offset + ch.nBins);
    ch.axes.forEach((ax, i) => {
      out.push({
        channel: ch.name,
        axis: ax.name,
        unit: ax.unit,
        edges: Array.from(ax.edges),
        samples: cy.samples.map((s) => ({ name: s.sample, values: projectOnAxis(s.perBin, ch.shape, i) })),
        observed: projectOnAxis(obs, ch.shape, i),
      });
    });
  }
  return out;
}

/** A dropped pyhf workspace: validated, fitted, CLs at μ = 1 and the 95 % CL upper limit (q̃_μ, asymptotic). */
export interface WorkspaceSummary {
  readonly measurement: string;
  readonly poi: string;
  readonly n_bins: number;
  readonly twice_nll: number;
  readonly converged: boolean;
  readonly bestfit: Record<string, number>;
  readonly cls_mu1: { readonly obs: number; readonly exp: number[] };
  readonly upper_limit: { readonly cl: number; readonly obs: number; readonly exp: number[]; readonly converged: boolean };
  readonly ms: number;
}

export function analyseWorkspace(text: string, fileName: string): WorkspaceSummary {
  const t0 = performance.now();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidSpecification(`not valid JSON (${(e as Error).message})`, fileName);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('channels' in json) || !('measurements' in json)) {
    throw new InvalidSpecification('not a pyhf workspace: expected an object with "channels", "measurements", "observations" and "version"', fileName);
  }
  const w: LoadedWorkspace = loadWorkspaceText(text, fileName);
  const r = fit(w.model, w.data, { hesse: false });
  const bestfit: Record<string, number> = {};
  r.names.forEach((n, i) => (bestfit[n] = r.bestfit[i]!));
  const h = hypotest(w.model, w.data, 1, { testStat: 'qmuTilde' });
  const ul = upperLimit(w.model, w.data, { cl: 0.95, testStat: 'qmuTilde' });
  return {
    measurement: w.measurement,
    poi: w.poi,
    n_bins: w.model.nBins,
    twice_nll: r.twiceNll,
    converged: r.status.converged,
    bestfit,
    cls_mu1: { obs: h.clsObs, exp: [...h.clsExp] },
    upper_limit: { cl: 0.95, obs: ul.observed, exp: [...ul.expected], converged: ul.converged },
    ms: performance.now() - t0,
  };
}

export { DM_POI };
