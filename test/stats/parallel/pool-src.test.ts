/**
 * The worker pool's calling-thread side from the TypeScript source (src/stats/parallel/pool.ts): pool.test.ts loads
 * the pool from dist/, so it checks the shipped build but never the source that mutation testing mutates. Here the
 * dealing, lane sizing and error transport run from src/, with the compiled worker (dist/node/worker.js, built by
 * `npm test`) serving the worker lanes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { threadId as ownThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadJob, poolLanes, reviveError, runPool, serialiseError, WorkerPool } from '../../../src/stats/parallel/pool.js';
import { CevnsfitError, InvalidSpecification } from '../../../src/util/errors.js';

const workerUrl = new URL('../../../dist/node/worker.js', import.meta.url);
const jobUrl = new URL('./fixtures/job.mjs', import.meta.url).href;
const job = { moduleUrl: jobUrl, exportName: 'testJob' };
function needDist(): void {
  if (!existsSync(fileURLToPath(workerUrl))) throw new Error('dist/node/worker.js is missing: run `npx tsc -p .` (npm test does) before this test');
}
/** The fixture's value for item i (test/stats/parallel/fixtures/job.mjs), computed here independently. */
function expectedX(seed: number, i: number, spin: number): number {
  let x = Math.sin(seed + i);
  for (let k = 0; k < spin; k++) x = Math.sin(x + k);
  return x;
}

describe('runPool from src/ with compiled workers', () => {
  it('deals items to the worker lanes, returns values in index order, each equal to the item computed alone', async () => {
    needDist();
    expect(poolLanes(10, { workers: 3, workerUrl })).toBe(3);
    // ~40 ms per item: the worker boots long before the main lane is through 16 items, also on a loaded machine
    const indices = [7, 3, 0, 11, 5, 9, 1, 2, 4, 6, 8, 10, 15, 12, 14, 13];
    const spin = 2_000_000;
    const seen: number[] = [];
    const r = await runPool({ job, args: { n: 16, seed: 3, spin, failAt: -1 }, indices, workers: 2, workerUrl, onResult: (_i, _v, done, n) => seen.push(done * 100 + n) });
    expect(r.lanes).toBe(2);
    expect(r.itemsInWorkers).toBeGreaterThan(0);
    expect(r.itemsInWorkers).toBeLessThan(indices.length);
    expect((r.values as Array<{ i: number }>).map((v) => v.i)).toEqual(indices);
    for (const [p, v] of (r.values as Array<{ x: number }>).entries()) expect(v.x).toBe(expectedX(3, indices[p]!, spin));
    expect(seen).toEqual(indices.map((_, k) => (k + 1) * 100 + 16));
    expect(r.ms.every((t) => t >= 0)).toBe(true);
  }, 120_000);

  it('a WorkerPool that started two threads uses only one for a later two-lane job', async () => {
    needDist();
    const pool = new WorkerPool({ workerUrl });
    try {
      const indices = Array.from({ length: 12 }, (_, i) => i);
      const args = { n: 12, seed: 5, spin: 1_000_000, failAt: -1 };
      const a = await pool.run({ job, args, indices, workers: 3 });
      expect(a.lanes).toBe(3);
      const b = await pool.run({ job, args, indices, workers: 2 });
      expect(b.lanes).toBe(2);
      // the calling lane reports this test's own thread (not always 0: a test runner may run test files in threads)
      const threads = new Set((b.values as Array<{ threadId: number }>).map((v) => v.threadId).filter((t) => t !== ownThread));
      expect(threads.size).toBe(1);
      // the second job re-used a thread of the first: that thread counts two set-ups
      for (const v of b.values as Array<{ threadId: number; setups: number }>) if (v.threadId !== ownThread) expect(v.setups).toBe(2);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('lane sizing: minItemsPerLane and workers must be positive integers; no items means one lane', () => {
    expect(() => poolLanes(6, { workers: 2, minItemsPerLane: 0 })).toThrow(/minItemsPerLane must be a positive integer, got 0/);
    expect(() => poolLanes(6, { workers: 2, minItemsPerLane: 1.5 })).toThrow(/minItemsPerLane must be a positive integer/);
    expect(() => poolLanes(6, { workers: 1.5 })).toThrow(/workers must be a positive integer, got 1.5/);
    expect(poolLanes(0, { workers: 4, workerUrl })).toBe(1);
    expect(poolLanes(20, { workers: 4, minItemsPerLane: 8, workerUrl })).toBe(3);
  });

  it('an empty job resolves without running anything; a missing export is a clear error', async () => {
    const r = await runPool({ job, args: { n: 0, seed: 1, spin: 0, failAt: -1 }, indices: [], workers: 1 });
    expect(r.values).toEqual([]);
    await expect(loadJob({ moduleUrl: jobUrl, exportName: 'nope' })).rejects.toThrow(`pool job: ${jobUrl} has no export "nope" with setup() and run()`);
  });
});

describe('errors across the thread boundary', () => {
  it('serialiseError keeps class name, message, data fields and stack; reviveError rebuilds the project class', () => {
    const e = new InvalidSpecification('item 3 refused', 'items[3]');
    const s = serialiseError(e);
    expect(s).toMatchObject({ name: 'InvalidSpecification', message: 'items[3]: item 3 refused', fields: { path: 'items[3]' } });
    expect(s.stack).toBe(e.stack);
    const back = reviveError(JSON.parse(JSON.stringify(s)));
    expect(back).toBeInstanceOf(InvalidSpecification);
    expect(back).toBeInstanceOf(CevnsfitError);
    expect(back).toMatchObject({ name: 'InvalidSpecification', message: 'items[3]: item 3 refused', path: 'items[3]' });
    expect(back.stack).toBe(e.stack);
  });

  it('a foreign error comes back as a plain Error with its name; a thrown non-Error as its string', () => {
    const back = reviveError(serialiseError(new RangeError('bad range')));
    expect(back).not.toBeInstanceOf(CevnsfitError);
    expect(back).toBeInstanceOf(Error);
    expect([back.name, back.message]).toEqual(['RangeError', 'bad range']);
    expect(serialiseError('plain')).toMatchObject({ name: 'Error', message: 'plain', fields: {} });
    const noStack = reviveError({ name: 'CevnsfitError', message: 'm', fields: {} });
    expect(noStack).toBeInstanceOf(CevnsfitError);
    expect(noStack.message).toBe('m');
  });
});
