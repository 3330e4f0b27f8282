/** shapefactor: free per-bin factors. Default: init 1, bounds [0, 10], unconstrained. */
import { NO_CONSTRAINT, perBinParams, repeat } from './common.js';
import type { ModifierModule } from './types.js';

export interface ShapefactorSpec {
  readonly type: 'shapefactor';
  readonly name: string;
}

export const shapefactor: ModifierModule<ShapefactorSpec> = {
  type: 'shapefactor',
  schema: (z, { name }) => z.strictObject({ type: z.literal('shapefactor'), name }),
  shape: 'perBin',
  sharing: 'shared',
  additive: false,
  read: () => ({}),
  defaults: (_uses, nb) => ({
    shape: 'perBin',
    n: nb,
    init: repeat(nb, 1),
    lo: repeat(nb, 0),
    hi: repeat(nb, 10),
    fixed: repeat(nb, false),
    constraint: repeat(nb, NO_CONSTRAINT),
    mean: repeat(nb, NaN),
  }),
  build: (use, p) => ({ op: 'perBin', type: 'shapefactor', name: use.name, params: perBinParams(use, p) }),
  pyhf: {
    type: 'shapefactor',
    order: 4,
    write: (e) => ({ name: e.name, type: 'shapefactor', data: null }),
    read: (e) => ({ type: 'shapefactor', name: e.name }),
  },
};
