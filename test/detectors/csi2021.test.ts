import { describe, expect, it } from 'vitest';
import { createCsi2021Model, csi2021ConfigFromRelease, csi2021EnergyEfficiency, csi2021KeVee, shiftCoefficients } from '../../src/detectors/csi2021.js';
import { SmCevnsTemplates } from '../../src/detectors/sm.js';
import { sumTemplateWindow } from '../../src/detectors/template.js';
import { radiativeCouplings } from '../../src/physics/cevns.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../src/physics/timing.js';
import { loadCsi2021 } from '../../src/datasets/csi2021.js';
import { tryLoad } from './helpers.js';

const rel = tryLoad(() => loadCsi2021());

describe('CsI-2021 (need dataset coherent-csi-2021 installed)', () => {
  it('QF polynomial reproduces the notes values (7.43 % at 5 keVnr, 10.36 % at 20) and efficiency crosses 0 at 7.07 PE, clipped to [0,1]', () => {
    const cfg = csi2021ConfigFromRelease(rel!);
    expect(csi2021KeVee(cfg.quenching.nominal, 5) / 5).toBeCloseTo(0.0743, 3);
    expect(csi2021KeVee(cfg.quenching.nominal, 20) / 20).toBeCloseTo(0.1036, 3);
    expect(csi2021EnergyEfficiency(cfg.efficiency.nominal, 7.0)).toBe(0);
    expect(csi2021EnergyEfficiency(cfg.efficiency.nominal, 7.2)).toBeGreaterThan(0);
    expect(csi2021EnergyEfficiency(cfg.efficiency.nominal, 20)).toBeCloseTo(0.897, 2);
    const p = shiftCoefficients(cfg.efficiency.nominal, cfg.efficiency.plus, cfg.efficiency.minus, 1);
    expect(p.c).toBeCloseTo(cfg.efficiency.plus.c, 12);
  });

  it('SM total (PE < 60, t < 6 µs, with ε_E, ε_T and gamma resolution) within the published 333 ± 11 (th) ± 42 (exp) (COHERENT PRL 129 (2022) 081801; recalled, paper body not retrievable)', () => {
    const cfg = csi2021ConfigFromRelease(rel!);
    const model = createCsi2021Model(cfg);
    const sm = new SmCevnsTemplates({ model, target: cfg.target, massKg: cfg.massKg, source: cfg.source, couplings: radiativeCouplings(), timing: { prompt: promptNeutrinoTiming(cfg.pulse), delayed: delayedNeutrinoTiming(cfg.pulse) } });
    const t = sm.evaluate({ radii: { neutronRmsFm: 4.7 } });
    const s = model.shape;
    const total = sumTemplateWindow(s, t.prompt, 0, s.nEnergy, 0, s.nTime) + sumTemplateWindow(s, t.delayed, 0, s.nEnergy, 0, s.nTime);
    console.log(`[csi2021] SM total PE<60, t<6: ${total.toFixed(1)}`);
    expect(Math.abs(total - 333)).toBeLessThan(Math.hypot(11, 42));
    // QF and efficiency nuisances move the prediction, in opposite directions for ±1σ
    const up = sm.evaluate({ radii: { neutronRmsFm: 4.7 } }, { qfModes: [1, 0], efficiency: 0 });
    const dn = sm.evaluate({ radii: { neutronRmsFm: 4.7 } }, { qfModes: [-1, 0], efficiency: 0 });
    const sum = (x: { prompt: Float64Array; delayed: Float64Array }) => x.prompt.reduce((a, b) => a + b, 0) + x.delayed.reduce((a, b) => a + b, 0);
    expect((sum(up) - total) * (sum(dn) - total)).toBeLessThan(0);
  });
});
