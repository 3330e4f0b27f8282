/** The `read` and pyhf mapping shared by the per-bin modifiers whose data is an absolute uncertainty per bin. */
import { InvalidSpecification } from '../../../util/errors.js';
import { joinPath } from '../schemaErrors.js';
import type { BinContents } from './common.js';
import type { ReadContext, UsePayload } from './types.js';

/** Absolute per-bin uncertainties, flattened and checked ≥ 0. */
export function readUncertainty(data: BinContents, ctx: ReadContext): UsePayload {
  const unc = ctx.flatten(data, joinPath(ctx.path, 'data'));
  const bad = unc.findIndex((v) => v < 0);
  if (bad >= 0) throw new InvalidSpecification(`uncertainties must be ≥ 0 (got ${unc[bad]})`, joinPath(joinPath(ctx.path, 'data'), bad));
  return { uncertainty: unc };
}
