/**
 * The generated one-pass channel kernels (src/stats/model/fusedChannel.ts) against the readable reference sum,
 * and CompiledModel.twiceNll (which uses them) against twiceNllGrad (the per-sample path, separate histosys
 * kernels) on models that mix fused and non-fused samples (shapefactor, function samples), several channels,
 * code0/code4p at the interpolation boundaries (α = 0, ±1, just inside/outside), μ = 0, and channels wider
 * than the keyed-variant limit.
 */
import { describe, expect, test } from 'vitest';
import { compileModel, type ModelSpec } from '../../../src/stats/model/index.js';
import { FusedChannel, fusedChannelReference, fusedChannelSource, interleaveColumns, makeFusedChannelKernel } from '../../../src/stats/model/fusedChannel.js';
import { Rng } from '../../../src/stats/rng.js';

/** |a − b| within `rel` of the sum of absolute terms (the natural error scale of a floating-point sum). */
function sumClose(a: number, b: number, absScale: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(absScale, Number.MIN_VALUE);
}

function randomColumns(rng: Rng, nCols: number, nb: number): Float64Array[] {
  return Array.from({ length: nCols }, () => Float64Array.from({ length: nb }, () => (rng.uniform() - 0.3) * 50));
}

describe('fused channel kernels', () => {
  test('generated kernel (all columns) equals the reference sum bin by bin', () => {
    const rng = new Rng(11);
    for (let rep = 0; rep < 20; rep++) {
      const nCols = 1 + Math.floor(12 * rng.uniform());
      const nb = 1 + Math.floor(300 * rng.uniform());
      const cols = randomColumns(rng, nCols, nb);
      const flat = interleaveColumns(cols, nb);
      const coef = Float64Array.from({ length: nCols }, () => 4 * rng.uniform() - 2);
      const got = new Float64Array(nb).fill(NaN);
      const want = new Float64Array(nb);
      makeFusedChannelKernel(nCols, Array.from({ length: nCols }, (_, t) => t))(got, flat, coef, nb);
      fusedChannelReference(want, flat, coef, nb);
      for (let b = 0; b < nb; b++) {
        let scale = 0;
        for (let t = 0; t < nCols; t++) scale += Math.abs(coef[t]! * cols[t]![b]!);
        expect(sumClose(got[b]!, want[b]!, scale, 1e-14)).toBe(true);
      }
    }
  });

  test('FusedChannel.run skips zero coefficients without changing the sum, caches one variant per zero pattern', () => {
    const rng = new Rng(12);
    const nCols = 9;
    const nb = 137;
    const cols = randomColumns(rng, nCols, nb);
    const fc = new FusedChannel(cols, nb);
    const flat = interleaveColumns(cols, nb);
    const got = new Float64Array(nb);
    const want = new Float64Array(nb);
    const patterns = [0b111111111, 0b000000001, 0b101010101, 0b111111111, 0b000000001];
    for (const mask of patterns) {
      for (let t = 0; t < nCols; t++) fc.coef[t] = mask & (1 << t) ? 0.5 + rng.uniform() : 0;
      got.fill(NaN);
      fc.run(got);
      fusedChannelReference(want, flat, fc.coef, nb); // includes the zero terms explicitly
      for (let b = 0; b < nb; b++) {
        let scale = 0;
        for (let t = 0; t < nCols; t++) scale += Math.abs(fc.coef[t]! * cols[t]![b]!);
        expect(sumClose(got[b]!, want[b]!, scale, 1e-14)).toBe(true);
      }
    }
    expect(fc.variantCount).toBe(3);
    // all coefficients zero: every bin is overwritten with 0
    fc.coef.fill(0);
    got.fill(7);
    fc.run(got);
    expect(got.every((v) => v === 0)).toBe(true);
    // NaN coefficients are not skipped (NaN must reach the caller, which maps it to +Infinity)
    fc.coef[3] = NaN;
    fc.run(got);
    expect(got.every((v) => Number.isNaN(v))).toBe(true);
  });

  test('more zero patterns than the variant cap, and channels wider than the keyed limit, still give the reference sum', () => {
    const rng = new Rng(13);
    const check = (nCols: number, nPatterns: number) => {
      const nb = 50;
      const cols = randomColumns(rng, nCols, nb);
      const fc = new FusedChannel(cols, nb);
      const flat = interleaveColumns(cols, nb);
      const got = new Float64Array(nb);
      const want = new Float64Array(nb);
      for (let k = 0; k < nPatterns; k++) {
        for (let t = 0; t < nCols; t++) fc.coef[t] = rng.uniform() < 0.5 ? 0 : rng.uniform() - 0.5;
        fc.run(got);
        fusedChannelReference(want, flat, fc.coef, nb);
        for (let b = 0; b < nb; b++) {
          let scale = 0;
          for (let t = 0; t < nCols; t++) scale += Math.abs(fc.coef[t]! * cols[t]![b]!);
          expect(sumClose(got[b]!, want[b]!, scale, 1e-14)).toBe(true);
        }
      }
      return fc.variantCount;
    };
    expect(check(12, 200)).toBe(64); // capped; the rest run the all-columns kernel
    expect(check(41, 20)).toBe(0); // wider than 30 columns: never keyed
  });

  test('generated source: stride and column indices only; invalid column sets rejected', () => {
    const src = fusedChannelSource(7, [0, 3, 6]);
    expect(src).toContain('o += 7');
    expect(src).toContain('c3 * flat[o + 3]');
    expect(src).not.toContain('flat[o + 1]');
    expect(fusedChannelSource(4, [])).toContain('nu[b] = 0;');
    expect(() => fusedChannelSource(4, [4])).toThrow(RangeError);
    expect(() => fusedChannelSource(0, [])).toThrow(RangeError);
    expect(() => interleaveColumns([new Float64Array(3), new Float64Array(2)], 3)).toThrow(RangeError);
  });
});

