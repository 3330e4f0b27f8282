/**
 * Tests for mutants of src/stats/optimize found by the sampled mutation run (docs/testing.md "Scores per folder"):
 * the numerical Hessian at a bound must stay inside the box (one-sided differences), checked with an objective that
 * is undefined outside it; the curvature of a parabola is known exactly.
 */
import { describe, expect, it } from 'vitest';
import { minimize, type Objective } from '../../../src/stats/optimize/index.js';

/** f(x) = (x − c)² on [0, 1]; +∞ with a NaN gradient outside (like a Poisson term with λ < 0). */
function boxedParabola(c: number): Objective {
  const inside = (x: number) => x >= 0 && x <= 1;
  return {
    n: 1,
    value: (x) => (inside(x[0]!) ? (x[0]! - c) ** 2 : Infinity),
    valueAndGrad: (x, g) => {
      if (!inside(x[0]!)) {
        g[0] = NaN;
        return Infinity;
      }
      g[0] = 2 * (x[0]! - c);
      return (x[0]! - c) ** 2;
    },
  };
}

describe('Hesse at a bound', () => {
  it('minimum at the upper bound: backward differences, curvature 2', () => {
    const r = minimize(boxedParabola(2), Float64Array.of(0.3), { lo: Float64Array.of(0), hi: Float64Array.of(1), hesse: true });
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.hessian![0]).toBeCloseTo(2, 6);
  });

  it('minimum at the lower bound: forward differences, curvature 2', () => {
    const r = minimize(boxedParabola(-1), Float64Array.of(0.7), { lo: Float64Array.of(0), hi: Float64Array.of(1), hesse: true });
    expect(r.x[0]).toBeCloseTo(0, 8);
    expect(r.hessian![0]).toBeCloseTo(2, 6);
  });
});

describe('status.hesseComputed', () => {
  /** f(x, y) = (x − 0.2)² + 2(y − 0.4)² on the unit box (minimum inside). */
  const bowl: Objective = {
    n: 2,
    value: (x) => (x[0]! - 0.2) ** 2 + 2 * (x[1]! - 0.4) ** 2,
    valueAndGrad: (x, g) => {
      g[0] = 2 * (x[0]! - 0.2);
      g[1] = 4 * (x[1]! - 0.4);
      return (x[0]! - 0.2) ** 2 + 2 * (x[1]! - 0.4) ** 2;
    },
  };
  const box = { lo: Float64Array.of(0, 0), hi: Float64Array.of(1, 1) };
  it('is true exactly when a covariance is returned', () => {
    const withHesse = minimize(bowl, Float64Array.of(0.9, 0.9), { ...box, hesse: true });
    expect(withHesse.status.hesseComputed).toBe(true);
    expect(withHesse.covariance).not.toBeNull();
    const without = minimize(bowl, Float64Array.of(0.9, 0.9), { ...box, hesse: false });
    expect(without.covariance).toBeNull();
    expect(without.status.hesseComputed).toBe(false);
  });
});
