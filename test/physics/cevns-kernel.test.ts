// CEvNS couplings, flavour-dependent NSI and the fast kernel's parameter handling, against closed forms, limit cases
// and the slow readable spectrum (src/physics/cevns.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { CevnsKernel, cevnsDifferentialCrossSection, cevnsRecoilSpectrumSlow, effectiveEpsilon, leptonFlavor, radiativeCouplings, treeLevelCouplings, weakChargeAtRecoil, type CevnsNewPhysics, type NuclearRadii, type NucleonCouplings } from '../../src/physics/cevns.js';
import { NUCLEI, TARGET_CSI } from '../../src/physics/targets.js';
import { piDarFluxComponents, type FluxComponent } from '../../src/physics/flux.js';
import { SNS_CSI2017_SOURCE } from '../../src/detectors/sources.js';

// G_F (PDG 2022, 1.1663788e-5 GeV⁻²) in MeV⁻², and (ħc)² in MeV²·cm² (CODATA ħc = 197.3269804 MeV·fm).
const G_F = 1.1663788e-11;
const HBARC2 = (197.3269804e-13) ** 2;

describe('radiative nucleon couplings at the precision of the quoted values', () => {
  it('g_V^p = 0.0304 and g_V^n = −0.5122 (docs/physics.md §4.5, Barranco et al. 2005; 4 decimals: ±5e-5)', () => {
    const r = radiativeCouplings();
    expect(Math.abs(r.gVp - 0.0304)).toBeLessThan(5e-5);
    expect(Math.abs(r.gVn - -0.5122)).toBeLessThan(5e-5);
  });
});

describe('flavour-diagonal NSI and the light mediator, flavour by flavour', () => {
  const nsi = { eeU: 0.11, eeD: 0.22, mumuU: 0.33, mumuD: 0.44 };
  it.each([
    ['nue', 0.11, 0.22],
    ['nuebar', 0.11, 0.22],
    ['numu', 0.33, 0.44],
    ['numubar', 0.33, 0.44],
    ['nutau', 0, 0],
    ['nutaubar', 0, 0],
  ] as const)('contact NSI: %s sees ε^u = %d, ε^d = %d', (flavor, u, d) => {
    expect(effectiveEpsilon(flavor, 100, { nsi })).toEqual({ u, d });
  });
  it('mediator: ε^q_αα = g_να g_q / (2√2 G_F (q² + m²)) with g_να of the flavour (ν_τ: 0)', () => {
    const med = { massMeV: 20, gNuE: 2e-5, gNuMu: 3e-5, gU: 5e-5, gD: 7e-5 };
    const q2 = 900;
    const den = 2 * Math.SQRT2 * G_F * (q2 + 400);
    for (const [flavor, g] of [['nue', 2e-5], ['numubar', 3e-5], ['numu', 3e-5], ['nutau', 0]] as const) {
      const e = effectiveEpsilon(flavor, q2, { mediator: med });
      expect(e.u).toBeCloseTo((g * 5e-5) / den, 12);
      expect(e.d).toBeCloseTo((g * 7e-5) / den, 12);
    }
  });
  it('lepton flavour of each neutrino and antineutrino', () => {
    expect(['nue', 'nuebar', 'numu', 'numubar', 'nutau', 'nutaubar'].map((f) => leptonFlavor(f as 'nue'))).toEqual(['e', 'e', 'mu', 'mu', 'tau', 'tau']);
  });
  it('no new physics: ε = 0', () => {
    expect(effectiveEpsilon('numu', 100, undefined)).toEqual({ u: 0, d: 0 });
  });
});

describe('dσ/dT outside the physical region and at T = 0', () => {
  const nuc = NUCLEI.Cs133;
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let c: NucleonCouplings;
  beforeEach(() => {
    c = treeLevelCouplings(0.23857);
  });
  const radii = { neutronRmsFm: 4.7 };
  it('zero for T < 0, E ≤ 0 (also E = T = 0)', () => {
    expect(cevnsDifferentialCrossSection(30, -1e-6, nuc, 'numu', c, radii)).toBe(0);
    expect(cevnsDifferentialCrossSection(0, 1e-6, nuc, 'numu', c, radii)).toBe(0);
    expect(cevnsDifferentialCrossSection(-5, 1e-6, nuc, 'numu', c, radii)).toBe(0);
    expect(cevnsDifferentialCrossSection(0, 0, nuc, 'numu', c, radii)).toBe(0);
  });
  it('T = 0 exactly: G_F² M Q_W²/(4π), Q_W = N − (1 − 4 s²) Z (F(0) = 1)', () => {
    const QW = nuc.N - (1 - 4 * 0.23857) * nuc.Z;
    const ref = ((G_F * G_F * nuc.massMeV) / (4 * Math.PI)) * QW * QW * HBARC2;
    expect(Math.abs(cevnsDifferentialCrossSection(30, 0, nuc, 'numu', c, radii) / ref - 1)).toBeLessThan(1e-9);
  });
});

