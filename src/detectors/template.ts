/**
 * Template builder: recoil spectra × detector response → expected counts on an energy × (F90 ×) time binning.
 *
 * How to use (e.g. for a dark-matter signal):
 *
 *   const det = createCsi2017Model(CSI2017_CONFIG);             // or createLar2020Model(...), createCsi2021Model(...)
 *   const E = det.grid.energies;                                // recoil nodes (keVnr; MeV for electron-recoil detectors)
 *   // one component per arrival-time population: spectrum dN/dE_r at the nodes (events per keVnr, already × exposure)
 *   const comps = slices.map((s) => ({ name: s.name, spectrum: s.dNdErAt(E), timing: s.timeCdf }));
 *   const counts = det.buildTemplate(comps, det.nominalNuisance);   // Float64Array [energy][f90][time], row-major
 *
 * Energy–time correlation is kept by summing components, each with its own spectrum and time distribution
 * (N(E,t) = Σ_c N_c(E) P_c(t)); a signal whose arrival time depends on energy is passed as several components
 * (e.g. slices in the particle energy). Energy response matrices are cached per nuisance value (`nuisanceKey`);
 * `interpolatedResponse` precomputes a few nuisance nodes and interpolates linearly for continuous profiling.
 * Time fractions of TimeDistribution objects are cached per object (WeakMap) so re-using the same timing object in a fit
 * costs nothing. With `buildTemplateWithMatrix` and preallocated `out` the evaluation allocates nothing.
 *
 * Layout of the result: index ((e * nF90) + f) * nTime + t, with nF90 = 1 when the detector has no F90 axis; for LAr
 * this matches the release order (E outer, F90, t inner).
 */
import type { TimeDistribution } from '../physics/timing.js';
import { InvalidParameters } from '../util/errors.js';
import { buildResponseMatrix, InterpolatedResponse, type EnergyResponseModel, type RecoilGrid, type ResponseMatrix } from './response.js';

/** Observable binning of a detector. Edges are increasing; bins half-open [lo, hi). */
export interface DetectorBinning {
  /** Observable energy edges (unit in `energyUnit`). */
  readonly energyEdges: Float64Array;
  readonly energyUnit: 'PE' | 'keVee' | 'MeVee' | 'keVnr';
  /** Arrival-time edges (µs). */
  readonly timeEdgesUs: Float64Array;
  /** F90 edges (LAr pulse-shape variable), if the detector has this axis. */
  readonly f90Edges?: Float64Array;
}

/** Arrival-time input of a component: a distribution (CDF in µs) or fractions already on the detector's time bins. */
export type TimingInput = TimeDistribution | { readonly fractions: Float64Array };

/** One template component. */
export interface TemplateComponent {
  readonly name: string;
  /** dN/dE at the detector grid nodes (`grid.energies`), events per grid unit (keVnr or MeV) for the full exposure. */
  readonly spectrum: Float64Array;
  /** Arrival-time distribution; fractions are used as given (time efficiency NOT applied to them). */
  readonly timing: TimingInput;
}

/** Everything a detector model needs; built by the detector-specific factories. */
export interface DetectorModelSpec<N> {
  readonly name: string;
  readonly grid: RecoilGrid;
  readonly binning: DetectorBinning;
  /** Energy response (bin probabilities incl. energy efficiency) at a nuisance value. */
  energyResponse(nuisance: N): EnergyResponseModel;
  /** Cache key of a nuisance value. */
  nuisanceKey(nuisance: N): string;
  readonly nominalNuisance: N;
  /** Time efficiency ε_T(t) applied to TimeDistribution inputs, if any. */
  readonly timeEfficiency?: (tUs: number) => number;
  /** F90 fractions per energy bin (nEnergy × nF90, rows sum to 1), if the detector has an F90 axis. */
  readonly f90Fractions?: Float64Array;
  /** Sub-steps per time bin for integrating the time efficiency (default 32). */
  readonly timeEfficiencySubsteps?: number;
}

/** Shape of a template. */
export interface TemplateShape {
  readonly nEnergy: number;
  readonly nF90: number;
  readonly nTime: number;
  readonly size: number;
}

/** A detector ready to turn recoil spectra into binned expectations. */
export class DetectorModel<N> {
  readonly name: string;
  readonly grid: RecoilGrid;
  readonly binning: DetectorBinning;
  readonly shape: TemplateShape;
  readonly nominalNuisance: N;
  private readonly spec: DetectorModelSpec<N>;
  private readonly matrixCache = new Map<string, ResponseMatrix>();
  private readonly timeCache = new WeakMap<object, Float64Array>();
  private readonly energyScratch: Float64Array;
  /** Per energy bin, the first and one-past-last recoil node where the response matrix is non-zero. */
  private readonly rowFirst: Int32Array;
  private readonly rowEnd: Int32Array;

