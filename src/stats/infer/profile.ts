/**
 * Profile-likelihood tools: MINOS-like asymmetric errors and 1-D / 2-D profile scans.
 *
 * MINOS: for each parameter, the values where the profiled −2 ln L rises by `delta` (1 for 68.3% CL in
 * one parameter, Wilks) above its minimum, found by bracketing and Brent root finding on
 * Δ(−2 ln L)(x) − delta. A bound reached before the rise is reported (atLimit), never extrapolated; without a bound
 * the step (from the Hessian error σ) is doubled 61 times at most, then 'no crossing found' at x̂ ± σ(2⁶² − 1).
 *
 * Scans are chunkable: `profileScan1D(…, { start, end })` computes the points [start, end) of the grid
 * and `mergeProfileScans1D` joins the pieces, so a scan can be split across worker threads (each worker
 * rebuilds the model from a serialisable description, e.g. the workspace JSON, and runs its chunk;
 * see `splitRange`). Warm starts go from the previous grid point within a chunk.
 */
import { brent } from '../optimize/index.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { fit, type FitOptions, type FitResult } from './mle.js';

/** Asymmetric profile-likelihood error of one parameter. */
export interface MinosError {
  readonly name: string;
  /** Best-fit value. */
  readonly value: number;
  /** Lower error (≤ 0): x_low − x̂. */
  readonly lower: number;
  /** Upper error (≥ 0): x_up − x̂. */
  readonly upper: number;
  /** True when the crossing was found (not at a bound, root finding converged, profile fits converged). */
  readonly lowerValid: boolean;
  readonly upperValid: boolean;
  /** True when the parameter bound was reached before Δ(−2lnL) = delta. */
  readonly lowerAtLimit: boolean;
  readonly upperAtLimit: boolean;
  /** Number of profile fits used. */
  readonly nFits: number;
  readonly message: string;
}

/** Options of `minos`. */
export interface MinosOptions {
  /** Rise of −2 ln L defining the interval (1 → 68.27% in one parameter). @default 1 */
  delta?: number;
  /** Root-finding tolerance relative to the Hessian error. @default 1e-3 */
  relTolerance?: number;
  /** Fit options for the profile fits. */
  fit?: FitOptions;
}

/**
 * MINOS-like asymmetric errors from the profile likelihood.
 * @param fitResult the global fit (with Hessian errors, used as initial step)
 * @param names parameters to scan; must be free in the fit
 */
export function minos(model: StatModel, data: ObservedData, fitResult: FitResult, names: readonly string[], opts: MinosOptions = {}): MinosError[] {
  const delta = opts.delta ?? 1;
  const relTol = opts.relTolerance ?? 1e-3;
  return names.map((name) => {
    const i = model.params.index(name);
    if (fitResult.fixed[i]) throw new InvalidParameters(`minos: parameter "${name}" is fixed in the fit; release it to get profile errors`);
    const xhat = fitResult.bestfit[i];
    const sigma = fitResult.errors && fitResult.errors[i] > 0 ? fitResult.errors[i] : 0.1 * Math.max(1, Math.abs(xhat));
    const lo = opts.fit?.bounds?.[name]?.[0] ?? model.params.lo[i];
    const hi = opts.fit?.bounds?.[name]?.[1] ?? model.params.hi[i];
    let nFits = 0;
    const side = (dir: 1 | -1): { err: number; valid: boolean; atLimit: boolean; msg: string } => {
      let warm: Float64Array = Float64Array.from(fitResult.bestfit);
      let allConverged = true;
      const g = (x: number): number => {
        nFits++;
        const r = fit(model, data, { ...opts.fit, init: warm, hesse: false, fixedValues: { ...opts.fit?.fixedValues, [name]: x } });
        if (!r.status.converged) allConverged = false;
        if (Number.isFinite(r.twiceNll)) warm = r.bestfit;
        return r.twiceNll - fitResult.twiceNll - delta;
      };
      const limit = dir > 0 ? hi : lo;
      let step = sigma;
      let inner = xhat;
      let fInner = -delta;
      let outer = xhat + dir * step;
      for (let k = 0; ; k++) {
        if ((dir > 0 && outer >= limit) || (dir < 0 && outer <= limit)) outer = limit;
        const fo = g(outer);
        if (!Number.isFinite(fo) && outer !== limit) {
          // Likelihood undefined out there: shrink towards the inner point.
          outer = 0.5 * (inner + outer);
          continue;
        }
        if (fo >= 0) {
          const root = brent(g, inner, outer, { fa: fInner, fb: fo, xtol: relTol * sigma, rtol: 0 });
          const ok = root.converged && allConverged;
          return { err: root.x - xhat, valid: ok, atLimit: false, msg: ok ? '' : `${dir > 0 ? 'upper' : 'lower'}: ${root.converged ? 'a profile fit did not converge' : root.message}` };
        }
        if (outer === limit) return { err: limit - xhat, valid: false, atLimit: true, msg: `${dir > 0 ? 'upper' : 'lower'}: bound ${limit} reached with Δ(−2lnL) = ${(fo + delta).toFixed(4)} < ${delta}` };
        if (k > 60) return { err: outer - xhat, valid: false, atLimit: false, msg: `${dir > 0 ? 'upper' : 'lower'}: no crossing found` };
        inner = outer;
        fInner = fo;
        step *= 2;
        outer = inner + dir * step;
      }
    };
    const up = side(1);
    const down = side(-1);
    return {
      name,
      value: xhat,
      lower: Math.min(0, down.err),
      upper: Math.max(0, up.err),
      lowerValid: down.valid,
      upperValid: up.valid,
      lowerAtLimit: down.atLimit,
      upperAtLimit: up.atLimit,
      nFits,
      message: [down.msg, up.msg].filter((m) => m).join('; ') || 'ok',
    };
  });
}

