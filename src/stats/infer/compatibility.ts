/**
 * Channel compatibility of a combination (CMS Combine's ChannelCompatibilityCheck): the POI is fitted once in common
 * and once with a separate POI per group of channels (e.g. per experiment of a combination); the test statistic is
 *   Δ = −2 ln L(common) − (−2 ln L(separate)) ≥ 0,
 * asymptotically χ² with (groups − 1) degrees of freedom when the POIs are away from their bounds (Wilks). Because POIs
 * often sit at a bound (a signal strength ≥ 0), the p-value is also computed with toys generated at the common best
 * fit (main bins Poisson, auxiliary data around θ̂), each refitted with both models. Toy k uses RNG stream k.
 */
import { Rng } from '../rng.js';
import type { ModelSpec, ParameterSpec } from '../model/spec.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { fit, type FitOptions, type FitResult } from './mle.js';
import { auxLayout, sampleToyData } from './toys.js';

/** Name of the separate POI of `group`: `<group>/<poi>`. */
export function separatePoiName(poi: string, group: string): string {
  return `${group}/${poi}`;
}

/**
 * A copy of `spec` where every modifier named `poi` in the channels of group g is renamed to `<g>/<poi>` (one
 * parameter per group, with the POI's settings). The POI must act only through channel-sample modifiers listed in
 * `groups`; the parameter order is the original one with the POI replaced by the separate POIs (in group order).
 */
export function splitPoiSpec(spec: ModelSpec, poi: string, groups: Readonly<Record<string, readonly string[]>>): ModelSpec {
  const channelGroup = new Map<string, string>();
  for (const [g, chans] of Object.entries(groups)) for (const c of chans) channelGroup.set(c, g);
  const used = new Set<string>();
  const channels = spec.channels.map((ch) => {
    const g = channelGroup.get(ch.name);
    return {
      ...ch,
      samples: ch.samples.map((s) => {
        if (!s.modifiers?.some((m) => m.name === poi)) return s;
        if (g === undefined) throw new InvalidParameters(`compatibility: channel ${ch.name} uses ${poi} but is in no group`);
        used.add(g);
        return { ...s, modifiers: s.modifiers.map((m) => (m.name === poi ? { ...m, name: separatePoiName(poi, g) } : m)) };
      }),
    };
  });
  const p = spec.parameters?.find((x) => x.name === poi);
  if (!p) throw new InvalidParameters(`compatibility: the spec declares no parameter ${poi}`);
  const groupsUsed = Object.keys(groups).filter((g) => used.has(g));
  if (groupsUsed.length < 2) throw new InvalidParameters(`compatibility: ${poi} acts in ${groupsUsed.length} group(s); at least 2 are needed`);
  const parameters: ParameterSpec[] = [];
  for (const q of spec.parameters ?? []) {
    if (q.name === poi) for (const g of groupsUsed) parameters.push({ ...p, name: separatePoiName(poi, g) });
    else parameters.push(q);
  }
  return { ...spec, name: `${spec.name}:separate-${poi}`, channels, parameters, poi: separatePoiName(poi, groupsUsed[0]!) };
}

/** Result of the compatibility test. */
export interface CompatibilityResult {
  readonly poi: string;
  /** The common fit: POI value and Hessian error. */
  readonly common: { readonly value: number; readonly error: number | null; readonly twice_nll: number; readonly converged: boolean };
  /** Per group: its separate POI value and Hessian error. */
  readonly separate: ReadonlyArray<{ readonly group: string; readonly value: number; readonly error: number | null; readonly at_bound: boolean }>;
  readonly separate_twice_nll: number;
  readonly separate_converged: boolean;
  /** Δ(−2lnL) = common − separate (≥ 0 up to fit precision). */
  readonly delta_twice_nll: number;
  readonly dof: number;
  /** χ²(dof) p-value (Wilks; not valid when a POI is at a bound). */
  readonly p_value_asymptotic: number | null;
}

