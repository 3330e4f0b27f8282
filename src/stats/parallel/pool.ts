/**
 * The one worker pool of cevnsfit. Every parallel job (exclusion curves over masses, mass × coupling scans, profile
 * scans) runs through `runPool`.
 *
 * A job is referenced by data — the URL of an ES module and the name of an exported {@link PoolJob} — so this module
 * imports nothing above the statistics layer and the "registry" of jobs is simply the module graph the worker can load.
 * Each lane runs the job's `setup(args)` once (e.g. builds an experiment from a serialisable config) and then computes
 * many items by index. Items are dealt dynamically (a lane that finishes early takes the next index), results are
 * stored by index, and an item's result may depend only on its index and the set-up arguments: the output is then
 * identical for any lane count.
 *
 * Lanes: the calling thread is one lane (it computes items between messages), plus `workers − 1` worker threads
 * running the compiled worker.js next to this module. On 2 cores this pays one set-up fewer than a pool of 2 threads
 * beside an idle main thread. The pool is sized to the work: at most ⌈n / minItemsPerLane⌉ lanes. Without a compiled
 * worker (vitest on TypeScript sources) everything runs in the calling thread.
 *
 * Threads, core count and load come from an injected {@link ThreadHost} (src/node/host.ts installs node:worker_threads
 * and node:os), so this module imports no Node built-in; without a host (a browser page) every job runs in the
 * calling thread.
 */
import * as errors from '../../util/errors.js';
import { CevnsfitError, InvalidParameters } from '../../util/errors.js';

/** A worker thread as the pool drives it (node:worker_threads' Worker satisfies it). */
export interface PoolThread {
  postMessage(message: ToWorker): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, listener: (...args: any[]) => void): unknown;
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

/** Threads and machine facts the pool needs from its host. */
export interface ThreadHost {
  /** Usable cores. */
  cores(): number;
  /** 1-minute load average (0 when unknown). */
  load1(): number;
  /** The compiled worker entry (dist/node/worker.js). */
  defaultWorkerUrl(): URL;
  /** True when a worker script exists at `url`. */
  workerAvailable(url: URL): boolean;
  /** Start a worker thread running `url`. */
  spawn(url: URL): PoolThread;
}

let threadHost: ThreadHost | null = null;

/** Install (or, with null, remove) the thread host; without one the pool runs everything in the calling thread. */
export function setThreadHost(h: ThreadHost | null): void {
  threadHost = h;
}

/** Where a job lives: `(await import(moduleUrl))[exportName]` is a {@link PoolJob}. */
export interface JobRef {
  /** Absolute file: URL (or package specifier) of an ES module. */
  readonly moduleUrl: string;
  readonly exportName: string;
}

/** A job: a set-up run once per lane, then `run` per item index. `A` and `R` must be structured-cloneable. */
export interface PoolJob<A, C, R> {
  setup(args: A): C | Promise<C>;
  run(context: C, index: number): R;
}

/** Options of {@link runPool}. */
export interface PoolOptions<A, C, R> {
  readonly job: JobRef;
  /** Structured-cloneable set-up arguments (typed arrays are copied once per worker). */
  readonly args: A;
  /** Item indices to compute (e.g. the masses of this shard). */
  readonly indices: readonly number[];
  /** Lanes including the calling thread. @default {@link defaultLanes}: the cores not busy with other work */
  readonly workers?: number;
  /** Fewest items per lane worth a set-up. @default 1 */
  readonly minItemsPerLane?: number;
  /** The job object for the calling thread (saves the import) and, optionally, a ready context (saves its set-up). */
  readonly inline?: { readonly job?: PoolJob<A, C, R>; readonly context?: () => C | Promise<C> };
  /** Called after each item with (index, value, done, total). */
  readonly onResult?: (index: number, value: R, done: number, total: number) => void;
  /** Compiled worker script. @default the thread host's (dist/node/worker.js), or the WorkerPool's */
  readonly workerUrl?: URL;
}

/** Results in the order of `indices`, per-item compute times and the lanes used. */
export interface PoolResult<R> {
  readonly values: R[];
  /** Compute time of each item (ms), in the order of `indices`. */
  readonly ms: Float64Array;
  /** Lanes used (calling thread + worker threads). */
  readonly lanes: number;
  /** Items computed by worker threads (the rest ran in the calling thread). */
  readonly itemsInWorkers: number;
}

/** Messages between the pool and a worker. */
export type ToWorker =
  | { readonly type: 'setup'; readonly run: number; readonly job: JobRef; readonly args: unknown }
  | { readonly type: 'run'; readonly run: number; readonly index: number }
  | { readonly type: 'release'; readonly run: number };
export type FromWorker =
  | { readonly type: 'ready'; readonly run: number }
  | { readonly type: 'result'; readonly run: number; readonly index: number; readonly value: unknown; readonly ms: number }
  | { readonly type: 'error'; readonly run: number; readonly error: SerialisedError };

