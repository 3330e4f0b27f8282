/**
 * Tests for mutants of src/physics/dm found by the sampled mutation run (docs/testing.md "Scores per folder"), each
 * against a closed form or an input rule stated in the code's documentation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { PROMPT_LIFETIME_US, derivedCouplings, signalCouplingScale, singleMediatorModel, twoMediatorModel, validateModel, type DarkSectorModel } from '../../../src/physics/dm/model.js';
import { BR_PI0_TO_GAMMA_GAMMA, PRODUCTION_CHANNELS, RADIATIVE_FRACTION_HEAVY_NUCLEUS, bremMediatorSpectrum, piMinusMediatorSpectrum, preparePhotonSpectrum, totalYieldPerPot, type PiMinusCaptureModel } from '../../../src/physics/dm/production.js';
import { secantDecreasingRoot } from '../../../src/stats/optimize/roots.js';
import { PLANCK_MASS_MEV, annihilationCrossSection, chiDegreesOfFreedom, relicDensity, solveFreezeOut, type PlasmaModel, type RelicChiType } from '../../../src/physics/dm/relic.js';
import { dmSourcesFromBeam, piMinusCaptureModel } from '../../../src/physics/dm/setups.js';
import { buildDmTemplates, buildUnitDmTemplates, channelComponents, hasSource, massPointOf, mediatorSpectrumFor, rescaleDmTemplates, type DmBinner, type DmProductionSources, type UnitDmTemplates } from '../../../src/physics/dm/signal.js';
import { interpolateDof, plasmaDof } from '../../../src/physics/dm/thermal.js';
import { ALPHA_EM, MASS_ELECTRON_MEV, MASS_ETA_MEV, MASS_NEUTRON_MEV, MASS_PI0_MEV, MASS_PI_CHARGED_MEV, MASS_PROTON_MEV } from '../../../src/physics/constants.js';
import { DEFAULT_CHI_SLICES } from '../../../src/physics/dm/chiflux.js';
import { csiLikeSetup, syntheticPi0 } from './fixtures.js';

describe('dark-sector model', () => {
  it('α_χ of the scattering mediator is g_χ²/(4π)', () => {
    const m = singleMediatorModel(30, 10, 1e-4, 0.5);
    const g = m.scattering.gChi;
    expect(derivedCouplings(m).alphaChiScattering).toBeCloseTo((g * g) / (4 * Math.PI), 14);
    // single mediator: g_χ = g_D = √(4π α_D), so α_χ = α_D
    expect(derivedCouplings(m).alphaChiScattering).toBeCloseTo(0.5, 12);
  });

  it('the dark photon couples through kinetic mixing to electric charge: proton +1, neutron 0, electron −1', () => {
    expect(singleMediatorModel(30, 10, 1e-4, 0.5).scattering.charges).toEqual({ proton: 1, neutron: 0, electron: -1 });
  });

  it('validateModel names the offending key', () => {
    const m = singleMediatorModel(30, 10, 1e-4, 0.5);
    expect(() => validateModel({ ...m, production: { ...m.production, massMeV: 0 } })).toThrow(/production\.massMeV/);
  });
});

describe('photon spectra', () => {
  it('a spectrum needs a positive number of protons on target', () => {
    const base = { source: 'test', energyMeV: [10, 20, 30], counts: [1, 2, 3] };
    for (const pot of [0, -1, NaN]) expect(() => preparePhotonSpectrum({ ...base, protonsOnTarget: pot } as never)).toThrow(/protonsOnTarget must be > 0/);
    const p = preparePhotonSpectrum({ ...base, protonsOnTarget: 10 } as never);
    expect(p.countsPerPot[1]).toBeCloseTo(0.2, 14);
    // edges halfway between centres, the outer ones mirroring the neighbouring half-width
    expect([...p.lowEdgeMeV]).toEqual([5, 15, 25]);
    expect([...p.highEdgeMeV]).toEqual([15, 25, 35]);
  });
});

describe('relic model input', () => {
  it('internal degrees of freedom of χ and χ̄: complex scalar 2, Majorana 2, Dirac and pseudo-Dirac 4', () => {
    expect((['complexScalar', 'majorana', 'pseudoDirac', 'diracFermion'] as const).map(chiDegreesOfFreedom)).toEqual([2, 2, 4, 4]);
  });

  it('the pseudo-Dirac splitting must lie in [0, 0.5)', () => {
    const m = { chiType: 'pseudoDirac' as const, chiMassMeV: 10, mediatorMassMeV: 30, alphaD: 0.5, epsilon: 1e-4 };
    for (const splitting of [-0.1, 0.5, 0.7]) expect(() => relicDensity({ ...m, splitting })).toThrow(/splitting must be in \[0, 0\.5\)/);
  });
});

describe('plasma degrees of freedom (ideal gases, Kolb & Turner ch. 3)', () => {
  it('well below m_e: photons exactly 2, neutrinos (7/8)·6 at T_ν/T, with T_ν/T³ from entropy conservation', () => {
    const d = plasmaDof(0.005);
    const r = d.neutrinoTemperatureRatio;
    expect(d.gEff - (7 / 8) * 6 * r ** 4).toBeCloseTo(2, 6);
    expect(d.hEff - (7 / 8) * 6 * r ** 3).toBeCloseTo(2, 6);
    // the γe± entropy at decoupling (2 MeV, e± slightly massive: m/T = 0.26) lies just below 2 + 7/2, so T_ν/T is
    // (4/11)^{1/3} = 0.71377 raised by a little (≤ 0.5 %)
    expect(r / Math.cbrt(4 / 11)).toBeGreaterThan(1);
    expect(r / Math.cbrt(4 / 11)).toBeLessThan(1.005);
  });

  it('g_eff at T = 10 MeV: photons, relativistic e± and coupled ν give 10.75; e± mass and μ/π tails move it < 0.015', () => {
    expect(plasmaDof(10).neutrinoTemperatureRatio).toBe(1);
    expect(Math.abs(plasmaDof(10).gEff - 10.75)).toBeLessThan(0.015);
    expect(Math.abs(plasmaDof(10).hEff - 10.75)).toBeLessThan(0.015);
  });

  it('g_*^{1/2} = (h/√g)(1 + dln h/3 dln T) reduces to h/√g where h is constant (T ≪ m_e)', () => {
    for (const t of [2e-4, 1e-3]) {
      const d = plasmaDof(t);
      expect(interpolateDof('gStarHalf', t)).toBeCloseTo(d.hEff / Math.sqrt(d.gEff), 5);
    }
  });
});

describe('production channels and their sources', () => {
  it('each channel is available exactly when its own source is given', () => {
    const keys = { pi0Decay: 'pi0', etaDecay: 'eta', piMinusCapture: 'piMinus', bremPhotons: 'brem' } as const;
    for (const [channel, key] of Object.entries(keys)) {
      const only = { [key]: {} } as unknown as DmProductionSources;
      for (const c of Object.keys(keys)) expect(hasSource(only, c as keyof typeof keys), `${key} → ${c}`).toBe(c === channel);
    }
  });
});

/** A beam dataset of n synthetic π⁰ with momentum split over the three axes (p_x : p_y : p_z = 2 : 3 : 6, |p| = 7 parts). */
function syntheticBeam(n: number): Parameters<typeof dmSourcesFromBeam>[0] {
  const pi0 = syntheticPi0(n);
  const part = (k: number) => Float64Array.from(pi0.momentumMeV, (p) => (k * p) / 7);
  return {
    pi0: { count: n, energyMeV: pi0.energyMeV, pxMeV: part(2), pyMeV: part(3), pzMeV: part(6), file: 'synthetic' },
    brem: { x: Float64Array.of(10, 20), y: Float64Array.of(1, 1), file: 'synthetic' },
  } as unknown as Parameters<typeof dmSourcesFromBeam>[0];
}

