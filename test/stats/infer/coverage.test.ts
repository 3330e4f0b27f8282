import { describe, expect, it } from 'vitest';
import { q0WilksCalibration, upperLimitCoverage } from '../../../src/stats/infer/coverage.js';
import { uncorrelatedBackground } from '../../../src/stats/model/simpleModels.js';

/**
 * The coverage machinery on a model where the answer is known: two bins with ≈ 50 background events each and
 * negligible background uncertainty are in the asymptotic regime, so P(p_{s+b}(μ_true) > α) = 90 % and the FC
 * construction covers by definition; CLs over-covers where the signal is small compared with σ_μ.
 * Seeded, so the checks are deterministic; the allowed deviation is 3 binomial standard errors.
 */
describe('upper-limit coverage by toys', () => {
  const model = uncorrelatedBackground([12, 11], [50, 52], [0.01, 0.01]);
  const data = model.dataFromMain([51, 48]);

  it('CLs+b and FC cover 90 %; CLs over-covers at a small true signal', () => {
    const big = upperLimitCoverage(model, data, 0, { nToys: 800, seed: 3, muTrue: 2 });
    const byMethod = Object.fromEntries(big.map((r) => [r.method, r]));
    expect(byMethod['CLs+b']!.failed).toBe(0);
    expect(byMethod['CLs+b']!.valid).toBe(true);
    expect(Math.abs(byMethod['CLs+b']!.pull)).toBeLessThan(3);
    expect(Math.abs(byMethod.FC!.pull)).toBeLessThan(3);
    // toy-calibrated CL_{s+b}: p from the q̃_μ distribution of an independent ensemble at μ_true
    expect(Math.abs(byMethod['CLs+b (toys)']!.pull)).toBeLessThan(3);
    expect(byMethod['CLs+b']!.signal_events).toBeCloseTo(46, 6);
    const small = upperLimitCoverage(model, data, 0, { nToys: 400, seed: 4, muTrue: 0.3 });
    const cls = small.find((r) => r.method === 'CLs')!;
    expect(cls.pull).toBeGreaterThan(3);
  });

  it('q0 of background-only toys follows ½χ²₁ (Wilks) in the asymptotic regime', () => {
    const rows = q0WilksCalibration(model, data, { nToys: 1500, seed: 11, thresholds: [1, 2.705543454095404] });
    for (const r of rows) {
      expect(r.failed).toBe(0);
      expect(Math.abs(r.pull)).toBeLessThan(3);
    }
    expect(rows[1]!.asymptotic).toBeCloseTo(0.05, 12);
  });

  it('is deterministic: the same seed gives the same coverage, another seed other toys', () => {
    const a = upperLimitCoverage(model, data, 0, { nToys: 60, seed: 21, muTrue: 1 });
    const b = upperLimitCoverage(model, data, 0, { nToys: 60, seed: 21, muTrue: 1 });
    expect(b).toEqual(a);
    const c = upperLimitCoverage(model, data, 0, { nToys: 60, seed: 22, muTrue: 1, nReferenceToys: 60 });
    expect(c.map((r) => r.coverage.k)).not.toEqual(a.map((r) => r.coverage.k));
  });

  it('rejects a non-positive true μ and a POI that may go negative', () => {
    const free = uncorrelatedBackground([12, 11], [50, 52], [0.01, 0.01]);
    const lo = Float64Array.from(free.params.lo);
    lo[free.params.poiIndex!] = -5;
    Object.defineProperty(free.params, 'lo', { value: lo });
    expect(() => upperLimitCoverage(free, free.dataFromMain([51, 48]), 0, { nToys: 10, seed: 1, muTrue: 1 })).toThrow(/lower bound 0/);
    expect(() => upperLimitCoverage(model, data, 0, { nToys: 10, seed: 1, muTrue: 0 })).toThrow(/true μ must be positive/);
  });
});
