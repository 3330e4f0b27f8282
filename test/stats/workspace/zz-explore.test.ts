import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadWorkspace } from '/work/main/src/stats/workspace/index.js';
import { upperLimit, hypotest } from '/work/main/src/stats/infer/index.js';
it('explore', () => {
  const c = JSON.parse(readFileSync('/work/main/test/stats/workspace/fixtures/pyhf-validation/2bin_2channel_coupledhistosys.json', 'utf8'));
  for (const interp of [{ normsys: 'code1', histosys: 'code0' }, { normsys: 'code4', histosys: 'code4p' }] as const) {
    const ws = loadWorkspace(c.workspace, { interpolation: interp });
    const r = upperLimit(ws.model, ws.data, { cl: 0.95, testStat: 'qmuTilde' });
    // emulate notebook grid + linear interp
    const mus = Array.from({ length: 61 }, (_, i) => (5 * i) / 60);
    const hs = mus.map((m) => hypotest(ws.model, ws.data, m));
    const interpAt = (ys: number[]) => { for (let i = 1; i < ys.length; i++) if (ys[i] < 0.05 && ys[i-1] >= 0.05) return mus[i-1] + (0.05 - ys[i-1]) * (mus[i] - mus[i-1]) / (ys[i] - ys[i-1]); return NaN; };
    console.log(interp.histosys, r.observed, r.expected.join(' '), '| grid', interpAt(hs.map((h) => h.clsObs)), [0,1,2,3,4].map((k) => interpAt(hs.map((h) => h.clsExp[k]))).join(' '));
  }
});
