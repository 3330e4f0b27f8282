/** lumi: luminosity, factor = θ; the parameter must be declared with a Gaussian constraint (sigma, mean). */
import { InvalidSpecification } from '../../../util/errors.js';
import { power } from '../interp/power.js';
import { joinPath } from '../schemaErrors.js';
import { scalarDefaults } from './common.js';
import type { ModifierModule } from './types.js';

export interface LumiSpec {
  readonly type: 'lumi';
  readonly name: string;
}

export const lumi: ModifierModule<LumiSpec> = {
  type: 'lumi',
  schema: (z, { name }) => z.strictObject({ type: z.literal('lumi'), name }),
  shape: 'scalar',
  sharing: 'shared',
  additive: false,
  read: () => ({}),
  // The width comes from the measurement / parameter declaration; resolve.ts insists that one is given.
  defaults: () => scalarDefaults(1, 0, 10, { type: 'gaussian', sigma: NaN }, 1),
  build: (use, p) => ({ op: 'factor', type: 'lumi', name: use.name, param: p(null), interp: power, lo: 1, hi: 1, power: 1 }),
  pyhf: {
    type: 'lumi',
    order: 1,
    check: (e, path) => {
      if (e.name !== 'lumi') throw new InvalidSpecification(`pyhf requires the lumi modifier to be named 'lumi' (got '${e.name}')`, joinPath(path, 'name'));
    },
    write: () => ({ name: 'lumi', type: 'lumi', data: null }),
    read: (e) => ({ type: 'lumi', name: e.name }),
  },
};
