/**
 * Profile scans split over the pool (pool.ts). A StatModel holds closures and cannot cross threads, so each worker
 * rebuilds it from a serialisable {@link ModelRecipe} (module URL, exported factory, JSON-able arguments — e.g. the
 * model builder's `compileModel` with a workspace spec). The grid is cut into chunks with `splitRange`; each chunk is
 * one pool item computed by `profileScan1D({ start, end })` from the same global fit, and `mergeProfileScans1D`
 * joins them, so the result equals the single-threaded scan up to warm-start differences within the minimiser
 * tolerance.
 */
import type { ObservedData, StatModel } from '../types.js';
import type { FitResult } from '../infer/mle.js';
import { fit } from '../infer/mle.js';
import { mergeProfileScans1D, profileScan1D, splitRange, type ProfileScan1D, type ScanOptions } from '../infer/profile.js';
import { runPool, type PoolJob } from './pool.js';

/** How to rebuild a model inside a worker: `(await import(moduleUrl))[exportName](...args)`. */
export interface ModelRecipe {
  readonly moduleUrl: string;
  readonly exportName: string;
  /** Structured-cloneable arguments of the factory. */
  readonly args: readonly unknown[];
}

/** Build a model from its recipe. */
export async function modelFromRecipe(recipe: ModelRecipe): Promise<StatModel> {
  const mod = (await import(recipe.moduleUrl)) as Record<string, unknown>;
  const factory = mod[recipe.exportName];
  if (typeof factory !== 'function') throw new Error(`model recipe: ${recipe.moduleUrl} has no function export "${recipe.exportName}"`);
  return (factory as (...a: unknown[]) => StatModel)(...recipe.args);
}

/** Options of `profileScan1DParallel`. */
export interface ParallelScanOptions {
  /** Lanes (calling thread + worker threads). @default 2 */
  workers?: number;
  /** Grid chunks (pool items). @default 2 × workers */
  chunks?: number;
  fit?: ScanOptions['fit'];
}

interface ScanArgs {
  readonly recipe: ModelRecipe;
  readonly data: ObservedData;
  readonly name: string;
  readonly grid: Float64Array;
  readonly chunks: ReadonlyArray<{ start: number; end: number }>;
  readonly global: FitResult;
  readonly fit?: ScanOptions['fit'];
}
interface ScanContext extends ScanArgs {
  readonly model: StatModel;
}

/** Pool job: one grid chunk of a profile scan per item. */
export const profileScanJob: PoolJob<ScanArgs, ScanContext, ProfileScan1D> = {
  async setup(args) {
    return { ...args, model: await modelFromRecipe(args.recipe) };
  },
  run(c, k) {
    const { start, end } = c.chunks[k]!;
    return profileScan1D(c.model, c.data, c.name, c.grid, { start, end, global: c.global, ...(c.fit ? { fit: c.fit } : {}) });
  },
};

/**
 * 1-D profile scan computed on the pool. `model` (built from the same recipe in this thread) provides the global fit
 * that every chunk uses as reference and warm start, and serves the calling thread's lane.
 */
export async function profileScan1DParallel(
  recipe: ModelRecipe,
  model: StatModel,
  data: ObservedData,
  name: string,
  grid: Float64Array,
  opts: ParallelScanOptions = {},
): Promise<ProfileScan1D> {
  const workers = opts.workers ?? 2;
  model.params.index(name);
  const global = fit(model, data, { ...opts.fit, hesse: false });
  const chunks = splitRange(grid.length, opts.chunks ?? 2 * workers);
  const args: ScanArgs = { recipe, data, name, grid, chunks, global, ...(opts.fit ? { fit: opts.fit } : {}) };
  const r = await runPool({
    job: { moduleUrl: import.meta.url, exportName: 'profileScanJob' },
    args,
    indices: chunks.map((_, k) => k),
    workers,
    inline: { job: profileScanJob, context: () => ({ ...args, model }) },
  });
  return mergeProfileScans1D(r.values);
}
