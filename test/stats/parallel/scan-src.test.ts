/**
 * The parallel profile scan from src/ (src/stats/parallel/scan.ts; pool.test.ts runs it from dist/ with two lanes).
 * One lane: every grid chunk runs in the calling thread with the model it was given (the recipe is for worker threads
 * only). The model has a closed-form profile: n₁ ~ Pois(μs + kb), n₂ ~ Pois(kc) (a control channel); for fixed μ the
 * profiled k solves (b + c)b·k² + [(b + c)μs − (n₁ + n₂)b]·k − n₂μs = 0, and the global fit is k̂ = n₂/c,
 * μ̂ = (n₁ − k̂b)/s.
 */
import { describe, expect, it } from 'vitest';
import { compileModel, type ModelSpec } from '../../../src/stats/model/index.js';
import { profileScan1DParallel } from '../../../src/stats/parallel/scan.js';

const s = 10;
const b = 5;
const c = 20;
const n1 = 14;
const n2 = 24;
const spec = {
  schemaVersion: '1.0.0',
  name: 'signal-and-control',
  poi: 'mu',
  parameters: [{ name: 'k', init: 1, bounds: [0.01, 10] }],
  channels: [
    {
      name: 'sr',
      axes: [{ name: 'x', unit: '1', edges: [0, 1] }],
      samples: [
        { name: 'sig', data: [s], modifiers: [{ type: 'normfactor', name: 'mu' }] },
        { name: 'bkg', data: [b], modifiers: [{ type: 'normfactor', name: 'k' }] },
      ],
    },
    { name: 'cr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'bkg', data: [c], modifiers: [{ type: 'normfactor', name: 'k' }] }] },
  ],
  observations: [
    { channel: 'sr', data: [n1] },
    { channel: 'cr', data: [n2] },
  ],
} as ModelSpec;

/** −2 ln L up to a constant: Σ 2(ν − n ln ν). */
const twiceNll = (mu: number, k: number) => 2 * (mu * s + k * b - n1 * Math.log(mu * s + k * b)) + 2 * (k * c - n2 * Math.log(k * c));
function profiledK(mu: number): number {
  const A = (b + c) * b;
  const B = (b + c) * mu * s - (n1 + n2) * b;
  return (-B + Math.sqrt(B * B + 4 * A * n2 * mu * s)) / (2 * A);
}

describe('profileScan1DParallel from src/', () => {
  it('one lane: the chunks run in the calling thread with the given model and merge into the closed-form profile', async () => {
    const model = compileModel(spec);
    const recipe = { moduleUrl: new URL('./fixtures/recipe.mjs', import.meta.url).href, exportName: 'notForTheCallingLane', args: [] };
    const grid = Float64Array.from({ length: 7 }, (_, i) => 0.25 * i);
    const r = await profileScan1DParallel(recipe, model, model.observedData(), 'mu', grid, { workers: 1, chunks: 3 });
    const kHat = n2 / c;
    const muHat = (n1 - kHat * b) / s;
    expect(muHat).toBeCloseTo(0.8, 12);
    expect([r.name, r.start, r.end, r.grid.length]).toEqual(['mu', 0, 7, 7]);
    const ref = twiceNll(muHat, kHat);
    for (let i = 0; i < grid.length; i++) {
      expect(r.converged[i]).toBe(1);
      // the minimiser's tolerance on −2lnL
      expect(r.deltaTwiceNll[i]).toBeCloseTo(twiceNll(grid[i]!, profiledK(grid[i]!)) - ref, 5);
      expect(r.bestfits[i]![model.params.names.indexOf('k')]).toBeCloseTo(profiledK(grid[i]!), 3);
    }
  });
});
