/**
 * The resolved model definition: every name checked, every bin flattened to typed arrays, every parameter
 * placed in the flat parameter vector. Both the native spec (resolve.ts) and pyhf workspaces
 * (../workspace) produce this; `compileModel` turns it into an evaluable CompiledModel.
 */
import type { Constraint } from '../types.js';
import type { AxisSpec } from './spec.js';
import type { ResolvedModifier } from './modifiers/types.js';

/** One scalar entry of the flat parameter vector. */
export interface ResolvedParameter {
  /** Full name, e.g. `mu` or `uncorr_bkguncrt[0]` (pyhf convention for per-bin parameters). */
  readonly name: string;
  /** Base name (`uncorr_bkguncrt`). */
  readonly base: string;
  /** Component index for per-bin parameters, null for scalars. */
  readonly component: number | null;
  readonly init: number;
  readonly lo: number;
  readonly hi: number;
  readonly fixed: boolean;
  readonly constraint: Constraint;
  /** Nominal auxiliary datum (Gaussian/log-normal: the mean; Poisson: tau·mean); NaN when unconstrained. */
  readonly auxNominal: number;
}

export interface ResolvedChannel {
  readonly name: string;
  readonly axes: readonly AxisSpec[];
  /** Bins per axis. */
  readonly shape: readonly number[];
  /** Π shape. */
  readonly nBins: number;
  /** Offset of this channel's first bin in the global flattened bin vector. */
  readonly offset: number;
}

/** Modifier ops after building (defined with the modifier modules: modifiers/types.ts). */
export type { ResolvedModifier } from './modifiers/types.js';

/**
 * A sample whose template is computed by user code from named parameters (nuclear radius, quenching
 * factor, mediator mass …). Added through `compileModel(spec, { functionSamples })`, never JSON.
 */
export interface FunctionSampleDefinition {
  /** Channel the sample belongs to. */
  readonly channel: string;
  /** Sample name (unique within the channel). */
  readonly name: string;
  /** Names of the (scalar, declared) parameters the template depends on, in the order `evaluate` receives them. */
  readonly parameters: readonly string[];
  /**
   * Expected counts per bin (flattened row-major, length = channel bins) at the given parameter values
   * (`values[i]` ↔ `parameters[i]`). Must be deterministic; must not keep a reference to `values`.
   */
  evaluate(values: Float64Array): ArrayLike<number>;
  /**
   * Optional tensor grid (one strictly increasing list of nodes per parameter). When given, templates are
   * precomputed at every grid node at compile time and evaluated by multilinear interpolation (exact for
   * templates linear in the parameter, smooth enough for profiling). Each grid must cover the parameter's
   * bounds; values outside the grid are clamped to its ends.
   */
  readonly grid?: readonly (readonly number[])[];
  /** Number of cached direct evaluations (keyed on the parameter values). @default 32 */
  readonly cacheSize?: number;
  /** Relative step for the central finite-difference gradient in direct (non-grid) mode. @default 1e-5 */
  readonly relativeStep?: number;
  /** Modifiers applied on top of the computed template (same forms as in the JSON spec). */
  readonly modifiers?: readonly import('./spec.js').ModifierSpec[];
}

export interface ResolvedFunctionSample {
  readonly definition: FunctionSampleDefinition;
  /** Indices of `definition.parameters` in the flat parameter vector. */
  readonly paramIndices: Int32Array;
}

export interface ResolvedSample {
  readonly name: string;
  /** Index into `channels`. */
  readonly channel: number;
  /** Nominal template (for function samples: the template at the initial parameter values). */
  readonly nominal: Float64Array;
  readonly modifiers: readonly ResolvedModifier[];
  readonly functionSample: ResolvedFunctionSample | null;
}

export interface ModelDefinition {
  readonly name: string;
  readonly channels: readonly ResolvedChannel[];
  readonly samples: readonly ResolvedSample[];
  readonly parameters: readonly ResolvedParameter[];
  readonly poiIndex: number | null;
  /** Observed main-bin counts (all channels, flattened), or null when the spec has none. */
  readonly observations: Float64Array | null;
}
