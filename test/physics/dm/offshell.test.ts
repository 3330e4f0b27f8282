import { beforeEach, describe, expect, it } from 'vitest';
import {
  BR_PI0_TO_GAMMA_GAMMA,
  mesonMediatorSpectrum,
  mesonOffShellSpectrum,
  offShellMassNodes,
  pi0ToGammaXBranchingPerEps2,
  prepareEtaSource,
  preparePi0Sample,
  totalYieldPerPot,
  type MediatorLineshape,
} from '../../../src/physics/dm/production.js';
import { sliceChiSpectrum, totalChiPerPot } from '../../../src/physics/dm/chiflux.js';
import { widthToChiMeV } from '../../../src/physics/dm/model.js';
import { MASS_ETA_MEV, MASS_PI0_MEV } from '../../../src/physics/constants.js';
import { syntheticPi0 } from './fixtures.js';

/**
 * M → γX* → γχχ̄ with a Breit–Wigner mediator (docs/physics.md §2.8). Expected values are limit cases (narrow width,
 * far off shell) with closed forms worked out by hand, conservation laws, and an independent Monte Carlo of the decay
 * chain.
 */

type BW = Extract<MediatorLineshape, { kind: 'breitWigner' }>;
function bw(mediatorMeV: number, chiMeV: number, alphaD: number): BW {
  const w = (m: number): number => widthToChiMeV(m, chiMeV, alphaD, 'complexScalar');
  return { kind: 'breitWigner', chiMassMeV: chiMeV, totalWidthMeV: w(mediatorMeV), chiWidthMeV: w };
}
const total = (q: { branchingPerEps2: Float64Array }): number => q.branchingPerEps2.reduce((a, b) => a + b, 0);

describe('off-shell branching ratio', () => {
  it('narrow-width limit: a tiny α_D gives back the on-shell 2(1 − x²)³ BR(π⁰→γγ) (Γ_X = Γ_χ, so Γ_χ/Γ_X = 1)', () => {
    for (const mX of [10, 60, 120]) {
      const q = offShellMassNodes('pi0', mX, bw(mX, mX / 3, 1e-6), 64);
      // off-peak contributions are O(Γ/m) = O(α_D) here
      expect(Math.abs(total(q) / pi0ToGammaXBranchingPerEps2(mX) - 1)).toBeLessThan(1e-4);
    }
  });

  it('far off shell (m_X = 100 m_π⁰, m_χ → 0): BR = 2 BR_γγ α_D m_π⁰⁴ / (240 π m_X⁴), from ∫ s(1 − s/M²)³ ds = M⁴/20', () => {
    const M = MASS_PI0_MEV;
    const mX = 100 * M;
    const alphaD = 0.5;
    const q = offShellMassNodes('pi0', mX, bw(mX, 1e-6, alphaD), 32);
    // (s − m_X²)² + m_X²Γ_X² ≈ m_X⁴(1 + Γ_X²/m_X²), Γ_X/m_X = α_D/12 for a light complex scalar
    const closed = (2 * BR_PI0_TO_GAMMA_GAMMA * alphaD * M ** 4) / (240 * Math.PI * mX ** 4) / (1 + (alphaD / 12) ** 2);
    // next order: (1 − s/m_X²)⁻² ≈ 1 + 2s/m_X², a 2·(M/m_X)²·(⟨s⟩/M²) ≈ 7e-5 relative correction
    expect(total(q) / closed - 1).toBeGreaterThan(0);
    expect(total(q) / closed - 1).toBeLessThan(2e-4);
  });

  it('is continuous across m_X = m_π⁰ (the on-shell formula drops to 0 there) and closes only when 2m_χ ≥ m_π⁰', () => {
    const M = MASS_PI0_MEV;
    const at = (mX: number): number => total(offShellMassNodes('pi0', mX, bw(mX, 40, 0.5)));
    const jump = (d: number): number => Math.abs(at(M + d) / at(M - d) - 1);
    expect(pi0ToGammaXBranchingPerEps2(M + 0.05)).toBe(0);
    expect(at(M + 0.05)).toBeGreaterThan(0);
    // no step: the change across m_π⁰ shrinks in proportion to the step (a jump would stay)
    expect(jump(0.05)).toBeLessThan(0.02);
    expect(jump(0.005) / jump(0.05)).toBeGreaterThan(0.05);
    expect(jump(0.005) / jump(0.05)).toBeLessThan(0.15);
    expect(offShellMassNodes('pi0', 300, bw(300, M / 2, 0.5)).massMeV.length).toBe(0);
    expect(offShellMassNodes('pi0', 300, bw(300, M / 2 - 1, 0.5)).massMeV.length).toBeGreaterThan(0);
  });

  it('every node lies inside 2m_χ < √s < m_M and carries a positive weight', () => {
    const q = offShellMassNodes('eta', 600, bw(600, 200, 0.5));
    for (let j = 0; j < q.massMeV.length; j++) {
      expect(q.massMeV[j]!).toBeGreaterThan(400);
      expect(q.massMeV[j]!).toBeLessThan(MASS_ETA_MEV);
      expect(q.branchingPerEps2[j]!).toBeGreaterThan(0);
    }
  });

  it('rejects a zero or non-finite width', () => {
    expect(() => offShellMassNodes('pi0', 100, { ...bw(100, 30, 0.5), totalWidthMeV: 0 })).toThrow(/Γ_X/);
  });
});

