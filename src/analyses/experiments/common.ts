/** Helpers shared by the experiment bindings. */
import type { ParameterSpec } from '../../stats/model/spec.js';
import type { NuisanceConfig } from '../config.js';

/**
 * Parameter settings of a nuisance from its default and `config.nuisances[name]`:
 * `fixed` or `sigma: 0` fix it at its nominal value; `sigma` replaces the prior width (relative for normalisations,
 * in units of the released ±1σ for shape nuisances); `defaultSigma: null` means unconstrained unless `sigma` is given.
 */
export function nuisanceParameter(name: string, nominal: number, bounds: readonly [number, number], defaultSigma: number | null, cfg: NuisanceConfig | undefined): ParameterSpec {
  const sigma = cfg?.sigma ?? defaultSigma;
  const fixed = cfg?.fixed === true || sigma === 0;
  const p: ParameterSpec = { name, init: nominal, bounds, ...(fixed ? { fixed: true } : {}) };
  if (sigma !== null && sigma > 0) return { ...p, constraint: { type: 'gaussian', sigma, mean: nominal } };
  return p;
}

/** Σ of an array. */
export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
