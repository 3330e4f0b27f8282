/**
 * normsys: constrained normalisation, factor = I(α; lo, hi) with lo, hi the relative factors at α = −1, +1 and the
 * model's normsys interpolation code (interp/code1.ts, interp/code4.ts). Default α: init 0, bounds [−5, 5], Gaussian σ = 1.
 */
import { InvalidSpecification } from '../../../util/errors.js';
import { NORMSYS_CODES } from '../interp/index.js';
import { joinPath } from '../schemaErrors.js';
import { scalarDefaults, UNIT_GAUSSIAN } from './common.js';
import type { ModifierModule } from './types.js';

export interface NormsysSpec {
  readonly type: 'normsys';
  readonly name: string;
  readonly data: { readonly lo: number; readonly hi: number };
}

export const normsys: ModifierModule<NormsysSpec> = {
  type: 'normsys',
  schema: (z, { finite, name }) => z.strictObject({ type: z.literal('normsys'), name, data: z.strictObject({ lo: finite, hi: finite }) }),
  shape: 'scalar',
  sharing: 'shared',
  additive: false,
  read: (e, ctx) => {
    if (!(e.data.lo > 0) || !(e.data.hi > 0)) {
      throw new InvalidSpecification(`normsys factors must be positive (lo = ${e.data.lo}, hi = ${e.data.hi})`, joinPath(ctx.path, 'data'));
    }
    return { scalars: [e.data.lo, e.data.hi] };
  },
  defaults: () => scalarDefaults(0, -5, 5, UNIT_GAUSSIAN, 0),
  build: (use, p, interp) => {
    const [lo, hi] = use.scalars as [number, number];
    return { op: 'factor', type: 'normsys', name: use.name, param: p(null), interp: NORMSYS_CODES[interp.normsys], lo, hi, power: 1 };
  },
  pyhf: {
    type: 'normsys',
    order: 3,
    write: (e) => ({ name: e.name, type: 'normsys', data: { lo: e.data.lo, hi: e.data.hi } }),
    read: (e) => {
      const d = e.data as { lo: number; hi: number };
      return { type: 'normsys', name: e.name, data: { lo: d.lo, hi: d.hi } };
    },
  },
};
