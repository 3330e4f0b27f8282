/**
 * `minimize`: the bounded minimiser's public entry. Removes fixed parameters (shim.ts), runs projected
 * BFGS from one or several starting points (deterministic given `seed`), computes the numerical Hessian,
 * covariance and EDM at the best minimum (re-running once from the Hessian if the EDM is still too
 * large), and reports an iminuit-FMin-like status. A NaN objective is reported as a failed status,
 * never returned as a result.
 *
 * CONVERGENCE RULE (the one rule, used by every fit — with Hesse, and without it in test statistics, limits,
 * scans and toys):
 *  1. the objective is finite at the end point, and no call or iteration limit stopped the search;
 *  2. EDM = ½ gᵀ H⁻¹ g over the parameters not held at a bound is below `edmTolerance`, where H is
 *     - the exact (numerical) Hessian whenever it is computed: with Hesse on, or when the quasi-Newton result is in
 *       doubt (a line search that found no decrease, or an indefinite Hessian at the start) — then, if the EDM is
 *       too large, BFGS is restarted once from the exact Hessian and the rule applied to its end point;
 *     - otherwise the quasi-Newton approximation (a clean BFGS stop on a convex start);
 *     a failed line search is never convergence by itself (no relaxed "EDM < 100 × tolerance");
 *  3. where H was computed, no direction of negative curvature among the free, non-held parameters: at a saddle
 *     point the minimiser steps along the most negative eigenvector and minimises again (at most 3 times); if that
 *     fails, converged = false. A Hessian that is not positive definite (negative or flat direction) gives no
 *     covariance (null), never one built from |λ|; a flat direction alone does not change `converged`.
 */
import { InvalidParameters } from '../../util/errors.js';
import { Rng } from '../rng.js';
import { projectedBfgs, type BfgsOutcome } from './bfgs.js';
import { analyseCurvature, invertHessian, numericalHessian, type CurvatureAnalysis } from './hesse.js';
import { ReducedProblem } from './shim.js';
import type { MinimizeResult, MinimizerOptions, MinimizerStatus, Objective } from './types.js';

/** Fully-defaulted options ("parse, don't validate"). */
export interface CheckedMinimizerOptions {
  lo: Float64Array;
  hi: Float64Array;
  fixed: Uint8Array;
  names: readonly string[];
  typicalScale: Float64Array;
  errorDef: number;
  edmTolerance: number;
  maxIterations: number;
  maxCalls: number;
  hesse: boolean;
  nStarts: number;
  seed: number | null;
  fullSeedMaxDim: number;
}