/** An error crossing a thread boundary: class name, message and own data fields (e.g. `path`). */
export interface SerialisedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
  readonly stack?: string;
}

export function serialiseError(e: unknown): SerialisedError {
  const err = e instanceof Error ? e : new Error(String(e));
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (typeof v === 'string' || typeof v === 'number' || v === null) fields[k] = v;
  return { name: err.name, message: err.message, fields, ...(err.stack ? { stack: err.stack } : {}) };
}

/** Rebuild an error of the project's taxonomy (same class, message and fields) so callers can test `instanceof`. */
export function reviveError(s: SerialisedError): Error {
  const Cls = (errors as Record<string, unknown>)[s.name];
  let e: Error;
  if (typeof Cls === 'function' && (Cls === CevnsfitError || (Cls as { prototype: unknown }).prototype instanceof CevnsfitError)) {
    e = Object.create((Cls as { prototype: object }).prototype) as Error;
    Object.defineProperty(e, 'message', { value: s.message, writable: true, configurable: true });
    Object.defineProperty(e, 'name', { value: s.name, writable: true, configurable: true });
    Object.assign(e, s.fields);
  } else {
    e = new Error(s.message);
    e.name = s.name;
  }
  if (s.stack) e.stack = s.stack;
  return e;
}

/** URL of the compiled worker entry (the thread host's; a placeholder without a host, where no worker starts). */
export function defaultWorkerUrl(): URL {
  return threadHost ? threadHost.defaultWorkerUrl() : new URL('about:blank');
}

/** True when a thread host is installed and a compiled worker script exists at `url` (false under vitest on TS sources). */
export function workerAvailable(url: URL = defaultWorkerUrl()): boolean {
  if (!threadHost) return false;
  try {
    return threadHost.workerAvailable(url);
  } catch {
    return false;
  }
}

/**
 * Default lane count: the cores not already busy. A lane's set-up (module loading, building the experiment) is paid
 * in CPU time, and on a machine whose cores are taken by other work an extra lane only adds that cost
 * (test/analyses/limit.bench.ts: 2 lanes slower than 1 at load 5 on 2 cores). So: cores − ⌊1-minute load⌋ + 1 (this
 * process's own thread is part of the load), between 1 and the core count. An explicit `workers` is used as given.
 */
export function defaultLanes(cores = threadHost?.cores() ?? 1, load1 = threadHost?.load1() ?? 0): number {
  return Math.max(1, Math.min(cores, cores - Math.floor(load1) + 1));
}

/** Lanes the pool will use for `n` items (the calling thread counts as one). */
export function poolLanes(n: number, opts: { workers?: number; minItemsPerLane?: number; workerUrl?: URL } = {}): number {
  const requested = opts.workers ?? defaultLanes();
  if (!(Number.isInteger(requested) && requested >= 1)) throw new InvalidParameters(`workers must be a positive integer, got ${requested}`);
  const minItems = opts.minItemsPerLane ?? 1;
  if (!(Number.isInteger(minItems) && minItems >= 1)) throw new InvalidParameters(`minItemsPerLane must be a positive integer, got ${minItems}`);
  if (n <= 0) return 1;
  return Math.max(1, Math.min(requested, Math.ceil(n / minItems), workerAvailable(opts.workerUrl ?? defaultWorkerUrl()) ? Infinity : 1));
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => (typeof setImmediate === 'function' ? setImmediate(r) : setTimeout(r, 0)));

/**
 * Run `job` over `indices` on the calling thread plus worker threads; results by index. The threads are started for
 * this call and stopped after it; to run several jobs on the same threads (their module cache survives: a worker
 * imports the analysis code once), use a {@link WorkerPool}.
 */
export async function runPool<A, C, R>(opts: PoolOptions<A, C, R>): Promise<PoolResult<R>> {
  const pool = new WorkerPool({ ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}) });
  try {
    return await pool.run(opts);
  } finally {
    await pool.close();
  }
}

/**
 * Worker threads kept across jobs. `run` uses the calling thread plus up to `workers − 1` of them (started on first
 * use); each job's set-up runs once per lane and is released after the job. After a failed job the threads are
 * stopped (the next job starts fresh ones).
 */
export class WorkerPool {
  private threads: PoolThread[] = [];
  private nextRun = 1;
  private readonly url: URL;

  constructor(opts: { readonly workerUrl?: URL } = {}) {
    this.url = opts.workerUrl ?? defaultWorkerUrl();
  }

  /** Stop all worker threads. */
  async close(): Promise<void> {
    const t = this.threads;
    this.threads = [];
    await Promise.all(t.map((w) => w.terminate()));
  }

