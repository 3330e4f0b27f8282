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
import { parseWithSchema } from './schemaErrors.js';

/** Bin contents: flat numbers, or nested arrays with the channel's shape. */
export type BinContents = readonly number[] | readonly BinContents[];

/** One binned axis of a channel. */
export interface AxisSpec {
  /** Axis name, e.g. `energyKeVee`, `timeUs`, `f90`. */
  readonly name: string;
  /** Unit label, e.g. `keVee`, `us`, `1` for dimensionless. */
  readonly unit: string;
  /** Strictly increasing bin edges (length nBins + 1). */
  readonly edges: readonly number[];
}

/** Interpolation code for normsys (multiplicative): code1 = exponential (HistFactory default), code4 = polynomial+exponential (pyhf ≥ 0.7 default). */
export type NormsysInterpolation = 'code1' | 'code4';
/** Interpolation code for histosys (additive): code0 = piecewise linear, code4p = polynomial inside |α|<1, linear outside (pyhf ≥ 0.7 default). */
export type HistosysInterpolation = 'code0' | 'code4p';

export type ModifierSpec =
  /** Free normalisation: factor = θ. Default parameter: init 1, bounds [0, 10], unconstrained. */
  | { readonly type: 'normfactor'; readonly name: string }
  /** Constrained normalisation: factor = I(α; lo, hi) (relative factors at α = −1, +1). Default α: init 0, bounds [−5, 5], Gaussian σ = 1. */
  | { readonly type: 'normsys'; readonly name: string; readonly data: { readonly lo: number; readonly hi: number } }
  /** Shape systematic from ±1σ templates (absolute counts), additive. Default α as for normsys. */
  | {
      readonly type: 'histosys';
      readonly name: string;
      readonly data: { readonly lo: BinContents; readonly hi: BinContents };
    }
  /** Per-bin Barlow–Beeston-lite: data = absolute uncertainty per bin; γ_b with Poisson aux, τ_b = (nominal_b/σ_b)². */
  | { readonly type: 'shapesys'; readonly name: string; readonly data: BinContents }
  /** Per-bin MC statistics: data = absolute uncertainty per bin; one γ_b per bin shared by all samples in the channel that carry it, Gaussian with the combined relative uncertainty. */
  | { readonly type: 'staterror'; readonly name: string; readonly data: BinContents }
  /** Luminosity: factor = θ; declare the parameter with a Gaussian constraint (sigma, mean). */
  | { readonly type: 'lumi'; readonly name: string }
  /** Free per-bin factors. Default: init 1, bounds [0, 10], unconstrained. */
  | { readonly type: 'shapefactor'; readonly name: string }
  /** Analytic scaling by a power of a named parameter: factor = θ^power (e.g. a dark-matter yield ∝ Y, or ∝ g⁴). */
  | { readonly type: 'scale'; readonly name: string; readonly power: number };

export type ModifierType = ModifierSpec['type'];

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

const axisSchema = z.strictObject({
  name,
  unit: z.string(),
  edges: z.array(finite).min(2, { message: 'an axis needs at least two bin edges' }),
});

const modifierSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('normfactor'), name }),
  z.strictObject({ type: z.literal('normsys'), name, data: z.strictObject({ lo: finite, hi: finite }) }),
  z.strictObject({ type: z.literal('histosys'), name, data: z.strictObject({ lo: binContents, hi: binContents }) }),
  z.strictObject({ type: z.literal('shapesys'), name, data: binContents }),
  z.strictObject({ type: z.literal('staterror'), name, data: binContents }),
  z.strictObject({ type: z.literal('lumi'), name }),
  z.strictObject({ type: z.literal('shapefactor'), name }),
  z.strictObject({ type: z.literal('scale'), name, power: finite }),
]);

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
