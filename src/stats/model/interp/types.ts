/**
 * Interpolation codes (HistFactory): how a systematic variation known at α = −1 (lo), 0 (nominal) and +1 (hi) is
 * continued to any α. One module per code (code0.ts, code1.ts, code4.ts, code4p.ts, power.ts); the compiled model
 * calls them through these two interfaces, so a new code is one new module plus one registry line (index.ts).
 * Reference: K. Cranmer et al., "HistFactory: A tool for creating statistical models for use with RooFit and
 * RooStats", CERN-OPEN-2012-016, Sec. 4.1 (interpolation codes 0, 1, 4).
 */

/** Interpolation code for normsys (multiplicative): code1 = exponential (HistFactory default), code4 = polynomial+exponential (pyhf ≥ 0.7 default). */
export type NormsysInterpolation = 'code1' | 'code4';
/** Interpolation code for histosys (additive): code0 = piecewise linear, code4p = polynomial inside |α|<1, linear outside (pyhf ≥ 0.7 default). */
export type HistosysInterpolation = 'code0' | 'code4p';

/** Number of per-factor constants a FactorInterpolation may keep (stride of the compiled model's constant array). */
export const FACTOR_STRIDE = 8;

/**
 * A scalar multiplicative factor f(x) of one parameter x (normfactor/lumi: x; scale: x^k; normsys: I(α; lo, hi)).
 * Hot path: `evaluate` writes into caller-owned arrays and allocates nothing.
 */
export interface FactorInterpolation {
  readonly code: string;
  /** The factor's constants from its relative lo/hi factors (normsys; 1 otherwise) and power (scale; 1 otherwise). */
  prepare(lo: number, hi: number, power: number, c: Float64Array, o: number): void;
  /** f(x) into val[k] and df/dx into der[k], from the constants c[o … o + FACTOR_STRIDE). */
  evaluate(x: number, c: Float64Array, o: number, val: Float64Array, der: Float64Array, k: number): void;
}

/**
 * An additive per-bin variation δ_b(α) = a(α)·Δ⁺_b + d(α)·Δ⁻_b with Δ⁺ = hi − nominal and Δ⁻ = nominal − lo (histosys).
 * Every HistFactory additive code has this form, so the compiled model needs only the two weights and their slopes.
 */
export interface DeltaInterpolation {
  readonly code: string;
  /** a(α) into w[o], d(α) into w[o + 1]. */
  weights(alpha: number, w: Float64Array, o: number): void;
  /** da/dα into w[o], dd/dα into w[o + 1]. */
  slopes(alpha: number, w: Float64Array, o: number): void;
}
