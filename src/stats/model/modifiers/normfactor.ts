/** normfactor: free normalisation, factor = θ. Default parameter: init 1, bounds [0, 10], unconstrained. */
import { power } from '../interp/power.js';
import { NO_CONSTRAINT, scalarDefaults } from './common.js';
import type { ModifierModule } from './types.js';

export interface NormfactorSpec {
  readonly type: 'normfactor';
  readonly name: string;
}

export const normfactor: ModifierModule<NormfactorSpec> = {
  type: 'normfactor',
  schema: (z, { name }) => z.strictObject({ type: z.literal('normfactor'), name }),
  shape: 'scalar',
  sharing: 'shared',
  additive: false,
  read: () => ({}),
  defaults: () => scalarDefaults(1, 0, 10, NO_CONSTRAINT, NaN),
  build: (use, p) => ({ op: 'factor', type: 'normfactor', name: use.name, param: p(null), interp: power, lo: 1, hi: 1, power: 1 }),
  pyhf: {
    type: 'normfactor',
    order: 2,
    write: (e) => ({ name: e.name, type: 'normfactor', data: null }),
    read: (e) => ({ type: 'normfactor', name: e.name }),
  },
};
