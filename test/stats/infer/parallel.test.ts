/**
 * Parallel profile scan in worker threads. Workers load compiled JavaScript, so this test runs against
 * dist/ (built by `npm test`, which runs `tsc -p .` first).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (p: string) => fileURLToPath(new URL(`../../../dist/${p}`, import.meta.url));

describe('profileScan1DParallel', () => {
  it('two workers give the single-threaded scan', async () => {
    const parallelJs = dist('stats/infer/parallel.js');
    const modelJs = dist('stats/model/index.js');
    if (!existsSync(parallelJs) || !existsSync(modelJs)) throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before this test');
    const infer = await import(pathToFileURL(parallelJs).href);
    const profile = await import(pathToFileURL(dist('stats/infer/profile.js')).href);
    const models = await import(pathToFileURL(modelJs).href);
    const args = [
      [12, 11],
      [50, 52],
      [3, 7],
    ];
    const model = models.uncorrelatedBackground(...args);
    const data = { main: Float64Array.of(51, 48), aux: Float64Array.from(model.nominalAux) };
    const grid = Float64Array.from({ length: 8 }, (_, i) => 0.25 * i);
    const recipe = { moduleUrl: pathToFileURL(modelJs).href, exportName: 'uncorrelatedBackground', args };
    const par = await infer.profileScan1DParallel(recipe, model, data, 'mu', grid, { workers: 2 });
    const seq = profile.profileScan1D(model, data, 'mu', grid);
    expect(par.start).toBe(0);
    expect(par.end).toBe(grid.length);
    for (let k = 0; k < grid.length; k++) {
      expect(par.converged[k]).toBe(1);
      expect(par.deltaTwiceNll[k]).toBeCloseTo(seq.deltaTwiceNll[k], 5);
    }
    expect(par.deltaTwiceNll[7]).toBeGreaterThan(par.deltaTwiceNll[0]); // not a constant scan
  });
});
