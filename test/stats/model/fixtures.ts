// Shared test fixtures: a model that uses every modifier type, two channels (one 2-D), function samples.
import type { FunctionSampleDefinition, ModelSpec } from '../../../src/stats/model/index.js';

export const qValues = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0];

/** A smooth "form-factor-like" template in a radius-like parameter R (6 bins). */
export function formTemplate(R: number): Float64Array {
  return Float64Array.from(qValues, (q) => 20 * Math.exp(-((q * R) ** 2) / 10) + 1);
}

/** A template linear in its parameter x (4 bins): exact under linear interpolation. */
export function linearTemplate(x: number): Float64Array {
  return Float64Array.from([1, 2, 3, 4], (k) => 5 + k * x);
}

export function everyModifierSpec(interpolation?: ModelSpec['interpolation']): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'every-modifier',
    poi: 'mu',
    ...(interpolation ? { interpolation } : {}),
    parameters: [
      { name: 'mu', init: 1, bounds: [0, 10] },
      { name: 'lumi', init: 1, bounds: [0.5, 1.5], constraint: { type: 'gaussian', sigma: 0.05 } },
      { name: 'Y', init: 1, bounds: [0, 5] },
      { name: 'g', init: 1, bounds: [0, 3] },
      { name: 'eff', init: 1, bounds: [0.05, 5], constraint: { type: 'lognormal', sigma: 0.2, mean: 1 } },
      { name: 'R', init: 1, bounds: [0.5, 1.5] },
      { name: 'x', init: 1, bounds: [0, 4] },
      { name: 'kp', init: 1, bounds: [0.01, 5], constraint: { type: 'poisson', tau: 40 } },
    ],
    channels: [
      {
        name: 'sr',
        axes: [
          { name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20, 40] },
          { name: 'timeUs', unit: 'us', edges: [0, 1, 6] },
        ],
        samples: [
          {
            name: 'sig',
            data: [
              [5, 3],
              [4, 2],
              [2, 1],
            ],
            modifiers: [
              { type: 'normfactor', name: 'mu' },
              { type: 'normsys', name: 'ns1', data: { lo: 0.9, hi: 1.15 } },
              { type: 'histosys', name: 'hs1', data: { lo: [4, 2.5, 3.5, 1.8, 1.7, 0.9], hi: [6, 3.4, 4.4, 2.3, 2.2, 1.2] } },
              { type: 'staterror', name: 'stat_sr', data: [0.5, 0.3, 0.4, 0.2, 0.2, 0.1] },
              { type: 'lumi', name: 'lumi' },
            ],
          },
          {
            name: 'bkg',
            data: [20, 15, 12, 9, 6, 4],
            modifiers: [
              { type: 'normfactor', name: 'kb' },
              { type: 'shapesys', name: 'ss_bkg', data: [2, 1.5, 1.2, 0.9, 0.6, 0.4] },
              { type: 'staterror', name: 'stat_sr', data: [1, 0.8, 0.7, 0.5, 0.4, 0.3] },
              { type: 'histosys', name: 'hs1', data: { lo: [19, 14, 12.5, 8, 6.2, 3.5], hi: [21.5, 15.5, 11, 10, 5.5, 4.6] } },
              { type: 'normsys', name: 'ns2', data: { lo: 0.85, hi: 1.1 } },
              { type: 'lumi', name: 'lumi' },
            ],
          },
          {
            name: 'dm',
            data: [1, 2, 3, 2, 1, 0.5],
            modifiers: [
              { type: 'scale', name: 'g', power: 4 },
              { type: 'scale', name: 'Y', power: 0.5 },
              { type: 'shapefactor', name: 'sf' },
              { type: 'normfactor', name: 'kp' },
            ],
          },
        ],
      },
      {
        name: 'cr',
        axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20, 30, 40] }],
        samples: [
          {
            name: 'bkg_cr',
            data: [30, 25, 20, 10],
            modifiers: [
              { type: 'normfactor', name: 'kb' },
              { type: 'normsys', name: 'ns1', data: { lo: 0.95, hi: 1.07 } },
              { type: 'staterror', name: 'stat_cr', data: [2, 1.5, 1, 1] },
              { type: 'normfactor', name: 'eff' },
            ],
          },
        ],
      },
    ],
    observations: [
      { channel: 'sr', data: [30, 22, 17, 13, 9, 6] },
      { channel: 'cr', data: [33, 22, 21, 12] },
    ],
  };
}

export function everyFunctionSamples(): FunctionSampleDefinition[] {
  return [
    {
      channel: 'sr',
      name: 'cevns',
      parameters: ['R'],
      evaluate: (v) => formTemplate(v[0]!),
      modifiers: [{ type: 'normfactor', name: 'mu' }],
    },
    {
      channel: 'cr',
      name: 'lin',
      parameters: ['x', 'R'],
      evaluate: (v) => Float64Array.from(linearTemplate(v[0]!), (t, k) => t * (1 + 0.1 * k * v[1]!)),
      grid: [
        [0, 1, 2, 3, 4],
        [0.5, 0.75, 1, 1.25, 1.5],
      ],
    },
  ];
}