describe('production sources from a beam dataset (setups.ts)', () => {
  it('η kinematics: at rest βγ = 0 (X monochromatic at (m_η² + m_X²)/2m_η); π⁰ velocity βγ = |p|/m_π⁰ of each beam π⁰', () => {
    const beam = syntheticBeam(40);
    const atRest = dmSourcesFromBeam(beam, { beam: 'sns', eta: { perPot: 1e-3, kinematics: 'atRest', source: 'test' } }).eta!;
    expect([...atRest.betaGamma]).toEqual([0]);
    expect([...atRest.gamma]).toEqual([1]);
    const mX = 200;
    const spec = mediatorSpectrumFor({ eta: atRest }, 'etaDecay', mX)!;
    const eX = (MASS_ETA_MEV ** 2 + mX * mX) / (2 * MASS_ETA_MEV); // two-body decay at rest
    for (let i = 0; i < spec.energyMeV.length; i++) if (spec.yieldPerPot[i]! > 0) expect(spec.energyMeV[i]! / eX).toBeCloseTo(1, 9);

    const byPi0 = dmSourcesFromBeam(beam, { beam: 'sns', eta: { perPot: 1e-3, kinematics: 'pi0Velocity', source: 'test' } }).eta!;
    const p = syntheticPi0(40).momentumMeV; // |p| of the rows before splitting into components
    expect(byPi0.betaGamma.length).toBe(40);
    for (let i = 0; i < 40; i++) expect(byPi0.betaGamma[i]! / (p[i]! / MASS_PI0_MEV)).toBeCloseTo(1, 9);
    expect(byPi0.pi0PerPot).toBe(1e-3); // the stated η yield, not the π⁰ count
  });

  it('η kinematics nnThreshold uses the beam\'s proton energy: Lujan 800 MeV gives βγ_cm = p_lab/√s', () => {
    const T = 800;
    const pLab = Math.sqrt(T * T + 2 * T * MASS_PROTON_MEV);
    const sqrtS = Math.sqrt(2 * MASS_PROTON_MEV * (T + 2 * MASS_PROTON_MEV)); // s = 2m² + 2m E_lab
    const eta = dmSourcesFromBeam(syntheticBeam(10), { beam: 'lujan', eta: { perPot: 1e-3, kinematics: 'nnThreshold', source: 'test' } }).eta!;
    expect(eta.betaGamma[0]! / (pLab / sqrtS)).toBeCloseTo(1, 12);
  });

  it('π⁻ capture: the default per-beam model (stops/POT × 2 % radiative), a given model as is, and none when disabled', () => {
    const beam = syntheticBeam(10);
    const def = dmSourcesFromBeam(beam, { beam: 'lujan' }).piMinus!;
    expect(def.capturesPerPot).toBe(0.0259); // CCM stops/POT of the reference scripts (docs/physics.md §2.3)
    expect(def.radiativeFraction).toBe(0.02);
    expect(RADIATIVE_FRACTION_HEAVY_NUCLEUS).toBe(0.02);
    const mine: PiMinusCaptureModel = { name: 'x', capturesPerPot: 0.1, radiativeFraction: 0.5, phaseSpace: 'none', source: 'test' };
    expect(dmSourcesFromBeam(beam, { beam: 'sns', piMinus: mine }).piMinus).toBe(mine);
    const off = dmSourcesFromBeam(beam, { beam: 'sns', piMinus: mine, disable: ['piMinusCapture'] });
    expect(off.piMinus).toBeUndefined();
    expect(off.pi0).toBeDefined();
    expect(off.brem).toBeDefined();
    expect(dmSourcesFromBeam(beam, { beam: 'sns', eta: { perPot: 1e-3, kinematics: 'atRest', source: 't' }, disable: ['etaDecay'] }).eta).toBeUndefined();
  });
});

