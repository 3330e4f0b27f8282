/**
 * Benchmark (issue 6 performance): a 100-mass limit curve for one experiment (target < 5 s) and all limit curves of
 * items 5 and 6 — fits/csi2017-dm-limit.yaml, fits/lar2020-dm-limit.yaml and the three projections, those whose files
 * exist — (target < 30 s on 2 cores), with worker threads running the compiled dist/analyses/mass-worker.js (built by
 * `npx tsc -p .`; without it the curves are computed in one thread and the figures say so).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { loadAnalysisConfig } from '../../src/analyses/config.js';
import { computeLimits, type LimitCurve } from '../../src/analyses/limit.js';

const workerUrl = new URL('../../dist/analyses/mass-worker.js', import.meta.url);
const haveWorker = existsSync(fileURLToPath(workerUrl));
const fit = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));
const ALL = ['csi2017-dm-limit.yaml', 'lar2020-dm-limit.yaml', 'ccm-projection.yaml', 'jsns2-projection.yaml', 'lar-tonne-projection.yaml'];

function describeCurve(c: LimitCurve, ms: number): string {
  const ok = c.points.filter((p) => p.status === 'ok').length;
  const mid = c.points[Math.floor(c.points.length / 2)]!;
  const y = mid.y_exp ? mid.y_exp[2].toExponential(3) : 'null';
  return `${c.name}: ${c.points.length} masses in ${(ms / 1000).toFixed(2)} s wall (${c.timing.workers} workers, ${(c.timing.massComputeMs / 1000).toFixed(2)} s compute), ${ok} ok; median expected Y(${mid.massMeV.toFixed(1)} MeV) = ${y}`;
}

const opts = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe('limit curves', () => {
  bench(
    '100-mass CCM projection curve (target < 5 s)',
    async () => {
      const t = performance.now();
      const c = await computeLimits(loadAnalysisConfig(fit('ccm-projection.yaml')), { workers: availableParallelism(), workerUrl });
      console.log(`[limit.bench] ${describeCurve(c, performance.now() - t)}${haveWorker ? '' : ' — NO compiled worker, in-thread'}`);
    },
    opts,
  );

  bench(
    'items 5 and 6: all limit configs present (target < 30 s on 2 cores)',
    async () => {
      const t0 = performance.now();
      const present = ALL.filter((f) => existsSync(fit(f)));
      for (const f of present) {
        const t = performance.now();
        const c = await computeLimits(loadAnalysisConfig(fit(f)), { workers: availableParallelism(), workerUrl });
        console.log(`[limit.bench] ${describeCurve(c, performance.now() - t)}`);
      }
      const missing = ALL.filter((f) => !present.includes(f));
      console.log(`[limit.bench] items 5+6: ${present.length} curves in ${((performance.now() - t0) / 1000).toFixed(2)} s wall${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
    },
    opts,
  );
});
