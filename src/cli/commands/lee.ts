/**
 * `significance <config> --global --toys N` (shardable: --shard i/N, `merge`, `submit slurm`) and the toy parts of
 * `compare --toys N`: the look-elsewhere-corrected significance of the DM excess over the config's mass grid and the
 * calibrated DM-vs-NSI comparison (src/analyses/globalsig.ts, docs/inference.md).
 */
import type { LoadedAnalysis } from '../../analyses/config.js';
import type { CompareReport } from '../../analyses/run.js';
import type { ExperimentAnalysis } from '../../analyses/types.js';
import {
  DEFAULT_REFERENCE_LEVEL,
  dmScanFamily,
  dmVsNsiToys,
  globalReport,
  globalToys,
  observedGlobalScan,
  requireMassScan,
  type DmVsNsi,
  type GlobalSignificanceReport,
} from '../../analyses/globalsig.js';
import { shardBlock, type ShardSpec } from '../../stats/parallel/shard.js';
import type { GlobalPartialContext } from '../../analyses/shards.js';
import type { GlobalSignificanceResultJson } from '../../analyses/results.js';
import { InvalidSpecification } from '../../util/errors.js';
import { fmt, makeReporter, type CommonOptions } from '../common.js';
import { beginShard, shardProgress, withShardFailure, writeShardPartial } from './shardable.js';

/** Options of the global-significance runs. */
export interface GlobalOptions {
  readonly toys: number | undefined;
  readonly seed: number;
  readonly workers: number | undefined;
  readonly referenceLevel: string | undefined;
  readonly shard: ShardSpec | null;
  readonly progress: ((d: number, t: number) => void) & { finish(): void };
}

export function parseReferenceLevel(v: string | undefined): number {
  if (v === undefined) return DEFAULT_REFERENCE_LEVEL;
  const c = Number(v);
  if (!(c > 0 && Number.isFinite(c))) throw new InvalidSpecification(`expected a positive number (a level of q0), got "${v}"`, '--reference-level');
  return c;
}

export function parseWorkers(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const w = Number(v);
  if (!(Number.isInteger(w) && w >= 1)) throw new InvalidSpecification(`expected a positive integer, got "${v}"`, '--workers');
  return w;
}

/** `significance --global`: checks first (nothing is written on bad input), then the observed scan and the toys. */
export async function runGlobalSignificance(opts: CommonOptions, exp: ExperimentAnalysis, loaded: LoadedAnalysis, g: GlobalOptions): Promise<void> {
  const masses = requireMassScan(loaded, '--global');
  if (g.toys === undefined) throw new InvalidSpecification('--global needs toys: give --toys N (a few hundred for the Gross–Vitells estimate, ≥ 1000 for the toy p-value)', '--toys');
  const c0 = parseReferenceLevel(g.referenceLevel);
  const toys = g.toys;
  const shard = g.shard;
  if (shard) beginShard(opts, shard, 'significance-global');
  await withShardFailure(shard, async () => {
    const fam = dmScanFamily(exp, loaded, masses);
    const obs = observedGlobalScan(fam);
    const { start, end } = shard ? shardBlock(toys, shard) : { start: 0, end: toys };
    const prog = shard ? shardProgress(shard, 'toys') : g.progress;
    const values = await globalToys(fam, loaded, obs, { seed: g.seed, start, end, referenceLevel: c0, ...(g.workers !== undefined ? { workers: g.workers } : {}), onProgress: prog });
    prog.finish();
    if (shard) {
      writeShardPartial(opts, shard, {
        command: 'significance-global',
        hashInputs: { command: 'significance-global', configs: [loaded.config], toys, seed: g.seed, reference_level: c0 },
        total: toys,
        kind: 'block',
        indices: Array.from({ length: end - start }, (_, k) => start + k),
        context: { config: loaded.config.name, seed: g.seed, reference_level: c0, observed: obs } satisfies GlobalPartialContext,
        values,
      });
      return;
    }
    emitGlobalSignificance(opts, { config: loaded.config.name, ...globalReport(obs, values, g.seed, c0) });
  });
}

/** The text lines of a global significance. */
export function globalText(r: Pick<GlobalSignificanceReport, 'local' | 'global' | 'gross_vitells'>): string[] {
  return [
    `local:  Z = ${fmt(r.local.z, 3)} σ (p = ${fmt(r.local.p, 3)}, q0 = ${fmt(r.local.q0, 4)}) at m = ${fmt(r.local.mass_MeV, 4)} MeV`,
    `global: Z = ${fmt(r.global.z, 3)} σ (p = ${fmt(r.global.p, 3)} ± ${fmt(r.global.p_error, 2)}, ${r.global.n_toys} background-only toys, ${r.global.n_above} above; trials factor ${fmt(r.global.trials_factor, 3)})`,
    `Gross–Vitells: Z = ${fmt(r.gross_vitells.z, 3)} σ (p = ${fmt(r.gross_vitells.p, 3)} ± ${fmt(r.gross_vitells.p_error, 2)}; ${fmt(r.gross_vitells.n_upcrossings, 3)} ± ${fmt(r.gross_vitells.n_upcrossings_error, 2)} up-crossings of q0 = ${r.gross_vitells.reference_level} per toy)`,
  ];
}

