/** Shared pieces of the modifier modules: schema-part types, default parameter sets. */
import type { Constraint } from '../../types.js';
import type { ModifierUse, ParameterDefaults } from './types.js';

export type { BinContents, SchemaParts, Zod } from './types.js';

export const NO_CONSTRAINT: Constraint = { type: 'none' };
export const UNIT_GAUSSIAN: Constraint = { type: 'gaussian', sigma: 1 };

export function repeat<T>(n: number, v: T): T[] {
  return Array.from({ length: n }, () => v);
}

export function scalarDefaults(init: number, lo: number, hi: number, constraint: Constraint, mean: number): ParameterDefaults {
  return { shape: 'scalar', n: 1, init: [init], lo: [lo], hi: [hi], fixed: [false], constraint: [constraint], mean: [mean] };
}

/** Parameter index of every bin of a per-bin modifier. */
export function perBinParams(use: ModifierUse, paramIndex: (c: number | null) => number): Int32Array {
  const idx = new Int32Array(use.nominal.length);
  for (let b = 0; b < idx.length; b++) idx[b] = paramIndex(b);
  return idx;
}

/** Flat numbers of a per-bin pyhf entry, scaled with its sample. */
export const scaledBins = (a: Float64Array, f: number): number[] => Array.from(a, (v) => v * f);