/** Check option shapes and fill defaults; throws InvalidParameters naming the offending option. */
export function checkMinimizerOptions(n: number, o: MinimizerOptions = {}): CheckedMinimizerOptions {
  const vec = (name: string, v: Float64Array | undefined, def: number): Float64Array => {
    if (v === undefined) return new Float64Array(n).fill(def);
    if (v.length !== n) throw new InvalidParameters(`minimize: option ${name} has length ${v.length}, expected ${n}`);
    return v;
  };
  const lo = vec('lo', o.lo, -Infinity);
  const hi = vec('hi', o.hi, Infinity);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(lo[i]) || Number.isNaN(hi[i]) || lo[i] > hi[i]) throw new InvalidParameters(`minimize: bounds of parameter ${i} are invalid: [${lo[i]}, ${hi[i]}]`);
  }
  const fixed = o.fixed ?? new Uint8Array(n);
  if (fixed.length !== n) throw new InvalidParameters(`minimize: option fixed has length ${fixed.length}, expected ${n}`);
  const names = o.names ?? Array.from({ length: n }, (_, i) => `p${i}`);
  if (names.length !== n) throw new InvalidParameters(`minimize: option names has length ${names.length}, expected ${n}`);
  let typicalScale = o.typicalScale;
  if (typicalScale === undefined) {
    typicalScale = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = hi[i] - lo[i];
      typicalScale[i] = Number.isFinite(w) && w > 0 ? Math.min(1, w / 10) : 1;
    }
  } else if (typicalScale.length !== n || !typicalScale.every((v) => v > 0 && Number.isFinite(v))) {
    throw new InvalidParameters(`minimize: option typicalScale must have ${n} positive finite entries`);
  }
  const nFree = n - fixed.reduce((a, b) => a + (b ? 1 : 0), 0);
  const positive = (name: string, v: number | undefined, def: number): number => {
    const r = v ?? def;
    if (!(r > 0) || !Number.isFinite(r)) throw new InvalidParameters(`minimize: option ${name} must be a positive number, got ${v}`);
    return r;
  };
  const nStarts = Math.floor(positive('nStarts', o.nStarts, 1));
  if (nStarts > 1 && o.seed === undefined) throw new InvalidParameters('minimize: nStarts > 1 needs an explicit seed (option seed)');
  return {
    lo,
    hi,
    fixed,
    names,
    typicalScale,
    errorDef: positive('errorDef', o.errorDef, 1),
    edmTolerance: positive('edmTolerance', o.edmTolerance, 1e-6),
    maxIterations: Math.floor(positive('maxIterations', o.maxIterations, 1000)),
    maxCalls: Math.floor(positive('maxCalls', o.maxCalls, 200 + 100 * nFree + 5 * nFree * nFree)),
    hesse: o.hesse ?? true,
    nStarts,
    seed: o.seed ?? null,
    fullSeedMaxDim: Math.floor(positive('fullSeedMaxDim', o.fullSeedMaxDim, 100)),
  };
}

/** Fraction of the typical scale used as Hessian step when the error estimate is unusable. */
const HESSE_FALLBACK_REL_STEP = 1e-3;
/** Hessian finite-difference step as a fraction of the estimated parameter error. */
const HESSE_STEP_IN_SIGMA = 0.02;

type BfgsRunOptions = Parameters<typeof projectedBfgs>[2];

/** Starting points in reduced space: the given one, then (with a seed) uniform in finite boxes or Gaussian around x0. */
function startingPoints(p: ReducedProblem, x0: Float64Array, o: CheckedMinimizerOptions): Float64Array[] {
  const m = p.m;
  const starts: Float64Array[] = [p.reduce(x0)];
  for (let k = 1; k < o.nStarts; k++) {
    const rng = new Rng(o.seed as number, k);
    const xs = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const l = p.lo[j];
      const h = p.hi[j];
      xs[j] = Number.isFinite(l) && Number.isFinite(h) ? l + (h - l) * rng.uniform() : starts[0][j] + p.typ[j] * rng.normal();
      xs[j] = Math.min(h, Math.max(l, xs[j]));
    }
    starts.push(xs);
  }
  return starts;
}

/** BFGS from every start; the best outcome (see isBetter) and its start's index. */
function bestOfStarts(p: ReducedProblem, starts: readonly Float64Array[], bfgsOpts: BfgsRunOptions): { out: BfgsOutcome; bestIndex: number } {
  let best: BfgsOutcome | null = null;
  let bestIndex = 0;
  for (let k = 0; k < starts.length; k++) {
    const out = projectedBfgs(p, starts[k], bfgsOpts);
    if (isBetter(out, best)) {
      best = out;
      bestIndex = k;
    }
  }
  return { out: best as BfgsOutcome, bestIndex };
}

/**
 * The exact Hessian at the minimum, after (Minuit-style) one BFGS restart from it when the EDM is too large, and
 * after escaping saddle points (a few times at most).
 */
