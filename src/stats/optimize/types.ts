/**
 * Types shared by the bounded minimiser. The minimiser knows nothing about likelihoods: it minimises
 * a function of a flat Float64Array under box constraints. Conventions: `errorDef` is the change of
 * the objective that defines one standard deviation (1 for −2 ln L or χ², 0.5 for −ln L), as in Minuit.
 */

/** A function to minimise over a flat parameter vector. */
export interface Objective {
  /** Dimension of the parameter vector. */
  readonly n: number;
  /** Objective value at x (may be +Infinity where undefined; NaN is reported as an error). Must not keep `x`. */
  value(x: Float64Array): number;
  /** Optional analytic gradient: writes ∂f/∂x into `grad` (length n) and returns f(x). */
  valueAndGrad?(x: Float64Array, grad: Float64Array): number;
}

/** Options of `minimize`. Every field has a default; see `checkMinimizerOptions`. */
export interface MinimizerOptions {
  /** Lower bounds (length n); -Infinity for none. @default all -Infinity */
  lo?: Float64Array;
  /** Upper bounds (length n); +Infinity for none. @default all +Infinity */
  hi?: Float64Array;
  /** 1 = keep this parameter at its starting value. @default none fixed */
  fixed?: Uint8Array;
  /** Parameter names, used in status messages and `atLimit`. @default p0, p1, … */
  names?: readonly string[];
  /** Typical scale of each parameter (sets finite-difference steps). @default min(1, (hi−lo)/10) or 1 */
  typicalScale?: Float64Array;
  /** Objective change that defines 1σ (1 for −2lnL, 0.5 for −lnL). @default 1 */
  errorDef?: number;
  /** Convergence when the estimated distance to minimum (EDM, objective units) is below this. @default 1e-6 */
  edmTolerance?: number;
  /** Maximum number of quasi-Newton iterations. @default 1000 */
  maxIterations?: number;
  /** Maximum number of objective evaluations (gradient calls count 1; finite-difference gradients count 2n). @default 200 + 100n + 5n² */
  maxCalls?: number;
  /** Compute the Hessian, covariance and errors at the minimum. @default true */
  hesse?: boolean;
  /** Number of starting points (the first is the given start; others are drawn with `seed`). @default 1 */
  nStarts?: number;
  /** Seed of the starting-point generator; required when nStarts > 1. */
  seed?: number;
  /** Seed the quasi-Newton inverse Hessian with a full numerical Hessian when n ≤ this (else its diagonal). @default 100 */
  fullSeedMaxDim?: number;
}

/** Convergence status of a minimisation, modelled on iminuit's FMin. */
export interface MinimizerStatus {
  /** True when the EDM criterion was met with a finite objective, within call and iteration limits. */
  readonly converged: boolean;
  /** Estimated distance to the minimum, in objective units (0.5·gᵀ H⁻¹ g over parameters not held at a bound). */
  readonly edm: number;
  /** Objective evaluations (value or value+gradient calls; a finite-difference gradient counts 2n). */
  readonly nCalls: number;
  /** Quasi-Newton iterations. */
  readonly nIterations: number;
  /** True when `maxCalls` stopped the minimisation. */
  readonly callLimitReached: boolean;
  /** Names of free parameters that ended at a bound. */
  readonly atLimit: readonly string[];
  /** True when the Hessian at the minimum was positive definite (covariance accurate); false when no Hessian was computed. */
  readonly covPosDef: boolean;
  /** True when a Hessian was computed. */
  readonly hesseComputed: boolean;
  /** Index of the starting point that gave the reported minimum, and how many were tried. */
  readonly startIndex: number;
  readonly nStarts: number;
  /** Human-readable summary ("converged", or what went wrong and what to try). */
  readonly message: string;
}

/** Result of `minimize`, in the full parameter space (fixed parameters included at their values). */
export interface MinimizeResult {
  /** Parameter values at the minimum (length n). */
  readonly x: Float64Array;
  /** Objective value at `x`. */
  readonly fval: number;
  /** Symmetric covariance matrix, row-major n×n; rows/columns of fixed parameters are 0. Null without hesse. */
  readonly covariance: Float64Array | null;
  /** Hessian of the objective at the minimum, row-major n×n (fixed rows 0). Null without hesse. */
  readonly hessian: Float64Array | null;
  /** √diag(covariance); 0 for fixed parameters. Null without hesse. */
  readonly errors: Float64Array | null;
  readonly status: MinimizerStatus;
}
