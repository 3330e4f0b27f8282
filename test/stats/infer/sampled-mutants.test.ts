/**
 * Tests for mutants of src/stats/infer found by the sampled mutation run (docs/testing.md "Scores per folder"): closed
 * forms of small cases, the documented input checks, and invariances (the limit does not depend on the starting
 * bracket).
 */
import { describe, expect, it } from 'vitest';
import { binomialFraction } from '../../../src/stats/infer/ensemble.js';
import { goodnessOfFit } from '../../../src/stats/infer/gof.js';
import { grossVitells } from '../../../src/stats/infer/lee.js';
import { fit } from '../../../src/stats/infer/mle.js';
import { upperLimit } from '../../../src/stats/infer/upperlimit.js';
import { prePostYieldTables, yieldTable } from '../../../src/stats/infer/yieldtable.js';
import { uncorrelatedBackground } from '../../../src/stats/model/index.js';

describe('Gross–Vitells', () => {
  it('the error of the mean number of up-crossings is the standard error √(var/(n−1)) of the toy counts', () => {
    // counts 1, 2, 3: mean 2, population variance 14/3 − 4 = 2/3, error √((2/3)/2) = √(1/3)
    const r = grossVitells(1, [1, 2, 3], 1);
    expect(r.n_upcrossings).toBe(2);
    expect(r.n_upcrossings_error).toBeCloseTo(Math.sqrt(1 / 3), 14);
    // at u = c0 the factor is 1: p_error = the error of the mean
    expect(r.p_error).toBeCloseTo(Math.sqrt(1 / 3), 14);
  });
});

describe('binomialFraction', () => {
  it('k/n with √(f(1−f)/n); refuses anything but integers 0 ≤ k ≤ n', () => {
    expect(binomialFraction(1, 4)).toEqual({ k: 1, n: 4, fraction: 0.25, error: Math.sqrt(0.25 * 0.75 / 4) });
    for (const [k, n] of [[-1, 3], [4, 3], [1.5, 3], [1, 2.5], [0, -1], [NaN, 3]] as const) {
      expect(() => binomialFraction(k, n), `${k}/${n}`).toThrow(/need integers 0 ≤ k ≤ n/);
    }
  });
});

describe('goodness of fit', () => {
  it('reports the seed and counts the constraint terms as bins', () => {
    const model = uncorrelatedBackground([5, 4], [20, 22], [3, 4]); // 2 bins, 2 auxiliary measurements
    const data = { main: Float64Array.of(24, 25), aux: Float64Array.from(model.nominalAux) };
    const r = goodnessOfFit(model, data, { nToys: 3, seed: 17 });
    expect(r.seed).toBe(17);
    expect(r.n_bins).toBe(4);
    expect(r.n_toys).toBe(3);
  });
});

describe('upperLimit bracket', () => {
  it('a starting bracket below the limit is widened upwards and gives the same limits', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(52), aux: Float64Array.from(model.nominalAux) };
    const ref = upperLimit(model, data, { cl: 0.95 });
    const low = upperLimit(model, data, { cl: 0.95, bracket: [0.05, 0.1] });
    expect(ref.observed).toBeGreaterThan(0.5);
    expect(low.observed).toBeCloseTo(ref.observed, 3);
    for (let k = 0; k < 5; k++) expect(low.expected[k]).toBeCloseTo(ref.expected[k]!, 3);
  });
});

describe('yield tables', () => {
  it('the error of a sample is |∂yield/∂θ| σ_θ over the free parameters only', () => {
    // one bin, signal 10·μ: the signal yield's only gradient is ∂(10μ)/∂μ = 10
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(60), aux: Float64Array.from(model.nominalAux) };
    const n = model.params.n;
    const ip = model.params.poiIndex!;
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++) cov[i * n + i] = 0.04; // σ = 0.2 for every parameter
    const free = yieldTable(model, data, Float64Array.from(model.params.init), cov, new Uint8Array(n));
    const signal = free[0]!.samples.find((s) => s.value === 10)!;
    expect(signal.error).toBeCloseTo(10 * 0.2, 12);
    const fixedPoi = new Uint8Array(n);
    fixedPoi[ip] = 1;
    const fixed = yieldTable(model, data, Float64Array.from(model.params.init), cov, fixedPoi);
    expect(fixed[0]!.samples.find((s) => s.value === 10)!.error).toBe(0);
    // the post-fit table of a real fit has a positive signal error
    const { postfit } = prePostYieldTables(model, data, fit(model, data));
    expect(postfit[0]!.total.error).toBeGreaterThan(0);
  });
});

describe('upperLimit (fast): background parameters of the wrong length', () => {
  it('are refused, naming the expected length; the right length gives the limit without them', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(52), aux: Float64Array.from(model.nominalAux) };
    expect(() => upperLimit(model, data, { cl: 0.95, method: 'fast', backgroundPars: new Float64Array(model.params.n + 1) })).toThrow(
      new RegExp(`backgroundPars has length ${model.params.n + 1}, expected ${model.params.n}`),
    );
  });
});
