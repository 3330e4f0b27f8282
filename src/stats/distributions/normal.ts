/**
 * The standard normal distribution — the one implementation in cevnsfit (physics code re-exports it from
 * src/physics/numerics.ts). Written from the textbook definitions of erfc (Abramowitz & Stegun 7.1.6 series below
 * x = 3, 7.1.14 continued fraction above), so Φ and 1 − Φ keep their relative precision into the far tail:
 * Q(20) = 2.75e-89 to ~1e-13, where a 1 − Φ(x) difference would be 0.
 */
import jStat from '#jstat';
import { InvalidParameters } from '../../util/errors.js';

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

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
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** Continued fraction K(x) = x + (1/2)/(x + 1/(x + (3/2)/(x + …))) so that erfc x = e^{−x²}/(√π K) (A&S 7.1.14), x ≥ 3. */
function erfcContinuedFraction(x: number): number {
  const terms = x < 6 ? 120 : 40;
  let k = x;
  for (let n = terms; n >= 1; n--) k = x + n / 2 / k;
  return k;
}

/** Complementary error function erfc(x), relative accuracy ≈ 1e-11 or better for all x (0 beyond x = 27). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return Math.exp(-x * x) / (SQRT_PI * erfcContinuedFraction(x));
}

/** Scaled complementary error function erfcx(x) = e^{x²} erfc(x) (no overflow for large x). */
export function erfcx(x: number): number {
  if (x < 0) return Math.exp(x * x) * erfc(x);
  if (x < 3) return Math.exp(x * x) * (1 - erfSeries(x));
  return 1 / (SQRT_PI * erfcContinuedFraction(x));
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal cumulative distribution Φ(x), relatively accurate for x → −∞. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** Standard normal survival function Q(x) = 1 − Φ(x) = Φ(−x), relatively accurate for x → +∞. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in [0, 1] (±Infinity at 0 and 1). Start: jstat's rational approximation;
 * then Newton steps on ln Φ(z) = ln p (for p ≤ ½, mirrored above), which converge to the precision of {@link normalCdf}
 * even at p = 1e-300, where the starting value is off in the second decimal.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InvalidParameters(`normalQuantile: probability must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Φ⁻¹(p) for 0 < p ≤ ½. */
function lowerQuantile(p: number): number {
  let z = jStat.normal.inv(p, 0, 1);
  if (!Number.isFinite(z)) z = -Math.sqrt(-2 * Math.log(p));
  const lnP = Math.log(p);
  for (let i = 0; i < 20; i++) {
    const c = normalCdf(z);
    if (!(c > 0)) break;
    const dz = ((Math.log(c) - lnP) * c) / normalPdf(z);
    z -= dz;
    if (Math.abs(dz) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
