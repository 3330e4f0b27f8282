import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/index.js';
import { NonFiniteExpectation } from '../../../src/util/errors.js';

// signal nominal [0, 4]: at mu = ∞ the first bin is 0·∞ = NaN (and the second +∞).
const spec = (observed: number[]) => ({
  schemaVersion: '1.0.0',
  poi: 'mu',
  channels: [
    {
      name: 'sr',
      axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20] }],
      samples: [
        { name: 'signal', data: [0, 4], modifiers: [{ type: 'normfactor', name: 'mu' }] },
        { name: 'bkg', data: [20, 10] },
      ],
    },
  ],
  observations: [{ channel: 'sr', data: observed }],
});

describe('a NaN expectation is an error naming where it arose (issue 10)', () => {
  for (const observed of [
    [24, 14],
    [0, 14],
    [2.5, 14.5], // non-integer data: the per-bin Poisson pass instead of the count groups
  ]) {
    it(`twiceNll and twiceNllGrad throw NonFiniteExpectation (observed ${observed.join(', ')})`, () => {
      const m = compileModel(spec(observed));
      const data = m.observedData();
      const pars = m.params.vector({ mu: Infinity });
      // old code: +Infinity (a vanishing likelihood), indistinguishable from a legitimate zero expectation
      let err: unknown;
      try {
        m.twiceNll(pars, data);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NonFiniteExpectation);
      const e = err as NonFiniteExpectation;
      expect([e.channel, e.sample, e.bin]).toEqual(['sr', 'signal', 0]);
      expect(e.message).toMatch(/mu=Infinity/);
      expect(() => m.twiceNllGrad(pars, data, new Float64Array(m.params.n))).toThrow(NonFiniteExpectation);
      // finite parameters are unaffected
      expect(Number.isFinite(m.twiceNll(m.params.vector({ mu: 1 }), data))).toBe(true);
    });
  }

});