describe('twiceNll with fused channels vs the per-sample path (twiceNllGrad)', () => {
  const axis = (n: number) => [{ name: 'bin', unit: '1', edges: Array.from({ length: n + 1 }, (_, i) => i) }];

  /** Two channels: ch0 mixes fused samples (normsys, histosys) with a shapefactor sample; ch1 has a sample with 16 histosys (33 columns, above the keyed limit) and a function sample; ch2 has only a shapefactor sample (no fused column). */
  function build(code: 'code0' | 'code4p', rng: Rng) {
    const n0 = 40;
    const n1 = 25;
    const n2 = 6;
    const tmpl = (n: number, scale: number) => Array.from({ length: n }, () => scale * (0.5 + rng.uniform()));
    const histo = (nom: number[]) => ({ lo: nom.map((v) => v * (1 - 0.2 * rng.uniform())), hi: nom.map((v) => v * (1 + 0.2 * rng.uniform())) });
    const s0 = tmpl(n0, 10);
    const s1 = tmpl(n0, 20);
    const s2 = tmpl(n0, 5);
    const w0 = tmpl(n1, 15);
    const spec: ModelSpec = {
      schemaVersion: '1.0.0',
      poi: 'mu',
      interpolation: { histosys: code },
      parameters: [{ name: 'R', init: 1, bounds: [0.5, 2] }],
      channels: [
        {
          name: 'ch0',
          axes: axis(n0),
          samples: [
            { name: 'sig', data: s0, modifiers: [{ type: 'normfactor', name: 'mu' }, { type: 'histosys', name: 'h0', data: histo(s0) }] },
            {
              name: 'bkg',
              data: s1,
              modifiers: [
                { type: 'normsys', name: 'n0', data: { lo: 0.9, hi: 1.2 } },
                { type: 'histosys', name: 'h1', data: histo(s1) },
                { type: 'histosys', name: 'h2', data: histo(s1) },
              ],
            },
            { name: 'free', data: s2, modifiers: [{ type: 'shapefactor', name: 'sf' }, { type: 'histosys', name: 'h3', data: histo(s2) }] },
          ],
        },
        {
          name: 'ch1',
          axes: axis(n1),
          samples: [{ name: 'wide', data: w0, modifiers: Array.from({ length: 16 }, (_, k) => ({ type: 'histosys' as const, name: `w${k}`, data: histo(w0) })) }],
        },
        { name: 'ch2', axes: axis(n2), samples: [{ name: 'only', data: tmpl(n2, 8), modifiers: [{ type: 'shapefactor', name: 'sf2' }] }] },
      ],
    };
    return compileModel(spec, {
      functionSamples: [{ channel: 'ch1', name: 'fn', parameters: ['R'], evaluate: (v) => Array.from({ length: n1 }, (_, b) => 3 * v[0]! * (1 + b / n1)), modifiers: [{ type: 'normfactor', name: 'mu' }] }],
    });
  }

  test('agree to 1e-13 relative at boundary and random parameter points, code0 and code4p', () => {
    const rng = new Rng(21);
    const alphas = [0, 1, -1, 1 - 1e-12, -1 + 1e-12, 1 + 1e-12, -1 - 1e-12, 1.7, -1.7, 0.3, -0.4];
    let finite = 0;
    for (const code of ['code0', 'code4p'] as const) {
      const model = build(code, rng);
      const grad = new Float64Array(model.params.n);
      const nu = new Float64Array(model.nBins);
      for (let k = 0; k < 60; k++) {
        const pars = Float64Array.from(model.params.init);
        model.params.names.forEach((name, i) => {
          if (/^(h|w)\d+$/.test(name)) pars[i] = k < alphas.length ? alphas[k]! : alphas[Math.floor(alphas.length * rng.uniform())]!;
          else if (name === 'n0') pars[i] = 2 * rng.uniform() - 1;
          else if (name.startsWith('sf')) pars[i] = 0.8 + 0.4 * rng.uniform();
          else if (name === 'R') pars[i] = 0.6 + rng.uniform();
          else if (name === 'mu') pars[i] = k % 5 === 0 ? 0 : 2 * rng.uniform();
        });
        model.expected(pars, nu);
        const main = nu.map((v) => Math.max(0, Math.round(v * (0.9 + 0.2 * rng.uniform()))));
        const data = { main, aux: Float64Array.from(model.nominalAux) };
        const fused = model.twiceNll(pars, data);
        const perSample = model.twiceNllGrad(pars, data, grad);
        if (perSample === Infinity) expect(fused).toBe(Infinity);
        else {
          expect(Math.abs(fused - perSample)).toBeLessThanOrEqual(1e-13 * Math.abs(perSample));
          finite++;
        }
      }
    }
    expect(finite).toBeGreaterThan(100);
  });
});
