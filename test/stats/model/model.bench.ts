/**
 * Issue 2 benchmark: −2lnL evaluations per second (and with gradient) for a 1000-bin, 10-nuisance model.
 * Target ≥ 1e5 evaluations/s. Also reports heap growth per call (the hot loop must not allocate).
 */
import { bench, describe } from 'vitest';
import { benchModel } from './benchModel.js';

const model = benchModel();
const data = model.observedData();
const pars = model.params.vector({ mu: 1.1, sig_eff: 0.3, qf: -0.2, timing: 0.4, bkg_norm: -0.1, bkg_shape1: 0.2, bkg_shape2: -0.5 });
const grad = new Float64Array(model.params.n);
const n = model.params.n;

function rate(f: () => void, ms: number): number {
  const t0 = performance.now();
  let k = 0;
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 1000; i++) f();
    k += 1000;
  }
  return k / ((performance.now() - t0) / 1000);
}

const sink = new Float64Array(1); // a typed-array slot: storing a double here does not box it
// vary one parameter slightly per call so that nothing can be cached across calls
let step = 0;
const evalOnce = () => {
  pars[0] = 1.1 + 1e-9 * (step++ & 1023);
  sink[0] += model.twiceNll(pars, data);
};
const gradOnce = () => {
  pars[0] = 1.1 + 1e-9 * (step++ & 1023);
  sink[0] += model.twiceNllGrad(pars, data, grad);
};
rate(evalOnce, 300); // warm-up (JIT)
rate(gradOnce, 300);
const evalRate = rate(evalOnce, 1500);
const gradRate = rate(gradOnce, 1500);
// Heap growth per call over 1e5 calls after warm-up. A returned double may be boxed by V8 (16 bytes) when
// the call is not inlined; an allocation inside the per-bin loops would instead grow with the bin count.
function heapPerCall(f: () => void): number {
  const h0 = process.memoryUsage().heapUsed;
  for (let i = 0; i < 100000; i++) f();
  return (process.memoryUsage().heapUsed - h0) / 100000;
}
const evalHeap = heapPerCall(evalOnce);
const gradHeap = heapPerCall(gradOnce);
console.log(
  `[model.bench] 1000 bins, ${n - 1} nuisances + POI: twiceNll ${evalRate.toExponential(3)} evals/s (target ≥ 1e5), ` +
    `twiceNllGrad ${gradRate.toExponential(3)} evals/s; heap growth ${evalHeap.toFixed(2)} / ${gradHeap.toFixed(2)} bytes/call (sink ${sink[0]! > 0 ? 'ok' : '?'})`,
);

describe('1000-bin, 10-nuisance model', () => {
  bench('twiceNll', evalOnce, { time: 1000 });
  bench('twiceNllGrad', gradOnce, { time: 1000 });
});
