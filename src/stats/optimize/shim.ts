/**
 * Removal of fixed parameters before minimisation and their restoration afterwards — in this one place.
 * `ReducedProblem` presents the free parameters of a full-space `Objective` as a smaller problem,
 * counts calls, supplies the gradient (analytic when the objective has one, else central finite
 * differences that respect the bounds), and `stitch` writes free values back into a full vector.
 */
import type { Objective } from './types.js';

/** Free-parameter view of a full objective. All work buffers are allocated once here. */
export class ReducedProblem {
  /** Number of free parameters. */
  readonly m: number;
  /** Full-space index of each free parameter. */
  readonly freeIndex: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Typical scale per free parameter (finite-difference steps are relative to it). */
  readonly typ: Float64Array;
  /** Objective evaluations so far (finite-difference gradients count 2 per parameter). */
  nCalls = 0;
  private readonly full: Float64Array;
  private readonly fullGrad: Float64Array;
  private readonly work: Float64Array;

  constructor(
    private readonly objective: Objective,
    fullStart: Float64Array,
    fixed: Uint8Array,
    fullLo: Float64Array,
    fullHi: Float64Array,
    fullTyp: Float64Array,
  ) {
    const n = objective.n;
    let m = 0;
    for (let i = 0; i < n; i++) if (!fixed[i]) m++;
    this.m = m;
    this.freeIndex = new Int32Array(m);
    this.lo = new Float64Array(m);
    this.hi = new Float64Array(m);
    this.typ = new Float64Array(m);
    for (let i = 0, k = 0; i < n; i++) {
      if (fixed[i]) continue;
      this.freeIndex[k] = i;
      this.lo[k] = fullLo[i];
      this.hi[k] = fullHi[i];
      this.typ[k] = fullTyp[i];
      k++;
    }
    this.full = Float64Array.from(fullStart);
    this.fullGrad = new Float64Array(n);
    this.work = new Float64Array(m);
  }

  /** True when the objective supplies an analytic gradient. */
  get hasAnalyticGradient(): boolean {
    return typeof this.objective.valueAndGrad === 'function';
  }

  /** Free-parameter values taken from a full vector. */
  reduce(full: Float64Array, out: Float64Array = new Float64Array(this.m)): Float64Array {
    for (let k = 0; k < this.m; k++) out[k] = full[this.freeIndex[k]];
    return out;
  }

  /** Write free values into `out` (a copy of the full vector with the fixed parameters at their values). */
  stitch(x: Float64Array, out: Float64Array = Float64Array.from(this.full)): Float64Array {
    for (let k = 0; k < this.m; k++) out[this.freeIndex[k]] = x[k];
    return out;
  }

  /** Objective at free values x. */
  value(x: Float64Array): number {
    for (let k = 0; k < this.m; k++) this.full[this.freeIndex[k]] = x[k];
    this.nCalls++;
    return this.objective.value(this.full);
  }

  /**
   * Gradient at x into g (length m); returns f(x). Analytic when available, else central differences
   * with step 1e-5·max(|x|, typ), one-sided at a bound. `f0` (f at x) saves one call when known.
   */
  grad(x: Float64Array, g: Float64Array, f0?: number): number {
    const m = this.m;
    if (this.objective.valueAndGrad) {
      for (let k = 0; k < m; k++) this.full[this.freeIndex[k]] = x[k];
      this.nCalls++;
      const f = this.objective.valueAndGrad(this.full, this.fullGrad);
      for (let k = 0; k < m; k++) g[k] = this.fullGrad[this.freeIndex[k]];
      return f;
    }
    const fx = f0 ?? this.value(x);
    const w = this.work;
    w.set(x);
    for (let k = 0; k < m; k++) {
      const h = FD_GRADIENT_REL_STEP * Math.max(Math.abs(x[k]), this.typ[k]);
      const up = x[k] + h <= this.hi[k];
      const down = x[k] - h >= this.lo[k];
      if (up && down) {
        w[k] = x[k] + h;
        const fp = this.value(w);
        w[k] = x[k] - h;
        const fm = this.value(w);
        g[k] = (fp - fm) / (2 * h);
      } else if (up) {
        w[k] = x[k] + h;
        g[k] = (this.value(w) - fx) / h;
      } else {
        w[k] = x[k] - h;
        g[k] = (fx - this.value(w)) / h;
      }
      w[k] = x[k];
    }
    return fx;
  }
}

/** Relative step of central-difference gradients: ≈ cube root of machine epsilon (optimal for central differences). */
export const FD_GRADIENT_REL_STEP = 1e-5;
