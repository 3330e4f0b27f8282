/**
 * code4p additive interpolation (pyhf ≥ 0.7 default for histosys): linear as code0 for |α| > 1; inside,
 * δ(α) = α·S + A·(15α² − 10α⁴ + 3α⁶) with S = (Δ⁺ + Δ⁻)/2 and A = (Δ⁺ − Δ⁻)/16, which matches value, slope and
 * curvature of the linear pieces at α = ±1 (CERN-OPEN-2012-016 Sec. 4.1). As weights of Δ⁺ and Δ⁻:
 * a = α/2 + g(α), d = α/2 − g(α) with g(α) = α²(15 − 10α² + 3α⁴)/16.
 */
import { linearSlopes, linearWeights } from './code0.js';
import type { DeltaInterpolation } from './types.js';

/** code4p additive delta for one bin (scalar reference form). */
export function code4pDelta(alpha: number, up: number, dn: number): number {
  if (alpha > 1) return alpha * up;
  if (alpha < -1) return alpha * dn;
  const s = 0.5 * (up + dn);
  const a = 0.0625 * (up - dn);
  const a2 = alpha * alpha;
  return alpha * s + a * a2 * (15 + a2 * (-10 + 3 * a2));
}

/** d code4pDelta / dα. */
export function code4pDerivative(alpha: number, up: number, dn: number): number {
  if (alpha > 1) return up;
  if (alpha < -1) return dn;
  const s = 0.5 * (up + dn);
  const a = 0.0625 * (up - dn);
  const a2 = alpha * alpha;
  return s + a * alpha * (30 + a2 * (-40 + 18 * a2));
}

export const code4p: DeltaInterpolation = {
  code: 'code4p',
  weights(alpha, w, o) {
    if (alpha > 1 || alpha < -1) {
      linearWeights(alpha, w, o);
      return;
    }
    const a2 = alpha * alpha;
    const half = 0.5 * alpha;
    const g = 0.0625 * a2 * (15 + a2 * (-10 + 3 * a2));
    w[o] = half + g;
    w[o + 1] = half - g;
  },
  slopes(alpha, w, o) {
    if (alpha > 1 || alpha < -1) {
      linearSlopes(alpha, w, o);
      return;
    }
    const a2 = alpha * alpha;
    const g = 0.0625 * alpha * (30 + a2 * (-40 + 18 * a2));
    w[o] = 0.5 + g;
    w[o + 1] = 0.5 - g;
  },
};
