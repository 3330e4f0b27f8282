import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/index.js';
import { fixedPoiFit } from '../../../src/stats/infer/mle.js';
import { InvalidSpecification } from '../../../src/util/errors.js';

const spec = {
  schemaVersion: '1.0.0',
  poi: 'mu',
  channels: [
    {
      name: 'sr',
      axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10] }],
      samples: [
        { name: 'signal', data: [5], modifiers: [{ type: 'normfactor', name: 'mu' }] },
        { name: 'bkg', data: [20], modifiers: [{ type: 'normfactor', name: 'b' }] },
      ],
    },
  ],
  parameters: [{ name: 'b', init: 1, bounds: [0, 10] }],
  observations: [{ channel: 'sr', data: [30] }],
};

describe('the POI is chosen when the model is built', () => {
  it('compileModel(spec, { poi }) overrides spec.poi; the spec keeps its own by default', () => {
    expect(compileModel(spec).params.poiName).toBe('mu');
    const m = compileModel(spec, { poi: 'b' });
    expect(m.params.poiName).toBe('b');
    expect(compileModel(spec, { poi: null }).params.poiIndex).toBeNull();
  });

  it('inference uses the build-time POI: a conditional fit holds b and profiles mu', () => {
    const m = compileModel(spec, { poi: 'b' });
    // one bin, n = 30: with b held at 1 (20 events), mu profiles to (30 − 20)/5 = 2
    const r = fixedPoiFit(m, m.observedData(), 1);
    expect(r.bestfit[m.params.index('b')]).toBe(1);
    // EDM < 1e-6 bounds the error by σ_mu·√(2·1e-6) with σ_mu = √30/5 ≈ 1.1: |Δmu| < 1.6e-3
    expect(Math.abs(r.bestfit[m.params.index('mu')]! - 2)).toBeLessThan(1.6e-3);
  });

  it('an unknown POI is a specification error at key `poi`', () => {
    expect(() => compileModel(spec, { poi: 'nope' })).toThrow(InvalidSpecification);
    expect(() => compileModel(spec, { poi: 'nope' })).toThrow(/^poi: /);
  });
});
