import { describe, expect, it } from 'vitest';
import { createLar2020Model, lar2020ConfigFromRelease, f90FractionsFromTemplate } from '../../src/detectors/lar2020.js';
import { SmCevnsTemplates } from '../../src/detectors/sm.js';
import { projectTemplate } from '../../src/detectors/template.js';
import { radiativeCouplings } from '../../src/physics/cevns.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../src/physics/timing.js';
import { loadLar2020 } from '../../src/datasets/lar2020.js';
import { tryLoad } from './helpers.js';

const rel = tryLoad(() => loadLar2020());
// Ar-40 neutron rms radius ≈ 3.4 fm (docs/physics.md §4.4; charge radius 3.43 fm, Angeli–Marinova 2013), NOT the CsI 4.7 fm.
const RN_AR_FM = 3.4;

describe('F90 fractions', () => {
  it('rows sum to 1 and empty rows copy the last non-empty one', () => {
    const v = new Float64Array(3 * 2 * 2);
    v.set([1, 1, 2, 0], 0); // E0: F90 (2, 2)
    v.set([0, 1, 3, 0], 4); // E1: (1, 3)
    const f = f90FractionsFromTemplate(v, 3, 2, 2);
    expect(Array.from(f)).toEqual([0.5, 0.5, 0.25, 0.75, 0.25, 0.75]);
  });
});

describe('LAr-2020 SM CEvNS vs the release (need dataset coherent-lar-2020 installed)', () => {
  it('total in the released binning within 15 % of 128; energy, F90 and time projections consistent with cevnspdf.txt', () => {
    const r = rel!;
    const cfg = lar2020ConfigFromRelease(r);
    const model = createLar2020Model(cfg);
    const sm = new SmCevnsTemplates({ model, target: cfg.target, massKg: cfg.massKg, source: cfg.source, couplings: radiativeCouplings(), timing: { prompt: promptNeutrinoTiming(cfg.pulse), delayed: delayedNeutrinoTiming(cfg.pulse) } });
    const t = sm.evaluate({ radii: { neutronRmsFm: RN_AR_FM } });
    const tot = t.prompt.map((x, i) => x + t.delayed[i]!);
    const n = tot.reduce((a, b) => a + b, 0);
    const ref = r.templates.cevns.values;
    const nRef = ref.reduce((a, b) => a + b, 0);
    expect(nRef).toBeCloseTo(128, 3);
    console.log(`[lar2020] SM CEvNS total ${n.toFixed(1)} (release 128)`);
    expect(Math.abs(n / 128 - 1)).toBeLessThan(0.15);
    // projections compared as shapes (normalised), bins holding > 5 % of the events: within 15 % relative
    for (const axis of ['energy', 'time', 'f90'] as const) {
      const a = projectTemplate(model.shape, tot, axis);
      const b = projectTemplate(model.shape, ref, axis);
      for (let i = 0; i < a.length; i++) {
        if (b[i]! / nRef > 0.05) expect(Math.abs(a[i]! / n / (b[i]! / nRef) - 1)).toBeLessThan(0.15);
        else expect(Math.abs(a[i]! / n - b[i]! / nRef)).toBeLessThan(0.02);
      }
    }
  });
});
