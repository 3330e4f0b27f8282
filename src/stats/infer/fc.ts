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
 *
 * One engine, two entry points sharing the toy distribution ({@link fcToyDistribution}) and the acceptance test
 * ({@link fcPValue}):
 *  - `feldmanCousins`: the interval on a given grid (p-value and acceptance per grid point);
 *  - `feldmanCousinsLimits`: the upper end of the interval, refined inside its grid cell by bisection with fresh
 *    toy ensembles, and the expected band from background-only pseudo-experiments — the per-mass work of an
 *    exclusion curve. Its `status` says when the value is not a plain limit: 'no-accepted-point' (no grid value is
 *    accepted for the data: empty interval on the grid; the limit is NaN), 'toys-failed' (some toy fits failed and
 *    were dropped), 'failed' (μ not excluded within the grid), 'not-converged'.
 */
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { normalCdf } from '../distributions/index.js';
import { Rng } from '../rng.js';
import { checkData, fixedPoiFit, requirePoi, type FitOptions } from './mle.js';
import { tmu } from './teststat.js';
import { auxLayout, quantileSorted, sampleTestStatistic, sampleToyData, upperTailFraction } from './toys.js';
import type { LimitStatus } from './upperlimit.js';

/** Relative tolerance (−2lnL units, relative to max(1, |t|)) for equal test-statistic values: ties count as "at least as extreme". */
const TIE_TOLERANCE = 1e-6;

/**
 * FC p-value P(t ≥ t_obs | μ) from a sorted toy distribution, ties included (discrete data; the tolerance absorbs
 * minimiser noise). NaN for an empty distribution (all toys failed).
 */
export function fcPValue(sortedToys: Float64Array, tObs: number): number {
  if (sortedToys.length === 0) return NaN;
  return upperTailFraction(sortedToys, tObs - TIE_TOLERANCE * Math.max(1, Math.abs(tObs)));
}

/** Toy distribution of t_μ under μ with nuisances at the conditional fit of `data`: toys from streams streamOffset + i, sorted. */
export function fcToyDistribution(model: StatModel, data: ObservedData, mu: number, opts: { nToys: number; seed: number; streamOffset: number; fit?: FitOptions }): { sorted: Float64Array; nFailed: number } {
  const gen = fixedPoiFit(model, data, mu, opts.fit);
  const toys = sampleTestStatistic(model, gen.bestfit, mu, 'tmu', { nToys: opts.nToys, seed: opts.seed, streamOffset: opts.streamOffset, fit: opts.fit });
  return { sorted: Float64Array.from(toys.samples).sort(), nFailed: toys.nFailed };
}

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
    const toys = fcToyDistribution(model, data, mu, { nToys: opts.nToys, seed: opts.seed, streamOffset: k * opts.nToys, fit: opts.fit });
    nFailedToys += toys.nFailed;
    pValues[k] = fcPValue(toys.sorted, obs.value);
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

// ---- upper limits by FC (the per-mass work of an exclusion curve) ------------------------------------------------

/** Options of {@link feldmanCousinsLimits}. */
export interface FcLimitOptions {
  /** Background-only parameter point (μ = 0, nuisances from the conditional fit to `data`); starts of the t_μ fits. */
  readonly backgroundPars: Float64Array;
  readonly cl: number;
  readonly nToys: number;
  readonly seed: number;
  /** First RNG stream (distinct per mass so results do not depend on the worker split). @default 0 */
  readonly streamOffset?: number;
  /** Largest μ of the grid. */
  readonly muMax: number;
  /** Grid points. @default 21 */
  readonly nGrid?: number;
  /** Background-only pseudo-experiments for the expected band. @default min(nToys, 100) */
  readonly nBackgroundToys?: number;
}

/** FC upper limits on the POI with their health. */
export interface FcLimitsResult {
  /** Observed upper limit (NaN when status is 'no-accepted-point' or 'failed'). */
  readonly observed: number;
  /** Expected limits at −2σ … +2σ (quantiles of the background-only pseudo-experiments' limits). */
  readonly expected: readonly [number, number, number, number, number];
  readonly converged: boolean;
  readonly status: LimitStatus;
  readonly messages: readonly string[];
  readonly nFits: number;
  readonly nFailedToys: number;
}

/** Bisection steps that refine the observed FC upper limit inside its grid interval (each costs one toy ensemble). */
const FC_REFINE_STEPS = 6;

/** Streams used by {@link feldmanCousinsLimits} with the given settings (give each mass streamOffset = index × this). */
export function fcStreamsPerMass(nToys: number, nGrid = 21, nBackgroundToys = Math.min(nToys, 100), nRefine = FC_REFINE_STEPS): number {
  // toy blocks of nToys streams: the grid's, then the background pseudo-experiments (rounded up to whole blocks), then refinement
  return (nGrid + Math.ceil(nBackgroundToys / Math.max(1, nToys)) + nRefine) * nToys;
}

/**
 * Feldman–Cousins upper limit (upper end of the FC interval) and expected band, by toys on the grid
 * μ_k = muMax·k/(nGrid − 1). The acceptance of μ for data with statistic t_obs is P(t ≥ t_obs | μ) > 1 − cl, ties
 * included — the discrete Neyman construction with likelihood-ratio ordering, which reproduces the FC tables for
 * Poisson counts (e.g. n = 3, b = 0 → [1.10, 7.42]). Between the last accepted grid point and the next, the limit
 * is refined by bisection with fresh toy ensembles (stream blocks after the grid's and the background toys'), then
 * interpolated linearly in the acceptance margin.
 */
