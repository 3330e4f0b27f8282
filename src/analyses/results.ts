/**
 * Result contracts: the JSON object each analysis command prints with `--json` and writes as DIR/result.json (plus
 * `provenance`). The analyses layer produces the reports these are made of; the CLI assembles them (checked with
 * `satisfies`), and `src/publish` (HEPData tables, the report page) and the report's figure redraw consume them. The
 * key names are a contract (docs/outputs.md): add keys, never rename or drop one.
 *
 * A result.json read back from disk is checked with {@link parseResultJson} / {@link expectResult}: an object with a
 * `command`, and for the kinds below the keys their consumers read, with an error naming the file and the missing key.
 */
import { CevnsfitError } from '../util/errors.js';
import type { DarkMatterSpin } from '../physics/dm/model.js';
import type { CoverageRow, WilksRow } from '../stats/infer/coverage.js';
import type { CutAndCountResult } from './types.js';
import type { CompareReport, FitReport, MassYScanReport, Scan1DReport, SignificanceReport } from './run.js';
import type { MassProfileReport } from './massprofile.js';
import type { SettingScanReport } from './settingscan.js';
import type { CompatibilityReport, FitExtras, GofReport, ImpactsReport } from './inference.js';
import type { DmVsNsi, GlobalSignificance, GlobalSignificanceReport, GrossVitellsReport } from './globalsig.js';
import type { LimitCurve } from './limit.js';
import { familyOf } from './families/index.js';

/** What every result object has: the command that made it and (all but `limit`) the config's name. */
export interface ResultHead {
  readonly command: string;
  readonly config?: string;
}

/** `count`: the cut-and-count table in the config's window (events; significances in σ). */
export interface CountResultJson extends CutAndCountResult {
  readonly command: 'count';
  readonly config: string;
}

/** `fit`: the fit report, what `fit` adds (yield tables, correlations, POI interval) and, for DM, the mass profile. */
export interface FitResultJson extends FitReport, FitExtras, Partial<MassProfileReport> {
  readonly command: 'fit';
  readonly config: string;
}

/** `significance` (asymptotic or `--toys N`). */
export interface SignificanceResultJson extends SignificanceReport {
  readonly command: 'significance';
  readonly config: string;
}

/** `significance --global --toys N`: local, global (toys) and Gross–Vitells significance over the mass grid. */
export interface GlobalSignificanceResultJson extends GlobalSignificanceReport {
  readonly command: 'significance';
  readonly config: string;
}

/** `compare` (with `--toys N`: the global significance and the calibrated DM-vs-NSI comparison). */
export interface CompareResultJson extends Omit<CompareReport, 'comparison'> {
  readonly command: 'compare';
  readonly config: string;
  /** Global significance of DM over the mass grid and its Gross–Vitells estimate; null without --toys. */
  readonly global: GlobalSignificance | null;
  readonly gross_vitells: GrossVitellsReport | null;
  /** DM vs NSI: the calibrated comparison with --toys, else Δ only. */
  readonly comparison: { readonly dm_vs_nsi: DmVsNsi | CompareReport['comparison']['dm_vs_nsi'] };
}

/** `scan --param NAME` over a model parameter. */
export interface Scan1DResultJson extends Scan1DReport {
  readonly command: 'scan';
  readonly config: string;
}

/** `scan --param SETTING` over a signal setting (mass_MeV, lifetime_us, a family's shape setting). */
export interface SettingScanResultJson extends SettingScanReport {
  readonly command: 'scan';
  readonly config: string;
}

/** What the mass × coupling figure needs besides the report: axes of the family, the benchmark mass, existing limits. */
export interface MassYPlotSettings {
  /** Name of the analysis in figures (the config's `label:`); absent in partials of older runs. */
  readonly label?: string;
  readonly couplingAxis: string;
  readonly massLabel: string;
  readonly benchmarkMassMeV: number;
  /** Y benchmark (α_D, m_A′/m_χ) of the existing-limit overlays; null for families without them. */
  readonly overlayBenchmark: OverlayBenchmark | null;
}

/** `scan --param mass,Y`: the allowed region, with what its figure needs (`plot`). */
export interface MassYScanResultJson extends MassYScanReport {
  readonly command: 'scan';
  readonly config: string;
  readonly plot: MassYPlotSettings;
}

