/**
 * DM mass profile (src/analyses/massprofile.ts): intervals against closed forms, grid-edge flags, the existing-limit
 * envelope against the curve files, and the CsI-2017 profile (one grid shared with the scan; nearly flat in mass).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandGrid, loadAnalysisConfig } from '../../src/analyses/config.js';
import { bestOfProfile, dmMassGridOf, existingLimitEnvelope, massIntervals, profileDmOverMasses, tryLoadExistingLimits } from '../../src/analyses/massprofile.js';
import { build } from '../../src/analyses/experiments/csi2017.js';

const FITS = fileURLToPath(new URL('../../fits/', import.meta.url));

describe('mass intervals', () => {
  // Δ(−2lnL) = ((ln m − ln m0)/s)²: the Δ < L set is m0·exp(±s√L); linear interpolation in ln m between grid points
  // of a parabola overestimates Δ between nodes, so on a fine grid the bounds agree to O(h²).
  const masses = expandGrid({ from: 1, to: 300, n: 400, log: true });
  const delta = (m0: number, s: number) => Array.from(masses, (m) => ((Math.log(m) - Math.log(m0)) / s) ** 2);

  it('a parabola in ln m gives m0·e^(±s√L) at L = 1 and 4', () => {
    const d = delta(30, 0.5);
    for (const L of [1, 4]) {
      const r = massIntervals(masses, d, L);
      expect(r.status).toBe('constrained');
      expect(r.ranges).toHaveLength(1);
      expect(r.ranges[0]!.lower_MeV! / (30 * Math.exp(-0.5 * Math.sqrt(L))) - 1).toBeLessThan(1e-3);
      expect(Math.abs(r.ranges[0]!.upper_MeV! / (30 * Math.exp(0.5 * Math.sqrt(L))) - 1)).toBeLessThan(1e-3);
    }
  });

  it('a set reaching one grid end is "open" (null bound); reaching both is "unconstrained"; null points are skipped', () => {
    const r = massIntervals(masses, delta(300, 1), 1);
    expect(r.status).toBe('open');
    expect(r.ranges[0]!.upper_MeV).toBeNull();
    expect(Math.abs(r.ranges[0]!.lower_MeV! / (300 / Math.E) - 1)).toBeLessThan(1e-3);
    expect(massIntervals(masses, delta(30, 100), 4).status).toBe('unconstrained');
    // two minima → two ranges
    const two = Array.from(masses, (m) => Math.min(((Math.log(m) - Math.log(3)) / 0.2) ** 2, ((Math.log(m) - Math.log(100)) / 0.2) ** 2));
    expect(massIntervals(masses, two, 1).ranges).toHaveLength(2);
    const withNull = delta(30, 0.5).map((v, i) => (i > 350 ? null : v));
    expect(massIntervals(masses, withNull, 1).ranges).toHaveLength(1);
  });

  it('best fit flags the first and last valid grid masses as grid edges', () => {
    const pts = [null, 5, 3, 4, null].map((t, i) => ({ mass_MeV: i + 1, twice_nll: t, Y: t === null ? null : 1e-10, converged: t !== null }));
    expect(bestOfProfile(pts).best).toMatchObject({ mass_MeV: 3, on_grid_edge: false });
    pts[3] = { ...pts[3]!, twice_nll: 1 };
    expect(bestOfProfile(pts).best).toMatchObject({ mass_MeV: 4, on_grid_edge: true });
  });
});

describe('existing-limit envelope (dataset dark-photon-limits)', () => {
  const lim = tryLoadExistingLimits();
  it.skipIf(!lim)('at a file node the envelope is at most that curve\'s value, placed at m_A′ = 3·m_χ; no curve below m_χ = 1 MeV', () => {
    const env = existingLimitEnvelope(lim!, 3);
    const lsnd = lim!.curves['lsnd.txt']!;
    for (let i = 0; i < lsnd.massMeV.length; i++) expect(env.yMaxAt(3 * lsnd.massMeV[i]!)!).toBeLessThanOrEqual(lsnd.coupling[i]! * (1 + 1e-12));
    // at m_χ = 1 MeV the envelope is the lowest first node of the curves starting there (NA64, 2.05e-13 at 0.99 MeV)
    const y1 = env.yMaxAt(3.0)!;
    const direct = Math.min(...['lsnd.txt', 'babar.txt', 'miniboone-e.txt', 'miniboone-n.txt', 'na64.txt'].flatMap((n) => {
      const c = lim!.curves[n]!;
      return c.massMeV[0]! <= 1 + 1e-9 ? [c.coupling[0]!] : [];
    }));
    expect(y1 / direct).toBeLessThan(1.05);
    expect(env.yMaxAt(2.5)).toBeNull();
  });
});

describe('CsI-2017 DM mass profile (fits/csi2017-dm.yaml, coarse grid)', () => {
  const limits = tryLoadExistingLimits();
  it('one grid for fit, compare and scan; flat within ~1.3 units (docs/physics.md §6.5: 1.2); allowed best fit ≤ unrestricted', () => {
    const loaded = loadAnalysisConfig(`${FITS}csi2017-dm.yaml`, new Map([['scan.mass_MeV', '{from: 3, to: 300, n: 8, log: true}']]));
    const grid = dmMassGridOf(loaded);
    expect(grid.source).toBe('scan.mass_MeV');
    expect(Array.from(grid.masses)).toEqual(Array.from(expandGrid(loaded.config.scan!.mass_MeV)));
    const exp = build(loaded.config);
    const p = profileDmOverMasses(exp, loaded, grid, { limits });
    const r = p.report;
    expect(r.mass_profile).toHaveLength(8);
    for (const pt of r.mass_profile) expect(pt.converged).toBe(true);
    // the unrestricted fit at the best mass is the profile's minimum
    expect(p.result.twiceNll).toBeCloseTo(r.best_fit.twice_nll, 9);
    expect(r.profile_range_twice_nll).toBeLessThan(2);
    expect(r.mass_intervals.delta4.status).toBe('unconstrained');
    if (limits) {
      const a = r.best_fit_allowed!;
      expect(a.delta_twice_nll).toBeGreaterThanOrEqual(-1e-9);
      const env = existingLimitEnvelope(limits, 3);
      expect(a.Y).toBeLessThanOrEqual(env.yMaxAt(a.mass_MeV)! * (1 + 1e-9));
    }
  });
});
