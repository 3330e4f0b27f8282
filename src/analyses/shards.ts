/**
 * Sharded analysis runs (limit; significance --toys [--global]; scan --param mass,Y): what a shard's partial result
 * holds (its context and items, per command) and how checked partials merge into exactly the single run's report.
 * The generic part — slices, partial files, checksums, the checks that partials are shards 1…N of one run — is
 * src/stats/parallel/shard.ts; reading and writing the files, status and printing are the CLI's
 * (src/cli/commands/shardable.ts, merge.ts).
 *
 * Bit-for-bit equality with a single run holds because every item keeps its global index (and RNG stream), the merge
 * puts items back in index order, and the context (identical in every shard) carries everything else the report needs.
 */
import { checkPartials, contentHash, makePartial, mergedItems, type PartialFile, type ShardSpec } from '../stats/parallel/shard.js';
import type { ScanToy } from '../stats/infer/lee.js';
import { CevnsfitError } from '../util/errors.js';
import { globalReport, type GlobalSignificanceReport, type ObservedGlobalScan } from './globalsig.js';
import { massYReport, toySignificance, type MassYRow, type MassYScanReport, type MassYSmFit, type SignificanceReport } from './run.js';
import type { LimitCurveJson, LimitPointJson, MassYPlotSettings, OverlayBenchmark } from './results.js';

// ---- per-command contexts ------------------------------------------------------------------------------------------

/** Context of a limit partial: the curves without their points, the grid sizes, the plot settings. */
export interface LimitPartialContext {
  readonly curves: ReadonlyArray<Omit<LimitCurveJson, 'points'>>;
  readonly sizes: readonly number[];
  /** Per curve: the Y benchmark (α_D, m_A′/m_χ, χ type) for the existing-limit overlays; null for families without them. */
  readonly signals: ReadonlyArray<OverlayBenchmark | null>;
  readonly overlays: boolean;
}

/** Context of a significance partial: the asymptotic report (identical in every shard) and the toy seed. */
export interface SignificancePartialContext {
  readonly config: string;
  readonly seed: number;
  readonly asymptotic: SignificanceReport;
}

/** Context of a `significance --global` partial: the observed scan (identical in every shard), seed and c0. */
export interface GlobalPartialContext {
  readonly config: string;
  readonly seed: number;
  readonly reference_level: number;
  readonly observed: ObservedGlobalScan;
}

/** Context of a mass × Y scan partial. */
export interface MassYPartialContext {
  readonly config: string;
  readonly masses: number[];
  readonly ys: number[];
  readonly sm: MassYSmFit;
  readonly plot: MassYPlotSettings;
}

/** Partial context and item value of each sharded command (the `command` of its partial files). */
export interface ShardedCommands {
  readonly limit: { readonly context: LimitPartialContext; readonly value: LimitPointJson };
  readonly significance: { readonly context: SignificancePartialContext; readonly value: number | null };
  readonly 'significance-global': { readonly context: GlobalPartialContext; readonly value: ScanToy };
  readonly 'scan-mass-Y': { readonly context: MassYPartialContext; readonly value: MassYRow };
}
export type ShardedCommand = keyof ShardedCommands;

// ---- merges --------------------------------------------------------------------------------------------------------

type Parts<C extends ShardedCommand> = ReadonlyArray<PartialFile<ShardedCommands[C]['context'], ShardedCommands[C]['value']>>;

