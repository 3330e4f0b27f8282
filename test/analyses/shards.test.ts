/**
 * The library merge of sharded runs (src/analyses/shards.ts): partials built with shardPartial, in any order, merge
 * into what one run over all items gives; partials of another version or an unknown command are refused with the
 * file named. The CLI round trip (shards vs single run, bit for bit) is test/cli/shard.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mergePartials, shardPartial, type LimitPartialContext } from '../../src/analyses/shards.js';
import { toySignificance, type SignificanceReport } from '../../src/analyses/run.js';
import type { LimitPointJson } from '../../src/analyses/results.js';
import { shardBlock, shardSlice, type PartialFile } from '../../src/stats/parallel/shard.js';

const asymptotic: SignificanceReport = { poi: 'mu', method: 'asymptotic', q0: 4, z: 2, p0: 0.02275, z_expected: null, mu_hat: 1.3, valid: true, messages: [] };
/** q0 of 6 toys: two at or above the observed 4, one failed (null). */
const q0 = [5, 1, null, 7, 3, 0.5];

function significanceShards(count: number, version = '0.1.0'): Array<{ file: string; partial: PartialFile }> {
  return Array.from({ length: count }, (_, k) => {
    const shard = { index: k + 1, count };
    const { start, end } = shardBlock(q0.length, shard);
    const indices = Array.from({ length: end - start }, (_, j) => start + j);
    const partial = shardPartial({
      command: 'significance',
      version,
      shard,
      hashInputs: { command: 'significance', toys: q0.length, seed: 7 },
      total: q0.length,
      kind: 'block',
      indices,
      context: { config: 'toy', seed: 7, asymptotic },
      values: indices.map((i) => q0[i]!),
    });
    return { file: `p${k + 1}.json`, partial: partial as PartialFile };
  });
}

describe('mergePartials', () => {
  it('significance: toy blocks given in any order merge into the single run (2 of 5 valid toys above q0_obs, 1 failed)', () => {
    const parts = significanceShards(3).reverse();
    const m = mergePartials(parts, '0.1.0');
    expect(m.command).toBe('significance');
    if (m.command !== 'significance') return;
    expect(m.report.toys).toEqual({ n: 6, seed: 7, n_above: 2, n_failed: 1 });
    expect(m.report.p0).toBe(2 / 5);
    expect(m.report.valid).toBe(false); // a failed toy
    expect(m.report).toEqual({ config: 'toy', ...toySignificance(asymptotic, q0, 7) });
  });

  it('limit: round-robin slices of two curves are put back in mass order; timing adds up, workers is the largest', () => {
    const sizes = [2, 3];
    const head = (name: string, timing: number, workers: number) => ({ name, experiment: 'toy', coupling: { name: 'Y', symbol: 'Y', formula: 'Y' }, mass_label: 'm', cl: 0.9, method: 'cls', data: 'observed', timing_ms: timing, workers });
    const all: LimitPointJson[] = [10, 20, 1, 2, 3].map((mass) => ({ mass, coupling_obs: mass * 1e-10, coupling_exp: null, status: 'ok' }));
    const parts = [1, 2].map((index) => {
      const shard = { index, count: 2 };
      const indices = shardSlice(5, shard);
      const context: LimitPartialContext = { curves: [head('a', 100 * index, index), head('b', 10 * index, 3 - index)], sizes, signals: [null, null], overlays: false };
      return { file: `p${index}.json`, partial: shardPartial({ command: 'limit', version: 'v', shard, hashInputs: { x: 1 }, total: 5, indices, context, values: indices.map((i) => all[i]!) }) as PartialFile };
    });
    const m = mergePartials(parts, 'v');
    if (m.command !== 'limit') throw new Error(m.command);
    expect(m.curves.map((c) => c.points.map((p) => p.mass))).toEqual([[10, 20], [1, 2, 3]]);
    expect(m.curves.map((c) => c.timing_ms)).toEqual([300, 30]);
    expect(m.curves.map((c) => c.workers)).toEqual([2, 2]);
  });

  it('refuses partials of another cevnsfit version, naming the file and both versions', () => {
    expect(() => mergePartials(significanceShards(2, '0.0.9'), '0.1.0')).toThrow(/p1\.json was written by cevnsfit 0\.0\.9, this is cevnsfit 0\.1\.0/);
  });

  it('refuses a missing shard and an unknown command', () => {
    expect(() => mergePartials(significanceShards(3).slice(1), '0.1.0')).toThrow(/missing shard\(s\) 1\/3/);
    const odd = significanceShards(1).map(({ file, partial }) => ({ file, partial: { ...partial, command: 'bogus' } as PartialFile }));
    expect(() => mergePartials(odd, '0.1.0')).toThrow(/unknown command "bogus" in p1\.json/);
  });
});
