/**
 * Reference-analysis variants (src/analyses/reference.ts): the coupling conversion against the numbers of
 * docs/physics.md §1.3, the SimpleChi2 limit against the "≈ 2.5 events in an empty bin" limit of §7.1, and the
 * reference background model on CsI-2017.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAnalysisConfig } from '../../src/analyses/config.js';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
import { build } from '../../src/analyses/experiments/csi2017.js';
import { REFERENCE_PLOT_Y_FACTOR, SIMPLE_CHI2_THRESHOLD, simpleChi2LimitY, withReferenceBackground } from '../../src/analyses/reference.js';
import type { ExperimentAnalysis } from '../../src/analyses/types.js';

const FITS = fileURLToPath(new URL('../../fits/', import.meta.url));

describe('reference coupling conversion', () => {
  it('Y(limit plot)/Y(Lagrangian) = 4.972e-4 / 8.131e-3 (docs/physics.md §1.3 table)', () => {
    expect(REFERENCE_PLOT_Y_FACTOR / (4.972e-4 / 8.131e-3) - 1).toBeLessThan(1e-3);
    expect(1 - REFERENCE_PLOT_Y_FACTOR / (4.972e-4 / 8.131e-3)).toBeLessThan(1e-3);
  });
});

describe('reference variants on CsI-2017 (fits/csi2017-dm-limit.yaml)', () => {
  const loaded = loadAnalysisConfig(`${FITS}csi2017-dm-limit.yaml`, new Map());
  const exp = build(loaded.config);

  it('SimpleChi2 on a zero-background bin gives s = √6.18 ≈ 2.49 signal events (docs/physics.md §7.1)', () => {
    // Same experiment with every background sample removed and the signal templates moved into one bin: the χ²
    // is s²/√(0 + 1) = s², so the limit is s = √6.18 events whatever the template shape.
    const bg = exp.background;
    const empty: ExperimentAnalysis = {
      ...exp,
      background: {
        ...bg,
        channels: bg.channels.map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, data: s.data.map(() => 0) })) })),
        functionSamples: [],
      },
      dmSignal: (sig, m) => {
        const t = exp.dmSignal(sig, m);
        const per = new Map<string, Float64Array>();
        for (const [k, v] of t.perChannel) {
          const one = new Float64Array(v.length);
          one[0] = v.reduce((a, b) => a + b, 0);
          per.set(k, one);
        }
        return { ...t, perChannel: per };
      },
    };
    // the SS sample must stay positive for the model to compile: give the AC channel its data back
    const withAc: ExperimentAnalysis = { ...empty, background: { ...empty.background, channels: empty.background.channels.map((c, i) => (c.name === 'anticoincidence' ? bg.channels[i]! : c)) } };
    const y = simpleChi2LimitY(withAc, loaded, 30)!;
    const t = exp.dmSignal(loaded.config.signal!, 30);
    const nRef = [...t.perChannel.values()].reduce((a, v) => a + v.reduce((x, z) => x + z, 0), 0);
    const sAtLimit = nRef * (y / t.referenceCoupling) ** 2;
    // the 'ss' sample is zeroed in the signal channel, so b = 0 in every bin
    expect(sAtLimit / Math.sqrt(SIMPLE_CHI2_THRESHOLD) - 1).toBeLessThan(1e-9);
    expect(1 - sAtLimit / Math.sqrt(SIMPLE_CHI2_THRESHOLD)).toBeLessThan(1e-9);
  });

  it('the reference background keeps ν and steady state and drops BRN in the signal channel only', () => {
    const r = withReferenceBackground(exp);
    const names = (e: ExperimentAnalysis, ch: string) => [
      ...e.background.channels.find((c) => c.name === ch)!.samples.map((s) => s.name),
      ...e.background.functionSamples.filter((f) => f.channel === ch).map((f) => f.name),
    ].sort();
    expect(names(exp, 'coincidence')).toEqual(['brn', 'delayed_nu', 'prompt_nu', 'ss']);
    expect(names(r, 'coincidence')).toEqual(['delayed_nu', 'prompt_nu', 'ss']);
    expect(names(r, 'anticoincidence')).toEqual(names(exp, 'anticoincidence'));
    expect(() => assembleHypothesis(r, 'dm', { massMeV: 30 })).not.toThrow();
  });
});