/** Merge limit partials (checked, in shard order) into the curves of the single run. */
export function mergeLimit(parts: Parts<'limit'>, items: readonly LimitPointJson[]): { curves: LimitCurveJson[]; signals: LimitPartialContext['signals']; overlays: boolean } {
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

/** Merge significance partials: the q0 of every toy (null = failed) → the single run's toy report. */
export function mergeSignificance(parts: Parts<'significance'>, q0: ReadonlyArray<number | null>): SignificanceReport & { config: string } {
  const ctx = parts[0]!.context;
  return { config: ctx.config, ...toySignificance(ctx.asymptotic, q0, ctx.seed) };
}

/** Merge `significance --global` partials into the single run's report. */
export function mergeGlobalSignificance(parts: Parts<'significance-global'>, toys: readonly ScanToy[]): GlobalSignificanceReport & { config: string } {
  const c = parts[0]!.context;
  return { config: c.config, ...globalReport(c.observed, toys, c.seed, c.reference_level) };
}

/** Merge mass × Y scan partials: the rows of every mass → the single run's report. */
export function mergeMassYScan(parts: Parts<'scan-mass-Y'>, rows: readonly MassYRow[]): { report: MassYScanReport; configName: string; plot: MassYPlotSettings } {
  const c = parts[0]!.context;
  return { report: massYReport(c.masses, c.ys, c.sm, rows), configName: c.config, plot: c.plot };
}

/** A merged run: what the single run of its command reports. */
export type MergedRun =
  | ({ readonly command: 'limit' } & ReturnType<typeof mergeLimit>)
  | { readonly command: 'significance'; readonly report: SignificanceReport & { config: string } }
  | { readonly command: 'significance-global'; readonly report: GlobalSignificanceReport & { config: string } }
  | ({ readonly command: 'scan-mass-Y' } & ReturnType<typeof mergeMassYScan>);

/**
 * Merge the partial files of one sharded run, read by the caller (`file` names them in errors): every partial must
 * be written by `version` (this cevnsfit) and the set must be shards 1…N of one run (checkPartials: same command,
 * config hash, version and N; no shard missing or twice; slices covering every item once).
 */
export function mergePartials(read: ReadonlyArray<{ readonly file: string; readonly partial: PartialFile }>, version: string): MergedRun {
  for (const { file, partial } of read) {
    if (partial.version !== version) {
      throw new CevnsfitError(`merge: ${file} was written by cevnsfit ${partial.version}, this is cevnsfit ${version}: re-run the shards with this version, or merge with the version that wrote them`);
    }
  }
  const parts = checkPartials(read);
  const command = parts[0]!.command;
  switch (command) {
    case 'limit': {
      const p = parts as Parts<'limit'>;
      return { command, ...mergeLimit(p, mergedItems<LimitPointJson>(p)) };
    }
    case 'significance': {
      const p = parts as Parts<'significance'>;
      return { command, report: mergeSignificance(p, mergedItems<number | null>(p)) };
    }
    case 'significance-global': {
      const p = parts as Parts<'significance-global'>;
      return { command, report: mergeGlobalSignificance(p, mergedItems<ScanToy>(p)) };
    }
    case 'scan-mass-Y': {
      const p = parts as Parts<'scan-mass-Y'>;
      return { command, ...mergeMassYScan(p, mergedItems<MassYRow>(p)) };
    }
    default:
      throw new CevnsfitError(`merge: unknown command "${command}" in ${read[0]!.file}`);
  }
}

/**
 * The partial result of shard `shard` of a sharded command: its items (values by global index), the context, the
 * content hash of the run's inputs and the slice, stamped with `version`. The caller writes it atomically.
 */
export function shardPartial<C extends ShardedCommand>(p: {
  readonly command: C;
  readonly version: string;
  readonly shard: ShardSpec;
  /** Everything that determines the result (configs after overrides, result-relevant options): hashed. */
  readonly hashInputs: unknown;
  readonly total: number;
  readonly indices: readonly number[];
  readonly context: ShardedCommands[C]['context'];
  readonly values: ReadonlyArray<ShardedCommands[C]['value']>;
  readonly kind?: 'round-robin' | 'block';
}): PartialFile<ShardedCommands[C]['context'], ShardedCommands[C]['value']> {
  if (p.indices.length !== p.values.length) throw new Error(`internal: ${p.indices.length} indices but ${p.values.length} values`);
  return makePartial({
    command: p.command,
    context: p.context,
    items: p.indices.map((index, k) => ({ index, value: p.values[k]! })),
    version: p.version,
    configHash: contentHash(p.hashInputs),
    shard: p.shard,
    slice: { kind: p.kind ?? 'round-robin', total: p.total, indices: [...p.indices] },
  });
}