function refineWithHesse(p: ReducedProblem, start: BfgsOutcome, o: CheckedMinimizerOptions, bfgsOpts: BfgsRunOptions): { out: BfgsOutcome; h: HesseOutcome; escapes: number; escapeFailed: boolean } {
  let out = start;
  let h = runHesse(p, out, o.errorDef);
  if (h.hessianFinite && h.inverse && h.edm > o.edmTolerance) {
    // Minuit-style: the quasi-Newton approximation was off; restart once from the exact Hessian.
    const again = projectedBfgs(p, out.x, { ...bfgsOpts, inverseHessianSeed: h.inverse });
    if (Number.isFinite(again.f) && again.f <= out.f) {
      out = again;
      h = runHesse(p, out, o.errorDef);
    }
  }
  // Saddle point: step along the direction of negative curvature and minimise again (a few times at most).
  let escapes = 0;
  let escapeFailed = false;
  while (h.hessianFinite && h.curvature.kind === 'negative' && escapes < MAX_SADDLE_ESCAPES) {
    const x = escapeSaddle(p, out.x, out.f, h.curvature.direction!, o.edmTolerance);
    if (!x) {
      escapeFailed = true;
      break;
    }
    escapes++;
    const again = projectedBfgs(p, x, bfgsOpts);
    if (!(Number.isFinite(again.f) && again.f < out.f)) {
      escapeFailed = true;
      break;
    }
    out = again;
    h = runHesse(p, out, o.errorDef);
  }
  return { out, h, escapes, escapeFailed };
}

/** Rules 2 and 3 of the convergence rule on the exact Hessian: converged or not, and the status message. */
function hesseVerdict(out: BfgsOutcome, h: HesseOutcome, escapes: number, escapeFailed: boolean, edmTolerance: number): { converged: boolean; message: string } {
  if (!h.hessianFinite) return { converged: out.converged, message: out.message + '; Hessian not finite at the minimum, no covariance' };
  if (h.curvature.kind === 'negative') {
    return {
      converged: false,
      message: `saddle point: negative curvature (scaled eigenvalue ${h.curvature.minScaledEigenvalue.toExponential(3)}) ${escapeFailed ? 'and no lower point along it' : `after ${escapes} escape attempts`}; no covariance`,
    };
  }
  if (h.curvature.kind === 'flat') {
    return { converged: out.converged, message: `${out.message}; a flat direction (scaled eigenvalue ${h.curvature.minScaledEigenvalue.toExponential(3)}): parameters not determined, no covariance` };
  }
  // Stopped by a call/iteration limit or a non-finite gradient (not by the EDM test nor a failed line search).
  const stoppedByLimit = !out.converged && !out.lineSearchFailed;
  const converged = !stoppedByLimit && h.edm < edmTolerance;
  const message = converged
    ? escapes > 0
      ? `converged (after escaping ${escapes} saddle point${escapes > 1 ? 's' : ''})`
      : 'converged'
    : stoppedByLimit
      ? out.message
      : `EDM ${h.edm.toExponential(3)} (exact Hessian) above tolerance ${edmTolerance}; the minimum is not reliable`;
  return { converged, message };
}

/** Names of the free parameters within 1e-9 (relative) of a bound. */
function parametersAtLimit(p: ReducedProblem, x: Float64Array, names: readonly string[]): string[] {
  const atLimit: string[] = [];
  for (let k = 0; k < p.m; k++) {
    const tol = 1e-9 * Math.max(p.typ[k], Math.abs(x[k]));
    if (x[k] - p.lo[k] <= tol || p.hi[k] - x[k] <= tol) atLimit.push(names[p.freeIndex[k]]);
  }
  return atLimit;
}

/** Covariance, Hessian and errors in full space (zeros for fixed parameters); all null without a covariance. */
function fullSpaceErrors(p: ReducedProblem, n: number, covRed: Float64Array | null, hessianRed: Float64Array | null, hesse: boolean): { covariance: Float64Array | null; hessian: Float64Array | null; errors: Float64Array | null } {
  const m = p.m;
  if (covRed && hessianRed) {
    const covariance = new Float64Array(n * n);
    const hessian = new Float64Array(n * n);
    const errors = new Float64Array(n);
    for (let a = 0; a < m; a++) {
      const ia = p.freeIndex[a];
      for (let b = 0; b < m; b++) {
        const ib = p.freeIndex[b];
        covariance[ia * n + ib] = covRed[a * m + b];
        hessian[ia * n + ib] = hessianRed[a * m + b];
      }
      errors[ia] = Math.sqrt(Math.max(0, covRed[a * m + a]));
    }
    return { covariance, hessian, errors };
  }
  if (hesse && m === 0) return { covariance: new Float64Array(n * n), hessian: new Float64Array(n * n), errors: new Float64Array(n) };
  return { covariance: null, hessian: null, errors: null };
}

