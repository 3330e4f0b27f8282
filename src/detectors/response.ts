/**
 * Detector energy response as a matrix from a recoil quadrature grid to observable energy bins.
 *
 * Expected counts in observable bin b from a recoil spectrum s(E) (events per unit recoil energy):
 *   n_b = ∫ s(E) P_b(E) dE,  P_b(E) = P(observed in bin b | recoil E) × efficiency.
 * The recoil axis is covered by panels with `order` Gauss–Legendre nodes each; within a panel s is represented by its
 * Lagrange interpolant on the nodes, so n_b = Σ_k M[b,k] s(E_k) with
 *   M[b,k] = ∫_panel(k) L_k(E) P_b(E) dE.
 * Where P_b is smooth this reduces to M[b,k] = w_k P_b(E_k) (plain Gauss–Legendre). In panels containing a discontinuity of
 * P (deterministic bin edges, acceptance steps) the integral is split at the discontinuities and done with a sub-rule, so
 * step-function responses are integrated exactly for polynomial s. Matrices are built once per detector and nuisance value.
 */
import { compositeGaussLegendre, gaussLegendre } from '../physics/numerics.js';
import { InvalidModel, InvalidParameters } from '../util/errors.js';

/** Composite Gauss–Legendre grid on the recoil axis (keVnr for nuclear recoils, MeV for electron recoils). */
export interface RecoilGrid {
  /** Panel edges, increasing. */
  readonly panelEdges: Float64Array;
  /** Nodes per panel. */
  readonly order: number;
  /** Node positions (length nPanels × order). */
  readonly energies: Float64Array;
  /** Gauss–Legendre weights (∫ s dE ≈ Σ w_k s(E_k)). */
  readonly weights: Float64Array;
  /** Unit of the recoil axis, e.g. 'keVnr' or 'MeV'. */
  readonly unit: string;
}

/**
 * Uniform-panel recoil grid on [min, max].
 * @param min lower end (recoil units)
 * @param max upper end
 * @param panelWidth width of one panel
 * @param order Gauss–Legendre nodes per panel
 * @param extraEdges additional panel edges to insert (e.g. kinematic endpoints, where spectra have kinks)
 */
export function makeRecoilGrid(min: number, max: number, panelWidth: number, order: number, unit: string, extraEdges: readonly number[] = []): RecoilGrid {
  if (!(max > min) || !(panelWidth > 0)) throw new InvalidParameters(`makeRecoilGrid: need max > min and panelWidth > 0 (got ${min}, ${max}, ${panelWidth})`);
  const n = Math.ceil((max - min) / panelWidth - 1e-9);
  const set = new Set<number>();
  for (let i = 0; i <= n; i++) set.add(Math.min(max, min + i * panelWidth));
  for (const e of extraEdges) if (e > min && e < max) set.add(e);
  const edges = Float64Array.from([...set].sort((a, b) => a - b));
  // drop slivers narrower than 1e-9 of the range
  const clean: number[] = [edges[0]!];
  for (let i = 1; i < edges.length; i++) if (edges[i]! - clean[clean.length - 1]! > 1e-9 * (max - min)) clean.push(edges[i]!);
  clean[clean.length - 1] = max;
  const rule = compositeGaussLegendre(clean, order);
  return { panelEdges: Float64Array.from(clean), order, energies: rule.nodes, weights: rule.weights, unit };
}

/** Probability model of the observable energy bin given a recoil energy (efficiency included). */
export interface EnergyResponseModel {
  /** Number of observable energy bins. */
  readonly nBins: number;
  /** Fill out[b] = P(observed in bin b | recoil E) × efficiency, for b < nBins. */
  binProbabilities(recoil: number, out: Float64Array): void;
  /** Recoil energies (grid units) where binProbabilities is discontinuous (empty for smooth responses). */
  discontinuities(): readonly number[];
}

/** A response matrix M (nBins × nNodes, row-major) for a given grid. */
export interface ResponseMatrix {
  readonly nBins: number;
  readonly nNodes: number;
  readonly data: Float64Array;
}

/** Lagrange basis polynomial j of `nodes` evaluated at x. */
function lagrange(nodes: Float64Array, offset: number, order: number, j: number, x: number): number {
  let v = 1;
  const xj = nodes[offset + j]!;
  for (let m = 0; m < order; m++) if (m !== j) v *= (x - nodes[offset + m]!) / (xj - nodes[offset + m]!);
  return v;
}

