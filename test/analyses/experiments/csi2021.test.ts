import { describe, it } from 'vitest';
import { build } from '../../../src/analyses/experiments/csi2021.js';
import { parseAnalysisConfig } from '../../../src/analyses/config.js';
import { assembleHypothesis } from '../../../src/analyses/assemble.js';
import { fitReport, significance } from '../../../src/analyses/run.js';
import { gaussianPulse } from '../../../src/physics/timing.js';

const BASE = { schemaVersion: '1.0.0', name: 'csi-test', experiment: 'csi2021' };
const loaded = (extra: Record<string, unknown> = {}) => parseAnalysisConfig({ ...BASE, ...extra }, 'test.yaml');

describe('explore', () => {
  it('scan', () => {
  for (const m of [0.35, 0.45, 0.55, 0.62, 0.69]) {
    (globalThis as any).__PULSE = gaussianPulse(m, 0.14);
    const l = loaded();
    const exp = build(l.config);
    const a = assembleHypothesis(exp, 'sm');
    const { report } = fitReport(exp, a);
    const s = significance(exp, l);
    console.log('RES', m, report.twice_nll.toFixed(2), Object.entries(report.yields).map(([k, v]) => `${k}=${v.value.toFixed(1)}±${v.error?.toFixed(1)}`).join(' '), 'Z', s.z.toFixed(2), 'Zexp', s.z_expected?.toFixed(2));
  }
  });
});
