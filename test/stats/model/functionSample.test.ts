import { describe, expect, test } from 'vitest';
import { compileModel, type FunctionSampleDefinition } from '../../../src/stats/model/index.js';

const axis = (n: number) => [{ name: 'bin', unit: '1', edges: Array.from({ length: n + 1 }, (_, i) => i) }];

function model(fs: FunctionSampleDefinition, bounds: [number, number] = [0.5, 2]) {
  return compileModel(
    {
      schemaVersion: '1.0.0',
      poi: 'mu',
      parameters: [{ name: 'R', init: 1, bounds }],
      channels: [{ name: 'c', axes: axis(3), samples: [{ name: 'bkg', data: [5, 5, 5] }] }],
      observations: [{ channel: 'c', data: [12, 9, 7] }],
    },
    { functionSamples: [{ ...fs, modifiers: [{ type: 'normfactor', name: 'mu' }] }] },
  );
}

describe('function samples', () => {
  test('direct mode caches evaluations keyed on the parameter values', () => {
    let calls = 0;
    const m = model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: (v) => (calls++, [v[0]! * 3, v[0]! * 2, v[0]!]) });
    const d = m.observedData();
    const callsAfterBuild = calls;
    const p1 = m.params.vector({ R: 1.2 });
    const a = m.twiceNll(p1, d);
    expect(calls).toBe(callsAfterBuild + 1);
    for (let i = 0; i < 5; i++) expect(m.twiceNll(p1, d)).toBe(a);
    m.twiceNll(m.params.vector({ R: 1.2, mu: 0.4 }), d); // μ changes, R does not → cache hit
    expect(calls).toBe(callsAfterBuild + 1);
    m.twiceNll(m.params.vector({ R: 1.3 }), d);
    expect(calls).toBe(callsAfterBuild + 2);
    m.twiceNll(p1, d); // still cached
    expect(calls).toBe(callsAfterBuild + 2);
    const st = m.functionSampleStats()['c/sig']!;
    expect(st.cacheHits).toBeGreaterThanOrEqual(7);
    // the template is applied as computed: expected = μ·f(R) + bkg
    const out = new Float64Array(3);
    m.expected(m.params.vector({ R: 1.3, mu: 2 }), out);
    expect(Array.from(out).map((x) => +x.toFixed(12))).toEqual([2 * 3.9 + 5, 2 * 2.6 + 5, 2 * 1.3 + 5]);
  });

  test('grid mode is exact for a template linear in the parameter', () => {
    const f = (R: number) => [1 + 2 * R, 3 - R, 0.5 * R];
    const m = model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: (v) => f(v[0]!), grid: [[0.5, 1, 1.5, 2]] });
    const out = new Float64Array(3);
    for (const R of [0.5, 0.61, 0.99, 1.0, 1.37, 1.999, 2]) {
      m.expected(m.params.vector({ R, mu: 1 }), out);
      f(R).forEach((v, b) => expect(out[b]).toBeCloseTo(v + 5, 12));
    }
  });

  test('grid mode converges for a curved template as the grid refines (error ∝ h²)', () => {
    const f = (R: number) => [10 * Math.exp(-R * R), 10 / (1 + R * R), 10 * Math.sin(R)];
    const maxErr = (n: number) => {
      const grid = Array.from({ length: n + 1 }, (_, i) => 0.5 + (1.5 * i) / n);
      const m = model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: (v) => f(v[0]!), grid: [grid] });
      const out = new Float64Array(3);
      let e = 0;
      for (let R = 0.5; R <= 2; R += 0.0137) {
        m.expected(m.params.vector({ R, mu: 1 }), out);
        f(R).forEach((v, b) => (e = Math.max(e, Math.abs(out[b]! - 5 - v))));
      }
      return e;
    };
    const e4 = maxErr(4);
    const e8 = maxErr(8);
    const e16 = maxErr(16);
    expect(e8).toBeLessThan(e4 / 3);
    expect(e16).toBeLessThan(e8 / 3);
    expect(e16).toBeLessThan(2e-2); // ≈ max|f″|·h²/8 with h = 0.094
  });

  test('grid must cover the parameter bounds; wrong bin count and NaN templates are errors', () => {
    expect(() => model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: () => [1, 1, 1], grid: [[0.6, 2]] })).toThrow(/does not cover/);
    expect(() => model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: () => [1, 1] })).toThrow(/returned 2 bins/);
    const m = model({ channel: 'c', name: 'sig', parameters: ['R'], evaluate: (v) => (v[0]! > 1.5 ? [NaN, 1, 1] : [1, 1, 1]) });
    expect(() => m.twiceNll(m.params.vector({ R: 1.8 }), m.observedData())).toThrow(/non-finite/);
    expect(() =>
      compileModel({ schemaVersion: '1.0.0', channels: [{ name: 'c', axes: axis(3), samples: [{ name: 'b', data: [1, 1, 1] }] }] }, { functionSamples: [{ channel: 'c', name: 's', parameters: ['Q'], evaluate: () => [1, 1, 1] }] }),
    ).toThrow(/must be declared/);
  });
});
