/**
 * Maximum-likelihood fits of a StatModel: `fit` (all free parameters), `fixedPoiFit` (POI held at a
 * value), and the objective adapter between StatModel (−2 ln L, "twice NLL") and the minimiser
 * (errorDef = 1, so covariance = 2·H⁻¹ of −2 ln L).
 */
import { minimize, type MinimizerOptions, type MinimizerStatus, type Objective } from '../optimize/index.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidModel, InvalidParameters } from '../../util/errors.js';

/** Options of a fit. Parameters are addressed by name. */
export interface FitOptions {
  /** Starting values (full vector). @default model.params.init */
  init?: Float64Array;
  /** Hold these parameters at the given values (in addition to the model's fixed ones). */
  fixedValues?: Readonly<Record<string, number>>;
  /** Release parameters the model marks as fixed. */
  release?: readonly string[];
  /** Replace the bounds of these parameters. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Compute Hessian errors, covariance and correlation. @default true for fit, false inside test statistics */
  hesse?: boolean;
  /** Minimiser settings (tolerance, call limit, multiple starts with seed). */
  minimizer?: Pick<MinimizerOptions, 'edmTolerance' | 'maxCalls' | 'maxIterations' | 'nStarts' | 'seed' | 'fullSeedMaxDim'>;
}

/** Result of a maximum-likelihood fit. Matrices are row-major n×n over all parameters (fixed rows 0). */
export interface FitResult {
  /** Best-fit values of all parameters (fixed ones at their values). */
  readonly bestfit: Float64Array;
  /** Parameter names, index-aligned with bestfit. */
  readonly names: readonly string[];
  /** Symmetric Hessian errors (0 for fixed parameters); null when hesse was off. */
  readonly errors: Float64Array | null;
  /** Covariance matrix; null when hesse was off. */
  readonly covariance: Float64Array | null;
  /** Correlation matrix (1 on the diagonal of free parameters); null when hesse was off. */
  readonly correlation: Float64Array | null;
  /** −2 ln L at the best fit. */
  readonly twiceNll: number;
  /** 1 for parameters held fixed in this fit. */
  readonly fixed: Uint8Array;
  /** Minimiser status (converged, EDM, calls, parameters at limit, covariance quality, message). */
  readonly status: MinimizerStatus;
}

/** Check that data match the model's bin and aux counts; throws InvalidParameters otherwise. */
export function checkData(model: StatModel, data: ObservedData): void {
  if (data.main.length !== model.nBins) throw new InvalidParameters(`data has ${data.main.length} main bins, the model expects ${model.nBins}`);
  if (data.aux.length !== model.nAux) throw new InvalidParameters(`data has ${data.aux.length} auxiliary entries, the model expects ${model.nAux}`);
  for (let i = 0; i < data.main.length; i++) {
    if (!(data.main[i] >= 0) || data.main[i] === Infinity) throw new InvalidParameters(`data main bin ${i} is ${data.main[i]}; counts must be finite and >= 0`);
  }
  for (let i = 0; i < data.aux.length; i++) {
    if (!Number.isFinite(data.aux[i])) throw new InvalidParameters(`data auxiliary entry ${i} is ${data.aux[i]}; must be finite`);
  }
}

/** The minimiser's view of −2 ln L(θ | data). */
export function twiceNllObjective(model: StatModel, data: ObservedData): Objective {
  const obj: Objective = { n: model.params.n, value: (x) => model.twiceNll(x, data) };
  if (model.twiceNllGrad) {
    const gradFn = model.twiceNllGrad.bind(model);
    return { ...obj, valueAndGrad: (x, g) => gradFn(x, data, g) };
  }
  return obj;
}

/**
 * Typical scale of each parameter for finite-difference steps: the constraint width where there is one
 * (σ for Gaussian/log-normal, 1/√τ for Poisson), else min(1, (hi − lo)/10).
 */
