import { beforeEach, describe, expect, it } from 'vitest';
import { fit, type FitResult, fixedPoiFit, minos, profileScan1D, profileScan2D, mergeProfileScans1D, splitRange } from '../../../src/stats/infer/index.js';
import type { StatModel } from '../../../src/stats/types.js';
import { InvalidParameters } from '../../../src/util/errors.js';
import { countingModel, data, gaussBkgModel, makeParams, twiceGaussNll, twicePoissonNll } from './helpers/models.js';

/** Bisection written independently of the library's Brent solver (reference for MINOS checks). */
function bisect(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fa > 0 === fm > 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return 0.5 * (a + b);
}

/** A two-parameter Gaussian "measurement" model: −2lnL = (x1−μ1)²/σ1² + (x2−μ2)²/σ2² (+ consts), main data = x. */
function gaussianMeasurement(s1: number, s2: number): StatModel {
  const params = makeParams(
    [
      { name: 'm1', init: 0, lo: -100, hi: 100 },
      { name: 'm2', init: 0, lo: -100, hi: 100 },
    ],
    'm1',
  );
  return {
    params,
    nBins: 2,
    nAux: 0,
    nominalAux: new Float64Array(0),
    twiceNll: (p, d) => twiceGaussNll(d.main[0], p[0], s1) + twiceGaussNll(d.main[1], p[1], s2),
    expected(p, out) {
      out[0] = p[0];
      out[1] = p[1];
    },
    asimovAux() {},
  };
}

describe('fit: single-bin counting n ~ Pois(μ s + b)', () => {
  const s = 10;
  const b = 10;
  const n = 25;
  const model = countingModel(s, b, -1, 10);
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let r: FitResult;
  beforeEach(() => {
    r = fit(model, data([n]));
  });

  it('μ̂ = (n − b)/s and −2lnL at the minimum is −2 ln Pois(n | n)', () => {
    expect(r.status.converged).toBe(true);
    expect(r.bestfit[0]).toBeCloseTo((n - b) / s, 4);
    expect(r.twiceNll).toBeCloseTo(twicePoissonNll(n, n), 8);
  });

  it('Hessian error σ_μ = √n / s (Fisher information of a Poisson mean at λ = n)', () => {
    expect(r.errors![0]).toBeCloseTo(Math.sqrt(n) / s, 4);
    expect(r.correlation![0]).toBe(1);
  });

  it('MINOS gives the asymmetric Poisson interval 2[λ − n − n ln(λ/n)] = 1', () => {
    const [m] = minos(model, data([n]), r, ['mu']);
    const profile = (mu: number) => 2 * (mu * s + b - n - n * Math.log((mu * s + b) / n)) - 1;
    const up = bisect(profile, 1.5, 5);
    const down = bisect(profile, -0.99, 1.5);
    expect(m.upperValid && m.lowerValid).toBe(true);
    expect(m.value + m.upper).toBeCloseTo(up, 3);
    expect(m.value + m.lower).toBeCloseTo(down, 3);
    expect(m.upper).toBeGreaterThan(-m.lower); // Poisson intervals are wider upwards
  });

  it('MINOS stops at a bound and says so', () => {
    const bounded = countingModel(s, b, 1.3, 10);
    const rb = fit(bounded, data([n]));
    const [m] = minos(bounded, data([n]), rb, ['mu']);
    expect(m.lowerAtLimit).toBe(true);
    expect(m.lowerValid).toBe(false);
    expect(m.value + m.lower).toBe(1.3);
  });

  it('rejects data of the wrong shape with a clear error', () => {
    expect(() => fit(model, data([1, 2]))).toThrow(InvalidParameters);
    expect(() => fit(model, data([-1]))).toThrow(/main bin 0/);
  });

  it('a likelihood that is NaN everywhere gives converged=false, not a number', () => {
    const bad: StatModel = { ...model, twiceNll: () => NaN, twiceNllGrad: undefined };
    const rb = fit(bad, data([n]));
    expect(rb.status.converged).toBe(false);
    expect(rb.status.message).toMatch(/NaN/);
  });
});

