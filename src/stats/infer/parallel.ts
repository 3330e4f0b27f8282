/**
 * Profile scans split across worker threads. A StatModel holds closures and typed arrays and cannot
 * be sent to a worker, so each worker rebuilds it from a serialisable `ModelRecipe` (an ES module URL,
 * the name of an exported factory, and its JSON-able arguments — e.g. the model builder's
 * `compileModel` with a workspace spec). The grid is cut with `splitRange`, each worker computes its
 * chunk with `profileScan1D({ start, end })`, and `mergeProfileScans1D` joins the chunks, so the result
 * equals the single-threaded scan up to warm-start differences within the minimiser tolerance.
 *
 * The worker module is the compiled `scanWorker.js` next to this file (run from dist/).
 */
import { Worker } from 'node:worker_threads';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { fit } from './mle.js';
import { mergeProfileScans1D, splitRange, type ProfileScan1D, type ScanOptions } from './profile.js';

/** How to rebuild a model inside a worker: `(await import(moduleUrl))[exportName](...args)`. */
export interface ModelRecipe {
  /** Absolute file: URL (or package specifier) of an ES module. */
  readonly moduleUrl: string;
  readonly exportName: string;
  /** Structured-cloneable arguments of the factory. */
  readonly args: readonly unknown[];
}

/** Options of `profileScan1DParallel`. */
export interface ParallelScanOptions {
  /** Number of worker threads. @default 2 */
  workers?: number;
  fit?: ScanOptions['fit'];
}

/**
 * 1-D profile scan computed by `workers` threads. `model` (built from the same recipe in this thread)
 * provides the global fit that every chunk uses as reference and warm start.
 */
export async function profileScan1DParallel(
  recipe: ModelRecipe,
  model: StatModel,
  data: ObservedData,
  name: string,
  grid: Float64Array,
  opts: ParallelScanOptions = {},
): Promise<ProfileScan1D> {
  const nWorkers = opts.workers ?? 2;
  if (!(Number.isInteger(nWorkers) && nWorkers >= 1)) throw new InvalidParameters(`profileScan1DParallel: workers must be a positive integer, got ${nWorkers}`);
  model.params.index(name);
  const global = fit(model, data, { ...opts.fit, hesse: false });
  const chunks = splitRange(grid.length, nWorkers);
  const workerUrl = new URL('./scanWorker.js', import.meta.url);
  const parts = await Promise.all(
    chunks.map(
      ({ start, end }) =>
        new Promise<ProfileScan1D>((resolve, reject) => {
          const w = new Worker(workerUrl, { workerData: { recipe, data, name, grid, options: { start, end, global, fit: opts.fit } } });
          w.once('message', (m: ProfileScan1D) => resolve(m));
          w.once('error', reject);
          w.once('exit', (code) => {
            if (code !== 0) reject(new Error(`scan worker for chunk [${start}, ${end}) exited with code ${code}`));
          });
        }),
    ),
  );
  return mergeProfileScans1D(parts);
}
