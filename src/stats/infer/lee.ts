/**
 * Look-elsewhere effect: the global significance of the largest local excess found by scanning a family of signal
 * hypotheses (e.g. a resonance position or a mediator mass), where the scan variable does not exist under the
 * background-only hypothesis and Wilks' theorem does not apply to the maximum.
 *
 * A scan family is a background-only model plus one signal model per grid point. Every signal model contains the
 * background model's parameters (matched by name) and a signal strength `poi` with lower bound 0; at poi = 0 it must
 * equal the background model (same bins, same auxiliary data). Then per data set:
 *  - one background-only fit, and at each grid point a fit with the signal strength free, started from that
 *    background-only solution (poi = 0, where the two likelihoods coincide, so the fit can only go down); points
 *    whose fit fails are retried from a converged neighbour's solution (src/stats/infer/profile.ts), then from the
 *    model's initial values; a background-only fit that fails is retried from the model's initial values;
 *  - the local discovery statistic q0(k) = −2lnL(b-only) − (−2lnL(μ̂_k)), zero when μ̂ < 0 (1007.1727 eq. 12), and
 *    its maximum over the grid.
 * Global p-value: the fraction of background-only toys (generated at the background-only fit to the data) whose
 * maximum q0 reaches the observed maximum, with its binomial error.
 * Gross–Vitells (E. Gross, O. Vitells, Eur. Phys. J. C 70 (2010) 525, arXiv:1005.1891, eqs. 2–5, after Davies 1987):
 *   p_global(u) ≈ P(q0 > u at a fixed point) + E[N(u)],  E[N(u)] = E[N(c0)] (u/c0)^((s−1)/2) e^(−(u−c0)/2),
 * where N(c) counts up-crossings of the level c by q0 along the grid, estimated at a low reference level c0 from a
 * few toys, and s is the number of degrees of freedom of q0 at a fixed point (s = 1 here; the fixed-point term is
 * ½ P(χ²₁ > u) for the one-sided q0). The bound is tight when E[N(u)] ≪ 1.
 *
 * Knows nothing of neutrinos: the family is any set of StatModels.
 */
import type { ObservedData, StatModel } from '../types.js';
import { Rng } from '../rng.js';
import { chi2Sf, pValueToSignificance } from '../distributions/index.js';
import { InvalidModel, InvalidParameters } from '../../util/errors.js';
import { fit, type FitOptions, type FitResult } from './mle.js';
import { retryFromNeighbours } from './profile.js';
import { auxLayout, sampleToyData } from './toys.js';

/** A background-only model and the signal models along a scan grid (null where no signal is possible). */
export interface ScanFamily {
  readonly background: StatModel;
  readonly models: ReadonlyArray<StatModel | null>;
  /** Name of the signal strength in every signal model (lower bound 0 for a one-sided discovery test). */
  readonly poi: string;
}

/** A checked family with the parameter maps (see {@link prepareScanFamily}). */
export interface PreparedScanFamily extends ScanFamily {
  /** Per grid point: for each parameter of the signal model, the background parameter index (−1 for the POI). */
  readonly maps: ReadonlyArray<Int32Array | null>;
  /** Per grid point: index of the POI in the signal model (−1 where there is no model). */
  readonly poiIndex: Int32Array;
  /** All signal models have the same parameter names in the same order (then neighbours' solutions are starts). */
  readonly sameLayout: boolean;
  /** Constraint layout of the auxiliary data (identical in all models). */
  readonly auxNames: readonly string[];
}

function constrainedNames(m: StatModel): string[] {
  return m.params.names.filter((_, i) => m.params.constraints[i]!.type !== 'none');
}

/**
 * Check a family (same bins and auxiliary layout everywhere; each signal model = background parameters + the POI)
 * and build the parameter maps. Throws InvalidModel naming the first grid point that does not fit.
 */
