/**
 * Work split over mediator masses, in worker threads. Exclusion curves and mass × Y scans both compute one
 * independent result per mass; this module deals the mass indices round-robin to `workers` threads running the
 * compiled dist/analyses/mass-worker.js. Each worker rebuilds the experiment from the serialisable config (compiled
 * models are not shared between threads) and posts one result per mass; results are merged by index, so the output
 * is identical for any worker count. Without a compiled worker (e.g. vitest on TS sources) or with `workers: 1`,
 * the same job function runs in this thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CevnsfitError, InvalidSpecification } from '../util/errors.js';
import type { AnalysisConfig, LoadedAnalysis } from './config.js';
import { buildExperiment } from './experiments/index.js';
import type { ExperimentAnalysis } from './types.js';

/** One result of a mass job. */
export interface MassJobResult<T> {
  readonly index: number;
  readonly value: T;
  /** Compute time of this mass (ms). */
  readonly ms: number;
}

/** A job: computes the given mass indices in this thread, reporting each result. Settings must be structured-cloneable. */
export type MassJob<T, S> = (exp: ExperimentAnalysis, loaded: LoadedAnalysis, masses: ArrayLike<number>, indices: readonly number[], settings: S, onDone: (r: MassJobResult<T>) => void) => void;

/** The registered jobs, loaded on demand (the worker resolves a job by name). */
// Jobs are typed per module; the registry erases their result/settings types (the caller restores them).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMassJob = MassJob<any, any>;
const JOBS: { readonly [K in 'limit' | 'scan-mass-Y']: () => Promise<AnyMassJob> } = {
  limit: async () => (await import('./limit.js')).limitMassJob,
  'scan-mass-Y': async () => (await import('./run.js')).massYScanJob,
};
export type MassJobKind = keyof typeof JOBS;

/** Message to a worker. */
export interface MassWorkerRequest {
  readonly kind: MassJobKind;
  readonly config: AnalysisConfig;
  readonly file: string;
  readonly parameterSets: ReadonlyArray<readonly [string, number]>;
  readonly masses: readonly number[];
  readonly indices: readonly number[];
  readonly settings: unknown;
}

/** Messages from a worker. */
export type MassWorkerMessage =
  | { readonly type: 'progress'; readonly result: MassJobResult<unknown> }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly path?: string };

/** Worker entry: rebuild the experiment, compute the requested masses, post each result, then `done`. */
export async function runMassWorker(req: MassWorkerRequest, post: (m: MassWorkerMessage) => void): Promise<void> {
  const loaded: LoadedAnalysis = { config: req.config, file: req.file, parameterSets: new Map(req.parameterSets) };
  const exp = await buildExperiment(req.config);
  const job = await JOBS[req.kind]();
  job(exp, loaded, req.masses, req.indices, req.settings, (r) => post({ type: 'progress', result: r }));
  post({ type: 'done' });
}

/** URL of the compiled worker script next to this module. */
export function defaultMassWorkerUrl(): URL {
  return new URL('./mass-worker.js', import.meta.url);
}

/** True when a compiled worker script exists at `url` (false under vitest on TS sources). */
export function workerAvailable(url: URL = defaultMassWorkerUrl()): boolean {
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

function runWorker(url: URL, req: MassWorkerRequest, onResult: (r: MassJobResult<unknown>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(url, { workerData: req });
    let finished = false;
    w.on('message', (m: MassWorkerMessage) => {
      if (m.type === 'progress') onResult(m.result);
      else if (m.type === 'done') {
        finished = true;
        resolve();
      } else {
        finished = true;
        reject(m.name === 'InvalidSpecification' ? new InvalidSpecification(m.message.replace(/^[^:]*: /, ''), m.path ?? '') : new CevnsfitError(`${req.kind} worker: ${m.message}`));
      }
    });
    w.once('error', (e) => {
      finished = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!finished) reject(new CevnsfitError(`${req.kind} worker exited with code ${code} before finishing`));
    });
  });
}

/** Options of {@link runMassJobs}. */
export interface MassJobOptions {
  /** Worker threads. @default os.availableParallelism(); 1 = in this thread */
  readonly workers?: number;
  /** Compiled worker script. @default ./mass-worker.js next to this module */
  readonly workerUrl?: URL;
  /** Experiment already built from `loaded.config` (in-thread only; saves the rebuild). */
  readonly experiment?: ExperimentAnalysis;
  /** Called after each mass with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Run a mass job over all masses; returns the results in mass order and the number of threads used. */
export async function runMassJobs<T, S>(
  kind: MassJobKind,
  loaded: LoadedAnalysis,
  masses: ArrayLike<number>,
  settings: S,
  opts: MassJobOptions = {},
): Promise<{ results: MassJobResult<T>[]; workers: number }> {
  const n = masses.length;
  const url = opts.workerUrl ?? defaultMassWorkerUrl();
  const requested = opts.workers ?? availableParallelism();
  if (!(Number.isInteger(requested) && requested >= 1)) throw new InvalidSpecification(`expected a positive integer, got ${requested}`, 'workers');
  const nWorkers = Math.max(1, Math.min(requested, n, workerAvailable(url) ? Infinity : 1));
  const results: (MassJobResult<T> | undefined)[] = new Array(n);
  let done = 0;
  const record = (r: MassJobResult<unknown>): void => {
    results[r.index] = r as MassJobResult<T>;
    done++;
    opts.onProgress?.(done, n);
  };
  const all = Array.from({ length: n }, (_, i) => i);
  if (nWorkers <= 1) {
    const exp = opts.experiment ?? (await buildExperiment(loaded.config));
    const job: MassJob<T, S> = await JOBS[kind]();
    job(exp, loaded, masses, all, settings, record);
  } else {
    const base = { kind, config: loaded.config, file: loaded.file, parameterSets: [...loaded.parameterSets], masses: Array.from(masses), settings };
    await Promise.all(Array.from({ length: nWorkers }, (_, w) => runWorker(url, { ...base, indices: all.filter((i) => i % nWorkers === w) }, record)));
  }
  return {
    results: results.map((r, i) => {
      if (!r) throw new CevnsfitError(`internal: no result for mass index ${i}`);
      return r;
    }),
    workers: nWorkers,
  };
}
