/**
 * Output of the commands that can be sharded (limit; significance --toys; scan --param mass,Y), in one place: the
 * unsharded command and `cevnsfit merge` both build the result JSON, the plots and the text from the same per-item
 * values with these functions, so a merged run prints and writes exactly what a single run does.
 *
 * A shard (`--shard i/N --out DIR`) writes DIR/partial-<i>-of-<N>.json (src/stats/parallel/shard.ts) atomically,
 * prints progress lines to stderr (its log under Slurm) and keeps DIR/.status/shard-<i>-of-<N>.json up to date
 * (running / done / failed) for `cevnsfit merge --status DIR`.
 */
import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import { hostname } from 'node:os';
import { join } from 'node:path';
import { limitPlot, massYPlot, type FigureOptions, type OverlayCurve } from '../../analyses/plots.js';
import type { Figure } from '../../plot/render.js';
import { massYReport, toySignificance, type MassYRow, type MassYScanReport, type MassYSmFit, type SignificanceReport } from '../../analyses/run.js';
import type { LimitCurve } from '../../analyses/limit.js';
import { loadDarkPhotonLimits } from '../../datasets/limits.js';
import { coherentCsiLimits } from '../../datasets/coherent-limits.js';
import { familyOf } from '../../analyses/families/index.js';
import type { DarkMatterSpin } from '../../physics/dm/model.js';
import { relicTargetCurve } from '../../physics/dm/relic.js';
import { contentHash, makePartial, type PartialFile, type ShardSpec } from '../../stats/parallel/shard.js';
import { toJsonStrict, writeFileAtomic } from '../../util/atomic.js';
import { InvalidSpecification } from '../../util/errors.js';
import { figureOptions, fmt, makeReporter, table, writeOutputs, type CommonOptions } from '../common.js';
import { CEVNSFIT_VERSION } from '../version.js';
import { runProvenance } from '../../publish/runinfo.js';

// ---- shard files ---------------------------------------------------------------------------------------------------

export const partialName = (s: ShardSpec): string => `partial-${String(s.index).padStart(4, '0')}-of-${String(s.count).padStart(4, '0')}.json`;
export const statusName = (s: ShardSpec): string => `shard-${String(s.index).padStart(4, '0')}-of-${String(s.count).padStart(4, '0')}.json`;

/** State of a shard as recorded in DIR/.status/. */
export interface ShardStatus {
  readonly shard: ShardSpec;
  readonly state: 'running' | 'done' | 'failed';
  readonly command: string;
  readonly host: string;
  readonly pid: number;
  readonly started: string;
  readonly updated: string;
  readonly done?: number;
  readonly total?: number;
  readonly message?: string;
  /** Slurm job and array task ids, when run under Slurm. */
  readonly slurm?: string;
}

const started = new Date().toISOString();
let statusDir: string | null = null;
let statusShard: ShardSpec | null = null;
let statusCommand = '';

function writeStatus(extra: Partial<ShardStatus> & { state: ShardStatus['state'] }): void {
  if (!statusDir || !statusShard) return;
  const slurm = process.env.SLURM_ARRAY_JOB_ID ? `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID ?? ''}` : process.env.SLURM_JOB_ID;
  const st: ShardStatus = { shard: statusShard, command: statusCommand, host: hostname(), pid: process.pid, started, updated: new Date().toISOString(), ...(slurm ? { slurm } : {}), ...extra };
  writeFileAtomic(join(statusDir, '.status', statusName(statusShard)), JSON.stringify(st) + '\n');
}

