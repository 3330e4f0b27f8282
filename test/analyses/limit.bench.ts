/**
 * Benchmark (issues 6, 13 and 16): a 100-mass limit curve for one experiment (target < 5 s), the five limit curves of
 * issues 6/13 — fits/csi2017-dm-limit.yaml, fits/lar2020-dm-limit.yaml and the three projections — (target < 30 s on
 * 2 cores), each with 1 lane (this thread only) and with 2 lanes of the worker pool (this thread + one worker thread),
 * and EVERY shipped limit curve (each fits/*.yaml with a `limit:` section, found at run time) with 2 lanes (issue 16:
 * target ≤ 10 s each on 2 idle cores); wall and CPU time. Worker threads load compiled JavaScript, so the curves come
 * from dist/ (built by `npx tsc -p .`). The load average is printed: on a shared machine wall times scale with it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bench, describe } from 'vitest';

const limitJs = fileURLToPath(new URL('../../dist/analyses/limit.js', import.meta.url));
const configJs = fileURLToPath(new URL('../../dist/analyses/config.js', import.meta.url));
const fit = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));
/** Every shipped config with a limit section (a curve `cevnsfit limit` computes). */
const SHIPPED = readdirSync(fileURLToPath(new URL('../../fits/', import.meta.url)))
  .filter((f) => f.endsWith('.yaml') && /^limit:/m.test(readFileSync(fit(f), 'utf8')))
  .sort();
const ALL = ['csi2017-dm-limit.yaml', 'lar2020-dm-limit.yaml', 'ccm-projection.yaml', 'jsns2-projection.yaml', 'lar-tonne-projection.yaml'];

interface Curve {
  name: string;
  points: Array<{ status: string }>;
  timing: { workers: number; massComputeMs: number };
}
async function lib(): Promise<{ computeLimits: (l: unknown, o: object) => Promise<Curve>; loadAnalysisConfig: (f: string) => unknown }> {
  if (!existsSync(limitJs)) throw new Error('dist/ is missing: run `npx tsc -p .` before the benchmark');
  await import(pathToFileURL(fileURLToPath(new URL('../../dist/node/host.js', import.meta.url))).href); // dist's Node host (threads, files, datasets)
  const { computeLimits } = await import(pathToFileURL(limitJs).href);
  const { loadAnalysisConfig } = await import(pathToFileURL(configJs).href);
  return { computeLimits, loadAnalysisConfig };
}

/** Wall and CPU (all threads of this process) of one curve. */
async function timed(file: string, workers: number): Promise<{ wall: number; cpu: number; c: Curve }> {
  const { computeLimits, loadAnalysisConfig } = await lib();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const c = await computeLimits(loadAnalysisConfig(fit(file)), { workers });
  const u = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (u.user + u.system) / 1000, c };
}

const opts = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const s = (ms: number) => (ms / 1000).toFixed(2);

describe('limit curves, 1 lane vs 2 lanes', () => {
  bench(
    '100-mass CCM projection curve (target < 5 s)',
    async () => {
      for (const w of [1, 2]) {
        const r = await timed('ccm-projection.yaml', w);
        console.log(`[limit.bench] load ${loadavg()[0]!.toFixed(2)}: ${r.c.name}, ${r.c.points.length} masses, ${r.c.timing.workers} lane(s): ${s(r.wall)} s wall, ${s(r.cpu)} s CPU`);
      }
    },
    opts,
  );

  bench(
    'all shipped limit configs (target < 30 s on 2 cores)',
    async () => {
      for (const w of [1, 2]) {
        let wall = 0;
        let cpu = 0;
        for (const f of ALL.filter((x) => existsSync(fit(x)))) {
          const r = await timed(f, w);
          wall += r.wall;
          cpu += r.cpu;
          console.log(`[limit.bench] load ${loadavg()[0]!.toFixed(2)}: ${r.c.name}, ${r.c.points.length} masses, ${r.c.timing.workers} lane(s): ${s(r.wall)} s wall, ${s(r.cpu)} s CPU, ${r.c.points.filter((p) => p.status === 'ok').length} ok`);
        }
        console.log(`[limit.bench] all configs with ${w} lane(s): ${s(wall)} s wall, ${s(cpu)} s CPU`);
      }
    },
    opts,
  );

  bench(
    'every shipped limit curve, 2 lanes (issue 16: target ≤ 10 s each on 2 idle cores)',
    async () => {
      let worst = 0;
      for (const f of SHIPPED) {
        const r = await timed(f, 2);
        worst = Math.max(worst, r.wall);
        const ok = r.c.points.filter((p) => p.status === 'ok').length;
        console.log(`[limit.bench] load ${loadavg()[0]!.toFixed(2)}: ${f}, ${r.c.points.length} masses, ${r.c.timing.workers} lane(s): ${s(r.wall)} s wall${r.wall > 10_000 ? ' (> 10 s)' : ''}, ${s(r.cpu)} s CPU, ${ok} ok`);
      }
      console.log(`[limit.bench] ${SHIPPED.length} shipped limit curves, slowest ${s(worst)} s wall (load ${loadavg()[0]!.toFixed(2)})`);
    },
    opts,
  );
});
