import { describe, expect, test } from 'vitest';
import { compileModel, parseModelSpec, uncorrelatedBackground } from '../../../src/stats/model/index.js';
import { invalidSpecPath } from '../fixtures.js';

function base(): any {
  return {
    schemaVersion: '1.0.0',
    poi: 'mu',
    channels: [
      {
        name: 'sr',
        axes: [
          { name: 'energy', unit: 'keVee', edges: [0, 1, 2] },
          { name: 'time', unit: 'us', edges: [0, 1, 2, 3] },
        ],
        samples: [
          { name: 'sig', data: [[1, 2, 3], [4, 5, 6]], modifiers: [{ type: 'normfactor', name: 'mu' }] },
          { name: 'bkg', data: [10, 10, 10, 10, 10, 10], modifiers: [{ type: 'histosys', name: 'h', data: { lo: [9, 9, 9, 9, 9, 9], hi: [11, 11, 11, 11, 11, 11] } }] },
        ],
      },
    ],
  };
}


describe('native spec: structural errors name the JSON path', () => {
  test('unknown key', () => {
    const s = base();
    s.channels[0].samples[1].modifiers[0].data.hi_data = [1];
    expect(invalidSpecPath(() => parseModelSpec(s))).toBe('channels[0].samples[1].modifiers[0].data.hi_data');
    const t = base();
    t.channels[0].colour = 'red';
    expect(invalidSpecPath(() => compileModel(t))).toBe('channels[0].colour');
  });
  test('wrong type', () => {
    const s = base();
    s.channels[0].samples[1].modifiers[0].data.hi = 'x';
    expect(invalidSpecPath(() => compileModel(s))).toBe('channels[0].samples[1].modifiers[0].data.hi');
    const t = base();
    t.channels[0].samples[0].data[1][2] = 'five';
    expect(invalidSpecPath(() => compileModel(t))).toBe('channels[0].samples[0].data[1][2]');
    const u = base();
    u.channels[0].samples[0].modifiers[0].type = 'normfactr';
    expect(invalidSpecPath(() => compileModel(u))).toBe('channels[0].samples[0].modifiers[0].type');
  });
  test('wrong schemaVersion', () => {
    const s = base();
    s.schemaVersion = '2.0.0';
    expect(invalidSpecPath(() => compileModel(s))).toBe('schemaVersion');
  });
});

describe('native spec: semantic errors', () => {
  test('mismatched bin count (flat and nested)', () => {
    const s = base();
    s.channels[0].samples[1].data = [1, 2, 3];
    expect(invalidSpecPath(() => compileModel(s))).toBe('channels[0].samples[1].data');
    const t = base();
    t.channels[0].samples[0].data = [[1, 2], [3, 4], [5, 6]]; // 3×2 instead of 2×3
    expect(invalidSpecPath(() => compileModel(t))).toBe('channels[0].samples[0].data');
    const u = base();
    u.channels[0].samples[1].modifiers[0].data.hi = [1, 2];
    expect(invalidSpecPath(() => compileModel(u))).toBe('channels[0].samples[1].modifiers[0].data.hi');
  });
  test('missing POI', () => {
    const s = base();
    s.poi = 'nu';
    expect(() => compileModel(s)).toThrow(/parameter of interest 'nu'/);
    expect(invalidSpecPath(() => compileModel(s))).toBe('poi');
  });
  test('duplicate names, non-increasing edges, init outside bounds, unused declaration', () => {
    const s = base();
    s.channels[0].samples[1].name = 'sig';
    expect(invalidSpecPath(() => compileModel(s))).toBe('channels[0].samples[1].name');
    const t = base();
    t.channels[0].axes[1].edges = [0, 2, 2, 3];
    expect(invalidSpecPath(() => compileModel(t))).toBe('channels[0].axes[1].edges[2]');
    const u = base();
    u.parameters = [{ name: 'mu', init: 20, bounds: [0, 10] }];
    expect(invalidSpecPath(() => compileModel(u))).toBe('parameters[0].init');
    const v = base();
    v.parameters = [{ name: 'unused', init: 1, bounds: [0, 2] }];
    expect(invalidSpecPath(() => compileModel(v))).toBe('parameters[0]');
  });
  test('shapesys on two samples, scale with non-integer power and negative lower bound', () => {
    const s = base();
    s.channels[0].samples[0].modifiers.push({ type: 'shapesys', name: 'ss', data: [1, 1, 1, 1, 1, 1] });
    s.channels[0].samples[1].modifiers.push({ type: 'shapesys', name: 'ss', data: [1, 1, 1, 1, 1, 1] });
    expect(invalidSpecPath(() => compileModel(s))).toBe('channels[0].samples[1].modifiers[1]');
    const t = base();
    t.channels[0].samples[0].modifiers.push({ type: 'scale', name: 'g', power: 0.5 });
    t.parameters = [{ name: 'g', init: 1, bounds: [-1, 2] }];
    expect(invalidSpecPath(() => compileModel(t))).toBe('channels[0].samples[0].modifiers[1]');
  });
});

describe('multi-axis flattening and the pyhf simple model', () => {
  test('nested energy×time data flatten row-major with time innermost', () => {
    const m = compileModel(base());
    const out = new Float64Array(6);
    m.expected(m.params.vector({ mu: 1, h: 0 }), out);
    expect(Array.from(out)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(m.channels[0]!.shape).toEqual([2, 3]);
  });
  test('uncorrelatedBackground(signal [12,11], bkg [50,52], unc [3,7]): names, aux, expected at known parameters', () => {
    const m = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
    expect(m.params.names).toEqual(['mu', 'uncorr_bkguncrt[0]', 'uncorr_bkguncrt[1]']);
    expect(Array.from(m.params.lo)).toEqual([0, 1e-10, 1e-10]);
    expect(Array.from(m.params.hi)).toEqual([10, 10, 10]);
    // τ = (50/3)², (52/7)²
    expect(m.nominalAux[0]).toBeCloseTo(2500 / 9, 12);
    expect(m.nominalAux[1]).toBeCloseTo(2704 / 49, 12);
    const out = new Float64Array(2);
    m.expected(Float64Array.from([2, 1.1, 0.9]), out);
    expect(out[0]).toBeCloseTo(2 * 12 + 1.1 * 50, 12); // 79
    expect(out[1]).toBeCloseTo(2 * 11 + 0.9 * 52, 12); // 68.8
    m.expected(m.params.init, out);
    expect(Array.from(out)).toEqual([62, 63]);
    const aux = new Float64Array(2);
    m.asimovAux(Float64Array.from([2, 1.1, 0.9]), aux);
    expect(aux[0]).toBeCloseTo(1.1 * 2500 / 9, 10);
    const y = m.sampleYields(Float64Array.from([2, 1.1, 0.9]));
    expect(y[0]!.samples.map((s) => [s.sample, s.total])).toEqual([
      ['signal', 46],
      ['background', 1.1 * 50 + 0.9 * 52],
    ]);
    expect(m.flatData(m.dataFromMain([51, 48])).length).toBe(4);
  });
});
