/**
 * Deterministic numerical helpers: exp(a)·Φ(z) without overflow, Gauss–Legendre rules (Golub–Welsch-free Newton
 * iteration on Legendre polynomials). erfc, erfcx and Φ are re-exported from src/stats/distributions/normal.ts.
 */

import { erfcx, normalCdf } from '../stats/distributions/normal.js';

// The one normal-distribution implementation lives in src/stats/distributions/normal.ts; physics code imports it from here.
export { erfc, erfcx, normalCdf } from '../stats/distributions/normal.js';

const SQRT2 = Math.SQRT2;

/** exp(a)·Φ(z) evaluated without overflow/underflow problems when a is large and z very negative. */
export function expTimesNormalCdf(a: number, z: number): number {
  if (z >= -3) return Math.exp(a) * normalCdf(z);
  // Φ(z) = ½ e^{−z²/2} erfcx(−z/√2) for z < 0
  return 0.5 * Math.exp(a - 0.5 * z * z) * erfcx(-z / SQRT2);
}

/** A quadrature rule: nodes and weights. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** P_n(x) and P_{n−1}(x) by the three-term recurrence (k P_k = (2k − 1) x P_{k−1} − (k − 1) P_{k−2}). */
function legendrePair(n: number, x: number): { pn: number; pnm1: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { pn: p1, pnm1: p0 };
}

/** P_n(x). */
function legendreValue(n: number, x: number): number {
  return legendrePair(n, x).pn;
}

/** P_n′(x) = n (x P_n − P_{n−1})/(x² − 1) for |x| < 1 (P_1′ = 1). */
function legendreDerivative(n: number, x: number): number {
  if (n === 1) return 1;
  const { pn, pnm1 } = legendrePair(n, x);
  return (n * (x * pn - pnm1)) / (x * x - 1);
}

const glCache = new Map<number, QuadratureRule>();

/**
 * n-point Gauss–Legendre rule on [−1, 1] (cached, deterministic). Exact for polynomials of degree ≤ 2n − 1.
 * Nodes found by Newton iteration on P_n from the Chebyshev-like initial guess cos(π(i − ¼)/(n + ½)).
 */
export function gaussLegendre(n: number): QuadratureRule {
  const cached = glCache.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 512) throw new RangeError(`gaussLegendre: n must be an integer in [1, 512], got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      const dx = legendreValue(n, x) / legendreDerivative(n, x);
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const dp = legendreDerivative(n, x);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[m - 1] = 0;
  const rule = Object.freeze({ nodes, weights });
  glCache.set(n, rule);
  return rule;
}

/**
 * Composite Gauss–Legendre rule over consecutive panels [b_0, b_1], [b_1, b_2], … with `order` nodes per panel.
 * @param breakpoints strictly increasing panel edges (length ≥ 2)
 * @param order nodes per panel
 */
export function compositeGaussLegendre(breakpoints: ArrayLike<number>, order: number): QuadratureRule {
  const gl = gaussLegendre(order);
  const nPanels = breakpoints.length - 1;
  const nodes = new Float64Array(nPanels * order);
  const weights = new Float64Array(nPanels * order);
  for (let p = 0; p < nPanels; p++) {
    const a = breakpoints[p]!;
    const b = breakpoints[p + 1]!;
    if (!(b > a)) throw new RangeError(`compositeGaussLegendre: breakpoints must increase (panel ${p}: ${a} → ${b})`);
    const half = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let j = 0; j < order; j++) {
      nodes[p * order + j] = mid + half * gl.nodes[j]!;
      weights[p * order + j] = half * gl.weights[j]!;
    }
  }
  return { nodes, weights };
}

/** ∫_a^b f(x) dx with an n-point Gauss–Legendre rule on `panels` equal panels (readable reference integrator). */
export function integrate(f: (x: number) => number, a: number, b: number, order = 16, panels = 1): number {
  if (b <= a) return 0;
  const gl = gaussLegendre(order);
  const h = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const lo = a + p * h;
    const mid = lo + 0.5 * h;
    for (let j = 0; j < order; j++) sum += gl.weights[j]! * f(mid + 0.5 * h * gl.nodes[j]!);
  }
  return 0.5 * h * sum;
}
