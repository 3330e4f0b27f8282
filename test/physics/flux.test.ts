import { describe, expect, it } from 'vitest';
import { michelNuE, michelNuMuBar, promptNuMu, tabulatedSpectrum, fluencePerFlavorPerCm2, piDarFluxComponents } from '../../src/physics/flux.js';
import { integrate } from '../../src/physics/numerics.js';
import { SNS_CSI2017_SOURCE } from '../../src/detectors/sources.js';

const moments = (s: ReturnType<typeof michelNuE>, eMin: number): number[] => {
  const o = new Float64Array(3);
  s.moments(eMin, o);
  return Array.from(o);
};

describe('π-DAR spectra', () => {
  it('Michel spectra are normalised and have the known means (ν_e: 3/5, ν̄_μ: 7/10 of E_max)', () => {
    for (const [s, meanFrac] of [[michelNuE(), 0.6], [michelNuMuBar(), 0.7]] as const) {
      const Emax = s.maxEnergyMeV;
      expect(integrate((e) => s.density(e), 0, Emax, 32)).toBeCloseTo(1, 12);
      expect(integrate((e) => e * s.density(e), 0, Emax, 32) / Emax).toBeCloseTo(meanFrac, 12);
      expect(s.density(Emax * 1.01)).toBe(0);
    }
  });

  it('closed-form inverse-energy moments equal numerical integrals of the density', () => {
    for (const s of [michelNuE(), michelNuMuBar()]) {
      for (const eMin of [0, 5, 30, 52]) {
        const m = moments(s, eMin);
        for (let k = 0; k < 3; k++) {
          const num = integrate((e) => s.density(e) * e ** -k, eMin, s.maxEnergyMeV, 32, 4);
          expect(m[k]).toBeCloseTo(num, 12);
        }
      }
      expect(moments(s, 60)).toEqual([0, 0, 0]);
    }
  });

  it('prompt line moments and tabulated spectrum moments', () => {
    const p = promptNuMu();
    expect(moments(p, 10)[1]).toBeCloseTo(1 / 29.792, 4);
    expect(moments(p, 30)).toEqual([0, 0, 0]);
    // a tabulated copy of the ν_e Michel spectrum reproduces its moments
    const e = Array.from({ length: 401 }, (_, i) => (i / 400) * michelNuE().maxEnergyMeV);
    const t = tabulatedSpectrum('nue', e, e.map((x) => michelNuE().density(x)), 'tab');
    const a = new Float64Array(3);
    t.moments(20, a);
    const b = moments(michelNuE(), 20);
    for (let k = 0; k < 3; k++) expect(a[k]! / b[k]! - 1).toBeLessThan(1e-4);
  });

  it('fluence r·N_POT/(4πL²) for CsI-2017 = 3.0e14 /cm² (= 1.13e7 /cm²/s × 308.1 d of the reference code)', () => {
    const phi = fluencePerFlavorPerCm2(SNS_CSI2017_SOURCE);
    expect(phi / (1.13e7 * 308.1 * 86400)).toBeCloseTo(1, 2);
    expect(piDarFluxComponents(SNS_CSI2017_SOURCE).map((c) => c.spectrum.flavor)).toEqual(['numu', 'nue', 'numubar']);
  });
});
