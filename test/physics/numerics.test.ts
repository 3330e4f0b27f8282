import { describe, expect, it } from 'vitest';
import { erfc, erfcx, normalCdf, gaussLegendre, integrate, compositeGaussLegendre } from '../../src/physics/numerics.js';

describe('numerics', () => {
  it('erfc matches tabulated values (A&S Table 7.1 / high-precision references)', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5) / 0.4795001221869535 - 1).toBeLessThan(1e-13);
    expect(Math.abs(erfc(1) / 0.15729920705028513 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(erfc(3) / 2.209049699858544e-5 - 1)).toBeLessThan(1e-11);
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-11);
    expect(Math.abs(erfc(-1) - (2 - 0.15729920705028513))).toBeLessThan(1e-14);
    expect(Math.abs(erfcx(10) / 0.05614099274382259 - 1)).toBeLessThan(1e-11);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
  });

  it('Gauss–Legendre n points integrates polynomials of degree 2n−1 exactly', () => {
    for (const n of [1, 2, 5, 12]) {
      const gl = gaussLegendre(n);
      const deg = 2 * n - 1;
      let s = 0;
      for (let i = 0; i < n; i++) s += gl.weights[i]! * gl.nodes[i]! ** (deg - 1);
      const exact = (deg - 1) % 2 === 0 ? 2 / deg : 0;
      expect(s).toBeCloseTo(exact, 12);
    }
    expect(integrate(Math.sin, 0, Math.PI, 16, 4)).toBeCloseTo(2, 12);
    const r = compositeGaussLegendre([0, 1, 3], 4);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 14);
  });
});
