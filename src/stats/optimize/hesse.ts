/**
 * Numerical Hessian from differences of gradients, and its inversion into a covariance matrix
 * (ml-matrix Cholesky; a non-positive-definite Hessian is repaired by clamping eigenvalues, as
 * Minuit's MnPosDef does, and reported). Not used in the minimiser's inner loop.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { ReducedProblem } from './shim.js';

/**
 * Hessian of the reduced problem at x, H[i·m+j], by central differences of the gradient along each
 * coordinate with step `steps[j]` (one-sided into the allowed box at a bound), then symmetrised.
 * Returns false when a gradient was not finite.
 */
export function numericalHessian(p: ReducedProblem, x: Float64Array, steps: Float64Array, H: Float64Array): boolean {
  const m = p.m;
  const xw = Float64Array.from(x);
  const gp = new Float64Array(m);
  const gm = new Float64Array(m);
  let finite = true;
  for (let j = 0; j < m; j++) {
    const h = steps[j];
    const canUp = x[j] + h <= p.hi[j];
    const canDown = x[j] - h >= p.lo[j];
    let denom: number;
    if (canUp && canDown) {
      xw[j] = x[j] + h;
      p.grad(xw, gp);
      xw[j] = x[j] - h;
      p.grad(xw, gm);
      denom = 2 * h;
    } else if (canUp) {
      xw[j] = x[j] + h;
      p.grad(xw, gp);
      xw[j] = x[j];
      p.grad(xw, gm);
      denom = h;
    } else {
      xw[j] = x[j];
      p.grad(xw, gp);
      xw[j] = x[j] - h;
      p.grad(xw, gm);
      denom = h;
    }
    xw[j] = x[j];
    for (let i = 0; i < m; i++) {
      const v = (gp[i] - gm[i]) / denom;
      if (!Number.isFinite(v)) finite = false;
      H[i * m + j] = v;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = 0.5 * (H[i * m + j] + H[j * m + i]);
      H[i * m + j] = v;
      H[j * m + i] = v;
    }
  }
  return finite;
}

/** Result of inverting a Hessian. */
export interface InvertedHessian {
  /** Inverse (row-major m×m); always finite. */
  readonly inverse: Float64Array;
  /** True when the Hessian was positive definite as given. */
  readonly posDef: boolean;
}

/** Smallest eigenvalue kept, relative to the largest, when repairing a non-positive-definite Hessian. */
const EIGEN_FLOOR_REL = 1e-10;

/**
 * Invert a symmetric Hessian. Positive definite → Cholesky inverse. Otherwise eigenvalues are replaced
 * by max(|λ|, 1e-10·max|λ|) before inverting, and `posDef` is false.
 */
export function invertHessian(H: Float64Array, m: number): InvertedHessian {
  const inverse = new Float64Array(m * m);
  if (m === 0) return { inverse, posDef: true };
  const rows: number[][] = [];
  for (let i = 0; i < m; i++) rows.push(Array.from(H.subarray(i * m, (i + 1) * m)));
  const A = new Matrix(rows);
  const chol = new CholeskyDecomposition(A);
  if (chol.isPositiveDefinite()) {
    const inv = chol.solve(Matrix.eye(m, m));
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) inverse[i * m + j] = inv.get(i, j);
    if (inverse.every(Number.isFinite)) return { inverse, posDef: true };
  }
  const evd = new EigenvalueDecomposition(A, { assumeSymmetric: true });
  const lambda = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  let maxAbs = 0;
  for (const l of lambda) if (Number.isFinite(l)) maxAbs = Math.max(maxAbs, Math.abs(l));
  const floor = maxAbs > 0 ? EIGEN_FLOOR_REL * maxAbs : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        const l = Number.isFinite(lambda[k]) ? Math.max(Math.abs(lambda[k]), floor) : floor;
        s += (V.get(i, k) * V.get(j, k)) / l;
      }
      inverse[i * m + j] = s;
    }
  }
  return { inverse, posDef: false };
}
