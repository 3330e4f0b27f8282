import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/compile.js';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { compatibilityFits, compatibilityToy, splitPoiSpec } from '../../../src/stats/infer/compatibility.js';
import { chi2Sf } from '../../../src/stats/distributions/index.js';

/** Two one-bin channels ("a", "b") measuring one signal strength μ on known backgrounds. */
function spec(na: number, nb: number): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'two-counts',
    poi: 'mu',
    parameters: [{ name: 'mu', init: 1, bounds: [-5, 50] }],
    channels: [
      { name: 'a/sr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [10], modifiers: [{ type: 'normfactor', name: 'mu' }] }, { name: 'bkg', data: [20] }] },
      { name: 'b/sr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [4], modifiers: [{ type: 'normfactor', name: 'mu' }] }, { name: 'bkg', data: [30] }] },
    ],
    observations: [
      { channel: 'a/sr', data: [na] },
      { channel: 'b/sr', data: [nb] },
    ],
  };
}

/** −2lnL ratio of the common fit to the saturated per-channel fits, minimised over μ by golden section (independent of the code). */
function closedFormDelta(na: number, nb: number): { delta: number; mu: number } {
  const dev = (n: number, nu: number): number => 2 * (nu - n + (n > 0 ? n * Math.log(n / nu) : 0));
  const f = (mu: number): number => dev(na, 10 * mu + 20) + dev(nb, 4 * mu + 30);
  let lo = -1.9;
  let hi = 50;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 200; k++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (f(x1) < f(x2)) hi = x2;
    else lo = x1;
  }
  const mu = 0.5 * (lo + hi);
  return { delta: f(mu), mu };
}

describe('channel compatibility', () => {
  it('separate POIs per group reproduce the per-channel measurements; Δ(−2lnL) equals the closed form', () => {
    const s = spec(45, 30);
    const common = compileModel(s);
    const sep = compileModel(splitPoiSpec(s, 'mu', { a: ['a/sr'], b: ['b/sr'] }));
    expect(sep.params.names).toEqual(['a/mu', 'b/mu']);
    const r = compatibilityFits(common, sep, common.observedData(), 'mu', ['a', 'b']).result;
    expect(r.separate[0]!.value).toBeCloseTo((45 - 20) / 10, 4);
    expect(r.separate[1]!.value).toBeCloseTo((30 - 30) / 4, 4);
    const cf = closedFormDelta(45, 30);
    expect(r.common.value).toBeCloseTo(cf.mu, 3); // minimiser precision ≈ 1e-4 σ_μ
    expect(r.delta_twice_nll).toBeCloseTo(cf.delta, 5);
    expect(r.dof).toBe(1);
  });

  it('toy Δ(−2lnL) under the common hypothesis follows χ²(1) (Wilks, POIs away from bounds)', () => {
    const s = spec(45, 30);
    const common = compileModel(s);
    const sep = compileModel(splitPoiSpec(s, 'mu', { a: ['a/sr'], b: ['b/sr'] }));
    const gen = Float64Array.of(2);
    const vals: number[] = [];
    for (let k = 0; k < 2000; k++) vals.push(compatibilityToy(common, sep, gen, 'mu', ['a', 'b'], k, 11)!);
    // Fractions above the χ²(1) 50 %, 10 % and 5 % quantiles, within 3 binomial σ (+ Poisson discreteness of the counts).
    for (const [q, p] of [
      [0.454936, 0.5],
      [2.705543, 0.1],
      [3.841459, 0.05],
    ] as const) {
      expect(chi2Sf(q, 1)).toBeCloseTo(p, 4);
      const frac = vals.filter((v) => v >= q).length / vals.length;
      expect(Math.abs(frac - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / vals.length) + 0.01);
    }
  });

  it('a POI acting in fewer than two groups is an error', () => {
    expect(() => splitPoiSpec(spec(1, 1), 'mu', { a: ['a/sr', 'b/sr'] })).toThrow(/at least 2/);
  });
});
