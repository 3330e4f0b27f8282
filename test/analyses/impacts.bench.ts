/**
 * Benchmark (issue 17): impacts, ranking and grouped breakdown on fits/csi2021-sm.yaml (target ≤ 5 s on 2 cores),
 * from loading the config to the result (experiment build, full fit, 4 refits per constrained nuisance, 2 per
 * unconstrained one, one refit per group and the stat-only refit); wall and CPU time, all in this thread. The load
 * average is printed: on a shared machine wall times scale with it.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { loadAnalysisConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { runImpacts } from '../../src/analyses/inference.js';

const config = fileURLToPath(new URL('../../fits/csi2021-sm.yaml', import.meta.url));

describe('impacts', () => {
  bench(
    'impacts on csi2021-sm (target ≤ 5 s)',
    async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const loaded = loadAnalysisConfig(config);
      const exp = await buildExperiment(loaded.config);
      const t1 = performance.now();
      const r = runImpacts(exp, loaded);
      const t2 = performance.now();
      const u = process.cpuUsage(c0);
      console.log(
        `[impacts.bench] load ${loadavg()[0]!.toFixed(2)}: build ${((t1 - t0) / 1000).toFixed(2)} s + impacts ${((t2 - t1) / 1000).toFixed(2)} s (${r.n_fits} fits) = ${((t2 - t0) / 1000).toFixed(2)} s wall, ${((u.user + u.system) / 1e6).toFixed(2)} s CPU`,
      );
    },
    { iterations: 3, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});
