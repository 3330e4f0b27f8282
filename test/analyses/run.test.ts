import { describe, it, expect } from 'vitest';
import { parseAnalysisConfig, type AnalysisConfig } from '../../src/analyses/config.js';
import { assembleHypothesis, couplingFromMu, muFromCoupling, DM_POI } from '../../src/analyses/assemble.js';
import { fitReport, fitDmOverMasses, significance, compare, scan1D, pullReport, scanMassY } from '../../src/analyses/run.js';
import { interval } from '../../src/stats/infer/profile.js';
import { derivedCouplings, signalCouplingScale, singleMediatorModel } from '../../src/physics/dm/model.js';
import type { ExperimentAnalysis, DmSignalTemplates } from '../../src/analyses/types.js';

/**
 * A toy experiment with closed-form answers: one signal channel with two time bins, a background b known
 * exactly (fixed), and a DM template d at Y_ref = 1e-10 that lives in bin 0 only.
 *   n = [nA, nB], ν = [b0 + μ d0, b1]  ⇒  μ̂ = (nA − b0)/d0 (when > 0),  q0 = 2[nA ln(nA/b0) − (nA − b0)].
 */
function toyExperiment(observed: [number, number], bkg: [number, number], d0: number, config: AnalysisConfig): ExperimentAnalysis {
  const dm = (massMeV: number): DmSignalTemplates => ({
    massMeV,
    chiMassMeV: massMeV / 3,
    coupling: { name: 'Y', symbol: 'Y', formula: 'Y = ε² α_D (m_χ/m_A′)⁴' }, countPower: 2, referenceCoupling: 1e-10,
    perChannel: new Map([['sr', Float64Array.of(d0, 0)]]),
    byProduction: { pi0: d0 },
  });
  return {
    experiment: 'csi2017',
    config,
    background: {
      channels: [{ name: 'sr', axes: [{ name: 'time_us', unit: 'us', edges: [0, 1, 2] }], samples: [{ name: 'bkg', data: bkg, modifiers: [{ type: 'normfactor', name: 'b_norm' }] }] }],
      parameters: [{ name: 'b_norm', init: 1, bounds: [0, 10], fixed: true }],
      functionSamples: [],
      observations: [{ channel: 'sr', data: observed }],
      signalChannels: ['sr'],
      cevnsSamples: [],
      facts: {},
    },
    dmSignal: (_s, m) => dm(m),
  };
}

const config = parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'toy', experiment: 'csi2017', signal: { mass_MeV: 50 } }, 'toy.yaml').config;

