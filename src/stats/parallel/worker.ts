/**
 * Worker-thread entry of the pool (pool.ts): imports the job named in workerData, runs its set-up once, then
 * computes each `run` request and posts the result (or the error, serialised with its class name and fields).
 * Runs from the compiled dist/stats/parallel/worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadJob, serialiseError, type FromWorker, type JobRef, type ToWorker } from './pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);
const { job: ref, args } = workerData as { job: JobRef; args: unknown };

try {
  const job = await loadJob<unknown, unknown, unknown>(ref);
  const ctx = await job.setup(args);
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'run') return;
    const t0 = performance.now();
    let value: unknown;
    try {
      value = job.run(ctx, m.index);
    } catch (e) {
      post({ type: 'error', error: serialiseError(e) });
      return;
    }
    post({ type: 'result', index: m.index, value, ms: performance.now() - t0 });
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'error', error: serialiseError(e) });
}
