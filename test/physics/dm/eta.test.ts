import { describe, expect, it } from 'vitest';
import {
  BR_ETA_TO_GAMMA_GAMMA,
  BR_PI0_TO_GAMMA_GAMMA,
  channelThresholdMeV,
  etaToGammaXBranchingPerEps2,
  mesonMediatorSpectrum,
  nucleonNucleonCmBetaGamma,
  pi0ToGammaXBranchingPerEps2,
  prepareEtaSource,
  preparePi0Sample,
  totalYieldPerPot,
  type MediatorSpectrum,
} from '../../../src/physics/dm/production.js';
import { dmSourcesFromBeam } from '../../../src/physics/dm/setups.js';
import { mediatorSpectrumFor } from '../../../src/physics/dm/signal.js';
import { syntheticPi0 } from './fixtures.js';

/**
 * η → γX (docs/physics.md §2.6). Every expected number below is computed independently of the code (by hand from
 * PDG 2022 masses m_η = 547.862 MeV, m_p = 938.272 MeV and BR(η → γγ) = 39.36 %), or is a conservation law / limit case.
 */

/** Mean X energy of a spectrum. */
function meanEnergy(s: MediatorSpectrum): number {
  let n = 0;
  let e = 0;
  for (let i = 0; i < s.yieldPerPot.length; i++) {
    n += s.yieldPerPot[i]!;
    e += s.yieldPerPot[i]! * s.energyMeV[i]!;
  }
  return e / n;
}

describe('η → γX branching ratio', () => {
  it('m_X → 0: twice BR(η → γγ) = 2 × 0.3936 (PDG 2022), the two photons of γγ', () => {
    expect(BR_ETA_TO_GAMMA_GAMMA).toBe(0.3936);
    expect(etaToGammaXBranchingPerEps2(0)).toBeCloseTo(0.7872, 12);
  });

  it('hand-computed values 2(1 − m²/m_η²)³ BR_γγ at 100, 300, 500 MeV', () => {
    // python: M=547.862; 2*(1-(m/M)**2)**3*0.3936
    expect(etaToGammaXBranchingPerEps2(100)).toBeCloseTo(0.71111228522, 9);
    expect(etaToGammaXBranchingPerEps2(300)).toBeCloseTo(0.27018633277, 9);
    expect(etaToGammaXBranchingPerEps2(500)).toBeCloseTo(0.00367233942, 9);
  });

  it('closes at m_η: zero at and above threshold, cubic in (1 − x²) just below', () => {
    expect(channelThresholdMeV('etaDecay')).toBe(547.862);
    expect(etaToGammaXBranchingPerEps2(547.862)).toBe(0);
    expect(etaToGammaXBranchingPerEps2(560)).toBe(0);
    expect(etaToGammaXBranchingPerEps2(700)).toBe(0);
    // (1 − x²) halves → BR / 8 (the P-wave cube)
    const m1 = 547.862 * Math.sqrt(1 - 0.02);
    const m2 = 547.862 * Math.sqrt(1 - 0.01);
    expect(etaToGammaXBranchingPerEps2(m1) / etaToGammaXBranchingPerEps2(m2)).toBeCloseTo(8, 9);
  });

  it('η and π⁰ differ only by the meson mass and BR(γγ) (same anomaly decay)', () => {
    expect(etaToGammaXBranchingPerEps2(1e-9) / pi0ToGammaXBranchingPerEps2(1e-9)).toBeCloseTo(0.3936 / 0.98823, 12);
    expect(BR_PI0_TO_GAMMA_GAMMA).toBe(0.98823);
  });
});

