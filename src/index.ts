// Public library surface of cevnsfit: every name is listed explicitly, grouped by layer. The set of names is pinned by
// test/api/public-api.test.ts (see docs/api.md); deeper modules are internal and may change without notice.

// Errors: the typed error classes every layer throws.
export { CevnsfitError, DataFormatError, DatasetUnavailable, FailedMinimization, InvalidModel, InvalidParameters, InvalidSpecification, NonFiniteExpectation } from './util/errors.js';
// Units: quantities with explicit units in configs.
export { quantity, toQuantity } from './util/quantity.js';

// stats/model: the generic model interface, specs, resolution and compilation.
export type { Constraint, ObservedData, ParameterConfig, StatModel } from './stats/types.js';
export { modelSpecSchema, parseModelSpec, type AxisSpec, type ChannelSpec, type ConstraintSpec, type InterpolationSpec, type ModelSpec, type ObservationSpec, type ParameterSpec, type SampleSpec } from './stats/model/spec.js';
export type { FunctionSampleDefinition, ModelDefinition, ResolvedChannel, ResolvedFunctionSample, ResolvedParameter, ResolvedSample } from './stats/model/definition.js';
export { resolveModel, resolveModelSpec, type ModelBuildOptions, type ParameterOverride, type ResolveInput, type ResolveResult } from './stats/model/resolve.js';
export type { ModifierSpec, ModifierType } from './stats/model/modifiers/index.js';
export { ModelParameters, withFixed, type ParameterSlice } from './stats/model/params.js';
export { CompiledModel, type ChannelInfo, type ChannelYields, type SampleYield } from './stats/model/compiled.js';
export { compileDefinition, compileModel, validateModelSpec } from './stats/model/compile.js';
export { correlatedBackground, simpleModels, uncorrelatedBackground } from './stats/model/simpleModels.js';

// stats/workspace: pyhf JSON workspaces in and out.
export type { PyhfModifier, PyhfParameterConfig, PyhfWorkspace } from './stats/workspace/schema.js';
export { parseWorkspace } from './stats/workspace/validate.js';
export { loadWorkspace, loadWorkspaceFile, workspaceModelInput, type LoadedWorkspace, type WorkspaceModelInput, type WorkspaceOptions } from './stats/workspace/read.js';
export { specToWorkspace, writeWorkspace, type ReparametrisedParameter, type WorkspaceWriteMeta, type WriteOptions, type WrittenChannelInfo, type WrittenWorkspace } from './stats/workspace/write.js';

// stats/infer: fits, profile scans, test statistics, asymptotics, toys, CLs limits, Feldman–Cousins, yields.
export { fit, fittedValue, fixedPoiFit, type FitOptions, type FitResult } from './stats/infer/mle.js';
export { interval, minos, profileInterval, profileScan1D, profileScan2D, type IntervalHealth, type MinosError, type MinosOptions, type ProfileInterval, type ProfileScan1D, type ProfileScan2D, type ScanOptions } from './stats/infer/profile.js';
export { profileLikelihoodRatio, q0, qmu, qmuTilde, testStatistic, tmu, tmuTilde, type TestStatName, type TestStatOptions, type TestStatResult } from './stats/infer/teststat.js';
export { AsymptoticCalculator, N_SIGMA, asimovDataAt, asimovDataForPoi, asymptoticExpected, asymptoticPValues, asymptoticTeststat, discoverySignificance, type AsymptoticOptions, type AsymptoticPValues, type AsymptoticTest, type DiscoveryResult, type ExpectedCls, type LimitTestStat } from './stats/infer/asymptotic.js';
export { sampleTestStatistic, sampleToyData, toyHypotest, type SampleOptions, type TestStatSamples, type ToyHypotest, type ToyOptions } from './stats/infer/toys.js';
export { fcPValue, fcToyDistribution, feldmanCousins, feldmanCousinsLimits, type FcLimitOptions, type FcLimitsResult, type FeldmanCousinsOptions, type FeldmanCousinsResult } from './stats/infer/fc.js';
export { hypotest, type CalculatorSpec, type HypotestOptions, type HypotestResult } from './stats/infer/hypotest.js';
export { upperLimit, type LimitKind, type LimitPoint, type LimitStatus, type UpperLimitOptions, type UpperLimitResult } from './stats/infer/upperlimit.js';
export { fittedYields, sampleTotals, type ChannelSampleYields, type FittedYield, type YieldModel } from './stats/infer/yields.js';
export { BAND_LEVELS, summarizeEnsemble, type EnsembleSummary } from './stats/infer/ensemble.js';
// stats/infer: look-elsewhere effect, non-nested calibration, impacts, goodness of fit, compatibility, yield tables.
export { prepareScanFamily, scanLocalQ0, scanToy, upcrossings, localPValue, toyGlobalPValue, grossVitells, type ScanFamily, type PreparedScanFamily, type LocalScan, type ScanToy, type ToyGlobalPValue, type GrossVitells } from './stats/infer/lee.js';
export { calibrateNonNested, type NonNestedCalibration } from './stats/infer/nonnested.js';
export { impacts, prefitWidths, UNGROUPED, type ImpactsResult, type ImpactsOptions, type NuisanceImpact, type GroupImpact } from './stats/infer/impacts.js';
export { goodnessOfFit, saturatedStatistic, gofToy, gofFromToys, type GofResult, type GoodnessOfFitOptions, type SaturatedParts } from './stats/infer/gof.js';
export { compatibilityFits, compatibilityToy, type CompatibilityResult } from './stats/infer/compatibility.js';
export { yieldTable, prePostYieldTables, type ChannelYieldTable } from './stats/infer/yieldtable.js';

