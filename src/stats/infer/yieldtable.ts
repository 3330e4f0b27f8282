/**
 * Yield tables per channel and sample, with errors, at a parameter point and a covariance: the pre-fit table (initial
 * values, covariance diag(σ_pre²) from the constraint terms — unconstrained parameters contribute nothing pre-fit) and
 * the post-fit table (best fit, the fit's covariance). Errors are the linear propagation σ² = gᵀ V g with the analytic
 * per-sample gradients (same definition as ./yields.ts); the channel total's gradient is the sum of its samples'.
 */
import type { ObservedData, StatModel } from '../types.js';
import type { FitResult } from './mle.js';
import type { YieldModel } from './yields.js';
import { prefitWidths } from './impacts.js';

export interface YieldRow {
  readonly sample: string;
  readonly value: number;
  readonly error: number | null;
}

export interface ChannelYieldTable {
  readonly channel: string;
  readonly samples: readonly YieldRow[];
  readonly total: { readonly value: number; readonly error: number | null };
  readonly observed: number;
}

type TableModel = YieldModel & StatModel & { readonly channels: ReadonlyArray<{ readonly name: string; readonly offset: number; readonly nBins: number }> };

function quad(g: Float64Array, cov: Float64Array, free: (i: number) => boolean, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (g[i] === 0 || !free(i)) continue;
    for (let j = 0; j < n; j++) if (free(j)) v += g[i]! * cov[i * n + j]! * g[j]!;
  }
  return Math.sqrt(Math.max(0, v));
}

/** One table per channel at `pars` with covariance `cov` (null: no errors). */
export function yieldTable(model: TableModel, data: ObservedData, pars: Float64Array, cov: Float64Array | null, fixed: Uint8Array): ChannelYieldTable[] {
  const n = model.params.n;
  const yields = model.sampleYields(pars);
  const free = (i: number): boolean => !fixed[i];
  return model.channels.map((ch) => {
    const y = yields.find((c) => c.channel === ch.name)!;
    const grads = cov && model.sampleYieldGradients ? model.sampleYieldGradients(pars, [ch.name]) : null;
    const tot = new Float64Array(n);
    const samples = y.samples.map((s) => {
      const g = grads?.get(s.sample);
      if (g) for (let i = 0; i < n; i++) tot[i] += g[i]!;
      return { sample: s.sample, value: s.total, error: g && cov ? quad(g, cov, free, n) : null };
    });
    let observed = 0;
    for (let b = ch.offset; b < ch.offset + ch.nBins; b++) observed += data.main[b]!;
    return { channel: ch.name, samples, total: { value: samples.reduce((a, s) => a + s.value, 0), error: grads && cov ? quad(tot, cov, free, n) : null }, observed };
  });
}

/** Pre-fit tables (initial values, constraint widths) and post-fit tables (best fit, fit covariance). */
export function prePostYieldTables(model: TableModel, data: ObservedData, result: FitResult): { prefit: ChannelYieldTable[]; postfit: ChannelYieldTable[] } {
  const n = model.params.n;
  const pre = prefitWidths(model, data);
  const covPre = new Float64Array(n * n);
  for (let i = 0; i < n; i++) if (pre[i] && !result.fixed[i]) covPre[i * n + i] = pre[i]!.sigma ** 2;
  return {
    prefit: yieldTable(model, data, Float64Array.from(model.params.init), covPre, result.fixed),
    postfit: yieldTable(model, data, result.bestfit, result.covariance, result.fixed),
  };
}
