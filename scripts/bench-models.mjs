// The benchmark models, shared by the vitest benchmarks (test/stats/model/benchModel.ts, test/stats/fit.bench.ts)
// and the A/B timing script (scripts/bench-model-ab.mjs), so that every timing in docs/benchmarks.md is of the same model.
//
// benchSpec: the 1000-bin (energy 50 × time 20), 10-nuisance benchmark model with a POI `mu`; `interpolation` null gives
// the native defaults (normsys code1, histosys code0), e.g. { normsys: 'code4', histosys: 'code4p' } pyhf's.
// sixSampleSpec: 1000 bins, a signal and 5 backgrounds sharing 6 normsys and 4 histosys nuisances (10 in total).

export function benchSpec(interpolation) {
  const nE = 50;
  const nT = 20;
  const n = nE * nT;
  const sig = Array.from({ length: n }, (_, k) => 5 * Math.exp(-(((k % nT) - 5) ** 2) / 20) * (1 + Math.floor(k / nT) / nE));
  const bkg = Array.from({ length: n }, (_, k) => 20 + 10 * Math.sin(k / 37));
  const histo = (s) => ({ lo: bkg.map((b, k) => b * (1 - 0.05 * s * Math.cos(k / 91 + s))), hi: bkg.map((b, k) => b * (1 + 0.06 * s * Math.cos(k / 91 + s))) });
  return {
    schemaVersion: '1.0.0',
    poi: 'mu',
    ...(interpolation ? { interpolation } : {}),
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
    observations: [{ channel: 'sr', data: bkg.map((b, k) => Math.round(b + sig[k])) }],
  };
}

export function sixSampleSpec() {
  const N = 1000;
  const edges = Array.from({ length: N + 1 }, (_, i) => i);
  const x = (i) => (i + 0.5) / N;
  const signal = Array.from({ length: N }, (_, i) => 20 * Math.exp(-(((x(i) - 0.4) / 0.05) ** 2)) + 0.1);
  const backgrounds = Array.from({ length: 5 }, (_, k) => Array.from({ length: N }, (_, i) => 30 * Math.exp(-x(i) * (k + 1)) + 2));
  const modifiersFor = (k) => {
    const mods = [];
    for (let j = 0; j < 6; j++) if (j % 5 === k || j === 5) mods.push({ type: 'normsys', name: `norm${j}`, data: { lo: 0.9 - 0.01 * j, hi: 1.1 + 0.01 * j } });
    for (let j = 0; j < 4; j++) {
      if (j % 5 !== k % 4) continue;
      const b = backgrounds[k];
      mods.push({ type: 'histosys', name: `shape${j}`, data: { lo: b.map((v, i) => v * (1 - 0.05 * x(i))), hi: b.map((v, i) => v * (1 + 0.05 * x(i))) } });
    }
    return mods;
  };
  const obs = signal.map((s, i) => Math.round(1.03 * (s + backgrounds.reduce((a, b) => a + b[i], 0))));
  return {
    schemaVersion: '1.0.0',
    poi: 'mu',
    channels: [{ name: 'sr', axes: [{ name: 'x', unit: '1', edges }], samples: [{ name: 'signal', data: signal, modifiers: [{ type: 'normfactor', name: 'mu' }] }, ...backgrounds.map((b, k) => ({ name: `bkg${k}`, data: b, modifiers: modifiersFor(k) }))] }],
    observations: [{ channel: 'sr', data: obs }],
  };
}
