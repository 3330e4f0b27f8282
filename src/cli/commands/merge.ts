/**
 * `cevnsfit merge <partials or dirs…> [--out DIR] [--json]`: reassemble the single-run result of a sharded command
 * from its partial files (src/stats/parallel/shard.ts checks them: same run, every shard once, intact; the merge itself
 * is src/analyses/shards.ts), with the same JSON, plots and text as the unsharded command (./shardable.ts).
 * `cevnsfit merge --status DIR`: which shards are done, running or failed.
 */
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CEVNSFIT_VERSION } from '../version.js';
import { readPartial } from '../../stats/parallel/shard.js';
import { mergePartials } from '../../analyses/shards.js';
import { CevnsfitError, InvalidSpecification } from '../../util/errors.js';
import { makeReporter, runCommand, withCommonOptions, type CommonOptions } from '../common.js';
import { emitGlobalSignificance } from './lee.js';
import { emitLimit, emitMassYScan, emitSignificance, type ShardStatus } from './shardable.js';

interface MergeOpts extends CommonOptions {
  status?: string;
}

/** Partial files named on the command line: files as given, directories expanded to their partial-*.json. */
export function partialFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (existsSync(a) && statSync(a).isDirectory()) {
      const files = readdirSync(a)
        .filter((f) => /^partial-\d+-of-\d+\.json$/.test(f))
        .sort()
        .map((f) => join(a, f));
      if (files.length === 0) throw new CevnsfitError(`merge: ${a} holds no partial-*-of-*.json files`);
      out.push(...files);
    } else out.push(a);
  }
  return out;
}

/** Whether process `pid` exists on this host (and, where /proc shows it, is a Node process). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A recycled pid belongs to another program: a shard is always a node process.
    return /node/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

/** Shard states in DIR: from DIR/.status/ and the partial files present. */
export function shardStatus(dir: string): { count: number | null; shards: Array<{ index: number; state: string; reason?: string; detail: string }> } {
  if (!existsSync(dir)) throw new CevnsfitError(`merge --status: ${dir} does not exist`);
  const byIndex = new Map<number, { index: number; state: string; reason?: string; detail: string }>();
  let count: number | null = null;
  const stDir = join(dir, '.status');
  if (existsSync(stDir)) {
    for (const f of readdirSync(stDir).filter((x) => x.endsWith('.json'))) {
      let st: ShardStatus;
      try {
        st = JSON.parse(readFileSync(join(stDir, f), 'utf8')) as ShardStatus;
      } catch {
        continue;
      }
      count = st.shard.count;
      const prog = st.total ? ` ${st.done ?? 0}/${st.total}` : '';
      // A `running` shard on this host whose process no longer exists was killed (SIGKILL, OOM killer).
      const gone = st.state === 'running' && st.host === hostname() && !processAlive(st.pid);
      byIndex.set(st.shard.index, {
        index: st.shard.index,
        state: gone ? 'failed' : st.state,
        ...(gone ? { reason: 'process gone' } : {}),
        detail: `${st.command} on ${st.host} pid ${st.pid}${st.slurm ? ` slurm ${st.slurm}` : ''}${prog}, updated ${st.updated}${st.message ? `: ${st.message}` : ''}`,
      });
    }
  }
  for (const f of readdirSync(dir)) {
    const m = /^partial-(\d+)-of-(\d+)\.json$/.exec(f);
    if (!m) continue;
    const i = Number(m[1]);
    count ??= Number(m[2]);
    let state = 'done';
    let detail = f;
    try {
      readPartial(join(dir, f));
    } catch (e) {
      state = 'corrupt';
      detail = (e as Error).message;
    }
    byIndex.set(i, { index: i, state, detail });
  }
  if (count !== null) for (let i = 1; i <= count; i++) if (!byIndex.has(i)) byIndex.set(i, { index: i, state: 'missing', detail: 'no status and no partial (not started, or killed before it began)' });
  return { count, shards: [...byIndex.values()].sort((a, b) => a.index - b.index) };
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('merge')
      .description('merge the partial results of a sharded limit / significance --toys [--global] / scan --param mass,Y into the single-run result; --status DIR')
      .argument('[partials...]', 'partial files or directories holding partial-<i>-of-<N>.json')
      .option('--status <dir>', 'show which shards of DIR are done, running, failed or missing (no merge)')
      .option('--bands', 'limit figures: the expected ±1σ/±2σ bands of every curve (default: only when there is one curve)')
      .option('--no-bands', 'limit figures: no expected bands'),
  ).action(async (args: string[], opts: MergeOpts) => {
    await runCommand(opts, async () => {
      if (opts.status) {
        const s = shardStatus(opts.status);
        const counts: Record<string, number> = {};
        for (const sh of s.shards) counts[sh.state] = (counts[sh.state] ?? 0) + 1;
        makeReporter({ ...opts, out: undefined }).result({ command: 'merge-status', dir: opts.status, count: s.count, counts, shards: s.shards }, () =>
          [`${opts.status}: ${s.count ?? 0} shard(s): ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'none found'}`, ...s.shards.map((sh) => `  ${sh.index}/${s.count}  ${(sh.reason ? `${sh.state} (${sh.reason})` : sh.state).padEnd(8)} ${sh.detail}`)].join('\n'),
        );
        return;
      }
      if (args.length === 0) throw new InvalidSpecification('give the partial files (or their directory) to merge, or --status DIR', 'partials');
      const files = partialFiles(args);
      const m = mergePartials(
        files.map((file) => ({ file, partial: readPartial(file) })),
        CEVNSFIT_VERSION,
      );
      if (m.command === 'limit') await emitLimit(opts, m.curves, m.signals, m.overlays);
      else if (m.command === 'significance') emitSignificance(opts, m.report);
      else if (m.command === 'significance-global') emitGlobalSignificance(opts, m.report);
      else await emitMassYScan(opts, m.report, m.configName, m.plot);
    });
  });
}
