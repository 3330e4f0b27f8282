#!/usr/bin/env node
/**
 * A/B timing of the compiled model between two builds, in one process, rounds interleaved (A B A B …) so that load
 * from other processes hits both alike. Reports the median over rounds of calls per second per workload, and B/A.
 *
 *   node scripts/bench-model-ab.mjs <distA> <distB> [rounds]
 * e.g. build the base commit into /tmp/base (git worktree + npx tsc) and compare with ./dist:
 *   node scripts/bench-model-ab.mjs /tmp/base/dist dist 15
 *
 * Workloads: the 1000-bin, 10-nuisance benchmark model of test/stats/model/benchModel.ts with the native default
 * interpolation (normsys code1, histosys code0) and with pyhf's (code4, code4p); the 6-sample model of
 * test/stats/fit.bench.ts; −2lnL, −2lnL with gradient, and a full fit.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [distA, distB, roundsArg] = process.argv.slice(2);
if (!distA || !distB) {
  console.error('usage: node scripts/bench-model-ab.mjs <distA> <distB> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 11);

async function load(dist) {
  const model = await import(pathToFileURL(resolve(dist, 'stats/model/index.js')).href);
  const infer = await import(pathToFileURL(resolve(dist, 'stats/infer/index.js')).href);
  return { compileModel: model.compileModel, fit: infer.fit };
}

function benchSpec(interpolation) {
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

function sixSampleSpec() {
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

function workloads(lib) {
  const out = [];
  for (const [label, spec] of [
    ['bench model, code1/code0', benchSpec(null)],
    ['bench model, code4/code4p', benchSpec({ normsys: 'code4', histosys: 'code4p' })],
    ['6-sample model', sixSampleSpec()],
  ]) {
    const model = lib.compileModel(spec);
    const data = model.observedData();
    const pars = Float64Array.from(model.params.init);
    for (let i = 1; i < pars.length; i++) if (!model.params.fixed[i]) pars[i] += 0.3 * Math.sin(i); // off the nominal point
    const grad = new Float64Array(model.params.n);
    let step = 0;
    const sink = new Float64Array(1);
    out.push({ name: `${label}: twiceNll`, f: () => { pars[0] = 1.1 + 1e-9 * (step++ & 1023); sink[0] += model.twiceNll(pars, data); }, calls: 500 });
    out.push({ name: `${label}: twiceNllGrad`, f: () => { pars[0] = 1.1 + 1e-9 * (step++ & 1023); sink[0] += model.twiceNllGrad(pars, data, grad); }, calls: 500 });
    out.push({ name: `${label}: fit`, f: () => { sink[0] += lib.fit(model, data).twiceNll; }, calls: 2 });
  }
  return out;
}

function rate(f, calls) {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) f();
  return calls / ((performance.now() - t0) / 1000);
}

const A = workloads(await load(distA));
const B = workloads(await load(distB));
for (const w of [...A, ...B]) {
  const t0 = performance.now();
  rate(w.f, w.calls); // warm-up (JIT)
  process.stderr.write(`warm-up ${w.name}: ${(performance.now() - t0).toFixed(0)} ms\n`);
}
const rates = A.map(() => ({ a: [], b: [] }));
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < A.length; i++) {
    rates[i].a.push(rate(A[i].f, A[i].calls));
    rates[i].b.push(rate(B[i].f, B[i].calls));
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`| workload | A (calls/s) | B (calls/s) | B/A |`);
console.log(`|---|---|---|---|`);
for (let i = 0; i < A.length; i++) {
  const a = median(rates[i].a);
  const b = median(rates[i].b);
  console.log(`| ${A[i].name} | ${a.toPrecision(4)} | ${b.toPrecision(4)} | ${(b / a).toFixed(3)} |`);
}