/** Build M[b,k] = ∫ L_k(E) P_b(E) dE for a response model on a grid (see module comment). */
export function buildResponseMatrix(model: EnergyResponseModel, grid: RecoilGrid, subOrder = 8): ResponseMatrix {
  const nB = model.nBins;
  const nK = grid.energies.length;
  const data = new Float64Array(nB * nK);
  const p = new Float64Array(nB);
  const disc = [...model.discontinuities()].sort((a, b) => a - b);
  const sub = gaussLegendre(subOrder);
  const order = grid.order;
  const nPanels = grid.panelEdges.length - 1;
  let di = 0;
  for (let panel = 0; panel < nPanels; panel++) {
    const a = grid.panelEdges[panel]!;
    const b = grid.panelEdges[panel + 1]!;
    const off = panel * order;
    while (di < disc.length && disc[di]! <= a) di++;
    const cuts: number[] = [];
    for (let j = di; j < disc.length && disc[j]! < b; j++) cuts.push(disc[j]!);
    if (cuts.length === 0) {
      for (let j = 0; j < order; j++) {
        const k = off + j;
        model.binProbabilities(grid.energies[k]!, p);
        const w = grid.weights[k]!;
        for (let bin = 0; bin < nB; bin++) data[bin * nK + k] = w * p[bin]!;
      }
      continue;
    }
    const pts = [a, ...cuts, b];
    for (let s = 0; s + 1 < pts.length; s++) {
      const lo = pts[s]!;
      const hi = pts[s + 1]!;
      if (!(hi > lo)) continue;
      const half = 0.5 * (hi - lo);
      const mid = 0.5 * (hi + lo);
      for (let q = 0; q < subOrder; q++) {
        const x = mid + half * sub.nodes[q]!;
        const wq = half * sub.weights[q]!;
        model.binProbabilities(x, p);
        for (let j = 0; j < order; j++) {
          const lj = wq * lagrange(grid.energies, off, order, j, x);
          const k = off + j;
          for (let bin = 0; bin < nB; bin++) data[bin * nK + k] = data[bin * nK + k]! + lj * p[bin]!;
        }
      }
    }
  }
  return { nBins: nB, nNodes: nK, data };
}

/** out[b] = Σ_k M[b,k] s[k] (no allocation when out is supplied). */
export function applyResponse(m: ResponseMatrix, spectrum: Float64Array, out: Float64Array = new Float64Array(m.nBins)): Float64Array {
  const nK = m.nNodes;
  const d = m.data;
  for (let b = 0; b < m.nBins; b++) {
    let s = 0;
    const row = b * nK;
    for (let k = 0; k < nK; k++) s += d[row + k]! * spectrum[k]!;
    out[b] = s;
  }
  return out;
}

/**
 * Slow reference for one energy bin: ∫ s(E) P_b(E) dE by brute-force midpoint-refined Gauss–Legendre on fine panels,
 * with s given as a function (no grid interpolation). Used in tests of the matrix construction.
 */
export function expectedInBinSlow(model: EnergyResponseModel, spectrum: (e: number) => number, bin: number, min: number, max: number, panels = 4000): number {
  const gl = gaussLegendre(6);
  const p = new Float64Array(model.nBins);
  const h = (max - min) / panels;
  let sum = 0;
  for (let i = 0; i < panels; i++) {
    const mid = min + (i + 0.5) * h;
    for (let j = 0; j < 6; j++) {
      const x = mid + 0.5 * h * gl.nodes[j]!;
      model.binProbabilities(x, p);
      sum += 0.5 * h * gl.weights[j]! * spectrum(x) * p[bin]!;
    }
  }
  return sum;
}

/**
 * Response matrices precomputed at a few values of one continuous nuisance parameter and linearly interpolated between
 * them (vertical morphing of the matrix elements). Outside the node range the end matrices are linearly extrapolated.
 */
export class InterpolatedResponse {
  readonly nodes: Float64Array;
  readonly matrices: readonly ResponseMatrix[];
  private readonly scratch: Float64Array;

  constructor(nodes: readonly number[], build: (value: number) => ResponseMatrix) {
    if (nodes.length < 2) throw new InvalidParameters('InterpolatedResponse: need ≥ 2 nuisance nodes');
    for (let i = 1; i < nodes.length; i++) if (!(nodes[i]! > nodes[i - 1]!)) throw new InvalidParameters('InterpolatedResponse: nodes must increase');
    this.nodes = Float64Array.from(nodes);
    this.matrices = nodes.map((v) => build(v));
    const m0 = this.matrices[0]!;
    for (const m of this.matrices) if (m.nBins !== m0.nBins || m.nNodes !== m0.nNodes) throw new InvalidModel('InterpolatedResponse: matrices differ in shape');
    this.scratch = new Float64Array(m0.data.length);
  }

  /** Matrix at nuisance value v (returned object shares a scratch buffer: use before the next call). */
  at(v: number): ResponseMatrix {
    const n = this.nodes.length;
    let i = 0;
    while (i < n - 2 && v > this.nodes[i + 1]!) i++;
    const t = (v - this.nodes[i]!) / (this.nodes[i + 1]! - this.nodes[i]!);
    const a = this.matrices[i]!.data;
    const b = this.matrices[i + 1]!.data;
    const s = this.scratch;
    for (let k = 0; k < s.length; k++) s[k] = a[k]! + t * (b[k]! - a[k]!);
    return { nBins: this.matrices[0]!.nBins, nNodes: this.matrices[0]!.nNodes, data: s };
  }
}
