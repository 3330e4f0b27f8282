// The benchmark model of issue 2: 1000 bins (energy 50 × time 20), 10 nuisance parameters + POI.
import { compileModel, type CompiledModel } from '../../../src/stats/model/index.js';

export function benchModel(): CompiledModel {
  const nE = 50;
  const nT = 20;
  const n = nE * nT;
  const sig = Array.from({ length: n }, (_, k) => 5 * Math.exp(-(((k % nT) - 5) ** 2) / 20) * (1 + Math.floor(k / nT) / nE));
  const bkg = Array.from({ length: n }, (_, k) => 20 + 10 * Math.sin(k / 37));
  const histo = (s: number) => ({
    lo: bkg.map((b, k) => b * (1 - 0.05 * s * Math.cos(k / 91 + s))),
    hi: bkg.map((b, k) => b * (1 + 0.06 * s * Math.cos(k / 91 + s))),
  });
  return compileModel({
    schemaVersion: '1.0.0',
    poi: 'mu',
    channels: [
      {
        name: 'sr',
        axes: [
          { name: 'energyKeVee', unit: 'keVee', edges: Array.from({ length: nE + 1 }, (_, i) => i) },
          { name: 'timeUs', unit: 'us', edges: Array.from({ length: nT + 1 }, (_, i) => 0.5 * i) },
        ],
        samples: [
          {
            name: 'signal',
            data: sig,
            modifiers: [
              { type: 'normfactor', name: 'mu' },
              { type: 'normsys', name: 'sig_eff', data: { lo: 0.9, hi: 1.1 } },
              { type: 'normsys', name: 'qf', data: { lo: 0.95, hi: 1.04 } },
              { type: 'histosys', name: 'timing', data: histo(1) },
            ],
          },
          {
            name: 'background',
            data: bkg,
            modifiers: [
              { type: 'normsys', name: 'bkg_norm', data: { lo: 0.8, hi: 1.25 } },
              { type: 'normsys', name: 'pot', data: { lo: 0.97, hi: 1.03 } },
              { type: 'normsys', name: 'beam', data: { lo: 0.93, hi: 1.06 } },
              { type: 'histosys', name: 'bkg_shape1', data: histo(2) },
              { type: 'histosys', name: 'bkg_shape2', data: histo(3) },
              { type: 'histosys', name: 'bkg_shape3', data: histo(4) },
              { type: 'normsys', name: 'bkg_other', data: { lo: 0.9, hi: 1.1 } },
            ],
          },
        ],
      },
    ],
    observations: [{ channel: 'sr', data: bkg.map((b, k) => Math.round(b + sig[k]!)) }],
  });
}
