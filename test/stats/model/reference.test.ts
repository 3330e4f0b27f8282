/**
 * The compiled (typed-array) model against a slow, readable re-implementation of HistFactory written
 * directly from the spec, and its analytic gradient against central finite differences — for a model
 * with every modifier type, two channels (one energy×time), function samples in direct and grid mode.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import jStat from 'jstat';
import { compileModel, type CompiledModel, type ModelSpec } from '../../../src/stats/model/index.js';
import { everyFunctionSamples, everyModifierSpec, formTemplate, linearTemplate } from './fixtures.js';

type ByName = (name: string) => number;

function flat(x: unknown): number[] {
  return (x as unknown[]).flat(Infinity) as number[];
}

function interp(code: string, a: number, lo: number, nom: number, hi: number): number {
  // returns the modified value (multiplicative codes: factor; additive codes: delta)
  if (code === 'code1') return a >= 0 ? hi ** a : lo ** -a;
  if (code === 'code0') return a >= 0 ? a * (hi - nom) : a * (nom - lo);
  if (code === 'code4p') {
    if (a > 1) return a * (hi - nom);
    if (a < -1) return a * (nom - lo);
    const up = hi - nom;
    const dn = nom - lo;
    return (a * (up + dn)) / 2 + ((up - dn) / 16) * (15 * a * a - 10 * a ** 4 + 3 * a ** 6);
  }
  throw new Error(code);
}

/** Slow readable expected counts from the spec (function samples via the fixture functions). */
function slowExpected(spec: ModelSpec, p: ByName): number[] {
  const out: number[] = [];
  const ns = spec.interpolation?.normsys ?? 'code1';
  const hs = spec.interpolation?.histosys ?? 'code0';
  for (const ch of spec.channels) {
    const nb = ch.axes.reduce((n, a) => n * (a.edges.length - 1), 1);
    const tot = new Array<number>(nb).fill(0);
    const samples = [...ch.samples.map((s) => ({ nominal: flat(s.data), mods: s.modifiers ?? [] }))];
    if (ch.name === 'sr') samples.push({ nominal: Array.from(formTemplate(p('R'))), mods: [{ type: 'normfactor', name: 'mu' }] });
    if (ch.name === 'cr') samples.push({ nominal: Array.from(linearTemplate(p('x')), (t, k) => t * (1 + 0.1 * k * p('R'))), mods: [] });
    for (const s of samples) {
      for (let b = 0; b < nb; b++) {
        let value = s.nominal[b]!;
        let factor = 1;
        for (const m of s.mods) {
          if (m.type === 'histosys') value += interp(hs, p(m.name), flat(m.data.lo)[b]!, s.nominal[b]!, flat(m.data.hi)[b]!);
        }
        for (const m of s.mods) {
          if (m.type === 'normfactor' || m.type === 'lumi') factor *= p(m.name);
          if (m.type === 'scale') factor *= p(m.name) ** m.power;
          if (m.type === 'normsys') factor *= ns === 'code1' ? interp('code1', p(m.name), m.data.lo, 1, m.data.hi) : NaN;
          if (m.type === 'shapesys' || m.type === 'staterror' || m.type === 'shapefactor') factor *= p(`${m.name}[${b}]`);
        }
        tot[b] += factor * value;
      }
    }
    out.push(...tot);
  }
  return out;
}

function byName(model: CompiledModel, pars: Float64Array): ByName {
  return (n) => pars[model.params.index(n)]!;
}

function randomInside(model: CompiledModel, seed: number): Float64Array {
  // deterministic LCG; values in the middle of the bounds, away from interpolation kinks
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const p = Float64Array.from(model.params.init);
  model.params.names.forEach((n, i) => {
    if (model.params.fixed[i]) return;
    const lo = Math.max(model.params.lo[i]!, -2.5);
    const hi = Math.min(model.params.hi[i]!, 2.5);
    let v = lo + (0.2 + 0.6 * rnd()) * (hi - lo);
    if (Math.abs(v) < 0.05 || Math.abs(Math.abs(v) - 1) < 0.05) v += 0.13;
    p[i] = v;
  });
  return p;
}

