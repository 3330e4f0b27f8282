/**
 * Profile scans over a signal-family SETTING (a key of `signal:` that changes the template shape, e.g. the A′
 * lifetime `lifetime_us` of dark-photon-long-lived, or the mass): at each value the DM templates are rebuilt and the
 * DM hypothesis is fitted with its coupling and all nuisances free, giving −2lnL(value) and the best-fit coupling.
 * This is how the talk's statement that its fit "holds for τ ≤ 4 ns (m_A′ < 138 MeV), τ ≤ 30 ns (m_A′ ≈ 138 MeV)"
 * is checked: `cevnsfit scan fits/csi2017-dm-long-lived.yaml --param lifetime_us`.
 */
import { fit } from '../stats/infer/mle.js';
import { chi2Sf } from '../stats/distributions/index.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import { assembleHypothesis, couplingOfTemplates, DM_POI } from './assemble.js';
import type { LoadedAnalysis, SignalConfig } from './config.js';
import { familyOf } from './families/index.js';
import type { ExperimentAnalysis } from './types.js';

/** One point of a setting scan. */
export interface SettingScanPoint {
  readonly value: number;
  /** −2lnL of the DM fit at this value (null where no signal is possible). */
  readonly twice_nll: number | null;
  /** Best-fit family coupling at this value. */
  readonly coupling: number | null;
  readonly converged: boolean;
}

/** Result of a setting scan (named after the family's coupling). */
export interface SettingScanReport {
  readonly kind: 'setting';
  readonly family: string;
  readonly setting: string;
  readonly coupling_name: string;
  /** Fixed settings of the scan (the mass, …). */
  readonly fixed: Readonly<Record<string, number | string>>;
  readonly points: readonly SettingScanPoint[];
  /** −2lnL of the SM (no signal). */
  readonly twice_nll_sm: number;
  /** Best point of the grid. */
  readonly best: { readonly value: number; readonly twice_nll: number; readonly coupling: number; readonly on_grid_edge: boolean } | null;
  /** Per point: Δ(−2lnL) vs the best point, and the p-value of SM vs this value (Δ vs SM, 1 dof for the coupling). */
  readonly delta_twice_nll: ReadonlyArray<number | null>;
  readonly p_value_sm: ReadonlyArray<number | null>;
  /** Values where the DM fit is within Δ(−2lnL) < 1 / < 4 of the best one (grid points; null if none). */
  readonly allowed: { readonly delta1: [number, number] | null; readonly delta4: [number, number] | null };
  readonly n_failed: number;
}

/** Scan a numeric signal setting `key` over `values` at the config's other settings. */
export function scanSignalSetting(exp: ExperimentAnalysis, loaded: LoadedAnalysis, key: string, values: ArrayLike<number>, onProgress?: (d: number, t: number) => void): SettingScanReport {
  const signal = loaded.config.signal;
  if (!signal) throw new InvalidSpecification('a setting scan needs a `signal` section', 'signal');
  const family = familyOf(signal.family);
  if (key !== 'mass_MeV' && !family.shapeSettings.includes(key)) {
    throw new InvalidSpecification(
      `"${key}" is not a shape setting of family ${family.name}; scannable settings: ${['mass_MeV', ...family.shapeSettings].join(', ')}${key === 'lifetime_us' ? ' (an explicit lifetime is the family dark-photon-long-lived)' : ''}`,
      '--param',
    );
  }
  const sm = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
  const smFit = fit(sm.model, sm.data, { hesse: false });
  const points: SettingScanPoint[] = [];
  let warm: Float64Array | undefined;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!(Number.isFinite(v) && v > 0)) throw new InvalidSpecification(`expected positive values, got ${v}`, '--range');
    const sig = { ...signal, [key]: v } as SignalConfig;
    family.check?.(sig);
    const mass = key === 'mass_MeV' ? v : signal.mass_MeV;
    try {
      const a = assembleHypothesis(exp, 'dm', { massMeV: mass, dmTemplates: exp.dmSignal(sig, mass), parameterSets: loaded.parameterSets });
      let r = fit(a.model, a.data, { hesse: false, ...(warm && warm.length === a.model.params.names.length ? { init: warm } : {}) });
      if (!r.status.converged) {
        const again = fit(a.model, a.data, { hesse: false });
        if (again.status.converged || again.twiceNll < r.twiceNll) r = again;
      }
      if (r.status.converged) warm = r.bestfit;
      points.push({ value: v, twice_nll: Number.isFinite(r.twiceNll) ? r.twiceNll : null, coupling: couplingOfTemplates(r.bestfit[a.model.params.index(DM_POI)]!, a.dm!), converged: r.status.converged });
    } catch (e) {
      if (!(e instanceof InvalidModel)) throw e;
      points.push({ value: v, twice_nll: null, coupling: null, converged: true });
    }
    onProgress?.(k + 1, values.length);
  }
  let best: SettingScanReport['best'] = null;
  points.forEach((p, i) => {
    if (p.twice_nll !== null && p.converged && (!best || p.twice_nll < best.twice_nll)) best = { value: p.value, twice_nll: p.twice_nll, coupling: p.coupling!, on_grid_edge: i === 0 || i === points.length - 1 };
  });
  const b = best as SettingScanReport['best'];
  const delta = points.map((p) => (p.twice_nll === null || !b ? null : p.twice_nll - b.twice_nll));
  const range = (level: number): [number, number] | null => {
    const inside = points.filter((_, i) => delta[i] !== null && delta[i]! < level).map((p) => p.value);
    return inside.length ? [Math.min(...inside), Math.max(...inside)] : null;
  };
  return {
    kind: 'setting',
    family: family.name,
    setting: key,
    coupling_name: family.coupling.name,
    fixed: key === 'mass_MeV' ? {} : { mass_MeV: signal.mass_MeV },
    points,
    twice_nll_sm: smFit.twiceNll,
    best: b,
    delta_twice_nll: delta,
    p_value_sm: points.map((p) => (p.twice_nll === null ? null : chi2Sf(Math.max(0, smFit.twiceNll - p.twice_nll), 1))),
    allowed: { delta1: range(1), delta4: range(4) },
    n_failed: points.filter((p) => !p.converged).length,
  };
}