  constructor(spec: DetectorModelSpec<N>) {
    this.spec = spec;
    this.name = spec.name;
    this.grid = spec.grid;
    this.binning = spec.binning;
    this.nominalNuisance = spec.nominalNuisance;
    const nEnergy = spec.binning.energyEdges.length - 1;
    const nTime = spec.binning.timeEdgesUs.length - 1;
    const nF90 = spec.binning.f90Edges ? spec.binning.f90Edges.length - 1 : 1;
    if (nEnergy < 1 || nTime < 1) throw new InvalidParameters(`${spec.name}: binning needs ≥ 1 energy and time bin`);
    if (spec.f90Fractions && spec.f90Fractions.length !== nEnergy * nF90) throw new InvalidParameters(`${spec.name}: f90Fractions has ${spec.f90Fractions.length} entries, expected ${nEnergy}×${nF90}`);
    if (spec.binning.f90Edges && !spec.f90Fractions) throw new InvalidParameters(`${spec.name}: an F90 axis needs f90Fractions`);
    this.shape = { nEnergy, nF90, nTime, size: nEnergy * nF90 * nTime };
    this.energyScratch = new Float64Array(nEnergy);
    this.rowFirst = new Int32Array(nEnergy);
    this.rowEnd = new Int32Array(nEnergy);
  }

  /** Energy response matrix at a nuisance value (cached by `nuisanceKey`). */
  responseMatrix(nuisance: N = this.nominalNuisance): ResponseMatrix {
    const key = this.spec.nuisanceKey(nuisance);
    let m = this.matrixCache.get(key);
    if (!m) {
      const model = this.spec.energyResponse(nuisance);
      if (model.nBins !== this.shape.nEnergy) throw new InvalidParameters(`${this.name}: response has ${model.nBins} bins, binning has ${this.shape.nEnergy}`);
      m = buildResponseMatrix(model, this.grid);
      this.matrixCache.set(key, m);
    }
    return m;
  }

  /** Matrices at a few values of one continuous nuisance, linearly interpolated (for profiling). */
  interpolatedResponse(values: readonly number[], nuisanceAt: (v: number) => N): InterpolatedResponse {
    return new InterpolatedResponse(values, (v) => this.responseMatrix(nuisanceAt(v)));
  }

  /** Expected fraction of arrivals in each time bin (time efficiency applied to distributions), cached per timing object. */
  timeFractions(timing: TimingInput): Float64Array {
    const cached = this.timeCache.get(timing);
    if (cached) return cached;
    const nT = this.shape.nTime;
    let fr: Float64Array;
    if ('fractions' in timing) {
      if (timing.fractions.length !== nT) throw new InvalidParameters(`${this.name}: timing fractions have ${timing.fractions.length} bins, detector has ${nT}`);
      fr = timing.fractions;
    } else {
      fr = new Float64Array(nT);
      const edges = this.binning.timeEdgesUs;
      const eff = this.spec.timeEfficiency;
      const sub = eff ? (this.spec.timeEfficiencySubsteps ?? 32) : 1;
      for (let t = 0; t < nT; t++) {
        const lo = edges[t]!;
        const h = (edges[t + 1]! - lo) / sub;
        let prev = timing.cdf(lo);
        let s = 0;
        for (let j = 0; j < sub; j++) {
          const next = timing.cdf(lo + (j + 1) * h);
          s += (eff ? eff(lo + (j + 0.5) * h) : 1) * (next - prev);
          prev = next;
        }
        fr[t] = s;
      }
    }
    for (let t = 0; t < nT; t++) if (!Number.isFinite(fr[t]!)) throw new InvalidParameters(`${this.name}: non-finite time fraction in bin ${t}`);
    this.timeCache.set(timing, fr);
    return fr;
  }

  /** Expected counts per energy bin of one spectrum (time-integrated), using a given matrix. */
  energyCounts(spectrum: Float64Array, matrix: ResponseMatrix = this.responseMatrix(), out: Float64Array = new Float64Array(this.shape.nEnergy)): Float64Array {
    this.matrixSupport(matrix);
    return this.sparseEnergyCounts(spectrum, matrix, out);
  }

  /**
   * Record where each row of the matrix is non-zero (rowFirst/rowEnd). A bin's energy response reaches only a few
   * recoil nodes (e.g. 378 of the 25 × 324 CsI-2017 entries are non-zero), so the products below skip the rest.
   */
  private matrixSupport(matrix: ResponseMatrix): void {
    if (matrix.nBins !== this.shape.nEnergy) throw new InvalidParameters(`${this.name}: response has ${matrix.nBins} bins, binning has ${this.shape.nEnergy}`);
    const nK = matrix.nNodes;
    const d = matrix.data;
    for (let b = 0; b < matrix.nBins; b++) {
      const row = b * nK;
      let first = 0;
      while (first < nK && d[row + first] === 0) first++;
      let end = nK;
      while (end > first && d[row + end - 1] === 0) end--;
      this.rowFirst[b] = first;
      this.rowEnd[b] = end;
    }
  }

