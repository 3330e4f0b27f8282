/**
 * The native, versioned model specification (schemaVersion 1.0.0): a declarative JSON description of a
 * binned likelihood. Generic statistics only: channels with any number of binned axes, samples of expected
 * counts, HistFactory-style modifiers, parameters and observations.
 *
 * Conventions
 * - A channel's bins are the outer product of its axes, flattened row-major (the LAST axis varies fastest),
 *   e.g. axes [energy (3 bins), time (4 bins)] give flat bin k = iEnergy * 4 + iTime.
 * - Bin contents (sample data, modifier templates, observations) are either a flat array of length
 *   Π nBins(axis), or nested arrays of exactly the channel's shape.
 * - Parameters are shared by name across samples and channels (a control channel and a signal channel
 *   that carry the same normfactor measure it jointly).
 * - Unknown keys are errors; the error names the JSON path.
 *
 * Function samples (templates computed by user code) cannot be written in JSON: pass them to
 * `compileModel(spec, { functionSamples })`.
 */
import { z } from 'zod';
import type { BinContents, SchemaParts } from './modifiers/common.js';
import { MODIFIERS, type ModifierSpec } from './modifiers/index.js';
import { parseWithSchema } from './schemaErrors.js';
import type { HistosysInterpolation, NormsysInterpolation } from './interp/types.js';

export type { BinContents } from './modifiers/common.js';
export type { HistosysInterpolation, NormsysInterpolation } from './interp/types.js';
/** A modifier entry: the union of the modifier modules' entries (src/stats/model/modifiers/, one module per type). */
export type { ModifierSpec, ModifierType } from './modifiers/index.js';

/** One binned axis of a channel. */
export interface AxisSpec {
  /** Axis name, e.g. `energyKeVee`, `timeUs`, `f90`. */
  readonly name: string;
  /** Unit label, e.g. `keVee`, `us`, `1` for dimensionless. */
  readonly unit: string;
  /** Strictly increasing bin edges (length nBins + 1). */
  readonly edges: readonly number[];
}

export interface SampleSpec {
  readonly name: string;
  /** Nominal expected counts per bin. */
  readonly data: BinContents;
  readonly modifiers?: readonly ModifierSpec[];
}

export interface ChannelSpec {
  readonly name: string;
  readonly axes: readonly AxisSpec[];
  readonly samples: readonly SampleSpec[];
}

export type ConstraintSpec =
  | { readonly type: 'none' }
  /** Gaussian auxiliary measurement with mean `mean` (default: init) and width `sigma`. */
  | { readonly type: 'gaussian'; readonly sigma: number; readonly mean?: number }
  /** Poisson auxiliary count with nominal value tau·mean (mean default: init) and rate tau·θ. */
  | { readonly type: 'poisson'; readonly tau: number; readonly mean?: number }
  /** Log-normal: the auxiliary measurement a (nominal `mean`, default init) has ln a ~ N(ln θ, sigma). */
  | { readonly type: 'lognormal'; readonly sigma: number; readonly mean?: number };

export interface ParameterSpec {
  /** A scalar parameter name, or the base name of a per-bin parameter (settings then apply to every bin). */
  readonly name: string;
  readonly init?: number;
  readonly bounds?: readonly [number, number];
  readonly fixed?: boolean;
  readonly constraint?: ConstraintSpec;
}

export interface ObservationSpec {
  readonly channel: string;
  readonly data: BinContents;
}

export interface InterpolationSpec {
  /** @default 'code1' */
  readonly normsys?: NormsysInterpolation;
  /** @default 'code0' */
  readonly histosys?: HistosysInterpolation;
}

export interface ModelSpec {
  readonly schemaVersion: '1.0.0';
  readonly name?: string;
  /** Parameter of interest (a scalar parameter), or null/absent for none. */
  readonly poi?: string | null;
  readonly channels: readonly ChannelSpec[];
  readonly parameters?: readonly ParameterSpec[];
  readonly observations?: readonly ObservationSpec[];
  readonly interpolation?: InterpolationSpec;
}

// ---------------------------------------------------------------------------------------------------
// zod schema (structural pass; the semantic pass lives in resolve.ts)

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

/** Recursive bin contents: checked by hand so that the error path names the offending element. */
const binContents: z.ZodType<BinContents> = z.array(z.unknown()).superRefine((value, ctx) => {
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) ctx.addIssue({ code: 'custom', message: 'empty array of bin contents', path });
      v.forEach((x, i) => walk(x, [...path, i]));
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: `expected a finite number or an array, got ${JSON.stringify(v)}`, path });
    }
  };
  value.forEach((x, i) => walk(x, [i]));
}) as unknown as z.ZodType<BinContents>;

const name = z.string().min(1, { message: 'expected a non-empty name' });

const parts: SchemaParts = { finite, name, binContents };

/** One modifier entry, discriminated by `type`: the union of the modifier modules' schemas (modifiers/index.ts). */
const modifierSchema = z.discriminatedUnion(
  'type',
  MODIFIERS.map((m) => m.schema(z, parts)) as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>, ...z.ZodObject<{ type: z.ZodLiteral<string> }>[]],
) as unknown as z.ZodType<ModifierSpec>;

const axisSchema = z.strictObject({
  name,
  unit: z.string(),
  edges: z.array(finite).min(2, { message: 'an axis needs at least two bin edges' }),
});

const sampleSchema = z.strictObject({
  name,
  data: binContents,
  modifiers: z.array(modifierSchema).optional(),
});

const channelSchema = z.strictObject({
  name,
  axes: z.array(axisSchema).min(1, { message: 'a channel needs at least one axis' }),
  samples: z.array(sampleSchema).min(1, { message: 'a channel needs at least one sample' }),
});

const constraintSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('gaussian'), sigma: finite, mean: finite.optional() }),
  z.strictObject({ type: z.literal('poisson'), tau: finite, mean: finite.optional() }),
  z.strictObject({ type: z.literal('lognormal'), sigma: finite, mean: finite.optional() }),
]);

const parameterSchema = z.strictObject({
  name,
  init: finite.optional(),
  bounds: z.tuple([z.number(), z.number()]).optional(),
  fixed: z.boolean().optional(),
  constraint: constraintSchema.optional(),
});

/** zod schema of the native model spec, version 1.0.0 (structure only). */
export const modelSpecSchema = z.strictObject({
  schemaVersion: z.literal('1.0.0'),
  name: z.string().optional(),
  poi: z.string().nullable().optional(),
  channels: z.array(channelSchema).min(1, { message: 'a model needs at least one channel' }),
  parameters: z.array(parameterSchema).optional(),
  observations: z.array(z.strictObject({ channel: name, data: binContents })).optional(),
  interpolation: z
    .strictObject({
      normsys: z.enum(['code1', 'code4']).optional(),
      histosys: z.enum(['code0', 'code4p']).optional(),
    })
    .optional(),
});

/**
 * Structural validation of a native model spec (e.g. parsed JSON/YAML).
 * Throws InvalidSpecification whose `path` names the offending key (`channels[0].samples[1].data[3]`).
 * The semantic pass (unique names, bin counts, POI, bounds) runs in `validateModelSpec`/`compileModel`.
 */
export function parseModelSpec(input: unknown): ModelSpec {
  return parseWithSchema(modelSpecSchema, input, 'invalid model spec') as ModelSpec;
}