/** Result JSON and text of `significance --global`. */
export function emitGlobalSignificance(opts: CommonOptions, s: GlobalSignificanceReport & { config: string }): void {
  const { config, ...rest } = s;
  makeReporter(opts).result({ command: 'significance', config, ...rest } satisfies GlobalSignificanceResultJson, () =>
    [
      `${config}: DM discovery significance over ${s.mass_grid.n} masses (${fmt(s.mass_grid.from_MeV, 3)}–${fmt(s.mass_grid.to_MeV, 3)} MeV), Y and nuisances profiled`,
      ...globalText(s),
      `toy maxima on the grid edges: ${s.toy_max_at_edges.first} at the first mass, ${s.toy_max_at_edges.last} at the last`,
      ...(s.messages.length ? ['NOTE: ' + s.messages.join('; ')] : []),
    ].join('\n'),
    {
      unhealthy: s.observed_scan.sm_fit_converged ? [] : ['the background-only fit to the data did not converge'],
      failed: { count: s.global.n_failed + s.global.n_with_failed_points + s.observed_scan.n_failed, total: s.global.n_toys + s.global.n_failed + s.mass_grid.n, what: 'toys or observed mass points with a failed fit' },
    },
  );
}

/** The toy parts of `compare --toys N`: global significance and the calibrated DM-vs-NSI comparison. */
export async function compareToys(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  c: CompareReport,
  g: Omit<GlobalOptions, 'shard' | 'toys'> & { toys: number; coxToys: number },
): Promise<{ global: GlobalSignificanceReport | null; dmVsNsi: DmVsNsi | null }> {
  const masses = requireMassScan(loaded, '--toys');
  const c0 = parseReferenceLevel(g.referenceLevel);
  const fam = dmScanFamily(exp, loaded, masses);
  const obs = observedGlobalScan(fam);
  const w = g.workers !== undefined ? { workers: g.workers } : {};
  const values = await globalToys(fam, loaded, obs, { seed: g.seed, start: 0, end: g.toys, referenceLevel: c0, ...w, onProgress: g.progress });
  const global = globalReport(obs, values, g.seed, c0);
  const dmVsNsi = g.coxToys > 0 && c.hypotheses.nsi && c.hypotheses.dm ? await dmVsNsiToys(exp, loaded, fam, c, g.coxToys, { seed: g.seed, ...w, onProgress: g.progress }) : null;
  g.progress.finish();
  return { global, dmVsNsi };
}

/** Significance lines of `compare`: local, the naive χ²(2 dof) number labelled as such, global and DM vs NSI. */
export function compareSignificanceText(
  c: Pick<CompareReport, 'local' | 'naive_chi2_2dof'> & {
    global: GlobalSignificanceReport['global'] | null;
    gross_vitells: GlobalSignificanceReport['gross_vitells'] | null;
    comparison: { dm_vs_nsi: (Pick<DmVsNsi, 'delta' | 'p_if_nsi' | 'p_if_dm' | 'n_toys'> & Partial<DmVsNsi>) | null };
  },
): string[] {
  const out: string[] = [];
  if (c.local) {
    out.push('', `DM local significance at m = ${fmt(c.local.mass_MeV, 4)} MeV: Z = ${fmt(c.local.z, 3)} σ (p = ${fmt(c.local.p, 3)}, q0 = ${fmt(c.local.q0, 4)}, one-sided at a fixed mass)`);
    if (c.naive_chi2_2dof) out.push(`  (naive χ² with 2 dof for mass and Y: Z = ${fmt(c.naive_chi2_2dof.z, 3)} σ — Wilks does not apply to the mass, which SM does not have)`);
    if (c.global && c.gross_vitells) {
      out.push(
        `DM global significance over the mass grid: Z = ${fmt(c.global.z, 3)} σ (p = ${fmt(c.global.p, 3)} ± ${fmt(c.global.p_error, 2)}, ${c.global.n_toys} toys, trials factor ${fmt(c.global.trials_factor, 3)}); Gross–Vitells Z = ${fmt(c.gross_vitells.z, 3)} σ`,
      );
    } else out.push('  global significance (look-elsewhere over the mass grid): run with --toys N');
  }
  const d = c.comparison.dm_vs_nsi;
  if (d) {
    out.push('', `−2lnL(NSI) − (−2lnL(DM)) = ${fmt(d.delta, 3)} (positive: DM fits better; non-nested, no χ² reference)`);
    if (d.n_toys > 0) {
      out.push(
        `  calibrated with ${d.n_toys} toys per hypothesis: P(Δ ≥ observed | NSI true) = ${fmt(d.p_if_nsi, 3)}${d.p_if_nsi_error != null ? ` ± ${fmt(d.p_if_nsi_error, 2)}` : ''}, P(Δ ≤ observed | DM true) = ${fmt(d.p_if_dm, 3)}${d.p_if_dm_error != null ? ` ± ${fmt(d.p_if_dm_error, 2)}` : ''}`,
      );
    }
  }
  return out;
}
