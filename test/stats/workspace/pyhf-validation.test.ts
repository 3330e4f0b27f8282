import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { loadWorkspace } from '../../../src/stats/workspace/index.js';
import { hypotest } from '../../../src/stats/infer/index.js';
const dir = new URL('./fixtures/pyhf-validation/', import.meta.url);
it('explore', () => {
  for (const f of readdirSync(dir)) {
    const c = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
    for (const ts of ['qmu', 'qmuTilde'] as const) for (const interp of [{ normsys: 'code1', histosys: 'code0' }, { normsys: 'code4', histosys: 'code4p' }] as const) {
      const ws = loadWorkspace(c.workspace, { interpolation: interp });
      const r = hypotest(ws.model, ws.data, 1, { testStat: ts });
      const rel = [r.clsObs / c.reference.clsObs - 1, ...r.clsExp.map((x, k) => x / c.reference.clsExp[k] - 1)];
      console.log(c.case, ts, interp.normsys, r.valid, 'maxrel', Math.max(...rel.map(Math.abs)).toExponential(2), rel.map((x) => x.toExponential(1)).join(' '));
    }
  }
});