describe('Γ(A′ → χχ̄) in the annihilation propagator (relic.ts)', () => {
  // At s = m_A′² the propagator s/((s − m²)² + sΓ(√s)²) is 1/Γ², so σ measures the width. Two-body widths of a
  // vector of mass m and coupling g_D = √(4πα_D), r = m_χ²/m², β = √(1 − 4r) (Γ = β/(16πm)·(1/3)Σ|M|²):
  //   Dirac / pseudo-Dirac, vector current:  Σ|M|² = 4g²m²(1 + 2r)  →  Γ = α_D m (1 + 2r) β / 3
  //   complex scalar, g(p₁ − p₂)^μ:          Σ|M|² = g²m²β²         →  Γ = α_D m β³ / 12
  //   Majorana, axial ½g χ̄γ^μγ⁵χ (vertex g, identical particles ½): Σ|M|² = 4g²m²β²  →  Γ = α_D m β³ / 6
  // (the vector/axial forms are those of the Z partial width, PDG "Z boson" review: ∝ β[(3 − β²)/2 g_V² + β² g_A²]).
  const mA = 30; // MeV, below 2m_μ and 2m_π: S(s) has only e⁺e⁻
  const mc = 10;
  const alphaD = 0.5;
  const eps = 1e-3;
  const r = (mc / mA) ** 2;
  const beta = Math.sqrt(1 - 4 * r);
  const s = mA * mA;
  const qe = (4 * MASS_ELECTRON_MEV ** 2) / s;
  const S = (1 + qe / 2) * Math.sqrt(1 - qe);
  const cases: Array<[RelicChiType, number, number]> = [
    ['diracFermion', (alphaD * mA * (1 + 2 * r) * beta) / 3, (1 + 2 * r) / beta],
    ['pseudoDirac', (alphaD * mA * (1 + 2 * r) * beta) / 3, (1 + 2 * r) / beta],
    ['complexScalar', (alphaD * mA * beta ** 3) / 12, beta],
    ['majorana', (alphaD * mA * beta ** 3) / 6, beta],
  ];
  for (const [chiType, width, chiFactor] of cases) {
    it(`${chiType}: σ on the pole is (4πα ε² α_D/3) S C_χ / Γ², Γ = ${(width / mA).toPrecision(4)} m_A′`, () => {
      const sigma = annihilationCrossSection({ chiType, chiMassMeV: mc, mediatorMassMeV: mA, alphaD, epsilon: eps }, s);
      const expected = ((4 * Math.PI * ALPHA_EM * eps * eps * alphaD) / 3) * S * chiFactor / (width * width);
      expect(sigma / expected).toBeCloseTo(1, 10);
    });
  }
});

