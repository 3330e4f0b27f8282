/**
 * The dark-matter hypothesis profiled over the mediator mass, reported as a physicist expects it.
 *
 * The mediator mass m_A′ is not a continuous fit parameter (one template set per mass), so the DM fit is done on ONE
 * mass grid — `scan.mass_MeV` of the config, or the single `signal.mass_MeV` when there is no `scan` section
 * ({@link dmMassGridOf}); `fit`, `compare` and `scan --param mass,Y` all use it. At every grid mass Y and all nuisances
 * are profiled, giving the profile −2lnL(m_A′) (`mass_profile`). From it:
 *  - `best_fit`: the grid point with the lowest −2lnL, flagged `on_grid_edge` when it is the first or last valid mass
 *    (then the true minimum may lie outside the grid);
 *  - `mass_intervals`: the masses where Δ(−2lnL) < 1 and < 4 (linear interpolation in ln m between grid points);
 *    "unconstrained" when the set reaches both ends of the grid (a likelihood flat in mass: physics, not a failure);
 *  - `best_fit_allowed`: the best fit restricted to couplings that the existing limits (dataset `dark-photon-limits`,
 *    src/datasets/limits.ts) allow at their own CL (90 %): at each mass Y ≤ Y_max(m) = the lowest of the Y-valued
 *    curves there; where the unrestricted Ŷ exceeds Y_max the fit is redone with Y fixed at Y_max (the likelihood in
 *    μ ∝ Y² has one maximum, so the restricted maximum lies on the boundary). Grid masses that no curve covers
 *    (m_χ below the curves' 1 MeV start) are left out: the allowed region is unknown there (stated in the note).
 *
 * Existing-limit conventions (verified as far as possible, see datasets/dark-photon-limits/manifest.json): the
 * Y-valued curves are Y = ε² α_D (m_χ/m_A′)⁴ for α_D = 0.5 and m_A′ = 3 m_χ, plotted against m_χ — the LSND curve ends
 * at 44.6 MeV ≈ m_π0/3, the kinematic end of π⁰ → γA′ with m_A′ = 3 m_χ. They are therefore placed at m_A′ = 3·x and
 * applied only to configs with alpha_D = 0.5 and chi_mass_ratio = 3 (otherwise `best_fit_allowed` is null with the
 * reason). Curves of unknown convention (ldmx.txt, *.csv) and the relic target are not used.
 */
import { fit, type FitResult } from '../stats/infer/mle.js';
import { retryFromNeighbours } from '../stats/infer/profile.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import type { DarkPhotonLimits } from '../datasets/limits.js';
import { datasets } from './datasource.js';
import { expandGrid, type LoadedAnalysis } from './config.js';
import { assembleHypothesis, couplingFromMu, DM_POI, muOfTemplates, type AssembledModel } from './assemble.js';
import type { ExperimentAnalysis } from './types.js';

/** Δ(−2lnL) levels of the reported mass intervals (1 and 4: "1σ" and "2σ" for one parameter, Wilks). */
export const MASS_INTERVAL_LEVELS = [1, 4] as const;
/** CL of the existing limits used for `best_fit_allowed` (the published curves are 90 % CL limits). */
export const EXISTING_LIMITS_CL = 0.9;
/** Existing-limit curves used: Y-valued curves against m_χ (src/datasets/limits.ts). */
export const EXISTING_LIMIT_CURVES = ['lsnd.txt', 'babar.txt', 'miniboone-e.txt', 'miniboone-n.txt', 'na64.txt'] as const;
/** The benchmark of the existing-limit curves: α_D = 0.5, m_A′ = 3 m_χ. */
export const EXISTING_LIMITS_BENCHMARK = { alphaD: 0.5, chiMassRatio: 3 } as const;

/** The one DM mass grid (MeV) of a config: `scan.mass_MeV`, else the single `signal.mass_MeV`. */
export function dmMassGridOf(loaded: LoadedAnalysis): { masses: Float64Array; source: string } {
  const cfg = loaded.config;
  if (!cfg.signal) throw new InvalidSpecification('this command needs a `signal` section', 'signal');
  return cfg.scan ? { masses: expandGrid(cfg.scan.mass_MeV), source: 'scan.mass_MeV' } : { masses: Float64Array.of(cfg.signal.mass_MeV), source: 'signal.mass_MeV' };
}

