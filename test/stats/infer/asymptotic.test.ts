// The asymptotic calculator's p-value formulas, its options and its health report, against closed forms
// (arXiv:1007.1727 §3–5; single-bin counting n ~ Pois(μ s + b)) and tabulated values of the standard normal.
import { describe, expect, it } from 'vitest';
import { AsymptoticCalculator, asymptoticExpected, asymptoticPValues, discoverySignificance, hypotest } from '../../../src/stats/infer/index.js';
import { countingModel, data } from './helpers/models.js';
import { lr } from './helpers/reference.js';

// Φ(x) at integer x from standard tables (Abramowitz & Stegun Table 26.1, 15 digits).
const PHI: Record<number, number> = {
  [-4]: 3.16712418331199e-5,
  [-3]: 1.34989803163010e-3,
  [-2]: 2.27501319481792e-2,
  [-1]: 0.158655253931457,
  0: 0.5,
  1: 0.841344746068543,
  2: 0.977249868051821,
};

/**
 * e^{x²/2} Q(x), Q = 1 − Φ, for large x from the asymptotic (Mills-ratio) series (1/(x√2π)) Σ_k (−1)^k (2k−1)!!/x^{2k}
 * (Abramowitz & Stegun 26.2.12), truncated after k = 6: relative error below 1e-14 for x ≥ 30.
 */
function scaledTailQ(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 6; k++) {
    term *= -(2 * k - 1) / (x * x);
    sum += term;
  }
  return sum / (x * Math.sqrt(2 * Math.PI));
}
/** Q(t + a)/Q(t) from the series: e^{−a(2t + a)/2} · scaledTailQ(t + a)/scaledTailQ(t). */
const tailRatio = (t: number, a: number) => Math.exp(-0.5 * a * (2 * t + a)) * (scaledTailQ(t + a) / scaledTailQ(t));

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('asymptotic p-values against tabulated Φ', () => {
  it('expected band at √q_μ,A = 2: CL_b = Φ(n), CL_{s+b} = Φ(n − 2), CL_s their ratio, for n = −2…+2', () => {
    const e = asymptoticExpected(2);
    expect(e.nSigma).toEqual([-2, -1, 0, 1, 2]);
    for (let k = 0; k < 5; k++) {
      const n = k - 2;
      // erfc is accurate to ~1e-11 relative (src/stats/distributions/normal.ts); the table to 15 digits.
      expect(rel(e.clb[k]!, PHI[n]!)).toBeLessThan(1e-10);
      expect(rel(e.clsb[k]!, PHI[n - 2]!)).toBeLessThan(1e-10);
      expect(rel(e.cls[k]!, PHI[n - 2]! / PHI[n]!)).toBeLessThan(1e-10);
    }
  });

  it('no sensitivity (q_μ,A = 0): CL_s = 1 wherever t lies, also where CL_b underflows', () => {
    for (const t of [-3, 0, 2, 40]) expect(asymptoticPValues(t, 0).cls).toBe(1);
  });

  it('far tail (t = 40, CL_b below the smallest double): CL_s = Q(t + a)/Q(t) from the Mills-ratio series, → 0', () => {
    for (const a of [0.5, 1, 3]) {
      const p = asymptoticPValues(40, a);
      expect(p.clb).toBe(0);
      expect(rel(p.cls, tailRatio(40, a))).toBeLessThan(1e-9);
      expect(p.cls).toBeLessThan(1e-8);
    }
  });

  it('the two CL_s branches agree where both apply (t = 30: direct ratio vs. Mills series)', () => {
    const a = 1.5;
    const p = asymptoticPValues(30, a);
    expect(p.clb).toBeGreaterThan(0);
    expect(rel(p.cls, tailRatio(30, a))).toBeLessThan(1e-9);
  });
});