describe('DM signal channels (signal.ts)', () => {
  it('a Breit–Wigner mass point gives the off-shell π⁰ → γX* spectrum: open above m_π⁰, BR = 2 BR_γγ α_D m_π⁰⁴ /(240π m_X⁴) far off shell', () => {
    const M = MASS_PI0_MEV;
    const mX = 100 * M;
    const alphaD = 0.5;
    const sources: DmProductionSources = { pi0: dmSourcesFromBeam(syntheticBeam(20), { beam: 'sns' }).pi0! };
    const model = singleMediatorModel(mX, 1e-3, 1e-4, alphaD, { spin: 'complexScalar' });
    // narrow width: X heavier than π⁰ is not produced
    expect(totalYieldPerPot(mediatorSpectrumFor(sources, 'pi0Decay', mX, massPointOf(model, 'narrowWidth'))!)).toBe(0);
    // Breit–Wigner, light complex-scalar χ: √s Γ_χ(√s) = α_D s/12, ∫₀^{M²} s(1 − s/M²)³ ds = M⁴/20, propagator ≈ 1/(m_X⁴(1 + (α_D/12)²))
    const bw = mediatorSpectrumFor(sources, 'pi0Decay', mX, massPointOf(model, 'breitWigner'))!;
    const br = (2 * BR_PI0_TO_GAMMA_GAMMA * alphaD * M ** 4) / (240 * Math.PI * mX ** 4) / (1 + (alphaD / 12) ** 2);
    const ratio = totalYieldPerPot(bw) / (sources.pi0!.pi0PerPot * br);
    expect(ratio - 1).toBeGreaterThan(0); // next order (1 − s/m_X²)⁻² ≈ 1 + 2s/m_X²: +7e-5
    expect(ratio - 1).toBeLessThan(2e-4);
  });

  describe('buildUnitDmTemplates', () => {
    let fixture: ReturnType<typeof csiLikeSetup>;
    // beforeEach, not beforeAll: Stryker counts beforeAll code as static coverage (docs/testing.md)
    beforeEach(() => {
      fixture = csiLikeSetup(200, { withBrem: false });
    });

    it('lists as built exactly the requested channels that have a source (no η, no brem here)', () => {
      const model = singleMediatorModel(45, 15, 1e-4, 0.5);
      const all = buildUnitDmTemplates(fixture.setup, model, fixture.binner);
      expect(all.channels).toEqual(['pi0Decay', 'piMinusCapture']);
      expect(Object.keys(all.slices).sort()).toEqual(['pi0Decay', 'piMinusCapture']);
      const asked = buildUnitDmTemplates(fixture.setup, model, fixture.binner, { channels: ['etaDecay', 'piMinusCapture', 'bremPhotons'] });
      expect(asked.channels).toEqual(['piMinusCapture']);
    });

    it('a non-finite expected count is an error naming setup, channel and bin (NaN never leaks)', () => {
      const model = singleMediatorModel(45, 15, 1e-4, 0.5);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const binner: DmBinner = {
          size: 5,
          accumulate(_components, out) {
            out[3] = bad;
          },
        };
        expect(() => buildUnitDmTemplates(fixture.setup, model, binner, { channels: ['piMinusCapture'] })).toThrow(/csi-like\/piMinusCapture: non-finite expected count in bin 3/);
      }
    });
  });
});