describe('off-shell X* spectrum and χ slices', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let pi0: ReturnType<typeof preparePi0Sample>;
  beforeEach(() => {
    pi0 = preparePi0Sample(syntheticPi0(400));
  });

  it('conserves the number of X*: Σ yields = π⁰/POT × BR(π⁰ → γχχ̄), and every node has E ≥ its own mass', () => {
    const shape = bw(150, 40, 0.5);
    const s = mesonOffShellSpectrum(pi0, 150, shape);
    const br = total(offShellMassNodes('pi0', 150, shape));
    expect(totalYieldPerPot(s) / (pi0.pi0PerPot * br) - 1).toBeCloseTo(0, 12);
    for (let i = 0; i < s.energyMeV.length; i++) if (s.yieldPerPot[i]! > 0) expect(s.energyMeV[i]!).toBeGreaterThanOrEqual(s.nodeMassMeV![i]! * (1 - 1e-12));
  });

  it('near the pole (m_X well below m_π⁰, Γ/m ≈ 1.7 %) the mean X energy is the on-shell one to 1 %', () => {
    const mX = 60;
    const off = mesonOffShellSpectrum(pi0, mX, bw(mX, 20, 0.5));
    const on = mesonMediatorSpectrum(pi0, mX);
    const mean = (sp: { energyMeV: Float64Array; yieldPerPot: Float64Array }): number => {
      let n = 0;
      let e = 0;
      for (let i = 0; i < sp.yieldPerPot.length; i++) {
        n += sp.yieldPerPot[i]!;
        e += sp.yieldPerPot[i]! * sp.energyMeV[i]!;
      }
      return e / n;
    };
    expect(Math.abs(mean(off) / mean(on) - 1)).toBeLessThan(0.01);
  });

  it('χ energies from η at rest match a Monte Carlo of η → γX*(√s ~ dBR/ds) → γχχ̄ (isotropic, independent sampler)', () => {
    const mX = 700; // above m_η: a purely off-shell spectrum
    const mChi = 150;
    const shape = bw(mX, mChi, 0.5);
    const eta = prepareEtaSource(1e-3, { kind: 'atRest' }, 'test');
    const slices = sliceChiSpectrum(mesonOffShellSpectrum(eta, mX, shape), mChi, 48);
    // χ count: two per X*
    expect(totalChiPerPot(slices) / (2 * 1e-3 * total(offShellMassNodes('eta', mX, shape))) - 1).toBeCloseTo(0, 10);
    // Monte Carlo: s by rejection from the unnormalised density (1 − s/M²)³ √s Γ_χ(√s)/((s − m²)² + m²Γ²)
    const M = MASS_ETA_MEV;
    const dens = (s: number): number => ((1 - s / (M * M)) ** 3 * Math.sqrt(s) * shape.chiWidthMeV(Math.sqrt(s))) / ((s - mX * mX) ** 2 + mX * mX * shape.totalWidthMeV ** 2);
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const sLo = 4 * mChi * mChi;
    let dMax = 0;
    for (let k = 0; k <= 2000; k++) dMax = Math.max(dMax, dens(sLo + ((M * M - sLo) * k) / 2000));
    const edges = slices.edgesMeV;
    const counts = new Float64Array(slices.chiPerPot.length);
    let n = 0;
    while (n < 200000) {
      const s = sLo + (M * M - sLo) * rnd();
      if (rnd() * dMax * 1.05 > dens(s)) continue;
      const eX = (M * M + s) / (2 * M);
      const pX = (M * M - s) / (2 * M);
      const g = eX / Math.sqrt(s);
      const bg = pX / Math.sqrt(s);
      const pStar = Math.sqrt(s / 4 - mChi * mChi);
      const e = g * Math.sqrt(s) / 2 + bg * pStar * (2 * rnd() - 1);
      let b = 0;
      while (b < counts.length - 1 && e >= edges[b + 1]!) b++;
      counts[b] += 1;
      n++;
    }
    // Compare the cumulative χ energy distributions at the slice edges (what the recoil integral sees). The 32
    // invariant-mass nodes turn the continuum into a sum of 32 boxes: slice by slice that is a ±20 % staircase for an
    // η at rest (no boost spread), but the cumulative distribution agrees to the MC precision (≈ 0.002) plus ≈ 1/(2·32).
    const tot = totalChiPerPot(slices);
    let cdfCode = 0;
    let cdfMc = 0;
    let worst = 0;
    for (let b = 0; b < counts.length; b++) {
      cdfCode += slices.chiPerPot[b]! / tot;
      cdfMc += counts[b]! / n;
      worst = Math.max(worst, Math.abs(cdfCode - cdfMc));
    }
    expect(worst).toBeLessThan(0.02);
  });
});