export function prepareScanFamily(f: ScanFamily): PreparedScanFamily {
  const bg = f.background;
  const auxNames = constrainedNames(bg);
  const bgIndex = new Map(bg.params.names.map((n, i) => [n, i] as const));
  const maps: Array<Int32Array | null> = [];
  const poiIndex = new Int32Array(f.models.length).fill(-1);
  let firstNames: readonly string[] | null = null;
  let sameLayout = true;
  f.models.forEach((m, k) => {
    if (!m) return void maps.push(null);
    if (m.nBins !== bg.nBins || m.nAux !== bg.nAux) throw new InvalidModel(`scan family: grid point ${k} has ${m.nBins} bins and ${m.nAux} auxiliary entries, the background model ${bg.nBins} and ${bg.nAux}`);
    const aux = constrainedNames(m);
    if (aux.join('\u0000') !== auxNames.join('\u0000')) throw new InvalidModel(`scan family: grid point ${k} constrains [${aux.join(', ')}], the background model [${auxNames.join(', ')}]`);
    const map = new Int32Array(m.params.n);
    const seen = new Set<string>();
    m.params.names.forEach((n, i) => {
      if (n === f.poi) {
        map[i] = -1;
        poiIndex[k] = i;
        return;
      }
      const j = bgIndex.get(n);
      if (j === undefined) throw new InvalidModel(`scan family: parameter "${n}" of grid point ${k} is not a parameter of the background model`);
      map[i] = j;
      seen.add(n);
    });
    if (poiIndex[k]! < 0) throw new InvalidModel(`scan family: grid point ${k} has no parameter "${f.poi}"`);
    for (const n of bg.params.names) if (!seen.has(n)) throw new InvalidModel(`scan family: background parameter "${n}" is missing at grid point ${k}`);
    if (!(m.params.lo[poiIndex[k]!]! >= 0)) throw new InvalidModel(`scan family: "${f.poi}" at grid point ${k} has lower bound ${m.params.lo[poiIndex[k]!]}; the discovery test needs ${f.poi} ≥ 0`);
    if (firstNames === null) firstNames = m.params.names;
    else if (m.params.names.length !== firstNames.length || m.params.names.some((n, i) => n !== firstNames![i])) sameLayout = false;
    maps.push(map);
  });
  if (!f.models.some((m) => m)) throw new InvalidModel('scan family: no grid point has a signal model');
  return { ...f, maps, poiIndex, sameLayout, auxNames };
}

/** The local statistic along the grid for one data set. */
export interface LocalScan {
  /** q0 per grid point; NaN where there is no model or the fit failed after retries. */
  readonly q0: Float64Array;
  /** Fitted signal strength per grid point (NaN where q0 is NaN). */
  readonly poiHat: Float64Array;
  /** 1 where a model exists and its fit converged. */
  readonly converged: Uint8Array;
  readonly bOnly: FitResult;
  /** Grid points with a model whose fit still failed after retries, and the retries done. */
  readonly nFailed: number;
  readonly nRetried: number;
  /** Largest q0 and its grid index (null when no point is valid). */
  readonly max: { readonly index: number; readonly q0: number } | null;
}

/** Options of {@link scanLocalQ0}. */
export interface LocalScanOptions {
  /** Start of the background-only fit. @default the background model's init */
  readonly bOnlyInit?: Float64Array;
  /** Minimiser settings of all fits. */
  readonly minimizer?: FitOptions['minimizer'];
}

/** −2lnL(signal fit) may exceed −2lnL(b-only) by at most this before the fit counts as failed (it starts there). */
const Q0_NEGATIVE_TOLERANCE = 1e-4;