describe('MINOS errors on a Gaussian equal the Hessian errors', () => {
  it('both parameters', () => {
    const model = gaussianMeasurement(0.7, 3);
    const d = data([1.2, 4]);
    const r = fit(model, d);
    expect(r.errors![0]).toBeCloseTo(0.7, 5);
    expect(r.errors![1]).toBeCloseTo(3, 4);
    const ms = minos(model, d, r, ['m1', 'm2']);
    expect(ms[0].upper).toBeCloseTo(0.7, 3);
    expect(ms[0].lower).toBeCloseTo(-0.7, 3);
    expect(ms[1].upper).toBeCloseTo(3, 3);
    expect(ms[1].lower).toBeCloseTo(-3, 3);
  });
});

describe('Gaussian-constrained background: profile against its closed form', () => {
  // n ~ Pois(μ s + β), a ~ N(β, σ). Setting ∂/∂β of −2lnL to zero:
  //   1 − n/(μs + β) = (a − β)/σ²  ⇔  β² + (μs − a + σ²) β + σ²(μs − n) − a μs = 0,
  // so β̂̂(μ) = [−B + √(B² − 4C)]/2 with B = μs − a + σ², C = σ²(μs − n) − aμs (the positive root).
  const s = 20;
  const b = 50;
  const sigma = 5;
  const n = 80;
  const a = 52;
  const model = gaussBkgModel(s, b, sigma, -2, 10);
  const d = data([n], [a]);
  const betaHatHat = (mu: number) => {
    const B = mu * s - a + sigma * sigma;
    const C = sigma * sigma * (mu * s - n) - a * mu * s;
    return (-B + Math.sqrt(B * B - 4 * C)) / 2;
  };
  const profile = (mu: number) => twicePoissonNll(n, mu * s + betaHatHat(mu)) + twiceGaussNll(a, betaHatHat(mu), sigma);
  const grid = Float64Array.from({ length: 11 }, (_, i) => 0.5 + 0.2 * i);

  it('global fit: β̂ = a and μ̂ = (n − a)/s (unconstrained optimum is reachable)', () => {
    const r = fit(model, d);
    expect(r.bestfit[0]).toBeCloseTo((n - a) / s, 3);
    expect(r.bestfit[1]).toBeCloseTo(a, 2);
  });

  it('1-D profile scan matches the closed form at every point', () => {
    const scan = profileScan1D(model, d, 'mu', grid);
    const globalMin = profile((n - a) / s);
    for (let k = 0; k < grid.length; k++) {
      expect(scan.converged[k]).toBe(1);
      expect(scan.twiceNll[k]).toBeCloseTo(profile(grid[k]), 4);
      expect(scan.deltaTwiceNll[k]).toBeCloseTo(profile(grid[k]) - globalMin, 4);
      expect(scan.bestfits[k][1]).toBeCloseTo(betaHatHat(grid[k]), 2);
    }
  });

  it('a scan split into chunks and merged equals the single scan', () => {
    const whole = profileScan1D(model, d, 'mu', grid);
    const parts = splitRange(grid.length, 3).map(({ start, end }) => profileScan1D(model, d, 'mu', grid, { start, end }));
    expect(parts.length).toBe(3);
    const merged = mergeProfileScans1D(parts.reverse());
    for (let k = 0; k < grid.length; k++) expect(merged.deltaTwiceNll[k]).toBeCloseTo(whole.deltaTwiceNll[k], 5);
    expect(() => mergeProfileScans1D(parts.slice(1))).toThrow(InvalidParameters);
  });

  it('2-D scan over (μ, β) equals the likelihood evaluated directly', () => {
    const xs = Float64Array.of(1, 1.5, 2);
    const ys = Float64Array.of(40, 50, 60);
    const scan = profileScan2D(model, d, ['mu', 'beta'], xs, ys);
    const direct = (mu: number, beta: number) => twicePoissonNll(n, mu * s + beta) + twiceGaussNll(a, beta, sigma);
    const globalMin = profile((n - a) / s);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(scan.deltaTwiceNll[i * 3 + j]).toBeCloseTo(direct(xs[i], ys[j]) - globalMin, 4);
  });

  it('fixedPoiFit profiles β at the given μ', () => {
    const r = fixedPoiFit(model, d, 0.8);
    expect(r.bestfit[0]).toBe(0.8);
    expect(r.bestfit[1]).toBeCloseTo(betaHatHat(0.8), 2);
    expect(r.twiceNll).toBeCloseTo(profile(0.8), 4);
  });
});
