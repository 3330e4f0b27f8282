/**
 * scale: analytic scaling by a power of a named parameter, factor = θ^power (e.g. a dark-matter yield ∝ Y, or ∝ g⁴).
 * Default parameter as normfactor. A non-integer power needs θ ≥ 0 (checked by the semantic pass on the bounds).
 * pyhf has no such modifier: power 1 is written as a normfactor, other powers are refused.
 */
import { InvalidSpecification } from '../../../util/errors.js';
import { power } from '../interp/power.js';
import { NO_CONSTRAINT, scalarDefaults } from './common.js';
import type { ModifierModule } from './types.js';

export interface ScaleSpec {
  readonly type: 'scale';
  readonly name: string;
  readonly power: number;
}

export const scale: ModifierModule<ScaleSpec> = {
  type: 'scale',
  schema: (z, { finite, name }) => z.strictObject({ type: z.literal('scale'), name, power: finite }),
  shape: 'scalar',
  sharing: 'shared',
  additive: false,
  read: (e) => ({ scalars: [e.power] }),
  defaults: () => scalarDefaults(1, 0, 10, NO_CONSTRAINT, NaN),
  build: (use, p) => ({ op: 'factor', type: 'scale', name: use.name, param: p(null), interp: power, lo: 1, hi: 1, power: use.scalars![0]! }),
  pyhf: {
    type: 'normfactor',
    order: 7,
    check: (e, path) => {
      if (e.power !== 1) throw new InvalidSpecification(`pyhf has no modifier for θ^${e.power} ('${e.name}'); only power 1 (a normfactor) can be written`, path);
    },
    write: (e) => ({ name: e.name, type: 'normfactor', data: null }),
  },
};