/** One mass point of the profile. */
export interface MassProfilePoint {
  readonly mass_MeV: number;
  /** −2lnL profiled over Y and the nuisances (null where no DM signal exists at this mass or the fit failed). */
  readonly twice_nll: number | null;
  readonly Y: number | null;
  /** Fit converged (after a retry from a neighbouring mass); null where no DM signal is possible at this mass. */
  readonly converged: boolean | null;
}

/** A Δ(−2lnL) mass interval: ranges (null bound = reaches the grid edge), or "unconstrained". */
export interface MassInterval {
  readonly level: number;
  readonly status: 'constrained' | 'open' | 'unconstrained';
  /** Disjoint mass ranges (MeV) with Δ(−2lnL) < level; a null bound means the range reaches that end of the grid. */
  readonly ranges: ReadonlyArray<{ readonly lower_MeV: number | null; readonly upper_MeV: number | null }>;
}

export interface MassBestFit {
  readonly mass_MeV: number;
  readonly Y: number;
  readonly twice_nll: number;
  /** True when the best mass is the lowest or highest valid grid mass. */
  readonly on_grid_edge: boolean;
}

export interface AllowedBestFit extends MassBestFit {
  /** twice_nll(restricted) − twice_nll(unrestricted best fit) ≥ 0. */
  readonly delta_twice_nll: number;
  /** Whether Y sits on the existing-limit boundary Y_max(m). */
  readonly on_limit: boolean;
  readonly cl: number;
  readonly curves: readonly string[];
}

/** The mass-profile part of a DM fit report. */
export interface MassProfileReport {
  readonly mass_grid: { readonly source: string; readonly n: number; readonly from_MeV: number; readonly to_MeV: number };
  readonly mass_profile: readonly MassProfilePoint[];
  /** Health of the profile: points still failing after retries from a neighbouring mass, and retries done. */
  readonly mass_profile_summary: { readonly n_points: number; readonly n_failed: number; readonly n_retried: number };
  readonly best_fit: MassBestFit;
  readonly mass_intervals: { readonly delta1: MassInterval; readonly delta4: MassInterval };
  /** max − min of the valid profile −2lnL: how much the data constrain the mass at all. */
  readonly profile_range_twice_nll: number;
  readonly best_fit_allowed: AllowedBestFit | null;
  /** Why best_fit_allowed is null (benchmark mismatch, limits not installed), or which grid masses no curve covers. */
  readonly best_fit_allowed_note: string | null;
}

/** Mass ranges where delta < level, interpolating linearly in ln m between neighbouring grid points. */
export function massIntervals(masses: ArrayLike<number>, delta: ReadonlyArray<number | null>, level: number): MassInterval {
  const valid: number[] = [];
  for (let i = 0; i < masses.length; i++) if (delta[i] !== null && delta[i] !== undefined) valid.push(i);
  const ranges: Array<{ lower_MeV: number | null; upper_MeV: number | null }> = [];
  const cross = (i: number, j: number) => {
    const di = delta[i]!;
    const dj = delta[j]!;
    const f = (level - di) / (dj - di);
    return Math.exp(Math.log(masses[i]!) + f * (Math.log(masses[j]!) - Math.log(masses[i]!)));
  };
  let open: { lower_MeV: number | null } | null = null;
  for (let k = 0; k < valid.length; k++) {
    const i = valid[k]!;
    const inside = delta[i]! < level;
    if (inside && !open) open = { lower_MeV: k === 0 ? null : cross(valid[k - 1]!, i) };
    if (!inside && open) {
      ranges.push({ lower_MeV: open.lower_MeV, upper_MeV: cross(valid[k - 1]!, i) });
      open = null;
    }
  }
  if (open) ranges.push({ lower_MeV: open.lower_MeV, upper_MeV: null });
  const unconstrained = ranges.length === 1 && ranges[0]!.lower_MeV === null && ranges[0]!.upper_MeV === null;
  const isOpen = ranges.some((r) => r.lower_MeV === null || r.upper_MeV === null);
  return { level, status: unconstrained ? 'unconstrained' : isOpen ? 'open' : 'constrained', ranges };
}

