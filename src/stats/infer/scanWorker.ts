/**
 * Worker-thread entry for parallel profile scans (see parallel.ts). Rebuilds the model from its
 * serialisable recipe, computes its chunk of the scan and posts the ProfileScan1D back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ObservedData, StatModel } from '../types.js';
import { profileScan1D, type ScanOptions } from './profile.js';
import type { ModelRecipe } from './parallel.js';

interface ScanWorkerInput {
  recipe: ModelRecipe;
  data: ObservedData;
  name: string;
  grid: Float64Array;
  options: ScanOptions;
}

const input = workerData as ScanWorkerInput;
const mod = (await import(input.recipe.moduleUrl)) as Record<string, (...args: unknown[]) => StatModel>;
const factory = mod[input.recipe.exportName];
if (typeof factory !== 'function') throw new Error(`model recipe: ${input.recipe.moduleUrl} has no function export "${input.recipe.exportName}"`);
const model = factory(...input.recipe.args);
parentPort?.postMessage(profileScan1D(model, input.data, input.name, input.grid, input.options));