/** The Y benchmark of a config for the existing-limit overlays: α_D, m_A′/m_χ and the χ type (for the relic line). */
export interface OverlayBenchmark {
  readonly alphaD: number;
  readonly ratio: number;
  /** χ type of the family (absent in partials written before it was recorded: no relic line then). */
  readonly spin?: DarkMatterSpin;
  /** Coupling axis of the figure: Y (default) or the leptophobic α_B (then α_D is α_χ). */
  readonly axis?: 'Y' | 'alpha_B';
}

/** One point of the limit JSON. */
export interface LimitPointJson {
  readonly mass: number;
  /** Limits on the family's coupling (observed; expected −2σ…+2σ). */
  readonly coupling_obs: number | null;
  readonly coupling_exp: readonly number[] | null;
  /** The same limits under their historical keys, for families whose coupling is Y. */
  readonly y_obs?: number | null;
  readonly y_exp?: readonly number[] | null;
  readonly status: string;
  readonly message?: string;
}

/** One curve of the limit JSON. */
export interface LimitCurveJson {
  readonly name: string;
  /** Name in figures (the config's `label:`); absent in partials of older runs. */
  readonly label?: string;
  readonly experiment: string;
  /** The coupling limited (name as in JSON and plots, symbol, definition) and the mass axis (e.g. m_A′). */
  readonly coupling: { readonly name: string; readonly symbol: string; readonly formula: string };
  readonly mass_label: string;
  readonly cl: number;
  readonly method: string;
  readonly data: string;
  readonly points: LimitPointJson[];
  /** Wall time of the run (sum over shards when merged) and pool lanes (most of any shard): describe the run, not the result. */
  readonly timing_ms: number;
  readonly workers: number;
}

/** `limit`: the curves (first curve's CL, method and points at the top level, as for a single config). */
export interface LimitResultJson {
  readonly command: 'limit';
  readonly cl: number;
  readonly method: string;
  readonly points: readonly LimitPointJson[];
  readonly curves: readonly LimitCurveJson[];
  /** What the figure needs besides the curves, so the report can redraw it (absent in results of older runs). */
  readonly plot?: { readonly overlay_benchmark: OverlayBenchmark | null };
}

/** `impacts`: ranked nuisances and the grouped breakdown of the POI's error. */
export interface ImpactsResultJson extends ImpactsReport {
  readonly command: 'impacts';
  readonly config: string;
}

/** `gof --toys N`: saturated-model goodness of fit per channel and in total. */
export interface GofResultJson extends GofReport {
  readonly command: 'gof';
  readonly config: string;
}

/** `compatibility`: signal strength per member of a combination against the common fit. */
export interface CompatibilityResultJson extends CompatibilityReport {
  readonly command: 'compatibility';
  readonly config: string;
}

/** `validate`: coverage of the upper limits and the Wilks calibration of q0, with the pass/fail checks. */
export interface ValidateResultJson {
  readonly command: 'validate';
  readonly seed: number;
  readonly cl: number;
  readonly coverage: readonly CoverageRow[];
  readonly wilks: readonly WilksRow[];
  readonly checks: ReadonlyArray<{ readonly name: string; readonly passed: boolean }>;
  readonly passed: boolean;
  readonly runtime_s: number;
}

/** The contracts by kind (a command, split where one command has several result shapes). */
export interface ResultJsonByKind {
  readonly count: CountResultJson;
  readonly fit: FitResultJson;
  readonly significance: SignificanceResultJson;
  readonly 'significance-global': GlobalSignificanceResultJson;
  readonly compare: CompareResultJson;
  readonly 'scan-1d': Scan1DResultJson;
  readonly 'scan-setting': SettingScanResultJson;
  readonly 'scan-mass-Y': MassYScanResultJson;
  readonly limit: LimitResultJson;
  readonly impacts: ImpactsResultJson;
  readonly gof: GofResultJson;
  readonly compatibility: CompatibilityResultJson;
  readonly validate: ValidateResultJson;
}
export type ResultKind = keyof ResultJsonByKind;
/** Any analysis result. */
export type AnalysisResultJson = ResultJsonByKind[ResultKind];

const SCAN_KINDS: Readonly<Record<string, ResultKind>> = { '1d': 'scan-1d', setting: 'scan-setting', 'mass-Y': 'scan-mass-Y' };

