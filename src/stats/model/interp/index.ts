/** Interpolation-code registries: one line per code (see types.ts for the interfaces). */
import { code0 } from './code0.js';
import { code1 } from './code1.js';
import { code4 } from './code4.js';
import { code4p } from './code4p.js';
import type { DeltaInterpolation, FactorInterpolation, HistosysInterpolation, NormsysInterpolation } from './types.js';

export { power } from './power.js';
export { code0Delta, code0Derivative } from './code0.js';
export { code1Factor, code1Derivative } from './code1.js';
export { code4Coefficients, code4Factor, code4Derivative } from './code4.js';
export { code4pDelta, code4pDerivative } from './code4p.js';
export { FACTOR_STRIDE, type DeltaInterpolation, type FactorInterpolation, type HistosysInterpolation, type NormsysInterpolation } from './types.js';

/** Multiplicative (normsys) codes by name. */
export const NORMSYS_CODES: Readonly<Record<NormsysInterpolation, FactorInterpolation>> = { code1, code4 };
/** Additive (histosys) codes by name. */
export const HISTOSYS_CODES: Readonly<Record<HistosysInterpolation, DeltaInterpolation>> = { code0, code4p };
