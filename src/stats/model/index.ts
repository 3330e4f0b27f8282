// Public API of the model layer (build → compile → evaluate). Nothing here knows about neutrinos.
export * from './spec.js';
export * from './definition.js';
export { formatJsonPath, parseWithSchema } from './schemaErrors.js';
export { flattenBins, resolveModel, resolveModelSpec, type ParameterOverride, type ResolveInput, type ResolveResult, type ModelBuildOptions } from './resolve.js';
export { MODIFIERS, MODIFIER_REGISTRY, PYHF_TYPE_ORDER, type ModifierModule, type ModifierUse, type ParameterDefaults } from './modifiers/index.js';
export * from './interp/index.js';
export { ModelParameters, withFixed, type ParameterSlice } from './params.js';
export { FunctionSampleEvaluator, type FunctionSampleStats } from './functionSample.js';
export { CompiledModel, bakerCousinsChi2, type ChannelInfo, type ChannelYields, type SampleYield } from './compiled.js';
export { compileModel, compileDefinition, validateModelSpec } from './compile.js';
export { simpleModels, uncorrelatedBackground, correlatedBackground } from './simpleModels.js';
