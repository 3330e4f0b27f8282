/**
 * shapesys (Barlow–Beeston-lite): γ_b with Poisson auxiliary count of nominal τ_b = (nominal_b/σ_b)², data = absolute
 * uncertainty per bin; one sample only. Bins with nominal ≤ 0 or σ ≤ 0 get τ = 1 and a fixed γ (pyhf convention),
 * so they do not float.
 */
import type { Constraint } from '../../types.js';
import { joinPath } from '../schemaErrors.js';
import { perBinParams, repeat, scaledBins, type BinContents } from './common.js';
import type { ModifierModule } from './types.js';
import { readUncertainty } from './uncertainty.js';

export interface ShapesysSpec {
  readonly type: 'shapesys';
  readonly name: string;
  readonly data: BinContents;
}

export const shapesys: ModifierModule<ShapesysSpec> = {
  type: 'shapesys',
  schema: (z, { name, binContents }) => z.strictObject({ type: z.literal('shapesys'), name, data: binContents }),
  shape: 'perBin',
  sharing: 'sample',
  additive: false,
  read: (e, ctx) => readUncertainty(e.data, ctx),
  defaults: (uses, nb) => {
    const use = uses[0]!;
    const init = repeat(nb, 1);
    const fixed: boolean[] = [];
    const constraint: Constraint[] = [];
    for (let b = 0; b < nb; b++) {
      const nom = use.nominal[b]!;
      const sig = use.uncertainty![b]!;
      const valid = nom > 0 && sig > 0;
      fixed.push(!valid);
      constraint.push({ type: 'poisson', tau: valid ? (nom / sig) ** 2 : 1 });
    }
    return { shape: 'perBin', n: nb, init, lo: repeat(nb, 1e-10), hi: repeat(nb, 10), fixed, constraint, mean: repeat(nb, 1) };
  },
  build: (use, p) => ({ op: 'perBin', type: 'shapesys', name: use.name, params: perBinParams(use, p) }),
  pyhf: {
    type: 'shapesys',
    order: 5,
    write: (e, ctx) => ({ name: e.name, type: 'shapesys', data: scaledBins(ctx.flatten(e.data, joinPath(ctx.path, 'data')), ctx.scale) }),
    read: (e) => ({ type: 'shapesys', name: e.name, data: e.data as number[] }),
  },
};
