/**
 * The contract between model building (src/stats/model) and inference (src/stats/infer).
 * Inference sees only `StatModel`: a compiled model with flat parameter bookkeeping that can
 * evaluate expected counts and −2 ln L. Nothing here knows about neutrinos.
 */

/** Constraint (auxiliary measurement) attached to a parameter. */
export type Constraint =
  | { type: 'none' }
  /** Gaussian aux measurement a ~ N(θ, σ); Asimov aux = θ. */
  | { type: 'gaussian'; sigma: number }
  /** Poisson aux measurement n_aux ~ Pois(τ·γ) (Barlow–Beeston-lite shapesys); Asimov aux = τ·γ. */
  | { type: 'poisson'; tau: number }
  /** Log-normal prior on a positive parameter, ln θ ~ N(ln θ0, σ); Asimov aux = θ. */
  | { type: 'lognormal'; sigma: number };

/** Read-only description of the flat parameter vector. Index i refers to `names[i]`. */
export interface ParameterConfig {
  readonly n: number;
  readonly names: readonly string[];
  readonly init: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** 1 = fixed at its init value unless a procedure says otherwise. */
  readonly fixed: Uint8Array;
  readonly constraints: readonly Constraint[];
  /** Parameter of interest, or null when the model has none. */
  readonly poiIndex: number | null;
  /** Index of a parameter by name; throws InvalidParameters naming the unknown parameter. */
  index(name: string): number;
}

/** Observed data: main-bin counts (all channels, flattened) and auxiliary data (one entry per constraint term). */
export interface ObservedData {
  readonly main: Float64Array;
  readonly aux: Float64Array;
}

/** A compiled, evaluable binned likelihood. */
export interface StatModel {
  readonly params: ParameterConfig;
  /** Number of main bins over all channels. */
  readonly nBins: number;
  /** Number of auxiliary data entries. */
  readonly nAux: number;
  /** Nominal auxiliary data (the measured values the constraints were built with). */
  readonly nominalAux: Float64Array;
  /**
   * −2 ln L(pars | data), full Poisson and constraint log-probabilities (constants included, as pyhf's twice_nll).
   * Returns +Infinity (never NaN) where the likelihood vanishes, e.g. an observed count with zero expectation.
   */
  twiceNll(pars: Float64Array, data: ObservedData): number;
  /** Optional analytic gradient: writes d(−2lnL)/dθ into `grad` and returns −2lnL. */
  twiceNllGrad?(pars: Float64Array, data: ObservedData, grad: Float64Array): number;
  /** Expected main-bin counts at `pars`, written into `out` (length nBins). */
  expected(pars: Float64Array, out: Float64Array): void;
  /** Auxiliary data that the constraints would measure if the parameters were `pars` (for Asimov data). */
  asimovAux(pars: Float64Array, out: Float64Array): void;
}
