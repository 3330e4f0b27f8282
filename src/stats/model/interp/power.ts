/**
 * Power factor f(x) = x^k (normfactor and lumi: k = 1; scale: any k). Constants: c[o] = k.
 */
import type { FactorInterpolation } from './types.js';

export const power: FactorInterpolation = {
  code: 'power',
  prepare(_lo, _hi, k, c, o) {
    c[o] = k;
  },
  evaluate(x, c, o, val, der, i) {
    const k = c[o]!;
    if (k === 1) {
      val[i] = x;
      der[i] = 1;
    } else {
      val[i] = Math.pow(x, k);
      der[i] = k === 0 ? 0 : k * Math.pow(x, k - 1);
    }
  },
};
