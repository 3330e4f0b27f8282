/**
 * The worker pool (src/stats/parallel/pool.ts). Worker threads load compiled JavaScript, so these tests import the
 * pool from dist/ (built by `npm test`, which runs `tsc -p .` first) and use a plain-JS job fixture.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (p: string) => fileURLToPath(new URL(`../../../dist/${p}`, import.meta.url));
const jobUrl = new URL('./fixtures/job.mjs', import.meta.url).href;
async function load(p: string) {
  if (!existsSync(dist(p))) throw new Error(`dist/${p} is missing: run \`npx tsc -p .\` (npm test does) before this test`);
  await import(pathToFileURL(dist('node/host.js')).href); // the thread host (worker_threads, os) of dist/
  return import(pathToFileURL(dist(p)).href);
}
const job = { moduleUrl: jobUrl, exportName: 'testJob' };

describe('runPool', () => {
  it('gives the same values, in index order, for 1, 2 and 3 lanes; each lane sets up once', async () => {
    const { runPool } = await load('stats/parallel/pool.js');
    const indices = [7, 3, 0, 11, 5, 9, 1, 2, 4, 6, 8, 10];
    const args = { n: 12, seed: 3, spin: 2_000_000, failAt: -1 }; // ~30 ms per item: the workers boot before the main lane is done
    const one = await runPool({ job, args, indices, workers: 1 });
    expect(one.lanes).toBe(1);
    expect(one.itemsInWorkers).toBe(0);
    expect(one.values.map((v: { i: number }) => v.i)).toEqual(indices);
    for (const lanes of [2, 3]) {
      const seen: number[] = [];
      const r = await runPool({ job, args, indices, workers: lanes, onResult: (i: number, _v: unknown, d: number) => seen.push(d) && i });
      expect(r.lanes).toBe(lanes);
      expect(r.itemsInWorkers).toBeGreaterThan(0);
      expect(r.values.map((v: { x: number }) => v.x)).toEqual(one.values.map((v: { x: number }) => v.x));
      expect(seen).toEqual(indices.map((_, k) => k + 1));
      // a worker thread's module instance counts its own set-ups: exactly one per lane
      for (const v of r.values as Array<{ threadId: number; setups: number }>) if (v.threadId !== 0) expect(v.setups).toBe(1);
      expect(new Set((r.values as Array<{ threadId: number }>).map((v) => v.threadId)).size).toBeLessThanOrEqual(lanes);
    }
  }, 60_000);

  it('sizes the pool to the work (minItemsPerLane) and never uses more lanes than items', async () => {
    const { poolLanes } = await load('stats/parallel/pool.js');
    expect(poolLanes(100, { workers: 4 })).toBe(4);
    expect(poolLanes(3, { workers: 4 })).toBe(3);
    expect(poolLanes(20, { workers: 4, minItemsPerLane: 8 })).toBe(3);
    expect(poolLanes(6, { workers: 4, minItemsPerLane: 8 })).toBe(1);
    expect(() => poolLanes(6, { workers: 0 })).toThrow(/workers must be a positive integer/);
  });

  it('by default uses the cores not busy with other work', async () => {
    const { defaultLanes } = await load('stats/parallel/pool.js');
    expect(defaultLanes(2, 0.3)).toBe(2); // idle machine
    expect(defaultLanes(2, 1.2)).toBe(2); // this process alone
    expect(defaultLanes(2, 2.5)).toBe(1); // another job on the other core
    expect(defaultLanes(2, 14)).toBe(1);
    expect(defaultLanes(8, 3.9)).toBe(6);
  });

  it('an item that throws in a worker rejects with the same error class, message and fields', async () => {
    const { runPool } = await load('stats/parallel/pool.js');
    const errors = await load('util/errors.js');
    const indices = Array.from({ length: 10 }, (_, i) => i);
    // failAt item 9 is dealt last; with 2 lanes and a slow main lane it may run in either lane: both paths must agree
    for (const workers of [1, 2]) {
      const p = runPool({ job, args: { n: 10, seed: 1, spin: 1000, failAt: 9 }, indices, workers });
      await expect(p).rejects.toBeInstanceOf(errors.InvalidSpecification);
      await expect(p).rejects.toMatchObject({ message: 'items[9]: item 9 refused', path: 'items[9]' });
    }
  }, 60_000);

  it('a missing job export is a clear error', async () => {
    const { runPool } = await load('stats/parallel/pool.js');
    await expect(runPool({ job: { moduleUrl: jobUrl, exportName: 'nope' }, args: {}, indices: [0, 1], workers: 2 })).rejects.toThrow(/has no export "nope" with setup\(\) and run\(\)/);
  }, 60_000);

  it('rejects duplicate indices', async () => {
    const { runPool } = await load('stats/parallel/pool.js');
    await expect(runPool({ job, args: { n: 3, seed: 1, spin: 1, failAt: -1 }, indices: [0, 1, 1], workers: 1 })).rejects.toThrow(/duplicate item index 1/);
  });
});

describe('profileScan1DParallel', () => {
  it('two lanes give the single-threaded scan', async () => {
    const par = await load('stats/parallel/scan.js');
    const profile = await load('stats/infer/profile.js');
    const models = await load('stats/model/index.js');
    const args = [
      [12, 11],
      [50, 52],
      [3, 7],
    ];
    const model = models.uncorrelatedBackground(...args);
    const data = { main: Float64Array.of(51, 48), aux: Float64Array.from(model.nominalAux) };
    const grid = Float64Array.from({ length: 8 }, (_, i) => 0.25 * i);
    const recipe = { moduleUrl: pathToFileURL(dist('stats/model/index.js')).href, exportName: 'uncorrelatedBackground', args };
    const r = await par.profileScan1DParallel(recipe, model, data, 'mu', grid, { workers: 2 });
    const seq = profile.profileScan1D(model, data, 'mu', grid);
    expect(r.start).toBe(0);
    expect(r.end).toBe(grid.length);
    for (let k = 0; k < grid.length; k++) {
      expect(r.converged[k]).toBe(1);
      expect(r.deltaTwiceNll[k]).toBeCloseTo(seq.deltaTwiceNll[k], 5);
    }
    expect(r.deltaTwiceNll[7]).toBeGreaterThan(r.deltaTwiceNll[0]); // not a constant scan
  }, 60_000);
});

describe('WorkerPool', () => {
  it('reuses its threads across jobs (module loaded once per thread) and gives the same values as runPool', async () => {
    const { WorkerPool, runPool } = await load('stats/parallel/pool.js');
    const pool = new WorkerPool();
    try {
      const indices = Array.from({ length: 12 }, (_, i) => i);
      const args = { n: 12, seed: 5, spin: 2_000_000, failAt: -1 };
      const a = await pool.run({ job, args, indices, workers: 2 });
      const b = await pool.run({ job, args: { ...args, seed: 6 }, indices, workers: 2 });
      const ref = await runPool({ job, args: { ...args, seed: 6 }, indices, workers: 1 });
      expect(b.values.map((v: { x: number }) => v.x)).toEqual(ref.values.map((v: { x: number }) => v.x));
      const inWorker = [...a.values, ...b.values].filter((v: { threadId: number }) => v.threadId !== 0) as Array<{ threadId: number; setups: number }>;
      expect(inWorker.length).toBeGreaterThan(0);
      expect(new Set(inWorker.map((v) => v.threadId)).size).toBe(1); // the same thread served both jobs
      // the thread's module instance counted one set-up per job: 1 in the first job, 2 in the second
      for (const v of b.values as Array<{ threadId: number; setups: number }>) if (v.threadId !== 0) expect(v.setups).toBe(2);
      // after a failing job the pool still works (fresh threads)
      await expect(pool.run({ job, args: { ...args, failAt: 11 }, indices, workers: 2 })).rejects.toThrow(/item 11 refused/);
      const c = await pool.run({ job, args, indices, workers: 2 });
      expect(c.values.map((v: { x: number }) => v.x)).toEqual(a.values.map((v: { x: number }) => v.x));
    } finally {
      await pool.close();
    }
  }, 120_000);
});
