/**
 * Benchmark: the fast upper limit (`upperLimit(…, { method: 'fast' })`: q̃_μ roots on Asimov and observed fits,
 * src/stats/infer/upperlimit.ts) and the reference one on a 40-bin, 4-nuisance counting model, CLs at 90 % CL.
 * A summary line prints ms per limit, fits per limit and the process CPU time (robust to a loaded machine).
 */
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import { compileModel } from '../../../src/stats/model/index.js';
import { upperLimit } from '../../../src/stats/infer/index.js';
import type { ObservedData } from '../../../src/stats/types.js';

const N_BINS = 40;

function buildModel() {
  const x = (i: number) => (i + 0.5) / N_BINS;
  const signal = Array.from({ length: N_BINS }, (_, i) => 3 * Math.exp(-(((x(i) - 0.3) / 0.1) ** 2)));
  const bkg = Array.from({ length: N_BINS }, (_, i) => 20 * Math.exp(-2 * x(i)) + 1);
  const spec = {
    schemaVersion: '1.0.0',
    name: 'limit-bench',
    poi: 'mu',
    channels: [
      {
        name: 'sr',
        axes: [{ name: 'x', unit: '1', edges: Array.from({ length: N_BINS + 1 }, (_, i) => i) }],
        samples: [
          { name: 'signal', data: signal, modifiers: [{ type: 'normfactor', name: 'mu' }, { type: 'normsys', name: 'eff', data: { lo: 0.95, hi: 1.05 } }] },
          {
            name: 'bkg',
            data: bkg,
            modifiers: [
              { type: 'normsys', name: 'bnorm', data: { lo: 0.9, hi: 1.1 } },
              { type: 'normsys', name: 'lumi_like', data: { lo: 0.97, hi: 1.03 } },
              { type: 'histosys', name: 'tilt', data: { lo: bkg.map((v, i) => v * (1 - 0.1 * x(i))), hi: bkg.map((v, i) => v * (1 + 0.1 * x(i))) } },
            ],
          },
        ],
      },
    ],
  };
  return compileModel(spec);
}

const model = buildModel();
const main = new Float64Array(model.nBins);
const pars = Float64Array.from(model.params.init);
pars[model.params.poiIndex!] = 0;
model.expected(pars, main);
// A mild upward fluctuation in the first bins, fixed (no randomness).
for (let i = 0; i < main.length; i++) main[i] = Math.round(main[i]! * (i < 10 ? 1.08 : 1));
const data: ObservedData = { main, aux: Float64Array.from(model.nominalAux) };

{
  for (let w = 0; w < 3; w++) upperLimit(model, data, { cl: 0.9, method: 'fast' }); // warm-up (JIT)
  for (const method of ['fast', 'reference'] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    let r = upperLimit(model, data, { cl: 0.9, method });
    while (performance.now() - t0 < 1500) {
      r = upperLimit(model, data, { cl: 0.9, method });
      n++;
    }
    const ms = (performance.now() - t0) / Math.max(1, n);
    const u = process.cpuUsage(c0);
    console.log(
      `[upperlimit.bench] load ${loadavg()[0]!.toFixed(2)}: ${method}: ${ms.toFixed(2)} ms wall, ${((u.user + u.system) / 1000 / Math.max(1, n)).toFixed(2)} ms CPU per limit ` +
        `(${r.nFits} fits, observed μ < ${r.observed.toPrecision(6)}, median expected ${r.expected[2].toPrecision(6)}, status ${r.status})`,
    );
  }
}

describe(`upper limit on a ${N_BINS}-bin, 4-nuisance model (CLs, 90 % CL)`, () => {
  bench('fast path', () => {
    upperLimit(model, data, { cl: 0.9, method: 'fast' });
  });
  bench('reference path', () => {
    upperLimit(model, data, { cl: 0.9, method: 'reference' });
  });
});
