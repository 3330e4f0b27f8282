import { describe, expect, it } from 'vitest';
import { CevnsKernel, cevnsDifferentialCrossSection, cevnsRecoilSpectrumSlow, radiativeCouplings, treeLevelCouplings, weakChargeAtRecoil } from '../../src/physics/cevns.js';
import { NUCLEI, TARGET_CSI, TARGET_LAR } from '../../src/physics/targets.js';
import { FERMI_CONSTANT_PER_MEV2, HBARC2_MEV2_CM2 } from '../../src/physics/constants.js';
import { piDarFluxComponents } from '../../src/physics/flux.js';
import { SNS_CSI2017_SOURCE } from '../../src/detectors/sources.js';

const radii = { neutronRmsFm: 4.7 };

describe('CEvNS cross section', () => {
  it('T → 0 gives the coherent limit G_F² M Q_W²/(4π) with Q_W = N − (1 − 4 s²) Z at tree level', () => {
    const s2 = 0.23857;
    const c = treeLevelCouplings(s2);
    const nuc = NUCLEI.Cs133;
    const QW = nuc.N - (1 - 4 * s2) * nuc.Z;
    const expected = ((FERMI_CONSTANT_PER_MEV2 ** 2 * nuc.massMeV) / (4 * Math.PI)) * QW * QW * HBARC2_MEV2_CM2;
    expect(cevnsDifferentialCrossSection(30, 1e-9, nuc, 'numu', c, radii) / expected).toBeCloseTo(1, 6);
    expect(Math.abs(weakChargeAtRecoil(nuc, 0, 'nue', c, radii))).toBeCloseTo(QW, 10);
  });

  it('radiative couplings: g_V^p ≈ 0.0304 (vs 0.0229 at tree level), g_V^n ≈ −0.512', () => {
    const r = radiativeCouplings();
    expect(r.gVp).toBeCloseTo(0.0304, 3);
    expect(r.gVn).toBeCloseTo(-0.5122, 3);
  });

  it('vanishes at and beyond the kinematic endpoint; total σ ∝ N² E² scaling at low E', () => {
    const nuc = NUCLEI.Ar40;
    const Tmax = (2 * 30 * 30) / (nuc.massMeV + 60);
    expect(cevnsDifferentialCrossSection(30, Tmax * 1.0001, nuc, 'numu', treeLevelCouplings(), { neutronRmsFm: 3.4 })).toBe(0);
    // For F = 1 and E ≪ M: σ_tot = G_F² Q_W² E²/(4π) (Drukier–Stodolsky); check numerically at E = 5 MeV
    const E = 5;
    const c = treeLevelCouplings();
    const big = { neutronRmsFm: 1.6, protonRmsFm: 1.6, skinFm: 0.01 }; // nearly point-like nucleus: F ≈ 1
    const tm = (2 * E * E) / (nuc.massMeV + 2 * E);
    let s = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) s += cevnsDifferentialCrossSection(E, ((i + 0.5) / n) * tm, nuc, 'numu', c, big) * (tm / n);
    const QW = nuc.N - (1 - 4 * 0.23857) * nuc.Z;
    expect(s / ((FERMI_CONSTANT_PER_MEV2 ** 2 * QW * QW * E * E) / (4 * Math.PI) * HBARC2_MEV2_CM2)).toBeCloseTo(1, 2);
  });

  it('fast kernel equals the slow readable spectrum (Cs+I, all π-DAR components) within 1e-7', () => {
    const grid = Float64Array.from([0.5, 3, 10, 14, 14.32, 20, 35, 45, 47]);
    const comps = piDarFluxComponents(SNS_CSI2017_SOURCE);
    const k = new CevnsKernel({ target: TARGET_CSI, massKg: 14.57, components: comps, recoilKeV: grid, couplings: radiativeCouplings() });
    for (let c = 0; c < comps.length; c++) {
      const fast = k.spectrum(c, { radii });
      grid.forEach((T, i) => {
        let slow = 0;
        for (const tn of TARGET_CSI.nuclei) slow += cevnsRecoilSpectrumSlow(T, tn.nucleus, tn.nucleiPerKg * 14.57, comps[c]!.spectrum, comps[c]!.fluencePerCm2, radiativeCouplings(), radii);
        if (slow === 0) expect(fast[i]).toBeLessThan(1e-12);
        else expect(Math.abs(fast[i]! / slow - 1)).toBeLessThan(1e-7);
      });
    }
  });

  it('NSI flavour by flavour: ε_ee changes only ν_e by the weak-charge ratio; heavy mediator → contact NSI; ν_e-only mediator', () => {
    const grid = Float64Array.from([5, 20]);
    const comps = piDarFluxComponents(SNS_CSI2017_SOURCE);
    const c = radiativeCouplings();
    const k = new CevnsKernel({ target: TARGET_LAR, massKg: 1, components: comps, recoilKeV: grid, couplings: c });
    const sm = comps.map((_, i) => Float64Array.from(k.spectrum(i, { radii: { neutronRmsFm: 3.4 } })));
    const nsi = { eeU: 0.3, eeD: 0.1, mumuU: 0, mumuD: 0 };
    const withNsi = comps.map((_, i) => Float64Array.from(k.spectrum(i, { radii: { neutronRmsFm: 3.4 }, newPhysics: { nsi } })));
    expect(withNsi[0]![0]).toBeCloseTo(sm[0]![0]!, 20); // prompt ν_μ unchanged
    expect(withNsi[2]![1]).toBeCloseTo(sm[2]![1]!, 20); // ν̄_μ unchanged
    // ν_e: ratio equals the ratio of squared weak charges (form factors cancel when R_p = R_n)
    const nuc = NUCLEI.Ar40;
    const same = { neutronRmsFm: 3.4, protonRmsFm: 3.4 };
    const q0 = weakChargeAtRecoil(nuc, 0.02, 'nue', c, same);
    const q1 = weakChargeAtRecoil(nuc, 0.02, 'nue', c, same, { nsi });
    const gp = c.gVp + 2 * 0.3 + 0.1;
    const gn = c.gVn + 0.3 + 0.2;
    expect(q1 / q0).toBeCloseTo((nuc.Z * gp + nuc.N * gn) / (nuc.Z * c.gVp + nuc.N * c.gVn), 12);
    // mediator with m² ≫ q²: ε = g_ν g_q/(2√2 G_F m²)
    const m = 1e5;
    const g = 1e-3;
    const eps = (g * g) / (2 * Math.SQRT2 * FERMI_CONSTANT_PER_MEV2 * m * m);
    const viaMed = weakChargeAtRecoil(nuc, 0.02, 'nue', c, same, { mediator: { massMeV: m, gNuE: g, gNuMu: 0, gU: g, gD: g } });
    const viaNsi = weakChargeAtRecoil(nuc, 0.02, 'nue', c, same, { nsi: { eeU: eps, eeD: eps, mumuU: 0, mumuD: 0 } });
    expect(viaMed / viaNsi).toBeCloseTo(1, 6);
    // ν_e-only mediator leaves ν_μ untouched; the light mediator's effect falls with q² (1/(q²+m²))
    expect(weakChargeAtRecoil(nuc, 0.02, 'numu', c, same, { mediator: { massMeV: 10, gNuE: 1e-4, gNuMu: 0, gU: 1e-4, gD: 1e-4 } })).toBe(weakChargeAtRecoil(nuc, 0.02, 'numu', c, same));
    const dLow = weakChargeAtRecoil(nuc, 0.001, 'nue', c, same, { mediator: { massMeV: 10, gNuE: 1e-4, gNuMu: 0, gU: 1e-4, gD: 1e-4 } }) / weakChargeAtRecoil(nuc, 0.001, 'nue', c, same) - 1;
    const dHigh = weakChargeAtRecoil(nuc, 0.05, 'nue', c, same, { mediator: { massMeV: 10, gNuE: 1e-4, gNuMu: 0, gU: 1e-4, gD: 1e-4 } }) / weakChargeAtRecoil(nuc, 0.05, 'nue', c, same) - 1;
    expect(Math.abs(dLow)).toBeGreaterThan(Math.abs(dHigh) * 1.5);
  });
});
