import { beforeEach, describe, expect, it } from 'vitest';
import { discoverySignificance, hypotest, q0, qmu, qmuTilde, testStatistic, tmu, tmuTilde, AsymptoticCalculator, type TestStatResult } from '../../../src/stats/infer/index.js';
import { fixedPoiFit } from '../../../src/stats/infer/mle.js';
import { countingModel, data, gaussBkgModel } from './helpers/models.js';

import { Phi, clsExpRef, clsRef, lr, qTildeRef } from './helpers/reference.js';

describe('single-bin counting: discovery (s = 1 per unit μ)', () => {
  const b = 10;
  it.each([15, 22, 40])('n = %i: μ̂ = n − b, q0 = 2[n ln(n/b) − (n − b)], Z = √q0', (n) => {
    const model = countingModel(1, b, 0, 100);
    const r = q0(model, data([n]));
    // EDM < 1e-6 (−2lnL units) bounds the distance to the minimum by ~1.4e-3 σ, σ = √n here.
    expect(Math.abs(r.muHat - (n - b))).toBeLessThan(2e-3 * Math.sqrt(n));
    const q0ref = 2 * (n * Math.log(n / b) - (n - b));
    expect(r.value).toBeCloseTo(q0ref, 5);
    const disc = discoverySignificance(model, data([n]));
    expect(disc.z).toBeCloseTo(Math.sqrt(q0ref), 4);
    expect(disc.p0).toBeCloseTo(1 - Phi(Math.sqrt(q0ref)), 6);
  });

  it('q0 = 0 when n < b', () => {
    const model = countingModel(1, b, -5, 100);
    expect(q0(model, data([7])).value).toBe(0);
  });

  it.each([
    [5, 10],
    [20, 100],
    [3, 0.5],
  ])('median expected (Asimov) significance for s = %d, b = %d is √(2[(s+b) ln(1+s/b) − s]) (eq. 97)', (s, bb) => {
    const model = countingModel(s, bb, 0, 10);
    const disc = discoverySignificance(model, data([0]), { muAsimov: 1 });
    expect(disc.zExpected).toBeCloseTo(Math.sqrt(2 * ((s + bb) * Math.log(1 + s / bb) - s)), 4);
  });
});

describe('single-bin counting: t_μ, t̃_μ, q_μ, q̃_μ closed forms', () => {
  const s = 5;
  const b = 10;
  const model = countingModel(s, b, -b / s + 1e-6, 10); // μ̂ may go negative (down to λ ≈ 0)
  it('n < b: q_μ uses μ̂ < 0, q̃_μ uses μ̂ = 0', () => {
    const n = 5;
    const mu = 1;
    const muHat = (n - b) / s;
    expect(qmu(model, data([n]), mu).value).toBeCloseTo(lr(n, mu * s + b, muHat * s + b), 5);
    expect(qmuTilde(model, data([n]), mu).value).toBeCloseTo(lr(n, mu * s + b, b), 5);
    expect(tmu(model, data([n]), mu).value).toBeCloseTo(lr(n, mu * s + b, muHat * s + b), 5);
    expect(tmuTilde(model, data([n]), mu).value).toBeCloseTo(lr(n, mu * s + b, b), 5);
  });
  it('μ̂ > μ: q_μ = q̃_μ = 0 while the two-sided t_μ is not', () => {
    const n = 30;
    const mu = 1;
    const muHat = (n - b) / s;
    expect(qmu(model, data([n]), mu).value).toBe(0);
    expect(qmuTilde(model, data([n]), mu).value).toBe(0);
    expect(tmu(model, data([n]), mu).value).toBeCloseTo(lr(n, mu * s + b, muHat * s + b), 5);
  });
});

