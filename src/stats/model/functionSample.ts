/**
 * Evaluation of function samples (templates computed by user code from named parameters).
 *
 * Direct mode: the user function is called on a cache miss; results are cached by the exact parameter
 * values (a small FIFO cache scanned linearly, so a lookup allocates nothing). Gradient: central finite
 * differences of the template (one-sided at a bound), step = relativeStep · max(|x|, 1).
 * Grid mode: templates are computed once at every node of a tensor grid; evaluation is multilinear
 * interpolation (exact for templates linear in each parameter); the gradient is the exact derivative of
 * the interpolant (right derivative at nodes; zero outside the grid, where values are clamped).
 */
import { InvalidModel } from '../../util/errors.js';
import type { FunctionSampleDefinition } from './definition.js';

export interface FunctionSampleStats {
  /** Calls to the user function (including grid precomputation). */
  readonly evaluations: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
}

export class FunctionSampleEvaluator {
  private readonly d: number;
  private readonly vals: Float64Array;
  private readonly paramIndices: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  // direct mode cache
  private readonly capacity: number;
  private readonly keys: Float64Array;
  private readonly slots: Float64Array[];
  private filled = 0;
  private next = 0;
  // grid mode
  private readonly grid: Float64Array[] | null;
  private readonly gridTemplates: Float64Array | null;
  private readonly strides: Int32Array;
  private readonly cell: Int32Array;
  private readonly frac: Float64Array;
  private readonly inv: Float64Array;
  private readonly out: Float64Array;
  private readonly fdPlus: Float64Array;
  private readonly relStep: number;
  private nEval = 0;
  private nHit = 0;
  private nMiss = 0;

  constructor(
    private readonly def: FunctionSampleDefinition,
    paramIndices: Int32Array,
    private readonly nBins: number,
    lo: ArrayLike<number>,
    hi: ArrayLike<number>,
  ) {
    this.d = paramIndices.length;
    this.paramIndices = paramIndices;
    this.vals = new Float64Array(this.d);
    this.lo = Float64Array.from(paramIndices, (i) => lo[i]!);
    this.hi = Float64Array.from(paramIndices, (i) => hi[i]!);
    this.capacity = Math.max(1, def.cacheSize ?? 32);
    this.keys = new Float64Array(this.capacity * this.d);
    this.slots = Array.from({ length: this.capacity }, () => new Float64Array(nBins));
    this.relStep = def.relativeStep ?? 1e-5;
    this.out = new Float64Array(nBins);
    this.fdPlus = new Float64Array(nBins);
    this.cell = new Int32Array(this.d);
    this.frac = new Float64Array(this.d);
    this.inv = new Float64Array(this.d);
    this.strides = new Int32Array(this.d);
    if (def.grid !== undefined) {
      this.grid = def.grid.map((g) => Float64Array.from(g));
      let total = 1;
      for (let k = this.d - 1; k >= 0; k--) {
        this.strides[k] = total;
        total *= this.grid[k]!.length;
      }
      this.gridTemplates = new Float64Array(total * nBins);
      const v = new Float64Array(this.d);
      for (let node = 0; node < total; node++) {
        let rem = node;
        for (let k = 0; k < this.d; k++) {
          const ik = Math.floor(rem / this.strides[k]!);
          rem -= ik * this.strides[k]!;
          v[k] = this.grid[k]![ik]!;
        }
        this.call(v, this.gridTemplates.subarray(node * nBins, (node + 1) * nBins));
      }
    } else {
      this.grid = null;
      this.gridTemplates = null;
    }
  }

  get stats(): FunctionSampleStats {
    return { evaluations: this.nEval, cacheHits: this.nHit, cacheMisses: this.nMiss };
  }

  get usesGrid(): boolean {
    return this.grid !== null;
  }

  /** Indices (in the flat parameter vector) of the parameters the template depends on. */
  get parameterIndices(): Int32Array {
    return this.paramIndices;
  }

  private call(values: Float64Array, buf: Float64Array): void {
    this.nEval++;
    const r = this.def.evaluate(values);
    if (r.length !== this.nBins) {
      throw new InvalidModel(`function sample '${this.def.name}' returned ${r.length} bins, expected ${this.nBins}`);
    }
    for (let b = 0; b < this.nBins; b++) {
      const x = r[b]!;
      if (!Number.isFinite(x)) {
        throw new InvalidModel(`function sample '${this.def.name}' returned a non-finite value (${x}) in bin ${b} at ${this.def.parameters.map((p, i) => `${p}=${values[i]}`).join(', ')}`);
      }
      buf[b] = x;
    }
  }