  /**
   * Counts per energy bin = matrix · spectrum over each row's non-zero span (matrixSupport of this matrix): the
   * skipped terms are 0 × (a finite value) = ±0, and the others are added in the same order, so the sums equal the full
   * products to the last bit. A non-finite spectrum value anywhere is an error (as it would be in the full product).
   */
  private sparseEnergyCounts(spectrum: Float64Array, matrix: ResponseMatrix, out: Float64Array): Float64Array {
    const nK = matrix.nNodes;
    if (spectrum.length !== nK) throw new InvalidParameters(`${this.name}: spectrum has ${spectrum.length} values, grid has ${nK} nodes`);
    for (let k = 0; k < nK; k++) if (!Number.isFinite(spectrum[k]!)) throw new InvalidParameters(`${this.name}: spectrum value at node ${k} is not finite`);
    const d = matrix.data;
    for (let b = 0; b < matrix.nBins; b++) {
      let s = 0;
      const row = b * nK;
      const end = this.rowEnd[b]!;
      for (let k = this.rowFirst[b]!; k < end; k++) s += d[row + k]! * spectrum[k]!;
      out[b] = s;
    }
    return out;
  }

  /** Template for a sum of components at a nuisance value. */
  buildTemplate(components: readonly TemplateComponent[], nuisance: N = this.nominalNuisance, out?: Float64Array): Float64Array {
    return this.buildTemplateWithMatrix(components, this.responseMatrix(nuisance), out);
  }

  /** Template with an explicit (e.g. interpolated) response matrix; no allocation when `out` is supplied. */
  buildTemplateWithMatrix(components: readonly TemplateComponent[], matrix: ResponseMatrix, out: Float64Array = new Float64Array(this.shape.size)): Float64Array {
    const { nEnergy, nF90, nTime, size } = this.shape;
    if (out.length !== size) throw new InvalidParameters(`${this.name}: output has ${out.length} entries, template has ${size}`);
    out.fill(0);
    const eCounts = this.energyScratch;
    const f90 = this.spec.f90Fractions;
    this.matrixSupport(matrix);
    for (const c of components) {
      const tf = this.timeFractions(c.timing);
      this.sparseEnergyCounts(c.spectrum, matrix, eCounts);
      for (let e = 0; e < nEnergy; e++) {
        const ne = eCounts[e]!;
        if (ne === 0) continue;
        for (let f = 0; f < nF90; f++) {
          const nef = f90 ? ne * f90[e * nF90 + f]! : ne;
          const base = (e * nF90 + f) * nTime;
          for (let t = 0; t < nTime; t++) out[base + t] = out[base + t]! + nef * tf[t]!;
        }
      }
    }
    for (let i = 0; i < size; i++) if (!Number.isFinite(out[i]!)) throw new InvalidParameters(`${this.name}: template entry ${i} is not finite (check component spectra)`);
    return out;
  }
}

/** Sum of a template over a window of bin indices [e0,e1) × [t0,t1) (all F90 bins). */
export function sumTemplateWindow(shape: TemplateShape, t: Float64Array, e0: number, e1: number, t0: number, t1: number): number {
  let s = 0;
  for (let e = e0; e < e1; e++) for (let f = 0; f < shape.nF90; f++) for (let k = t0; k < t1; k++) s += t[(e * shape.nF90 + f) * shape.nTime + k]!;
  return s;
}

/** Projection of a template on one axis ('energy' | 'f90' | 'time'). */
export function projectTemplate(shape: TemplateShape, t: Float64Array, axis: 'energy' | 'f90' | 'time'): Float64Array {
  const n = axis === 'energy' ? shape.nEnergy : axis === 'f90' ? shape.nF90 : shape.nTime;
  const out = new Float64Array(n);
  for (let e = 0; e < shape.nEnergy; e++)
    for (let f = 0; f < shape.nF90; f++)
      for (let k = 0; k < shape.nTime; k++) {
        const v = t[(e * shape.nF90 + f) * shape.nTime + k]!;
        out[axis === 'energy' ? e : axis === 'f90' ? f : k] += v;
      }
  return out;
}

/** Uniform edges lo, lo+step, …, hi. */
export function uniformEdges(lo: number, hi: number, step: number): Float64Array {
  const n = Math.round((hi - lo) / step);
  if (Math.abs(lo + n * step - hi) > 1e-9 * Math.max(1, Math.abs(hi))) throw new InvalidParameters(`uniformEdges: (${hi} − ${lo}) is not a multiple of ${step}`);
  const e = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) e[i] = lo + i * step;
  return e;
}
