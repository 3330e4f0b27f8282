/**
 * code4 multiplicative interpolation (pyhf ≥ 0.7 default for normsys): for |α| ≥ 1 as code1; for |α| < 1 the
 * polynomial 1 + Σ_{i=1..6} a_i α^i whose value, slope and curvature match code1 at α = ±1 (CERN-OPEN-2012-016
 * Sec. 4.1, with α0 = 1). Constants: c[o] = ln lo, c[o + 1] = ln hi, c[o + 2 … o + 7] = a_1 … a_6.
 */
import { Matrix, inverse } from '#ml-matrix';
import type { FactorInterpolation } from './types.js';

/**
 * Inverse of the 6×6 boundary-condition matrix for the code4 polynomial with α0 = 1: rows are the
 * conditions f(1), f(−1), f'(1), f'(−1), f''(1), f''(−1) applied to the monomials α^1 … α^6.
 * Computed once (numerically, ml-matrix) rather than typed in, on first use: a model without code4 never builds it
 * (start-up time, docs/cli.md).
 */
let code4InverseMatrix: Matrix | null = null;
function code4Inverse(): Matrix {
  if (code4InverseMatrix) return code4InverseMatrix;
  const rows: number[][] = [];
  const value = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => Math.pow(x, i));
  const slope = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => i * Math.pow(x, i - 1));
  const curv = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => (i >= 2 ? i * (i - 1) * Math.pow(x, i - 2) : 0));
  rows.push(value(1), value(-1), slope(1), slope(-1), curv(1), curv(-1));
  code4InverseMatrix = inverse(new Matrix(rows));
  return code4InverseMatrix;
}

/**
 * Polynomial coefficients a_1..a_6 (written into `out` at `offset`) of the code4 interpolation for a
 * normsys with relative factors lo, hi (> 0), with α0 = 1.
 */
export function code4Coefficients(lo: number, hi: number, out: Float64Array = new Float64Array(6), offset = 0): Float64Array {
  const lnHi = Math.log(hi);
  const lnLo = Math.log(lo);
  // Targets: f(1) − 1, f(−1) − 1, f'(1), f'(−1), f''(1), f''(−1) of hi^α (α ≥ 1) and lo^(−α) (α ≤ −1).
  const b = [hi - 1, lo - 1, hi * lnHi, -lo * lnLo, hi * lnHi * lnHi, lo * lnLo * lnLo];
  const inv = code4Inverse();
  for (let r = 0; r < 6; r++) {
    let s = 0;
    for (let c = 0; c < 6; c++) s += inv.get(r, c) * b[c]!;
    out[offset + r] = s;
  }
  return out;
}

/** code4 factor given precomputed coefficients `coef[offset..offset+5]` (scalar reference form). */
export function code4Factor(alpha: number, lo: number, hi: number, coef: Float64Array, offset: number): number {
  if (alpha >= 1) return Math.pow(hi, alpha);
  if (alpha <= -1) return Math.pow(lo, -alpha);
  // Horner: 1 + α(a1 + α(a2 + α(a3 + α(a4 + α(a5 + α a6)))))
  let p = coef[offset + 5]!;
  for (let i = 4; i >= 0; i--) p = coef[offset + i]! + alpha * p;
  return 1 + alpha * p;
}

/** d code4Factor / dα. */
export function code4Derivative(alpha: number, lo: number, hi: number, coef: Float64Array, offset: number): number {
  if (alpha >= 1) return Math.pow(hi, alpha) * Math.log(hi);
  if (alpha <= -1) return -Math.pow(lo, -alpha) * Math.log(lo);
  let p = 6 * coef[offset + 5]!;
  for (let i = 4; i >= 0; i--) p = (i + 1) * coef[offset + i]! + alpha * p;
  return p;
}

export const code4: FactorInterpolation = {
  code: 'code4',
  prepare(lo, hi, _k, c, o) {
    c[o] = Math.log(lo);
    c[o + 1] = Math.log(hi);
    code4Coefficients(lo, hi, c, o + 2);
  },
  evaluate(x, c, o, val, der, i) {
    if (x >= 1) {
      const lnHi = c[o + 1]!;
      const v = Math.exp(x * lnHi);
      val[i] = v;
      der[i] = v * lnHi;
    } else if (x <= -1) {
      const lnLo = c[o]!;
      const v = Math.exp(-x * lnLo);
      val[i] = v;
      der[i] = -v * lnLo;
    } else {
      const a = o + 2;
      val[i] = 1 + x * (c[a]! + x * (c[a + 1]! + x * (c[a + 2]! + x * (c[a + 3]! + x * (c[a + 4]! + x * c[a + 5]!)))));
      der[i] = c[a]! + x * (2 * c[a + 1]! + x * (3 * c[a + 2]! + x * (4 * c[a + 3]! + x * (5 * c[a + 4]! + x * 6 * c[a + 5]!))));
    }
  },
};