describe('freeze-out after Y_eq is switched off (relic.ts tail beyond x_end = 2e4)', () => {
  // With Y_eq = 0 after x₀ the Boltzmann equation is dY/dx = −λ(x) Y², solved exactly by 1/Y_∞ = 1/Y₀ + ∫_{x₀}^∞ λ dx,
  // λ = √(π/45) M_Pl g_*^{1/2} m ⟨σv⟩/x² (constant g_* = h_eff = 10.75 here). Y₀ = Y_eq(x₀) = 45 g x₀² K₂(x₀)/(4π⁴ h_eff).
  const G = 10.75;
  const plasma: PlasmaModel = { hEff: () => G, gStarHalf: () => Math.sqrt(G) };
  const m = 100; // MeV: the solver starts at x₀ = 3 (m/T_max < 3)
  const x0 = 3;
  const xEnd = 2e4;
  const C = Math.sqrt(Math.PI / 45) * PLANCK_MASS_MEV * Math.sqrt(G) * m;
  /** K_ν(z) = ∫₀^∞ e^{−z cosh t} cosh νt dt (Abramowitz & Stegun 9.6.24), trapezoid rule (exponentially convergent). */
  const besselKByIntegral = (nu: number, z: number): number => {
    const h = 0.005;
    let sum = 0.5 * Math.exp(-z);
    for (let k = 1; k * h < 12; k++) sum += Math.exp(-z * Math.cosh(k * h)) * Math.cosh(nu * k * h);
    return sum * h;
  };
  const y0 = (45 * 2 * x0 * x0 * besselKByIntegral(2, x0)) / (4 * Math.PI ** 4 * G);
  const equilibriumDof = (x: number): number => (x <= x0 * (1 + 1e-12) ? 2 : 0);

  it('⟨σv⟩ ∝ x^0.9: 41.5 % of ∫λ lies beyond x_end and is added in closed form; Y_∞ = Y₀/2 to 1e-4', () => {
    // ∫_{x₀}^∞ C σ₀ x^{−1.1} dx = C σ₀ x₀^{−0.1}/0.1; σ₀ chosen so that it equals 1/Y₀
    const sigma0 = (0.1 * x0 ** 0.1) / (C * y0);
    const r = solveFreezeOut({ chiMassMeV: m, sigmaVEff: (x) => sigma0 * x ** 0.9, equilibriumDof, plasma });
    expect((x0 / xEnd) ** 0.1).toBeCloseTo(0.415, 3); // the share of ∫λ beyond x_end
    expect(r.yInfinity / (y0 / 2)).toBeCloseTo(1, 4);
  });

  it('⟨σv⟩ ∝ x^1.5: ∫λ dx diverges, so Y_∞ = 0 (annihilation never stops); the solver reports a non-finite abundance', () => {
    // λ ∝ x^−0.5: 1/Y = 1/Y₀ + 2Cσ₀(√x − √x₀) grows without limit. (The tail formula λ_end x_end/(1 + q), if used for
    // q = −1.5, would be −2Cσ₀√x_end and leave 1/Y = (1 − 0.2√3)/Y₀ > 0 with this σ₀.)
    const sigma0 = 0.1 / (C * y0);
    expect(() => solveFreezeOut({ chiMassMeV: m, sigmaVEff: (x) => sigma0 * x ** 1.5, equilibriumDof, plasma })).toThrow(/non-finite relic abundance/);
  });

  it('⟨σv⟩ vanishing before x_end/2 (a final state closing as T falls): no tail, 1/Y_∞ = 1/Y₀ + ∫ to the closing point', () => {
    // ⟨σv⟩ = σ₀ (1 − x/x_c) for x < x_c = 100, 0 beyond: ∫_{x₀}^{x_c} x^{−2}(1 − x/x_c) dx = 1/x₀ − 1/x_c − ln(x_c/x₀)/x_c
    const xc = 100;
    const sigma0 = 1 / (C * y0 * (1 / x0 - 1 / xc - Math.log(xc / x0) / xc));
    const r = solveFreezeOut({ chiMassMeV: m, sigmaVEff: (x) => sigma0 * Math.max(0, 1 - x / xc), equilibriumDof, plasma });
    expect(r.yInfinity / (y0 / 2)).toBeCloseTo(1, 4);
  });
});

