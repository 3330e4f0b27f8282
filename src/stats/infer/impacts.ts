/**
 * Nuisance-parameter impacts on a parameter of interest (POI), their ranking, and the grouped breakdown of the POI
 * uncertainty. Nothing here knows what the parameters mean: groups are passed as name lists.
 *
 * For every free nuisance θ (all free parameters but the POI):
 *  - pre-fit centre θ₀ and width σ_pre from its constraint term and the auxiliary datum a (Gaussian: θ₀ = a, σ;
 *    log-normal: θ₀ = a, σ_pre = a·σ; Poisson τθ: θ₀ = a/τ, σ_pre = √a/τ); unconstrained parameters have none;
 *  - pull (θ̂ − θ₀)/σ_pre and constraint σ_post/σ_pre (σ_post the Hessian error of the full fit);
 *  - impacts: the POI shift μ̂(θ fixed) − μ̂ from refits with θ fixed at θ̂ ± σ_post (post-fit) and θ̂ ± σ_pre
 *    (pre-fit), the other parameters profiled — the procedure of CMS Combine's impacts and cabinetry's ranking;
 *  - the covariance estimate of the post-fit impact, Cov(μ, θ)/σ_θ, which the refits equal for a Gaussian likelihood.
 * Ranked by the larger |post-fit impact|.
 *
 * Grouped breakdown: freeze a group's parameters at their best fit, refit, and take σ_group² = σ_tot² − σ_frozen²;
 * stat-only freezes every nuisance. For a Gaussian likelihood σ_frozen² is the conditional variance, so
 * σ_group² = C_μg C_gg⁻¹ C_gμ exactly, and σ_tot² = σ_stat² + Σ_g σ_g² holds exactly when the groups are uncorrelated
 * after the fit (otherwise the breakdown does not add up, as in every tool; the residual is reported). Errors are the
 * Hessian (symmetric) errors of the refits.
 */
import type { ObservedData, StatModel } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import { fit, type FitOptions, type FitResult } from './mle.js';

/** Pre-fit centre and width of each parameter from its constraint (null where unconstrained). */
export function prefitWidths(model: StatModel, data: ObservedData): Array<{ center: number; sigma: number } | null> {
  const out: Array<{ center: number; sigma: number } | null> = [];
  let k = 0;
  for (const c of model.params.constraints) {
    if (c.type === 'none') {
      out.push(null);
      continue;
    }
    const a = data.aux[k++]!;
    switch (c.type) {
      case 'gaussian':
        out.push({ center: a, sigma: c.sigma });
        break;
      case 'lognormal':
        out.push({ center: a, sigma: a * c.sigma });
        break;
      case 'poisson':
        out.push({ center: a / c.tau, sigma: Math.sqrt(Math.max(a, 1)) / c.tau });
        break;
    }
  }
  return out;
}

/** Impact of one nuisance parameter on the POI. */
export interface NuisanceImpact {
  readonly name: string;
  /** Best-fit value and its Hessian error. */
  readonly value: number;
  readonly error: number;
  /** Pre-fit centre and width (null for unconstrained parameters). */
  readonly prefit_center: number | null;
  readonly prefit_sigma: number | null;
  /** (θ̂ − θ₀)/σ_pre; null when unconstrained. */
  readonly pull: number | null;
  /** σ_post/σ_pre; null when unconstrained. */
  readonly constraint: number | null;
  /** ΔPOI with θ fixed at [θ̂ − σ_pre, θ̂ + σ_pre]; null when unconstrained. */
  readonly prefit: readonly [number, number] | null;
  /** ΔPOI with θ fixed at [θ̂ − σ_post, θ̂ + σ_post]. */
  readonly postfit: readonly [number, number];
  /** Covariance estimate of the post-fit impact, Cov(POI, θ)/σ_θ (for θ̂ + σ_post; the − side is its negative). */
  readonly covariance_estimate: number;
  /** True when every refit converged. */
  readonly converged: boolean;
  /** A shifted value was clipped to the parameter's bounds. */
  readonly clipped: boolean;
}

/** The POI uncertainty with one group of nuisances frozen at the best fit. */
export interface GroupImpact {
  readonly name: string;
  readonly parameters: readonly string[];
  /** √(σ_tot² − σ_frozen²); 0 when σ_frozen ≥ σ_tot (then `negative` is true). */
  readonly impact: number;
  /** POI error with the group frozen. */
  readonly error_frozen: number;
  readonly negative: boolean;
  readonly converged: boolean;
}

