/**
 * The η → γA′ production channel at the analysis level (signal.production: eta, docs/physics.md §2.6):
 *  - the η yield is a required, stated input (no silent default);
 *  - above the π⁰ and π⁻-capture thresholds the η channel alone carries the signal, finite, with a note naming the
 *    closed channels; above m_η every requested channel is closed: zero events with a note, never NaN;
 *  - the yield enters linearly: with η the only open channel, doubling η/POT lowers the reference Y by √2
 *    (counts ∝ Y², family countPower 2), an independent check of how the yield reaches the limit.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type SignalConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import type { ExperimentAnalysis } from '../../src/analyses/types.js';
import { weightProductionChannels } from '../../src/analyses/dmsignal.js';
import { computeLimits } from '../../src/analyses/limit.js';

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));

let exp: ExperimentAnalysis;
let base: SignalConfig;
beforeAll(async () => {
  const loaded = loadAnalysisConfig(fits('csi2017-dm-limit.yaml'));
  exp = await buildExperiment(loaded.config);
  base = loaded.config.signal!;
});

describe('η channel in an analysis', () => {
  it('requires signal.eta_per_pot when production lists eta', () => {
    const raw = { schemaVersion: '1.0.0', name: 't', experiment: 'csi2017', data: 'observed', signal: { family: 'dark-photon', production: ['pi0', 'eta'] } };
    expect(() => parseAnalysisConfig(raw, 't.yaml')).toThrow(/signal\.eta_per_pot/);
    const ok = parseAnalysisConfig({ ...raw, signal: { ...raw.signal, eta_per_pot: 1e-3, eta_source: 'test' } }, 't.yaml');
    expect(ok.config.signal!.eta_kinematics).toBe('nn-threshold');
    expect(() => parseAnalysisConfig({ ...raw, signal: { ...raw.signal, eta_per_pot: -1 } }, 't.yaml')).toThrow(/eta_per_pot/);
  });

  it('above the π⁰ and π⁻ thresholds only η (and brem) carry the signal; closed channels are noted', () => {
    const sig = { ...base, production: ['pi0', 'eta', 'piminus', 'brem'], eta_per_pot: 1e-3, eta_kinematics: 'nn-threshold', eta_source: 'test' } as unknown as SignalConfig;
    const t = exp.dmSignal(sig, 300);
    expect(t.byProduction['pi0']).toBe(0);
    expect(t.byProduction['piminus']).toBe(0);
    expect(t.byProduction['eta']!).toBeGreaterThan(0.9 * 10); // the η channel carries ≥ 90 % of the 10 reference events
    expect(Number.isFinite(t.referenceCoupling)).toBe(true);
    expect(t.notes!.join(' ')).toMatch(/pi0 is closed/);
    expect(t.notes!.join(' ')).toMatch(/piminus is closed/);
    for (const v of t.perChannel.values()) for (const x of v) expect(Number.isFinite(x)).toBe(true);
  });

  it('above m_η every requested meson channel is closed: zero events with a note, never NaN', () => {
    const sig = { ...base, production: ['eta'], eta_per_pot: 1e-3, eta_kinematics: 'at-rest', eta_source: 'test' } as unknown as SignalConfig;
    const t = exp.dmSignal(sig, 600);
    expect(t.byProduction['eta']).toBe(0);
    expect(t.referenceCoupling).toBe(Infinity);
    expect(t.notes!.join(' ')).toMatch(/eta is closed .*threshold 547\.86 MeV/);
    for (const v of t.perChannel.values()) for (const x of v) expect(Number.isNaN(x)).toBe(false);
  });

  it('the η yield enters linearly: doubling η/POT lowers the reference Y by √2', () => {
    const one = { ...base, production: ['eta'], eta_per_pot: 1e-3, eta_kinematics: 'nn-threshold', eta_source: 'test' } as unknown as SignalConfig;
    const two = { ...one, eta_per_pot: 2e-3 } as unknown as SignalConfig;
    const a = exp.dmSignal(one, 250);
    const b = exp.dmSignal(two, 250);
    expect(b.referenceCoupling / a.referenceCoupling).toBeCloseTo(Math.SQRT1_2, 10);
  });
});

describe('production charges of a family (SignalFamily.productionFactors)', () => {
  it('weights each requested channel by its factor and sums only the requested ones', () => {
    const per = { pi0Decay: Float64Array.of(4, 8), etaDecay: Float64Array.of(1, 1), piMinusCapture: Float64Array.of(2, 0), bremPhotons: Float64Array.of(100, 100) };
    const w = weightProductionChannels(per, ['pi0', 'eta', 'brem'], { pi0: 0.25, brem: 0 });
    expect(Array.from(w.perChannel.pi0!)).toEqual([1, 2]);
    expect(Array.from(w.perChannel.eta!)).toEqual([1, 1]);
    expect(Array.from(w.perChannel.brem!)).toEqual([0, 0]);
    expect(Array.from(w.total)).toEqual([2, 3]); // π⁻ not requested: excluded
    expect(() => weightProductionChannels(per, ['pi0'], { pi0: -1 })).toThrow(/production factor of pi0/);
  });
});

describe('CsI-2021 limit above the π⁰ mass', () => {
  it('with an η channel (test yield 10⁻³/POT) the limit is finite and ok up to the η threshold, then no-signal with a note', async () => {
    const sets = new Map<string, string | number | boolean>([
      ['signal.production', '[pi0, eta, piminus, brem]'],
      ['signal.eta_per_pot', 1e-3],
      ['signal.eta_source', 'test yield'],
      // on-shell production (the shipped config uses the Breit–Wigner line shape: test/analyses/lineshape.test.ts)
      ['signal.mediator_lineshape', 'narrow-width'],
    ]);
    const loaded = loadAnalysisConfig(fits('csi2021-dm-limit.yaml'), sets);
    const c = await computeLimits(loaded, { workers: 1, massesMeV: [150, 540, 600] });
    const [p150, p540, p600] = c.points;
    for (const p of [p150!, p540!]) {
      expect(p.status).toBe('ok');
      expect(Number.isFinite(p.coupling_obs!)).toBe(true);
      expect(p.message).toMatch(/pi0 is closed/);
    }
    expect(p540!.coupling_obs!).toBeGreaterThan(p150!.coupling_obs!); // (1 − x²)³ closes towards m_η
    expect(p600!.status).toBe('no-signal');
    expect(p600!.coupling_obs).toBeNull();
    expect(p600!.message).toMatch(/eta is closed/);
  }, 180_000);
});
