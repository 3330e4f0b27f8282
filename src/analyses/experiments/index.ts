/**
 * Experiment registry: experiment name → module under src/analyses/experiments/ exporting `build(config)` (sync, or
 * async for combinations, which build their members).
 * Modules are imported on demand, so an analysis loads only the datasets and physics it needs.
 */
import type { AnalysisConfig, ExperimentName } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';

type BuilderModule = { build: (c: AnalysisConfig) => ExperimentAnalysis | Promise<ExperimentAnalysis> };

// Literal import() calls: a bundler (the page of src/explore) can follow them.
const MODULES: Readonly<Record<ExperimentName, () => Promise<BuilderModule>>> = {
  csi2017: () => import('./csi2017.js'),
  csi2021: () => import('./csi2021.js'),
  lar2020: () => import('./lar2020.js'),
  ccm: () => import('./ccm.js'),
  jsns2: () => import('./jsns2.js'),
  'lar-tonne': () => import('./lar-tonne.js'),
  combination: () => import('./combination.js').then((m) => ({ build: (c: AnalysisConfig) => m.build(c, buildExperiment) })),
};

/** Build the experiment binding of a validated config. */
export async function buildExperiment(config: AnalysisConfig): Promise<ExperimentAnalysis> {
  const mod = await MODULES[config.experiment]();
  return await mod.build(config);
}
