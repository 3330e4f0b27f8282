// The family's countPower is what converts between template counts and the coupling (counts ∝ c^countPower).
// Every shipped family has countPower 2, so these tests use a family whose counts scale as c⁴: the dark photon
// re-parametrised by c = √Y (same physics, N ∝ Y² = c⁴). Its reference coupling must be √(Y_ref) and its templates
// identical to the dark photon's; rescaling by a factor r must multiply counts by r⁴.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAnalysisConfig, type SignalConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { rescaleToReference } from '../../src/analyses/dmsignal.js';
import type { DmSignalTemplates, ExperimentAnalysis } from '../../src/analyses/types.js';

const state = vi.hoisted(() => ({ quartic: false }));
vi.mock('../../src/analyses/families/index.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/analyses/families/index.js')>();
  return {
    ...orig,
    familyOf: (name: string) => {
      const f = orig.familyOf(name);
      if (!state.quartic) return f;
      return {
        ...f,
        countPower: 4,
        probe: (signal: never, massMeV: number) => {
          const p = f.probe(signal, massMeV);
          return { model: p.model, coupling: Math.sqrt(p.coupling) };
        },
      };
    },
  };
});

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));
let exp: ExperimentAnalysis;
let signal: SignalConfig;
beforeAll(async () => {
  const loaded = loadAnalysisConfig(fits('csi2017-dm-limit.yaml'));
  exp = await buildExperiment(loaded.config);
  signal = loaded.config.signal!;
}, 120_000);

describe('countPower in the DM templates (a family with counts ∝ c⁴)', () => {
  it('the reference coupling is c_ref = √(Y_ref) and the templates are the same counts', () => {
    state.quartic = false;
    const y = exp.dmSignal(signal, 30);
    state.quartic = true;
    const c = exp.dmSignal(signal, 30);
    state.quartic = false;
    expect(c.countPower).toBe(4);
    expect(c.referenceCoupling).toBeGreaterThan(0);
    // Same expected events (REFERENCE_EVENTS) at the reference: c_ref⁴ ∝ Y_ref² → c_ref = √Y_ref (rounding only).
    expect(Math.abs(c.referenceCoupling / Math.sqrt(y.referenceCoupling) - 1)).toBeLessThan(1e-12);
    for (const [name, t] of y.perChannel) {
      const u = c.perChannel.get(name)!;
      for (let i = 0; i < t.length; i++) expect(Math.abs(u[i]! - t[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, t[i]!));
    }
  });

  it('rescaleToReference multiplies counts by (c_new/c_ref)^countPower', () => {
    const t: DmSignalTemplates = {
      massMeV: 30, chiMassMeV: 10, coupling: { name: 'c', symbol: 'c', formula: 'c = √Y' }, countPower: 4,
      referenceCoupling: 1e-5, referenceY: 1e-5, perChannel: new Map([['sr', Float64Array.of(1, 2, 3)]]), byProduction: { pi0: 6 },
    };
    const r = rescaleToReference(t, 2e-5);
    expect(Array.from(r.perChannel.get('sr')!)).toEqual([16, 32, 48]); // 2⁴ = 16, exact in binary
    expect(r.byProduction['pi0']).toBe(96);
    expect(r.referenceCoupling).toBe(2e-5);
  });
});
