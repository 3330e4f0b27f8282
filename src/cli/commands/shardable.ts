/**
 * Output of the commands that can be sharded (limit; significance --toys; scan --param mass,Y), in one place: the
 * unsharded command and `cevnsfit merge` both build the result JSON, the plots and the text from the same per-item
 * values with these functions, so a merged run prints and writes exactly what a single run does. What a partial holds
 * and how partials merge is the library's (src/analyses/shards.ts); this file does the files, status and printing.
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
import type { MassYScanReport, SignificanceReport } from '../../analyses/run.js';
import { limitResultJson, type LimitCurveJson, type MassYPlotSettings, type MassYScanResultJson, type OverlayBenchmark, type SignificanceResultJson } from '../../analyses/results.js';
import { shardPartial, type LimitPartialContext, type ShardedCommand, type ShardedCommands } from '../../analyses/shards.js';
import { loadDarkPhotonLimits } from '../../datasets/limits.js';
import { coherentCsiLimits } from '../../datasets/coherent-limits.js';
import { relicTargetCurve } from '../../physics/dm/relic.js';
import type { PartialFile, ShardSpec } from '../../stats/parallel/shard.js';
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

/** Write this shard's partial result (src/analyses/shards.ts shardPartial) atomically to --out and mark the shard done. */
export function writeShardPartial<C extends ShardedCommand>(
  opts: CommonOptions,
  shard: ShardSpec,
  p: {
    command: C;
    hashInputs: unknown;
    total: number;
    indices: readonly number[];
    context: ShardedCommands[C]['context'];
    values: ReadonlyArray<ShardedCommands[C]['value']>;
    kind?: 'round-robin' | 'block';
  },
): PartialFile<ShardedCommands[C]['context'], ShardedCommands[C]['value']> {
  if (!opts.out) throw new InvalidSpecification('a shard writes its partial result to a directory: give --out DIR', '--shard');
  const partial = shardPartial({ ...p, version: CEVNSFIT_VERSION, shard });
  const file = join(opts.out, partialName(shard));
  writeFileAtomic(file, toJsonStrict({ ...partial, provenance: runProvenance() }, 0) + '\n');
  writeStatus({ state: 'done', done: p.indices.length, total: p.indices.length });
  const summary = { command: p.command, shard: `${shard.index}/${shard.count}`, partial: file, items: p.indices.length, total: p.total, config_hash: partial.config_hash };
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stdout.write(`shard ${shard.index}/${shard.count}: ${p.indices.length} of ${p.total} items → ${file}\n`);
  return partial;
}

// ---- limit ---------------------------------------------------------------------------------------------------------

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

/** Method names as printed. */
const METHOD_NAMES: Record<string, string> = { cls: 'CLs', 'cls+b': 'CLs+b', clsb: 'CLs+b', fc: 'Feldman–Cousins' };

/** Result JSON, the limit figure and HEPData (with --out) and the text table of `cevnsfit limit`. */
export async function emitLimit(opts: CommonOptions, curves: readonly LimitCurveJson[], signals: LimitPartialContext['signals'], overlaysOn: boolean): Promise<void> {
  const rep = makeReporter(opts);
  // `plot`: what the figure needs besides the curves, so `cevnsfit report` can redraw it from result.json.
  const out = limitResultJson(curves, signals, overlaysOn);
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

/** Result JSON and text of `cevnsfit significance`. */
export function emitSignificance(opts: CommonOptions, s: SignificanceReport & { config: string }): void {
  const { config, ...rest } = s;
  // "no toy reached the observed q0" is a statement about the toy count (p0 is an upper-side estimate), not a failure
  const problems = s.messages.filter((m) => !m.startsWith('no toy reached the observed q0'));
  const onlyToysFailed = problems.length === 0 && s.toys !== undefined && s.toys.n_failed < s.toys.n;
  makeReporter(opts).result({ command: 'significance', config, ...rest } satisfies SignificanceResultJson, () =>
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

/** Result JSON, the contoured allowed-region figure and HEPData (with --out), and text of `scan --param mass,Y`. */
export async function emitMassYScan(opts: CommonOptions, s: MassYScanReport, configName: string, plot: MassYPlotSettings): Promise<void> {
  const out = { command: 'scan', config: configName, ...s, plot } satisfies MassYScanResultJson;
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
