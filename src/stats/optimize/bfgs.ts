/**
 * Projected quasi-Newton (BFGS) minimisation under box constraints.
 *
 * Method (choice documented here): the inverse-Hessian BFGS update (Nocedal & Wright, "Numerical
 * Optimization", 2nd ed., eq. 6.17) with bounds handled by projection and an active set, after
 * Bertsekas, "Projected Newton methods for optimization problems with simple constraints",
 * SIAM J. Control Optim. 20 (1982) 221. A variable sitting on a bound with the gradient pointing out
 * of the box is held (its step is 0); the others take the quasi-Newton step restricted to the free
 * block; the trial point is projected back into the box and accepted with an Armijo condition along
 * the projected path (backtracking with safeguarded quadratic interpolation). Minima on a bound — the
 * usual case for a signal strength bounded at 0 — are reached exactly, which a sin/sqrt variable
 * transform (Minuit) only approaches asymptotically.
 *
 * The inverse Hessian is seeded with the inverse of a numerical Hessian (or its diagonal for large
 * problems), so the first step is a Newton step and the EDM is meaningful from the start.
 * Convergence here: EDM = ½ gᵀ H⁻¹ g (quasi-Newton H) over the non-held parameters below tolerance. A line search
 * that cannot decrease f (even after a reset to the diagonal seed) is NOT convergence: it is reported as
 * `lineSearchFailed`, and `minimize` decides with the exact Hessian (the one convergence rule, see minimize.ts).
 *
 * The iteration loop allocates nothing: all buffers are created before it starts.
 */
import { numericalHessian, invertHessian } from './hesse.js';
import type { ReducedProblem } from './shim.js';

/** Options of the core iteration (already checked and defaulted by `minimize`). */
export interface BfgsOptions {
  edmTolerance: number;
  maxIterations: number;
  maxCalls: number;
  fullSeedMaxDim: number;
  /** Optional initial inverse Hessian (m×m row-major); otherwise a numerical seed is computed. */
  inverseHessianSeed?: Float64Array;
}

/** What one quasi-Newton run produced (reduced space). */
export interface BfgsOutcome {
  x: Float64Array;
  f: number;
  g: Float64Array;
  /** Final inverse-Hessian approximation (m×m). */
  hInv: Float64Array;
  nIterations: number;
  converged: boolean;
  callLimitReached: boolean;
  /** EDM from the quasi-Newton approximation. */
  edm: number;
  /** The last line search found no decrease (the quasi-Newton EDM is then in doubt). */
  lineSearchFailed: boolean;
  /** The numerical Hessian seed was not positive definite (negative curvature or flat direction seen at the start). */
  indefiniteSeed: boolean;
  message: string;
}

const ARMIJO_C1 = 1e-4;
const MAX_LINE_SEARCH_STEPS = 40;
/** A variable within this fraction of its typical scale from a bound counts as on the bound. */
const BOUND_TOL_REL = 1e-12;