/** q0 along the grid for `data` (see the module comment). */
export function scanLocalQ0(fam: PreparedScanFamily, data: ObservedData, opts: LocalScanOptions = {}): LocalScan {
  const mini = opts.minimizer ? { minimizer: opts.minimizer } : {};
  let bOnly = fit(fam.background, data, { hesse: false, ...(opts.bOnlyInit ? { init: opts.bOnlyInit } : {}), ...mini });
  if (!bOnly.status.converged && opts.bOnlyInit) {
    // A second start from the model's own initial values (a stop just above the EDM tolerance is the usual failure).
    const again = fit(fam.background, data, { hesse: false, ...mini });
    if (again.status.converged || !(again.twiceNll >= bOnly.twiceNll)) bOnly = again;
  }
  const m = fam.models.length;
  const q0 = new Float64Array(m).fill(NaN);
  const poiHat = new Float64Array(m).fill(NaN);
  const twiceNll = new Float64Array(m).fill(NaN);
  const converged = new Uint8Array(m);
  const bestfits: Float64Array[] = [];
  const ok = (r: FitResult): boolean => r.status.converged && Number.isFinite(r.twiceNll) && r.twiceNll <= bOnly.twiceNll + Q0_NEGATIVE_TOLERANCE;
  const fitAt = (k: number, init: Float64Array | undefined): FitResult => {
    const model = fam.models[k]!;
    let x0 = init;
    if (!x0 || x0.length !== model.params.n) {
      const map = fam.maps[k]!;
      x0 = new Float64Array(model.params.n);
      for (let i = 0; i < map.length; i++) x0[i] = map[i]! >= 0 ? bOnly.bestfit[map[i]!]! : 0;
    }
    const r = fit(model, data, { hesse: false, init: x0, ...mini });
    // A fit ending above its starting point (the b-only solution) did not find the minimum: not converged.
    return ok(r) ? r : { ...r, status: { ...r.status, converged: false } };
  };
  const bOnlyOk = bOnly.status.converged && Number.isFinite(bOnly.twiceNll);
  for (let k = 0; k < m; k++) {
    if (!fam.models[k] || !bOnlyOk) {
      bestfits.push(new Float64Array(0));
      converged[k] = fam.models[k] ? 0 : 1; // no model: nothing to retry
      continue;
    }
    const r = fitAt(k, undefined);
    twiceNll[k] = r.twiceNll;
    converged[k] = r.status.converged ? 1 : 0;
    bestfits.push(r.bestfit);
  }
  let nRetried = 0;
  if (bOnlyOk && fam.sameLayout) {
    nRetried = retryFromNeighbours(m, twiceNll, converged, bestfits, fitAt);
  }
  // Last resort for points still failing: a cold start from the signal model's own initial values.
  if (bOnlyOk) {
    for (let k = 0; k < m; k++) {
      if (!fam.models[k] || converged[k]) continue;
      nRetried++;
      const r = fitAt(k, fam.models[k]!.params.init);
      if (r.status.converged) {
        twiceNll[k] = r.twiceNll;
        converged[k] = 1;
        bestfits[k] = r.bestfit;
      }
    }
  }
  let nFailed = 0;
  let max: { index: number; q0: number } | null = null;
  for (let k = 0; k < m; k++) {
    if (!fam.models[k]) continue;
    if (!converged[k] || !bOnlyOk) {
      converged[k] = 0;
      nFailed++;
      continue;
    }
    const mu = bestfits[k]![fam.poiIndex[k]!]!;
    const q = mu < 0 ? 0 : Math.max(0, bOnly.twiceNll - twiceNll[k]!);
    q0[k] = q;
    poiHat[k] = mu;
    if (!max || q > max.q0) max = { index: k, q0: q };
  }
  return { q0, poiHat, converged, bOnly, nFailed, nRetried, max };
}

/**
 * Up-crossings of `level` along the grid: pairs of consecutive valid points (NaN points are skipped) with
 * q[j] ≤ level < q[k]. (The first point above the level is not an up-crossing; Gross–Vitells count it in the
 * fixed-point term.)
 */
export function upcrossings(q: ArrayLike<number>, level: number): number {
  let n = 0;
  let prev = NaN;
  for (let k = 0; k < q.length; k++) {
    const v = q[k]!;
    if (!Number.isFinite(v)) continue;
    if (Number.isFinite(prev) && prev <= level && v > level) n++;
    prev = v;
  }
  return n;
}

/** What one background-only toy contributes: the maximum of q0 and the up-crossings at the reference levels. */
export interface ScanToy {
  /** Largest q0 over the valid grid points (null when the b-only fit failed or no point is valid). */
  readonly q0_max: number | null;
  /** Grid index of the maximum. */
  readonly index_max: number | null;
  /** Up-crossings of each reference level (same order as the levels). */
  readonly upcrossings: number[];
  /** Grid points whose fit failed after retries (excluded from the maximum). */
  readonly n_failed_points: number;
}

/**
 * Background-only toy `index` of `seed`: data drawn from the background model at `genPars` (RNG stream `index`, so
 * any split of the toys gives the same toys), scanned with {@link scanLocalQ0}.
 */
