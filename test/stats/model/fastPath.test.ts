/**
 * The optimised CompiledModel.twiceNll / twiceNllGrad (fused histosys passes, count-grouped logarithms, data check
 * fused into the likelihood pass) against a straightforward per-bin implementation written from the HistFactory
 * formulas, on random models and data: integer data (grouped path), non-integer data (per-bin path), zero counts,
 * n > 0 with tiny ν, histosys in code0 and code4p inside and outside |α| ≤ 1, 0…5 histosys per sample, per-bin
 * factors, several channels; and data arrays mutated in place between calls (toys reusing buffers).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import jStat from 'jstat';
import { compileModel, type CompiledModel, type ModelSpec } from '../../../src/stats/model/index.js';
import type { ObservedData } from '../../../src/stats/types.js';
import { Rng } from '../../../src/stats/rng.js';
import { benchModel } from './benchModel.js';

interface RefSample {
  nominal: number[];
  norm: string | null;
  normsys: { name: string; lo: number; hi: number }[];
  histosys: { name: string; lo: number[]; hi: number[] }[];
  shapefactor: string | null;
}
interface RefModel {
  spec: ModelSpec;
  code: 'code0' | 'code4p';
  channels: { nBins: number; samples: RefSample[] }[];
}

/** Random model: 1–2 channels of 50–400 bins, 1–3 samples each, 0–5 histosys, optional normfactor/normsys/shapefactor. */
function randomModel(rng: Rng, code: 'code0' | 'code4p'): RefModel {
  const channels: RefModel['channels'] = [];
  let nHisto = 0;
  let nNs = 0;
  let nSf = 0;
  const nCh = 1 + Math.floor(2 * rng.uniform());
  for (let c = 0; c < nCh; c++) {
    const nBins = 50 + Math.floor(350 * rng.uniform());
    const samples: RefSample[] = [];
    const nS = 1 + Math.floor(3 * rng.uniform());
    for (let s = 0; s < nS; s++) {
      // some bins with a tiny expectation (ν → 1e-8 relative), the rest O(1–30)
      const nominal = Array.from({ length: nBins }, () => (rng.uniform() < 0.1 ? 1e-8 : 0.5 + 30 * rng.uniform()));
      const histosys = Array.from({ length: Math.floor(6 * rng.uniform()) }, () => ({
        name: `h${nHisto++}`,
        lo: nominal.map((v) => v * (1 - 0.1 * rng.uniform())),
        hi: nominal.map((v) => v * (1 + 0.1 * rng.uniform())),
      }));
      const normsys = Array.from({ length: Math.floor(3 * rng.uniform()) }, () => ({ name: `n${nNs++}`, lo: 0.9, hi: 1.05 + 0.1 * rng.uniform() }));
      samples.push({
        nominal,
        norm: s === 0 ? 'mu' : null,
        normsys,
        histosys,
        shapefactor: rng.uniform() < 0.3 ? `sf${nSf++}` : null,
      });
    }
    channels.push({ nBins, samples });
  }
  const spec: ModelSpec = {
    schemaVersion: '1.0.0',
    poi: 'mu',
    interpolation: { histosys: code },
    channels: channels.map((ch, c) => ({
      name: `ch${c}`,
      axes: [{ name: 'bin', unit: '1', edges: Array.from({ length: ch.nBins + 1 }, (_, i) => i) }],
      samples: ch.samples.map((s, si) => ({
        name: `s${si}`,
        data: s.nominal,
        modifiers: [
          ...(s.norm ? [{ type: 'normfactor' as const, name: s.norm }] : []),
          ...s.normsys.map((n) => ({ type: 'normsys' as const, name: n.name, data: { lo: n.lo, hi: n.hi } })),
          ...s.histosys.map((h) => ({ type: 'histosys' as const, name: h.name, data: { lo: h.lo, hi: h.hi } })),
          ...(s.shapefactor ? [{ type: 'shapefactor' as const, name: s.shapefactor }] : []),
        ],
      })),
    })),
  };
  return { spec, code, channels };
}

