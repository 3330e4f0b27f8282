/** Shared pieces of the modifier modules: bin-content schema, finite numbers, default parameter sets. */
import { z } from 'zod';
import type { Constraint } from '../../types.js';
import type { ParameterDefaults, ModifierUse } from './types.js';

/** Bin contents: flat numbers, or nested arrays with the channel's shape. */
export type BinContents = readonly number[] | readonly BinContents[];

export const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

/** Recursive bin contents: checked by hand so that the error path names the offending element. */
export const binContents: z.ZodType<BinContents> = z.array(z.unknown()).superRefine((value, ctx) => {
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) ctx.addIssue({ code: 'custom', message: 'empty array of bin contents', path });
      v.forEach((x, i) => walk(x, [...path, i]));
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: `expected a finite number or an array, got ${JSON.stringify(v)}`, path });
    }
  };
  value.forEach((x, i) => walk(x, [i]));
}) as unknown as z.ZodType<BinContents>;

export const name = z.string().min(1, { message: 'expected a non-empty name' });

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
