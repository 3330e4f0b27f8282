/**
 * CountGroups (Σ n ln ν via products of ν within groups of equal observed count) against the plain per-bin sum
 * Σ_b [ν_b − n_b ln ν_b], including extreme expectations whose group products over/underflow a double.
 */
import { describe, expect, test } from 'vitest';
import { CountGroups } from '../../../src/stats/model/countGroups.js';
import { Rng } from '../../../src/stats/rng.js';

/** The readable per-bin definition, and Σ of the absolute values of its terms (the scale of its rounding error). */
function perBin(nu: Float64Array, main: Float64Array): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  for (let b = 0; b < nu.length; b++) {
    const n = main[b]!;
    const v = nu[b]! > 0 ? nu[b]! : 0; // ν ≤ 0 or NaN counts as 0
    if (n > 0 && v === 0) return { value: Infinity, scale: Infinity };
    const t = n > 0 ? n * Math.log(v) : 0;
    value += v - t;
    scale += Math.abs(v) + Math.abs(t);
  }
  return { value, scale };
}

/** ν log-uniform in [lo, hi]; counts from a small set (so groups are large) or up to maxCount. */
function randomCase(rng: Rng, nBins: number, lo: number, hi: number, counts: number[]): { nu: Float64Array; main: Float64Array } {
  const nu = new Float64Array(nBins);
  const main = new Float64Array(nBins);
  for (let b = 0; b < nBins; b++) {
    nu[b] = Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo)));
    main[b] = counts[Math.floor(rng.uniform() * counts.length)]!;
  }
  return { nu, main };
}

function expectAgree(groups: CountGroups, nu: Float64Array, main: Float64Array): void {
  const ref = perBin(nu, main);
  const fast = groups.poissonSum(nu, main, null);
  expect(groups.stale).toBe(false);
  expect(Math.abs(fast - ref.value)).toBeLessThanOrEqual(1e-13 * ref.scale);
  const w = new Float64Array(nu.length);
  const fastG = groups.poissonSum(nu, main, w);
  expect(fastG).toBe(fast);
  for (let b = 0; b < nu.length; b++) expect(w[b]).toBe(nu[b]! > 0 ? 2 - (2 * main[b]!) / nu[b]! : 0);
}

describe('CountGroups', () => {
  test('typical data (counts 0…40, ν ~ 1…50): equals the per-bin sum to 1e-13 of Σ|terms|', () => {
    const rng = new Rng(11);
    for (let rep = 0; rep < 20; rep++) {
      const { nu, main } = randomCase(rng, 1000, 0.5, 50, Array.from({ length: 41 }, (_, k) => k));
      const g = new CountGroups(1000);
      expect(g.build(main)).toBe(true);
      expectAgree(g, nu, main);
    }
  });

  test('extreme ν (1e-8 … 1e6) in large groups: products leave the double range and are restarted', () => {
    const rng = new Rng(12);
    for (const [lo, hi] of [
      [1e-8, 1e6],
      [1e-8, 1e-6],
      [1e4, 1e6],
    ] as const) {
      // three counts over 3000 bins: ~1000 factors per group, far beyond 1e±308 without restarts
      const { nu, main } = randomCase(rng, 3000, lo, hi, [0, 1, 7, 1000000]);
      const g = new CountGroups(3000);
      expect(g.build(main)).toBe(true);
      expectAgree(g, nu, main);
    }
  });

  test('isolated factors near the double limits (1e-300, 1e300) are logged on their own', () => {
    const nu = Float64Array.from([1e300, 1e300, 1e-300, 1e-300, 3, 1e300, 2e-310, 5, 1e150, 1e150, 1e150]);
    const main = Float64Array.from([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    const g = new CountGroups(nu.length);
    // one group of 11 bins (≤ half of 11 positive bins): active
    expect(g.build(main)).toBe(true);
    expectAgree(g, nu, main);
  });

  test('n > 0 with ν ≤ 0 gives +Infinity; n = 0 with ν ≤ 0 adds 0; a NaN ν gives NaN for any n (diagnosed by the model)', () => {
    const main = Float64Array.from([0, 0, 0, 3, 3, 3, 3, 3]);
    const g = new CountGroups(main.length);
    expect(g.build(main)).toBe(true);
    const ok = Float64Array.from([-1, 0, 0, 1, 2, 3, 4, 5]);
    expectAgree(g, ok, main);
    for (const bad of [0, -2]) {
      const nu = Float64Array.from([1, 1, 1, 1, 2, bad, 4, 5]);
      expect(g.poissonSum(nu, main, null)).toBe(Infinity);
      expect(g.poissonSum(nu, main, new Float64Array(8))).toBe(Infinity);
      expect(g.stale).toBe(false);
    }
    for (const at of [1, 5]) {
      const nu = Float64Array.from([1, 1, 1, 1, 2, 3, 4, 5]);
      nu[at] = NaN;
      expect(g.poissonSum(nu, main, null)).toBeNaN();
      expect(g.poissonSum(nu, main, new Float64Array(8))).toBeNaN();
      expect(g.stale).toBe(false);
    }
  });

  test('changed counts are detected in the same pass (stale), also after an n>0, ν=0 bin', () => {
    const main = Float64Array.from([0, 2, 2, 2, 5, 5, 5, 5]);
    const g = new CountGroups(main.length);
    expect(g.build(main)).toBe(true);
    const nu = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let b = 0; b < main.length; b++) {
      const changed = Float64Array.from(main);
      changed[b] = main[b]! + 1;
      g.poissonSum(nu, changed, null);
      expect(g.stale).toBe(true);
      g.poissonSum(nu, changed, new Float64Array(8));
      expect(g.stale).toBe(true);
    }
    // bin 1 has n = 2 and ν = 0, but bin 7's count changed: stale, not +Infinity
    const changed = Float64Array.from(main);
    changed[7] = 0;
    const nu0 = Float64Array.from([1, 0, 3, 4, 5, 6, 7, 8]);
    expect(g.poissonSum(nu0, changed, null)).toBe(0);
    expect(g.stale).toBe(true);
    expect(g.poissonSum(nu0, main, null)).toBe(Infinity);
    expect(g.stale).toBe(false);
  });

  test('not used for non-integer data, counts beyond the exact sort key, or mostly distinct counts', () => {
    const g = new CountGroups(6);
    expect(g.build(Float64Array.from([1, 2, 2.5, 2, 1, 1]))).toBe(false);
    expect(g.build(Float64Array.from([1, 1, 1, 1, 1, 2 ** 52]))).toBe(false);
    expect(g.build(Float64Array.from([1, 2, 3, 4, 5, 5]))).toBe(false);
    expect(g.build(Float64Array.from([1, 1, 1, 4, 4, 0]))).toBe(true);
  });
});