export function feldmanCousinsLimits(model: StatModel, data: ObservedData, opts: FcLimitOptions): FcLimitsResult {
  checkData(model, data);
  const ip = requirePoi(model);
  const { cl, nToys, seed } = opts;
  if (!(cl > 0 && cl < 1)) throw new InvalidParameters(`feldmanCousinsLimits: cl must be in (0, 1), got ${cl}`);
  if (!(opts.muMax > 0)) throw new InvalidParameters(`feldmanCousinsLimits: muMax must be > 0, got ${opts.muMax}`);
  const streamOffset = opts.streamOffset ?? 0;
  const nGrid = opts.nGrid ?? 21;
  const nB = opts.nBackgroundToys ?? Math.min(nToys, 100);
  const grid = new Float64Array(nGrid);
  for (let k = 0; k < nGrid; k++) grid[k] = (opts.muMax * k) / (nGrid - 1);
  const messages: string[] = [];
  let nFits = 0;
  let nFailedToys = 0;
  const distribution = (mu: number, block: number): Float64Array => {
    const d = fcToyDistribution(model, data, mu, { nToys, seed, streamOffset: streamOffset + block * nToys });
    nFits += 1 + 2 * nToys;
    nFailedToys += d.nFailed;
    return d.sorted;
  };
  const dists: Float64Array[] = [];
  for (let k = 0; k < nGrid; k++) dists.push(distribution(grid[k]!, k));
  const tAt = (d: ObservedData, mu: number): number => {
    nFits += 2;
    return tmu(model, d, mu, { fit: { init: opts.backgroundPars } }).value;
  };
  /** g < 0 ⇔ μ accepted: (1 − cl) − P(t ≥ t_obs | μ); NaN (never accepted) for an empty toy distribution. */
  const gOf = (t: number, dist: Float64Array): number => 1 - cl - fcPValue(dist, t);
  /** Upper end of the FC interval for data `d`: where the LAST accepted grid point turns into rejection, linearly interpolated in g. */
  const upperOf = (d: ObservedData): { limit: number; k: number; none: boolean } => {
    const g = new Float64Array(nGrid);
    let last = -1;
    for (let k = 0; k < nGrid; k++) {
      g[k] = gOf(tAt(d, grid[k]!), dists[k]!);
      if (g[k]! < 0) last = k;
    }
    if (last < 0) return { limit: NaN, k: -1, none: true };
    if (last === nGrid - 1) return { limit: NaN, k: -1, none: false }; // not excluded within the grid
    const k = last;
    return { limit: grid[k]! + ((grid[k + 1]! - grid[k]!) * -g[k]!) / (g[k + 1]! - g[k]!), k, none: false };
  };
  const obs = upperOf(data);
  let observed = obs.limit;
  if (obs.k >= 0) {
    let lo = grid[obs.k]!;
    let hi = grid[obs.k + 1]!;
    let gLo = gOf(tAt(data, lo), dists[obs.k]!);
    let gHi = gOf(tAt(data, hi), dists[obs.k + 1]!);
    const firstRefineBlock = nGrid + Math.ceil(nB / Math.max(1, nToys));
    for (let j = 0; j < FC_REFINE_STEPS; j++) {
      const mid = 0.5 * (lo + hi);
      const gMid = gOf(tAt(data, mid), distribution(mid, firstRefineBlock + j));
      if (gMid < 0) {
        lo = mid;
        gLo = gMid;
      } else {
        hi = mid;
        gHi = gMid;
      }
    }
    observed = gHi > gLo ? lo + ((hi - lo) * -gLo) / (gHi - gLo) : 0.5 * (lo + hi);
  }

  const layout = auxLayout(model);
  const ul: number[] = [];
  let nEmpty = 0;
  const bPars = Float64Array.from(opts.backgroundPars);
  bPars[ip] = 0;
  for (let i = 0; i < nB; i++) {
    const toy = sampleToyData(model, bPars, new Rng(seed, streamOffset + nGrid * nToys + i), layout);
    const u = upperOf(toy);
    if (u.none) nEmpty++;
    ul.push(u.none ? 0 : u.limit);
  }
  const finite = ul.filter(Number.isFinite).sort((a, b) => a - b);
  const expected = [-2, -1, 0, 1, 2].map((n) => quantileSorted(finite, normalCdf(n))) as unknown as [number, number, number, number, number];
  let converged = true;
  if (!obs.none && (!Number.isFinite(observed) || finite.length < ul.length)) {
    converged = false;
    messages.push(`μ grid [0, ${opts.muMax}] too small for ${ul.length - finite.length} pseudo-experiments${Number.isFinite(observed) ? '' : ' and the data'}`);
  }
  if (obs.none) messages.push(`no μ of the grid [0, ${opts.muMax}] is accepted for the data (empty FC interval on the grid)`);
  if (nEmpty > 0) messages.push(`${nEmpty} of ${nB} background pseudo-experiments accept no grid point (counted as limit 0 in the band)`);
  if (nFailedToys > 0) messages.push(`${nFailedToys} toys dropped (fits failed)`);
  const status: LimitStatus = obs.none
    ? 'no-accepted-point'
    : !Number.isFinite(observed) || !expected.every(Number.isFinite)
      ? 'failed'
      : nFailedToys > 0
        ? 'toys-failed'
        : converged
          ? 'ok'
          : 'not-converged';
  return { observed, expected, converged, status, messages, nFits, nFailedToys };
}