/** Fit both models to `data`. */
export function compatibilityFits(common: StatModel, separate: StatModel, data: ObservedData, poi: string, groups: readonly string[], opts: { fit?: FitOptions } = {}): { result: Omit<CompatibilityResult, 'p_value_asymptotic'>; commonFit: FitResult; separateFit: FitResult } {
  const cf = fit(common, data, { ...opts.fit, hesse: true });
  // Start the separate fit at the common solution (every separate POI at the common value).
  const init = Float64Array.from(separate.params.init);
  for (let i = 0; i < separate.params.n; i++) {
    const n = separate.params.names[i]!;
    const j = common.params.names.indexOf(n);
    if (j >= 0) init[i] = cf.bestfit[j]!;
  }
  const ip = common.params.index(poi);
  for (const g of groups) init[separate.params.index(separatePoiName(poi, g))] = cf.bestfit[ip]!;
  const sf0 = fit(separate, data, { ...opts.fit, hesse: true, init });
  const sf1 = fit(separate, data, { ...opts.fit, hesse: true });
  // The lower of the two; at an exact tie the fit started from the common solution (e.g. minima at ±μ of a signal ∝ μ²).
  const sf = sf1.twiceNll < sf0.twiceNll ? sf1 : sf0;
  const err = (r: FitResult, i: number): number | null => (r.errors && Number.isFinite(r.errors[i]!) && r.errors[i]! > 0 ? r.errors[i]! : null);
  return {
    commonFit: cf,
    separateFit: sf,
    result: {
      poi,
      common: { value: cf.bestfit[ip]!, error: err(cf, ip), twice_nll: cf.twiceNll, converged: cf.status.converged },
      separate: groups.map((g) => {
        const i = separate.params.index(separatePoiName(poi, g));
        const v = sf.bestfit[i]!;
        const span = separate.params.hi[i]! - separate.params.lo[i]!;
        return { group: g, value: v, error: err(sf, i), at_bound: Math.abs(v - separate.params.lo[i]!) < 1e-6 * span || Math.abs(v - separate.params.hi[i]!) < 1e-6 * span };
      }),
      separate_twice_nll: sf.twiceNll,
      separate_converged: sf.status.converged,
      delta_twice_nll: Math.max(0, cf.twiceNll - sf.twiceNll),
      dof: groups.length - 1,
    },
  };
}

/**
 * Toy k of the compatibility test: data at `genPars` (the common best fit) from stream k, Δ(−2lnL) of the two fits
 * (both started at the generating point, a failed one again from the model's initial values), or null when a fit
 * failed.
 */
export function compatibilityToy(common: StatModel, separate: StatModel, genPars: Float64Array, poi: string, groups: readonly string[], k: number, seed: number, opts: { fit?: FitOptions } = {}): number | null {
  const toy = sampleToyData(common, genPars, new Rng(seed, k), auxLayout(common));
  let cf = fit(common, toy, { ...opts.fit, hesse: false, init: genPars });
  if (!cf.status.converged) cf = fit(common, toy, { ...opts.fit, hesse: false });
  const init = Float64Array.from(separate.params.init);
  for (let i = 0; i < separate.params.n; i++) {
    const j = common.params.names.indexOf(separate.params.names[i]!);
    if (j >= 0) init[i] = genPars[j]!;
  }
  const ip = common.params.index(poi);
  for (const g of groups) init[separate.params.index(separatePoiName(poi, g))] = cf.bestfit[ip]!;
  let sf = fit(separate, toy, { ...opts.fit, hesse: false, init });
  if (!sf.status.converged) sf = fit(separate, toy, { ...opts.fit, hesse: false });
  if (!cf.status.converged || !sf.status.converged || !Number.isFinite(cf.twiceNll) || !Number.isFinite(sf.twiceNll)) return null;
  return Math.max(0, cf.twiceNll - sf.twiceNll);
}
