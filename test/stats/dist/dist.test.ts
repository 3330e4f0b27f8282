import { describe, expect, it } from 'vitest';
import { chi2Cdf, chi2Quantile, normalCdf, normalQuantile, normalSf, poissonLogPmf, pValueToSignificance, significanceToPValue } from '../../../src/stats/dist/index.js';
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
