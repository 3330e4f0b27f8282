/**
 * Goodness of fit with the saturated-model test statistic (Baker & Cousins, NIM 221 (1984) 437):
 *   t = −2 ln [L(θ̂) / L_saturated] = Σ_b 2[ν_b − n_b + n_b ln(n_b/ν_b)] + Σ_j c_j,
 * the Poisson deviance of the main bins plus each constraint term's deviance from its maximum (Gaussian
 * ((a − θ)/σ)², log-normal ((ln a − ln θ)/σ)², Poisson 2[τθ − a + a ln(a/(τθ))]). Per channel the statistic is the
 * channel's bins (constraints belong to no channel; they enter the total only).
 *
 * Its distribution is sampled with toys generated at the best fit to the data (main bins Poisson, auxiliary data
 * around θ̂ as in ./toys.ts), each toy refitted; the p-value is the fraction of toys with t ≥ t_obs, per channel and
 * in total (the procedure of CMS Combine's saturated GoF with frequentist toys). Toy k uses RNG stream k of the seed,
 * so the result does not depend on how the toys are split across workers.
 */
import { Rng } from '../rng.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { fit, type FitOptions } from './mle.js';
import { auxLayout, sampleToyData } from './toys.js';

/** Bins of one channel in the flat main-bin vector. */
export interface ChannelRange {
  readonly name: string;
  readonly offset: number;
  readonly nBins: number;
}

/** The saturated statistic split into channels and constraints. */
export interface SaturatedParts {
  readonly total: number;
  /** One entry per channel of the given layout. */
  readonly perChannel: readonly number[];
  /** Sum of the constraint terms. */
  readonly constraints: number;
}

/** Poisson deviance of one bin, 2[ν − n + n ln(n/ν)] (n = 0: 2ν; ν = 0 with n > 0: +∞). */
export function poissonDeviance(n: number, nu: number): number {
  if (n <= 0) return 2 * nu;
  if (!(nu > 0)) return Infinity;
  return 2 * (nu - n + n * Math.log(n / nu));
}

/** The saturated statistic at `pars` (usually the best fit), per channel and in total. */
export function saturatedStatistic(model: StatModel, data: ObservedData, pars: Float64Array, channels: readonly ChannelRange[], nu: Float64Array = new Float64Array(model.nBins)): SaturatedParts {
  model.expected(pars, nu);
  const perChannel = channels.map((ch) => {
    let s = 0;
    for (let b = ch.offset; b < ch.offset + ch.nBins; b++) s += poissonDeviance(data.main[b]!, nu[b]!);
    return s;
  });
  let main = 0;
  for (let b = 0; b < model.nBins; b++) main += poissonDeviance(data.main[b]!, nu[b]!);
  let cons = 0;
  let k = 0;
  const { constraints } = model.params;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    if (c.type === 'none') continue;
    const a = data.aux[k++]!;
    const th = pars[i]!;
    switch (c.type) {
      case 'gaussian':
        cons += ((a - th) / c.sigma) ** 2;
        break;
      case 'lognormal':
        cons += th > 0 && a > 0 ? ((Math.log(a) - Math.log(th)) / c.sigma) ** 2 : Infinity;
        break;
      case 'poisson':
        cons += poissonDeviance(a, c.tau * th);
        break;
    }
  }
  return { total: main + cons, perChannel, constraints: cons };
}

/** One toy's statistic (null when its fit failed). */
export type ToyParts = SaturatedParts | null;

/** Options of the toys. */
export interface GofToyOptions {
  readonly seed: number;
  readonly channels: readonly ChannelRange[];
  readonly fit?: FitOptions;
}

/**
 * Toy `k`: data drawn at `genPars` from stream k of the seed, refitted (started at `genPars`, then at the model's
 * initial values if that fails), saturated statistic at its best fit. Null when the fit did not converge or the statistic is not finite.
 */
