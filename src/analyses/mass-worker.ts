/**
 * Worker-thread entry of the mass jobs (src/analyses/massjobs.ts: exclusion curves, mass × Y scans): receives a
 * MassWorkerRequest as workerData, rebuilds the experiment, posts one `progress` message per mass, then `done` (or
 * `error`). Runs from the compiled dist/analyses/mass-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InvalidSpecification } from '../util/errors.js';
import { runMassWorker, type MassWorkerMessage, type MassWorkerRequest } from './massjobs.js';

const port = parentPort;
if (!port) throw new Error('mass-worker.js must run in a worker thread');
const post = (m: MassWorkerMessage): void => port.postMessage(m);
runMassWorker(workerData as MassWorkerRequest, post).catch((e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', name: err.name, message: err.message, ...(e instanceof InvalidSpecification ? { path: e.path } : {}) });
});
