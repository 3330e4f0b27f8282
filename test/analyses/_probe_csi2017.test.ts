import { it } from 'vitest';
import { parseAnalysisConfig } from '../../src/analyses/config.js';
import { build } from '../../src/analyses/experiments/csi2017.js';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
it('probe', () => {
  const { config } = parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'x', experiment: 'csi2017', region: { pe: [16, 30] }, physics: {profile_Rn: true}, signal: { mass_MeV: 138 } }, 'x.yaml');
  const exp = build(config);
  for (let i = 0; i < 6; i++) { const t0 = performance.now(); assembleHypothesis(exp, 'sm'); console.log('asm', (performance.now() - t0).toFixed(1)); }
  const fs = exp.background.functionSamples[0]!;
  const t0 = performance.now(); for (let i = 0; i < 651; i++) fs.evaluate(Float64Array.of(4.7, 0.0878)); console.log('651 evals', (performance.now() - t0).toFixed(1));
}, 600000);