  /** Direct mode: template at `vals`, from the cache or a new evaluation (result valid until the next call). */
  private lookup(vals: Float64Array): Float64Array {
    const d = this.d;
    for (let s = 0; s < this.filled; s++) {
      let same = true;
      for (let k = 0; k < d; k++) {
        if (this.keys[s * d + k] !== vals[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.nHit++;
        return this.slots[s]!;
      }
    }
    this.nMiss++;
    const s = this.next;
    // Invalidate the slot first so that a throwing user function cannot leave a stale key behind.
    for (let k = 0; k < d; k++) this.keys[s * d + k] = NaN;
    this.call(vals, this.slots[s]!);
    for (let k = 0; k < d; k++) this.keys[s * d + k] = vals[k]!;
    this.next = (s + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    return this.slots[s]!;
  }

  /** Locate every parameter in its grid (clamped); fills cell/frac/inv. */
  private locate(vals: Float64Array): void {
    for (let k = 0; k < this.d; k++) {
      const g = this.grid![k]!;
      const n = g.length;
      let x = vals[k]!;
      let clamped = false;
      if (x <= g[0]!) {
        x = g[0]!;
        clamped = vals[k]! < g[0]!;
      } else if (x >= g[n - 1]!) {
        x = g[n - 1]!;
        clamped = vals[k]! > g[n - 1]!;
      }
      // binary search for i with g[i] <= x < g[i+1] (i = n − 2 at the upper end)
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (g[mid]! <= x) lo = mid;
        else hi = mid;
      }
      const width = g[lo + 1]! - g[lo]!;
      this.cell[k] = lo;
      this.frac[k] = (x - g[lo]!) / width;
      this.inv[k] = clamped ? 0 : 1 / width;
    }
  }

  /** Multilinear interpolation; with `dk >= 0` the derivative along parameter dk instead. */
  private interpolate(dk: number, out: Float64Array): void {
    const nb = this.nBins;
    const d = this.d;
    out.fill(0);
    const corners = 1 << d;
    for (let c = 0; c < corners; c++) {
      let w = 1;
      let node = 0;
      for (let k = 0; k < d; k++) {
        const upper = (c >> k) & 1;
        const t = this.frac[k]!;
        if (k === dk) w *= upper ? this.inv[k]! : -this.inv[k]!;
        else w *= upper ? t : 1 - t;
        node += (this.cell[k]! + upper) * this.strides[k]!;
      }
      if (w === 0) continue;
      const base = node * nb;
      const T = this.gridTemplates!;
      for (let b = 0; b < nb; b++) out[b] += w * T[base + b]!;
    }
  }

  /** Template at the parameter vector `pars` (returned array is owned by the evaluator; valid until the next call). */
  template(pars: Float64Array): Float64Array {
    for (let k = 0; k < this.d; k++) this.vals[k] = pars[this.paramIndices[k]!]!;
    if (this.grid !== null) {
      this.locate(this.vals);
      this.interpolate(-1, this.out);
      return this.out;
    }
    return this.lookup(this.vals);
  }

  /** d template / d (k-th function parameter) at `pars`, written into `out`. */
  templateDerivative(pars: Float64Array, k: number, out: Float64Array): void {
    for (let j = 0; j < this.d; j++) this.vals[j] = pars[this.paramIndices[j]!]!;
    if (this.grid !== null) {
      this.locate(this.vals);
      this.interpolate(k, out);
      return;
    }
    const x = this.vals[k]!;
    const h = this.relStep * Math.max(Math.abs(x), 1);
    const xp = Math.min(x + h, this.hi[k]!);
    const xm = Math.max(x - h, this.lo[k]!);
    this.vals[k] = xp;
    this.fdPlus.set(this.lookup(this.vals));
    this.vals[k] = xm;
    const minus = this.lookup(this.vals);
    const inv = 1 / (xp - xm);
    for (let b = 0; b < this.nBins; b++) out[b] = (this.fdPlus[b]! - minus[b]!) * inv;
    this.vals[k] = x;
  }
}
