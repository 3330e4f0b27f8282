/**
 * Feldman–Cousins confidence intervals for one parameter by toys (G. J. Feldman, R. D. Cousins,
 * "Unified approach to the classical statistical analysis of small signals", PRD 57 (1998) 3873).
 *
 * Ordering by the likelihood ratio with the parameter restricted to its allowed region: the statistic
 * is t_μ = −2 ln [L(μ, θ̂̂) / L(μ̂, θ̂)] with μ̂ within the POI bounds (for a signal strength ≥ 0 this is
 * FC's R with μ_best = max(0, n − b)). A grid value μ is in the interval when its observed t_μ is not
 * in the upper tail of size α = 1 − CL of the toy distribution at μ: p(μ) = P(t_μ ≥ t_obs | μ) > α.
 * Nuisance parameters: toys at the conditional fit θ̂̂(μ) of the observed data (profile construction).
 * Toy i of grid point k uses stream k·nToys + i of the seed.
 */
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { checkData, fixedPoiFit, requirePoi, type FitOptions } from './mle.js';
import { tmu } from './teststat.js';
import { sampleTestStatistic, upperTailFraction } from './toys.js';

/** Options of `feldmanCousins`. */
export interface FeldmanCousinsOptions {
  /** POI values to test (ascending). */
  grid: Float64Array;
  /** Confidence level. @default 0.9 */
  cl?: number;
  nToys: number;
  seed: number;
  fit?: FitOptions;
}

/** A Feldman–Cousins interval on the POI. */
export interface FeldmanCousinsResult {
  readonly parameter: string;
  readonly cl: number;
  readonly grid: Float64Array;
  /** Observed t_μ at each grid value. */
  readonly tObserved: Float64Array;
  /** Toy p-value P(t ≥ t_obs | μ) at each grid value. */
  readonly pValues: Float64Array;
  /** 1 where the grid value is inside the interval (p > 1 − cl). */
  readonly accepted: Uint8Array;
  /** Smallest and largest accepted grid values (NaN when none). */
  readonly lower: number;
  readonly upper: number;
  /** False when the accepted grid values are not contiguous (the interval is then their hull). */
  readonly contiguous: boolean;
  readonly nToys: number;
  readonly seed: number;
  readonly nFailedToys: number;
}

/** Feldman–Cousins interval for the POI by toys on a grid. */
export function feldmanCousins(model: StatModel, data: ObservedData, opts: FeldmanCousinsOptions): FeldmanCousinsResult {
  checkData(model, data);
  const ip = requirePoi(model);
  const cl = opts.cl ?? 0.9;
  if (!(cl > 0 && cl < 1)) throw new InvalidParameters(`feldmanCousins: cl must be in (0, 1), got ${cl}`);
  const { grid } = opts;
  if (grid.length === 0) throw new InvalidParameters('feldmanCousins: empty grid');
  const alpha = 1 - cl;
  const tObserved = new Float64Array(grid.length);
  const pValues = new Float64Array(grid.length);
  const accepted = new Uint8Array(grid.length);
  let nFailedToys = 0;
  let first = -1;
  let last = -1;
  for (let k = 0; k < grid.length; k++) {
    const mu = grid[k];
    const obs = tmu(model, data, mu, { fit: opts.fit });
    tObserved[k] = obs.value;
    const gen = fixedPoiFit(model, data, mu, opts.fit);
    const toys = sampleTestStatistic(model, gen.bestfit, mu, 'tmu', { nToys: opts.nToys, seed: opts.seed, streamOffset: k * opts.nToys, fit: opts.fit });
    nFailedToys += toys.nFailed;
    const sorted = Float64Array.from(toys.samples).sort();
    // Ties (discrete data) count as "at least as extreme"; a small tolerance absorbs minimiser noise.
    pValues[k] = upperTailFraction(sorted, obs.value - TIE_TOLERANCE);
    if (pValues[k] > alpha) {
      accepted[k] = 1;
      if (first < 0) first = k;
      last = k;
    }
  }
  let contiguous = true;
  for (let k = first; k >= 0 && k <= last; k++) if (!accepted[k]) contiguous = false;
  return {
    parameter: model.params.names[ip],
    cl,
    grid,
    tObserved,
    pValues,
    accepted,
    lower: first < 0 ? NaN : grid[first],
    upper: last < 0 ? NaN : grid[last],
    contiguous,
    nToys: opts.nToys,
    seed: opts.seed,
    nFailedToys,
  };
}

/** Tolerance (−2lnL units) for equal test-statistic values in the p-value count. */
const TIE_TOLERANCE = 1e-6;
