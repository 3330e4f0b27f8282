import { describe, expect, it } from 'vitest';
import { upperLimit } from '../../../src/stats/infer/index.js';
import { uncorrelatedBackground } from '../../../src/stats/model/index.js';
import { countingModel, data, gaussBkgModel } from './helpers/models.js';
import { clsExpRef, clsRef, lr, qTildeRef } from './helpers/reference.js';

/** Bisection on an independent closed-form CLs(μ) curve. */
function solve(f: (mu: number) => number, a: number, b: number): number {
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (f(m) > 0) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

describe('CLs upper limits: single-bin counting against the closed-form CLs curve', () => {
  const s = 5;
  const b = 10;
  const model = countingModel(s, b, 0, 10);
  it.each([
    [8, 0.95],
    [8, 0.9],
    [17, 0.95],
    [3, 0.9],
  ])('n = %d, CL = %d', (n, cl) => {
    const alpha = 1 - cl;
    const qA = (mu: number) => lr(b, mu * s + b, b);
    const obsRef = solve((mu) => clsRef(qTildeRef(n, s, b, mu), qA(mu)).cls - alpha, 1e-6, 20);
    const expRef = [0, 1, 2, 3, 4].map((k) => solve((mu) => clsExpRef(qA(mu))[k] - alpha, 1e-6, 20));
    const r = upperLimit(model, data([n]), { cl });
    expect(r.converged).toBe(true);
    expect(r.cl).toBe(cl);
    expect(Math.abs(r.observed / obsRef - 1)).toBeLessThan(1e-3);
    for (let k = 0; k < 5; k++) expect(Math.abs(r.expected[k] / expRef[k] - 1)).toBeLessThan(1e-3);
    // The expected band is ordered −2σ < −1σ < median < +1σ < +2σ.
    for (let k = 1; k < 5; k++) expect(r.expected[k]).toBeGreaterThan(r.expected[k - 1]);
  });
});

describe("one upper-limit API: the fast path (method 'fast') agrees with the reference path", () => {
  // Both paths find roots to rtol 1e-4 on μ; their fits stop at EDM < 1e-6: agreement to 1e-3 relative.
  const cases: Array<[string, () => { model: import('../../../src/stats/types.js').StatModel; d: import('../../../src/stats/types.js').ObservedData }]> = [
    ['counting s = 5, b = 10, n = 8', () => ({ model: countingModel(5, 10, 0, 10), d: data([8]) })],
    [
      'pyhf hello world (two bins, shapesys)',
      () => {
        const model = uncorrelatedBackground([12, 11], [50, 52], [3, 7]);
        return { model, d: model.dataFromMain([51, 48]) };
      },
    ],
  ];
  for (const [name, make] of cases) {
    for (const kind of ['cls', 'clsb'] as const) {
      it(`${name}, ${kind}`, () => {
        const { model, d } = make();
        const ref = upperLimit(model, d, { cl: 0.9, kind });
        const fast = upperLimit(model, d, { cl: 0.9, kind, method: 'fast' });
        expect(fast.method).toBe('fast');
        expect(fast.status).toBe('ok');
        expect(ref.status).toBe('ok');
        expect(Math.abs(fast.observed / ref.observed - 1)).toBeLessThan(1e-3);
        for (let k = 0; k < 5; k++) {
          if (ref.expected[k] === 0) expect(fast.expected[k]).toBe(0);
          else expect(Math.abs(fast.expected[k] / ref.expected[k] - 1)).toBeLessThan(1e-3);
        }
        expect(fast.nFits).toBeLessThan(ref.nFits);
      });
    }
  }

  it('dataIsAsimov: the observed limit is the expected median', () => {
    const model = countingModel(5, 10, 0, 10);
    const asimov = data([10]);
    const bg = Float64Array.of(0);
    const r = upperLimit(model, asimov, { cl: 0.9, method: 'fast', backgroundPars: bg, dataIsAsimov: true });
    expect(r.observed).toBe(r.expected[2]);
    const ref = upperLimit(model, asimov, { cl: 0.9 });
    expect(Math.abs(r.expected[2] / ref.expected[2] - 1)).toBeLessThan(1e-3);
  });
});

describe('limit statuses: a CL_{s+b} root at μ = 0 is "excluded-all", not "ok" with 0 (issue 10)', () => {
  // s = 10, b = 25, n = 15: μ̂ = −1 with σ_μ ≈ 0.5, so as μ → 0 CL_{s+b} → Φ̄(−μ̂/σ) ≈ Φ̄(2) ≈ 0.02 < α = 0.1 (q̃ > q_A
  // branch of 1007.1727 eq. 66): every μ > 0 is excluded.
  const model = countingModel(10, 25, 0, 10);
  for (const method of ['fast', 'reference'] as const) {
    it(method, () => {
      const r = upperLimit(model, data([15]), { cl: 0.9, kind: 'clsb', method });
      expect(r.status).toBe('excluded-all');
      expect(r.observed).toBe(0);
      // CLs is not affected: a positive limit with status ok
      const c = upperLimit(model, data([15]), { cl: 0.9, method });
      expect(c.status).toBe('ok');
      expect(c.observed).toBeGreaterThan(0);
    });
  }
});

describe("fast path: the free fit that missed the minimum is replaced by a lower conditional fit (teststat.ts's correction)", () => {
  it('call-limited fits: the correction is applied, said, and the limit is not "ok"', () => {
    // Gaussian-constrained background (no analytic gradient); 20 calls stop the 2-parameter free fit well before its
    // minimum (−2lnL too high by ≈ 7), while 1-parameter conditional fits near μ̂ get lower.
    const model = gaussBkgModel(5, 20, 3, 0, 20);
    const d = data([40], [20]);
    const r = upperLimit(model, d, { cl: 0.9, method: 'fast', fit: { minimizer: { maxCalls: 20 } } });
    expect(r.messages.some((m) => /free fit missed the minimum/.test(m))).toBe(true);
    expect(r.status).toBe('not-converged');
    expect(Number.isFinite(r.observed)).toBe(true);
    // with converged fits there is nothing to correct
    const ok = upperLimit(model, d, { cl: 0.9, method: 'fast' });
    expect(ok.status).toBe('ok');
    expect(ok.messages.some((m) => /missed/.test(m))).toBe(false);
  });
});
