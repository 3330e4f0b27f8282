/**
 * Worker-thread entry of the pool (src/stats/parallel/pool.ts). It installs the Node host first (file access,
 * datasets, threads: the job's set-up may build an experiment), then for each job (`setup` message) imports the job
 * (the module cache persists across jobs of a WorkerPool), runs the set-up once and keeps the context until `release`;
 * each `run` message computes one item and posts the result, or the error serialised with its class name and fields.
 * Runs from the compiled dist/node/worker.js.
 */
import { parentPort } from 'node:worker_threads';
import './host.js';
import { loadJob, serialiseError, type FromWorker, type PoolJob, type ToWorker } from '../stats/parallel/pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);
const runs = new Map<number, Promise<{ job: PoolJob<unknown, unknown, unknown>; ctx: unknown }>>();

port.on('message', (m: ToWorker) => {
  if (m.type === 'setup') {
    const ready = (async () => {
      const job = await loadJob<unknown, unknown, unknown>(m.job);
      return { job, ctx: await job.setup(m.args) };
    })();
    runs.set(m.run, ready);
    ready.then(
      () => post({ type: 'ready', run: m.run }),
      (e: unknown) => post({ type: 'error', run: m.run, error: serialiseError(e) }),
    );
  } else if (m.type === 'run') {
    const r = runs.get(m.run);
    if (!r) return post({ type: 'error', run: m.run, error: serialiseError(new Error(`internal: item ${m.index} of unknown job ${m.run}`)) });
    void r.then(({ job, ctx }) => {
      const t0 = performance.now();
      let value: unknown;
      try {
        value = job.run(ctx, m.index);
      } catch (e) {
        post({ type: 'error', run: m.run, error: serialiseError(e) });
        return;
      }
      post({ type: 'result', run: m.run, index: m.index, value, ms: performance.now() - t0 });
    }, () => undefined);
  } else if (m.type === 'release') runs.delete(m.run);
});
