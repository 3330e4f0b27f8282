/**
 * Experiment registry: experiment name → module under src/analyses/experiments/ exporting `build(config)` (sync, or
 * async for combinations, which build their members).
 * Modules are imported on demand, so an analysis loads only the datasets and physics it needs.
 */
import type { AnalysisConfig, ExperimentName } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';

const MODULES: Readonly<Record<ExperimentName, string>> = {
  csi2017: './csi2017.js',
  csi2021: './csi2021.js',
  lar2020: './lar2020.js',
  ccm: './ccm.js',
  jsns2: './jsns2.js',
  'lar-tonne': './lar-tonne.js',
  combination: './combination.js',
};

/** Build the experiment binding of a validated config. */
export async function buildExperiment(config: AnalysisConfig): Promise<ExperimentAnalysis> {
  const mod = (await import(MODULES[config.experiment])) as { build: (c: AnalysisConfig) => ExperimentAnalysis | Promise<ExperimentAnalysis> };
  return await mod.build(config);
}
