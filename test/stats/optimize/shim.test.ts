// ReducedProblem (src/stats/optimize/shim.ts): the free-parameter view and its finite-difference gradient, which must
// stay inside the bounds (one-sided at a bound) because objectives may be undefined outside them.
import { describe, expect, it } from 'vitest';
import { FD_GRADIENT_REL_STEP, ReducedProblem } from '../../../src/stats/optimize/shim.js';

// f(x, y, z) = (x − 3)² + 2(z + 1)², y fixed; outside the box [0, 10]³ the objective is undefined (NaN).
const calls: number[][] = [];
const objective = {
  n: 3,
  value(p: Float64Array) {
    calls.push(Array.from(p));
    if (p.some((v) => v < 0 || v > 10)) return NaN;
    return (p[0]! - 3) ** 2 + 2 * (p[2]! + 1) ** 2;
  },
};
const make = (obj: { n: number; value(p: Float64Array): number; valueAndGrad?(p: Float64Array, g: Float64Array): number }) =>
  new ReducedProblem(obj, Float64Array.of(5, 7, 5), Uint8Array.of(0, 1, 0), new Float64Array(3).fill(0), new Float64Array(3).fill(10), new Float64Array(3).fill(1));

describe('ReducedProblem finite-difference gradient', () => {
  it('interior: central differences, ∂f/∂x = 2(x − 3), ∂f/∂z = 4(z + 1), to the O(h²) error', () => {
    const r = make(objective);
    expect(r.hasAnalyticGradient).toBe(false);
    const g = new Float64Array(2);
    r.grad(Float64Array.of(5, 2), g);
    expect(g[0]).toBeCloseTo(4, 8);
    expect(g[1]).toBeCloseTo(12, 8);
  });
  it('at the lower bound 0: forward difference (error h), no evaluation below the bound', () => {
    const r = make(objective);
    calls.length = 0;
    const g = new Float64Array(2);
    r.grad(Float64Array.of(0, 0), g);
    const h = FD_GRADIENT_REL_STEP; // step 1e-5 · max(|x|, typ = 1)
    expect(Math.abs(g[0]! - -6)).toBeLessThan(2 * h);
    expect(Math.abs(g[1]! - 4)).toBeLessThan(4 * h);
    for (const p of calls) for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
  });
  it('at the upper bound 10: backward difference, no evaluation above the bound', () => {
    const r = make(objective);
    calls.length = 0;
    const g = new Float64Array(2);
    r.grad(Float64Array.of(10, 10), g);
    expect(Math.abs(g[0]! - 14)).toBeLessThan(1e-3);
    expect(Math.abs(g[1]! - 44)).toBeLessThan(1e-3);
    for (const p of calls) for (const v of p) expect(v).toBeLessThanOrEqual(10);
  });
  it('an analytic gradient is used when the objective has one, and the fixed parameter stays at its value', () => {
    const seen: number[] = [];
    const r = make({ ...objective, valueAndGrad(p, g) { seen.push(p[1]!); g[0] = 100; g[1] = 200; g[2] = 300; return 1; } });
    expect(r.hasAnalyticGradient).toBe(true);
    const g = new Float64Array(2);
    expect(r.grad(Float64Array.of(1, 2), g)).toBe(1);
    expect(Array.from(g)).toEqual([100, 300]);
    expect(seen).toEqual([7]);
    expect(Array.from(r.stitch(Float64Array.of(1, 2)))).toEqual([1, 7, 2]);
    expect(Array.from(r.reduce(Float64Array.of(4, 7, 6)))).toEqual([4, 6]);
  });
});
