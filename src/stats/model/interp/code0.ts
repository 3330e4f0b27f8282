/**
 * code0 additive interpolation (piecewise linear): δ(α) = α·Δ⁺ for α ≥ 0, α·Δ⁻ for α < 0
 * (CERN-OPEN-2012-016 Sec. 4.1). Weights: (a, d) = (α, 0) for α ≥ 0, (0, α) below.
 */
import type { DeltaInterpolation } from './types.js';

/** code0 additive delta for one bin: `up` = hi − nominal, `dn` = nominal − lo (scalar reference form). */
export function code0Delta(alpha: number, up: number, dn: number): number {
  return alpha >= 0 ? alpha * up : alpha * dn;
}

/** d code0Delta / dα (right derivative at α = 0). */
export function code0Derivative(alpha: number, up: number, dn: number): number {
  return alpha >= 0 ? up : dn;
}

/** The linear pieces shared by code0 and by code4p outside |α| ≤ 1. */
export function linearWeights(alpha: number, w: Float64Array, o: number): void {
  w[o] = alpha >= 0 ? alpha : 0;
  w[o + 1] = alpha >= 0 ? 0 : alpha;
}

export function linearSlopes(alpha: number, w: Float64Array, o: number): void {
  w[o] = alpha >= 0 ? 1 : 0;
  w[o + 1] = alpha >= 0 ? 0 : 1;
}

export const code0: DeltaInterpolation = {
  code: 'code0',
  weights: linearWeights,
  slopes: linearSlopes,
};
