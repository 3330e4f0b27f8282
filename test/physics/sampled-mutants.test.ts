/**
 * Tests for mutants of the top-level src/physics files found by the sampled mutation run (docs/testing.md "Scores per
 * folder"): closed forms of small cases and continuity at the edges of the domain.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { exposureKgDay, FERMI_CONSTANT_PER_MEV2, gwhFromProtonsOnTarget, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV, protonsOnTargetFromCurrent, protonsOnTargetFromGWh } from '../../src/physics/constants.js';
import { compoundTarget, NUCLEI } from '../../src/physics/targets.js';
import { nuElectronDifferentialCrossSection, nuElectronRecoilSpectrumSlow } from '../../src/physics/electron.js';
import { lineSpectrum, michelNuE, michelNuMuBar, piDarFluxComponents, polynomialSpectrum, tabulatedSpectrum } from '../../src/physics/flux.js';
import { compositeGaussLegendre, expTimesNormalCdf, gaussLegendre, integrate } from '../../src/physics/numerics.js';
import { delayedNeutrinoTiming, doubleBunchPulse, fitPulseToBinFractions, gaussianPulse, promptNeutrinoTiming, pulseTiming, tabulatedBinTiming, tabulatedDensityTiming, windowNormalisedFractions } from '../../src/physics/timing.js';

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
  // triangle on [10, 30] MeV with its apex at 20: area 10 before normalisation (built per test: per-test coverage)
  let s: ReturnType<typeof tabulatedSpectrum>;
  beforeEach(() => {
    s = tabulatedSpectrum('nue', [10, 20, 30], [0, 1, 0], 'triangle');
  });
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
    // the reported misfit is that of the returned pulse: Σ (model − target)² and the largest |model − target|
    const q = gaussianPulse(fit.meanUs, fit.sigmaUs);
    const mp = windowNormalisedFractions(promptNeutrinoTiming(q).cdf, edges);
    const md = windowNormalisedFractions(delayedNeutrinoTiming(q).cdf, edges);
    const tp = windowNormalisedFractions(promptNeutrinoTiming(p).cdf, edges);
    const tdl = windowNormalisedFractions(delayedNeutrinoTiming(p).cdf, edges);
    let ss = 0;
    let mx = 0;
    for (let i = 0; i < 24; i++) {
      ss += (mp[i]! - tp[i]!) ** 2 + (md[i]! - tdl[i]!) ** 2;
      mx = Math.max(mx, Math.abs(mp[i]! - tp[i]!), Math.abs(md[i]! - tdl[i]!));
    }
    expect(ss).toBeGreaterThan(1e-6);
    expect(fit.sumSquares / ss).toBeCloseTo(1, 10);
    expect(fit.maxAbsDiff / mx).toBeCloseTo(1, 10);
  });
  it('a pulse earlier than the box ends with μ on its lower bound 0.3 µs; one narrower than the box with σ on 0.02 µs', () => {
    const edges = Array.from({ length: 25 }, (_, i) => 0.5 * i);
    const fitOf = (p: ReturnType<typeof gaussianPulse>) => fitPulseToBinFractions(edges, windowNormalisedFractions(promptNeutrinoTiming(p).cdf, edges), windowNormalisedFractions(delayedNeutrinoTiming(p).cdf, edges));
    const early = fitOf(gaussianPulse(0.1, 0.1));
    expect(early.meanUs).toBe(0.3);
    expect(early.atBound).toEqual(['meanUs']);
    expect(early.converged).toBe(false);
    const narrow = fitOf(gaussianPulse(0.7, 0.005));
    expect(narrow.sigmaUs).toBe(0.02);
    expect(narrow.atBound).toEqual(['sigmaUs']);
    expect(narrow.converged).toBe(false);
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

describe('input checks of spectra, quadrature and timing (each names what was expected)', () => {
  it('lineSpectrum needs energy > 0 and weight ≥ 0; a zero weight is allowed', () => {
    expect(() => lineSpectrum('nue', 0)).toThrow(/^lineSpectrum: need energy > 0 and weight ≥ 0 \(got 0, 1\)$/);
    expect(() => lineSpectrum('nue', 30, -1)).toThrow(/need energy > 0 and weight ≥ 0 \(got 30, -1\)/);
    expect(() => lineSpectrum('nue', Number.NaN)).toThrow(/need energy > 0/);
    expect(lineSpectrum('nue', 30, 0).lines[0]!.weight).toBe(0);
  });
  it('polynomialSpectrum refuses y^0 and y^1 terms (the 1/E² moment diverges)', () => {
    expect(() => polynomialSpectrum('nue', 50, [1, 0, 3], 'p')).toThrow(/^polynomialSpectrum: coefficients of y\^0 and y\^1 must vanish \(1\/E² moment diverges\)$/);
    expect(() => polynomialSpectrum('nue', 50, [0, 2, 3], 'p')).toThrow(/coefficients of y\^0 and y\^1 must vanish/);
    expect(() => polynomialSpectrum('nue', 50, [0, 0, 3], 'p')).not.toThrow();
  });
  it('tabulatedSpectrum refuses a single sample, negative or NaN values, non-finite energies and an all-zero table', () => {
    expect(() => tabulatedSpectrum('nue', [10], [1], 'one')).toThrow(/^tabulatedSpectrum\(one\): need ≥ 2 samples with matching lengths$/);
    expect(() => tabulatedSpectrum('nue', [10, 20], [1, -1], 'neg')).toThrow(/^tabulatedSpectrum\(neg\): bad sample 1$/);
    expect(() => tabulatedSpectrum('nue', [10, 20], [Number.NaN, 1], 'nan')).toThrow(/bad sample 0/);
    expect(() => tabulatedSpectrum('nue', [10, Infinity], [1, 1], 'inf')).toThrow(/bad sample 1/);
    expect(() => tabulatedSpectrum('nue', [10, 20], [0, 0], 'zero')).toThrow(/^tabulatedSpectrum\(zero\): integrates to 0$/);
  });
  it('gaussLegendre needs an integer n in [1, 512]; composite rules need increasing breakpoints', () => {
    for (const n of [0, 513, 2.5]) expect(() => gaussLegendre(n)).toThrow(new RegExp(`^gaussLegendre: n must be an integer in \\[1, 512\\], got ${n}$`));
    expect(gaussLegendre(512).nodes.length).toBe(512);
    expect(() => compositeGaussLegendre([0, 1, 1], 4)).toThrow(/^compositeGaussLegendre: breakpoints must increase \(panel 1: 1 → 1\)$/);
  });
  it('beam pulses need σ > 0 (and a finite mean); bunch weights must match the offsets and have a positive sum', () => {
    expect(() => gaussianPulse(0.7, 0)).toThrow(/^gaussianPulse: need finite mean and σ > 0 \(got 0.7, 0\)$/);
    expect(() => gaussianPulse(Number.NaN, 0.1)).toThrow(/need finite mean and σ > 0/);
    expect(() => doubleBunchPulse(0.7, -0.1)).toThrow(/^doubleBunchPulse: σ must be > 0 \(got -0.1\)$/);
    expect(() => doubleBunchPulse(0.7, 0)).toThrow(/σ must be > 0 \(got 0\)/);
    const bad1 = { meanUs: 1, sigmaUs: 0.1, bunchOffsetsUs: [0, 0.5], bunchWeights: [1] };
    const bad2 = { meanUs: 1, sigmaUs: 0.1, bunchOffsetsUs: [0], bunchWeights: [0] };
    for (const p of [bad1, bad2]) {
      expect(() => promptNeutrinoTiming(p)).toThrow(/^BeamPulse: bunchWeights and bunchOffsetsUs must have equal length and positive sum$/);
      expect(() => delayedNeutrinoTiming(p)).toThrow(/BeamPulse/);
      expect(() => pulseTiming(p)).toThrow(/BeamPulse/);
    }
  });
  it('tabulated timings refuse wrong lengths, negative entries and empty tables', () => {
    expect(() => tabulatedBinTiming([0, 1], [0.5, 0.5])).toThrow(/^tabulatedBinTiming: 2 edges for 2 probabilities \(need n \+ 1\)$/);
    expect(() => tabulatedBinTiming([0, 1, 2], [0.5, -0.1])).toThrow(/^tabulatedBinTiming: probability 1 is -0.1 \(must be ≥ 0\)$/);
    expect(() => tabulatedBinTiming([0, 1, 2], [0, 0])).toThrow(/^tabulatedBinTiming: probabilities sum to 0$/);
    expect(() => tabulatedDensityTiming([0], [1])).toThrow(/^tabulatedDensityTiming: need ≥ 2 samples with matching lengths$/);
    expect(() => tabulatedDensityTiming([0, 1], [1, 1, 1])).toThrow(/need ≥ 2 samples/);
    expect(() => tabulatedDensityTiming([0, 1, 1], [1, 1, 1])).toThrow(/^tabulatedDensityTiming: times must increase at sample 2$/);
    expect(() => tabulatedDensityTiming([0, 1, 2], [1, -1, 1])).toThrow(/^tabulatedDensityTiming: negative density at sample 1$/);
    expect(() => tabulatedDensityTiming([0, 1, 2], [0, 0, 0])).toThrow(/^tabulatedDensityTiming: density integrates to 0$/);
  });
});

describe('numerics, spectra and timing tables: closed forms at the edges', () => {
  it('exp(a)·Φ(z) far in the tail: e^{z²/2}Φ(z) = (1 − 1/z² + 3/z⁴ − 15/z⁶)/(√(2π)|z|) (Mills ratio), and → e^a for z ≫ 0', () => {
    const z = -40;
    const mills = (1 - 1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6) / (Math.sqrt(2 * Math.PI) * 40);
    expect(expTimesNormalCdf(800, z) / mills).toBeCloseTo(1, 9);
    expect(expTimesNormalCdf(0, 40)).toBe(1);
    expect(expTimesNormalCdf(2, 0) / (0.5 * Math.exp(2))).toBeCloseTo(1, 14);
  });
  it('∫_a^b over an empty or reversed range is 0', () => {
    expect(integrate(() => 1, 2, 1)).toBe(0);
    expect(integrate(() => 1, 1, 1)).toBe(0);
  });
  it('a line: density 0, moments include a threshold equal to the line energy', () => {
    const l = lineSpectrum('numu', 30, 2);
    expect(l.density(30)).toBe(0);
    const out = new Float64Array(3);
    l.moments(30, out);
    expect([...out]).toEqual([2, 2 / 30, 2 / 900]);
  });
  it('Michel spectra: zero below 0 and above E_max, ν̄_μ density 2/E_max at the endpoint, moments below threshold 0', () => {
    const nue = michelNuE();
    const nmb = michelNuMuBar();
    const Emax = 105.6583755 / 2;
    expect(nue.density(-1)).toBe(0);
    expect(nmb.density(-1)).toBe(0);
    expect(nmb.density(Emax) * Emax).toBeCloseTo(2, 13);
    // I_k(E_min ≤ 0) = E_max^{−k} Σ_j c_j/(j − k + 1): ν_e 12y²(1−y) → 1, 2/E_max, 6/E_max²
    const out = new Float64Array(3);
    nue.moments(-5, out);
    expect(out[0]).toBeCloseTo(1, 14);
    expect(out[1]! * Emax).toBeCloseTo(2, 13);
    expect(out[2]! * Emax * Emax).toBeCloseTo(6, 12);
  });
  it('π-DAR components: one prompt ν_μ line and two delayed Michel spectra', () => {
    const c = piDarFluxComponents({ name: 's', protonEnergyGeV: 1, protonsOnTarget: 1e23, nuPerFlavorPerPot: 0.08, distanceM: 20, citations: { protonEnergyGeV: '', protonsOnTarget: '', nuPerFlavorPerPot: '', distanceM: '' } });
    expect(c.map((x) => [x.name, x.timing])).toEqual([['prompt-numu', 'prompt'], ['delayed-nue', 'delayed'], ['delayed-numubar', 'delayed']]);
    // r N_POT/(4π L²) with L = 2000 cm
    for (const x of c) expect(x.fluencePerCm2 / ((0.08 * 1e23) / (4 * Math.PI * 2000 ** 2))).toBeCloseTo(1, 13);
  });
  it('tabulated bin timing: uniform within bins [e_i, e_{i+1}), zero outside, CDF 0 and 1 at the ends', () => {
    const tb = tabulatedBinTiming([0, 1, 3], [1, 3]); // renormalised: 0.25 on [0,1), 0.75 on [1,3)
    expect(tb.pdf(0)).toBeCloseTo(0.25, 14);
    expect(tb.pdf(1)).toBeCloseTo(0.375, 14);
    expect(tb.pdf(3)).toBe(0);
    expect(tb.pdf(-0.1)).toBe(0);
    expect(tb.cdf(0)).toBe(0);
    expect(tb.cdf(3)).toBe(1);
    expect(tb.cdf(0.5)).toBeCloseTo(0.125, 14);
    expect(tb.cdf(2)).toBeCloseTo(0.625, 14);
  });
  it('tabulated density timing: triangle (0,0)–(1,2)–(2,0): CDF quadratic, density linear, zero outside', () => {
    const td = tabulatedDensityTiming([0, 1, 2], [0, 2, 0]);
    expect(td.cdf(0.5)).toBeCloseTo(0.125, 14);
    expect(td.cdf(1.5)).toBeCloseTo(0.875, 14);
    expect(td.cdf(0)).toBe(0);
    expect(td.cdf(2)).toBe(1);
    expect(td.pdf(0.5)).toBeCloseTo(0.5, 14);
    expect(td.pdf(1)).toBeCloseTo(1, 14);
    expect(td.pdf(2)).toBe(0);
    expect(td.pdf(-0.5)).toBe(0);
    const flat = tabulatedDensityTiming([0, 1, 2], [1, 1, 1]);
    expect(flat.pdf(2)).toBeCloseTo(0.5, 14); // the last sample belongs to the table
  });
});

describe('full run, second batch: quadrature nodes, bunch weights, non-uniform tables', () => {
  it('Gauss–Legendre: the middle node of an odd rule is exactly 0 (P_n is odd); the rule is cached', () => {
    for (const n of [13, 15, 101]) expect(gaussLegendre(n).nodes[(n - 1) / 2]).toBe(0);
    expect(gaussLegendre(7)).toBe(gaussLegendre(7));
  });
  it('composite rule: increasing nodes, ∫_0^3 x^7 dx = 3^8/8 exactly with 4 nodes per panel on [0,1], [1,3]', () => {
    const r = compositeGaussLegendre([0, 1, 3], 4);
    expect(r.nodes.length).toBe(8);
    for (let i = 1; i < 8; i++) expect(r.nodes[i]!).toBeGreaterThan(r.nodes[i - 1]!);
    let s = 0;
    for (let i = 0; i < 8; i++) s += r.weights[i]! * r.nodes[i]! ** 7;
    expect(s / (3 ** 8 / 8)).toBeCloseTo(1, 13);
  });
  it('tabulated spectrum [10, 20] MeV, values 1 → 3 (area 20): density at both end samples, maxEnergy', () => {
    const t = tabulatedSpectrum('nue', [10, 20], [1, 3], 'ramp', 2);
    expect(t.maxEnergyMeV).toBe(20);
    expect(t.density(10)).toBeCloseTo(2 / 20, 14);
    expect(t.density(20)).toBeCloseTo(6 / 20, 14);
    expect(t.density(15)).toBeCloseTo(4 / 20, 14);
  });
  it('bunch weights are normalised: weights 1 and 3, bunches 1 µs apart, narrow: P(t < 0.5) = 1/4', () => {
    const p = { meanUs: 0, sigmaUs: 0.01, bunchOffsetsUs: [0, 1], bunchWeights: [1, 3] };
    expect(pulseTiming(p).cdf(0.5)).toBeCloseTo(0.25, 12);
    expect(pulseTiming(p).cdf(3)).toBeCloseTo(1, 12);
    expect(promptNeutrinoTiming(p).cdf(0.5)).toBeCloseTo(0.25, 8); // the τ_π tail past 0.5 µs is e^{−19}
  });
  it('the bare pulse CDF is Φ((t − μ)/σ): Φ(1) = 0.8413447460685429 one σ above the mean', () => {
    expect(pulseTiming(gaussianPulse(1, 0.1)).cdf(1.1)).toBeCloseTo(0.8413447460685429, 12);
  });
  it('double bunch: mean arrival = μ + 0.27 µs + τ_π (prompt), + τ_μ (delayed), from the pdf and from the CDF', () => {
    const pulse = doubleBunchPulse(0.07, 0.04, 0.54);
    const pr = promptNeutrinoTiming(pulse);
    const de = delayedNeutrinoTiming(pulse);
    const tauPi = 0.026033;
    const tauMu = 2.1969811;
    expect(integrate((t) => t * pr.pdf(t), -1, 3, 32, 40)).toBeCloseTo(0.07 + 0.27 + tauPi, 7);
    expect(integrate((t) => t * de.pdf(t), -1, 80, 32, 400)).toBeCloseTo(0.07 + 0.27 + tauPi + tauMu, 5);
    // E[T] = L + ∫_L^∞ (1 − F) dt
    expect(-1 + integrate((t) => 1 - de.cdf(t), -1, 80, 32, 400)).toBeCloseTo(0.07 + 0.27 + tauPi + tauMu, 5);
  });
  it('tabulated bin timing: CDF 0 below the table and 1 above it', () => {
    const tb = tabulatedBinTiming([0, 1, 3], [1, 3]);
    expect(tb.cdf(-1)).toBe(0);
    expect(tb.cdf(5)).toBe(1);
  });
  it('tabulated density timing on unequal spacing: (0,1)–(2,1)–(3,4), area 4.5', () => {
    const td = tabulatedDensityTiming([0, 2, 3], [1, 1, 4]);
    expect(td.cdf(1)).toBeCloseTo(1 / 4.5, 14);
    expect(td.cdf(2.5)).toBeCloseTo((2 + 0.5 + 0.5 * 3 * 0.25) / 4.5, 14);
    expect(td.pdf(2.5)).toBeCloseTo(2.5 / 4.5, 14);
    expect(td.pdf(0)).toBeCloseTo(1 / 4.5, 14);
    expect(td.cdf(-1)).toBe(0);
    expect(td.cdf(4)).toBe(1);
  });
  it('tabulated density timing with two samples (0,1)–(2,3), area 4: CDF and density at the midpoint', () => {
    const td = tabulatedDensityTiming([0, 2], [1, 3]);
    expect(td.cdf(1)).toBeCloseTo(1.5 / 4, 14); // ∫_0^1 (1 + t) dt / 4
    expect(td.pdf(1)).toBeCloseTo(2 / 4, 14);
  });
  it('the pulse fit refuses a prompt table of the wrong length on its own', () => {
    expect(() => fitPulseToBinFractions([0, 1, 2], [1], [0.5, 0.5])).toThrow(/^fitPulseToBinFractions: 2 bins but 1 prompt and 2 delayed fractions$/);
  });
});
