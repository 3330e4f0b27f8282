import { beforeAll, describe, expect, it } from 'vitest';
import { chi2Sf } from '../../../src/stats/distributions/index.js';
import { auxLayout, hypotest, sampleTestStatistic, sampleToyData, toyHypotest, type TestStatSamples } from '../../../src/stats/infer/index.js';
import { Rng } from '../../../src/stats/rng.js';
import { countingModel, data, gaussBkgModel } from './helpers/models.js';

/** Binomial standard error of a fraction p from N trials. */
const binomSigma = (p: number, N: number) => Math.sqrt((p * (1 - p)) / N);

describe('toy data', () => {
  it('main bins are Poisson around the expectation, Gaussian aux around the parameter', () => {
    const model = gaussBkgModel(20, 100, 10);
    const pars = Float64Array.of(1, 95);
    const layout = auxLayout(model);
    const N = 20000;
    let sumN = 0;
    let sumN2 = 0;
    let sumA = 0;
    let sumA2 = 0;
    for (let i = 0; i < N; i++) {
      const t = sampleToyData(model, pars, new Rng(11, i), layout);
      sumN += t.main[0];
      sumN2 += t.main[0] ** 2;
      sumA += t.aux[0];
      sumA2 += t.aux[0] ** 2;
    }
    const lam = 115;
    const meanN = sumN / N;
    expect(Math.abs(meanN - lam)).toBeLessThan(4 * Math.sqrt(lam / N));
    // Sample variance of a Poisson(λ): standard error √((μ₄ − σ⁴)/N) with μ₄ = λ + 3λ², i.e. √((λ + 2λ²)/N) = 1.15
    // for λ = 115, N = 20000. Assert within 3 standard errors.
    expect(Math.abs(sumN2 / N - meanN ** 2 - lam)).toBeLessThan(3 * Math.sqrt((lam + 2 * lam * lam) / N));
    const meanA = sumA / N;
    expect(Math.abs(meanA - 95)).toBeLessThan(4 * (10 / Math.sqrt(N)));
    // Sample standard deviation of a Gaussian: standard error σ/√(2N) = 0.05 for σ = 10, N = 20000; within 3 of them.
    expect(Math.abs(Math.sqrt(sumA2 / N - meanA ** 2) - 10)).toBeLessThan(3 * (10 / Math.sqrt(2 * N)));
  });
});

describe('Wilks coverage of toy test statistics (seeded)', () => {
  // n ~ Pois(μ s + β), a ~ N(β, σ_b): large counts, so t_μ ~ χ²(1) (Wilks) and q_μ ~ ½δ(0) + ½χ²(1) (1007.1727 eq. 49).
  const s = 50;
  const b = 100;
  const sigmaB = 10;
  const model = gaussBkgModel(s, b, sigmaB, -1.5, 10);
  const N = 1500;
  const gen = Float64Array.of(1, b);
  // In beforeAll (too costly for every test): for Stryker this is static coverage, seen by a mutant only when another
  // test of the block covers it (docs/testing.md).
  let t: TestStatSamples;
  let q: TestStatSamples;
  beforeAll(() => {
    t = sampleTestStatistic(model, gen, 1, 'tmu', { nToys: N, seed: 2024 });
    q = sampleTestStatistic(model, gen, 1, 'qmu', { nToys: N, seed: 2024 });
  });

  it('results carry the seed and toy count, and no toy failed', () => {
    expect(t.seed).toBe(2024);
    expect(t.nToys).toBe(N);
    expect(t.nFailed).toBe(0);
    expect(t.samples.length).toBe(N);
  });

  it.each([0.5, 1, 2.706, 3.841])('P(t_μ > %d) matches χ²(1) within 3.5σ', (x) => {
    const p = chi2Sf(x, 1);
    const frac = t.samples.filter((v) => v > x).length / N;
    expect(Math.abs(frac - p)).toBeLessThan(3.5 * binomSigma(p, N));
  });

  it('mean of t_μ is 1 within 3.5σ (σ = √(2/N))', () => {
    const mean = t.samples.reduce((a, v) => a + v, 0) / N;
    expect(Math.abs(mean - 1)).toBeLessThan(3.5 * Math.sqrt(2 / N));
  });

  it.each([1, 2.706])('P(q_μ > %d) matches ½χ²(1) within 3.5σ; half the toys have q_μ = 0', (x) => {
    const p = 0.5 * chi2Sf(x, 1);
    const frac = q.samples.filter((v) => v > x).length / N;
    expect(Math.abs(frac - p)).toBeLessThan(3.5 * binomSigma(p, N));
    const zeros = q.samples.filter((v) => v === 0).length / N;
    expect(Math.abs(zeros - 0.5)).toBeLessThan(3.5 * binomSigma(0.5, N));
  });

  it('same seed, same toys; another seed, other toys', () => {
    const again = sampleTestStatistic(model, gen, 1, 'tmu', { nToys: 20, seed: 2024 });
    for (let i = 0; i < 20; i++) expect(again.samples[i]).toBe(t.samples[i]);
    const other = sampleTestStatistic(model, gen, 1, 'tmu', { nToys: 20, seed: 2025 });
    expect(Array.from(other.samples)).not.toEqual(Array.from(again.samples));
  });
});

describe('toy-based CLs', () => {
  it('agrees with the asymptotic calculator for large counts', () => {
    const model = countingModel(20, 100, 0, 10);
    const d = data([105]);
    const toys = toyHypotest(model, d, 1, { nToys: 1000, seed: 5 });
    const asy = hypotest(model, d, 1);
    expect(toys.seed).toBe(5);
    expect(toys.nToys).toBe(1000);
    // CL_{s+b}: binomial error plus a small asymptotic-approximation allowance (discreteness of n).
    expect(Math.abs(toys.clsb - asy.clsb)).toBeLessThan(3.5 * binomSigma(asy.clsb, 1000) + 0.01);
    expect(Math.abs(toys.cls - asy.clsObs)).toBeLessThan(0.05);
    expect(Math.abs(toys.expected.cls[2] - asy.clsExp[2])).toBeLessThan(0.05);
    for (let k = 1; k < 5; k++) expect(toys.expected.cls[k]).toBeGreaterThanOrEqual(toys.expected.cls[k - 1]);
    const viaHypotest = hypotest(model, d, 1, { calculator: { type: 'toybased', nToys: 1000, seed: 5 } });
    expect(viaHypotest.clsObs).toBe(toys.cls);
    expect(viaHypotest.seed).toBe(5);
  });
});