describe('analysis runners on a closed-form toy', () => {
  const nA = 30;
  const b0 = 18;
  const d0 = 10;
  const exp = toyExperiment([nA, 20], [b0, 20], d0, config);
  const loaded = { config, file: 'toy.yaml', parameterSets: new Map<string, number>() };

  it('fits μ̂ = (n − b)/d and maps it to Y = Y_ref √μ', () => {
    const a = assembleHypothesis(exp, 'dm');
    const { report } = fitReport(exp, a);
    const muHat = (nA - b0) / d0;
    expect(report.status.converged).toBe(true);
    expect(report.parameters[DM_POI]!.value).toBeCloseTo(muHat, 4);
    // Hessian error of μ: σ² = n / d² for a Poisson mean n at the best fit.
    expect(report.parameters[DM_POI]!.error!).toBeCloseTo(Math.sqrt(nA) / d0, 3);
    expect(report.dm!.Y.value).toBeCloseTo(1e-10 * Math.sqrt(muHat), 14);
    // The DM yield is the fitted excess, with error √n.
    expect(report.yields.dm!.value).toBeCloseTo(nA - b0, 3);
    expect(report.yields.dm!.error!).toBeCloseTo(Math.sqrt(nA), 2);
    expect(report.observed).toBe(50);
  });

  it('Y ↔ μ against the dark-sector model: the count scale of a model at coupling Y is μ(Y) × that at Y_ref', () => {
    // Independent of assemble.ts: counts scale as signalCouplingScale = (4πα)(4πα_D) ε⁴ BR (src/physics/dm/model.ts),
    // Y = ε² α_D (m_χ/m_A′)⁴ (derivedCouplings). Changing ε at fixed masses and α_D must map through couplingFromMu/muFromCoupling with the dark photon's count power 2.
    const ref = singleMediatorModel(60, 20, 1e-4, 0.5);
    const yRef = derivedCouplings(ref).y;
    for (const eps of [3e-5, 2e-4, 1e-3]) {
      const m = singleMediatorModel(60, 20, eps, 0.5);
      const countRatio = signalCouplingScale(m) / signalCouplingScale(ref);
      expect(muFromCoupling(derivedCouplings(m).y, yRef, 2) / countRatio).toBeCloseTo(1, 6);
      expect(couplingFromMu(countRatio, yRef, 2) / derivedCouplings(m).y).toBeCloseTo(1, 6);
    }
    expect(couplingFromMu(-0.5, yRef, 2)).toBe(0); // a negative fitted μ maps to Y = 0, not NaN
  });

  it('gives the closed-form discovery significance', () => {
    const s = significance(exp, loaded);
    const q0 = 2 * (nA * Math.log(nA / b0) - (nA - b0));
    expect(s.q0).toBeCloseTo(q0, 4);
    expect(s.z).toBeCloseTo(Math.sqrt(q0), 4);
  });

  it('toy significance agrees with the asymptotic one for a large-count case (seeded, deterministic)', () => {
    const big = toyExperiment([260, 200], [200, 200], 50, config);
    const asym = significance(big, loaded);
    const t1 = significance(big, loaded, { toys: 4000, seed: 7 });
    const t2 = significance(big, loaded, { toys: 4000, seed: 7 });
    expect(t1.p0).toBe(t2.p0);
    // q0 = 2[260 ln(1.3) − 60] = 16.43 → Z ≈ 4.05, p ≈ 2.5e-5: with 4000 toys expect ~0 above; check the bound is honest.
    expect(asym.z).toBeGreaterThan(3.9);
    expect(t1.p0).toBeLessThanOrEqual(2 / 4000);
  });

  it('compares SM and DM: Δ(−2lnL) equals q0 at a single mass', () => {
    const c = compare(exp, loaded);
    const q0 = 2 * (nA * Math.log(nA / b0) - (nA - b0));
    expect(c.hypotheses.dm!.delta_twice_nll).toBeCloseTo(q0, 4);
    expect(c.hypotheses.dm!.extra_dof).toBe(1);
    expect(c.hypotheses.nsi).toBeNull();
    // SM fails in the first time bin: pull (30 − 18)/√18 = 2.83.
    expect(c.hypotheses.sm.pulls.failing_time_bins.sr).toEqual([{ t_us: [0, 1], pull: expect.closeTo(12 / Math.sqrt(18), 6) }]);
  });

  it('1-D scan of μ reproduces the Poisson profile and its 68 % interval', () => {
    const grid = Float64Array.from({ length: 81 }, (_, i) => i * 0.05);
    const s = scan1D(exp, loaded, DM_POI, grid, 'dm');
    // Δ(−2lnL)(μ) = 2[ν − n + n ln(n/ν)] with ν = b0 + μ d0.
    for (let i = 0; i < grid.length; i += 10) {
      const nu = b0 + grid[i]! * d0;
      expect(s.delta_twice_nll[i]!).toBeCloseTo(2 * (nu - nA + nA * Math.log(nA / nu)), 4);
    }
    // The 68 % interval: Δ(−2lnL) = 1 on either side of μ̂ = 1.2, by bisection on the closed form. Linear interpolation
    // on the 0.05 grid is off by ≈ (h²/8)·Δ''/Δ' ≈ 6e-4 (Δ'' ≈ 2/σ², Δ' ≈ 2/σ at the crossing, σ = √30/10).
    const delta = (mu: number) => {
      const nu = b0 + mu * d0;
      return 2 * (nu - nA + nA * Math.log(nA / nu));
    };
    const cross = (a: number, b: number) => {
      for (let i = 0; i < 100; i++) {
        const m = 0.5 * (a + b);
        if ((delta(m) - 1) * (delta(a) - 1) > 0) a = m;
        else b = m;
      }
      return 0.5 * (a + b);
    };
    const [lo, hi] = s.intervals.cl68!;
    expect(Math.abs(lo - cross(0, 1.2))).toBeLessThan(1e-3);
    expect(Math.abs(hi - cross(1.2, 4))).toBeLessThan(1e-3);
    // every point carries its health; the intervals rest on converged, closed crossings
    expect(s.converged).toHaveLength(grid.length);
    expect(s.converged.every((c) => c)).toBe(true);
    expect(s.summary.n_failed).toBe(0);
    expect(s.interval_health.cl68).toEqual({ ok: true, failedPoints: [], lowerOpen: false, upperOpen: false });
  });

  it('mass–Y scan: −2lnL at fixed Y follows the Poisson closed form, best point at μ̂', async () => {
    const cfg = parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'toy', experiment: 'csi2017', signal: { mass_MeV: 50 }, scan: { mass_MeV: [20, 50], Y: [5e-11, 1e-10, 1.1e-10, 2e-10] } }, 'toy.yaml').config;
    const e = toyExperiment([nA, 20], [b0, 20], d0, cfg);
    const s = await scanMassY(e, { config: cfg, file: 'toy.yaml', parameterSets: new Map() }, { workers: 1 });
    const t = (y: number) => {
      const nu = b0 + (y / 1e-10) ** 2 * d0; // μ = (Y/Y_ref)²
      return 2 * (nu - nA * Math.log(nu)) + 2 * (20 - 20 * Math.log(20));
    };
    // μ̂ = (nA − b0)/d0 = 1.2 ⇔ Ŷ = 1e-10·√1.2: the Y-free fit at each mass is the reference minimum (off the Y grid).
    const yHat = 1e-10 * Math.sqrt((nA - b0) / d0);
    expect(s.best.Y / yHat).toBeCloseTo(1, 4);
    const ref = t(yHat);
    s.Y.forEach((y, j) => expect(s.delta_twice_nll[j]!).toBeCloseTo(t(y) - ref, 5));
    expect(s.delta_twice_nll.slice(0, 4)).toEqual(s.delta_twice_nll.slice(4)); // the toy's template does not depend on mass
    expect(s.converged).toEqual(new Array(8).fill(true));
    expect(s.summary).toMatchObject({ n_points: 8, n_failed: 0 });
  });

  it('DM mass profile: every mass carries converged (null without a signal) and a summary; the best is the closed form', () => {
    // the toy's template does not depend on mass; below 10 MeV it has no signal (InvalidModel → no fit)
    const e: ExperimentAnalysis = { ...exp, dmSignal: (sig, m) => (m < 10 ? { ...exp.dmSignal(sig, m), perChannel: new Map([['sr', Float64Array.of(0, 0)]]) } : exp.dmSignal(sig, m)) };
    const d = fitDmOverMasses(e, loaded, Float64Array.of(5, 20, 50));
    expect(d.report.mass_profile.map((p) => p.converged)).toEqual([null, true, true]);
    expect(d.report.mass_profile_summary).toEqual({ n_points: 3, n_failed: 0, n_retried: 0 });
    expect(d.report.parameters[DM_POI]!.value).toBeCloseTo((nA - b0) / d0, 4);
  });

  it('interval() interpolates the crossing points linearly', () => {
    expect(interval([0, 1, 2, 3], [4, 0, 0, 4], 1)).toEqual([0.75, 2.25]);
    expect(interval([0, 1], [5, 5], 1)).toBeNull();
  });

  it('pull report projects on the time axis', () => {
    const a = assembleHypothesis(exp, 'sm');
    const p = pullReport(a.model, a.data, a.model.params.init, ['sr']);
    expect(p.time_projection.sr!.observed).toEqual([30, 20]);
    expect(p.time_projection.sr!.expected).toEqual([18, 20]);
  });

  it('rejects --set on an unknown parameter, naming the known ones', () => {
    expect(() => assembleHypothesis(exp, 'sm', { parameterSets: new Map([['Rn', 5.5]]) })).toThrow(/unknown parameter "Rn".*b_norm/);
  });

  it('rejects --set outside the parameter bounds [0, 10] on either side, and accepts both end points', () => {
    expect(() => assembleHypothesis(exp, 'sm', { parameterSets: new Map([['b_norm', 10.5]]) })).toThrow(/value 10\.5 is outside the parameter's bounds \[0, 10\]/);
    expect(() => assembleHypothesis(exp, 'sm', { parameterSets: new Map([['b_norm', -0.5]]) })).toThrow(/value -0\.5 is outside the parameter's bounds \[0, 10\]/);
    for (const v of [0, 10]) {
      const a = assembleHypothesis(exp, 'sm', { parameterSets: new Map([['b_norm', v]]) });
      expect(a.model.params.init[a.model.params.index('b_norm')]).toBe(v);
    }
  });
});
