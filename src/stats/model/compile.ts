/**
 * Build → compile: `compileModel(spec, options)` runs the structural (zod) and semantic passes and
 * compiles the result into a CompiledModel.
 */
import { CompiledModel } from './compiled.js';
import type { ModelDefinition } from './definition.js';
import { resolveModelSpec, type ModelBuildOptions } from './resolve.js';
import { parseModelSpec } from './spec.js';

/**
 * Validate a native model spec (structure, then semantics) and return the resolved definition without
 * compiling. Throws InvalidSpecification (with the JSON path) or InvalidModel.
 */
export function validateModelSpec(input: unknown, options: ModelBuildOptions = {}): ModelDefinition {
  return resolveModelSpec(parseModelSpec(input), options);
}

/**
 * Compile a native model spec (plain JSON-like object, schemaVersion '1.0.0') into an evaluable model.
 * Function samples (templates from user code) are passed in `options.functionSamples`.
 *
 * @example
 * const model = compileModel({ schemaVersion: '1.0.0', poi: 'mu', channels: [{ name: 'sr',
 *   axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20] }],
 *   samples: [{ name: 'signal', data: [5, 3], modifiers: [{ type: 'normfactor', name: 'mu' }] },
 *             { name: 'bkg', data: [20, 10] }] }], observations: [{ channel: 'sr', data: [24, 14] }] });
 * const nll = model.twiceNll(model.params.vector({ mu: 1 }), model.observedData());
 */
export function compileModel(input: unknown, options: ModelBuildOptions = {}): CompiledModel {
  return new CompiledModel(validateModelSpec(input, options));
}

/** Compile an already resolved definition (e.g. from a pyhf workspace). */
export function compileDefinition(def: ModelDefinition): CompiledModel {
  return new CompiledModel(def);
}
