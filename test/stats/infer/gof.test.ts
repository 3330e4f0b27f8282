import { beforeEach, describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/compile.js';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { fit } from '../../../src/stats/infer/mle.js';
import { gofFromToys, gofToy, goodnessOfFit, poissonDeviance, saturatedStatistic } from '../../../src/stats/infer/gof.js';
import { auxLayout, sampleToyData } from '../../../src/stats/infer/toys.js';
import { Rng } from '../../../src/stats/rng.js';

/** Two channels (5 + 3 bins), a free signal strength, a Gaussian-constrained and a log-normal-constrained background. */
function spec(): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'gof-test',
    poi: 'mu',
    parameters: [
      { name: 'mu', init: 1, bounds: [-2, 10] },
      { name: 'kb', init: 1, bounds: [0.2, 3], constraint: { type: 'gaussian', sigma: 0.1 } },
      { name: 'kc', init: 1, bounds: [0.2, 3], constraint: { type: 'lognormal', sigma: 0.15, mean: 1 } },
    ],
    channels: [
      {
        name: 'sr',
        axes: [{ name: 'x', unit: '1', edges: [0, 1, 2, 3, 4, 5] }],
        samples: [
          { name: 'sig', data: [2, 6, 9, 5, 1], modifiers: [{ type: 'normfactor', name: 'mu' }] },
          { name: 'bkg', data: [12, 10, 8, 6, 4], modifiers: [{ type: 'normfactor', name: 'kb' }] },
        ],
      },
      {
        name: 'cr',
        axes: [{ name: 'x', unit: '1', edges: [0, 1, 2, 3] }],
        samples: [
          { name: 'bkg', data: [30, 20, 15], modifiers: [{ type: 'normfactor', name: 'kb' }] },
          { name: 'other', data: [5, 8, 3], modifiers: [{ type: 'normfactor', name: 'kc' }] },
        ],
      },
    ],
    observations: [
      { channel: 'sr', data: [14, 15, 18, 11, 6] },
      { channel: 'cr', data: [33, 29, 17] },
    ],
  };
}

/** Kolmogorov–Smirnov distance of samples from U(0, 1) and its asymptotic p-value (Stephens' correction). */
function ksUniform(x: readonly number[]): { d: number; p: number } {
  const s = [...x].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((v, i) => {
    d = Math.max(d, (i + 1) / n - v, v - i / n);
  });
  const lam = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lam * lam);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

describe('saturated-model goodness of fit', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let model: ReturnType<typeof compileModel>;
  let channels: { name: string; offset: number; nBins: number }[];
  beforeEach(() => {
    model = compileModel(spec());
    channels = model.channels.map((c) => ({ name: c.name, offset: c.offset, nBins: c.nBins }));
  });

  it('the statistic is −2lnL(θ̂) − −2lnL(saturated) of the compiled model, split into channels and constraints', () => {
    const data = model.observedData();
    const r = fit(model, data);
    const t = saturatedStatistic(model, data, r.bestfit, channels);
    expect(t.total).toBeCloseTo(r.twiceNll - model.saturatedTwiceNll(data), 8);
    expect(t.perChannel[0]! + t.perChannel[1]! + t.constraints).toBeCloseTo(t.total, 10);
    expect(poissonDeviance(0, 2.5)).toBe(5);
    expect(poissonDeviance(4, 4)).toBe(0);
  });

  it('p-values are uniform when the data come from the model (KS test, seeded)', () => {
    // 200 data sets drawn from the model at a point away from the nominal one; each gets a p-value from 150 toys.
    const truth = Float64Array.of(0.8, 1.05, 0.9);
    const layout = auxLayout(model);
    const pTotal: number[] = [];
    const pSr: number[] = [];
    for (let d = 0; d < 200; d++) {
      const obs = sampleToyData(model, truth, new Rng(4242, d), layout);
      const g = goodnessOfFit(model, obs, { nToys: 150, seed: 1000 + d, channels });
      expect(g.n_failed).toBe(0);
      pTotal.push(g.p_value!);
      pSr.push(g.per_channel[0]!.p_value!);
    }
    // Discrete p-values (steps of 1/150): KS against U(0,1) with the observed p jittered inside its step.
    const jitter = (p: number[], seed: number) => {
      const rng = new Rng(seed, 0);
      return p.map((v) => Math.min(1, Math.max(0, v - rng.uniform() / 150)));
    };
    expect(ksUniform(jitter(pTotal, 1)).p).toBeGreaterThan(0.01);
    expect(ksUniform(jitter(pSr, 2)).p).toBeGreaterThan(0.01);
  }, 120_000);

  it('data from a different shape get small p-values', () => {
    // Signal shape reversed in the data: the fit cannot absorb it.
    const wrong = { main: Float64Array.of(40, 30, 8, 4, 1, 33, 29, 17), aux: Float64Array.from(model.nominalAux) };
    const g = goodnessOfFit(model, wrong, { nToys: 300, seed: 7, channels });
    expect(g.p_value!).toBeLessThan(0.01);
    expect(g.per_channel[0]!.p_value!).toBeLessThan(0.01);
  });

  it('toys do not depend on how they are split (toy k = stream k)', () => {
    const data = model.observedData();
    const best = fit(model, data, { hesse: false }).bestfit;
    const all = goodnessOfFit(model, data, { nToys: 20, seed: 3, channels });
    const obs = saturatedStatistic(model, data, best, channels);
    const parts = [...Array.from({ length: 10 }, (_, k) => gofToy(model, best, 10 + k, { seed: 3, channels })), ...Array.from({ length: 10 }, (_, k) => gofToy(model, best, k, { seed: 3, channels }))];
    const reordered = [...parts.slice(10), ...parts.slice(0, 10)];
    const merged = gofFromToys(obs, reordered, channels, { seed: 3, nAux: model.nAux });
    expect(merged.toys).toEqual(all.toys);
    expect(merged.p_value).toBe(all.p_value);
  });
});
