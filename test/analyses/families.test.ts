/**
 * Signal families (src/analyses/families/): each family's coupling convention checked against an independent
 * relation between families, on the CsI-2017 binding's real detector templates.
 *  - two-mediator with photon-like V′ charges and m_V′ = m_A′ IS the single-mediator dark photon: with ε′ = ε and
 *    e·ε′_D = √(4πα_D), ε_eff = ε²·√(4πα_D)/e·√BR and Y = ε²α_D(m_χ/m_A′)⁴, so the two families' templates must be
 *    the same physics: equal shapes, and reference couplings related by ε_eff = Y·√(4πα_D)/(e·α_D·r⁴)·√BR;
 *  - the long-lived family at a lifetime far below the pulse width is the prompt dark photon;
 *  - the scalar family has the same Y but a different (spin-dependent) rate;
 *  - configs: unknown family keys are errors, legacy keys get a message naming the new key.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type SignalConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { FAMILIES } from '../../src/analyses/families/index.js';
import type { DmSignalTemplates, ExperimentAnalysis } from '../../src/analyses/types.js';
import { ALPHA_EM } from '../../src/physics/constants.js';

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));
const total = (t: DmSignalTemplates): number => [...t.perChannel.values()].reduce((s, v) => s + v.reduce((a, b) => a + b, 0), 0);
const flat = (t: DmSignalTemplates): Float64Array => Float64Array.from([...t.perChannel.values()].flatMap((v) => Array.from(v)));

let exp: ExperimentAnalysis;
beforeAll(async () => {
  exp = await buildExperiment(loadAnalysisConfig(fits('csi2017-dm-limit.yaml')).config);
});

const M = 75;
const ALPHA_D = 0.5;
const R = 1 / 3;
const dp = { family: 'dark-photon', mass_MeV: M, chi_mass_ratio: 3, alpha_D: ALPHA_D, production: ['pi0', 'piminus', 'brem'], piminus_capture: 'heavy-nucleus' } as unknown as SignalConfig;

describe('signal families', () => {
  it('are registered with a coupling, its formula and the count power', () => {
    expect([...FAMILIES.keys()].sort()).toEqual(['dark-photon', 'dark-photon-epsilon', 'dark-photon-long-lived', 'dark-photon-scalar', 'leptophobic', 'two-mediator']);
    for (const f of FAMILIES.values()) {
      expect(f.coupling.formula).toContain('=');
      // counts ∝ c^countPower: Y, ε_eff, α_B enter squared; the kinetic mixing ε to the fourth power
      expect(f.countPower).toBe(f.name === 'dark-photon-epsilon' ? 4 : 2);
    }
  });

  it('two-mediator with photon-like charges and m_V′ = m_A′ reproduces the dark photon (ε_eff ↔ Y)', () => {
    const tm = { family: 'two-mediator', mass_MeV: M, production_mass_MeV: M, chi_mass_MeV: M * R, alpha_D: ALPHA_D, charges: 'dark-photon-like', production: dp.production, piminus_capture: dp.piminus_capture } as unknown as SignalConfig;
    const a = exp.dmSignal(dp, M);
    const b = exp.dmSignal(tm, M);
    // Same shape, bin by bin (both are normalised to REFERENCE_EVENTS at their reference coupling).
    const fa = flat(a);
    const fb = flat(b);
    for (let i = 0; i < fa.length; i++) expect(fb[i]!).toBeCloseTo(fa[i]!, 9);
    // Same physics at the same event count ⇒ ε_eff(ref) = Y(ref)·√(4πα_D)/(e·α_D·r⁴)·√BR, BR = 1 to 1e-9 here.
    const e = Math.sqrt(4 * Math.PI * ALPHA_EM);
    const predicted = (a.referenceCoupling * Math.sqrt(4 * Math.PI * ALPHA_D)) / (e * ALPHA_D * R ** 4);
    expect(b.referenceCoupling / predicted).toBeCloseTo(1, 7);
  });

  it('baryophilic V′ scatters on neutrons too: more events per ε_eff² than photon-like charges on Cs/I', () => {
    const base = { family: 'two-mediator', mass_MeV: 30, production_mass_MeV: M, chi_mass_MeV: 25, alpha_D: ALPHA_D, production: dp.production, piminus_capture: dp.piminus_capture };
    const bar = exp.dmSignal({ ...base, charges: 'baryophilic' } as unknown as SignalConfig, 30);
    const pho = exp.dmSignal({ ...base, charges: 'dark-photon-like' } as unknown as SignalConfig, 30);
    // Coherent rate ∝ (Σ charges)²: A² vs Z² for Cs (A 133, Z 55) and I (A 127, Z 53); form factors equal ⇒ ratio within those bounds.
    const ratio = (pho.referenceCoupling / bar.referenceCoupling) ** 2;
    expect(ratio).toBeGreaterThan((127 / 53) ** 2 * 0.999);
    expect(ratio).toBeLessThan((133 / 55) ** 2 * 1.001);
  });

  it('the long-lived family at τ ≪ the pulse width is the prompt dark photon; at τ = 1 µs the χ arrive later', () => {
    const ll = (tau: number) => ({ ...dp, family: 'dark-photon-long-lived', lifetime_us: tau }) as unknown as SignalConfig;
    const a = exp.dmSignal(dp, 138);
    const b = exp.dmSignal(ll(1e-7), 138);
    expect(b.referenceCoupling / a.referenceCoupling).toBeCloseTo(1, 6);
    const c = exp.dmSignal(ll(1), 138);
    // Mean arrival time over the coincidence channel (time inner, 0.5-µs bins): later for the long-lived A′.
    const meanT = (t: DmSignalTemplates): number => {
      const v = t.perChannel.get('coincidence')!;
      let s = 0;
      let w = 0;
      for (let i = 0; i < v.length; i++) {
        s += v[i]! * ((i % 24) + 0.5) * 0.5;
        w += v[i]!;
      }
      return s / w;
    };
    expect(meanT(c)).toBeGreaterThan(meanT(a) + 0.3);
  });

  it('the scalar family has the same Y but a spin-dependent rate', () => {
    const s = exp.dmSignal({ ...dp, family: 'dark-photon-scalar' } as unknown as SignalConfig, M);
    const d = exp.dmSignal(dp, M);
    expect(s.coupling.name).toBe('Y');
    expect(Math.abs(s.referenceCoupling / d.referenceCoupling - 1)).toBeGreaterThan(0.05);
    expect(total(s)).toBeCloseTo(10, 9);
  });
});

describe('signal config', () => {
  const cfg = (signal: Record<string, unknown>) => parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'x', experiment: 'csi2017', signal }, 'x.yaml');
  it('defaults to the dark photon and rejects keys of other families', () => {
    expect(cfg({ mass_MeV: 50 }).config.signal!.family).toBe('dark-photon');
    expect(() => cfg({ family: 'dark-photon', production_mass_MeV: 75 })).toThrow(/production_mass_MeV/);
    expect(() => cfg({ family: 'two-mediator', production_mass_MeV: 40, chi_mass_MeV: 25 })).toThrow(/signal\.production_mass_MeV/);
    expect(() => cfg({ family: 'nope' })).toThrow(/family/);
  });
  it('names the new key for legacy keys', () => {
    expect(() => cfg({ mediator: 'single' })).toThrow(/signal\.family/);
    expect(() => cfg({ chi_spin: 'scalar' })).toThrow(/dark-photon-scalar/);
    expect(() => cfg({ lifetime_us: 1 })).toThrow(/dark-photon-long-lived/);
    expect(() => parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'x', experiment: 'csi2017', physics: { Rn_fm: 5 } }, 'x.yaml')).toThrow(/parameters\.Rn\.value/);
    expect(() => parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'x', experiment: 'csi2017', nuisances: {} }, 'x.yaml')).toThrow(/parameters/);
  });
});
