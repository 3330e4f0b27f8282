/**
 * Deterministic numerical helpers: complementary error function, normal CDF, Gauss–Legendre rules.
 * Written from the textbook definitions (Abramowitz & Stegun 7.1.6 series and 7.1.14 continued fraction;
 * Golub–Welsch-free Newton iteration on Legendre polynomials).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;

/** erf(x) for 0 ≤ x < 3 from the all-positive series erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1}/(2n+1)!! (A&S 7.1.6). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2)) * sum;
}

/** Continued fraction K(x) = x + (1/2)/(x + 1/(x + (3/2)/(x + …))) so that erfc x = e^{−x²}/(√π K) (A&S 7.1.14), x ≥ 3. */
function erfcContinuedFraction(x: number): number {
  const terms = x < 6 ? 120 : 40;
  let k = x;
  for (let n = terms; n >= 1; n--) k = x + n / 2 / k;
  return k;
}

/** Complementary error function erfc(x), relative accuracy ≈ 1e-13 or better. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return Math.exp(-x * x) / (SQRT_PI * erfcContinuedFraction(x));
}

/** Scaled complementary error function erfcx(x) = e^{x²} erfc(x), for x ≥ 0 (no overflow). */
export function erfcx(x: number): number {
  if (x < 0) return Math.exp(x * x) * erfc(x);
  if (x < 3) return Math.exp(x * x) * (1 - erfSeries(x));
  return 1 / (SQRT_PI * erfcContinuedFraction(x));
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

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
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // recompute derivative at converged x
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
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
