/**
 * Tests for mutants of the top-level src/physics files found by the sampled mutation run (docs/testing.md "Scores per
 * folder"): closed forms of small cases and continuity at the edges of the domain.
 */
import { describe, expect, it } from 'vitest';
import { exposureKgDay, protonsOnTargetFromCurrent } from '../../src/physics/constants.js';
import { nuElectronDifferentialCrossSection } from '../../src/physics/electron.js';
import { tabulatedSpectrum } from '../../src/physics/flux.js';
import { delayedNeutrinoTiming, doubleBunchPulse, fitPulseToBinFractions, gaussianPulse, promptNeutrinoTiming, pulseTiming, tabulatedBinTiming, windowNormalisedFractions } from '../../src/physics/timing.js';

describe('ν–e scattering', () => {
  it('dσ/dT is continuous at T = 0 (the lower end of the recoil range belongs to it)', () => {
    for (const flavor of ['nue', 'numu', 'numubar'] as const) {
      const at0 = nuElectronDifferentialCrossSection(30, 0, flavor);
      expect(at0).toBeGreaterThan(0);
      expect(at0 / nuElectronDifferentialCrossSection(30, 1e-9, flavor)).toBeCloseTo(1, 8);
    }
    expect(nuElectronDifferentialCrossSection(30, -1e-9, 'nue')).toBe(0);
  });
});

describe('exposure', () => {
  it('is mass times live time: 14.6 kg for 308.1 days = 4498.26 kg·day', () => {
    expect(exposureKgDay(14.6, 308.1)).toBeCloseTo(4498.26, 8);
  });
  it('protons on target from the beam current: 1 µA for 1 s is 1e-6 C / e = 6.2415e12 protons', () => {
    expect(protonsOnTargetFromCurrent(1, 1) / 6.241509074e12).toBeCloseTo(1, 9);
  });
});

describe('tabulated neutrino spectrum', () => {
  // triangle on [10, 30] MeV with its apex at 20: area 10 before normalisation
  const s = tabulatedSpectrum('nue', [10, 20, 30], [0, 1, 0], 'triangle');
  it('refuses mismatched lengths and energies that do not increase', () => {
    expect(() => tabulatedSpectrum('nue', [10, 20, 30], [0, 1], 'bad')).toThrow(/need ≥ 2 samples with matching lengths/);
    expect(() => tabulatedSpectrum('nue', [10, 20, 20], [0, 1, 0], 'bad')).toThrow(/energies must increase at sample 2/);
  });
  it('density: linear between samples, normalised to unit area, zero outside', () => {
    expect(s.density(15)).toBeCloseTo(0.05, 14);
    expect(s.density(20)).toBeCloseTo(0.1, 14);
    expect(s.density(27.5)).toBeCloseTo(0.025, 14);
    expect(s.density(9.99)).toBe(0);
    expect(s.density(30.01)).toBe(0);
  });
  it('moments ∫E^{-k} f dE above a threshold against the integrals of the triangle', () => {
    const out = new Float64Array(3);
    // whole range (threshold below the first sample)
    s.moments(5, out);
    const i1 = (0.1 - 0.1 * Math.log(2)) + (0.3 * Math.log(1.5) - 0.1); // ∫ f/E
    const i2 = 0.01 * (Math.log(2) - 0.5) + 0.01 * (0.5 - Math.log(1.5)); // ∫ f/E²: ∫(E−10)/(100E²) + ∫(30−E)/(100E²)
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(i1, 10);
    expect(out[2]).toBeCloseTo(i2, 10);
    // threshold inside the first segment: ∫_15^30 f dE = 1 − ½·5·0.05
    s.moments(15, out);
    expect(out[0]).toBeCloseTo(0.875, 12);
    s.moments(30, out);
    expect([...out]).toEqual([0, 0, 0]);
  });
});

describe('beam timing', () => {
  it('the bare pulse of two bunches is the equal mixture of two Gaussians', () => {
    const p = pulseTiming(doubleBunchPulse(1, 0.1, 0.54));
    const gauss = (t: number, m: number) => Math.exp(-0.5 * ((t - m) / 0.1) ** 2) / (0.1 * Math.sqrt(2 * Math.PI));
    for (const t of [0.8, 1, 1.27, 1.54, 2]) expect(p.pdf(t)).toBeCloseTo(0.5 * gauss(t, 1) + 0.5 * gauss(t, 1.54), 10);
    expect(p.cdf(1.27)).toBeCloseTo(0.5, 10); // symmetric about the midpoint
  });
  it('tabulated bin timing refuses edges that do not increase', () => {
    expect(() => tabulatedBinTiming([0, 1, 1, 2], [0.2, 0.3, 0.5])).toThrow(/edges must increase at 1/);
    expect(() => tabulatedBinTiming([0, 2, 1], [0.5, 0.5])).toThrow(/edges must increase at 1/);
  });
});

describe('pulse fit', () => {
  it('a pulse wider than the search box is reported with σ at its bound, not as converged', () => {
    const edges = Array.from({ length: 25 }, (_, i) => 0.5 * i);
    const p = gaussianPulse(0.7, 0.8);
    const fit = fitPulseToBinFractions(edges, windowNormalisedFractions(promptNeutrinoTiming(p).cdf, edges), windowNormalisedFractions(delayedNeutrinoTiming(p).cdf, edges));
    expect(fit.atBound).toContain('sigmaUs');
    expect(fit.converged).toBe(false);
  });
});
