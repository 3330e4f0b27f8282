/**
 * Tests for mutants of src/physics/dm found by the sampled mutation run (docs/testing.md "Scores per folder"), each
 * against a closed form or an input rule stated in the code's documentation.
 */
import { describe, expect, it } from 'vitest';
import { derivedCouplings, singleMediatorModel, validateModel } from '../../../src/physics/dm/model.js';
import { preparePhotonSpectrum } from '../../../src/physics/dm/production.js';
import { chiDegreesOfFreedom, relicDensity } from '../../../src/physics/dm/relic.js';
import { hasSource, type DmProductionSources } from '../../../src/physics/dm/signal.js';
import { interpolateDof, plasmaDof } from '../../../src/physics/dm/thermal.js';

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