/** The kind of a result object, or null for commands without a contract here (data, workspace, relic, export, …). */
export function resultKind(r: ResultHead): ResultKind | null {
  const o = r as ResultHead & { readonly kind?: unknown; readonly method?: unknown };
  switch (r.command) {
    case 'scan':
      return typeof o.kind === 'string' ? (SCAN_KINDS[o.kind] ?? null) : null;
    case 'significance':
      return o.method === 'global-toys' ? 'significance-global' : 'significance';
    case 'count':
    case 'fit':
    case 'compare':
    case 'limit':
    case 'impacts':
    case 'gof':
    case 'compatibility':
    case 'validate':
      return r.command;
    default:
      return null;
  }
}

/** Whether `r` is a result of kind `k` (narrows the type). */
export function isResultKind<K extends ResultKind>(r: ResultHead, k: K): r is ResultHead & ResultJsonByKind[K] {
  return resultKind(r) === k;
}

/** A result.json that is not what it should be. */
export class ResultFormatError extends CevnsfitError {
  override readonly name = 'ResultFormatError';
}

/** Keys the consumers of each kind read (publish, the figure redraw): a result missing one is rejected. */
const REQUIRED_KEYS: { readonly [K in ResultKind]: ReadonlyArray<keyof ResultJsonByKind[K] & string> } = {
  count: ['observed', 'steady_state', 'delayed_nu', 'prompt_nu', 'brn', 'excess', 'significance', 'significance_profile'],
  fit: ['status', 'parameters', 'yields', 'observed'],
  significance: ['poi', 'method', 'q0', 'z', 'p0', 'valid', 'messages'],
  'significance-global': ['poi', 'local', 'global', 'gross_vitells', 'mass_grid', 'valid', 'messages'],
  compare: ['hypotheses'],
  'scan-1d': ['param', 'values', 'delta_twice_nll', 'intervals'],
  'scan-setting': ['setting', 'points', 'delta_twice_nll'],
  'scan-mass-Y': ['masses_MeV', 'Y', 'delta_twice_nll', 'thresholds', 'best'],
  limit: ['curves'],
  impacts: ['poi', 'impacts', 'groups', 'stat_only', 'total'],
  gof: ['statistic', 'p_value', 'per_channel'],
  compatibility: ['poi', 'common', 'separate', 'delta_twice_nll'],
  validate: ['coverage', 'wilks', 'checks', 'passed'],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The coupling of limit results written before the coupling was recorded (the dark-photon Y; HEPData-safe ASCII). */
const LEGACY_LIMIT_COUPLING = { name: 'Y', symbol: 'Y', formula: "Y = eps^2 alpha_D (m_chi/m_A')^4" } as const;

/** Limit curves as the contract has them: results of older runs (Y-only keys, no coupling/mass label) brought up to it. */
function limitCurves(file: string, curves: unknown): LimitCurveJson[] {
  if (!Array.isArray(curves)) throw new ResultFormatError(`${file}: limit result: "curves" must be a list`);
  return curves.map((c: unknown, k) => {
    if (!isObj(c)) throw new ResultFormatError(`${file}: limit result: curves[${k}] is not an object`);
    for (const key of ['name', 'cl', 'method', 'data', 'points'] as const) if (!(key in c)) throw new ResultFormatError(`${file}: limit result: key "curves[${k}].${key}" missing`);
    if (!Array.isArray(c.points)) throw new ResultFormatError(`${file}: limit result: "curves[${k}].points" must be a list`);
    const points = c.points.map((p: unknown, j) => {
      if (!isObj(p)) throw new ResultFormatError(`${file}: limit result: curves[${k}].points[${j}] is not an object`);
      for (const key of ['mass', 'status'] as const) if (!(key in p)) throw new ResultFormatError(`${file}: limit result: key "curves[${k}].points[${j}].${key}" missing`);
      return { ...p, coupling_obs: p.coupling_obs ?? p.y_obs ?? null, coupling_exp: p.coupling_exp ?? p.y_exp ?? null } as LimitPointJson;
    });
    return { ...c, coupling: isObj(c.coupling) ? c.coupling : LEGACY_LIMIT_COUPLING, mass_label: typeof c.mass_label === 'string' ? c.mass_label : 'm_A′', points } as unknown as LimitCurveJson;
  });
}

/**
 * Check a parsed result.json: an object with a string `command`; for the kinds above, the keys their consumers read
 * (errors name `file` and the missing key). Limit results of older runs are brought up to the contract.
 */
export function parseResultJson(value: unknown, file: string): ResultHead {
  if (!isObj(value)) throw new ResultFormatError(`${file}: not a cevnsfit result (expected a JSON object with a "command" key)`);
  if (typeof value.command !== 'string') throw new ResultFormatError(`${file}: not a cevnsfit result: key "command" missing or not a string`);
  if (value.config !== undefined && typeof value.config !== 'string') throw new ResultFormatError(`${file}: not a cevnsfit result: key "config" is not a string`);
  const head = value as unknown as ResultHead;
  const kind = resultKind(head);
  if (value.command === 'scan' && kind === null) throw new ResultFormatError(`${file}: scan result: key "kind" missing or not one of ${Object.keys(SCAN_KINDS).join(', ')}`);
  if (kind === null) return head;
  for (const key of REQUIRED_KEYS[kind] as readonly string[]) {
    if (!(key in value)) throw new ResultFormatError(`${file}: not a complete ${kind} result: key "${key}" missing`);
  }
  if (kind === 'limit') {
    const curves = limitCurves(file, value.curves);
    return { ...value, curves } as unknown as LimitResultJson;
  }
  return head;
}

/** A parsed result.json that must be of kind `kind` (e.g. a file named on the command line for one purpose). */
export function expectResult<K extends ResultKind>(value: unknown, file: string, kind: K): ResultJsonByKind[K] {
  const r = parseResultJson(value, file);
  const got = resultKind(r);
  if (got !== kind) throw new ResultFormatError(`${file}: expected a ${kind} result, got ${got ?? `a "${r.command}" result`}`);
  return r as unknown as ResultJsonByKind[K];
}

// ---- builders of the limit contract (the CLI run and `merge` share them) ---------------------------------------------

/** A computed limit curve as its JSON contract (Y-named keys only for families whose coupling is Y). */
export function limitCurveJson(c: LimitCurve): LimitCurveJson {
  return {
    name: c.name,
    label: c.label,
    experiment: c.experiment,
    coupling: { name: c.coupling.name, symbol: c.coupling.symbol, formula: c.coupling.formula },
    mass_label: c.massLabel,
    cl: c.cl,
    method: c.method,
    data: c.data,
    points: c.points.map((p) => ({
      mass: p.massMeV,
      coupling_obs: p.coupling_obs,
      coupling_exp: p.coupling_exp,
      // output boundary: the Y-named keys exist only for families whose coupling is Y
      ...(c.coupling.name === 'Y' ? { y_obs: p.coupling_obs, y_exp: p.coupling_exp } : {}),
      status: p.status,
      ...(p.message ? { message: p.message } : {}),
    })),
    timing_ms: c.timing.totalMs,
    workers: c.timing.workers,
  };
}

/** The result of `limit` from its curves: the first curve's CL, method and points on top; `plot` for the redraw. */
export function limitResultJson(curves: readonly LimitCurveJson[], signals: ReadonlyArray<OverlayBenchmark | null>, overlays: boolean): LimitResultJson {
  const first = curves[0]!;
  return { command: 'limit', cl: first.cl, method: first.method, points: first.points, curves, plot: { overlay_benchmark: overlays ? (signals[0] ?? null) : null } };
}

/** The overlay benchmark of a config's `signal:` section; null for families whose coupling is not Y (or α_B). */
export function overlayBenchmarkOf(sig: { readonly family: string; readonly mass_MeV: number; readonly [k: string]: unknown }): OverlayBenchmark | null {
  const fam = familyOf(sig.family);
  if (fam.coupling.name === 'alpha_B' && typeof sig.alpha_chi === 'number' && typeof sig.chi_mass_ratio === 'number') {
    return { alphaD: sig.alpha_chi, ratio: sig.chi_mass_ratio, spin: fam.probe(sig as never, sig.mass_MeV).model.spin, axis: 'alpha_B' };
  }
  if (typeof sig.alpha_D !== 'number' || typeof sig.chi_mass_ratio !== 'number' || fam.coupling.name !== 'Y') return null;
  return { alphaD: sig.alpha_D, ratio: sig.chi_mass_ratio, spin: fam.probe(sig as never, sig.mass_MeV).model.spin };
}