  async run<A, C, R>(opts: PoolOptions<A, C, R>): Promise<PoolResult<R>> {
    const n = opts.indices.length;
    const lanes = poolLanes(n, { ...opts, workerUrl: opts.workerUrl ?? this.url });
    const values: (R | undefined)[] = new Array(n);
    const have = new Uint8Array(n);
    const ms = new Float64Array(n);
    const posOf = new Map<number, number>();
    opts.indices.forEach((ix, p) => {
      if (posOf.has(ix)) throw new InvalidParameters(`runPool: duplicate item index ${ix}`);
      posOf.set(ix, p);
    });
    let next = 0; // next position to deal
    let done = 0;
    let itemsInWorkers = 0;
    let failure: Error | null = null;
    const record = (p: number, value: R, t: number, inWorker: boolean): void => {
      values[p] = value;
      have[p] = 1;
      ms[p] = t;
      done++;
      if (inWorker) itemsInWorkers++;
      opts.onResult?.(opts.indices[p]!, value, done, n);
    };

    let allDone!: () => void;
    let fail!: (e: Error) => void;
    const finished = new Promise<void>((res, rej) => {
      allDone = res;
      fail = (e) => {
        if (!failure) failure = e;
        rej(e);
      };
    });
    finished.catch(() => undefined);
    const checkDone = (): void => {
      if (done === n) allDone();
    };

    // Worker threads: deal one item at a time, with one more in flight so a worker never waits for the busy main lane.
    const runId = this.nextRun++;
    while (this.threads.length < lanes - 1) {
      if (!threadHost) throw new CevnsfitError('internal: worker lanes without a thread host');
      const w = threadHost.spawn(opts.workerUrl ?? this.url);
      w.on('error', () => undefined); // between jobs; during a job its own listener reports the error
      this.threads.push(w);
    }
    const detach: Array<() => void> = [];
    for (const worker of this.threads.slice(0, lanes - 1)) {
      let inFlight = 0;
      const deal = (): void => {
        while (inFlight < 2 && next < n && !failure) {
          const msg: ToWorker = { type: 'run', run: runId, index: opts.indices[next++]! };
          inFlight++;
          worker.postMessage(msg);
        }
      };
      const onMessage = (m: FromWorker): void => {
        if (m.run !== runId) return;
        if (m.type === 'ready') deal();
        else if (m.type === 'result') {
          inFlight--;
          const p = posOf.get(m.index);
          if (p === undefined || have[p]) return fail(new CevnsfitError(`internal: worker returned unexpected item ${m.index}`));
          record(p, m.value as R, m.ms, true);
          deal();
          checkDone();
        } else fail(reviveError(m.error));
      };
      const onError = (e: Error): void => fail(e);
      const onExit = (code: number): void => {
        if (!failure) fail(new CevnsfitError(`worker thread exited with code ${code}${inFlight > 0 ? ` with ${inFlight} item(s) unfinished` : ''}`));
      };
      worker.ref(); // idle threads do not keep the process alive, busy ones do
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      detach.push(() => {
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      });
      const setup: ToWorker = { type: 'setup', run: runId, job: opts.job, args: opts.args };
      worker.postMessage(setup);
    }

    // The calling thread's lane.
    const mainLane = async (): Promise<void> => {
      const job = opts.inline?.job ?? (await loadJob<A, C, R>(opts.job));
      const ctx = opts.inline?.context ? await opts.inline.context() : await job.setup(opts.args);
      while (next < n && !failure) {
        const p = next++;
        const t0 = performance.now();
        const v = job.run(ctx, opts.indices[p]!);
        record(p, v, performance.now() - t0, false);
        if (lanes > 1) await yieldToEventLoop();
      }
      checkDone();
    };

    try {
      if (n === 0) allDone();
      else await mainLane();
      await finished;
    } catch (e) {
      if (!failure) failure = e as Error;
    } finally {
      for (const d of detach) d();
      if (failure) await this.close();
      else for (const w of this.threads.slice(0, lanes - 1)) w.postMessage({ type: 'release', run: runId } satisfies ToWorker);
    }
    if (failure) throw failure;
    for (let p = 0; p < n; p++) if (!have[p]) throw new CevnsfitError(`internal: no result for item ${opts.indices[p]}`);
    return { values: values as R[], ms, lanes, itemsInWorkers };
  }
}

/** Import a job by reference; clear error when the module or export is missing. */
export async function loadJob<A, C, R>(ref: JobRef): Promise<PoolJob<A, C, R>> {
  const mod = (await import(ref.moduleUrl)) as Record<string, unknown>;
  const job = mod[ref.exportName] as PoolJob<A, C, R> | undefined;
  if (!job || typeof job.setup !== 'function' || typeof job.run !== 'function') {
    throw new CevnsfitError(`pool job: ${ref.moduleUrl} has no export "${ref.exportName}" with setup() and run()`);
  }
  return job;
}