describe('single-bin counting: asymptotic CLs against the closed form', () => {
  const s = 5;
  const b = 10;
  const model = countingModel(s, b, 0, 10);
  it.each([
    [8, 0.5],
    [8, 1],
    [14, 1],
    [14, 2],
    [30, 1.5],
    [0, 1],
  ])('n = %d, μ = %d', (n, mu) => {
    const q = qTildeRef(n, s, b, mu);
    const qA = lr(b, mu * s + b, b); // Asimov data n_A = b at μ' = 0
    const ref = clsRef(q, qA);
    const r = hypotest(model, data([n]), mu);
    expect(r.q).toBeCloseTo(q, 5);
    expect(r.qAsimov).toBeCloseTo(qA, 5);
    expect(r.clsObs).toBeCloseTo(ref.cls, 5);
    expect(r.clsb).toBeCloseTo(ref.clsb, 5);
    expect(r.clb).toBeCloseTo(ref.clb, 5);
    const exp = clsExpRef(qA);
    for (let k = 0; k < 5; k++) expect(r.clsExp[k]).toBeCloseTo(exp[k], 5);
    expect(r.valid).toBe(true);
  });

  it('the Asimov data are the background-only expectation', () => {
    const calc = new AsymptoticCalculator(model, data([8]));
    expect(calc.asimovData().main[0]).toBeCloseTo(b, 10);
  });
});

describe('errors that say what to do', () => {
  it('a fixed POI is rejected with the fix in the message', () => {
    const base = countingModel(5, 10, 0, 10);
    const fixedPoi = { ...base, params: { ...base.params, fixed: Uint8Array.of(1), index: base.params.index } };
    expect(() => qmuTilde(fixedPoi, data([8]), 1)).toThrow(/unfix/);
  });
  it('a model without POI cannot be tested', () => {
    const base = countingModel(5, 10, 0, 10);
    const noPoi = { ...base, params: { ...base.params, poiIndex: null, index: base.params.index } };
    expect(() => hypotest(noPoi, data([8]), 1)).toThrow(/no parameter of interest/);
  });
});

describe('asymptotic CLs with q_μ (μ̂ allowed below 0)', () => {
  it('uses t = √q_μ − √q_μ,A on both branches (eq. 59)', () => {
    const s = 5;
    const b = 10;
    const model = countingModel(s, b, -b / s + 1e-6, 10);
    for (const [n, mu] of [
      [5, 1],
      [12, 0.5],
      [3, 2],
    ]) {
      const muHat = (n - b) / s;
      const q = muHat > mu ? 0 : lr(n, mu * s + b, muHat * s + b);
      const qA = lr(b, mu * s + b, b);
      const r = hypotest(model, data([n]), mu, { testStat: 'qmu' });
      expect(r.q).toBeCloseTo(q, 5);
      const clsb = 1 - Phi(Math.sqrt(q));
      const clb = 1 - Phi(Math.sqrt(q) - Math.sqrt(qA));
      expect(r.clsb).toBeCloseTo(clsb, 5);
      expect(r.clb).toBeCloseTo(clb, 5);
      expect(r.clsObs).toBeCloseTo(clsb / clb, 5);
    }
  });
});

describe('a free fit that missed the global minimum (negative −2 ln λ)', () => {
  // s = 5, b = 10, n = 20: the true minimum is μ̂ = 2. A "free fit" supplied at μ = 1.8 lies above the conditional fit
  // at μ = 2 by 2[(λ − n ln λ)] differences = 2[(19 − 20) − 20 ln(19/20)] = 0.0517 (−2lnL units): far beyond minimiser
  // noise (1e-4), so the conditional fit becomes the free fit and μ̂ = 2. A miss of 3.1e-5 (μ = 1.995) is noise: kept.
  const model = countingModel(5, 10, 0, 10);
  const d = data([20]);
  const missed = (mu: number) => fixedPoiFit(model, d, mu);
  it('a miss of 0.05 in −2lnL is corrected: μ̂ = μ and t = 0', () => {
    const bad = missed(1.8);
    expect(bad.twiceNll - missed(2).twiceNll).toBeCloseTo(2 * (-1 - 20 * Math.log(19 / 20)), 9);
    const r = tmu(model, d, 2, { freeFit: bad });
    expect(r.value).toBe(0);
    expect(r.muHat).toBe(2);
    expect(r.freeFit.twiceNll).toBe(r.fixedFit.twiceNll);
  });
  it('a miss below the 1e-4 tolerance is minimiser noise: the supplied free fit is kept', () => {
    const bad = missed(1.995);
    const r = tmu(model, d, 2, { freeFit: bad });
    expect(r.value).toBe(0);
    expect(r.muHat).toBe(1.995);
  });
});