/** Run projected BFGS from x0 (clamped into the box). */
export function projectedBfgs(p: ReducedProblem, x0: Float64Array, o: BfgsOptions): BfgsOutcome {
  const m = p.m;
  const { lo, hi, typ } = p;
  const x = new Float64Array(m);
  for (let k = 0; k < m; k++) x[k] = clamp(x0[k], lo[k], hi[k]);
  const g = new Float64Array(m);
  const hInv = new Float64Array(m * m);
  if (m === 0) {
    const f = p.value(x);
    const ok = Number.isFinite(f);
    return { x, f, g, hInv, nIterations: 0, converged: ok, callLimitReached: false, edm: 0, lineSearchFailed: false, indefiniteSeed: false, message: ok ? 'converged (no free parameters)' : nonFiniteMessage(f, 'at the given parameters') };
  }
  let f = p.grad(x, g);
  if (!Number.isFinite(f) || !allFinite(g)) {
    return { x, f, g, hInv, nIterations: 0, converged: false, callLimitReached: false, edm: NaN, lineSearchFailed: false, indefiniteSeed: false, message: nonFiniteMessage(Number.isFinite(f) ? NaN : f, 'at the starting point') + (Number.isFinite(f) ? ' (gradient not finite)' : '') };
  }

  // Seed the inverse Hessian.
  const diagSeed = new Float64Array(m);
  let indefiniteSeed = false;
  if (o.inverseHessianSeed) {
    hInv.set(o.inverseHessianSeed);
    for (let k = 0; k < m; k++) diagSeed[k] = o.inverseHessianSeed[k * m + k] > 0 ? o.inverseHessianSeed[k * m + k] : typ[k] * typ[k];
  } else {
    indefiniteSeed = !seedInverseHessian(p, x, hInv, diagSeed, o.fullSeedMaxDim);
  }

  const d = new Float64Array(m);
  const xt = new Float64Array(m);
  const gt = new Float64Array(m);
  const s = new Float64Array(m);
  const y = new Float64Array(m);
  const hy = new Float64Array(m);
  const held = new Uint8Array(m);

  let nIterations = 0;
  let converged = false;
  let callLimitReached = false;
  let edm = Infinity;
  let message = '';
  let freshReset = false;
  let lineSearchFailed = false;

  for (;;) {
    markHeld(p, x, g, held);
    let dg = direction(hInv, g, held, d, m);
    if (!(dg < 0)) {
      // Not a descent direction: restart from the diagonal seed.
      resetToDiagonal(hInv, diagSeed, m);
      freshReset = true;
      dg = direction(hInv, g, held, d, m);
    }
    edm = dg < 0 ? -0.5 * dg : 0;
    if (edm < o.edmTolerance) {
      converged = true;
      message = 'converged';
      break;
    }
    if (nIterations >= o.maxIterations) {
      message = `iteration limit (${o.maxIterations}) reached with EDM ${edm.toExponential(3)}; raise maxIterations or check the starting point`;
      break;
    }
    if (p.nCalls >= o.maxCalls) {
      callLimitReached = true;
      message = `call limit (${o.maxCalls}) reached with EDM ${edm.toExponential(3)}; raise maxCalls or check the starting point`;
      break;
    }
    nIterations++;

    const ft = projectedLineSearch(p, x, f, g, d, xt, s);
    if (Number.isNaN(ft)) {
      if (!freshReset) {
        resetToDiagonal(hInv, diagSeed, m);
        freshReset = true;
        continue;
      }
      // No decrease along the steepest-descent-like direction either: not converged by this rule; minimize() checks
      // the EDM with the exact Hessian (the quasi-Newton one may be off) and restarts from it once.
      lineSearchFailed = true;
      message = `line search failed with EDM ${edm.toExponential(3)}; the objective may be discontinuous, not finite or at machine precision near the minimum`;
      break;
    }
    freshReset = false;
    const fNew = p.grad(xt, gt, ft);
    if (!allFinite(gt)) {
      message = 'gradient not finite at an accepted point; check the model near the bounds';
      break;
    }
    updateWithStep(hInv, s, g, gt, y, hy, m);
    x.set(xt);
    g.set(gt);
    f = fNew;
  }
  return { x, f, g, hInv, nIterations, converged, callLimitReached, edm, lineSearchFailed, indefiniteSeed, message };
}

/** Active set: held[k] = 1 for a variable on a bound with the gradient pushing outwards. */
function markHeld(p: ReducedProblem, x: Float64Array, g: Float64Array, held: Uint8Array): void {
  const { lo, hi, typ } = p;
  for (let k = 0; k < p.m; k++) {
    const tol = BOUND_TOL_REL * Math.max(typ[k], Math.abs(x[k]));
    held[k] = (x[k] - lo[k] <= tol && g[k] > 0) || (hi[k] - x[k] <= tol && g[k] < 0) ? 1 : 0;
  }
}

/**
 * Line search along the projected path x(α) = P(x + α d): Armijo condition with backtracking by safeguarded
 * quadratic interpolation. On acceptance returns f at the trial point (finite), with the point in `xt` and the step
 * in `s`; NaN when no step decreases f (or the projected path does not move).
 */
function projectedLineSearch(p: ReducedProblem, x: Float64Array, f: number, g: Float64Array, d: Float64Array, xt: Float64Array, s: Float64Array): number {
  const { lo, hi } = p;
  const m = p.m;
  let alpha = 1;
  for (let ls = 0; ls < MAX_LINE_SEARCH_STEPS; ls++) {
    let gs = 0;
    let moved = false;
    for (let k = 0; k < m; k++) {
      xt[k] = clamp(x[k] + alpha * d[k], lo[k], hi[k]);
      s[k] = xt[k] - x[k];
      if (s[k] !== 0) moved = true;
      gs += g[k] * s[k];
    }
    if (!moved) break;
    const ft = p.value(xt);
    if (Number.isFinite(ft) && ft <= f + ARMIJO_C1 * gs) return ft;
    if (!Number.isFinite(ft) || !(gs < 0)) {
      alpha *= 0.25;
    } else {
      // Minimum of the quadratic through f, slope gs and ft, safeguarded to [0.1, 0.5]·α.
      const q = -gs / (2 * (ft - f - gs));
      alpha *= Math.min(0.5, Math.max(0.1, Number.isFinite(q) ? q : 0.5));
    }
  }
  return NaN;
}

