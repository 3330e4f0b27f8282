#!/usr/bin/env node
/**
 * A/B timing of the compiled model between two builds, in one process, rounds interleaved (A B A B …) so that load
 * from other processes hits both alike. Reports the median over rounds of calls per second per workload, and B/A.
 *
 *   node scripts/bench-model-ab.mjs <distA> <distB> [rounds]
 * e.g. build the base commit into /tmp/base (git worktree + npx tsc) and compare with ./dist:
 *   node scripts/bench-model-ab.mjs /tmp/base/dist dist 15
 *
 * Workloads (models in scripts/bench-models.mjs): the 1000-bin, 10-nuisance benchmark model with the native default
 * interpolation (normsys code1, histosys code0) and with pyhf's (code4, code4p); the 6-sample model of
 * test/stats/fit.bench.ts; −2lnL, −2lnL with gradient, and a full fit.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { benchSpec, sixSampleSpec } from './bench-models.mjs';

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
