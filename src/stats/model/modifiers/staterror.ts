/**
 * staterror: one γ_b per bin shared by all samples of the channel carrying the modifier, Gaussian with
 * σ_b = sqrt(Σ_s δ_sb²) / Σ_s ν_sb (sums over those samples; δ = absolute uncertainty, the entry's data). Bins with
 * σ_b = 0 are fixed and given σ = 1 (pyhf convention: the constant constraint term is kept).
 */
import type { Constraint } from '../../types.js';
import { joinPath } from '../schemaErrors.js';
import { perBinParams, repeat, scaledBins, type BinContents } from './common.js';
import type { ModifierModule } from './types.js';
import { readUncertainty } from './uncertainty.js';

export interface StaterrorSpec {
  readonly type: 'staterror';
  readonly name: string;
  readonly data: BinContents;
}

export const staterror: ModifierModule<StaterrorSpec> = {
  type: 'staterror',
  schema: (z, { name, binContents }) => z.strictObject({ type: z.literal('staterror'), name, data: binContents }),
  shape: 'perBin',
  sharing: 'channel',
  additive: false,
  read: (e, ctx) => readUncertainty(e.data, ctx),
  defaults: (uses, nb) => {
    const fixed: boolean[] = [];
    const constraint: Constraint[] = [];
    for (let b = 0; b < nb; b++) {
      let sumNom = 0;
      let sumVar = 0;
      for (const u of uses) {
        sumNom += u.nominal[b]!;
        sumVar += u.uncertainty![b]! ** 2;
      }
      const sigma = sumNom > 0 ? Math.sqrt(sumVar) / sumNom : 0;
      fixed.push(sigma === 0);
      constraint.push({ type: 'gaussian', sigma: sigma === 0 ? 1 : sigma });
    }
    return { shape: 'perBin', n: nb, init: repeat(nb, 1), lo: repeat(nb, 1e-10), hi: repeat(nb, 10), fixed, constraint, mean: repeat(nb, 1) };
  },
  build: (use, p) => ({ op: 'perBin', type: 'staterror', name: use.name, params: perBinParams(use, p) }),
  pyhf: {
    type: 'staterror',
    order: 6,
    write: (e, ctx) => ({ name: e.name, type: 'staterror', data: scaledBins(ctx.flatten(e.data, joinPath(ctx.path, 'data')), ctx.scale) }),
    read: (e) => ({ type: 'staterror', name: e.name, data: e.data as number[] }),
  },
};