/**
 * Minimise `objective` from `x0` under box constraints.
 *
 * @param objective function of a flat vector of length n (analytic gradient used when present)
 * @param x0 starting point (length n); fixed parameters stay at their x0 value
 * @param options bounds, fixed mask, tolerances; see MinimizerOptions
 * @returns minimum, covariance (2·errorDef·H⁻¹), errors and FMin-like status, all in full space
 * @example
 * const rosen = { n: 2, value: (x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2 };
 * minimize(rosen, Float64Array.of(-1.2, 1)).x // ≈ [1, 1]
 */
export function minimize(objective: Objective, x0: Float64Array, options: MinimizerOptions = {}): MinimizeResult {
  const n = objective.n;
  if (x0.length !== n) throw new InvalidParameters(`minimize: start has length ${x0.length}, expected ${n}`);
  const o = checkMinimizerOptions(n, options);
  const p = new ReducedProblem(objective, x0, o.fixed, o.lo, o.hi, o.typicalScale);
  const m = p.m;
  const bfgsOpts = { edmTolerance: o.edmTolerance, maxIterations: o.maxIterations, maxCalls: o.maxCalls, fullSeedMaxDim: o.fullSeedMaxDim };
  const starts = startingPoints(p, x0, o);
  const best = bestOfStarts(p, starts, bfgsOpts);
  let out = best.out;

  let hessianRed: Float64Array | null = null;
  let covRed: Float64Array | null = null;
  let covPosDef = false;
  let edm = out.edm;
  let converged = out.converged;
  let message = out.message;
  let finite = Number.isFinite(out.f);

  // The convergence rule (one for every fit, with or without Hesse): see CONVERGENCE_RULE.
  const verify = o.hesse || out.lineSearchFailed || out.indefiniteSeed;
  if (verify && finite && m > 0) {
    const r = refineWithHesse(p, out, o, bfgsOpts);
    out = r.out;
    const h = r.h;
    finite = Number.isFinite(out.f);
    if (o.hesse) {
      hessianRed = h.hessian;
      covRed = h.cov;
      covPosDef = h.cov !== null;
    }
    edm = Number.isFinite(h.edm) ? h.edm : out.edm;
    ({ converged, message } = hesseVerdict(out, h, r.escapes, r.escapeFailed, o.edmTolerance));
  } else if (m === 0) {
    covPosDef = true;
  }

  const x = p.stitch(out.x);
  const atLimit = parametersAtLimit(p, out.x, o.names);
  const { covariance, hessian, errors } = fullSpaceErrors(p, n, covRed, hessianRed, o.hesse);
  const status: MinimizerStatus = {
    converged: converged && finite,
    edm,
    nCalls: p.nCalls,
    nIterations: out.nIterations,
    callLimitReached: out.callLimitReached,
    atLimit,
    covPosDef,
    hesseComputed: covariance !== null,
    startIndex: best.bestIndex,
    nStarts: starts.length,
    message,
  };
  return { x, fval: out.f, covariance, hessian, errors, status };
}

interface HesseOutcome {
  hessian: Float64Array;
  /** Covariance 2·errorDef·H⁻¹; null unless H is positive definite. */
  cov: Float64Array | null;
  /** H⁻¹; null unless positive definite. */
  inverse: Float64Array | null;
  hessianFinite: boolean;
  /** Curvature over the parameters not held at a bound. */
  curvature: CurvatureAnalysis;
  /** EDM with the exact Hessian (NaN without an inverse). */
  edm: number;
}

