import { describe, expect, test } from 'vitest';
import { InvalidParameters } from '../../../src/util/errors.js';
import { uncorrelatedBackground, withFixed } from '../../../src/stats/model/index.js';

describe('withFixed: fix and release parameters in one place', () => {
  const m = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
  test('fixing sets init and fixed on a copy; the original is untouched (restore = use the original)', () => {
    const c = withFixed(m.params, { mu: 0.5 });
    expect(c.init[0]).toBe(0.5);
    expect(c.fixed[0]).toBe(1);
    expect(m.params.init[0]).toBe(1);
    expect(m.params.fixed[0]).toBe(0);
    const r = withFixed(c, { mu: null });
    expect(r.fixed[0]).toBe(0);
    expect(r.init[0]).toBe(0.5);
    expect(r.index('uncorr_bkguncrt[1]')).toBe(2);
  });
  test('base name of a per-bin parameter fixes every component', () => {
    const c = withFixed(m.params, { uncorr_bkguncrt: 1 });
    expect(Array.from(c.fixed)).toEqual([0, 1, 1]);
  });
  test('errors: unknown name, value outside bounds', () => {
    expect(() => withFixed(m.params, { nu: 1 })).toThrow(InvalidParameters);
    expect(() => withFixed(m.params, { mu: 11 })).toThrow(/outside its bounds/);
    expect(() => withFixed(m.params, { mu: -0.001 })).toThrow(/outside its bounds/);
  });
  test('fixing exactly at a bound is allowed (μ = 0 for a background-only fit, μ at the top of its range)', () => {
    const lo = m.params.lo[0]!;
    const hi = m.params.hi[0]!;
    expect(withFixed(m.params, { mu: lo }).init[0]).toBe(lo);
    expect(withFixed(m.params, { mu: hi }).init[0]).toBe(hi);
    expect(() => m.params.index('uncorr_bkguncrt')).toThrow(/uncorr_bkguncrt\[0\]/);
  });
  test('wrong-length inputs are rejected, not silently misread', () => {
    expect(() => m.twiceNll(new Float64Array(2), m.dataFromMain([1, 2]))).toThrow(InvalidParameters);
    expect(() => m.dataFromMain([1, 2, 3])).toThrow(InvalidParameters);
    expect(() => m.twiceNll(m.params.init, { main: Float64Array.from([1, -2]), aux: m.nominalAux })).toThrow(/≥ 0/);
  });
});
