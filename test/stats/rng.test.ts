import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/rng.js';
import { InvalidParameters } from '../../src/util/errors.js';

describe('Rng (xoshiro128**)', () => {
  it('is deterministic per (seed, stream) and differs across seeds and streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    const c = new Rng(43);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    const d = new Rng(42, 1);
    expect(Array.from({ length: 5 }, () => d.nextUint32())).not.toEqual(xs);
  });

  it('uniform deviates have mean 1/2 and variance 1/12', () => {
    const r = new Rng(1);
    const N = 200000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / N - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(s2 / N - (s / N) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('normal deviates: mean 0, variance 1, P(|z| > 1.96) = 5%', () => {
    const r = new Rng(2);
    const N = 200000;
    let s = 0;
    let s2 = 0;
    let tail = 0;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 1.959964) tail++;
    }
    expect(Math.abs(s / N)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(s2 / N - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(tail / N - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / N));
  });

  it.each([0.3, 4.5, 9.99, 10, 37, 1000])('Poisson(λ = %d) frequencies follow the pmf (χ² test)', (lam) => {
    const r = new Rng(3);
    const N = 50000;
    const counts = new Map<number, number>();
    let invalid = 0;
    for (let i = 0; i < N; i++) {
      const k = r.poisson(lam);
      if (!(Number.isInteger(k) && k >= 0)) invalid++;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(invalid).toBe(0);
    // Pool bins with expected count < 20; compare with jstat's pmf.
    let chi2 = 0;
    let dof = -1;
    let obsAcc = 0;
    let expAcc = 0;
    const kMax = Math.ceil(lam + 10 * Math.sqrt(lam) + 10);
    for (let k = 0; k <= kMax; k++) {
      obsAcc += counts.get(k) ?? 0;
      expAcc += N * jStat.poisson.pdf(k, lam);
      if (expAcc >= 20) {
        chi2 += (obsAcc - expAcc) ** 2 / expAcc;
        dof++;
        obsAcc = 0;
        expAcc = 0;
      }
    }
    // p-value > 1e-4 (a correct sampler fails this about once in 10^4 seeds).
    expect(1 - jStat.chisquare.cdf(chi2, Math.max(dof, 1))).toBeGreaterThan(1e-4);
  });

  it('rejects invalid seeds and means', () => {
    expect(() => new Rng(1.5)).toThrow(InvalidParameters);
    expect(() => new Rng(1).poisson(-1)).toThrow(InvalidParameters);
    expect(() => new Rng(1).poisson(NaN)).toThrow(InvalidParameters);
  });
});