function runHesse(p: ReducedProblem, out: BfgsOutcome, errorDef: number): HesseOutcome {
  const m = p.m;
  const steps = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const sigma = Math.sqrt(2 * errorDef * out.hInv[k * m + k]);
    const fallback = HESSE_FALLBACK_REL_STEP * Math.max(Math.abs(out.x[k]), p.typ[k]);
    const lower = 1e-8 * Math.max(Math.abs(out.x[k]), p.typ[k]);
    const upper = 0.1 * Math.max(Math.abs(out.x[k]), p.typ[k]);
    steps[k] = Number.isFinite(sigma) && sigma > 0 ? Math.min(Math.max(HESSE_STEP_IN_SIGMA * sigma, lower), upper) : fallback;
  }
  const H = new Float64Array(m * m);
  const hessianFinite = numericalHessian(p, out.x, steps, H);
  const free = new Uint8Array(m);
  for (let k = 0; k < m; k++) free[k] = heldAtBound(p, out.x, out.g, k) ? 0 : 1;
  if (!hessianFinite) {
    return { hessian: H.map((v) => (Number.isFinite(v) ? v : 0)), cov: null, inverse: null, hessianFinite, curvature: { kind: 'flat', minScaledEigenvalue: NaN, direction: null }, edm: NaN };
  }
  const curvature = analyseCurvature(H, m, free);
  const inv = invertHessian(H, m);
  // EDM = ½ gᵀ H_ff⁻¹ g over the parameters f not held at a bound by the gradient (H_ff: their block).
  const fi: number[] = [];
  for (let k = 0; k < m; k++) if (free[k]) fi.push(k);
  let edm = NaN;
  const q = fi.length;
  let blockInv: Float64Array | null = null;
  if (q === m) blockInv = inv.inverse;
  else if (curvature.kind === 'positive') {
    const sub = new Float64Array(q * q);
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) sub[a * q + b] = H[fi[a]! * m + fi[b]!]!;
    blockInv = invertHessian(sub, q).inverse;
  }
  if (blockInv) {
    edm = 0;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) edm += 0.5 * out.g[fi[a]!] * blockInv[a * q + b] * out.g[fi[b]!];
    edm = Math.abs(edm);
  }
  const inverse = inv.inverse;
  return { hessian: H, cov: inverse ? inverse.map((v) => 2 * errorDef * v) : null, inverse, hessianFinite, curvature, edm };
}

/** Escape attempts from saddle points per minimisation. */
const MAX_SADDLE_ESCAPES = 3;

/**
 * A point below f0 along ±t·v (v the negative-curvature direction, scaled so that ½|vᵀHv| ≈ 1 objective unit per
 * t = 1) for t = 4², 4, 1, 4⁻¹, …, 4⁻⁸, projected into the box; the lowest one that improves f0 by more than a
 * tenth of the EDM tolerance, or null when none does.
 */
function escapeSaddle(p: ReducedProblem, x: Float64Array, f0: number, v: Float64Array, edmTolerance: number): Float64Array | null {
  const m = p.m;
  const xt = new Float64Array(m);
  let best: Float64Array | null = null;
  let fBest = f0 - 0.1 * edmTolerance;
  for (let e = 2; e >= -8; e--) {
    const t = Math.SQRT2 * 4 ** e;
    for (const sign of [1, -1]) {
      for (let k = 0; k < m; k++) xt[k] = Math.min(p.hi[k], Math.max(p.lo[k], x[k] + sign * t * v[k]));
      const f = p.value(xt);
      if (Number.isFinite(f) && f < fBest) {
        fBest = f;
        best = Float64Array.from(xt);
      }
    }
    if (best) return best;
  }
  return best;
}

function heldAtBound(p: ReducedProblem, x: Float64Array, g: Float64Array, k: number): boolean {
  const tol = 1e-12 * Math.max(p.typ[k], Math.abs(x[k]));
  return (x[k] - p.lo[k] <= tol && g[k] > 0) || (p.hi[k] - x[k] <= tol && g[k] < 0);
}

function isBetter(a: BfgsOutcome, b: BfgsOutcome | null): boolean {
  if (b === null) return true;
  if (!Number.isFinite(a.f)) return false;
  if (!Number.isFinite(b.f)) return true;
  if (a.converged !== b.converged) return a.converged;
  return a.f < b.f;
}
