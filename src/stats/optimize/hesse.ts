/**
 * Numerical Hessian from differences of gradients, and its inversion into a covariance matrix
 * (ml-matrix Cholesky) and its curvature analysis (positive definite / flat / negative-curvature direction, used to
 * escape saddle points). A Hessian that is not positive definite gives NO covariance: unlike Minuit's MnPosDef,
 * eigenvalues are never replaced by |λ|. Not used in the minimiser's inner loop.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from '#ml-matrix';
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
  /** Inverse (row-major m×m), only when the Hessian is positive definite; null otherwise (never built from |λ|). */
  readonly inverse: Float64Array | null;
  /** True when the Hessian was positive definite and well conditioned (see {@link analyseCurvature}). */
  readonly posDef: boolean;
}

/**
 * Relative size of the smallest eigenvalue of the scaled Hessian S = D H D (D = diag |H_kk|^−½, so S has ±1 on the
 * diagonal and its eigenvalues are scale-free; by Sylvester's law S and H have the same inertia) below which a
 * direction counts as flat: correlations closer to ±1 than this have no meaningful covariance.
 */
export const FLAT_CURVATURE = 1e-7;

/** Curvature of a Hessian: positive definite, flat, or with a direction of negative curvature. */
export interface CurvatureAnalysis {
  /** 'positive': all scaled eigenvalues > FLAT_CURVATURE; 'flat': smallest within ±FLAT_CURVATURE; 'negative': below −FLAT_CURVATURE. */
  readonly kind: 'positive' | 'flat' | 'negative';
  /** Smallest eigenvalue of the scaled Hessian S. */
  readonly minScaledEigenvalue: number;
  /** For 'negative': the direction of most negative curvature in the original coordinates (D·u, u the unit eigenvector of S). */
  readonly direction: Float64Array | null;
}

/**
 * Classify the curvature of the symmetric m×m Hessian H restricted to the indices with `use[k] = 1`
 * (e.g. the parameters not held at a bound). Not finite entries → 'flat' with NaN eigenvalue.
 */
export function analyseCurvature(H: Float64Array, m: number, use?: Uint8Array): CurvatureAnalysis {
  const idx: number[] = [];
  for (let k = 0; k < m; k++) if (!use || use[k]) idx.push(k);
  const q = idx.length;
  if (q === 0) return { kind: 'positive', minScaledEigenvalue: Infinity, direction: null };
  for (const i of idx) for (const j of idx) if (!Number.isFinite(H[i * m + j])) return { kind: 'flat', minScaledEigenvalue: NaN, direction: null };
  const D = idx.map((i) => (H[i * m + i] !== 0 ? 1 / Math.sqrt(Math.abs(H[i * m + i])) : 1));
  const rows: number[][] = idx.map((i, a) => idx.map((j, b) => D[a]! * H[i * m + j]! * D[b]!));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const lambda = evd.realEigenvalues;
  let kMin = 0;
  for (let k = 1; k < q; k++) if (lambda[k]! < lambda[kMin]!) kMin = k;
  const lmin = lambda[kMin]!;
  if (lmin > FLAT_CURVATURE) return { kind: 'positive', minScaledEigenvalue: lmin, direction: null };
  if (lmin >= -FLAT_CURVATURE) return { kind: 'flat', minScaledEigenvalue: lmin, direction: null };
  const V = evd.eigenvectorMatrix;
  const direction = new Float64Array(m);
  idx.forEach((i, a) => (direction[i] = D[a]! * V.get(a, kMin)));
  return { kind: 'negative', minScaledEigenvalue: lmin, direction };
}

/**
 * Invert a symmetric Hessian when it is positive definite (and not flat, {@link analyseCurvature}): Cholesky inverse.
 * Otherwise no inverse is returned — a covariance is never built from |λ| (that would make a saddle point or a flat
 * direction look like a valid minimum).
 */
export function invertHessian(H: Float64Array, m: number): InvertedHessian {
  if (m === 0) return { inverse: new Float64Array(0), posDef: true };
  if (analyseCurvature(H, m).kind !== 'positive') return { inverse: null, posDef: false };
  const rows: number[][] = [];
  for (let i = 0; i < m; i++) rows.push(Array.from(H.subarray(i * m, (i + 1) * m)));
  const chol = new CholeskyDecomposition(new Matrix(rows));
  if (!chol.isPositiveDefinite()) return { inverse: null, posDef: false };
  const inv = chol.solve(Matrix.eye(m, m));
  const inverse = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) inverse[i * m + j] = inv.get(i, j);
  if (!inverse.every(Number.isFinite)) return { inverse: null, posDef: false };
  return { inverse, posDef: true };
}
