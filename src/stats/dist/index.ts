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

/** Standard normal survival function 1 − Φ(x), computed as Φ(−x) for accuracy in the upper tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
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

/** χ² survival function 1 − F(x; dof). */
export function chi2Sf(x: number, dof: number): number {
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
  return -normalQuantile(p);
}

/** Convert a Gaussian significance into a one-sided p-value p = 1 − Φ(Z) (1007.1727 eq. 2). */
export function significanceToPValue(z: number): number {
  return normalSf(z);
}

function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new InvalidParameters(`${fn}: probability must be in [0, 1], got ${p}`);
}
