/**
 * Typed binned data: axes with explicit edges and units, values in row-major Float64Arrays.
 * Bins are half-open [lo, hi).
 */
import { InvalidParameters } from '../util/errors.js';

/** One binned axis. `edges` has nBins + 1 strictly increasing entries, in `unit`. */
export interface Axis {
  readonly name: string;
  readonly unit: string;
  readonly edges: Float64Array;
}

/** A 1-D histogram: `values[i]` is the content of bin [edges[i], edges[i+1]). */
export interface Histogram1D {
  readonly axis: Axis;
  readonly values: Float64Array;
  /** Unit of the bin contents, e.g. `counts` or `probability per bin`. */
  readonly unit: string;
}

/** A 2-D histogram, row-major: `values[i * n1 + j]` for bin i of axes[0] and j of axes[1]. */
export interface Histogram2D {
  readonly axes: readonly [Axis, Axis];
  readonly values: Float64Array;
  readonly unit: string;
}

/** A 3-D histogram, row-major: `values[(i * n1 + j) * n2 + k]`. */
export interface Histogram3D {
  readonly axes: readonly [Axis, Axis, Axis];
  readonly values: Float64Array;
  readonly unit: string;
}

/** Number of bins of an axis. */
export function nBins(axis: Axis): number {
  return axis.edges.length - 1;
}

/** Build an axis, checking that the edges are finite and strictly increasing. */
export function makeAxis(name: string, unit: string, edges: ArrayLike<number>): Axis {
  const e = Float64Array.from(edges);
  if (e.length < 2) throw new InvalidParameters(`axis ${name}: needs at least two edges, got ${e.length}`);
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(e[i]!)) throw new InvalidParameters(`axis ${name}: edge ${i} is not finite`);
    if (i > 0 && !(e[i]! > e[i - 1]!)) throw new InvalidParameters(`axis ${name}: edges must be strictly increasing (edge ${i - 1} = ${e[i - 1]}, edge ${i} = ${e[i]})`);
  }
  return { name, unit, edges: e };
}

/** `n` equal bins from `lo` to `hi` (edges computed as lo + i·(hi−lo)/n, so no accumulated rounding). */
export function uniformEdges(lo: number, hi: number, n: number): Float64Array {
  const e = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) e[i] = lo + ((hi - lo) * i) / n;
  return e;
}

/** Bin centres of an axis. */
export function binCentres(axis: Axis): Float64Array {
  const n = nBins(axis);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = 0.5 * (axis.edges[i]! + axis.edges[i + 1]!);
  return c;
}

/**
 * Index of the bin containing x (half-open bins), or -1 if x is outside [edges[0], edges[n]).
 * Binary search: O(log n).
 */
export function findBin(edges: Float64Array, x: number): number {
  const n = edges.length - 1;
  if (!(x >= edges[0]!) || !(x < edges[n]!)) return -1;
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x >= edges[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Sum of all bin contents. */
export function total(h: { values: Float64Array }): number {
  let s = 0;
  for (let i = 0; i < h.values.length; i++) s += h.values[i]!;
  return s;
}

/** Index of an edge equal to x (within 1e-9 of the axis span); throws if x is not an edge. */
export function edgeIndex(axis: Axis, x: number): number {
  const span = axis.edges[axis.edges.length - 1]! - axis.edges[0]!;
  for (let i = 0; i < axis.edges.length; i++) if (Math.abs(axis.edges[i]! - x) <= 1e-9 * span) return i;
  throw new InvalidParameters(`axis ${axis.name}: ${x} ${axis.unit} is not a bin edge (edges ${Array.from(axis.edges).join(', ')})`);
}

/**
 * Sum a 2-D histogram over the rectangle [x0, x1) × [y0, y1), where all four limits must be bin edges
 * (so no partial bins are involved).
 */
export function sumWindow2D(h: Histogram2D, x0: number, x1: number, y0: number, y1: number): number {
  const [ax, ay] = h.axes;
  const i0 = edgeIndex(ax, x0);
  const i1 = edgeIndex(ax, x1);
  const j0 = edgeIndex(ay, y0);
  const j1 = edgeIndex(ay, y1);
  const ny = nBins(ay);
  let s = 0;
  for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) s += h.values[i * ny + j]!;
  return s;
}

/** Project a 2-D histogram onto one axis (0 or 1) by summing over the other. */
export function project2D(h: Histogram2D, axis: 0 | 1): Histogram1D {
  const nx = nBins(h.axes[0]);
  const ny = nBins(h.axes[1]);
  const out = new Float64Array(axis === 0 ? nx : ny);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) out[axis === 0 ? i : j]! += h.values[i * ny + j]!;
  return { axis: h.axes[axis], values: out, unit: h.unit };
}

/** Project a 3-D histogram onto one axis (0, 1 or 2) by summing over the other two. */
export function project3D(h: Histogram3D, axis: 0 | 1 | 2): Histogram1D {
  const n0 = nBins(h.axes[0]);
  const n1 = nBins(h.axes[1]);
  const n2 = nBins(h.axes[2]);
  const out = new Float64Array([n0, n1, n2][axis]!);
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++)
      for (let k = 0; k < n2; k++) out[axis === 0 ? i : axis === 1 ? j : k]! += h.values[(i * n1 + j) * n2 + k]!;
  return { axis: h.axes[axis], values: out, unit: h.unit };
}
