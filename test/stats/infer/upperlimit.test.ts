import { describe, expect, it } from 'vitest';
import { upperLimit } from '../../../src/stats/infer/index.js';
import { countingModel, data } from './helpers/models.js';
import { clsExpRef, clsRef, lr, qTildeRef } from './helpers/reference.js';

/** Bisection on an independent closed-form CLs(μ) curve. */
function solve(f: (mu: number) => number, a: number, b: number): number {
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (f(m) > 0) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

describe('CLs upper limits: single-bin counting against the closed-form CLs curve', () => {
  const s = 5;
  const b = 10;
  const model = countingModel(s, b, 0, 10);
  it.each([
    [8, 0.95],
    [8, 0.9],
    [17, 0.95],
    [3, 0.9],
  ])('n = %d, CL = %d', (n, cl) => {
    const alpha = 1 - cl;
    const qA = (mu: number) => lr(b, mu * s + b, b);
    const obsRef = solve((mu) => clsRef(qTildeRef(n, s, b, mu), qA(mu)).cls - alpha, 1e-6, 20);
    const expRef = [0, 1, 2, 3, 4].map((k) => solve((mu) => clsExpRef(qA(mu))[k] - alpha, 1e-6, 20));
    const r = upperLimit(model, data([n]), { cl });
    expect(r.converged).toBe(true);
    expect(r.cl).toBe(cl);
    expect(Math.abs(r.observed / obsRef - 1)).toBeLessThan(1e-3);
    for (let k = 0; k < 5; k++) expect(Math.abs(r.expected[k] / expRef[k] - 1)).toBeLessThan(1e-3);
    // The expected band is ordered −2σ < −1σ < median < +1σ < +2σ.
    for (let k = 1; k < 5; k++) expect(r.expected[k]).toBeGreaterThan(r.expected[k - 1]);
  });
});