describe('CevnsKernel: parameters that change between evaluations', () => {
  const grid = Float64Array.from([1, 4, 8, 12]); // below the Cs and I endpoints of the 29.8 MeV prompt ν_μ line (≈ 14 keVnr)
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let comps: FluxComponent[];
  let c: NucleonCouplings;
  let numu: number;
  let nue: number;
  beforeEach(() => {
    comps = piDarFluxComponents(SNS_CSI2017_SOURCE);
    c = radiativeCouplings();
    numu = comps.findIndex((x) => x.spectrum.flavor === 'numu');
    nue = comps.findIndex((x) => x.spectrum.flavor === 'nue');
  });
  const massKg = 2;
  const slow = (comp: number, radii: NuclearRadii, np?: CevnsNewPhysics) =>
    Array.from(grid, (T) => TARGET_CSI.nuclei.reduce((s, tn) => s + cevnsRecoilSpectrumSlow(T, tn.nucleus, tn.nucleiPerKg * massKg, comps[comp]!.spectrum, comps[comp]!.fluencePerCm2, c, radii, np), 0));
  const expectClose = (fast: Float64Array, ref: number[]) => ref.forEach((v, i) => expect(Math.abs(fast[i]! / v - 1)).toBeLessThan(1e-7));

  it('component names and count', () => {
    const k = new CevnsKernel({ target: TARGET_CSI, massKg, components: comps, recoilKeV: grid, couplings: c });
    expect(k.componentNames).toEqual(comps.map((x) => x.name));
    expect(k.nComponents).toBe(comps.length);
  });

  it('a non-positive mass is rejected naming massKg', () => {
    for (const m of [0, -1]) expect(() => new CevnsKernel({ target: TARGET_CSI, massKg: m, components: comps, recoilKeV: grid, couplings: c })).toThrow(/massKg must be > 0 \(got -?\d/);
  });

  it('one kernel follows R_n, then R_p, then the skin, then R_n back (no stale form factors): equals the slow spectrum each time', () => {
    const k = new CevnsKernel({ target: TARGET_CSI, massKg, components: comps, recoilKeV: grid, couplings: c });
    for (const radii of [{ neutronRmsFm: 4.7 }, { neutronRmsFm: 5.5 }, { neutronRmsFm: 5.5, protonRmsFm: 4.2 }, { neutronRmsFm: 5.5, protonRmsFm: 4.2, skinFm: 0.6 }, { neutronRmsFm: 5.5, skinFm: 0.6 }, { neutronRmsFm: 4.7 }]) {
      expectClose(k.spectrum(numu, { radii }), slow(numu, radii));
    }
  });

  it('NSI that cancels both nucleon couplings (R_p = R_n) gives no ν_μ events and leaves ν_e unchanged', () => {
    // 2ε^u + ε^d = −g_V^p and ε^u + 2ε^d = −g_V^n  ⇔  ε^u = (g_V^n − 2 g_V^p)/3, ε^d = (g_V^p − 2 g_V^n)/3.
    const nsi = { eeU: 0, eeD: 0, mumuU: (c.gVn - 2 * c.gVp) / 3, mumuD: (c.gVp - 2 * c.gVn) / 3 };
    const radii = { neutronRmsFm: 4.8, protonRmsFm: 4.8 };
    const k = new CevnsKernel({ target: TARGET_CSI, massKg, components: comps, recoilKeV: grid, couplings: c });
    const sm = Float64Array.from(k.spectrum(numu, { radii }));
    const off = k.spectrum(numu, { radii, newPhysics: { nsi } });
    for (let i = 0; i < grid.length; i++) expect(Math.abs(off[i]!)).toBeLessThan(1e-24 * sm[i]!);
    const nueSm = Float64Array.from(k.spectrum(nue, { radii }));
    expect(Array.from(k.spectrum(nue, { radii, newPhysics: { nsi } }))).toEqual(Array.from(nueSm));
  });

  it('a light ν_μ mediator (q²-dependent) in the kernel equals the slow spectrum', () => {
    const np = { mediator: { massMeV: 15, gNuE: 0, gNuMu: 4e-5, gU: 4e-5, gD: 4e-5 } };
    const radii = { neutronRmsFm: 4.7 };
    const k = new CevnsKernel({ target: TARGET_CSI, massKg, components: comps, recoilKeV: grid, couplings: c });
    const sm = Float64Array.from(k.spectrum(numu, { radii }));
    const withMed = k.spectrum(numu, { radii, newPhysics: np });
    expectClose(withMed, slow(numu, radii, np));
    expect(Math.abs(withMed[0]! / sm[0]! - 1)).toBeGreaterThan(1e-3); // the mediator is visible at this coupling
  });

  it('the slow spectrum uses the given skin (F with s = 0.6 fm ≠ s = 0.9 fm)', () => {
    const nucleus = NUCLEI.Cs133;
    const a = weakChargeAtRecoil(nucleus, 0.03, 'numu', c, { neutronRmsFm: 4.7, skinFm: 0.6 });
    const b = weakChargeAtRecoil(nucleus, 0.03, 'numu', c, { neutronRmsFm: 4.7 });
    const b9 = weakChargeAtRecoil(nucleus, 0.03, 'numu', c, { neutronRmsFm: 4.7, skinFm: 0.9 });
    expect(b9).toBe(b);
    expect(Math.abs(a / b - 1)).toBeGreaterThan(1e-3);
  });
});
