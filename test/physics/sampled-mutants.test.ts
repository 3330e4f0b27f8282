/**
 * Tests for mutants of the top-level src/physics files found by the sampled mutation run (docs/testing.md "Scores per
 * folder"): closed forms of small cases and continuity at the edges of the domain.
 */
import { describe, expect, it } from 'vitest';
import { exposureKgDay, FERMI_CONSTANT_PER_MEV2, gwhFromProtonsOnTarget, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV, protonsOnTargetFromCurrent, protonsOnTargetFromGWh } from '../../src/physics/constants.js';
import { compoundTarget, NUCLEI } from '../../src/physics/targets.js';
import { nuElectronDifferentialCrossSection, nuElectronRecoilSpectrumSlow } from '../../src/physics/electron.js';
import { lineSpectrum, tabulatedSpectrum } from '../../src/physics/flux.js';
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

// ---- Full Stryker run of the top-level src/physics files (docs/testing.md "Full run: src/physics top-level files") ----

describe('beam exposure conversions', () => {
  it('7.48 GW·h at 0.955 GeV is 1.7599e23 POT (COHERENT CsI-2017: 7.48 GW·h, 1.76e23 POT) and back', () => {
    // 7.48e9 W × 3600 s = 2.6928e13 J; 955 MeV × 1.602176634e-13 J/MeV = 1.530079e-10 J per proton
    expect(protonsOnTargetFromGWh(7.48, 0.955) / 1.759909490650046e23).toBeCloseTo(1, 12);
    expect(protonsOnTargetFromGWh(7.48, 0.955) / 1.76e23).toBeCloseTo(1, 3);
    expect(gwhFromProtonsOnTarget(1.759909490650046e23, 0.955)).toBeCloseTo(7.48, 10);
    // 1 GW·h at 1 GeV: 3.6e12 J / 1.602176634e-10 J
    expect(gwhFromProtonsOnTarget(3.6e12 / 1.602176634e-10, 1)).toBeCloseTo(1, 12);
  });
  it('1.4 mA of protons for one day is 120.96 C = 7.5497e20 protons', () => {
    expect(protonsOnTargetFromCurrent(1400, 86400) / 7.549729376467739e20).toBeCloseTo(1, 12);
  });
});

describe('compound targets', () => {
  it('CsI: molar mass 132.905451961 + 126.904471 g/mol, 108 electrons per formula unit', () => {
    const t = compoundTarget('CsI', [{ isotopes: [NUCLEI.Cs133], atoms: 1 }, { isotopes: [NUCLEI.I127], atoms: 1 }], 'test');
    expect(t.molarMassGPerMol).toBeCloseTo(259.809922961, 9);
    const units = (1000 / 259.809922961) * 6.02214076e23;
    expect(t.electronsPerKg / (108 * units)).toBeCloseTo(1, 12);
    expect(t.nuclei.map((n) => n.nucleus.name)).toEqual(['Cs133', 'I127']);
    for (const n of t.nuclei) expect(n.nucleiPerKg / units).toBeCloseTo(1, 12);
    expect(t.name).toBe('CsI');
    expect(t.source).toBe('test');
  });
  it('abundances are renormalised within an element: ⁴⁰Ar alone (abundance 0.996) is pure ⁴⁰Ar', () => {
    const t = compoundTarget('Ar40', [{ isotopes: [NUCLEI.Ar40], atoms: 2 }], 'test');
    expect(t.molarMassGPerMol).toBeCloseTo(2 * 39.9623831237, 9);
    const units = (1000 / (2 * 39.9623831237)) * 6.02214076e23;
    expect(t.nuclei[0]!.nucleiPerKg / (2 * units)).toBeCloseTo(1, 12);
    expect(t.electronsPerKg / (36 * units)).toBeCloseTo(1, 12);
  });
  it('natural argon has the IUPAC standard atomic weight 39.948 and 18 electrons per atom', () => {
    const t = compoundTarget('LAr', [{ isotopes: [NUCLEI.Ar36, NUCLEI.Ar38, NUCLEI.Ar40], atoms: 1 }], 'test');
    expect(t.molarMassGPerMol).toBeCloseTo(39.948, 3);
    const atoms = t.nuclei.reduce((s, n) => s + n.nucleiPerKg, 0);
    expect(atoms / ((1000 / t.molarMassGPerMol) * 6.02214076e23)).toBeCloseTo(1, 12);
    expect(t.nuclei[2]!.nucleiPerKg / atoms).toBeCloseTo(0.996035, 12);
    expect(t.electronsPerKg / atoms).toBeCloseTo(18, 12);
  });
  it('an element with zero atom count or zero abundance is refused, naming the target', () => {
    expect(() => compoundTarget('bad', [{ isotopes: [NUCLEI.C12], atoms: 0 }], 'test')).toThrow(/^target bad: element with zero abundance or atom count$/);
    const zero = { ...NUCLEI.C12, naturalAbundance: 0 };
    expect(() => compoundTarget('bad2', [{ isotopes: [zero], atoms: 1 }], 'test')).toThrow(/^target bad2: element with zero abundance/);
  });
});

