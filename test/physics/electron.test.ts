import { describe, expect, it } from 'vitest';
import { nuElectronDifferentialCrossSection, nuElectronRecoilSpectrum, nuElectronRecoilSpectrumSlow, electronCouplings } from '../../src/physics/electron.js';
import { FERMI_CONSTANT_PER_MEV2, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV } from '../../src/physics/constants.js';
import { piDarFluxComponents } from '../../src/physics/flux.js';
import { SNS_CSI2017_SOURCE } from '../../src/detectors/sources.js';

describe('ν–e elastic scattering', () => {
  it('E ≫ m_e: σ_tot → (2G_F² m_e E/π)(g_L² + g_R²/3) (standard result)', () => {
    for (const f of ['nue', 'numu', 'numubar'] as const) {
      const E = 5000;
      const Tmax = (2 * E * E) / (MASS_ELECTRON_MEV + 2 * E);
      let s = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) s += nuElectronDifferentialCrossSection(E, ((i + 0.5) / n) * Tmax, f) * (Tmax / n);
      const { gL, gR } = electronCouplings(f);
      const exp = ((2 * FERMI_CONSTANT_PER_MEV2 ** 2 * MASS_ELECTRON_MEV * E) / Math.PI) * (gL * gL + (gR * gR) / 3) * HBARC2_MEV2_CM2;
      expect(s / exp).toBeCloseTo(1, 3);
    }
  });

  it('ν_e couples through NC+CC (g_L = ½ + s²), antineutrinos swap g_L ↔ g_R; σ(ν_e e) ≈ 9.2e−45 cm² E/MeV', () => {
    expect(electronCouplings('nue').gL).toBeCloseTo(0.5 + 0.23857, 10);
    expect(electronCouplings('numubar').gR).toBeCloseTo(-0.5 + 0.23857, 10);
    // PDG/Marciano–Parsa: σ(ν_e e) ≈ 0.93e−43 cm² (E/10 MeV) for E ≫ m_e
    const E = 100;
    const Tmax = (2 * E * E) / (MASS_ELECTRON_MEV + 2 * E);
    let s = 0;
    for (let i = 0; i < 20000; i++) s += nuElectronDifferentialCrossSection(E, ((i + 0.5) / 20000) * Tmax, 'nue') * (Tmax / 20000);
    expect(s / 1e-44 / E * 1).toBeGreaterThan(0.88);
    expect(s / 1e-44 / E).toBeLessThan(0.98);
  });

  it('fast moment-based spectrum equals the slow integral', () => {
    const T = Float64Array.from([0.5, 5, 20, 40, 52]);
    for (const c of piDarFluxComponents(SNS_CSI2017_SOURCE)) {
      const fast = nuElectronRecoilSpectrum(T, 1e30, c);
      T.forEach((t, i) => {
        const slow = nuElectronRecoilSpectrumSlow(t, 1e30, c.spectrum, c.fluencePerCm2);
        if (slow === 0) expect(fast[i]).toBeLessThan(1e-20);
        else expect(Math.abs(fast[i]! / slow - 1)).toBeLessThan(1e-8);
      });
    }
  });
});
