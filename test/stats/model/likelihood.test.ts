import { describe, expect, test } from 'vitest';
import jStat from 'jstat';
import { compileModel, uncorrelatedBackground, bakerCousinsChi2 } from '../../../src/stats/model/index.js';

const axis = (n: number) => [{ name: 'bin', unit: '1', edges: Array.from({ length: n + 1 }, (_, i) => i) }];

/** −2 ln Pois(n | ν) computed independently (lnΓ via jStat; ln n! also as Σ ln k for integer n). */
function twicePoisson(n: number, nu: number): number {
  return -2 * (n * Math.log(nu) - nu - jStat.gammaln(n + 1));
}

function singleBin(b: number, n: number) {
  return compileModel({
    schemaVersion: '1.0.0',
    poi: 'mu',
    channels: [{ name: 'c', axes: axis(1), samples: [{ name: 's', data: [b], modifiers: [{ type: 'normfactor', name: 'mu' }] }] }],
    observations: [{ channel: 'c', data: [n] }],
  });
}

describe('Poisson main term', () => {
  test('single bin equals −2 ln Pois(n|ν) with lnΓ(n+1)', () => {
    for (const [b, mu, n] of [
      [10, 1, 7],
      [3.5, 2.2, 12],
      [100, 0.73, 80],
      [0.2, 1, 1],
    ] as const) {
      const m = singleBin(b, n);
      const v = m.twiceNll(m.params.vector({ mu }), m.observedData());
      expect(v).toBeCloseTo(twicePoisson(n, b * mu), 10);
      // ln n! as an explicit sum: independent of any lnΓ implementation
      let lnFact = 0;
      for (let k = 2; k <= n; k++) lnFact += Math.log(k);
      expect(v).toBeCloseTo(2 * (b * mu - n * Math.log(b * mu) + lnFact), 8);
    }
  });

  test('non-integer (Asimov) counts use the continuous lnΓ', () => {
    const m = singleBin(4, 0);
    const d = m.dataFromMain([3.3]);
    expect(m.twiceNll(m.params.vector({ mu: 1 }), d)).toBeCloseTo(twicePoisson(3.3, 4), 9);
  });

  test('n = 0 gives 2ν', () => {
    const m = singleBin(6, 0);
    expect(m.twiceNll(m.params.vector({ mu: 0.5 }), m.observedData())).toBeCloseTo(6, 12);
  });

  test('ν = 0: 0 for n = 0, +Infinity for n > 0, never NaN', () => {
    const m = singleBin(6, 0);
    expect(m.twiceNll(m.params.vector({ mu: 0 }), m.observedData())).toBe(0);
    const m2 = singleBin(6, 2);
    expect(m2.twiceNll(m2.params.vector({ mu: 0 }), m2.observedData())).toBe(Infinity);
    const g = new Float64Array(1);
    expect(m2.twiceNllGrad(m2.params.vector({ mu: 0 }), m2.observedData(), g)).toBe(Infinity);
    expect(Number.isNaN(g[0])).toBe(false);
  });

  test('negative expectation from histosys is clipped at 0 (documented), never NaN', () => {
    const m = compileModel({
      schemaVersion: '1.0.0',
      channels: [
        {
          name: 'c',
          axes: axis(2),
          samples: [{ name: 's', data: [5, 5], modifiers: [{ type: 'histosys', name: 'a', data: { lo: [1, 4], hi: [9, 6] } }] }],
        },
      ],
      observations: [{ channel: 'c', data: [0, 3] }],
    });
    // α = −3: bin 0 → 5 − 3·4 = −7 (clipped to 0, n = 0 → term 0); bin 1 → 5 − 3 = 2
    const pars = m.params.vector({ a: -3 });
    const out = new Float64Array(2);
    m.expected(pars, out);
    expect(Array.from(out)).toEqual([0, 2]);
    const v = m.twiceNll(pars, m.observedData());
    expect(v).toBeCloseTo(twicePoisson(3, 2) + 9 + Math.log(2 * Math.PI), 10);
    const m2 = m.dataFromMain([1, 3]);
    expect(m.twiceNll(pars, m2)).toBe(Infinity);
  });
});

