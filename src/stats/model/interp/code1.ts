/**
 * code1 (exponential) multiplicative interpolation: I(α) = hi^α for α ≥ 0, lo^(−α) for α < 0, with lo, hi > 0 the
 * relative factors at α = ∓1 (HistFactory's default for normsys; CERN-OPEN-2012-016 Sec. 4.1).
 * Constants: c[o] = ln lo, c[o + 1] = ln hi.
 */
import type { FactorInterpolation } from './types.js';

/** code1 factor, lo and hi > 0 (scalar reference form). */
export function code1Factor(alpha: number, lo: number, hi: number): number {
  return alpha >= 0 ? Math.pow(hi, alpha) : Math.pow(lo, -alpha);
}

/** d code1Factor / dα (right derivative at α = 0). */
export function code1Derivative(alpha: number, lo: number, hi: number): number {
  return alpha >= 0 ? Math.pow(hi, alpha) * Math.log(hi) : -Math.pow(lo, -alpha) * Math.log(lo);
}

export const code1: FactorInterpolation = {
  code: 'code1',
  prepare(lo, hi, _k, c, o) {
    c[o] = Math.log(lo);
    c[o + 1] = Math.log(hi);
  },
  evaluate(x, c, o, val, der, i) {
    if (x >= 0) {
      const lnHi = c[o + 1]!;
      const v = Math.exp(x * lnHi);
      val[i] = v;
      der[i] = v * lnHi;
    } else {
      const lnLo = c[o]!;
      const v = Math.exp(-x * lnLo);
      val[i] = v;
      der[i] = -v * lnLo;
    }
  },
};
