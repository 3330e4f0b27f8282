/**
 * The leptophobic family (src/analyses/families/leptophobic.ts) against independent relations, on the CsI-2017
 * binding's real detector templates:
 *  - identity: a baryon-number vector produced in π⁰ → γV and scattering on nucleons IS the two-mediator family with
 *    baryophilic V′ charges, m_V′ = m_A′ = m_V and π⁰ production only: equal templates bin by bin, and reference
 *    couplings related by e⁴ε_eff² = (α_B/α)(4πα_B)(4πα_χ), i.e. ε_eff = α_B √α_χ / α^{3/2};
 *  - N ∝ α_B² (count power 2) from the physical model at two couplings;
 *  - the baryonic coherent rate exceeds the photon-like one by A²/Z² on Cs/I;
 *  - the meson factors: the π⁰ amplitude ratio γV_B/γγ per unit g_B/e, (Q_u − Q_d)B/(Q_u² − Q_d²) with B = 1/3, is 1;
 *    a pure-octet η (θ_P = 0) couples to γV_B exactly as to γγ (factor 1);
 *  - configs: π⁻ capture and the e± cascade are refused.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type SignalConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { etaBaryonicCouplingFactor, leptophobicModel } from '../../src/analyses/families/leptophobic.js';
import type { DmSignalTemplates, ExperimentAnalysis } from '../../src/analyses/types.js';
import { ALPHA_EM } from '../../src/physics/constants.js';
import { signalCouplingScale } from '../../src/physics/dm/model.js';

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));
const flat = (t: DmSignalTemplates): Float64Array => Float64Array.from([...t.perChannel.values()].flatMap((v) => Array.from(v)));

let exp: ExperimentAnalysis;
beforeAll(async () => {
  exp = await buildExperiment(loadAnalysisConfig(fits('csi2017-dm-limit.yaml')).config);
});

const M = 60;
const lep = { family: 'leptophobic', mass_MeV: M, chi_mass_ratio: 3, alpha_chi: 0.5, chi_type: 'fermion', production: ['pi0'], piminus_capture: 'heavy-nucleus' } as unknown as SignalConfig;

describe('leptophobic family', () => {
  it('is the two-mediator family with baryophilic charges, m_V′ = m_A′ and π⁰ production (bin by bin; ε_eff = α_B√α_χ/α^{3/2})', () => {
    const tm = { family: 'two-mediator', mass_MeV: M, production_mass_MeV: M, chi_mass_MeV: M / 3, alpha_D: 0.5, charges: 'baryophilic', production: ['pi0'], piminus_capture: 'heavy-nucleus' } as unknown as SignalConfig;
    const a = exp.dmSignal(lep, M);
    const b = exp.dmSignal(tm, M);
    const fa = flat(a);
    const fb = flat(b);
    let sum = 0;
    for (let i = 0; i < fa.length; i++) {
      expect(fa[i]!).toBeCloseTo(fb[i]!, 9);
      sum += fa[i]!;
    }
    expect(sum).toBeCloseTo(10, 6);
    const predicted = (a.referenceCoupling * Math.sqrt(0.5)) / ALPHA_EM ** 1.5;
    expect(b.referenceCoupling / predicted).toBeCloseTo(1, 6);
    expect(a.coupling.name).toBe('alpha_B');
  });

  it('counts scale as α_B² (count power 2)', () => {
    const o = { chi_mass_ratio: 3, alpha_chi: 0.5, chi_type: 'scalar' as const };
    const r = signalCouplingScale(leptophobicModel(o, M, 2e-10)) / signalCouplingScale(leptophobicModel(o, M, 1e-10));
    expect(r).toBeCloseTo(4, 6);
  });

  it('scatters on A nucleons: more events per α_B² than a photon-like vector of the same production (A²/Z² on Cs/I)', () => {
    const bar = { family: 'two-mediator', mass_MeV: M, production_mass_MeV: M, chi_mass_MeV: M / 3, alpha_D: 0.5, production: ['pi0'], piminus_capture: 'heavy-nucleus' };
    const a = exp.dmSignal(lep, M);
    const pho = exp.dmSignal({ ...bar, charges: 'dark-photon-like' } as unknown as SignalConfig, M);
    const b = exp.dmSignal({ ...bar, charges: 'baryophilic' } as unknown as SignalConfig, M);
    const ratio = (pho.referenceCoupling / b.referenceCoupling) ** 2;
    expect(ratio).toBeGreaterThan((127 / 53) ** 2 * 0.999);
    expect(ratio).toBeLessThan((133 / 55) ** 2 * 1.001);
    expect(a.referenceCoupling).toBeGreaterThan(0);
  });

  it('meson coupling factors from the quark charges: π⁰ 1, pure-octet η 1, physical η < 1', () => {
    // π⁰ ∝ Tr[τ³ Q X]: γγ (X = Q) and γV_B (X = B·g_B/e, B = 1/3): ratio per unit g_B/e
    const [qu, qd] = [2 / 3, -1 / 3];
    expect(((qu - qd) / 3) / (qu * qu - qd * qd)).toBeCloseTo(1, 12);
    expect(etaBaryonicCouplingFactor(0)).toBeCloseTo(1, 12);
    // physical η: singlet/octet γγ anomaly ratio from the charges, Tr[λ₀Q²]/Tr[λ₈Q²] with λ₈ = diag(1,1,−2)/√3,
    // λ₀ = √(2/3)·1, Q = diag(2/3, −1/3, −1/3); the singlet does not couple to baryon number (Σ Q_q = 0)
    const Q = [2 / 3, -1 / 3, -1 / 3];
    const l8 = [1, 1, -2].map((v) => v / Math.sqrt(3));
    const tr = (l: number[], x: number[]) => l.reduce((a, v, i) => a + v * x[i]!, 0);
    const Q2 = Q.map((q) => q * q);
    const r = tr(Q.map(() => Math.sqrt(2 / 3)), Q2) / tr(l8, Q2);
    expect(tr(Q.map(() => Math.sqrt(2 / 3)), Q.map((q) => q / 3))).toBeCloseTo(0, 12);
    const th = (-20 * Math.PI) / 180;
    expect(etaBaryonicCouplingFactor()).toBeCloseTo((Math.cos(th) / (Math.cos(th) - r * Math.sin(th))) ** 2, 10);
  });

  it('refuses production channels that do not carry baryon number', () => {
    const cfg = (production: string[]) =>
      parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'x', experiment: 'csi2017', signal: { family: 'leptophobic', production } }, 'x.yaml');
    expect(() => cfg(['pi0', 'brem'])).toThrow(/signal\.production.*brem/);
    expect(() => cfg(['pi0', 'piminus'])).toThrow(/signal\.production.*piminus/);
    expect(cfg(['pi0']).config.signal!.family).toBe('leptophobic');
  });
});