/** Best valid point of a profile and whether it lies on the grid edge. */
export function bestOfProfile(points: readonly MassProfilePoint[]): { index: number; best: MassBestFit } {
  let bi = -1;
  let first = -1;
  let last = -1;
  points.forEach((p, i) => {
    if (p.twice_nll === null) return;
    if (first < 0) first = i;
    last = i;
    if (bi < 0 || p.twice_nll < points[bi]!.twice_nll!) bi = i;
  });
  if (bi < 0) throw new InvalidSpecification('no mass point gave a DM fit', 'scan.mass_MeV');
  const p = points[bi]!;
  return { index: bi, best: { mass_MeV: p.mass_MeV, Y: p.Y ?? 0, twice_nll: p.twice_nll!, on_grid_edge: points.length > 1 && (bi === first || bi === last) } };
}

/**
 * Y_max(m_A′): the lowest existing limit at mediator mass m (MeV), log–log interpolation of each curve inside its
 * mass range (curves do not extrapolate). Null where no curve covers m.
 */
export function existingLimitEnvelope(limits: DarkPhotonLimits, chiMassRatio: number): { yMaxAt: (massMeV: number) => number | null; curves: string[] } {
  const curves = EXISTING_LIMIT_CURVES.filter((n) => limits.curves[n]?.couplingVariable === 'Y');
  const yMaxAt = (m: number): number | null => {
    let best: number | null = null;
    for (const n of curves) {
      const c = limits.curves[n]!;
      const x = m / chiMassRatio; // curves are against m_χ
      const xs = c.massMeV;
      for (let i = 0; i + 1 < xs.length; i++) {
        const a = xs[i]!;
        const b = xs[i + 1]!;
        if (!(x >= Math.min(a, b) && x <= Math.max(a, b)) || a === b) continue;
        const f = (Math.log(x) - Math.log(a)) / (Math.log(b) - Math.log(a));
        const y = Math.exp(Math.log(c.coupling[i]!) + f * (Math.log(c.coupling[i + 1]!) - Math.log(c.coupling[i]!)));
        if (best === null || y < best) best = y;
        break;
      }
    }
    return best;
  };
  return { yMaxAt, curves: [...curves] };
}

/** The installed existing-limit curves, or null when the dataset is not installed (then best_fit_allowed is null). */
export function tryLoadExistingLimits(): DarkPhotonLimits | null {
  try {
    return datasets().darkPhotonLimits();
  } catch {
    return null;
  }
}

/** Result of {@link profileDmOverMasses}. */
export interface DmMassProfile {
  readonly report: MassProfileReport;
  /** Assembled model and fit of the unrestricted best mass. */
  readonly assembled: AssembledModel;
  readonly result: FitResult;
}

/**
 * Fit the DM hypothesis at every mass of the grid (Y and nuisances profiled), summarise the profile, and — when the
 * existing limits are given — the best fit restricted to the allowed region.
 */