/** A 1-D profile-likelihood scan (or a chunk of one: points [start, end) of the full grid). */
export interface ProfileScan1D {
  readonly name: string;
  /** The full grid of scanned values. */
  readonly grid: Float64Array;
  /** First grid index covered and one past the last. */
  readonly start: number;
  readonly end: number;
  /** −2 ln L profiled over the other parameters at grid[start + k]. */
  readonly twiceNll: Float64Array;
  /** twiceNll − (global minimum), the profile-likelihood-ratio statistic t(x). */
  readonly deltaTwiceNll: Float64Array;
  /** Best-fit parameter vectors at each point (full length n). */
  readonly bestfits: readonly Float64Array[];
  /** 1 where the profile fit converged (after the retries from neighbours). */
  readonly converged: Uint8Array;
  /** Points whose fit failed and was retried from a converged neighbour's solution. */
  readonly retried: number;
  /** Global minimum used as reference (the global fit, or a lower scan point if one was found). */
  readonly globalTwiceNll: number;
}

/** Options of profile scans. */
export interface ScanOptions {
  /** A global fit to use as reference (computed if absent). */
  global?: FitResult;
  /** First grid index to compute (chunking). @default 0 */
  start?: number;
  /** One past the last grid index (chunking). @default grid length */
  end?: number;
  fit?: FitOptions;
  /** Called after each point of the first pass with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Profile −2 ln L along one parameter (1007.1727 eq. 7–8: t(x) = −2 ln λ(x)).
 * @param grid values of the scanned parameter
 */
export function profileScan1D(model: StatModel, data: ObservedData, name: string, grid: Float64Array, opts: ScanOptions = {}): ProfileScan1D {
  const start = opts.start ?? 0;
  const end = opts.end ?? grid.length;
  if (!(start >= 0 && end <= grid.length && start <= end)) throw new InvalidParameters(`profileScan1D: chunk [${start}, ${end}) outside the grid of ${grid.length}`);
  model.params.index(name);
  const global = opts.global ?? fit(model, data, { ...opts.fit, hesse: false });
  const m = end - start;
  const twiceNll = new Float64Array(m);
  const converged = new Uint8Array(m);
  const bestfits: Float64Array[] = [];
  const at = (k: number, init: Float64Array | undefined): FitResult => fit(model, data, { ...opts.fit, ...(init ? { init } : {}), hesse: false, fixedValues: { ...opts.fit?.fixedValues, [name]: grid[start + k] } });
  const retried = warmScan(m, at, { twiceNll, converged, bestfits }, Float64Array.from(global.bestfit), opts.onProgress);
  const ref = Math.min(global.twiceNll, ...twiceNll.filter(Number.isFinite));
  return { name, grid, start, end, twiceNll, deltaTwiceNll: twiceNll.map((v) => v - ref), bestfits, converged, retried, globalTwiceNll: ref };
}

/**
 * The fits of a scan along a grid: point k starts from the solution of the last converged point (or `init`), then
 * points that did not converge are retried from a converged neighbour ({@link retryFromNeighbours}). Fills `out` and
 * returns the number of retries.
 */
export function warmScan(
  m: number,
  fitAt: (k: number, init: Float64Array | undefined) => FitResult,
  out: { twiceNll: Float64Array; converged: Uint8Array; bestfits: Float64Array[] },
  init?: Float64Array,
  onProgress?: (done: number, total: number) => void,
): number {
  let warm = init;
  for (let k = 0; k < m; k++) {
    const r = fitAt(k, warm);
    out.twiceNll[k] = r.twiceNll;
    out.converged[k] = r.status.converged ? 1 : 0;
    out.bestfits.push(r.bestfit);
    if (r.status.converged) warm = r.bestfit;
    onProgress?.(k + 1, m);
  }
  return retryFromNeighbours(m, out.twiceNll, out.converged, out.bestfits, fitAt);
}

/**
 * Retry the points of a scan whose fit did not converge, from the solution of a converged neighbour (k − 1, then
 * k + 1; a forward then a backward sweep, so a run of failures is filled in from either end). A retry replaces the
 * point when it converges. Returns how many points were retried; still-failed points keep converged = 0.
 */
export function retryFromNeighbours(
  m: number,
  twiceNll: Float64Array,
  converged: Uint8Array,
  bestfits: Float64Array[],
  fitAt: (k: number, init: Float64Array) => FitResult,
): number {
  let retried = 0;
  const tryFrom = (k: number, j: number): void => {
    if (converged[k] || j < 0 || j >= m || !converged[j] || bestfits[j]!.length === 0) return;
    retried++;
    const r = fitAt(k, bestfits[j]!);
    if (r.status.converged) {
      twiceNll[k] = r.twiceNll;
      converged[k] = 1;
      bestfits[k] = r.bestfit;
    }
  };
  for (let k = 0; k < m; k++) tryFrom(k, k - 1);
  for (let k = m - 1; k >= 0; k--) tryFrom(k, k + 1);
  return retried;
}

/** Join chunks of one 1-D scan (any order) into the full scan; the reference minimum is the lowest. */
export function mergeProfileScans1D(parts: readonly ProfileScan1D[]): ProfileScan1D {
  if (parts.length === 0) throw new InvalidParameters('mergeProfileScans1D: no parts');
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  const { name, grid } = sorted[0];
  let pos = 0;
  for (const p of sorted) {
    if (p.name !== name || p.grid.length !== grid.length) throw new InvalidParameters('mergeProfileScans1D: parts belong to different scans');
    if (p.start !== pos) throw new InvalidParameters(`mergeProfileScans1D: gap or overlap at grid index ${pos}`);
    pos = p.end;
  }
  if (pos !== grid.length) throw new InvalidParameters(`mergeProfileScans1D: parts cover ${pos} of ${grid.length} points`);
  const twiceNll = new Float64Array(grid.length);
  const converged = new Uint8Array(grid.length);
  const bestfits: Float64Array[] = [];
  for (const p of sorted) {
    twiceNll.set(p.twiceNll, p.start);
    converged.set(p.converged, p.start);
    bestfits.push(...p.bestfits);
  }
  const ref = Math.min(...sorted.map((p) => p.globalTwiceNll));
  const retried = sorted.reduce((a, p) => a + p.retried, 0);
  return { name, grid, start: 0, end: grid.length, twiceNll, deltaTwiceNll: twiceNll.map((v) => v - ref), bestfits, converged, retried, globalTwiceNll: ref };
}

/** A 2-D profile scan over the grid x × y; arrays are row-major with index ix·ny + iy. Chunks are x-rows [start, end). */
export interface ProfileScan2D {
  readonly names: readonly [string, string];
  readonly xGrid: Float64Array;
  readonly yGrid: Float64Array;
  readonly start: number;
  readonly end: number;
  /** Length (end − start)·ny. */
  readonly twiceNll: Float64Array;
  readonly deltaTwiceNll: Float64Array;
  readonly converged: Uint8Array;
  readonly globalTwiceNll: number;
}

/**
 * Profile −2 ln L on a 2-D grid of two parameters (others profiled). Rows are traversed in a snake
 * order so each fit starts from a neighbouring point. `start`/`end` select x-rows (chunking).
 */
export function profileScan2D(
  model: StatModel,
  data: ObservedData,
  names: readonly [string, string],
  xGrid: Float64Array,
  yGrid: Float64Array,
  opts: ScanOptions = {},
): ProfileScan2D {
  const start = opts.start ?? 0;
  const end = opts.end ?? xGrid.length;
  if (!(start >= 0 && end <= xGrid.length && start <= end)) throw new InvalidParameters(`profileScan2D: chunk [${start}, ${end}) outside the x grid of ${xGrid.length}`);
  if (names[0] === names[1]) throw new InvalidParameters('profileScan2D: the two scanned parameters must differ');
  model.params.index(names[0]);
  model.params.index(names[1]);
  const global = opts.global ?? fit(model, data, { ...opts.fit, hesse: false });
  const ny = yGrid.length;
  const twiceNll = new Float64Array((end - start) * ny);
  const converged = new Uint8Array((end - start) * ny);
  let warm: Float64Array = Float64Array.from(global.bestfit);
  for (let ix = start; ix < end; ix++) {
    const forward = (ix - start) % 2 === 0;
    for (let j = 0; j < ny; j++) {
      const iy = forward ? j : ny - 1 - j;
      const r = fit(model, data, {
        ...opts.fit,
        init: warm,
        hesse: false,
        fixedValues: { ...opts.fit?.fixedValues, [names[0]]: xGrid[ix], [names[1]]: yGrid[iy] },
      });
      const k = (ix - start) * ny + iy;
      twiceNll[k] = r.twiceNll;
      converged[k] = r.status.converged ? 1 : 0;
      if (Number.isFinite(r.twiceNll)) warm = r.bestfit;
    }
  }
  const ref = Math.min(global.twiceNll, ...twiceNll.filter(Number.isFinite));
  return { names, xGrid, yGrid, start, end, twiceNll, deltaTwiceNll: twiceNll.map((v) => v - ref), converged, globalTwiceNll: ref };
}

/** Split [0, n) into `parts` contiguous chunks of nearly equal size (for distributing a scan over workers). */
export function splitRange(n: number, parts: number): Array<{ start: number; end: number }> {
  if (!(parts >= 1) || !Number.isInteger(parts)) throw new InvalidParameters(`splitRange: parts must be a positive integer, got ${parts}`);
  const out: Array<{ start: number; end: number }> = [];
  for (let k = 0; k < parts; k++) {
    const start = Math.floor((k * n) / parts);
    const end = Math.floor(((k + 1) * n) / parts);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** Health of an interval read off a profile scan. */
export interface IntervalHealth {
  /** True when every scan point the interval rests on converged and both ends are closed inside the scan range. */
  readonly ok: boolean;
  /** Scanned values the interval rests on (inside it, or bracketing an end) whose profile fit did not converge. */
  readonly failedPoints: readonly number[];
  /** The profile is still below the level at the first / last scanned value: that end is the scan edge, not a crossing. */
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
}

/** An interval from a profile scan, with its health. */
export interface ProfileInterval {
  readonly lower: number;
  readonly upper: number;
  readonly health: IntervalHealth;
}

/**
 * The range where a scanned Δ(−2lnL) lies below `level` (e.g. 1 for 68.3 % CL in one parameter, Wilks), with the
 * crossings linearly interpolated between grid points; null when no point lies below. `converged` (1 per point)
 * marks which points can be trusted: an interval resting on a failed point says so in its health.
 */
export function profileInterval(values: ArrayLike<number>, delta: ReadonlyArray<number | null> | Float64Array, level: number, converged?: ArrayLike<number | boolean>): ProfileInterval | null {
  const n = values.length;
  const d = (i: number): number | null => {
    const v = delta[i];
    return v === null || v === undefined || !Number.isFinite(v) ? null : v;
  };
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const v = d(i);
    if (v === null || v >= level) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return null;
  const dl = first > 0 ? d(first - 1) : null;
  const lower = dl !== null ? values[first - 1]! + ((dl - level) / (dl - d(first)!)) * (values[first]! - values[first - 1]!) : values[first]!;
  const du = last + 1 < n ? d(last + 1) : null;
  const upper = du !== null && du >= level ? values[last]! + ((level - d(last)!) / (du - d(last)!)) * (values[last + 1]! - values[last]!) : values[last]!;
  const failedPoints: number[] = [];
  if (converged) {
    for (let i = Math.max(0, first - 1); i <= Math.min(n - 1, last + 1); i++) if (!converged[i]) failedPoints.push(values[i]!);
  }
  const lowerOpen = dl === null;
  const upperOpen = du === null;
  return { lower, upper, health: { ok: failedPoints.length === 0 && !lowerOpen && !upperOpen, failedPoints, lowerOpen, upperOpen } };
}

/** {@link profileInterval} as [lower, upper] (null when no point lies below the level). */
export function interval(values: ArrayLike<number>, delta: ReadonlyArray<number | null>, level: number): [number, number] | null {
  const r = profileInterval(values, delta, level);
  return r ? [r.lower, r.upper] : null;
}
