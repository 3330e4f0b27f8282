// Public library surface of cevnsfit, layer by layer (each layer's index re-exports its public API).
export * from './util/errors.js';
// Generic statistics (nothing about neutrinos).
export * from './stats/types.js';
export * from './stats/model/index.js';
export * from './stats/workspace/index.js';
export * from './stats/infer/index.js';
export * from './stats/parallel/index.js';
// Data releases and beam simulations.
export * from './datasets/index.js';
// Physics: the dark-sector signal (SM physics modules are imported by path, e.g. 'cevnsfit/dist/physics/cevns.js').
export * from './physics/dm/index.js';
// Analyses.
export { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig, type LoadedAnalysis } from './analyses/config.js';
export { assembleHypothesis, couplingFromMu, muFromCoupling, couplingOfTemplates, muOfTemplates, type AssembledModel, type HypothesisName } from './analyses/assemble.js';
export { buildExperiment } from './analyses/experiments/index.js';
export * from './analyses/run.js';
export { upperLimitCoverage, q0WilksCalibration, coverageStreams, type CoverageRow, type CoverageMethod, type CoverageOptions, type WilksRow } from './analyses/coverage.js';
export { quantity, toQuantity } from './util/quantity.js';
export { prepareScanFamily, scanLocalQ0, scanToy, upcrossings, localPValue, toyGlobalPValue, grossVitells, type ScanFamily, type PreparedScanFamily, type LocalScan, type ScanToy, type ToyGlobalPValue, type GrossVitells } from './stats/infer/lee.js';
export { calibrateNonNested, type NonNestedCalibration } from './stats/infer/nonnested.js';
export { impacts, prefitWidths, UNGROUPED, type ImpactsResult, type ImpactsOptions, type NuisanceImpact, type GroupImpact } from './stats/infer/impacts.js';
export { goodnessOfFit, saturatedStatistic, gofToy, gofFromToys, type GofResult, type GoodnessOfFitOptions, type SaturatedParts } from './stats/infer/gof.js';
export { splitPoiSpec, compatibilityFits, compatibilityToy, separatePoiName, type CompatibilityResult } from './stats/infer/compatibility.js';
export { yieldTable, prePostYieldTables, type ChannelYieldTable } from './stats/infer/yieldtable.js';
export { runImpacts, runGof, runCompatibility, fitExtras, parameterGroups, type ImpactsReport, type GofReport, type CompatibilityReport, type FitExtras } from './analyses/inference.js';
// The Node host (files, threads, datasets) for the library; importing the package installs it.
export { installNodeHost } from './node/host.js';
