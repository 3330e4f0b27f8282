/**
 * Tests for mutants of src/physics/dm found by the sampled mutation run (docs/testing.md "Scores per folder"), each
 * against a closed form or an input rule stated in the code's documentation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ELECTRIC_CHARGE, PROMPT_LIFETIME_US, benchmarkSingleMediator, couplingScaleIsExact, derivedCouplings, epsilonFromY, mediatorLifetimeUs, mediatorWidths, signalCouplingScale, singleMediatorModel, twoMediatorModel, validateModel, type DarkSectorModel } from '../../../src/physics/dm/model.js';
import { MASS_RHO_MEV, WIDTH_RHO_MEV, pionFormFactorSquared, rRatio, rRatioPiPi } from '../../../src/physics/dm/hadrons.js';
import { prepareRecoilContext, sliceRecoilSpectra } from '../../../src/physics/dm/recoil.js';
import { reducedCrossSection } from '../../../src/physics/dm/xsec.js';
import { helmFormFactor, momentumTransferMeV } from '../../../src/physics/formfactor.js';
import { TARGET_CSI } from '../../../src/physics/targets.js';
import { minProjectileEnergyMeV } from '../../../src/physics/kinematics.js';
import { BR_PI0_TO_GAMMA_GAMMA, PRODUCTION_CHANNELS, RADIATIVE_FRACTION_HEAVY_NUCLEUS, bremMediatorSpectrum, piMinusMediatorSpectrum, preparePhotonSpectrum, totalYieldPerPot, type PiMinusCaptureModel } from '../../../src/physics/dm/production.js';
import { secantDecreasingRoot } from '../../../src/stats/optimize/roots.js';
import { PLANCK_MASS_MEV, annihilationCrossSection, chiDegreesOfFreedom, relicDensity, solveFreezeOut, type PlasmaModel, type RelicChiType } from '../../../src/physics/dm/relic.js';
import { dmSourcesFromBeam, piMinusCaptureModel } from '../../../src/physics/dm/setups.js';
import { buildDmTemplates, buildUnitDmTemplates, channelComponents, hasSource, massPointOf, mediatorSpectrumFor, rescaleDmTemplates, type DmBinner, type DmProductionSources, type UnitDmTemplates } from '../../../src/physics/dm/signal.js';
import { interpolateDof, plasmaDof } from '../../../src/physics/dm/thermal.js';
import { ALPHA_EM, AVOGADRO_PER_MOL, HBAR_MEV_S, HBARC2_MEV2_CM2, MASS_MUON_MEV, MASS_ELECTRON_MEV, MASS_ETA_MEV, MASS_NEUTRON_MEV, MASS_PI0_MEV, MASS_PI_CHARGED_MEV, MASS_PROTON_MEV } from '../../../src/physics/constants.js';
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

describe('full mutation run of hadrons.ts, model.ts, recoil.ts (closed forms and documented input rules)', () => {
  const MPI = MASS_PI_CHARGED_MEV;
  const M = MASS_RHO_MEV;
  const G = WIDTH_RHO_MEV;
  const kOf = (s: number) => 0.5 * Math.sqrt(s - 4 * MPI * MPI);
  const kR = kOf(M * M);
  // Gounaris–Sakurai (PRL 21 (1968) 244) normalisation d, which is ≈ 0.48 for m_ρ ≈ 775 MeV (Jegerlehner & Nyffeler,
  // Phys. Rept. 477 (2009) 1, sec. 4 (GS ρ parametrisation)).
  const d =
    (3 / Math.PI) * ((MPI * MPI) / (kR * kR)) * Math.log((M + 2 * kR) / (2 * MPI)) + M / (2 * Math.PI * kR) - (MPI * MPI * M) / (Math.PI * kR ** 3);
  const num = M * M * (1 + (d * G) / M);

  it('GS: d ≈ 0.48; at s = m_ρ² Re D = 0 and |F_π|² = (1 + dΓ/m)² m²/Γ² exactly; R = ¼β³|F_π|²', () => {
    expect(d).toBeCloseTo(0.48, 2);
    const f2 = ((1 + (d * G) / M) ** 2 * M * M) / (G * G);
    expect(pionFormFactorSquared(M * M) / f2).toBeCloseTo(1, 12);
    const beta = Math.sqrt(1 - (4 * MPI * MPI) / (M * M));
    expect(rRatioPiPi(M) / (0.25 * beta ** 3 * f2)).toBeCloseTo(1, 12);
    expect(rRatio(M)).toBe(rRatioPiPi(M));
  });

  it('GS at the ππ threshold: k = 0, Γ(s) = 0, D = 4k_ρ²(1 + Γm_ρ² h′(m_ρ²)/k_ρ) with h′ differentiated analytically', () => {
    // h(s) = (2/π)(k/√s) ln((√s + 2k)/(2m_π)) ⇒ h′ = (2/π)[(1/(8k√s) − k/(2s^{3/2})) ln(…) + 1/(4s)] (our derivation).
    const u = M;
    const L = Math.log((u + 2 * kR) / (2 * MPI));
    const hp = (2 / Math.PI) * ((1 / (8 * kR * u) - kR / (2 * u ** 3)) * L + 1 / (4 * u * u));
    const s0 = 4 * MPI * MPI;
    const D = 4 * kR * kR * (1 + (G * M * M * hp) / kR);
    expect(pionFormFactorSquared(s0) / ((num * num) / (D * D))).toBeCloseTo(1, 7);
    expect(() => pionFormFactorSquared(s0 * (1 - 1e-12))).toThrow(RangeError);
    expect(() => pionFormFactorSquared(1e4)).toThrow(/s = 10000 MeV² below the ππ threshold/);
    expect(rRatioPiPi(2 * MPI)).toBe(0);
    // just above threshold R ∝ β³ (|F_π|² continuous): R(√s)/β³ → ¼|F_π(4m_π²)|²
    const rs = 2 * MPI * (1 + 1e-8);
    const beta = Math.sqrt(1 - (4 * MPI * MPI) / (rs * rs));
    expect(rRatioPiPi(rs) / beta ** 3 / (0.25 * pionFormFactorSquared(s0))).toBeCloseTo(1, 5);
  });

  it('GS off the peak (√s = 500, 1000 MeV): D = m_ρ² − s + f(s) − i m_ρ Γ (k/k_ρ)³ (m_ρ/√s), h′ analytic (PRL 21 (1968) 244)', () => {
    const h = (s: number) => {
      const u = Math.sqrt(s);
      const k = kOf(s);
      return (2 / Math.PI) * (k / u) * Math.log((u + 2 * k) / (2 * MPI));
    };
    const L = Math.log((M + 2 * kR) / (2 * MPI));
    const hp = (2 / Math.PI) * ((1 / (8 * kR * M) - kR / (2 * M ** 3)) * L + 1 / (4 * M * M));
    for (const rs of [500, 1000]) {
      const s = rs * rs;
      const k = kOf(s);
      const re = M * M - s + ((G * M * M) / kR ** 3) * (k * k * (h(s) - h(M * M)) + (M * M - s) * kR * kR * hp);
      const im = M * G * (k / kR) ** 3 * (M / rs);
      expect(pionFormFactorSquared(s) / ((num * num) / (re * re + im * im)), `√s = ${rs}`).toBeCloseTo(1, 7);
    }
  });

  it('signal scale = ε² · BR(X → χχ̄) · gSm² · gChi² with BR well below 1 (α_D = 1e-7)', () => {
    const m = singleMediatorModel(30, 10, 1e-3, 1e-7);
    const gchi = ((1e-7 * 30) / 3) * (11 / 9) * Math.sqrt(5 / 9);
    const r = (MASS_ELECTRON_MEV / 30) ** 2;
    const vis = ((ALPHA_EM * 1e-6 * 30) / 3) * (1 + 2 * r) * Math.sqrt(1 - 4 * r);
    const br = gchi / (gchi + vis);
    expect(br).toBeLessThan(0.95);
    expect(signalCouplingScale(m) / (1e-6 * br * (4 * Math.PI * ALPHA_EM * 1e-6) * (4 * Math.PI * 1e-7))).toBeCloseTo(1, 12);
  });

  it('e = √(4πα) = 0.30282 (Heaviside–Lorentz natural units, α = 1/137.036)', () => {
    expect(ELECTRIC_CHARGE).toBeCloseTo(0.302822, 6);
  });

  it('model constructors: defaults, options, labels, benchmark m_χ = m_X/3 and α_D = 0.5 (arXiv:2006.09386)', () => {
    const s = singleMediatorModel(30, 10, 1e-4, 0.5);
    expect(s.scenario).toBe('singleMediator');
    expect(s.spin).toBe('diracFermion');
    expect(s.lifetime).toEqual({ kind: 'fromWidth' });
    expect(s.production).toEqual({ massMeV: 30, epsilon: 1e-4, alphaD: 0.5 });
    expect(s.scattering.massMeV).toBe(30);
    expect(s.scattering.gSm).toBeCloseTo(ELECTRIC_CHARGE * 1e-4, 18);
    const b = benchmarkSingleMediator(90, 2e-4, { spin: 'complexScalar', lifetime: { kind: 'fixed', lifetimeUs: 2 } });
    expect(b.chiMassMeV).toBe(30);
    expect(b.production.alphaD).toBe(0.5);
    expect(b.spin).toBe('complexScalar');
    expect(b.lifetime).toEqual({ kind: 'fixed', lifetimeUs: 2 });
    const v = { massMeV: 10, gSm: 1e-5, gChi: 2, charges: { proton: 1, neutron: 1, electron: 0 } };
    const prod = { massMeV: 75, epsilon: 1e-3, alphaD: 0.5 };
    const t = twoMediatorModel(prod, 25, v);
    expect(t.scenario).toBe('twoMediator');
    expect(t.spin).toBe('diracFermion');
    expect(t.lifetime).toEqual({ kind: 'fromWidth' });
    expect(t.production).toEqual(prod);
    expect(t.scattering).toEqual(v);
    const t2 = twoMediatorModel(prod, 25, v, { spin: 'complexScalar', lifetime: { kind: 'fixed', lifetimeUs: 3 } });
    expect(t2.spin).toBe('complexScalar');
    expect(t2.lifetime).toEqual({ kind: 'fixed', lifetimeUs: 3 });
    // referenceG = ε_prod · gSm · gChi; g_D = √(4πα_D) (docs/physics.md §1.3)
    expect(derivedCouplings(t).referenceG).toBeCloseTo(1e-3 * 1e-5 * 2, 20);
    expect(derivedCouplings(t).gD).toBeCloseTo(Math.sqrt(2 * Math.PI), 14);
  });

  it('input rules: finite and > 0 (masses), finite and ≥ 0 (ε, α_D, Y), each field named', () => {
    expect(() => singleMediatorModel(Infinity, 10, 1e-4, 0.5)).toThrow(/mediatorMassMeV: expected a finite number > 0, got Infinity/);
    expect(() => singleMediatorModel(30, 0, 1e-4, 0.5)).toThrow(/chiMassMeV: expected a finite number > 0, got 0/);
    expect(() => singleMediatorModel(30, 10, -1e-4, 0.5)).toThrow(/epsilon: expected a finite number >= 0, got -0.0001/);
    expect(() => singleMediatorModel(30, 10, Infinity, 0.5)).toThrow(/epsilon/);
    expect(() => singleMediatorModel(30, 10, 1e-4, -1)).toThrow(/alphaD/);
    expect(singleMediatorModel(30, 10, 0, 0).production.epsilon).toBe(0); // 0 allowed for couplings
    expect(() => singleMediatorModel(30, 15, 1e-4, 0.5)).toThrow(/X → χχ̄ needs m_X > 2 m_χ, got m_X = 30 MeV, m_χ = 15 MeV/); // exactly 2m_χ
    const m = singleMediatorModel(30, 10, 1e-4, 0.5);
    expect(() => validateModel({ ...m, chiMassMeV: NaN })).toThrow(/^chiMassMeV/);
    expect(() => validateModel({ ...m, production: { ...m.production, epsilon: -1 } })).toThrow(/production\.epsilon/);
    expect(() => validateModel({ ...m, production: { ...m.production, alphaD: NaN } })).toThrow(/production\.alphaD/);
    expect(() => validateModel({ ...m, scattering: { ...m.scattering, massMeV: 0 } })).toThrow(/scattering\.massMeV/);
    expect(() => validateModel({ ...m, scattering: { ...m.scattering, gSm: NaN } })).toThrow(/scattering\.gSm: expected a finite number, got NaN/);
    expect(() => validateModel({ ...m, scattering: { ...m.scattering, gChi: Infinity } })).toThrow(/scattering\.gChi: expected a finite number, got Infinity/);
    for (const k of ['proton', 'neutron', 'electron'] as const) {
      expect(() => validateModel({ ...m, scattering: { ...m.scattering, charges: { ...m.scattering.charges, [k]: NaN } } })).toThrow(`scattering.charges.${k}: expected a finite number`);
    }
    expect(() => validateModel({ ...m, lifetime: { kind: 'fixed', lifetimeUs: 0 } })).toThrow(/lifetime\.lifetimeUs/);
    expect(() => validateModel({ ...m, scattering: { ...m.scattering, gSm: -1 } })).not.toThrow(); // only finiteness is required
    expect(() => epsilonFromY(-1, 30, 10, 0.5)).toThrow(/^y: /);
    expect(() => epsilonFromY(1e-10, 30, 10, 0)).toThrow(/^alphaD: /);
    // Y = ε² α_D (m_χ/m_X)⁴ inverted: ε = √(Y·81/α_D) at m_X = 3m_χ
    expect(epsilonFromY(1e-10, 30, 10, 0.5)).toBeCloseTo(Math.sqrt((1e-10 * 81) / 0.5), 15);
  });

  it('widths: Γ_total = Γ_χ + Γ_e + Γ_μ; no width → BR 0 and infinite lifetime; lifetime ħ/Γ (µs)', () => {
    const m = singleMediatorModel(300, 100, 1e-2, 0.1);
    const w = mediatorWidths(m);
    const ge = (ALPHA_EM * 1e-4 * 300) / 3;
    const r = (MASS_ELECTRON_MEV / 300) ** 2;
    const rm = (MASS_MUON_MEV / 300) ** 2;
    const vis = ge * ((1 + 2 * r) * Math.sqrt(1 - 4 * r) + (1 + 2 * rm) * Math.sqrt(1 - 4 * rm));
    expect(w.visibleMeV).toBeCloseTo(vis, 15);
    const rc = 1 / 9;
    const gchi = ((0.1 * 300) / 3) * (1 + 2 * rc) * Math.sqrt(1 - 4 * rc);
    expect(w.chiMeV).toBeCloseTo(gchi, 12);
    expect(w.totalMeV).toBeCloseTo(gchi + vis, 12);
    expect(w.branchingToChi).toBeCloseTo(gchi / (gchi + vis), 12);
    expect(w.lifetimeFromWidthUs).toBeCloseTo((HBAR_MEV_S / (gchi + vis)) * 1e6, 30);
    const none = mediatorWidths(singleMediatorModel(30, 10, 0, 0));
    expect(none.totalMeV).toBe(0);
    expect(none.branchingToChi).toBe(0);
    expect(none.lifetimeFromWidthUs).toBe(Number.POSITIVE_INFINITY);
    // complex scalar: (α_D m/12) β³ (the other branch of widthToChiMeV)
    const cs = mediatorWidths(singleMediatorModel(300, 100, 1e-2, 0.1, { spin: 'complexScalar' }));
    expect(cs.chiMeV).toBeCloseTo(((0.1 * 300) / 12) * (5 / 9) ** 1.5, 12);
  });

  it('timing: a long-lived X from its width is not prompt; a fixed lifetime or a prompt one is exact', () => {
    const longLived = singleMediatorModel(30, 10, 1e-9, 0); // Γ = αε²m/3 ≈ 7e-20 MeV ⇒ τ ≈ 9e-3 s
    expect(mediatorLifetimeUs(longLived)).toBeGreaterThan(1e3);
    expect(couplingScaleIsExact(longLived)).toBe(false);
    expect(couplingScaleIsExact(benchmarkSingleMediator(30, 1e-4))).toBe(true); // τ ≈ 1e-22 s
    expect(couplingScaleIsExact({ ...longLived, lifetime: { kind: 'fixed', lifetimeUs: 1e6 } })).toBe(true);
  });
});

describe('recoil spectra per χ slice (recoil.ts) against their defining product and the endpoint rule', () => {
  const mChi = 10;
  const slicesOf = (mean: number, lo: number, hi: number, n = 2e-3) =>
    ({
      channel: 'pi0Decay',
      mediatorMassMeV: 30,
      chiMassMeV: mChi,
      edgesMeV: Float64Array.of(lo, hi),
      chiPerPot: Float64Array.of(n),
      meanEnergyMeV: Float64Array.of(mean),
      contentLoMeV: Float64Array.of(lo),
      contentHiMeV: Float64Array.of(hi),
      decayGamma: Float64Array.of(1),
      decayWeight: Float64Array.of(1),
    }) as Parameters<typeof sliceRecoilSpectra>[0];
  const POT = 1e20;
  const L_CM = 2000; // 20 m
  const photon = { proton: 1, neutron: 0, electron: -1 };
  // CsI: 55 + 53 electrons per formula unit, molar mass 259.81 g/mol (standard atomic weights)
  const unitsPerKg = (1000 / 259.81) * AVOGADRO_PER_MOL;

  it('prepareRecoilContext: input rules, units, scatterer counts per kg', () => {
    expect(() => prepareRecoilContext(TARGET_CSI, 0, [1], 'keVnr', 'nuclear')).toThrow(/massKg must be > 0, got 0/);
    expect(() => prepareRecoilContext(TARGET_CSI, NaN, [1], 'keVnr', 'nuclear')).toThrow(/massKg/);
    expect(() => prepareRecoilContext(TARGET_CSI, 1, [1], 'keVee', 'nuclear')).toThrow(/electron-equivalent/);
    expect(() => prepareRecoilContext(TARGET_CSI, 1, [1], 'GeV', 'nuclear')).toThrow(/recoilUnit must be 'keV…' or 'MeV', got 'GeV'/);
    expect(() => prepareRecoilContext(TARGET_CSI, 1, [0, 1], 'keVnr', 'nuclear')).toThrow(/positive and increasing \(index 0\)/);
    expect(() => prepareRecoilContext(TARGET_CSI, 1, [1, 1], 'keVnr', 'nuclear')).toThrow(/\(index 1\)/);
    expect(() => prepareRecoilContext(TARGET_CSI, 1, [2, 1], 'keVnr', 'nuclear')).toThrow(/\(index 1\)/);
    expect(prepareRecoilContext(TARGET_CSI, 1, [1], 'keVnr', 'nuclear').mevPerUnit).toBe(1e-3);
    expect(prepareRecoilContext(TARGET_CSI, 1, [1], 'MeV', 'electron').mevPerUnit).toBe(1);
    const e = prepareRecoilContext(TARGET_CSI, 2, [1, 2], 'MeV', 'electron');
    expect(e.mode).toBe('electron');
    expect(e.recoilUnit).toBe('MeV');
    expect(e.scatterers).toHaveLength(1);
    const sc = e.scatterers[0]!;
    expect(sc).toMatchObject({ name: 'e-', massMeV: MASS_ELECTRON_MEV, Z: 1, N: 0 });
    expect(sc.count / (2 * 108 * unitsPerKg)).toBeCloseTo(1, 4);
    expect(Array.from(sc.formFactor2)).toEqual([1, 1]);
    const n = prepareRecoilContext(TARGET_CSI, 2, [1, 10], 'keVnr', 'nuclear');
    expect(n.scatterers.map((s) => [s.name, s.Z, s.N])).toEqual([['Cs133', 55, 78], ['I127', 53, 74]]);
    for (const s of n.scatterers) {
      expect(s.count / (2 * unitsPerKg)).toBeCloseTo(1, 4);
      const R = s.name === 'Cs133' ? 4.8041 : 4.75; // charge radii of targets.ts (Angeli & Marinova 2013)
      for (const [r, T] of [1, 10].entries()) expect(s.formFactor2[r]).toBeCloseTo(helmFormFactor(momentumTransferMeV(T * 1e-3, s.massMeV), R) ** 2, 14);
    }
  });

  it('electron recoils, one mono-energetic slice: N_POT · n/(4πL²) · n_e · Q_e² · dσ̃/dE_r · (ħc)², zero beyond E_r^max', () => {
    const grid = [0.5, 2, 5, 10, 30, 60];
    const ctx = prepareRecoilContext(TARGET_CSI, 1, grid, 'MeV', 'electron');
    const sl = slicesOf(50, 50, 50);
    const got = sliceRecoilSpectra(sl, ctx, { massMeV: 30, charges: photon }, 'diracFermion', POT, 20);
    const ne = ctx.scatterers[0]!.count;
    const phi = (POT * 2e-3) / (4 * Math.PI * L_CM * L_CM);
    for (const [r, T] of grid.entries()) {
      const want = phi * ne * HBARC2_MEV2_CM2 * reducedCrossSection(50, T, mChi, MASS_ELECTRON_MEV, 30, 'diracFermion');
      if (want === 0) expect(got[r], `T = ${T}`).toBe(0);
      else expect(got[r]! / want, `T = ${T}`).toBeCloseTo(1, 12);
    }
    expect(got[2]).toBeGreaterThan(0); // E_min(5 MeV) = 27 MeV < 50 MeV
    expect(got[4]).toBe(0); // E_min(30 MeV) = 72 MeV > 50 MeV
    // only the electron charge counts for electron recoils (Q² = 4 for charge 2); nuclear charges are ignored
    const q2 = sliceRecoilSpectra(sl, ctx, { massMeV: 30, charges: { proton: 7, neutron: 3, electron: 2 } }, 'diracFermion', POT, 20);
    for (let r = 0; r < 3; r++) expect(q2[r]! / got[r]!).toBeCloseTo(4, 12);
    // the output buffer is overwritten, not accumulated into
    const buf = new Float64Array(grid.length).fill(7);
    expect(sliceRecoilSpectra(sl, ctx, { massMeV: 30, charges: photon }, 'diracFermion', POT, 20, buf)).toBe(buf);
    expect(Array.from(buf)).toEqual(Array.from(got));
  });

  it('two slices: each row is the spectrum of its own slice (row-major [slice][grid])', () => {
    const grid = [0.5, 2, 5];
    const ctx = prepareRecoilContext(TARGET_CSI, 1, grid, 'MeV', 'electron');
    const v = { massMeV: 30, charges: photon };
    const one = (E: number, n: number) => sliceRecoilSpectra(slicesOf(E, E, E, n), ctx, v, 'diracFermion', POT, 20);
    const two = {
      ...slicesOf(30, 30, 30),
      chiPerPot: Float64Array.of(1e-3, 3e-3),
      meanEnergyMeV: Float64Array.of(30, 50),
      contentLoMeV: Float64Array.of(30, 50),
      contentHiMeV: Float64Array.of(30, 50),
      edgesMeV: Float64Array.of(20, 40, 60),
    };
    const got = sliceRecoilSpectra(two, ctx, v, 'diracFermion', POT, 20);
    expect(got).toHaveLength(6);
    expect(Array.from(got.subarray(0, 3))).toEqual(Array.from(one(30, 1e-3)));
    expect(Array.from(got.subarray(3, 6))).toEqual(Array.from(one(50, 3e-3)));
    expect(got[3]).toBeGreaterThan(0);
  });

  it('nuclear recoils: Σ_nuclei n_i (Z_i q_p + N_i q_n)² F_i² dσ̃ (keVnr grid, (ħc)² · 1e-3 MeV per keV)', () => {
    const grid = [1, 5, 20];
    const ctx = prepareRecoilContext(TARGET_CSI, 3, grid, 'keVnr', 'nuclear');
    const charges = { proton: 1, neutron: 0.5, electron: -1 };
    const got = sliceRecoilSpectra(slicesOf(50, 50, 50), ctx, { massMeV: 30, charges }, 'complexScalar', POT, 20);
    const phi = (POT * 2e-3) / (4 * Math.PI * L_CM * L_CM);
    for (const [r, T] of grid.entries()) {
      let want = 0;
      for (const s of ctx.scatterers) {
        const q = s.Z + 0.5 * s.N;
        want += s.count * q * q * s.formFactor2[r]! * reducedCrossSection(50, T * 1e-3, mChi, s.massMeV, 30, 'complexScalar');
      }
      want *= phi * HBARC2_MEV2_CM2 * 1e-3;
      expect(got[r]! / want).toBeCloseTo(1, 12);
    }
    // zero charges: nothing scatters; an empty slice adds nothing
    expect(Array.from(sliceRecoilSpectra(slicesOf(50, 50, 50), ctx, { massMeV: 30, charges: { proton: 0, neutron: 0, electron: 1 } }, 'diracFermion', POT, 20))).toEqual([0, 0, 0]);
    expect(Array.from(sliceRecoilSpectra(slicesOf(50, 50, 50, 0), ctx, { massMeV: 30, charges }, 'diracFermion', POT, 20))).toEqual([0, 0, 0]);
  });

  it('endpoint smoothing (module comment): fraction (b − E_min)/(b − a) of the slice, evaluated at Ē + (E_min − a)(b − Ē)/(b − a)', () => {
    const grid = [1, 5, 10, 12, 15, 20, 25];
    const ctx = prepareRecoilContext(TARGET_CSI, 1, grid, 'MeV', 'electron');
    const [a, b, mean] = [40, 60, 48];
    const got = sliceRecoilSpectra(slicesOf(mean, a, b), ctx, { massMeV: 30, charges: photon }, 'diracFermion', POT, 20);
    const pref = ((POT * 2e-3) / (4 * Math.PI * L_CM * L_CM)) * ctx.scatterers[0]!.count * HBARC2_MEV2_CM2;
    let partial = 0;
    for (const [r, T] of grid.entries()) {
      const em = minProjectileEnergyMeV(T, MASS_ELECTRON_MEV, mChi);
      let want = 0;
      if (em < b) {
        const inside = em > a;
        if (inside) partial++;
        const frac = inside ? (b - em) / (b - a) : 1;
        const e = inside ? mean + ((em - a) * (b - mean)) / (b - a) : mean;
        want = pref * frac * reducedCrossSection(e, T, mChi, MASS_ELECTRON_MEV, 30, 'diracFermion');
      }
      if (want === 0) expect(got[r], `T = ${T}`).toBe(0);
      else expect(got[r]! / want, `T = ${T}`).toBeCloseTo(1, 12);
    }
    expect(partial).toBeGreaterThanOrEqual(2); // the grid crosses the slice's content range
    expect(got[6]).toBe(0);
  });
});