/** Start a shard: require --out, record `running`, and record `failed` if the process ends without a partial. */
export function beginShard(opts: CommonOptions, shard: ShardSpec, command: string): void {
  if (!opts.out) throw new InvalidSpecification('a shard writes its partial result to a directory: give --out DIR', '--shard');
  statusDir = opts.out;
  statusShard = shard;
  statusCommand = command;
  writeStatus({ state: 'running' });
  // A shard stopped by SIGTERM/SIGINT (Slurm time limit, scancel) records why; SIGKILL cannot be caught, and
  // `merge --status` then finds the process gone (src/cli/commands/merge.ts).
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      writeStatus({ state: 'failed', message: `killed by ${sig}` });
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.stderr.write(`cevnsfit ${command}: shard ${shard.index}/${shard.count} started on ${hostname()} (pid ${process.pid})\n`);
}

/** Run a command body; if it throws in a shard, record the shard as failed (then rethrow). */
export async function withShardFailure(shard: ShardSpec | null, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (shard) writeStatus({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

/** Progress callback of a shard: a line on stderr per ~10 % and the status file. */
export function shardProgress(shard: ShardSpec, label: string): ((d: number, t: number) => void) & { finish(): void } {
  let last = -1;
  const f = ((d: number, t: number) => {
    const pct = Math.floor((10 * d) / t);
    if (pct !== last || d === t) {
      last = pct;
      process.stderr.write(`[shard ${shard.index}/${shard.count}] ${label}: ${d}/${t}\n`);
      writeStatus({ state: 'running', done: d, total: t });
    }
  }) as ((d: number, t: number) => void) & { finish(): void };
  f.finish = () => undefined;
  return f;
}

/** Write this shard's partial result atomically to --out and mark the shard done. */
export function writeShardPartial<C, V>(
  opts: CommonOptions,
  shard: ShardSpec,
  p: { command: string; hashInputs: unknown; total: number; indices: readonly number[]; context: C; values: readonly V[]; kind?: 'round-robin' | 'block' },
): PartialFile<C, V> {
  if (!opts.out) throw new InvalidSpecification('a shard writes its partial result to a directory: give --out DIR', '--shard');
  if (p.indices.length !== p.values.length) throw new Error(`internal: ${p.indices.length} indices but ${p.values.length} values`);
  const partial = makePartial<C, V>({
    command: p.command,
    context: p.context,
    items: p.indices.map((index, k) => ({ index, value: p.values[k]! })),
    version: CEVNSFIT_VERSION,
    configHash: contentHash(p.hashInputs),
    shard,
    slice: { kind: p.kind ?? 'round-robin', total: p.total, indices: [...p.indices] },
  });
  const file = join(opts.out, partialName(shard));
  writeFileAtomic(file, toJsonStrict({ ...partial, provenance: runProvenance() }, 0) + '\n');
  writeStatus({ state: 'done', done: p.indices.length, total: p.indices.length });
  const summary = { command: p.command, shard: `${shard.index}/${shard.count}`, partial: file, items: p.indices.length, total: p.total, config_hash: partial.config_hash };
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stdout.write(`shard ${shard.index}/${shard.count}: ${p.indices.length} of ${p.total} items → ${file}\n`);
  return partial;
}

// ---- limit ---------------------------------------------------------------------------------------------------------

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
/** Context of a limit partial: the curves without their points, the grid sizes, the plot settings. */
export interface LimitPartialContext {
  readonly curves: ReadonlyArray<Omit<LimitCurveJson, 'points'>>;
  readonly sizes: readonly number[];
  /** Per curve: the Y benchmark (α_D, m_A′/m_χ, χ type) for the existing-limit overlays; null for families without them. */
  readonly signals: ReadonlyArray<OverlayBenchmark | null>;
  readonly overlays: boolean;
}

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

/** The limit figure of a limit result's curves (the CLI run and the report page's redraw from result.json share it). */
export function limitFigure(curves: readonly LimitCurveJson[], overlays: OverlayCurve[], options: FigureOptions): Figure {
  const first = curves[0]!;
  return limitPlot(
    curves.map((c) => ({
      name: c.name,
      ...(c.label ? { label: c.label } : {}),
      massesMeV: c.points.map((p) => p.mass),
      status: c.points.map((p) => p.status),
      observed: c.points.map((p) => p.coupling_obs),
      expected: c.points.map((p) => (p.coupling_exp ? [...p.coupling_exp] : [null, null, null, null, null])),
    })),
    overlays,
    undefined,
    first.cl,
    { coupling: first.coupling.formula, massLabel: first.mass_label },
    options,
  );
}

/** Merge limit partials (checked, in shard order) into the curves of the single run. */
export function mergeLimit(parts: ReadonlyArray<PartialFile<LimitPartialContext, LimitPointJson>>, items: LimitPointJson[]): { curves: LimitCurveJson[]; signals: LimitPartialContext['signals']; overlays: boolean } {
  const ctx = parts[0]!.context;
  let off = 0;
  const curves = ctx.curves.map((head, k) => {
    const n = ctx.sizes[k]!;
    const points = items.slice(off, off + n);
    off += n;
    return {
      ...head,
      points,
      timing_ms: parts.reduce((a, p) => a + p.context.curves[k]!.timing_ms, 0),
      workers: Math.max(...parts.map((p) => p.context.curves[k]!.workers)),
    };
  });
  return { curves, signals: ctx.signals, overlays: ctx.overlays };
}



/** Method names as printed. */
const METHOD_NAMES: Record<string, string> = { cls: 'CLs', 'cls+b': 'CLs+b', clsb: 'CLs+b', fc: 'Feldman–Cousins' };

/** Result JSON, the limit figure and HEPData (with --out) and the text table of `cevnsfit limit`. */
export async function emitLimit(opts: CommonOptions, curves: readonly LimitCurveJson[], signals: LimitPartialContext['signals'], overlaysOn: boolean): Promise<void> {
  const rep = makeReporter(opts);
  const first = curves[0]!;
  // `plot`: what the figure needs besides the curves, so `cevnsfit report` can redraw it from result.json.
  const out = { command: 'limit', cl: first.cl, method: first.method, points: first.points, curves, plot: { overlay_benchmark: overlaysOn ? (signals[0] ?? null) : null } };
  if (opts.out) {
    const overlays = overlaysOn && signals[0] ? existingLimitOverlays(signals[0]) : [];
    const fig = limitFigure(curves, overlays, figureOptions(opts));
    await writeOutputs(opts, { limits: fig }, out);
  }
  const total = curves.reduce((a, c) => a + c.points.length, 0);
  const notOk = curves.reduce((a, c) => a + c.points.filter((p) => p.status !== 'ok').length, 0);
  const noneOk = curves.filter((c) => c.points.length > 0 && c.points.every((p) => p.status !== 'ok')).map((c) => c.name);
  rep.result(out, () =>
    curves
      .map((c) =>
        [
          `${c.name} (${c.experiment}, ${c.data} data): ${Math.round(c.cl * 100)} % CL ${METHOD_NAMES[c.method] ?? c.method} limits on ${c.coupling.name} (${c.coupling.formula}), ${c.points.length} masses in ${(c.timing_ms / 1000).toFixed(2)} s on ${c.workers} worker(s)`,
          table([
            [`${c.mass_label} (MeV)`, `${c.coupling.name} obs`, `${c.coupling.name} exp −2σ`, '−1σ', 'median', '+1σ', '+2σ', 'status'],
            ...c.points.map((p) => [fmt(p.mass, 4), fmt(p.coupling_obs, 3), ...(p.coupling_exp ?? [null, null, null, null, null]).map((v) => fmt(v, 3)), p.status]),
          ]),
          `mass points not ok: ${c.points.filter((p) => p.status !== 'ok').length} of ${c.points.length}`,
        ].join('\n'),
      )
      .join('\n\n'),
    { unhealthy: noneOk.map((n) => `no mass point of ${n} has status ok`), failed: { count: notOk, total, what: 'limit mass points (status not ok)' } },
  );
}

/** The Y benchmark of a config for the overlays: α_D, m_A′/m_χ and the χ type (for the relic line). */
export interface OverlayBenchmark {
  readonly alphaD: number;
  readonly ratio: number;
  /** χ type of the family (absent in partials written before it was recorded: no relic line then). */
  readonly spin?: DarkMatterSpin;
  /** Coupling axis of the figure: Y (default) or the leptophobic α_B (then α_D is α_χ). */
  readonly axis?: 'Y' | 'alpha_B';
}

/** The overlay benchmark of a config's `signal:` section; null for families whose coupling is not Y. */
export function overlayBenchmarkOf(sig: { readonly family: string; readonly mass_MeV: number; readonly [k: string]: unknown }): OverlayBenchmark | null {
  const fam = familyOf(sig.family);
  if (fam.coupling.name === 'alpha_B' && typeof sig.alpha_chi === 'number' && typeof sig.chi_mass_ratio === 'number') {
    return { alphaD: sig.alpha_chi, ratio: sig.chi_mass_ratio, spin: fam.probe(sig as never, sig.mass_MeV).model.spin, axis: 'alpha_B' };
  }
  if (typeof sig.alpha_D !== 'number' || typeof sig.chi_mass_ratio !== 'number' || fam.coupling.name !== 'Y') return null;
  return { alphaD: sig.alpha_D, ratio: sig.chi_mass_ratio, spin: fam.probe(sig as never, sig.mass_MeV).model.spin };
}

/** χ masses (MeV) of the drawn relic line: 14 log-spaced points over m_A′ ∈ [3, 300] MeV (m_χ ≥ 1 MeV). */
function relicLineMasses(ratio: number): number[] {
  const lo = Math.max(1, 3 / ratio);
  const hi = Math.min(300, 300 / ratio);
  if (!(hi > lo)) return [];
  return Array.from({ length: 14 }, (_, k) => lo * (hi / lo) ** (k / 13));
}
const relicCache = new Map<string, OverlayCurve | null>();

/** The thermal target computed by the freeze-out solver (src/physics/dm/relic.ts) for the benchmark, or null. */
export function relicOverlay(sig: OverlayBenchmark): OverlayCurve | null {
  if (!sig.spin) return null;
  const key = `${sig.spin}|${sig.ratio}|${sig.alphaD}`;
  const hit = relicCache.get(key);
  if (hit !== undefined) return hit;
  let curve: OverlayCurve | null = null;
  try {
    const targets = relicTargetCurve(sig.spin, relicLineMasses(sig.ratio), sig.ratio, sig.alphaD).filter((t) => t.converged);
    const label = sig.spin === 'complexScalar' ? 'complex scalar' : 'Dirac';
    if (targets.length) curve = { name: `thermal relic (${label} χ)`, massesMeV: targets.map((t) => t.mediatorMassMeV), y: targets.map((t) => t.y) };
  } catch {
    curve = null;
  }
  relicCache.set(key, curve);
  return curve;
}

/**
 * Existing limits, the collaboration's published CsI limit for the same benchmark, and the computed relic line, on the
 * Y axis for the benchmark of the config (α_D, m_A′/m_χ, χ type). Conventions (src/datasets/limits.ts): the Y-valued
 * curves are drawn against m_χ in their files (the LSND endpoint at m_π0/3), so they are placed at m_A′ = ratio·m_χ.
 * relic.txt is not drawn: its convention does not match any computed thermal target (docs/relic.md §4); the relic
 * line comes from the solver. Curves of unknown convention are not drawn. Limits carry `excluded: 'above'`.
 */
export function existingLimitOverlays(sig: OverlayBenchmark): OverlayCurve[] {
  const out: OverlayCurve[] = [];
  if (sig.axis === 'alpha_B') {
    // Leptophobic figures (α_B against m_V): the collaboration's CsI limit for its α_χ = 0.5 (arXiv:2205.12414).
    if (sig.alphaD === 0.5) {
      const c = coherentCsiLimits()['coherent-csi-2022-leptophobic']!;
      out.push({ name: c.label, massesMeV: c.massMeV, y: c.coupling, excluded: 'above' });
    }
    return out;
  }
  let lim;
  try {
    lim = loadDarkPhotonLimits();
  } catch {
    lim = null;
  }
  const labels: Record<string, string> = { 'lsnd.txt': 'LSND', 'babar.txt': 'BaBar', 'miniboone-e.txt': 'MiniBooNE (e)', 'miniboone-n.txt': 'MiniBooNE (N)', 'na64.txt': 'NA64' };
  for (const [name, c] of Object.entries(lim?.curves ?? {})) {
    if (!(name in labels) || c.couplingVariable !== 'Y') continue;
    out.push({ name: labels[name]!, massesMeV: c.massMeV.map((m) => m * sig.ratio), y: c.coupling, ...(c.excluded ? { excluded: c.excluded } : {}) });
  }
  // The collaboration's own limit, only where its benchmark is the config's (complex scalar, α_D = 0.5, m_A′ = 3 m_χ).
  if (sig.spin === 'complexScalar' && sig.alphaD === 0.5 && sig.ratio === 3) {
    const c = coherentCsiLimits()['coherent-csi-2021-scalar']!;
    out.push({ name: c.label, massesMeV: c.massMeV.map((m) => m * sig.ratio), y: c.coupling, excluded: 'above' });
  }
  const relic = relicOverlay(sig);
  if (relic) out.push(relic);
  return out;
}

// ---- significance --toys -------------------------------------------------------------------------------------------

/** Context of a significance partial: the asymptotic report (identical in every shard) and the toy seed. */
export interface SignificancePartialContext {
  readonly config: string;
  readonly seed: number;
  readonly asymptotic: SignificanceReport;
}

/** Merge significance partials: the q0 of every toy (null = failed) → the single run's toy report. */
export function mergeSignificance(parts: ReadonlyArray<PartialFile<SignificancePartialContext, number | null>>, q0: Array<number | null>): SignificanceReport & { config: string } {
  const ctx = parts[0]!.context;
  return { config: ctx.config, ...toySignificance(ctx.asymptotic, q0, ctx.seed) };
}

/** Result JSON and text of `cevnsfit significance`. */
export function emitSignificance(opts: CommonOptions, s: SignificanceReport & { config: string }): void {
  const { config, ...rest } = s;
  // "no toy reached the observed q0" is a statement about the toy count (p0 is an upper-side estimate), not a failure
  const problems = s.messages.filter((m) => !m.startsWith('no toy reached the observed q0'));
  const onlyToysFailed = problems.length === 0 && s.toys !== undefined && s.toys.n_failed < s.toys.n;
  makeReporter(opts).result({ command: 'significance', config, ...rest }, () =>
    [
      `POI ${s.poi}: μ̂ = ${fmt(s.mu_hat)}${s.dm ? ` (m_A' = ${fmt(s.dm.mass_MeV)} MeV, Ŷ = ${fmt(s.dm.Y_hat)})` : ''}`,
      `q0 = ${fmt(s.q0)}, Z = ${fmt(s.z, 3)} σ, p0 = ${fmt(s.p0)} (${s.method}${s.toys ? `, ${s.toys.n} toys, seed ${s.toys.seed}` : ''})`,
      `median expected Z for μ = 1 (${s.dm ? `DM at Y_ref, ${'≈'}10 events` : 'nominal SM prediction'}): ${fmt(s.z_expected, 3)} σ`,
      ...(s.toys ? [`failed toys: ${s.toys.n_failed} of ${s.toys.n}`] : []),
      ...(s.valid || onlyToysFailed ? (s.messages.length ? ['NOTE: ' + s.messages.join('; ')] : []) : ['WARNING: ' + (s.messages.join('; ') || 'not valid')]),
    ].join('\n'),
    {
      // Some failed toys are failed points (a summary line; exit 3 only with --strict); all failed, or failed set-up fits, are unhealthy.
      unhealthy: s.valid || onlyToysFailed ? [] : [`significance not valid: ${s.messages.join('; ') || (s.toys ? `${s.toys.n_failed} of ${s.toys.n} toys failed` : 'see the result')}`],
      ...(s.toys ? { failed: { count: s.toys.n_failed, total: s.toys.n, what: 'toys' } } : {}),
    },
  );
}

// ---- scan --param mass,Y -------------------------------------------------------------------------------------------

/** Context of a mass × Y scan partial. */
export interface MassYPartialContext {
  readonly config: string;
  readonly masses: number[];
  readonly ys: number[];
  readonly sm: MassYSmFit;
  readonly plot: MassYPlotSettings;
}

/** What the mass × Y figure needs besides the report: axes of the family, the benchmark mass, existing limits. */
export interface MassYPlotSettings {
  /** Name of the analysis in figures (the config's `label:`); absent in partials of older runs. */
  readonly label?: string;
  readonly couplingAxis: string;
  readonly massLabel: string;
  readonly benchmarkMassMeV: number;
  /** Y benchmark (α_D, m_A′/m_χ) of the existing-limit overlays; null for families without them. */
  readonly overlayBenchmark: OverlayBenchmark | null;
}

export function mergeMassYScan(parts: ReadonlyArray<PartialFile<MassYPartialContext, MassYRow>>, rows: MassYRow[]): { report: MassYScanReport; configName: string; plot: MassYPlotSettings } {
  const c = parts[0]!.context;
  return { report: massYReport(c.masses, c.ys, c.sm, rows), configName: c.config, plot: c.plot };
}

/** Result JSON, the contoured allowed-region figure and HEPData (with --out), and text of `scan --param mass,Y`. */
export async function emitMassYScan(opts: CommonOptions, s: MassYScanReport, configName: string, plot: MassYPlotSettings): Promise<void> {
  const out = { command: 'scan', config: configName, ...s, plot };
  if (opts.out) {
    const overlays = plot.overlayBenchmark ? existingLimitOverlays(plot.overlayBenchmark) : [];
    const fig = massYPlot(s, plot.label, { overlays, benchmarkMassMeV: plot.benchmarkMassMeV, couplingAxis: plot.couplingAxis, massLabel: plot.massLabel, ...figureOptions(opts) });
    await writeOutputs(opts, { 'scan-mass-Y': fig }, out);
  }
  makeReporter(opts).result(out, () =>
    [
      `best fit: m_A' = ${fmt(s.best.mass_MeV)} MeV, Y = ${fmt(s.best.Y)}, −2lnL = ${fmt(s.best.twice_nll, 8)} (SM: ${fmt(s.twice_nll_sm, 8)}, Δ = ${fmt(s.twice_nll_sm - s.best.twice_nll, 3)})`,
      `grid: ${s.masses_MeV.length} masses × ${s.Y.length} Y values; regions at Δ(−2lnL) < ${fmt(s.thresholds.cl68, 3)} (68.3 %) and < ${fmt(s.thresholds.cl95, 3)} (95 %)`,
      `failed points (fit not converged after retries): ${s.summary.n_failed} of ${s.summary.n_points}${s.summary.sm_fit_converged ? '' : '; the SM fit did not converge'}`,
    ].join('\n'),
    {
      unhealthy: [...(Number.isFinite(s.best.twice_nll) ? [] : ['no finite −2lnL on the grid']), ...(s.summary.sm_fit_converged ? [] : ['the SM fit did not converge'])],
      failed: { count: s.summary.n_failed, total: s.summary.n_points, what: 'points of the mass × Y scan' },
    },
  );
}
