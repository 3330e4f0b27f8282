/**
 * histosys: shape systematic from ±1σ templates (absolute counts), additive: δ_b(α) from Δ⁺ = hi − nominal and
 * Δ⁻ = nominal − lo with the model's histosys interpolation code (interp/code0.ts, interp/code4p.ts).
 * Default α as for normsys.
 */
import { HISTOSYS_CODES } from '../interp/index.js';
import { joinPath } from '../schemaErrors.js';
import { scalarDefaults, scaledBins, UNIT_GAUSSIAN, type BinContents } from './common.js';
import type { ModifierModule } from './types.js';

export interface HistosysSpec {
  readonly type: 'histosys';
  readonly name: string;
  readonly data: { readonly lo: BinContents; readonly hi: BinContents };
}

export const histosys: ModifierModule<HistosysSpec> = {
  type: 'histosys',
  schema: (z, { name, binContents }) => z.strictObject({ type: z.literal('histosys'), name, data: z.strictObject({ lo: binContents, hi: binContents }) }),
  shape: 'scalar',
  sharing: 'shared',
  additive: true,
  read: (e, ctx) => ({
    lo: ctx.flatten(e.data.lo, joinPath(joinPath(ctx.path, 'data'), 'lo')),
    hi: ctx.flatten(e.data.hi, joinPath(joinPath(ctx.path, 'data'), 'hi')),
  }),
  defaults: () => scalarDefaults(0, -5, 5, UNIT_GAUSSIAN, 0),
  build: (use, p, interp) => {
    const nb = use.nominal.length;
    const up = new Float64Array(nb);
    const dn = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      up[b] = use.hi![b]! - use.nominal[b]!;
      dn[b] = use.nominal[b]! - use.lo![b]!;
    }
    return { op: 'delta', type: 'histosys', name: use.name, param: p(null), up, dn, interp: HISTOSYS_CODES[interp.histosys] };
  },
  pyhf: {
    type: 'histosys',
    order: 0,
    write: (e, ctx) => {
      const lo = ctx.flatten(e.data.lo, joinPath(joinPath(ctx.path, 'data'), 'lo'));
      const hi = ctx.flatten(e.data.hi, joinPath(joinPath(ctx.path, 'data'), 'hi'));
      return { name: e.name, type: 'histosys', data: { lo_data: scaledBins(lo, ctx.scale), hi_data: scaledBins(hi, ctx.scale) } };
    },
    read: (e) => {
      const d = e.data as { lo_data: number[]; hi_data: number[] };
      return { type: 'histosys', name: e.name, data: { lo: d.lo_data, hi: d.hi_data } };
    },
  },
};
