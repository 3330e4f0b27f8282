import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalPdf, normalQuantile, normalSf } from '../../../src/stats/distributions/index.js';
import * as numerics from '../../../src/physics/numerics.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

/**
 * Independent reference for the far tail: the asymptotic (Laplace) series Q(x) = φ(x)/x · Σ_k (−1)^k (2k−1)!!/x^{2k}
 * (A&S 26.2.12). For x ≥ 12 and 10 terms the truncation error is below (19)!!/x^20 ≈ 1.7e-13 relative.
 */
function tailSeries(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 10; k++) {
    term *= -(2 * k - 1) / (x * x);
    sum += term;
  }
  return (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) / x) * sum;
}

describe('standard normal (one implementation, accurate to the far tail)', () => {
  it('physics code uses the same functions (no second implementation)', () => {
    expect(numerics.normalCdf).toBe(normalCdf);
    expect(numerics.erfc).toBe(erfc);
  });

  it('central values against tabulated Φ (A&S Table 26.1, 15 digits)', () => {
    expect(rel(normalCdf(1), 0.841344746068543)).toBeLessThan(1e-14);
    expect(rel(normalSf(1), 0.158655253931457)).toBeLessThan(1e-13);
    expect(rel(normalSf(3), 0.00134989803163009)).toBeLessThan(1e-12);
    expect(rel(normalCdf(-2), 0.0227501319481792)).toBeLessThan(1e-13);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('far tail: relative precision against the asymptotic series up to x = 37 (Q ≈ 6e-300)', () => {
    for (const x of [12, 15, 20, 25, 30, 37]) {
      expect(rel(normalSf(x), tailSeries(x))).toBeLessThan(1e-11);
      expect(rel(normalCdf(-x), tailSeries(x))).toBeLessThan(1e-11);
    }
    // Q(10) = 7.61985302416052606e-24 (high-precision tables).
    expect(rel(normalSf(10), 7.619853024160526e-24)).toBeLessThan(1e-11);
  });

  it('Φ + Q = 1 and the density is the derivative of Φ', () => {
    for (const x of [-4, -1.3, 0.2, 2.5]) {
      expect(Math.abs(normalCdf(x) + normalSf(x) - 1)).toBeLessThan(1e-15);
      // Central difference: truncation error h²·|x² − 1|/6 relative (φ''' = (x² − 1)φ), plus rounding.
      const h = 1e-4;
      expect(rel((normalCdf(x + h) - normalCdf(x - h)) / (2 * h), normalPdf(x))).toBeLessThan((1.1 * h * h * Math.abs(x * x - 1)) / 6 + 1e-9);
    }
  });

  it('quantile inverts Φ in the centre and in the far tail', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    for (const z of [-37, -20, -8, -3, -0.7, 0.7, 3]) expect(Math.abs(normalQuantile(normalCdf(z)) - z)).toBeLessThan(1e-9 * Math.max(1, Math.abs(z)));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(-0.1)).toThrow(/probability must be in \[0, 1\]/);
  });
});
