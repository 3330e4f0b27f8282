import { describe, expect, test } from 'vitest';
import { compileModel } from '../../../src/stats/model/index.js';

const axis = (n: number) => [{ name: 'bin', unit: '1', edges: Array.from({ length: n + 1 }, (_, i) => i) }];
const sr = { name: 'sr', axes: axis(2), samples: [{ name: 'sig', data: [6, 4], modifiers: [{ type: 'normfactor' as const, name: 'mu' }] }, { name: 'bkg', data: [10, 20], modifiers: [{ type: 'normfactor' as const, name: 'k' }] }] };
const cr = { name: 'anticoinc', axes: axis(2), samples: [{ name: 'bkg_ac', data: [40, 80], modifiers: [{ type: 'normfactor' as const, name: 'k' }] }] };

describe('a control channel constrains a shared normfactor (fitted simultaneously, not subtracted)', () => {
  const both = compileModel({ schemaVersion: '1.0.0', poi: 'mu', channels: [sr, cr], observations: [{ channel: 'sr', data: [17, 28] }, { channel: 'anticoinc', data: [50, 100] }] });
  const srOnly = compileModel({ schemaVersion: '1.0.0', poi: 'mu', channels: [sr], observations: [{ channel: 'sr', data: [17, 28] }] });
  const crOnly = compileModel({ schemaVersion: '1.0.0', channels: [cr], observations: [{ channel: 'anticoinc', data: [50, 100] }] });

  test('one shared parameter k; −2lnL is the sum of the channel terms', () => {
    expect(both.params.names).toEqual(['mu', 'k']);
    for (const [mu, k] of [[1, 1], [0.3, 1.4], [2, 0.8]] as const) {
      const v = both.twiceNll(both.params.vector({ mu, k }), both.observedData());
      expect(v).toBeCloseTo(srOnly.twiceNll(srOnly.params.vector({ mu, k }), srOnly.observedData()) + crOnly.twiceNll(crOnly.params.vector({ k }), crOnly.observedData()), 10);
    }
  });

  test('closed-form MLE: k̂ = n_cr/b_cr = 1.25 and μ̂ making the signal channel exact is stationary', () => {
    // n_cr = 1.25·b_cr in both bins → k̂ = 1.25; sr: μ·[6,4] + 1.25·[10,20] = [17, 28] ⇔ μ = 0.75
    const g = new Float64Array(2);
    both.twiceNllGrad(both.params.vector({ mu: 0.75, k: 1.25 }), both.observedData(), g);
    expect(Math.abs(g[0]!)).toBeLessThan(1e-10);
    expect(Math.abs(g[1]!)).toBeLessThan(1e-10);
    both.twiceNllGrad(both.params.vector({ mu: 0.75, k: 1.1 }), both.observedData(), g);
    expect(Math.abs(g[1]!)).toBeGreaterThan(1);
  });

  test('the control channel sharpens k: curvature d²(−2lnL)/dk² grows by Σ n_cr/k² = 150/1.25²·… ', () => {
    const curv = (m: typeof both, k: number) => {
      const h = 1e-4;
      const d = m.observedData();
      const f = (kk: number) => m.twiceNll(m.params.vector({ mu: 0.75, k: kk }), d);
      return (f(k + h) - 2 * f(k) + f(k - h)) / (h * h);
    };
    const extra = curv(both, 1.25) - curv(srOnly, 1.25);
    // −2 ln Pois for the control channel: d²/dk² = 2 Σ n_b / k²
    expect(extra).toBeCloseTo((2 * 150) / 1.25 ** 2, 3);
  });
});
