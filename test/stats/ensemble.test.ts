import { describe, expect, it } from 'vitest';
import { BAND_LEVELS, binomialFraction, binomialPull, summarizeEnsemble } from '../../src/stats/infer/ensemble.js';
import { normalCdf } from '../../src/stats/distributions/index.js';
import { Rng } from '../../src/stats/rng.js';

describe('toy-ensemble summaries', () => {
  it('closed forms on the integers 1…n: mean (n+1)/2, sd √(n(n+1)/12), type-7 quantiles 1 + p(n − 1)', () => {
    const n = 101;
    const v = Float64Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose
    const s = summarizeEnsemble(v, [0, 0.25, 0.5, 0.9, 1]);
    expect(s.n).toBe(n);
    expect(s.mean).toBeCloseTo((n + 1) / 2, 12);
    expect(s.sd).toBeCloseTo(Math.sqrt((n * (n + 1)) / 12), 12);
    expect(s.quantiles.map((q) => q.value)).toEqual([1, 26, 51, 91, 101]);
    expect([s.min, s.max]).toEqual([1, 101]);
  });

  it('non-finite entries are counted, not averaged', () => {
    const s = summarizeEnsemble([1, NaN, 3, Infinity]);
    expect(s.n).toBe(2);
    expect(s.nonFinite).toBe(2);
    expect(s.mean).toBe(2);
    expect(summarizeEnsemble([NaN]).mean).toBeNaN();
  });

  it('band levels are Φ(−2 … 2)', () => {
    [-2, -1, 0, 1, 2].forEach((z, i) => expect(BAND_LEVELS[i]).toBeCloseTo(normalCdf(z), 15));
  });

  it('quantiles of 20000 normal draws agree with Φ⁻¹ within their sampling error', () => {
    const rng = new Rng(7);
    const x = Float64Array.from({ length: 20000 }, () => rng.gaussian(0, 1));
    const s = summarizeEnsemble(x);
    // Standard error of the p-quantile: √(p(1 − p)/n)/φ(z_p); 4σ tolerance.
    [-2, -1, 0, 1, 2].forEach((z, i) => {
      const p = normalCdf(z);
      const se = Math.sqrt((p * (1 - p)) / x.length) / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
      expect(Math.abs(s.quantiles[i]!.value - z)).toBeLessThan(4 * se);
    });
  });

  it('binomial fraction, error and pull', () => {
    const f = binomialFraction(90, 100);
    expect(f.fraction).toBe(0.9);
    expect(f.error).toBeCloseTo(0.03, 15);
    expect(binomialPull(binomialFraction(84, 100), 0.9)).toBeCloseTo(-2, 12);
    expect(binomialPull(binomialFraction(100, 100), 0.9)).toBeCloseTo(10 / 3, 12);
    expect(binomialFraction(0, 0).fraction).toBeNaN();
    expect(() => binomialFraction(3, 2)).toThrow(/0 ≤ k ≤ n/);
    expect(() => binomialPull(f, 1)).toThrow(/\(0, 1\)/);
  });
});
