/**
 * Distribution functions inference needs. The normal distribution is cevnsfit's own (./normal.ts, accurate to the
 * far tail); χ² cdf/quantile and ln Γ are jstat's (the χ² survival function's far tail uses the continued fraction
 * below); the wrappers fix argument conventions and reject invalid input instead of returning NaN.
 */
import jStat from '#jstat';
import { normalSf, normalQuantile } from './normal.js';
export { erfc, erfcx, normalCdf, normalPdf, normalQuantile, normalSf } from './normal.js';
import { InvalidParameters } from '../../util/errors.js';

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

/** Convert a one-sided p-value into a Gaussian significance Z = Φ⁻¹(1 − p) = −Φ⁻¹(p) (1007.1727 eq. 2). */
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