describe('constraint terms', () => {
  test('Gaussian constraint (normsys α, σ = 1): −2 ln N(0 | α, 1)', () => {
    const m = compileModel({
      schemaVersion: '1.0.0',
      channels: [{ name: 'c', axes: axis(1), samples: [{ name: 's', data: [10], modifiers: [{ type: 'normsys', name: 'a', data: { lo: 0.9, hi: 1.1 } }] }] }],
      observations: [{ channel: 'c', data: [10] }],
    });
    for (const a of [-1.3, 0, 0.4, 2]) {
      const nu = a >= 0 ? 10 * Math.pow(1.1, a) : 10 * Math.pow(0.9, -a);
      const expected = twicePoisson(10, nu) - 2 * Math.log(jStat.normal.pdf(0, a, 1));
      expect(m.twiceNll(m.params.vector({ a }), m.observedData())).toBeCloseTo(expected, 9);
    }
  });

  test('Gaussian with declared sigma and mean, and log-normal constraint', () => {
    const m = compileModel({
      schemaVersion: '1.0.0',
      parameters: [
        { name: 'k', init: 1, bounds: [0, 5], constraint: { type: 'gaussian', sigma: 0.2, mean: 1.1 } },
        { name: 'eff', init: 1, bounds: [0.01, 5], constraint: { type: 'lognormal', sigma: 0.3, mean: 0.9 } },
      ],
      channels: [
        {
          name: 'c',
          axes: axis(1),
          samples: [{ name: 's', data: [10], modifiers: [{ type: 'normfactor', name: 'k' }, { type: 'normfactor', name: 'eff' }] }],
        },
      ],
      observations: [{ channel: 'c', data: [12] }],
    });
    const k = 1.3;
    const eff = 0.7;
    const lognormalPdf = (jStat as unknown as { lognormal: { pdf(x: number, mu: number, s: number): number } }).lognormal.pdf;
    const expected = twicePoisson(12, 10 * k * eff) - 2 * Math.log(jStat.normal.pdf(1.1, k, 0.2)) - 2 * Math.log(lognormalPdf(0.9, Math.log(eff), 0.3));
    expect(Array.from(m.nominalAux)).toEqual([1.1, 0.9]);
    expect(m.twiceNll(m.params.vector({ k, eff }), m.observedData())).toBeCloseTo(expected, 9);
  });

  test('pyhf published value: twice_nll of uncorrelated_background at suggested init = 30.77525435', () => {
    // pyhf docs, pyhf.infer.mle.twice_nll example (signal [12, 11], bkg [50, 52], unc [3, 7], data [51, 48] + auxdata)
    const m = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
    expect(m.twiceNll(m.params.init, m.dataFromMain([51, 48]))).toBeCloseTo(30.77525435, 7);
  });

  test('Poisson constraint (shapesys) term equals −2 ln Pois(τ | τγ) with continuous lnΓ', () => {
    const m = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
    const d = m.dataFromMain([51, 48]);
    const pars = m.params.vector({ mu: 0.7, 'uncorr_bkguncrt[0]': 1.05, 'uncorr_bkguncrt[1]': 0.93 });
    const tau = [(50 / 3) ** 2, (52 / 7) ** 2];
    const expected =
      twicePoisson(51, 0.7 * 12 + 1.05 * 50) + twicePoisson(48, 0.7 * 11 + 0.93 * 52) + twicePoisson(tau[0]!, tau[0]! * 1.05) + twicePoisson(tau[1]!, tau[1]! * 0.93);
    expect(m.twiceNll(pars, d)).toBeCloseTo(expected, 9);
  });
});

describe('goodness of fit', () => {
  test('saturated −2lnL: twiceNll at ν = n minus saturated equals the constraint excess; Baker–Cousins χ² formula', () => {
    const m = singleBin(10, 7);
    const d = m.observedData();
    // ν = n exactly (mu = 0.7) → twiceNll equals the saturated value
    expect(m.twiceNll(m.params.vector({ mu: 0.7 }), d)).toBeCloseTo(m.saturatedTwiceNll(d), 10);
    // Δ = twiceNll − saturated = Baker–Cousins χ² (no constraints here)
    expect(m.twiceNll(m.params.vector({ mu: 1 }), d) - m.saturatedTwiceNll(d)).toBeCloseTo(bakerCousinsChi2([10], [7]), 10);
    expect(bakerCousinsChi2([10], [7])).toBeCloseTo(2 * (10 - 7 + 7 * Math.log(0.7)), 12);
    expect(bakerCousinsChi2([0], [1])).toBe(Infinity);
  });
});
