import { describe, expect, it } from 'vitest';
import { profileInterval, profileScan1D } from '../../../src/stats/infer/profile.js';
import type { StatModel } from '../../../src/stats/types.js';
import { data, makeParams } from './helpers/models.js';

/**
 * f(μ, β) = (μ − 2)² + (β − 10μ)², defined (finite) only within |β − 10μ| ≤ width (NaN outside, a model undefined
 * there). Global minimum (2, 20); the profile in μ is (μ − 2)², with β̂(μ) = 10μ.
 * With width 7, a scan μ = 0, 0.5, …, 4 warm-started from the global minimum cannot start the points μ < 1.5
 * (β = 20 is outside their domain); from a converged neighbour's solution (β = 10(μ ± 0.5)) it can.
 */
function valleyModel(width = 7): StatModel {
  const params = makeParams(
    [
      { name: 'mu', init: 2, lo: -10, hi: 10 },
      { name: 'beta', init: 20, lo: -100, hi: 100 },
    ],
    'mu',
  );
  const f = (p: Float64Array): number => (Math.abs(p[1]! - 10 * p[0]!) > width ? NaN : (p[0]! - 2) ** 2 + (p[1]! - 10 * p[0]!) ** 2);
  return { params, nBins: 1, nAux: 0, nominalAux: new Float64Array(0), twiceNll: (p) => f(p), expected: (_p, out) => out.fill(1), asimovAux: () => {} };
}

describe('profile scans: failed points are retried from a neighbour and flagged (issue 10)', () => {
  const grid = Float64Array.from({ length: 9 }, (_, k) => 0.5 * k);

  it('every point converges after the retry from its converged neighbour, and equals the closed-form profile', () => {
    const s = profileScan1D(valleyModel(), data([1]), 'mu', grid);
    expect(Array.from(s.converged)).toEqual(new Array(9).fill(1));
    expect(s.retried).toBeGreaterThan(0);
    // EDM < 1e-6 ⇒ each profile value within ~1e-6 of (μ − 2)²
    grid.forEach((mu, k) => expect(Math.abs(s.deltaTwiceNll[k]! - (mu - 2) ** 2)).toBeLessThan(1e-5));
  });

  it('a point that cannot be fitted from any neighbour stays flagged, and an interval resting on it says so', () => {
    // The model is undefined at μ = 1 (NaN everywhere there): that point fails even from a neighbour.
    const base = valleyModel(25);
    const model: StatModel = { ...base, twiceNll: (p, d) => (p[0] === 1 ? NaN : base.twiceNll(p, d)) };
    const s = profileScan1D(model, data([1]), 'mu', grid);
    expect(s.converged[2]).toBe(0);
    expect(Array.from(s.converged).filter((c) => c === 0)).toHaveLength(1);
    const delta = Array.from(s.deltaTwiceNll, (v) => (Number.isFinite(v) ? v : null));
    // Δ < 2.5 on [0.42, 3.58]: the interval's lower crossing is between μ = 0 and 0.5; μ = 1 (failed) lies inside.
    const iv = profileInterval(grid, delta, 2.5, s.converged)!;
    expect(iv.health.ok).toBe(false);
    expect(iv.health.failedPoints).toEqual([1]);
    // a narrow interval around μ = 2 (crossings between 1.5 and 2.5) does not touch the failed point
    expect(profileInterval(grid, delta, 0.1, s.converged)!.health).toEqual({ ok: true, failedPoints: [], lowerOpen: false, upperOpen: false });
  });

  it('an interval reaching the scan edge is open there', () => {
    const iv = profileInterval([0, 1, 2, 3], [0.5, 0, 0.5, 4], 1)!;
    expect(iv.lower).toBe(0);
    expect(iv.health.lowerOpen).toBe(true);
    expect(iv.health.upperOpen).toBe(false);
    expect(iv.upper).toBeCloseTo(2 + 0.5 / 3.5, 12);
  });
});
