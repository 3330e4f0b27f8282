/**
 * Thin wrappers on jstat for the distribution functions inference needs (normal and χ² cdf,
 * survival function and quantile, Poisson log-probability). Nothing is hand-rolled here: the
 * numerics are jstat's; the wrappers only fix argument conventions and reject invalid input
 * instead of returning NaN.
 */
import jStat from 'jstat';
import { InvalidParameters } from '../../util/errors.js';

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return jStat.normal.cdf(x, 0, 1);
}

/**
 * Standard normal survival function 1 − Φ(x). jstat's Φ(−x) underflows to 0 beyond x ≈ 8 (its erfc is not
 * accurate in the far tail), so for x > 5 the tail is computed as ½·Q(½, x²/2) with the continued fraction below
 * (erfc(z) = Q(½, z²)); significances of 10σ and more then keep a meaningful p-value.
 */
export function normalSf(x: number): number {
  if (x > 5) return 0.5 * upperGammaContinuedFraction(0.5, 0.5 * x * x);
  return normalCdf(-x);
}

/**
 * Regularised upper incomplete gamma Q(a, x) by its continued fraction (Legendre's form, evaluated with the modified
 * Lentz algorithm; see e.g. Abramowitz & Stegun 6.5.31). Converges quickly for x > a + 1, which is where callers use it.
 */
function upperGammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - jStat.gammaln(a)) * h;
}

/** Standard normal quantile Φ⁻¹(p) for p in (0, 1); ±Infinity at p = 0 or 1. */
export function normalQuantile(p: number): number {
  checkProbability(p, 'normalQuantile');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return jStat.normal.inv(p, 0, 1);
}

/** χ² cumulative distribution with `dof` degrees of freedom. */
export function chi2Cdf(x: number, dof: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return jStat.chisquare.cdf(x, dof);
}

/** χ² survival function 1 − F(x; dof) = Q(dof/2, x/2); the far tail uses the continued fraction (no 1 − F cancellation). */
export function chi2Sf(x: number, dof: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x / 2 > dof / 2 + 1) return upperGammaContinuedFraction(dof / 2, x / 2);
  return 1 - chi2Cdf(x, dof);
}

/** χ² quantile F⁻¹(p; dof). */
export function chi2Quantile(p: number, dof: number): number {
  checkProbability(p, 'chi2Quantile');
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return jStat.chisquare.inv(p, dof);
}

/** ln Γ(x) (jstat's Lanczos approximation). */
export function logGamma(x: number): number {
  return jStat.gammaln(x);
}

/**
 * Poisson log-probability ln P(n | λ) = n ln λ − λ − ln Γ(n+1), continuous in n (as HistFactory's
 * auxiliary Poisson terms). λ = 0 gives 0 for n = 0 and −Infinity otherwise.
 */
export function poissonLogPmf(n: number, lambda: number): number {
  if (lambda === 0) return n === 0 ? 0 : -Infinity;
  return (n === 0 ? 0 : n * Math.log(lambda)) - lambda - jStat.gammaln(n + 1);
}

/** Convert a one-sided p-value into a Gaussian significance Z = Φ⁻¹(1 − p) (1007.1727 eq. 2). */
export function pValueToSignificance(p: number): number {
  let z = -normalQuantile(p);
  // jstat's quantile loses accuracy in the far tail (Z = 10.90 for p = Q(11)); refine with Newton steps on
  // ln Q(z) = ln p, using the accurate tail of normalSf: dz = (ln Q(z) − ln p)·Q(z)/φ(z).
  if (p > 0 && p < 1e-6 && Number.isFinite(z)) {
    for (let i = 0; i < 8; i++) {
      const q = normalSf(z);
      const phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      const dz = ((Math.log(q) - Math.log(p)) * q) / phi;
      z += dz;
      if (Math.abs(dz) < 1e-13 * z) break;
    }
  }
  return z;
}

/** Convert a Gaussian significance into a one-sided p-value p = 1 − Φ(Z) (1007.1727 eq. 2). */
export function significanceToPValue(z: number): number {
  return normalSf(z);
}

function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new InvalidParameters(`${fn}: probability must be in [0, 1], got ${p}`);
}