/** Impacts, ranking and grouped breakdown. */
export interface ImpactsResult {
  readonly poi: string;
  readonly poi_value: number;
  /** Hessian error of the POI in the full fit. */
  readonly total: number;
  /** POI error with every nuisance frozen at its best fit. */
  readonly stat_only: number;
  /** Ranked by max |post-fit impact|, largest first. */
  readonly impacts: readonly NuisanceImpact[];
  readonly groups: readonly GroupImpact[];
  /** √|σ_tot² − σ_stat² − Σ_g σ_g²| with its sign: how far the breakdown is from adding up in quadrature. */
  readonly breakdown_residual: number;
  readonly fit: { readonly converged: boolean; readonly cov_pos_def: boolean; readonly twice_nll: number };
  readonly n_fits: number;
  readonly messages: readonly string[];
}

/** Options of {@link impacts}. */
export interface ImpactsOptions {
  /** The parameter of interest. @default the model's POI */
  readonly poi?: string;
  /** Groups of nuisances for the breakdown: group name → parameter names. Free nuisances in no group form "other". */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  /** Options of every fit (fixed values, bounds, minimiser settings). */
  readonly fit?: FitOptions;
  /** The full fit, when already done (must have a covariance). */
  readonly nominal?: FitResult;
}

/** Name of the group of the nuisances that the caller put in no group. */
export const UNGROUPED = 'other';

/** Refits around the full fit (warm-started from it), counting them. */
class ImpactRefits {
  nFits = 0;
  readonly muHat: number;

  constructor(
    private readonly model: StatModel,
    private readonly data: ObservedData,
    private readonly base: FitOptions,
    readonly full: FitResult,
    private readonly ip: number,
  ) {
    this.muHat = full.bestfit[ip]!;
  }

  /** ΔPOI with parameter i fixed at v (no Hesse). */
  refitPoi(i: number, v: number): { dmu: number; ok: boolean } {
    this.nFits++;
    const { base, full } = this;
    const r = fit(this.model, this.data, { ...base, hesse: false, init: full.bestfit, fixedValues: { ...base.fixedValues, [this.model.params.names[i]!]: v } });
    return { dmu: r.bestfit[this.ip]! - this.muHat, ok: r.status.converged && Number.isFinite(r.twiceNll) };
  }

  /** The POI's Hessian error with the parameters `fixedIdx` frozen at the best fit. */
  frozenError(fixedIdx: readonly number[]): { err: number; ok: boolean } {
    this.nFits++;
    const { base, full } = this;
    const fixedValues: Record<string, number> = { ...base.fixedValues };
    for (const i of fixedIdx) fixedValues[this.model.params.names[i]!] = full.bestfit[i]!;
    const r = fit(this.model, this.data, { ...base, hesse: true, init: full.bestfit, fixedValues });
    const e = r.errors ? r.errors[this.ip]! : NaN;
    return { err: e, ok: r.status.converged && r.status.covPosDef && Number.isFinite(e) };
  }
}

/** The pre- and post-fit impacts of nuisance i (shifts clipped to its bounds), its pull and constraint. */
function nuisanceImpact(model: StatModel, refits: ImpactRefits, ip: number, i: number, p: { center: number; sigma: number } | null): NuisanceImpact {
  const full = refits.full;
  const n = model.params.n;
  const th = full.bestfit[i]!;
  const err = full.errors![i]!;
  const lo = model.params.lo[i]!;
  const hi = model.params.hi[i]!;
  let clipped = false;
  const at = (v: number): number => {
    const c = Math.min(hi, Math.max(lo, v));
    if (c !== v) clipped = true;
    return c;
  };
  let ok = true;
  const shift = (s: number): [number, number] => {
    const d = refits.refitPoi(i, at(th - s));
    const u = refits.refitPoi(i, at(th + s));
    ok &&= d.ok && u.ok;
    return [d.dmu, u.dmu];
  };
  const postfit = shift(err);
  const prefit = p ? shift(p.sigma) : null;
  const cov = full.covariance![ip * n + i]!;
  return {
    name: model.params.names[i]!,
    value: th,
    error: err,
    prefit_center: p ? p.center : null,
    prefit_sigma: p ? p.sigma : null,
    pull: p ? (th - p.center) / p.sigma : null,
    constraint: p ? err / p.sigma : null,
    prefit,
    postfit,
    covariance_estimate: err > 0 ? cov / err : 0,
    converged: ok,
    clipped,
  };
}

/**
 * Groups of the breakdown: the caller's (restricted to free nuisances) and the rest as UNGROUPED (or, without groups,
 * one group per nuisance).
 */