/** Histosys delta, pyhf conventions (code0 piecewise linear; code4p 6th-order polynomial inside |α| ≤ 1). */
function histoDelta(code: 'code0' | 'code4p', a: number, lo: number, nom: number, hi: number): number {
  const up = hi - nom;
  const dn = nom - lo;
  if (code === 'code0' || Math.abs(a) > 1) return a >= 0 ? a * up : a * dn;
  return (a * (up + dn)) / 2 + ((up - dn) / 16) * (15 * a ** 2 - 10 * a ** 4 + 3 * a ** 6);
}

/** −2 ln L written bin by bin from the definitions (normsys code1; every α has a unit Gaussian constraint at 0). */
function referenceTwiceNll(ref: RefModel, model: CompiledModel, pars: Float64Array, data: ObservedData): number {
  const p = (name: string) => pars[model.params.index(name)]!;
  let total = 0;
  let offset = 0;
  for (const ch of ref.channels) {
    for (let b = 0; b < ch.nBins; b++) {
      let nu = 0;
      for (const s of ch.samples) {
        let value = s.nominal[b]!;
        for (const h of s.histosys) value += histoDelta(ref.code, p(h.name), h.lo[b]!, s.nominal[b]!, h.hi[b]!);
        let factor = s.norm ? p(s.norm) : 1;
        for (const n of s.normsys) factor *= p(n.name) >= 0 ? n.hi ** p(n.name) : n.lo ** -p(n.name);
        if (s.shapefactor) factor *= p(`${s.shapefactor}[${b}]`);
        nu += factor * value;
      }
      nu = Math.max(nu, 0);
      const n = data.main[offset + b]!;
      if (n > 0 && nu === 0) return Infinity;
      total += 2 * (nu - (n > 0 ? n * Math.log(nu) : 0) + jStat.gammaln(n + 1));
    }
    offset += ch.nBins;
  }
  for (const ch of ref.channels)
    for (const s of ch.samples) for (const a of [...s.histosys.map((h) => h.name), ...s.normsys.map((n) => n.name)]) total += p(a) ** 2 + Math.log(2 * Math.PI);
  return total;
}

function randomPars(model: CompiledModel, rng: Rng): Float64Array {
  const pars = Float64Array.from(model.params.init);
  model.params.names.forEach((name, i) => {
    if (name === 'mu') pars[i] = 0.5 + rng.uniform();
    else if (name.startsWith('sf')) pars[i] = 0.8 + 0.4 * rng.uniform();
    else pars[i] = -2 + 4 * rng.uniform(); // α inside and outside |α| ≤ 1
  });
  return pars;
}

/** Integer data near the expectation (with zeros and n > 0 in tiny-ν bins), or non-integer (Asimov-like) data. */
function randomData(model: CompiledModel, pars: Float64Array, rng: Rng, integer: boolean): ObservedData {
  const nu = new Float64Array(model.nBins);
  model.expected(pars, nu);
  const main = nu.map((v) => {
    const x = integer ? rng.poisson(v) : v * (0.8 + 0.4 * rng.uniform());
    return integer && v < 1e-6 && rng.uniform() < 0.2 ? 1 : x;
  });
  return { main, aux: Float64Array.from(model.nominalAux) };
}

