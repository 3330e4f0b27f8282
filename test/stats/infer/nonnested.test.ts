/**
 * Non-nested calibration against an exact answer: two simple hypotheses for two Poisson bins, A = (50, 50) and
 * B = (60, 40). Δ = −2lnL(A) − (−2lnL(B)) = 2[n₁ ln(6/5) + n₂ ln(4/5)] (the Σλ terms cancel), so P(Δ ≥ d | A) and
 * P(Δ ≤ d | B) are exact double sums of Poisson probabilities. Toys drawn with the project's RNG must reproduce them
 * within the binomial error, and the tails must point the right way (large Δ favours B).
 */
import { describe, expect, it } from 'vitest';
import { calibrateNonNested } from '../../../src/stats/infer/nonnested.js';
import { poissonLogPmf } from '../../../src/stats/distributions/index.js';
import { Rng } from '../../../src/stats/rng.js';

const A = [50, 50];
const B = [60, 40];
const delta = (n: readonly number[]) => 2 * (n[0]! * Math.log(B[0]! / A[0]!) + n[1]! * Math.log(B[1]! / A[1]!));

function exactTail(lam: readonly number[], pass: (d: number) => boolean): number {
  let p = 0;
  for (let i = 0; i < 200; i++) for (let j = 0; j < 200; j++) if (pass(delta([i, j]))) p += Math.exp(poissonLogPmf(i, lam[0]!) + poissonLogPmf(j, lam[1]!));
  return p;
}

describe('calibrateNonNested', () => {
  it('reproduces the exact tail probabilities of two simple Poisson hypotheses', () => {
    const dObs = delta([56, 44]);
    const N = 4000;
    const toys = (lam: readonly number[], stream0: number) =>
      Array.from({ length: N }, (_, k) => {
        const r = new Rng(17, stream0 + k);
        return delta([r.poisson(lam[0]!), r.poisson(lam[1]!)]);
      });
    const c = calibrateNonNested(dObs, toys(A, 0), toys(B, N));
    const pA = exactTail(A, (d) => d >= dObs - 1e-12);
    const pB = exactTail(B, (d) => d <= dObs + 1e-12);
    expect(Math.abs(c.p_if_a - pA)).toBeLessThan(3 * Math.sqrt((pA * (1 - pA)) / N));
    expect(Math.abs(c.p_if_b - pB)).toBeLessThan(3 * Math.sqrt((pB * (1 - pB)) / N));
    // A point between the hypotheses: neither is excluded, and B-true toys sit at larger Δ than A-true toys.
    expect(c.median_b!).toBeGreaterThan(c.median_a!);
    expect(c.n_toys_a).toBe(N);
  });

  it('counts failed toys apart and uses half a toy when none passes', () => {
    const c = calibrateNonNested(10, [1, 2, null, 3], [20, 30]);
    expect(c.n_failed_a).toBe(1);
    expect(c.n_toys_a).toBe(3);
    expect(c.p_if_a).toBeCloseTo(0.5 / 3, 12);
    expect(c.p_if_b).toBeCloseTo(0.5 / 2, 12);
    expect(() => calibrateNonNested(NaN, [1], [1])).toThrow(/observed Δ/);
  });
});