describe('the root finder of the relic target (secant in ln ε², stats/optimize/roots.ts)', () => {
  it('a straight line is solved by the first secant step: 3 evaluations, exact root, whatever its slope', () => {
    for (const k of [-3, -0.2, -1]) {
      const r = secantDecreasingRoot((l) => k * (l - 4.5), -23, 1e-6, 40);
      expect(r.converged).toBe(true);
      expect(r.nEvals).toBe(k === -1 ? 2 : 3); // slope −1: the first guess x₀ + f(x₀) is already the root
      expect(r.x).toBeCloseTo(4.5, 12);
    }
  });

  it('a flat stretch (secant slope 0) falls back to slope −1 and still reaches the root', () => {
    // f = 2 for x < 0, then 2 − 3x: from x₀ = −10 the first two points are on the flat part
    const f = (x: number): number => (x < 0 ? 2 : 2 - 3 * x);
    const r = secantDecreasingRoot(f, -10, 1e-9, 40);
    expect(r.converged).toBe(true);
    expect(r.x).toBeCloseTo(2 / 3, 9);
  });

  it('stops after maxEvaluations without converging; |f| = tol counts as converged (|f| ≤ tol)', () => {
    const r = secantDecreasingRoot(() => 1, 0, 1e-6, 7);
    expect(r.nEvals).toBe(7);
    expect(r.converged).toBe(false);
    const atTol = secantDecreasingRoot(() => 0.25, 0, 0.25, 40);
    expect(atTol.nEvals).toBe(2);
    expect(atTol.converged).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------
// Survivors of the full Stryker run of setups.ts and signal.ts (docs/testing.md, "Scores")
// ------------------------------------------------------------------------------------------------

describe('π⁻ capture models and channel switches (setups.ts)', () => {
  it('referenceCode: every stopped π⁻ gives one X, no phase-space factor; heavyNucleus: × 2 % × (p_X/p_γ)(1 + m_X²/2E_X²)', () => {
    const mX = 60;
    // π⁻p → nX at rest: √s = m_π + m_p, E_X = (s − m_n² + m_X²)/(2√s)
    const rs = MASS_PI_CHARGED_MEV + MASS_PROTON_MEV;
    const eX = (rs * rs - MASS_NEUTRON_MEV ** 2 + mX * mX) / (2 * rs);
    const pX = Math.sqrt(eX * eX - mX * mX);
    const pGamma = (rs * rs - MASS_NEUTRON_MEV ** 2) / (2 * rs);
    const ref = totalYieldPerPot(piMinusMediatorSpectrum(piMinusCaptureModel('jparc', 'referenceCode'), mX));
    expect(ref).toBeCloseTo(0.4962, 14); // the JSNS2 stops/POT (docs/physics.md §2.3)
    const heavy = totalYieldPerPot(piMinusMediatorSpectrum(piMinusCaptureModel('jparc'), mX));
    expect(heavy / (0.4962 * 0.02 * (pX / pGamma) * (1 + (mX * mX) / (2 * eX * eX)))).toBeCloseTo(1, 12);
  });

  it('each disabled channel loses exactly its own source', () => {
    const beam = syntheticBeam(10);
    const eta = { perPot: 1e-3, kinematics: 'atRest' as const, source: 't' };
    const keys = { pi0Decay: 'pi0', etaDecay: 'eta', piMinusCapture: 'piMinus', bremPhotons: 'brem' } as const;
    for (const [channel, key] of Object.entries(keys)) {
      const src = dmSourcesFromBeam(beam, { beam: 'sns', eta, disable: [channel as keyof typeof keys] });
      for (const k of Object.values(keys)) expect(src[k] === undefined, `disable ${channel}: ${k}`).toBe(k === key);
    }
  });

  it('a bad η yield is reported with its source and kinematics', () => {
    expect(() => dmSourcesFromBeam(syntheticBeam(10), { beam: 'sns', eta: { perPot: -1, kinematics: 'atRest', source: 'my-yield' } })).toThrow(
      /η source my-yield; kinematics atRest: η per POT must be a finite number ≥ 0/,
    );
  });
});

describe('channel dispatch and template options (signal.ts)', () => {
  it('a channel without its source has no spectrum and no components; each spectrum comes from its own source', () => {
    const beamSources = dmSourcesFromBeam(syntheticBeam(20), { beam: 'sns', eta: { perPot: 1e-3, kinematics: 'atRest', source: 't' } });
    const mX = 5; // below the synthetic photons (10, 20 MeV)
    for (const c of PRODUCTION_CHANNELS) expect(mediatorSpectrumFor({}, c, mX), c).toBeNull();
    const brem = mediatorSpectrumFor(beamSources, 'bremPhotons', mX)!;
    expect(totalYieldPerPot(brem)).toBe(totalYieldPerPot(bremMediatorSpectrum(beamSources.brem!.photons, mX, beamSources.brem!.suppression)));
    expect(totalYieldPerPot(brem)).toBeGreaterThan(0);
    expect(totalYieldPerPot(mediatorSpectrumFor(beamSources, 'piMinusCapture', mX)!)).toBe(totalYieldPerPot(piMinusMediatorSpectrum(beamSources.piMinus!, mX)));
    const { setup } = csiLikeSetup(20, { withBrem: false });
    const mp = massPointOf(singleMediatorModel(30, 10, 1e-4, 0.5));
    expect(channelComponents(setup, mp, 'etaDecay')).toBeNull();
    expect(channelComponents(setup, mp, 'bremPhotons')).toBeNull();
    expect(channelComponents(setup, mp, 'piMinusCapture')!.components.length).toBeGreaterThan(0);
  });

  it('the line shape defaults to narrow width; the number of χ slices is the option, else DEFAULT_CHI_SLICES', () => {
    const { setup, binner } = csiLikeSetup(20, { withBrem: false });
    const model = singleMediatorModel(45, 15, 1e-4, 0.5);
    expect(massPointOf(model).lineshape).toBe('narrowWidth');
    const def = buildUnitDmTemplates(setup, model, binner, { channels: ['piMinusCapture'] });
    expect(def.massPoint.lineshape).toBe('narrowWidth');
    expect(def.slices.piMinusCapture.chiPerPot.length).toBe(DEFAULT_CHI_SLICES);
    expect(buildUnitDmTemplates(setup, model, binner, { channels: ['piMinusCapture'], slices: 5 }).slices.piMinusCapture.chiPerPot.length).toBe(5);
  });

  it('buildDmTemplates: counts scale as ε⁴ α_D at fixed masses (production ε², detection ε² α_D; BR(X → χχ̄) = 1)', () => {
    const { setup, binner } = csiLikeSetup(20, { withBrem: false });
    const a = buildDmTemplates(setup, singleMediatorModel(45, 15, 1e-4, 0.5), binner, { channels: ['piMinusCapture'] });
    const b = buildDmTemplates(setup, singleMediatorModel(45, 15, 3e-4, 0.2), binner, { channels: ['piMinusCapture'] });
    const sum = (x: Float64Array): number => x.reduce((t, v) => t + v, 0);
    expect(sum(a.total)).toBeGreaterThan(0);
    expect(sum(b.total) / sum(a.total)).toBeCloseTo(81 * 0.4, 6);
    expect(sum(b.perChannel.piMinusCapture) / sum(b.total)).toBeCloseTo(1, 12);
  });
});

describe('rescaleDmTemplates refuses templates of another shape (signal.ts)', () => {
  /** Unit templates with one bin per channel, for a model's mass point (rescaling reads only these fields). */
  const unitFor = (m: DarkSectorModel, lineshape: 'narrowWidth' | 'breitWigner' = 'narrowWidth'): UnitDmTemplates => ({
    setup: 'hand-made',
    massPoint: massPointOf(m, lineshape),
    channels: [...PRODUCTION_CHANNELS],
    unit: { pi0Decay: Float64Array.of(1), etaDecay: Float64Array.of(2), piMinusCapture: Float64Array.of(3), bremPhotons: Float64Array.of(4) },
    slices: {} as UnitDmTemplates['slices'],
  });
  const v = { massMeV: 50, gSm: 0.3, gChi: 1.2, charges: { proton: 1, neutron: 0, electron: -1 } };
  const base = (o: { mX?: number; mChi?: number; v?: typeof v; spin?: 'complexScalar'; lifetimeUs?: number; eps?: number; alphaD?: number } = {}): DarkSectorModel =>
    twoMediatorModel({ massMeV: o.mX ?? 40, epsilon: o.eps ?? 1e-4, alphaD: o.alphaD ?? 0.5 }, o.mChi ?? 12, o.v ?? v, {
      ...(o.spin ? { spin: o.spin } : {}),
      ...(o.lifetimeUs !== undefined ? { lifetime: { kind: 'fixed' as const, lifetimeUs: o.lifetimeUs } } : {}),
    });
  const refused = /masses\/spin\/charges differ/;

  it('each mass-point field on its own: production mass, χ mass, scattering mass, spin, each charge', () => {
    const u = unitFor(base());
    expect(rescaleDmTemplates(u, base()).total[0]).toBeCloseTo(10 * signalCouplingScale(base()), 20);
    expect(() => rescaleDmTemplates(u, base({ mX: 41 }))).toThrow(refused);
    expect(() => rescaleDmTemplates(u, base({ mChi: 13 }))).toThrow(refused);
    expect(() => rescaleDmTemplates(u, base({ v: { ...v, massMeV: 51 } }))).toThrow(refused);
    expect(() => rescaleDmTemplates(u, base({ spin: 'complexScalar' }))).toThrow(refused);
    for (const q of ['proton', 'neutron', 'electron'] as const) {
      expect(() => rescaleDmTemplates(u, base({ v: { ...v, charges: { ...v.charges, [q]: v.charges[q] + 0.5 } } })), q).toThrow(refused);
    }
  });

  it('Breit–Wigner templates depend on α_D (through Γ(X* → χχ̄)); narrow-width ones do not', () => {
    const bw = unitFor(base(), 'breitWigner');
    expect(() => rescaleDmTemplates(bw, base({ alphaD: 0.3 }))).toThrow(/depend on α_D/);
    expect(rescaleDmTemplates(bw, base({ eps: 2e-4 })).total[0]).toBeGreaterThan(0);
    expect(rescaleDmTemplates(unitFor(base()), base({ alphaD: 0.3 })).total[0]).toBeGreaterThan(0);
  });

  it('lifetime: equal lifetimes pass; different ones only when the model is exact (fixed or prompt) and the templates prompt (< 1e-6 µs)', () => {
    // fixed, not prompt: same lifetime passes, another is refused
    const slow = unitFor(base({ lifetimeUs: 1 }));
    expect(rescaleDmTemplates(slow, base({ lifetimeUs: 1, eps: 3e-4 })).total[0]).toBeGreaterThan(0);
    expect(() => rescaleDmTemplates(slow, base({ lifetimeUs: 2 }))).toThrow(/lifetime/);
    // prompt templates (from the width, τ ≈ 1e-16 µs) and a model whose width-lifetime is long (α_D = 1e-30: Γ tiny)
    const prompt = unitFor(base());
    expect(prompt.massPoint.lifetimeUs).toBeLessThan(PROMPT_LIFETIME_US);
    expect(rescaleDmTemplates(prompt, base({ eps: 3e-4 })).total[0]).toBeGreaterThan(0);
    expect(() => rescaleDmTemplates(prompt, base({ alphaD: 1e-30, eps: 1e-12 }))).toThrow(/lifetime/);
    // exactly PROMPT_LIFETIME_US is not prompt ("below this")
    const edge = unitFor(base({ lifetimeUs: PROMPT_LIFETIME_US }));
    expect(() => rescaleDmTemplates(edge, base({ lifetimeUs: 2e-6 }))).toThrow(/lifetime/);
  });
});
