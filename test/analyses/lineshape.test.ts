/**
 * The mediator line shape in an analysis (signal.mediator_lineshape, schema 1.2.0; docs/physics.md §2.8): the
 * Breit–Wigner line shape keeps π⁰ → γX* → γχχ̄ open above m_A′ = m_π⁰ until 2m_χ reaches m_π⁰, and the default
 * (narrow width) is unchanged.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type SignalConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import type { ExperimentAnalysis } from '../../src/analyses/types.js';
import { MASS_PI0_MEV } from '../../src/physics/constants.js';

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));

let exp: ExperimentAnalysis;
let base: SignalConfig;
beforeAll(async () => {
  const loaded = loadAnalysisConfig(fits('csi2017-dm-limit.yaml'));
  exp = await buildExperiment(loaded.config);
  base = loaded.config.signal!;
});

const withShape = (shape: 'narrow-width' | 'breit-wigner' | undefined, production: string[] = ['pi0']): SignalConfig =>
  ({ ...base, production, ...(shape ? { mediator_lineshape: shape } : {}) }) as unknown as SignalConfig;

describe('signal.mediator_lineshape', () => {
  it('needs schemaVersion 1.2.0 and is one of narrow-width / breit-wigner', () => {
    const raw = { schemaVersion: '1.1.0', name: 't', experiment: 'csi2017', data: 'observed', signal: { family: 'dark-photon', mediator_lineshape: 'breit-wigner' } };
    expect(() => parseAnalysisConfig(raw, 't.yaml')).toThrow(/t\.yaml: signal\.mediator_lineshape.*schemaVersion: 1\.2\.0/s);
    expect(parseAnalysisConfig({ ...raw, schemaVersion: '1.2.0' }, 't.yaml').config.signal!.mediator_lineshape).toBe('breit-wigner');
    expect(() => parseAnalysisConfig({ ...raw, schemaVersion: '1.2.0', signal: { ...raw.signal, mediator_lineshape: 'lorentzian' } }, 't.yaml')).toThrow(/mediator_lineshape/);
  });

  it('the default is the narrow width: omitting the key gives the same templates bit for bit', () => {
    const a = exp.dmSignal(withShape(undefined), 60);
    const b = exp.dmSignal(withShape('narrow-width'), 60);
    expect(b.referenceCoupling).toBe(a.referenceCoupling);
  });

  it('near the pole the Breit–Wigner rate is the narrow-width rate within a few Γ/m (α_D = 0.5: Γ/m ≈ 1.7 %)', () => {
    const nw = exp.dmSignal(withShape('narrow-width'), 30);
    const bw = exp.dmSignal(withShape('breit-wigner'), 30);
    // counts ∝ Y², so the reference Y moves by half the relative rate change
    expect(Math.abs(bw.referenceCoupling / nw.referenceCoupling - 1)).toBeLessThan(0.03);
  });

  it('above m_π⁰ the π⁰ channel stays open off shell (no note) while on-shell production is closed', () => {
    const m = 150; // m_χ = 50 MeV < m_π⁰/2
    const nw = exp.dmSignal(withShape('narrow-width'), m);
    expect(nw.byProduction['pi0']).toBe(0);
    expect(nw.notes!.join(' ')).toMatch(/pi0 is closed/);
    const bw = exp.dmSignal(withShape('breit-wigner'), m);
    expect(bw.byProduction['pi0']!).toBeCloseTo(10, 9); // all reference events come from the off-shell π⁰
    expect(Number.isFinite(bw.referenceCoupling)).toBe(true);
    expect(bw.notes ?? []).toEqual([]);
  });

  it('closes when 2m_χ ≥ m_π⁰, with a note naming the pair threshold', () => {
    const m = 3 * (MASS_PI0_MEV / 2) + 1; // m_χ just above m_π⁰/2
    const bw = exp.dmSignal(withShape('breit-wigner'), m);
    expect(bw.byProduction['pi0']).toBe(0);
    expect(bw.referenceCoupling).toBe(Infinity);
    expect(bw.notes!.join(' ')).toMatch(/pi0 is closed .*2 m_χ/);
  });
});
