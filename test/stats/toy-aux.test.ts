import { beforeEach, describe, expect, it } from 'vitest';
import { compileModel } from '../../src/stats/model/index.js';
import { auxLayout, sampleToyData } from '../../src/stats/infer/toys.js';
import { summarizeEnsemble } from '../../src/stats/infer/ensemble.js';
import { Rng } from '../../src/stats/rng.js';

/**
 * Toy data follow the constraint terms of the likelihood: Gaussian aux a ~ N(ā, σ), log-normal ln a ~ N(ln ā, σ),
 * main bins ~ Pois(ν). Checked on moments of 4000 seeded toys, within 4 standard errors (se of a mean σ/√N, of a
 * standard deviation ≈ σ/√(2N)).
 */
describe('toy auxiliary data', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  const N = 4000;
  const gaus: number[] = [];
  const logn: number[] = [];
  const main: number[] = [];
  let centre = new Float64Array(0);
  beforeEach(() => {
    gaus.length = 0;
    logn.length = 0;
    main.length = 0;
    const model = compileModel({
      schemaVersion: '1.0.0',
      parameters: [
        { name: 'k', init: 1, bounds: [0, 5], constraint: { type: 'gaussian', sigma: 0.2, mean: 1.1 } },
        { name: 'eff', init: 1, bounds: [0.01, 5], constraint: { type: 'lognormal', sigma: 0.3, mean: 0.9 } },
      ],
      channels: [{ name: 'c', axes: [{ name: 'bin', unit: '1', edges: [0, 1] }], samples: [{ name: 's', data: [10], modifiers: [{ type: 'normfactor', name: 'k' }, { type: 'normfactor', name: 'eff' }] }] }],
      observations: [{ channel: 'c', data: [12] }],
    });
    const pars = model.params.vector({ k: 1.3, eff: 0.7 });
    centre = new Float64Array(model.nAux);
    model.asimovAux(pars, centre);
    const layout = auxLayout(model);
    for (let i = 0; i < N; i++) {
      const t = sampleToyData(model, pars, new Rng(99, i), layout);
      gaus.push(t.aux[0]!);
      logn.push(Math.log(t.aux[1]!));
      main.push(t.main[0]!);
    }
  });

  it('centres are the parameter values the toys are generated at', () => {
    expect(Array.from(centre)).toEqual([1.3, 0.7].map((x) => expect.closeTo(x, 12)));
  });

  it('Gaussian aux: mean ā, sd σ', () => {
    const s = summarizeEnsemble(gaus);
    expect(Math.abs(s.mean - centre[0]!)).toBeLessThan((4 * 0.2) / Math.sqrt(N));
    expect(Math.abs(s.sd - 0.2)).toBeLessThan((4 * 0.2) / Math.sqrt(2 * N));
  });

  it('log-normal aux: ln a has mean ln ā and sd σ', () => {
    const s = summarizeEnsemble(logn);
    expect(Math.abs(s.mean - Math.log(centre[1]!))).toBeLessThan((4 * 0.3) / Math.sqrt(N));
    expect(Math.abs(s.sd - 0.3)).toBeLessThan((4 * 0.3) / Math.sqrt(2 * N));
  });

  it('main bin: Poisson with mean = variance = ν', () => {
    const nu = 10 * 1.3 * 0.7;
    const s = summarizeEnsemble(main);
    expect(Math.abs(s.mean - nu)).toBeLessThan(4 * Math.sqrt(nu / N));
    // Var of the sample variance of a Poisson: ≈ (ν + 2ν²)/N.
    expect(Math.abs(s.sd * s.sd - nu)).toBeLessThan(4 * Math.sqrt((nu + 2 * nu * nu) / N));
  });
});
