/**
 * Fitted yields per sample with errors propagated through the full covariance of a fit.
 *
 * Definition (the contract reported by `fit --json`): the fitted yield of a sample is the sum, over the bins of the
 * selected channels, of that sample's expected counts with EVERY modifier applied at the best fit (normfactors,
 * normsys, histosys, shapesys, staterror, function-sample parameters — whatever the model evaluates), clipped at 0
 * per bin like the likelihood. Its error is the linear propagation σ² = gᵀ V g through the full covariance V of the
 * fit, g = ∂yield/∂θ: analytic when the model offers it (`sampleYieldGradients`), else central differences that
 * respect the parameter bounds (one-sided at a bound). Fixed parameters do not contribute. Without a covariance
 * (no Hesse, or a Hessian that was not positive definite) the error is null.
 */
import type { ParameterConfig } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import type { FitResult } from './mle.js';

/** Per-channel, per-sample expected counts at a parameter point (what CompiledModel.sampleYields returns). */
export interface ChannelSampleYields {
  readonly channel: string;
  readonly samples: ReadonlyArray<{ readonly sample: string; readonly total: number }>;
}

/** A model that can report its per-sample expectations (CompiledModel is one). */
export interface YieldModel {
  readonly params: ParameterConfig;
  sampleYields(pars: Float64Array): readonly ChannelSampleYields[];
  /**
   * Optional analytic gradient of each sample's summed yield over `channels`: sample name → ∂yield/∂θ (length n).
   * Used instead of finite differences when present.
   */
  sampleYieldGradients?(pars: Float64Array, channels: readonly string[]): Map<string, Float64Array>;
}

/** A fitted yield with its propagated error (null without a valid covariance). */
export interface FittedYield {
  readonly value: number;
  readonly error: number | null;
}

/** Summed yield per sample over the selected channels at `pars`. */
export function sampleTotals(model: YieldModel, pars: Float64Array, channels: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const ch of model.sampleYields(pars)) {
    if (!channels.includes(ch.channel)) continue;
    for (const s of ch.samples) out.set(s.sample, (out.get(s.sample) ?? 0) + s.total);
  }
  return out;
}

/** Relative finite-difference step, in units of the parameter's error (bounded below by 1e-6 absolute). */
const FD_STEP_IN_SIGMA = 1e-3;

/**
 * Per-sample fitted yields over `channels` with errors through the full covariance of `fit`.
 * @returns sample name → { value, error }
 */
export function fittedYields(model: YieldModel, channels: readonly string[], fit: FitResult): Record<string, FittedYield> {
  const n = model.params.n;
  if (fit.bestfit.length !== n) throw new InvalidParameters(`fittedYields: the fit has ${fit.bestfit.length} parameters, the model ${n}`);
  const known = new Set(model.sampleYields(fit.bestfit).map((c) => c.channel));
  for (const c of channels) if (!known.has(c)) throw new InvalidParameters(`fittedYields: unknown channel '${c}' (known: ${[...known].join(', ')})`);
  const central = sampleTotals(model, fit.bestfit, channels);
  const names = [...central.keys()];
  const cov = fit.covariance;
  const out: Record<string, FittedYield> = {};
  if (!cov) {
    for (const s of names) out[s] = { value: central.get(s)!, error: null };
    return out;
  }
  let grads: Map<string, Float64Array>;
  if (model.sampleYieldGradients) grads = model.sampleYieldGradients(fit.bestfit, channels);
  else {
    grads = new Map(names.map((s) => [s, new Float64Array(n)]));
    const x = Float64Array.from(fit.bestfit);
    for (let i = 0; i < n; i++) {
      if (fit.fixed[i] || !(cov[i * n + i]! > 0)) continue;
      const h = Math.max(1e-6, FD_STEP_IN_SIGMA * Math.sqrt(cov[i * n + i]!));
      const xp = Math.min(model.params.hi[i]!, x[i]! + h);
      const xm = Math.max(model.params.lo[i]!, x[i]! - h);
      if (!(xp > xm)) continue;
      x[i] = xp;
      const up = sampleTotals(model, x, channels);
      x[i] = xm;
      const dn = sampleTotals(model, x, channels);
      x[i] = fit.bestfit[i]!;
      for (const s of names) grads.get(s)![i] = (up.get(s)! - dn.get(s)!) / (xp - xm);
    }
  }
  for (const s of names) {
    const g = grads.get(s)!;
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (g[i] === 0 || fit.fixed[i]) continue;
      for (let j = 0; j < n; j++) if (!fit.fixed[j]) v += g[i]! * cov[i * n + j]! * g[j]!;
    }
    const err = Math.sqrt(Math.max(0, v));
    out[s] = { value: central.get(s)!, error: Number.isFinite(err) ? err : null };
  }
  return out;
}
