import { describe, expect, it } from 'vitest';
import { build, bindLar2020 } from '../../../src/analyses/experiments/lar2020.js';
import { parseAnalysisConfig } from '../../../src/analyses/config.js';
import { assembleHypothesis } from '../../../src/analyses/assemble.js';
import { fit, discoverySignificance } from '../../../src/stats/infer/index.js';

const BASE = { schemaVersion: '1.0.0', name: 'lar-test', experiment: 'lar2020' };
const cfg = (extra: Record<string, unknown> = {}) => parseAnalysisConfig({ ...BASE, ...extra }, 'test.yaml').config;

describe('explore', () => {
  it('fits', () => {
    const exp = build(cfg());
    const a = assembleHypothesis(exp, 'sm');
    const r = fit(a.model, a.data);
    const y = a.model.sampleYields(r.bestfit);
    console.log(r.status, r.twiceNll);
    r.names.forEach((n, i) => console.log(n, r.bestfit[i], r.errors?.[i]));
    for (const c of y) for (const s of c.samples) console.log(s.sample, s.total);
    const m = assembleHypothesis(exp, 'sm');
    const poiModel = m.model;
    void poiModel;
  });
});