/** BFGS update of hInv with the step s and the gradient change y = gt − g, skipped when the curvature sᵀy is not positive enough. */
function updateWithStep(hInv: Float64Array, s: Float64Array, g: Float64Array, gt: Float64Array, y: Float64Array, hy: Float64Array, m: number): void {
  let sy = 0;
  let ss = 0;
  let yy = 0;
  for (let k = 0; k < m; k++) {
    y[k] = gt[k] - g[k];
    sy += s[k] * y[k];
    ss += s[k] * s[k];
    yy += y[k] * y[k];
  }
  if (sy > 1e-10 * Math.sqrt(ss * yy)) bfgsUpdate(hInv, s, y, sy, hy, m);
}

/** d = −H g on the non-held block (0 for held variables); returns d·g. */
function direction(hInv: Float64Array, g: Float64Array, held: Uint8Array, d: Float64Array, m: number): number {
  let dg = 0;
  for (let i = 0; i < m; i++) {
    if (held[i]) {
      d[i] = 0;
      continue;
    }
    let v = 0;
    const row = i * m;
    for (let j = 0; j < m; j++) if (!held[j]) v -= hInv[row + j] * g[j];
    d[i] = v;
    dg += v * g[i];
  }
  return dg;
}

/** Inverse BFGS update: H ← H + (sy + yᵀHy) s sᵀ / sy² − (Hy sᵀ + s (Hy)ᵀ) / sy. */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, sy: number, hy: Float64Array, m: number): void {
  let yhy = 0;
  for (let i = 0; i < m; i++) {
    let v = 0;
    const row = i * m;
    for (let j = 0; j < m; j++) v += h[row + j] * y[j];
    hy[i] = v;
    yhy += y[i] * v;
  }
  const a = (sy + yhy) / (sy * sy);
  const b = 1 / sy;
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) h[row + j] += a * s[i] * s[j] - b * (hy[i] * s[j] + s[i] * hy[j]);
  }
}

function resetToDiagonal(h: Float64Array, diag: Float64Array, m: number): void {
  h.fill(0);
  for (let k = 0; k < m; k++) h[k * m + k] = diag[k];
}

/**
 * Numerical Hessian at x (steps 1e-4·max(|x|, typ)); its inverse when positive definite and m is
 * small, else the inverse diagonal (|H_kk|⁻¹, or typ² where H_kk is 0 or not finite).
 * @returns false when the Hessian was seen not to be positive definite (a negative or zero diagonal element, or a
 *   failed full inversion): the end point must then be checked for negative curvature.
 */
function seedInverseHessian(p: ReducedProblem, x: Float64Array, hInv: Float64Array, diagSeed: Float64Array, fullSeedMaxDim: number): boolean {
  const m = p.m;
  const steps = new Float64Array(m);
  for (let k = 0; k < m; k++) steps[k] = SEED_HESSIAN_REL_STEP * Math.max(Math.abs(x[k]), p.typ[k]);
  const H = new Float64Array(m * m);
  numericalHessian(p, x, steps, H);
  let definite = true;
  for (let k = 0; k < m; k++) {
    const hkk = H[k * m + k];
    if (!(hkk > 0)) definite = false;
    diagSeed[k] = Number.isFinite(hkk) && hkk !== 0 ? 1 / Math.abs(hkk) : p.typ[k] * p.typ[k];
  }
  if (m <= fullSeedMaxDim && H.every(Number.isFinite)) {
    const inv = invertHessian(H, m);
    if (inv.inverse) {
      hInv.set(inv.inverse);
      return true;
    }
    definite = false;
  }
  resetToDiagonal(hInv, diagSeed, m);
  return definite;
}

const SEED_HESSIAN_REL_STEP = 1e-4;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

function nonFiniteMessage(f: number, where: string): string {
  if (Number.isNaN(f)) return `objective is NaN ${where}; the model is not defined there (check inits and bounds)`;
  return `objective is ${f} ${where}; the likelihood vanishes there (check inits, bounds and zero expectations)`;
}