describe('η kinematics', () => {
  it('nucleon–nucleon c.m. velocity for 1 GeV protons (SNS): βγ = p_lab/√s = 1696.04/2323.35 = 0.72999', () => {
    expect(nucleonNucleonCmBetaGamma(1000)).toBeCloseTo(0.7299962, 6);
    expect(nucleonNucleonCmBetaGamma(3000)).toBeCloseTo(1.2643905, 6);
    expect(nucleonNucleonCmBetaGamma(0)).toBe(0);
  });

  it('at rest: every X has E* = (m_η² + m_X²)/(2m_η) (356.068 MeV at 300 MeV), yield = η/POT × BR', () => {
    const src = prepareEtaSource(1e-3, { kind: 'atRest' }, 'test');
    const s = mesonMediatorSpectrum(src, 300);
    expect(s.channel).toBe('etaDecay');
    expect(meanEnergy(s)).toBeCloseTo(356.0684725752, 6);
    expect(totalYieldPerPot(s)).toBeCloseTo(1e-3 * 0.27018633277, 12);
    for (let i = 0; i < s.yieldPerPot.length; i++) if (s.yieldPerPot[i]! > 0) expect(Math.abs(s.energyMeV[i]! - 356.0685)).toBeLessThan(2);
  });

  it('in flight: energy and momentum conservation of the boosted two-body decay (independent Monte Carlo)', () => {
    const bg = nucleonNucleonCmBetaGamma(1000);
    const g = Math.sqrt(1 + bg * bg);
    const M = 547.862;
    const m = 300;
    const src = prepareEtaSource(1, { kind: 'nnThreshold', beamKineticMeV: 1000 }, 'test');
    const s = mesonMediatorSpectrum(src, m);
    // Independent: decay at rest along random directions, boost X and γ along z; check E, p conservation and m_X.
    let sumE = 0;
    const N = 4000;
    let maxE = 0;
    let minE = Infinity;
    let dE = 0;
    let dP = 0;
    let dM = 0;
    for (let k = 0; k < N; k++) {
      const c = -1 + (2 * (k + 0.5)) / N; // cos θ*, stratified
      const pStar = (M * M - m * m) / (2 * M);
      const eX = Math.sqrt(pStar * pStar + m * m);
      const eG = pStar;
      const EX = g * eX + bg * pStar * c;
      const pzX = bg * eX + g * pStar * c;
      const EG = g * eG - bg * pStar * c;
      const pzG = bg * eG - g * pStar * c;
      const pT = pStar * Math.sqrt(1 - c * c);
      dE = Math.max(dE, Math.abs(EX + EG - g * M)); // energy conservation
      dP = Math.max(dP, Math.abs(pzX + pzG - bg * M)); // longitudinal momentum (transverse parts cancel by construction)
      dM = Math.max(dM, Math.abs(EX * EX - pzX * pzX - pT * pT - m * m) / (m * m)); // X stays on shell
      sumE += EX;
      maxE = Math.max(maxE, EX);
      minE = Math.min(minE, EX);
    }
    expect(dE).toBeLessThan(1e-9);
    expect(dP).toBeLessThan(1e-9);
    expect(dM).toBeLessThan(1e-12);
    expect(meanEnergy(s)).toBeCloseTo(sumE / N, 6);
    expect(totalYieldPerPot(s)).toBeCloseTo(0.27018633277, 10);
    // support: nothing deposited outside the box [γE* − βγp*, γE* + βγp*] beyond one grid spacing
    let spacing = 0;
    for (let i = 1; i < s.energyMeV.length; i++) spacing = Math.max(spacing, s.energyMeV[i]! - s.energyMeV[i - 1]!);
    for (let i = 0; i < s.yieldPerPot.length; i++) {
      if (s.yieldPerPot[i]! > 0) {
        expect(s.energyMeV[i]!).toBeGreaterThan(minE - spacing);
        expect(s.energyMeV[i]!).toBeLessThan(maxE + spacing);
      }
    }
  });

  it('pi0Velocity model: each η takes one π⁰ velocity; mean E_X = ⟨γ⟩E* exactly', () => {
    const pi0 = preparePi0Sample(syntheticPi0(400));
    const src = prepareEtaSource(2e-3, { kind: 'pi0Velocity', pi0 }, 'test');
    let meanGamma = 0;
    for (let i = 0; i < pi0.gamma.length; i++) meanGamma += pi0.gamma[i]! / pi0.gamma.length;
    const s = mesonMediatorSpectrum(src, 200);
    const eStar = (547.862 ** 2 + 200 ** 2) / (2 * 547.862);
    expect(meanEnergy(s)).toBeCloseTo(meanGamma * eStar, 6);
    expect(totalYieldPerPot(s)).toBeCloseTo(2e-3 * 2 * (1 - (200 / 547.862) ** 2) ** 3 * 0.3936, 12);
  });

  it('a mediator with other couplings scales the BR by its charge factor, keeping the shape', () => {
    const src = prepareEtaSource(1e-3, { kind: 'atRest' }, 'test');
    const a = mesonMediatorSpectrum(src, 250);
    const b = mesonMediatorSpectrum({ ...src, couplingFactor: 0.25 }, 250);
    expect(totalYieldPerPot(b)).toBeCloseTo(0.25 * totalYieldPerPot(a), 15);
    expect(meanEnergy(b)).toBeCloseTo(meanEnergy(a), 9);
  });
});

describe('η channel above threshold and bad input', () => {
  it('above m_η the spectrum is finite and empty (zero yield, no NaN)', () => {
    const src = prepareEtaSource(1e-3, { kind: 'nnThreshold', beamKineticMeV: 1000 }, 'test');
    for (const m of [547.862, 560, 900]) {
      const s = mesonMediatorSpectrum(src, m);
      expect(totalYieldPerPot(s)).toBe(0);
      for (const v of s.energyMeV) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('rejects a negative or non-finite yield', () => {
    expect(() => prepareEtaSource(-1, { kind: 'atRest' }, 'x')).toThrow(/η per POT/);
    expect(() => prepareEtaSource(Number.NaN, { kind: 'atRest' }, 'x')).toThrow(/η per POT/);
  });

  it('beam sources: the η channel exists only when a yield is given; its yield is the stated η/POT × BR', () => {
    const pi0 = syntheticPi0(50);
    const px = new Float64Array(50);
    const beam = {
      pi0: { count: 50, energyMeV: pi0.energyMeV, pxMeV: px, pyMeV: px, pzMeV: pi0.momentumMeV, file: 'synthetic' },
      brem: { x: Float64Array.of(10, 20), y: Float64Array.of(1, 1), file: 'synthetic' },
    } as unknown as Parameters<typeof dmSourcesFromBeam>[0];
    const without = dmSourcesFromBeam(beam, { beam: 'sns' });
    expect(without.eta).toBeUndefined();
    expect(mediatorSpectrumFor(without, 'etaDecay', 300)).toBeNull();
    const withEta = dmSourcesFromBeam(beam, { beam: 'sns', eta: { perPot: 4e-4, kinematics: 'nnThreshold', source: 'test' } });
    expect(withEta.eta!.betaGamma[0]).toBeCloseTo(0.7299962, 6);
    expect(totalYieldPerPot(mediatorSpectrumFor(withEta, 'etaDecay', 300)!)).toBeCloseTo(4e-4 * 0.27018633277, 12);
  });
});