const relClose = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('optimised twiceNll vs a per-bin reference', () => {
  test('random models (code0 and code4p), integer and non-integer data: agree to 1e-12 relative', () => {
    const rng = new Rng(2024);
    let groupedCases = 0;
    for (let rep = 0; rep < 16; rep++) {
      const ref = randomModel(rng, rep % 2 === 0 ? 'code0' : 'code4p');
      const model = compileModel(ref.spec);
      const grad = new Float64Array(model.params.n);
      for (let k = 0; k < 4; k++) {
        const pars = randomPars(model, rng);
        const data = randomData(model, pars, rng, k < 3);
        const expected = referenceTwiceNll(ref, model, pars, data);
        const fast = model.twiceNll(pars, data);
        if (expected === Infinity) expect(fast).toBe(Infinity);
        else expect(relClose(fast, expected, 1e-12)).toBe(true);
        // the gradient path (stored sample arrays, w from the same pass) returns the same value
        const withGrad = model.twiceNllGrad(pars, data, grad);
        if (expected === Infinity) expect(withGrad).toBe(Infinity);
        else expect(relClose(withGrad, fast, 1e-13)).toBe(true);
        if (k < 3) groupedCases++;
      }
    }
    expect(groupedCases).toBe(48);
  });

  test('benchmark model: integer data take the grouped path and agree with the per-bin evaluation of the same ν', () => {
    const model = benchModel();
    const data = model.observedData();
    const pars = model.params.vector({ mu: 1.1, sig_eff: 0.3, qf: -0.2, timing: 0.4, bkg_norm: -0.1, bkg_shape1: 0.2, bkg_shape2: -0.5 });
    const nu = new Float64Array(model.nBins);
    model.expected(pars, nu);
    let main = 0;
    data.main.forEach((n, b) => (main += 2 * (nu[b]! - n * Math.log(nu[b]!) + jStat.gammaln(n + 1))));
    // constraint terms: every nuisance is a unit Gaussian at 0
    let cons = 0;
    model.params.names.forEach((name, i) => {
      if (name !== 'mu') cons += pars[i]! ** 2 + Math.log(2 * Math.PI);
    });
    expect(relClose(model.twiceNll(pars, data), main + cons, 1e-12)).toBe(true);
    // the same data as non-integer values (+1e-9) take the per-bin path: a smooth change
    const shifted = { main: data.main.map((n) => n + 1e-9), aux: data.aux };
    expect(Math.abs(model.twiceNll(pars, shifted) - model.twiceNll(pars, data))).toBeLessThan(1e-5);
  });
});

describe('data mutated in place between calls (toys reusing one buffer)', () => {
  const ref = randomModel(new Rng(77), 'code0');
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let model: CompiledModel;
  beforeEach(() => {
    model = compileModel(ref.spec);
  });
  const fresh = () => compileModel(ref.spec); // no cached data constants

  test('every kind of in-place change is seen: value change, swap (same sum), zero ↔ positive, integer ↔ non-integer', () => {
    const rng = new Rng(78);
    const pars = randomPars(model, rng);
    const data = randomData(model, pars, rng, true);
    const grad = new Float64Array(model.params.n);
    const mutations: ((m: Float64Array) => void)[] = [
      (m) => (m[3] = m[3]! + 1),
      (m) => {
        const i = m.findIndex((v, b) => b > 0 && v !== m[0]);
        const t = m[0]!;
        m[0] = m[i]!;
        m[i] = t;
      },
      (m) => (m[m.length - 1] = 0),
      (m) => (m[m.length - 1] = 4),
      (m) => (m[5] = m[5]! + 0.25),
      (m) => (m[5] = Math.round(m[5]!)),
      (m) => m.set(randomData(model, pars, rng, true).main),
    ];
    model.twiceNll(pars, data);
    for (const mutate of mutations) {
      mutate(data.main);
      expect(model.twiceNll(pars, data)).toBe(fresh().twiceNll(pars, data));
      mutate(data.main);
      expect(model.twiceNllGrad(pars, data, grad)).toBe(fresh().twiceNllGrad(pars, data, new Float64Array(model.params.n)));
    }
  });

  test('an invalid value written in place is rejected, naming the bin', () => {
    const rng = new Rng(79);
    const pars = randomPars(model, rng);
    const data = randomData(model, pars, rng, true);
    model.twiceNll(pars, data);
    data.main[2] = -1;
    expect(() => model.twiceNll(pars, data)).toThrow(/bin 2/);
    data.main[2] = NaN;
    expect(() => model.twiceNllGrad(pars, data, new Float64Array(model.params.n))).toThrow(/bin 2/);
  });
});
