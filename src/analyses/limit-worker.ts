/**
 * Worker-thread entry of `computeLimits` (src/analyses/limit.ts): receives a LimitWorkerRequest as workerData (the
 * validated, serialisable config, the parameter overrides and the mass indices of this worker), rebuilds the
 * experiment, and posts one `progress` message per mass, then `done` (or `error`).
 * Runs from the compiled dist/analyses/limit-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InvalidSpecification } from '../util/errors.js';
import { runLimitWorker, type LimitWorkerMessage, type LimitWorkerRequest } from './limit.js';

const port = parentPort;
if (!port) throw new Error('limit-worker.js must run in a worker thread');
const post = (m: LimitWorkerMessage): void => port.postMessage(m);
runLimitWorker(workerData as LimitWorkerRequest, post).catch((e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', name: err.name, message: err.message, ...(e instanceof InvalidSpecification ? { path: e.path } : {}) });
});
