/**
 * One-dimensional root finding on a bracket: Brent's method (R. P. Brent, "Algorithms for Minimization
 * without Derivatives", 1973, ch. 4): inverse quadratic interpolation / secant steps, falling back to
 * bisection whenever they would not shrink the bracket fast enough, so convergence is guaranteed.
 */

/** Result of a bracketed root search. */
export interface RootResult {
  /** Best estimate of the root. */
  readonly x: number;
  /** f(x). */
  readonly fx: number;
  /** True when the bracket shrank below tolerance or f(x) = 0. */
  readonly converged: boolean;
  /** Number of f evaluations (including the two bracket ends unless supplied). */
  readonly nEvals: number;
  readonly message: string;
}

/** Options of `brent`. */
export interface BrentOptions {
  /** Absolute tolerance on x. @default 1e-10 */
  xtol?: number;
  /** Relative tolerance on x. @default 1e-8 */
  rtol?: number;
  /** Maximum iterations. @default 100 */
  maxIterations?: number;
  /** f(a) when already known. */
  fa?: number;
  /** f(b) when already known. */
  fb?: number;
}

/**
 * Find x in [a, b] with f(x) = 0, given f(a) and f(b) of opposite signs.
 * Returns converged=false (never throws) when the bracket is invalid or f is not finite.
 * @example brent((x) => x * x - 2, 0, 2).x // ≈ 1.41421356
 */
export function brent(f: (x: number) => number, a: number, b: number, opts: BrentOptions = {}): RootResult {
  const xtol = opts.xtol ?? 1e-10;
  const rtol = opts.rtol ?? 1e-8;
  const maxIterations = opts.maxIterations ?? 100;
  let nEvals = 0;
  const ev = (x: number): number => {
    nEvals++;
    return f(x);
  };
  let fa = opts.fa ?? ev(a);
  let fb = opts.fb ?? ev(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) {
    return { x: NaN, fx: NaN, converged: false, nEvals, message: `function not finite at a bracket end (f(${a}) = ${fa}, f(${b}) = ${fb})` };
  }
  if (fa === 0) return { x: a, fx: 0, converged: true, nEvals, message: 'root at bracket end' };
  if (fb === 0) return { x: b, fx: 0, converged: true, nEvals, message: 'root at bracket end' };
  if (fa > 0 === fb > 0) {
    return { x: NaN, fx: NaN, converged: false, nEvals, message: `[${a}, ${b}] does not bracket a root (f = ${fa}, ${fb})` };
  }
  // b is the current best estimate, a the previous one, c the contrapoint (f(b), f(c) of opposite sign).
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < maxIterations; it++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * (xtol + rtol * Math.abs(b));
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol || fb === 0) return { x: b, fx: fb, converged: true, nEvals, message: 'converged' };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation: secant when only two distinct points, inverse quadratic otherwise.
      const sRatio = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * sRatio;
        q = 1 - sRatio;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = sRatio * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (sRatio - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = half;
        e = d;
      }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : half > 0 ? tol : -tol;
    fb = ev(b);
    if (!Number.isFinite(fb)) return { x: b, fx: fb, converged: false, nEvals, message: `function not finite at ${b}` };
  }
  return { x: b, fx: fb, converged: false, nEvals, message: `no convergence in ${maxIterations} iterations` };
}

/**
 * Root of a decreasing function f by secant iteration, without a bracket: x₀, then x₁ = x₀ + f(x₀) (a first slope
 * guess of −1, e.g. the slope of ln Ωh² in ln ε² for the relic target, docs/relic.md), then secant steps; a secant
 * slope that is not finite and negative (a flat or rising stretch of f) is replaced by −1. Stops when |f| ≤ tol or
 * after `maxEvaluations` evaluations of f; the last evaluation is at the returned x (fx = f(x)).
 */
export function secantDecreasingRoot(f: (x: number) => number, x0: number, tol: number, maxEvaluations: number): RootResult {
  let l0 = x0;
  let f0 = f(l0);
  let l1 = l0 + f0;
  let f1 = f(l1);
  let it = 2;
  while (Math.abs(f1) > tol && it < maxEvaluations) {
    const slope = (f1 - f0) / (l1 - l0);
    const next = l1 - f1 / (Number.isFinite(slope) && slope < 0 ? slope : -1);
    l0 = l1;
    f0 = f1;
    l1 = next;
    f1 = f(l1);
    it++;
  }
  const converged = Math.abs(f1) <= tol;
  return { x: l1, fx: f1, converged, nEvals: it, message: converged ? 'converged' : `|f| > ${tol} after ${it} evaluations` };
}