export function gofToy(model: StatModel, genPars: Float64Array, k: number, opts: GofToyOptions): ToyParts {
  const toy = sampleToyData(model, genPars, new Rng(opts.seed, k), auxLayout(model));
  let r = fit(model, toy, { ...opts.fit, hesse: false, init: genPars });
  // A toy whose fit fails from the generating point gets a second start from the model's initial values.
  if (!r.status.converged || !Number.isFinite(r.twiceNll)) r = fit(model, toy, { ...opts.fit, hesse: false });
  if (!r.status.converged || !Number.isFinite(r.twiceNll)) return null;
  const t = saturatedStatistic(model, toy, r.bestfit, opts.channels);
  return Number.isFinite(t.total) ? t : null;
}

/** A statistic with its toy p-value. */
export interface GofEntry {
  readonly statistic: number;
  /** Fraction of valid toys with t ≥ t_obs (null without valid toys). */
  readonly p_value: number | null;
  /** Binomial error of the p-value. */
  readonly p_error: number | null;
  /** Number of bins (channels) or of bins + constraints (total), for orientation only. */
  readonly n_bins: number;
}

/** Goodness-of-fit result. */
export interface GofResult extends GofEntry {
  readonly n_toys: number;
  readonly n_failed: number;
  readonly seed: number;
  readonly constraints: number;
  readonly per_channel: ReadonlyArray<GofEntry & { readonly name: string }>;
  /** Toy statistics (total) of the valid toys, in toy order (for plots and merging). */
  readonly toys: readonly number[];
}

/** Upper-tail fraction and its binomial error. */
function tail(values: readonly number[], x: number): { p: number | null; e: number | null } {
  if (values.length === 0) return { p: null, e: null };
  let above = 0;
  for (const v of values) if (v >= x - 1e-12 * Math.max(1, Math.abs(x))) above++;
  const p = above / values.length;
  return { p, e: Math.sqrt(Math.max(p * (1 - p), 1 / values.length) / values.length) };
}

/** Combine the observed statistic with the toys (in toy order; null = failed toy). */
export function gofFromToys(observed: SaturatedParts, toys: readonly ToyParts[], channels: readonly ChannelRange[], meta: { seed: number; nAux: number }): GofResult {
  const valid = toys.filter((t): t is SaturatedParts => t !== null);
  const totals = valid.map((t) => t.total);
  const all = tail(totals, observed.total);
  const nBinsTotal = channels.reduce((a, c) => a + c.nBins, 0);
  return {
    statistic: observed.total,
    p_value: all.p,
    p_error: all.e,
    n_bins: nBinsTotal + meta.nAux,
    n_toys: toys.length,
    n_failed: toys.length - valid.length,
    seed: meta.seed,
    constraints: observed.constraints,
    per_channel: channels.map((ch, c) => {
      const t = tail(
        valid.map((v) => v.perChannel[c]!),
        observed.perChannel[c]!,
      );
      return { name: ch.name, statistic: observed.perChannel[c]!, p_value: t.p, p_error: t.e, n_bins: ch.nBins };
    }),
    toys: totals,
  };
}

/** Options of {@link goodnessOfFit}. */
export interface GoodnessOfFitOptions {
  readonly nToys: number;
  readonly seed: number;
  /** Channel layout for the per-channel statistics. @default one channel with every bin */
  readonly channels?: readonly ChannelRange[];
  readonly fit?: FitOptions;
}

/** Saturated-model goodness of fit with toys (serial; the CLI runs the toys on the worker pool with {@link gofToy}). */
export function goodnessOfFit(model: StatModel, data: ObservedData, opts: GoodnessOfFitOptions): GofResult & { bestfit: Float64Array } {
  if (!(Number.isInteger(opts.nToys) && opts.nToys > 0)) throw new InvalidParameters(`goodness of fit: the number of toys must be a positive integer, got ${opts.nToys}`);
  const channels = opts.channels ?? [{ name: 'all', offset: 0, nBins: model.nBins }];
  const best = fit(model, data, { ...opts.fit, hesse: false });
  const observed = saturatedStatistic(model, data, best.bestfit, channels);
  const toys: ToyParts[] = [];
  for (let k = 0; k < opts.nToys; k++) toys.push(gofToy(model, best.bestfit, k, { seed: opts.seed, channels, ...(opts.fit ? { fit: opts.fit } : {}) }));
  return { ...gofFromToys(observed, toys, channels, { seed: opts.seed, nAux: model.nAux }), bestfit: best.bestfit };
}