export function scanToy(fam: PreparedScanFamily, genPars: Float64Array, seed: number, index: number, levels: readonly number[], opts: LocalScanOptions = {}): ScanToy {
  const data = sampleToyData(fam.background, genPars, new Rng(seed, index), auxLayout(fam.background));
  const s = scanLocalQ0(fam, data, { bOnlyInit: genPars, ...opts });
  return {
    q0_max: s.max ? s.max.q0 : null,
    index_max: s.max ? s.max.index : null,
    upcrossings: levels.map((c) => upcrossings(s.q0, c)),
    n_failed_points: s.nFailed,
  };
}

/** p-value of the one-sided q0 at one grid point (asymptotic, ½ δ(0) + ½ χ²₁). */
export function localPValue(q0: number): number {
  return q0 <= 0 ? 0.5 : 0.5 * chi2Sf(q0, 1);
}

/** Global p-value from toys: fraction of toy maxima ≥ the observed maximum, with its binomial error. */
export interface ToyGlobalPValue {
  readonly p: number;
  /** Binomial standard error √(p(1 − p)/n). */
  readonly p_error: number;
  readonly z: number;
  readonly n_toys: number;
  /** Toys whose maximum reached the observed one. */
  readonly n_above: number;
  /** Toys without a maximum (b-only fit failed), left out of n. */
  readonly n_failed: number;
  /** Toys with at least one failed grid point (their maximum is over the other points). */
  readonly n_with_failed_points: number;
  /** Set when no toy reached the observed maximum: p is then reported with half a toy (an upper-side estimate). */
  readonly note: string | null;
}

export function toyGlobalPValue(q0Observed: number, toys: readonly ScanToy[]): ToyGlobalPValue {
  let n = 0;
  let above = 0;
  let withFailed = 0;
  for (const t of toys) {
    if (t.n_failed_points > 0) withFailed++;
    if (t.q0_max === null) continue;
    n++;
    if (t.q0_max >= q0Observed - 1e-12) above++;
  }
  const p = n > 0 ? Math.max(above, 0.5) / n : NaN;
  return {
    p,
    p_error: n > 0 ? Math.sqrt((p * (1 - p)) / n) : NaN,
    z: pValueToSignificance(p),
    n_toys: n,
    n_above: above,
    n_failed: toys.length - n,
    n_with_failed_points: withFailed,
    note: n > 0 && above === 0 ? `no toy reached the observed maximum; p < ${(1 / n).toExponential(2)} (reported with half a toy)` : null,
  };
}

/** Gross–Vitells estimate of the global p-value at the observed maximum. */
export interface GrossVitells {
  readonly p: number;
  /** Error of p from the toy estimate of E[N(c0)] (standard error of the mean). */
  readonly p_error: number;
  readonly z: number;
  /** Mean up-crossings of the reference level per toy, E[N(c0)], and its standard error. */
  readonly n_upcrossings: number;
  readonly n_upcrossings_error: number;
  readonly reference_level: number;
  readonly n_toys: number;
  /** Degrees of freedom s of q0 at a fixed point. */
  readonly dof: number;
}

/**
 * p_global(u) ≈ p_fixed(u) + E[N(c0)] (u/c0)^((s−1)/2) e^(−(u−c0)/2) (arXiv:1005.1891 eqs. 2 and 5), p_fixed the
 * one-sided ½P(χ²₁ > u) for s = 1, else P(χ²_s > u). Capped at 1.
 */
export function grossVitells(u: number, counts: readonly number[], referenceLevel: number, dof = 1): GrossVitells {
  if (!(referenceLevel > 0)) throw new InvalidParameters(`Gross–Vitells: reference level must be > 0, got ${referenceLevel}`);
  const n = counts.length;
  if (n === 0) throw new InvalidParameters('Gross–Vitells: no toys');
  let s = 0;
  let s2 = 0;
  for (const c of counts) {
    s += c;
    s2 += c * c;
  }
  const mean = s / n;
  const err = n > 1 ? Math.sqrt(Math.max(0, s2 / n - mean * mean) / (n - 1)) : NaN;
  const uu = Math.max(u, 0);
  const factor = (uu / referenceLevel) ** ((dof - 1) / 2) * Math.exp(-(uu - referenceLevel) / 2);
  const fixed = dof === 1 ? localPValue(uu) : chi2Sf(uu, dof);
  const p = Math.min(1, fixed + mean * factor);
  return { p, p_error: err * factor, z: pValueToSignificance(p), n_upcrossings: mean, n_upcrossings_error: err, reference_level: referenceLevel, n_toys: n, dof };
}