// stats/parallel: the worker pool, parallel profile scans and shard partials.
export { WorkerPool, defaultLanes, runPool, setThreadHost, workerAvailable, type PoolJob, type PoolOptions, type PoolResult, type ThreadHost } from './stats/parallel/pool.js';
export { modelFromRecipe, profileScan1DParallel, type ModelRecipe, type ParallelScanOptions } from './stats/parallel/scan.js';
export { checkPartials, makePartial, mergedItems, parseShard, readPartial, shardSlice, type PartialFile, type ShardSpec } from './stats/parallel/shard.js';

// datasets: install/list the data releases, their manifests, loaders and histograms.
export { DATASET_NAMES, loadManifest, validateManifest, type DataTaking, type DatasetName, type FactStatus, type Manifest, type ManifestAxis, type ManifestFact, type ManifestFile } from './datasets/manifest.js';
export { ChecksumMismatch, datasetDir, datasetStatus, defaultMirror, installDatasets, requireDataset, resolveMirror, type DatasetState, type DatasetStatus, type FileState, type FileStatus, type InstallOptions, type InstallResult, type InstalledFile, type ResolvedDataset, type StoreOptions } from './datasets/store.js';
export { binCentres, findBin, makeAxis, nBins, project2D, project3D, sumWindow2D, total, uniformEdges, type Axis, type Histogram1D, type Histogram2D, type Histogram3D } from './datasets/histogram.js';
export { loadCsi2017, type Csi2017Release } from './datasets/csi2017.js';
export { efficiencyE, loadCsi2021, scintillationMeVee, type CoefficientEntry, type Csi2021Release, type EfficiencyCoefficients, type EventHistogram2D, type EventList, type ScintillationCoefficients } from './datasets/csi2021.js';
export { loadLar2020, type Lar2020Release, type LarEfficiencyTable, type LarParameters, type Measured, type ShapeVariation } from './datasets/lar2020.js';
export { loadCcmBeam, loadJsns2Beam, loadSnsBeam, type CcmBeam, type Curve, type Jsns2Beam, type PhotonList, type Pi0List, type SnsBeam } from './datasets/beams.js';
export { loadDarkPhotonLimits, type CouplingVariable, type DarkPhotonLimits, type LimitCurve, type LimitCurveKind } from './datasets/limits.js';

