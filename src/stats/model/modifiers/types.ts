/**
 * What a modifier type is made of. Each type is one module in this folder (normfactor.ts, normsys.ts, …) that owns:
 *  - its spec entry and structural schema (`schema`, checked once at load; unknown keys are errors);
 *  - `read`: the semantic checks of one entry and its data flattened to the channel's bins (a ModifierUse);
 *  - `defaults`: the parameter set it requires given every place the name is used;
 *  - `build`: one use → a compiled op of one of the three appliers of the compiled model (a scalar factor with a
 *    FactorInterpolation, a per-bin factor, or an additive delta with a DeltaInterpolation);
 *  - `pyhf`: how the entry maps to and from pyhf's HistFactory JSON (null for types pyhf does not have).
 * The registry (index.ts) lists the modules; adding a modifier is one new module and one registry line
 * (docs/adding-a-modifier.md).
 */
import type { z } from 'zod';
import type { Constraint } from '../../types.js';
import type { DeltaInterpolation, FactorInterpolation, HistosysInterpolation, NormsysInterpolation } from '../interp/types.js';

/** Bin contents: flat numbers, or nested arrays with the channel's shape. */
export type BinContents = readonly number[] | readonly BinContents[];

/** The shared schema pieces a module's `schema` builds on (made by spec.ts, which owns the zod import). */
export interface SchemaParts {
  /** A finite number. */
  readonly finite: z.ZodType<number>;
  /** A non-empty name. */
  readonly name: z.ZodType<string>;
  /** Bin contents (flat or nested finite numbers; the error path names the offending element). */
  readonly binContents: z.ZodType<BinContents>;
}

/** The zod namespace, passed to `schema` so that the modules load without zod (the pyhf path never loads it). */
export type Zod = typeof z;

/** A modifier entry of the native spec: a type, a parameter name, and type-specific fields. */
export interface ModifierEntry {
  readonly type: string;
  readonly name: string;
}

/** One occurrence of a modifier on a sample, with its data flattened. */
export interface ModifierUse {
  readonly type: string;
  readonly name: string;
  readonly channel: number;
  readonly channelName: string;
  readonly sample: string;
  /** Nominal of the sample (flat). */
  readonly nominal: Float64Array;
  /** normsys: [lo, hi]; scale: [power]. */
  readonly scalars?: readonly number[];
  /** histosys: lo and hi templates. */
  readonly lo?: Float64Array;
  readonly hi?: Float64Array;
  /** shapesys/staterror: absolute uncertainties per bin. */
  readonly uncertainty?: Float64Array;
  /** JSON path of the modifier, for error messages. */
  readonly path: string;
}

/** The type-specific part of a use (what `read` returns). */
export type UsePayload = Pick<ModifierUse, 'scalars' | 'lo' | 'hi' | 'uncertainty'>;

/** What `read` may use: the channel's shape, the entry's path and the bin flattener of the semantic pass. */
export interface ReadContext {
  readonly shape: readonly number[];
  readonly path: string;
  flatten(bins: unknown, path: string): Float64Array;
}

/** The parameter set a modifier name requires (one entry per component). */
export interface ParameterDefaults {
  readonly shape: 'scalar' | 'perBin';
  readonly n: number;
  readonly init: number[];
  readonly lo: number[];
  readonly hi: number[];
  readonly fixed: boolean[];
  readonly constraint: Constraint[];
  /** Mean of the auxiliary measurement per component (NaN when unconstrained). */
  readonly mean: number[];
}

/** Interpolation codes chosen for the model. */
export interface InterpolationChoice {
  readonly normsys: NormsysInterpolation;
  readonly histosys: HistosysInterpolation;
}

/**
 * Compiled modifier ops: parameter references are indices into the flat parameter vector. Three appliers:
 *  - factor: the sample is multiplied by f(θ) (interp.evaluate; constants from lo, hi, power);
 *  - perBin: bin b is multiplied by θ[params[b]] (params[b] = −1 leaves bin b unchanged);
 *  - delta: δ_b(α) = a(α)·up_b + d(α)·dn_b is added to the sample (interp.weights).
 */
export type ResolvedModifier =
  | {
      readonly op: 'factor';
      readonly type: string;
      readonly name: string;
      readonly param: number;
      readonly interp: FactorInterpolation;
      /** Relative factors at α = ∓1 (normsys; 1 otherwise). */
      readonly lo: number;
      readonly hi: number;
      /** Exponent (scale; 1 otherwise). */
      readonly power: number;
    }
  | { readonly op: 'perBin'; readonly type: string; readonly name: string; readonly params: Int32Array }
  | {
      readonly op: 'delta';
      readonly type: string;
      readonly name: string;
      readonly param: number;
      /** hi − nominal per bin. */
      readonly up: Float64Array;
      /** nominal − lo per bin. */
      readonly dn: Float64Array;
      readonly interp: DeltaInterpolation;
    };

/** A pyhf HistFactory modifier as it appears in a workspace (validated by the workspace schema). */
export interface PyhfModifierEntry {
  readonly name: string;
  readonly type: string;
  readonly data: unknown;
}

/** How one native modifier type maps to pyhf JSON. */
export interface PyhfMapping<E extends ModifierEntry> {
  /** The pyhf modifier type the entry is written as. */
  readonly type: string;
  /** Rank of that pyhf type in pyhf's parameter order (types sorted alphabetically; native-only types last). */
  readonly order: number;
  /** Throws InvalidSpecification (naming `path`) when the entry has no pyhf form. */
  check?(entry: E, path: string): void;
  /** The pyhf entry for a native one (after `check`) whose sample is written scaled by `scale`. */
  write(entry: E, ctx: { readonly flatten: (bins: unknown, path: string) => Float64Array; readonly path: string; readonly scale: number }): PyhfModifierEntry;
  /** The native entry for a pyhf one (only for the module whose `type` equals its own name). */
  read?(entry: PyhfModifierEntry): E;
}

export interface ModifierModule<E extends ModifierEntry = ModifierEntry> {
  readonly type: E['type'];
  /** Structural schema of one spec entry (strict: unknown keys are errors), built from the zod namespace and shared parts. */
  schema(z: Zod, parts: SchemaParts): z.ZodType<E>;
  readonly shape: 'scalar' | 'perBin';
  /** 'shared': any samples/channels; 'channel': several samples of one channel; 'sample': exactly one sample. */
  readonly sharing: 'shared' | 'channel' | 'sample';
  /** Additive in the expected counts (pyhf export: cross terms with reparametrised normalisations are dropped). */
  readonly additive: boolean;
  read(entry: E, ctx: ReadContext): UsePayload;
  defaults(uses: readonly ModifierUse[], nBinsOfChannel: number): ParameterDefaults;
  build(use: ModifierUse, paramIndex: (component: number | null) => number, interp: InterpolationChoice): ResolvedModifier;
  readonly pyhf: PyhfMapping<E> | null;
}