describe('AsymptoticCalculator options reach every fit (single bin, s = 5, b = 10, μ̂ may go negative)', () => {
  const s = 5;
  const b = 10;
  const model = countingModel(s, b, -b / s + 1e-6, 10);

  it('default statistic is q̃_μ: μ̂ clipped at 0 for n < b', () => {
    const n = 5;
    const mu = 1;
    const calc = new AsymptoticCalculator(model, data([n]));
    expect(calc.testStat).toBe('qmuTilde');
    const r = calc.test(mu);
    expect(r.q).toBeCloseTo(lr(n, mu * s + b, b), 5);
    expect(r.muHat).toBeCloseTo(0, 6);
  });

  it('poiBounds [0.5, 10] with q_μ: observed μ̂ and Asimov μ̂_A both clipped at 0.5', () => {
    const n = 5;
    const mu = 1.5;
    const r = new AsymptoticCalculator(model, data([n]), { testStat: 'qmu', poiBounds: [0.5, 10] }).test(mu);
    expect(r.muHat).toBeCloseTo(0.5, 6);
    expect(r.q).toBeCloseTo(lr(n, mu * s + b, 0.5 * s + b), 5);
    // Asimov data n_A = b (μ' = 0); its free fit is held at the lower bound μ̂_A = 0.5.
    expect(r.qAsimov).toBeCloseTo(lr(b, mu * s + b, 0.5 * s + b), 5);
  });

  it('the calculator name is part of the hypotest result', () => {
    expect(hypotest(model, data([8]), 1).calculator).toBe('asymptotic');
    expect(hypotest(model, data([8]), 1, { calculator: { type: 'toybased', nToys: 20, seed: 1 } }).calculator).toBe('toybased');
  });
});

describe('discoverySignificance: one-sided q₀ and its options', () => {
  const s = 5;
  const b = 10;
  it('a deficit (μ̂ < 0 allowed by the bounds) gives q₀ = 0, Z = 0, p₀ = ½ (eq. 12)', () => {
    const r = discoverySignificance(countingModel(s, b, -b / s + 1e-6, 10), data([6]));
    expect(r.muHat).toBeLessThan(0);
    expect(r.q0).toBe(0);
    expect(r.z).toBe(0);
    expect(r.p0).toBe(0.5);
  });
  it('poiBounds [0, 0.5] hold μ̂ (observed, n = 20) and μ̂_A (Asimov at μ′ = 1) at 0.5', () => {
    const n = 20;
    const r = discoverySignificance(countingModel(s, b, 0, 10), data([n]), { poiBounds: [0, 0.5] });
    expect(r.muHat).toBeCloseTo(0.5, 6);
    expect(r.q0).toBeCloseTo(lr(n, b, 0.5 * s + b), 5);
    expect(r.q0Asimov).toBeCloseTo(lr(s + b, b, 0.5 * s + b), 5);
  });
});

describe('health: fits stopped by the call limit are reported, never silently valid', () => {
  const model = countingModel(5, 10, 0, 10);
  const fit = { minimizer: { maxCalls: 2 } };
  it('AsymptoticCalculator.test: valid = false and one message per non-converged fit, named', () => {
    const r = new AsymptoticCalculator(model, data([14]), { fit }).test(1);
    const failed = Object.entries(r.fits).filter(([, f]) => !f.status.converged).map(([k]) => k);
    expect(failed.length).toBeGreaterThan(0);
    expect(r.valid).toBe(false);
    expect(r.messages.map((m) => m.split(' ')[0])).toEqual(failed);
  });
  it('discoverySignificance: valid = false with the fit names in the messages', () => {
    const r = discoverySignificance(model, data([14]), { fit });
    expect(r.valid).toBe(false);
    expect(r.messages.length).toBeGreaterThan(0);
    for (const m of r.messages) expect(m).toMatch(/^(free|fixed|asimovNuisance|asimovFree|asimovFixed) fit: /);
  });
  it('converged fits: valid and no messages', () => {
    expect(new AsymptoticCalculator(model, data([14])).test(1)).toMatchObject({ valid: true, messages: [] });
    expect(discoverySignificance(model, data([14]))).toMatchObject({ valid: true, messages: [] });
  });
});