describe('ν–e scattering: antineutrino couplings and the kinematic endpoint', () => {
  const s2 = 0.23857;
  // E ≫ m_e: σ_tot = (2G_F² m_e E/π)(g_L² + g_R²/3) (ħc)²
  const sigmaTot = (E: number, f: 'nue' | 'nuebar' | 'numu' | 'numubar' | 'nutau' | 'nutaubar'): number => {
    const Tmax = (2 * E * E) / (MASS_ELECTRON_MEV + 2 * E);
    let s = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) s += nuElectronDifferentialCrossSection(E, ((i + 0.5) / n) * Tmax, f) * (Tmax / n);
    return s;
  };
  it('ν̄_e: g_L = s², g_R = ½ + s² (the CC part enters g_R); ν̄_μ, ν̄_τ: g_L = s², g_R = −½ + s²', () => {
    const E = 5000;
    const pref = ((2 * FERMI_CONSTANT_PER_MEV2 ** 2 * MASS_ELECTRON_MEV * E) / Math.PI) * HBARC2_MEV2_CM2;
    expect(sigmaTot(E, 'nuebar') / (pref * (s2 * s2 + (0.5 + s2) ** 2 / 3))).toBeCloseTo(1, 3);
    expect(sigmaTot(E, 'nutaubar') / (pref * (s2 * s2 + (-0.5 + s2) ** 2 / 3))).toBeCloseTo(1, 3);
    expect(sigmaTot(E, 'nutau') / (pref * ((-0.5 + s2) ** 2 + (s2 * s2) / 3))).toBeCloseTo(1, 3);
  });
  it('dσ/dT vanishes above T_max = 2E²/(m_e + 2E) and not at T_max', () => {
    for (const E of [5, 30]) {
      const Tmax = (2 * E * E) / (MASS_ELECTRON_MEV + 2 * E);
      expect(nuElectronDifferentialCrossSection(E, Tmax, 'nue')).toBeGreaterThan(0);
      expect(nuElectronDifferentialCrossSection(E, Tmax * (1 + 1e-9), 'nue')).toBe(0);
      expect(nuElectronDifferentialCrossSection(E, 1.5 * Tmax, 'numu')).toBe(0);
    }
  });
  it('a line exactly at the threshold energy of T counts (T = T_max(E) is inside the recoil range)', () => {
    // T_max(30 MeV) = 1800/(m_e + 60); its threshold energy E_min(T) is 30 MeV again (to the last bit)
    const E = 30;
    const T = (2 * E * E) / (MASS_ELECTRON_MEV + 2 * E);
    const gL = 0.5 + s2;
    const y = 1 - T / E;
    const v = gL * gL + s2 * s2 * y * y - (gL * s2 * MASS_ELECTRON_MEV * T) / (E * E);
    const expected = 1e30 * 2 * 0.5 * ((2 * FERMI_CONSTANT_PER_MEV2 ** 2 * MASS_ELECTRON_MEV) / Math.PI) * v * HBARC2_MEV2_CM2;
    expect(nuElectronRecoilSpectrumSlow(T, 1e30, lineSpectrum('nue', E, 0.5), 2) / expected).toBeCloseTo(1, 10);
  });
});