describe('compiled model vs slow reference', () => {
  const spec = everyModifierSpec();
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let model: CompiledModel;
  beforeEach(() => {
    model = compileModel(spec, { functionSamples: everyFunctionSamples() });
  });

  test('parameter bookkeeping: declared first, then first appearance; per-bin names', () => {
    expect(model.params.names.slice(0, 8)).toEqual(['mu', 'lumi', 'Y', 'g', 'eff', 'R', 'x', 'kp']);
    expect(model.params.names).toContain('stat_sr[5]');
    expect(model.params.names).toContain('ss_bkg[0]');
    expect(model.params.names).toContain('sf[3]');
    expect(model.nBins).toBe(10);
    expect(model.channels.map((c) => [c.name, c.offset, c.nBins])).toEqual([
      ['sr', 0, 6],
      ['cr', 6, 4],
    ]);
  });

  test('expected counts equal the slow readable implementation at random parameters', () => {
    const out = new Float64Array(model.nBins);
    for (let seed = 1; seed <= 20; seed++) {
      const pars = randomInside(model, seed);
      model.expected(pars, out);
      const ref = slowExpected(spec, byName(model, pars)).map((v) => Math.max(v, 0));
      ref.forEach((v, b) => expect(out[b]).toBeCloseTo(v, 10));
    }
  });

  test('twiceNll equals an independent sum of −2 ln Pois and constraint terms', () => {
    const data = model.observedData();
    const pars = randomInside(model, 7);
    const p = byName(model, pars);
    const nu = slowExpected(spec, p);
    let ref = 0;
    data.main.forEach((n, b) => (ref += -2 * (n * Math.log(nu[b]!) - nu[b]! - jStat.gammaln(n + 1))));
    // constraints by hand
    const gauss = (a: number, th: number, sg: number) => -2 * Math.log(jStat.normal.pdf(a, th, sg));
    const pois = (a: number, lam: number) => -2 * (a * Math.log(lam) - lam - jStat.gammaln(a + 1));
    ref += gauss(1, p('lumi'), 0.05) + gauss(0, p('ns1'), 1) + gauss(0, p('ns2'), 1) + gauss(0, p('hs1'), 1);
    ref += (Math.log(1) - Math.log(p('eff'))) ** 2 / 0.04 + 2 * Math.log(1 * 0.2 * Math.sqrt(2 * Math.PI));
    ref += pois(40, 40 * p('kp'));
    const sigNom = [5, 3, 4, 2, 2, 1];
    const bkgNom = [20, 15, 12, 9, 6, 4];
    const sigU = [0.5, 0.3, 0.4, 0.2, 0.2, 0.1];
    const bkgU = [1, 0.8, 0.7, 0.5, 0.4, 0.3];
    for (let b = 0; b < 6; b++) {
      const sigma = Math.hypot(sigU[b]!, bkgU[b]!) / (sigNom[b]! + bkgNom[b]!);
      ref += gauss(1, p(`stat_sr[${b}]`), sigma);
      const tau = (bkgNom[b]! / [2, 1.5, 1.2, 0.9, 0.6, 0.4][b]!) ** 2;
      ref += pois(tau, tau * p(`ss_bkg[${b}]`));
    }
    const crNom = [30, 25, 20, 10];
    const crU = [2, 1.5, 1, 1];
    for (let b = 0; b < 4; b++) ref += gauss(1, p(`stat_cr[${b}]`), crU[b]! / crNom[b]!);
    expect(model.twiceNll(pars, data)).toBeCloseTo(ref, 8);
  });
});

function checkGradient(model: CompiledModel, seeds: number[], relTol: number) {
  const data = model.observedData();
  const g = new Float64Array(model.params.n);
  for (const seed of seeds) {
    const pars = randomInside(model, seed);
    const v = model.twiceNllGrad(pars, data, g);
    expect(v).toBeCloseTo(model.twiceNll(pars, data), 10);
    for (let i = 0; i < model.params.n; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(pars[i]!));
      const pp = Float64Array.from(pars);
      const pm = Float64Array.from(pars);
      pp[i] = pars[i]! + h;
      pm[i] = pars[i]! - h;
      const fd = (model.twiceNll(pp, data) - model.twiceNll(pm, data)) / (2 * h);
      const scale = Math.max(1, Math.abs(fd));
      if (Math.abs(g[i]! - fd) / scale > relTol) {
        throw new Error(`gradient mismatch for ${model.params.names[i]} (seed ${seed}): analytic ${g[i]}, finite difference ${fd}`);
      }
    }
  }
}

describe('analytic gradient vs central finite differences (every modifier type)', () => {
  test('code1/code0 interpolation', () => {
    checkGradient(compileModel(everyModifierSpec(), { functionSamples: everyFunctionSamples() }), [3, 11, 19], 2e-5);
  });
  test('code4/code4p interpolation (pyhf ≥ 0.7 defaults), including |α| < 1 and > 1', () => {
    checkGradient(compileModel(everyModifierSpec({ normsys: 'code4', histosys: 'code4p' }), { functionSamples: everyFunctionSamples() }), [5, 13, 21, 27], 2e-5);
  });
});