function impactGroups(model: StatModel, groups: ImpactsOptions['groups'], full: FitResult, ip: number, free: readonly number[]): Array<{ name: string; idx: number[] }> {
  const inGroup = new Set<number>();
  const groupList: Array<{ name: string; idx: number[] }> = [];
  for (const [g, members] of Object.entries(groups ?? {})) {
    const idx: number[] = [];
    for (const m of members) {
      const i = model.params.index(m);
      if (inGroup.has(i)) throw new InvalidParameters(`impacts: parameter ${m} is in two groups`);
      if (i === ip) throw new InvalidParameters(`impacts: the POI ${m} cannot be in a group`);
      if (!full.fixed[i]) {
        idx.push(i);
        inGroup.add(i);
      }
    }
    if (idx.length) groupList.push({ name: g, idx });
  }
  const rest = free.filter((i) => !inGroup.has(i));
  if (rest.length && groups && Object.keys(groups).length) groupList.push({ name: UNGROUPED, idx: rest });
  else if (rest.length) for (const i of rest) groupList.push({ name: model.params.names[i]!, idx: [i] });
  return groupList;
}

/**
 * Impacts of every free nuisance on the POI, ranked, and the grouped breakdown of the POI error.
 * Throws InvalidParameters when the model has no free nuisance or the full fit has no covariance.
 */
export function impacts(model: StatModel, data: ObservedData, opts: ImpactsOptions = {}): ImpactsResult {
  const names = model.params.names;
  const poiName = opts.poi ?? (model.params.poiIndex !== null ? names[model.params.poiIndex]! : null);
  if (poiName === null) throw new InvalidParameters('impacts: the model has no parameter of interest; name one');
  const ip = model.params.index(poiName);
  const base = opts.fit ?? {};
  const full = opts.nominal ?? fit(model, data, { ...base, hesse: true });
  if (full.fixed[ip]) throw new InvalidParameters(`impacts: the POI ${poiName} is fixed in the fit`);
  if (!full.covariance || !full.errors) throw new InvalidParameters('impacts: the full fit has no covariance (Hessian not available)');
  const n = model.params.n;
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!full.fixed[i] && i !== ip) free.push(i);
  if (free.length === 0) throw new InvalidParameters(`impacts: the model has no free nuisance parameter besides ${poiName}`);
  const refits = new ImpactRefits(model, data, base, full, ip);
  if (!opts.nominal) refits.nFits++;
  const total = full.errors[ip]!;
  const pre = prefitWidths(model, data);
  const messages: string[] = [];

  const rows: NuisanceImpact[] = free.map((i) => nuisanceImpact(model, refits, ip, i, pre[i] ?? null));
  rows.sort((a, b) => Math.max(Math.abs(b.postfit[0]), Math.abs(b.postfit[1])) - Math.max(Math.abs(a.postfit[0]), Math.abs(a.postfit[1])));
  for (const r of rows) {
    if (!r.converged) messages.push(`a refit for ${r.name} did not converge`);
    if (r.clipped) messages.push(`${r.name}: a shifted value was clipped to the parameter bounds`);
  }

  const groupList = impactGroups(model, opts.groups, full, ip, free);
  const stat = refits.frozenError(free);
  if (!stat.ok) messages.push('the stat-only refit did not converge or has no positive-definite covariance');
  const groups: GroupImpact[] = groupList.map((g) => {
    const f = refits.frozenError(g.idx);
    const d = total * total - f.err * f.err;
    if (!f.ok) messages.push(`the refit with group ${g.name} frozen did not converge or has no positive-definite covariance`);
    return { name: g.name, parameters: g.idx.map((i) => names[i]!), impact: Math.sqrt(Math.max(0, d)), error_frozen: f.err, negative: d < 0, converged: f.ok };
  });
  groups.sort((a, b) => b.impact - a.impact);
  const resid = total * total - stat.err * stat.err - groups.reduce((s, g) => s + g.impact * g.impact, 0);
  if (!full.status.converged) messages.push('the full fit did not converge');
  if (!full.status.covPosDef) messages.push('the full fit covariance is not positive definite');
  return {
    poi: poiName,
    poi_value: refits.muHat,
    total,
    stat_only: stat.err,
    impacts: rows,
    groups,
    breakdown_residual: Math.sign(resid) * Math.sqrt(Math.abs(resid)),
    fit: { converged: full.status.converged, cov_pos_def: full.status.covPosDef, twice_nll: full.twiceNll },
    n_fits: refits.nFits,
    messages,
  };
}
