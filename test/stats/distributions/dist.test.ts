import { describe, expect, it } from 'vitest';
import { chi2Cdf, chi2Quantile, chi2Sf, normalCdf, normalQuantile, normalSf, poissonLogPmf, pValueToSignificance, significanceToPValue } from '../../../src/stats/distributions/index.js';
import { InvalidParameters } from '../../../src/util/errors.js';

// Reference values from standard tables (e.g. Abramowitz & Stegun 26.2, 26.4).
describe('distribution wrappers', () => {
  it('normal', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 9);
    expect(normalSf(5)).toBeCloseTo(2.866515718791939e-7, 13);
    expect(normalQuantile(0.841344746068543)).toBeCloseTo(1, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(InvalidParameters);
  });
  it('χ²', () => {
    expect(chi2Quantile(0.95, 1)).toBeCloseTo(3.841458820694124, 6);
    expect(chi2Quantile(0.9, 2)).toBeCloseTo(4.605170185988091, 6);
    expect(chi2Cdf(2.705543454095404, 1)).toBeCloseTo(0.9, 8);
    expect(chi2Cdf(-1, 1)).toBe(0);
  });
  it('far tails keep relative precision (no underflow or 1 − F cancellation)', () => {
    // Q(x) = ½ erfc(x/√2): reference values of the Gaussian upper tail (e.g. Wolfram Alpha / A&S 26.2.12 asymptotics).
    const rel = (a: number, b: number) => Math.abs(a / b - 1);
    expect(rel(normalSf(6), 9.865876450376946e-10)).toBeLessThan(1e-12);
    expect(rel(normalSf(11), 1.910659574498676e-28)).toBeLessThan(1e-12);
    expect(rel(normalSf(20), 2.753624118606233e-89)).toBeLessThan(1e-11);
    // continuity at the switch point x = 5
    expect(rel(normalSf(5 + 1e-12), normalSf(5))).toBeLessThan(1e-9);
    // χ² tails: dof 2 is exp(−x/2); dof 1 is 2·Q(√x)
    expect(rel(chi2Sf(200, 2), Math.exp(-100))).toBeLessThan(1e-12);
    expect(rel(chi2Sf(121, 1), 2 * normalSf(11))).toBeLessThan(1e-10);
    expect(chi2Sf(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chi2Sf(0, 3)).toBe(1);
    // and back: Z from the tail p-value
    for (const z of [6, 8, 11, 20]) expect(pValueToSignificance(normalSf(z))).toBeCloseTo(z, 9);
  });
  it('significance conversions: Z = 5 ↔ p = 2.87e-7', () => {
    expect(pValueToSignificance(2.866515718791939e-7)).toBeCloseTo(5, 5);
    expect(significanceToPValue(3)).toBeCloseTo(0.0013498980316301, 12);
  });
  it('Poisson log pmf, including zero counts and zero expectation', () => {
    expect(poissonLogPmf(3, 2)).toBeCloseTo(Math.log((8 * Math.exp(-2)) / 6), 10);
    expect(poissonLogPmf(0, 0)).toBe(0);
    expect(poissonLogPmf(2, 0)).toBe(-Infinity);
  });
});
