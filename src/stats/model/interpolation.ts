/**
 * HistFactory interpolation codes for systematic variations, as scalar kernels (value and derivative) used
 * by the compiled model's hot loop. The variation is known at α = −1 (lo), 0 (nominal) and +1 (hi).
 *
 * Multiplicative (normsys; lo/hi are factors relative to nominal, so nominal = 1):
 *   code1: I(α) = hi^α for α ≥ 0, lo^(−α) for α < 0 (exponential; HistFactory's default for normsys).
 *   code4: for |α| ≥ 1 as code1; for |α| < 1 a 6th-order polynomial 1 + Σ a_i α^i whose value, first and
 *          second derivatives match code1 at α = ±1 (pyhf ≥ 0.7 default for normsys).
 * Additive (histosys; deltas up = hi − nom, dn = nom − lo per bin):
 *   code0:  Δ(α) = α·up for α ≥ 0, α·dn for α < 0 (piecewise linear).
 *   code4p: Δ(α) = α·up for α > 1, α·dn for α < −1, and inside |α| ≤ 1 the polynomial
 *           α·S + A·(15α² − 10α⁴ + 3α⁶) with S = (up + dn)/2, A = (up − dn)/16, which matches value, slope
 *           and curvature of the linear pieces at α = ±1 (pyhf ≥ 0.7 default for histosys).
 * Reference: K. Cranmer et al., "HistFactory: A tool for creating statistical models for use with RooFit
 * and RooStats", CERN-OPEN-2012-016, Sec. 4.1 (interpolation codes 0, 1, 4).
 */
import { Matrix, inverse } from 'ml-matrix';

/** code1 factor (exponential interpolation), lo and hi > 0. */
export function code1Factor(alpha: number, lo: number, hi: number): number {
  return alpha >= 0 ? Math.pow(hi, alpha) : Math.pow(lo, -alpha);
}

/** d code1Factor / dα (right derivative at α = 0). */
export function code1Derivative(alpha: number, lo: number, hi: number): number {
  return alpha >= 0 ? Math.pow(hi, alpha) * Math.log(hi) : -Math.pow(lo, -alpha) * Math.log(lo);
}

/** code0 additive delta for one bin: `up` = hi − nominal, `dn` = nominal − lo. */
export function code0Delta(alpha: number, up: number, dn: number): number {
  return alpha >= 0 ? alpha * up : alpha * dn;
}

/** d code0Delta / dα (right derivative at α = 0). */
export function code0Derivative(alpha: number, up: number, dn: number): number {
  return alpha >= 0 ? up : dn;
}

/** code4p additive delta for one bin. */
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

/**
 * Inverse of the 6×6 boundary-condition matrix for the code4 polynomial with α0 = 1: rows are the
 * conditions f(1), f(−1), f'(1), f'(−1), f''(1), f''(−1) applied to the monomials α^1 … α^6.
 * Computed once (numerically, ml-matrix) rather than typed in.
 */
const CODE4_INVERSE: Matrix = (() => {
  const rows: number[][] = [];
  const value = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => Math.pow(x, i));
  const slope = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => i * Math.pow(x, i - 1));
  const curv = (x: number) => [1, 2, 3, 4, 5, 6].map((i) => (i >= 2 ? i * (i - 1) * Math.pow(x, i - 2) : 0));
  rows.push(value(1), value(-1), slope(1), slope(-1), curv(1), curv(-1));
  return inverse(new Matrix(rows));
})();

/**
 * Polynomial coefficients a_1..a_6 (written into `out` at `offset`) of the code4 interpolation for a
 * normsys with relative factors lo, hi (> 0), with α0 = 1.
 */
export function code4Coefficients(lo: number, hi: number, out: Float64Array = new Float64Array(6), offset = 0): Float64Array {
  const lnHi = Math.log(hi);
  const lnLo = Math.log(lo);
  // Targets: f(1) − 1, f(−1) − 1, f'(1), f'(−1), f''(1), f''(−1) of hi^α (α ≥ 1) and lo^(−α) (α ≤ −1).
  const b = [hi - 1, lo - 1, hi * lnHi, -lo * lnLo, hi * lnHi * lnHi, lo * lnLo * lnLo];
  for (let r = 0; r < 6; r++) {
    let s = 0;
    for (let c = 0; c < 6; c++) s += CODE4_INVERSE.get(r, c) * b[c]!;
    out[offset + r] = s;
  }
  return out;
}

/** code4 factor given precomputed coefficients `coef[offset..offset+5]`. */
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