describe('the missed-minimum correction only uses a conditional fit inside the POI bounds', () => {
  // s = 1, b = 2, n = 12: the unbounded maximum is μ̂ = 10; −2 ln L(μ) = 2[(μ + 2) − 12 ln(μ + 2)] + const.
  const d = data([12]);
  it('μ above the upper bound 5: the conditional fit at μ = 8 is better than the bounded free fit (μ̂ = 5) but is no free fit', () => {
    const model = countingModel(1, 2, 0, 5);
    const r = tmu(model, d, 8);
    expect(r.value).toBe(0);
    expect(r.muHat).toBeCloseTo(5, 6);
    expect(r.fixedFit.twiceNll).toBeLessThan(r.freeFit.twiceNll - 1e-4);
  });
  it('μ below the lower bound 2: the conditional fit at μ = 0 (n = 1, unbounded μ̂ = −1) is better but is no free fit', () => {
    const model = countingModel(1, 2, 2, 50);
    const r = tmu(model, data([1]), 0);
    expect(r.value).toBe(0);
    expect(r.muHat).toBeCloseTo(2, 6);
    expect(r.fixedFit.twiceNll).toBeLessThan(r.freeFit.twiceNll - 1e-4);
  });
  it('μ at the upper bound: a missed free fit (at μ = 1) is replaced by the conditional fit at μ = hi = 5', () => {
    const model = countingModel(1, 2, 0, 5);
    const r = tmu(model, d, 5, { freeFit: fixedPoiFit(model, d, 1) });
    expect(r.muHat).toBe(5);
    expect(r.value).toBe(0);
  });
  it('μ at the lower bound: a missed free fit (at μ = 40) is replaced by the conditional fit at μ = lo = 2', () => {
    // 2[(42 − 12 ln 42) − (4 − 12 ln 4)] = 2[38 − 12 ln 10.5] = 19.57 > 0: the conditional fit at 2 is better.
    const model = countingModel(1, 2, 2, 50);
    const missed = fixedPoiFit(model, d, 40);
    expect(missed.twiceNll - fixedPoiFit(model, d, 2).twiceNll).toBeCloseTo(2 * (38 - 12 * Math.log(10.5)), 8);
    const r = tmu(model, d, 2, { freeFit: missed });
    expect(r.muHat).toBe(2);
  });
});

describe('testStatistic dispatches by name and every result carries its name', () => {
  const model = countingModel(5, 10, -2 + 1e-6, 10);
  const d = data([7]);
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let direct: Record<'tmu' | 'tmuTilde' | 'qmu' | 'qmuTilde' | 'q0', TestStatResult>;
  beforeEach(() => {
    direct = { tmu: tmu(model, d, 1), tmuTilde: tmuTilde(model, d, 1), qmu: qmu(model, d, 1), qmuTilde: qmuTilde(model, d, 1), q0: q0(model, d) };
  });
  it.each(['tmu', 'tmuTilde', 'qmu', 'qmuTilde', 'q0'] as const)('%s', (name) => {
    const r = testStatistic(name, model, d, name === 'q0' ? 0 : 1);
    expect(r.name).toBe(name);
    expect(direct[name].name).toBe(name);
    expect(r.value).toBeCloseTo(direct[name].value, 8);
  });
  it('n = 7 < b = 10 tells the statistics apart: t̃ and q̃ clip μ̂ = −0.6 at 0, q₀ is 0 for μ̂ < 0', () => {
    expect(direct.tmu.value).toBeCloseTo(lr(7, 15, 7), 5);
    expect(direct.tmuTilde.value).toBeCloseTo(lr(7, 15, 10), 5);
    expect(direct.q0.value).toBe(0);
  });
  it('an unknown name is rejected', () => {
    expect(() => testStatistic('qzero' as never, model, d, 1)).toThrow(/unknown test statistic qzero/);
  });
});

describe('fit options reach both fits of −2 ln λ', () => {
  it('fixedValues holds the background β = 12 in the free and the conditional fit: t_μ = single-bin closed form with b = 12', () => {
    // n ~ Pois(μ s + β), a ~ N(β, 1); with β fixed at 12 the Gaussian term cancels in the ratio.
    const s = 5;
    const model = gaussBkgModel(s, 10, 1, 0, 10);
    const n = 30;
    const r = tmu(model, { main: Float64Array.of(n), aux: Float64Array.of(10) }, 0.5, { fit: { fixedValues: { beta: 12 } } });
    expect(r.fixedFit.bestfit[1]).toBe(12);
    expect(r.freeFit.bestfit[1]).toBe(12);
    expect(r.value).toBeCloseTo(lr(n, 0.5 * s + 12, n), 5);
  });
});