export function profileDmOverMasses(
  exp: ExperimentAnalysis,
  loaded: LoadedAnalysis,
  grid: { masses: Float64Array; source: string },
  opts: { limits?: DarkPhotonLimits | null; onProgress?: (done: number, total: number) => void } = {},
): DmMassProfile {
  const masses = grid.masses;
  const n = masses.length;
  const models: Array<AssembledModel | null> = [];
  const results: Array<FitResult | null> = [];
  masses.forEach((m, k) => {
    let a: AssembledModel | null = null;
    try {
      a = assembleHypothesis(exp, 'dm', { massMeV: m, parameterSets: loaded.parameterSets });
    } catch (e) {
      if (!(e instanceof InvalidModel)) throw e;
    }
    models.push(a);
    results.push(a ? fit(a.model, a.data, { hesse: false }) : null);
    opts.onProgress?.(k + 1, n);
  });
  // A fit that did not converge is retried from the solution of a converged neighbouring mass (the models differ only
  // in the DM template; src/stats/infer/profile.ts retryFromNeighbours); a point still failing is flagged, never chosen.
  const nll = Float64Array.from(results, (r) => (r ? r.twiceNll : NaN));
  // Masses without a model count as "done" (never retried); as neighbours they offer no start (empty vector).
  const conv = Uint8Array.from(results, (r) => (r === null || r.status.converged ? 1 : 0));
  const bestfits = results.map((r) => r?.bestfit ?? new Float64Array(0));
  const retried = retryFromNeighbours(n, nll, conv, bestfits, (k, init) => {
    const a = models[k]!;
    if (init.length !== a.model.params.n) return results[k]!;
    const r = fit(a.model, a.data, { hesse: false, init });
    if (r.status.converged) results[k] = r;
    return r;
  });
  const points: MassProfilePoint[] = [];
  const fits: Array<{ a: AssembledModel; r: FitResult } | null> = [];
  for (let k = 0; k < n; k++) {
    const a = models[k];
    const r = results[k];
    if (!a || !r) {
      // No DM signal is possible at this mass (all production channels closed or outside the region).
      points.push({ mass_MeV: masses[k]!, twice_nll: null, Y: null, converged: null });
      fits.push(null);
      continue;
    }
    const ok = r.status.converged && Number.isFinite(r.twiceNll);
    points.push({ mass_MeV: masses[k]!, twice_nll: ok ? r.twiceNll : null, Y: ok ? couplingFromMu(r.bestfit[a.model.params.index(DM_POI)]!, a.dm!.referenceCoupling, a.dm!.countPower) : null, converged: r.status.converged });
    fits.push(ok ? { a, r } : null);
  }
  const summary = { n_points: n, n_failed: points.filter((p) => p.converged === false).length, n_retried: retried };
  const { index, best } = bestOfProfile(points);
  const valid = points.filter((p) => p.twice_nll !== null).map((p) => p.twice_nll!);
  const delta = points.map((p) => (p.twice_nll === null ? null : p.twice_nll - best.twice_nll));

  let allowed: AllowedBestFit | null = null;
  let note: string | null = null;
  const sig = loaded.config.signal!;
  if (!opts.limits) note = 'the dark-photon-limits dataset is not installed';
  else if (sig.alpha_D !== EXISTING_LIMITS_BENCHMARK.alphaD || sig.chi_mass_ratio !== EXISTING_LIMITS_BENCHMARK.chiMassRatio) {
    note = `the existing-limit curves are for alpha_D = 0.5 and m_A' = 3 m_chi; this config has alpha_D = ${sig.alpha_D}, chi_mass_ratio = ${sig.chi_mass_ratio}`;
  } else {
    const env = existingLimitEnvelope(opts.limits, sig.chi_mass_ratio);
    const restricted: MassProfilePoint[] = points.map((p, i) => {
      const f = fits[i];
      if (p.twice_nll === null || !f) return p;
      const yMax = env.yMaxAt(p.mass_MeV);
      if (yMax === null) return { ...p, twice_nll: null }; // no curve covers this mass: allowed region unknown
      if (p.Y! <= yMax) return p;
      const r = fit(f.a.model, f.a.data, { hesse: false, init: f.r.bestfit, fixedValues: { [DM_POI]: muOfTemplates(yMax, f.a.dm!) } });
      const ok = r.status.converged && Number.isFinite(r.twiceNll);
      return { mass_MeV: p.mass_MeV, twice_nll: ok ? r.twiceNll : null, Y: yMax, converged: r.status.converged };
    });
    const uncovered = points.filter((p) => p.twice_nll !== null && env.yMaxAt(p.mass_MeV) === null).map((p) => p.mass_MeV);
    if (uncovered.length > 0) {
      note = `no existing-limit curve covers m_A' = ${uncovered[0]!.toPrecision(3)}–${uncovered[uncovered.length - 1]!.toPrecision(3)} MeV (${uncovered.length} grid masses); they are left out of best_fit_allowed`;
    }
    const rb = bestOfProfile(restricted);
    const yMax = env.yMaxAt(rb.best.mass_MeV);
    allowed = {
      ...rb.best,
      delta_twice_nll: rb.best.twice_nll - best.twice_nll,
      on_limit: yMax !== null && Math.abs(rb.best.Y / yMax - 1) < 1e-12,
      cl: EXISTING_LIMITS_CL,
      curves: env.curves,
    };
  }
  const report: MassProfileReport = {
    mass_grid: { source: grid.source, n: masses.length, from_MeV: masses[0]!, to_MeV: masses[masses.length - 1]! },
    mass_profile: points,
    best_fit: best,
    mass_intervals: { delta1: massIntervals(masses, delta, MASS_INTERVAL_LEVELS[0]), delta4: massIntervals(masses, delta, MASS_INTERVAL_LEVELS[1]) },
    mass_profile_summary: summary,
    profile_range_twice_nll: Math.max(...valid) - Math.min(...valid),
    best_fit_allowed: allowed,
    best_fit_allowed_note: note,
  };
  const f = fits[index]!;
  return { report, assembled: f.a, result: f.r };
}