// physics/dm: the dark-sector model, mediator production, χ flux, recoil spectra and signal templates.
export { BENCHMARK_ALPHA_D, BENCHMARK_MASS_RATIO, ELECTRIC_CHARGE, PROMPT_LIFETIME_US, benchmarkSingleMediator, couplingScaleIsExact, derivedCouplings, epsilonFromY, mediatorLifetimeUs, mediatorWidths, signalCouplingScale, singleMediatorModel, twoMediatorModel, validateModel, visibleWidthMeV, widthToChiMeV, widthToLeptonsMeV, type DarkMatterSpin, type DarkSectorModel, type DerivedCouplings, type LifetimeSpec, type MediatorWidths, type ModelOptions, type ScatteringMediator } from './physics/dm/model.js';
export { PI_MINUS_CAPTURE_THRESHOLD_MEV, PI_MINUS_P_INVARIANT_MASS_MEV, chiEnergyRange, flightDelayUs, piMinusCaptureMediator, type EnergyMomentum } from './physics/dm/kinematics.js';
export { BR_ETA_TO_GAMMA_GAMMA, BR_PI0_TO_GAMMA_GAMMA, DEFAULT_BREM_SUPPRESSION, MESON_CHANNEL, NEUTRAL_MESON_MASS_MEV, PANOFSKY_RATIO, PRODUCTION_CHANNELS, RADIATIVE_FRACTION_FREE_PROTON, RADIATIVE_FRACTION_HEAVY_NUCLEUS, bremMediatorSpectrum, bremSuppression, channelThresholdMeV, etaToGammaXBranchingPerEps2, mesonMediatorSpectrum, mesonOffShellSpectrum, mesonToGammaXBranchingPerEps2, offShellMassNodes, pi0MediatorSpectrum, pi0ToGammaXBranchingPerEps2, piMinusMediatorSpectrum, prepareEtaSource, preparePhotonSpectrum, preparePi0Sample, totalYieldPerPot, type BremSuppressionModel, type EtaKinematics, type MediatorLineshape, type MediatorSpectrum, type NeutralMeson, type PhotonSpectrum, type Pi0Normalisation, type Pi0Sample, type PiMinusCaptureModel, type PreparedMeson, type PreparedPhotons, type PreparedPi0, type ProductionChannel } from './physics/dm/production.js';
export { DEFAULT_CHI_SLICES, fluxPerPotPerCm2, sliceArrivalTiming, sliceChiSpectrum, totalChiPerPot, type ChiSlices } from './physics/dm/chiflux.js';
export { reducedCrossSection } from './physics/dm/xsec.js';
export { prepareRecoilContext, sliceRecoilSpectra, type RecoilContext, type RecoilMode } from './physics/dm/recoil.js';
export { buildDmTemplates, buildUnitDmTemplates, rescaleDmTemplates, type DmBinner, type DmBuildOptions, type DmExperimentSetup, type DmMassPoint, type DmProductionSources, type DmSignalComponent, type DmTemplates, type UnitDmTemplates } from './physics/dm/signal.js';
export { BEAM_FILE_POT, BEAM_KINETIC_ENERGY_MEV, PI_MINUS_STOPS_PER_POT, dmSourcesFromBeam, piMinusCaptureModel, type BeamSourceOptions, type DmBeam, type EtaProductionModel } from './physics/dm/setups.js';

// analyses: configs, experiments, signal families, hypothesis assembly and the run/compare/limit entry points.
export { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig, type LoadedAnalysis } from './analyses/config.js';
export { buildExperiment } from './analyses/experiments/index.js';
export type { ExperimentAnalysis } from './analyses/types.js';
export { DEFAULT_FAMILY, FAMILIES, familyOf, type CommonSignalOptions, type FamilyCoupling, type FamilyProbe, type SignalFamily } from './analyses/families/index.js';
export { assembleHypothesis, couplingFromMu, muFromCoupling, couplingOfTemplates, muOfTemplates, type AssembledModel, type HypothesisName } from './analyses/assemble.js';
export { compare, dmMassGrid, fitDmOverMasses, fitReport, massYReport, massYRows, pullReport, scan1D, scanMassY, significance, significanceToys, toySignificance, type CompareReport, type DmFitReport, type FitReport, type FitStatusReport, type HypothesisSummary, type MassYRow, type MassYScanOptions, type MassYScanReport, type MassYSmFit, type PullReport, type Scan1DReport, type ScanSummary, type SignificanceReport, type ValueError } from './analyses/run.js';
export { computeLimits, limitMassGrid, type LimitOptions, type LimitCurve as AnalysisLimitCurve, type LimitPoint as AnalysisLimitPoint } from './analyses/limit.js';
export { upperLimitCoverage, q0WilksCalibration, coverageStreams, type CoverageRow, type CoverageMethod, type CoverageOptions, type WilksRow } from './stats/infer/coverage.js';
export { runImpacts, runGof, runCompatibility, fitExtras, parameterGroups, type ImpactsReport, type GofReport, type CompatibilityReport, type FitExtras } from './analyses/inference.js';

// The Node host (files, threads, datasets) for the library; importing the package installs it.
export { installNodeHost } from './node/host.js';

// analyses: the JSON contract of each command's result (result.json) with its guard, and the merge of sharded runs.
export { expectResult, isResultKind, parseResultJson, resultKind, ResultFormatError, type AnalysisResultJson, type CompareResultJson, type CountResultJson, type FitResultJson, type GlobalSignificanceResultJson, type ImpactsResultJson, type GofResultJson, type CompatibilityResultJson, type LimitResultJson, type LimitCurveJson, type LimitPointJson, type MassYScanResultJson, type ResultHead, type ResultJsonByKind, type ResultKind, type Scan1DResultJson, type SettingScanResultJson, type SignificanceResultJson, type ValidateResultJson } from './analyses/results.js';
export { mergePartials, shardPartial, type MergedRun, type ShardedCommand } from './analyses/shards.js';