export function typicalScales(model: StatModel): Float64Array {
  const { n, constraints, lo, hi } = model.params;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = constraints[i];
    let s: number;
    switch (c.type) {
      case 'gaussian':
      case 'lognormal':
        s = c.sigma;
        break;
      case 'poisson':
        s = 1 / Math.sqrt(c.tau);
        break;
      case 'none': {
        const w = hi[i] - lo[i];
        s = Number.isFinite(w) && w > 0 ? Math.min(1, w / 10) : 1;
        break;
      }
      default: {
        const never: never = c;
        throw new InvalidModel(`unknown constraint ${JSON.stringify(never)}`);
      }
    }
    out[i] = s > 0 && Number.isFinite(s) ? s : 1;
  }
  return out;
}

/**
 * Maximum-likelihood fit of all free parameters.
 * @param model compiled model
 * @param data observed main counts and auxiliary data
 * @param opts starting point, extra fixed parameters, bounds, minimiser settings
 * @returns best fit, Hessian errors, covariance, correlation, −2 ln L and status
 * @example const r = fit(model, data); r.bestfit[model.params.poiIndex!]
 */
export function fit(model: StatModel, data: ObservedData, opts: FitOptions = {}): FitResult {
  checkData(model, data);
  const { n, names } = model.params;
  const x0 = Float64Array.from(opts.init ?? model.params.init);
  if (x0.length !== n) throw new InvalidParameters(`fit: init has length ${x0.length}, expected ${n}`);
  const fixed = Uint8Array.from(model.params.fixed);
  for (const name of opts.release ?? []) fixed[model.params.index(name)] = 0;
  for (const [name, v] of Object.entries(opts.fixedValues ?? {})) {
    if (!Number.isFinite(v)) throw new InvalidParameters(`fit: fixed value of ${name} is ${v}`);
    const i = model.params.index(name);
    fixed[i] = 1;
    x0[i] = v;
  }
  const lo = Float64Array.from(model.params.lo);
  const hi = Float64Array.from(model.params.hi);
  for (const [name, [l, h]] of Object.entries(opts.bounds ?? {})) {
    const i = model.params.index(name);
    lo[i] = l;
    hi[i] = h;
  }
  const hesse = opts.hesse ?? true;
  const minOpts: MinimizerOptions = { ...opts.minimizer, lo, hi, fixed, names, typicalScale: typicalScales(model), errorDef: 1, hesse };
  const objective = twiceNllObjective(model, data);
  let r = minimize(objective, x0, minOpts);
  if (!r.status.converged && !r.status.callLimitReached && Number.isFinite(r.fval)) {
    // One restart from where it stopped, with a fresh Hessian seed (Minuit's strategy of re-running MIGRAD).
    const again = minimize(objective, r.x, minOpts);
    if (Number.isFinite(again.fval) && again.fval <= r.fval) r = again;
  }
  let correlation: Float64Array | null = null;
  if (r.covariance) {
    correlation = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d = Math.sqrt(r.covariance[i * n + i] * r.covariance[j * n + j]);
        correlation[i * n + j] = d > 0 ? r.covariance[i * n + j] / d : i === j && !fixed[i] ? 1 : 0;
      }
    }
  }
  return { bestfit: r.x, names, errors: r.errors, covariance: r.covariance, correlation, twiceNll: r.fval, fixed, status: r.status };
}

/** Index of the parameter of interest; throws InvalidModel when the model has none or it is fixed. */
export function requirePoi(model: StatModel): number {
  const i = model.params.poiIndex;
  if (i === null) throw new InvalidModel('the model has no parameter of interest; set the POI (measurement config "poi") to run hypothesis tests');
  return i;
}

/**
 * Fit with the parameter of interest held at `poiValue` (the conditional fit θ̂̂(μ) of 1007.1727 eq. 7).
 * The value may lie outside the POI bounds (used when brackets are extended).
 */
export function fixedPoiFit(model: StatModel, data: ObservedData, poiValue: number, opts: FitOptions = {}): FitResult {
  const i = requirePoi(model);
  return fit(model, data, { hesse: false, ...opts, fixedValues: { ...opts.fixedValues, [model.params.names[i]]: poiValue } });
}

/** Value of one named parameter from a fit. */
export function fittedValue(result: FitResult, name: string): number {
  const i = result.names.indexOf(name);
  if (i < 0) throw new InvalidParameters(`no parameter named "${name}" in the fit result`);
  return result.bestfit[i];
}
