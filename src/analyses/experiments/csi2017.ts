/**
 * COHERENT CsI[Na] 2017 (Science 357 (2017) 1123, arXiv:1708.01294; data release arXiv:1804.09459) as an analysis:
 * the beam-on coincidence (C, signal) and anti-coincidence (AC, steady-state control) windows of the release on a
 * PE × arrival-time region, with CEvNS, beam-related neutrons (BRN) and steady state (SS); DM signal templates; NSI via
 * a light vector mediator; and the talk's cut-and-count (docs/data.md §1.5, docs/physics.md §6.2–6.3).
 *
 * Region (config.region): `pe` = [lo, hi) PE, edges on the release's 2-PE grid within [0, 50]; `time_us` = [lo, hi) µs,
 * edges on the 0.5-µs grid within [0, 12]. Default: pe [6, 50], time_us [0, 12] — the whole release where the
 * acceptance is not cut by the 5/6-PE step (ε = 0 below 5 PE, halved on [5, 6): the [4, 6) bin would be half-accepted
 * and carries almost no CEvNS information), all 24 time bins.
 *
 * Channels (axes pe × time_us, PE outer, time inner, like the release files):
 *  - `coincidence`: samples `ss`, `prompt_nu`, `delayed_nu`, `brn` (the signal channel; DM adds `dm`);
 *  - `anticoincidence`: sample `ss` only.
 *
 * Steady state. SS(pe, t) = ss_norm · P_AC(pe) · T_AC(t) / N_AC, the outer product of the AC beam-on projections on
 * PE and on time within the region, normalised to the AC total (ss_norm = 1 ↔ N_AC events). The same sample sits in
 * both channels with a free `ss_norm`, so the AC channel measures it in the fit (never subtracted), and C and AC have
 * the same live time (docs/data.md §1.3), so no scale factor enters. Why this shape: SS is random-coincidence
 * background whose PE spectrum and time profile come from independent causes (afterglow/intrinsic activity vs the
 * window's position), so a factorised shape is physically motivated; it has one parameter instead of one per bin
 * (a per-bin free SS would add ~500 profiled parameters and make 100-mass limit scans far too slow); and the
 * factorisation is checked on the AC data themselves (test: the independence deviance of AC is compatible with its
 * degrees of freedom). Its statistical shape uncertainty (projections with ~1000 events) is neglected.
 *
 * CEvNS (`prompt_nu`, `delayed_nu`): function samples of `Rn` (fm) and `qf` (quenching factor) from the detector layer
 * (createCsi2017Model(CSI2017_CONFIG) + SmCevnsTemplates with SNS_CSI2017_SOURCE: 29.79 MeV ν_μ line, Michel ν_e / ν̄_μ,
 * 0.08 ν/flavour/POT, 1.76e23 POT, 19.3 m, 14.57 kg; radiatively corrected couplings), with the RELEASED arrival-time
 * PDFs (arrivalTimePDF_{prompt,delayed}Neutrinos.txt; option `cevns_timing: closed-form` uses the fitted SNS pulse
 * instead). Scaled by `nu_flux` (and `cevns_norm`, fixed at 1 unless freed). When Rn or qf is profiled the templates
 * are tabulated on a grid (Rn every 0.1 fm on [3.5, 6.5]; qf on 21 nodes over ±3σ) and interpolated multilinearly;
 * values with one decimal of Rn and the nominal qf are grid nodes, so e.g. `--set Rn=5.5` is exact.
 *
 * BRN (`brn`): promptPDF.txt (events/PE/GW·h before acceptance, 1-PE bins; units UNVERIFIED, docs/data.md §1.1)
 * × the release acceptance at each 1-PE bin centre × 7.48 GW·h, summed into the 2-PE bins; time shape = the released
 * prompt-neutron arrival PDF. Reproduces the talk's "3 BRN" in the window (docs/data.md §1.5: 3.04).
 *
 * Parameters (config.parameters.<name>; value, bounds and sigma in the parameter's unit, see src/analyses/parameters.ts):
 *  - nu_flux: Gaussian, default 10 % (COHERENT 2017 flux uncertainty, Science 357 Table 1 as quoted in
 *    docs/data.md §1.6 — UNVERIFIED against the paper body);
 *  - brn_norm: Gaussian, default 25 % (the 2017 BRN estimate 7.0 ± 1.7 events, docs/physics.md §5 "real-world context",
 *    UNVERIFIED; 1.7/7.0 = 24 %);
 *  - qf: Gaussian on the quenching factor, nominal 0.0878, default σ = 0.0166 (8.78 ± 1.66 %:
 *    0.0878 from the release via pyCEvNS, ±1.66 % from third-party code, docs/data.md §1.6 — UNVERIFIED; the
 *    energy-independent QF "adopted as a compromise by COHERENT" is confirmed by the abstract of Collar et al.,
 *    arXiv:1907.04828). Profiled by default; the DM templates use the nominal qf;
 *  - Rn: neutron rms radius (fm), fixed at parameters.Rn.value (default 4.7 fm, the talk's value) unless
 *    parameters.Rn.fixed is false; then Gaussian, default σ = 0.47 fm (10 %, ≈ 0.5 fm: spread between nuclear-model values ≈ 4.8–5.0 fm and the CsI-2017 fit
 *    5.5 (+0.9 −1.1) fm of Cadeddu et al., PRL 120 (2018) 072501), bounds [3.5, 6.5];
 *  - cevns_norm: CEvNS normalisation, fixed at 1 (the SM prediction with the priors above, as in the talk) unless
 *    `cevns_norm: {fixed: false}`; only then is it a free normfactor and declared as BackgroundModel.smPoi.
 *  - ss_norm is free (measured by AC) and takes no prior.
 *
 * NSI: a light vector mediator Z′ (mass nsi.mediator_mass_MeV) coupled to ν_e (`g_e`) and to ν_μ, ν̄_μ (`g_mu`) and
 * universally to u and d quarks (g_u = g_d = g_q). The fitted parameters are the coupling PRODUCTS g_να·g_q in units of
 * g_ref(m) = 2√2 G_F (q_ref² + m²), q_ref² = 2 M_Cs T_ref with T_ref = 20 keVnr (centre of the 16–30 PE window): g_e = 1
 * means ε^u_ee = ε^d_ee = 1 at q_ref (src/physics/cevns.ts: ε(q²) = g_ν g_q / (2√2 G_F (q² + m²))). Bounds ±1, so both
 * signs (destructive and constructive interference with the Z exchange) are allowed.
 */
import { bindParameters, factorisedFromProjections, neutronRadius, normalisation, sum, type ParameterDeclaration, type ResolvedParameters } from './common.js';
import type { Csi2017Release } from '../../datasets/csi2017.js';
import { datasets } from '../datasource.js';
import { CSI2017_CONFIG, createCsi2017Model, csi2017Acceptance, type Csi2017Nuisance } from '../../detectors/csi2017.js';
import { SmCevnsTemplates } from '../../detectors/sm.js';
import { DetectorModel } from '../../detectors/template.js';
import type { InterpolatedResponse, ResponseMatrix } from '../../detectors/response.js';
import { radiativeCouplings, treeLevelCouplings, type CevnsKernelParams, type LightVectorMediator, type NucleonCouplings } from '../../physics/cevns.js';
import { FERMI_CONSTANT_PER_MEV2 } from '../../physics/constants.js';
import { NUCLEI } from '../../physics/targets.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming, tabulatedBinTiming, type TimeDistribution } from '../../physics/timing.js';
import type { FunctionSampleDefinition } from '../../stats/model/definition.js';
import type { ChannelSpec, ModifierSpec, ObservationSpec, ParameterSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig, NsiConfig } from '../config.js';
import { lazyDmSignal, makeDmSignalProvider } from '../dmsignal.js';
import type { CutAndCountResult, ExperimentAnalysis, NsiSamples } from '../types.js';
import { countingSignificance } from './csi2017-counting.js';

// ---- constants (each cited) ------------------------------------------------------------------------------------

/** Beam energy of the 2017 data set, GW·h (docs/data.md §1.6: 7.48 GW·h; 7.47594 in third-party code; UNVERIFIED). */
export const CSI2017_BEAM_ENERGY_GWH = 7.48;
/** Nominal quenching factor and its 1σ (absolute): 8.78 ± 1.66 % (docs/data.md §1.6, UNVERIFIED). */
export const CSI2017_QF_NOMINAL = CSI2017_CONFIG.quenchingFactor;
export const CSI2017_QF_SIGMA_ABS = 0.0166;
/** Default neutron rms radius (fm): the talk's value (docs/physics.md §6.2, R_n = 4.7 fm). */
export const CSI2017_DEFAULT_RN_FM = 4.7;
/** Default prior widths in the parameters' units (see the module comment for sources). */
export const CSI2017_DEFAULT_SIGMAS = { nu_flux: 0.1, brn_norm: 0.25, qf: CSI2017_QF_SIGMA_ABS, Rn: 0.47 } as const;
/** R_n range (fm) of the profiled radius and its tabulation step. */
export const CSI2017_RN_BOUNDS_FM: readonly [number, number] = [3.5, 6.5];
const RN_GRID_STEP_FM = 0.1;
/** qf range: ±3σ around nominal, tabulated on 2·QF_HALF_NODES + 1 nodes. */
const QF_RANGE_SIGMAS = 3;
const QF_HALF_NODES = 10;
/** Reference recoil energy (keVnr) defining the NSI coupling unit (centre of the 16–30 PE window at 1.172 PE/keVnr). */
export const CSI2017_NSI_REFERENCE_RECOIL_KEV = 20;

const CHANNEL_C = 'coincidence';
const CHANNEL_AC = 'anticoincidence';
const KNOWN_OPTIONS = ['cevns_timing', 'cevns_couplings'] as const;
const KNOWN_AXES = ['pe', 'time_us', 'recoil_keVnr'] as const;
const PE_STEP = 2;
const T_STEP_US = 0.5;
const DEFAULT_REGION = { pe: [6, 50] as const, time_us: [0, 12] as const };

// ---- region ------------------------------------------------------------------------------------------------------

/** The analysis region as bin-index ranges of the release's 25 × 24 layout. */
export interface Csi2017Region {
  readonly peEdges: readonly [number, number];
  readonly timeEdgesUs: readonly [number, number];
  /** PE bin range [e0, e1) and time bin range [t0, t1) in the release layout. */
  readonly e0: number;
  readonly e1: number;
  readonly t0: number;
  readonly t1: number;
  readonly nPe: number;
  readonly nTime: number;
  /**
   * Cut-and-count only: the ν prediction window in nuclear-recoil energy [lo, hi) keVnr (config `region.recoil_keVnr`).
   * When set, `cutAndCount` predicts prompt/delayed ν for lo ≤ E_r < hi (acceptance at PE = LY·QF·E_r, no PE binning) while
   * the observed and steady-state counts stay in the PE window — the convention of the talk (docs/physics.md §6.2).
   * The binned likelihood (fit, compare, limit) always uses the PE window; this key does not change it.
   */
  readonly recoilKeVnr?: readonly [number, number];
}

function onGrid(v: number, step: number): boolean {
  return Math.abs(v / step - Math.round(v / step)) < 1e-9;
}

/** Parse config.region (keys `pe`, `time_us`); errors name the key. */
export function parseCsi2017Region(region: Readonly<Record<string, readonly [number, number]>>): Csi2017Region {
  for (const k of Object.keys(region)) {
    if (!(KNOWN_AXES as readonly string[]).includes(k)) throw new InvalidSpecification(`unknown region axis "${k}"; CsI-2017 axes are ${KNOWN_AXES.join(', ')}`, `region.${k}`);
  }
  const pe = region.pe ?? DEFAULT_REGION.pe;
  const t = region.time_us ?? DEFAULT_REGION.time_us;
  const check = (r: readonly [number, number], key: string, step: number, max: number, unit: string) => {
    if (!(r[0] >= 0 && r[1] <= max && r[1] > r[0]) || !onGrid(r[0], step) || !onGrid(r[1], step)) {
      throw new InvalidSpecification(`expected [low, high] ${unit} with edges on the release's ${step}-${unit} grid within [0, ${max}], got [${r[0]}, ${r[1]}]`, `region.${key}`);
    }
  };
  check(pe, 'pe', PE_STEP, 50, 'PE');
  check(t, 'time_us', T_STEP_US, 12, 'µs');
  const e0 = Math.round(pe[0] / PE_STEP);
  const e1 = Math.round(pe[1] / PE_STEP);
  const t0 = Math.round(t[0] / T_STEP_US);
  const t1 = Math.round(t[1] / T_STEP_US);
  const rk = region.recoil_keVnr;
  if (rk !== undefined && !(rk[0] >= 0 && rk[1] > rk[0] && Number.isFinite(rk[1]))) {
    throw new InvalidSpecification(`expected [low, high] keVnr with 0 <= low < high, got [${rk[0]}, ${rk[1]}]`, 'region.recoil_keVnr');
  }
  return { peEdges: [pe[0], pe[1]], timeEdgesUs: [t[0], t[1]], e0, e1, t0, t1, nPe: e1 - e0, nTime: t1 - t0, ...(rk ? { recoilKeVnr: [rk[0], rk[1]] as const } : {}) };
}

/** Select the region's bins from a template in the release layout (25 PE × 24 time, time inner). */
export function selectRegion(reg: Csi2017Region, full: ArrayLike<number>, nTimeFull: number, out: Float64Array = new Float64Array(reg.nPe * reg.nTime)): Float64Array {
  let k = 0;
  for (let e = reg.e0; e < reg.e1; e++) for (let t = reg.t0; t < reg.t1; t++) out[k++] = full[e * nTimeFull + t]!;
  return out;
}

// ---- parameters -------------------------------------------------------------------------------------------------

/** Parameter declarations of CsI-2017 (defaults; the config's `parameters:` overrides them). */
export function csi2017Parameters(qfBounds: readonly [number, number]): ParameterDeclaration[] {
  return [
    normalisation('ss_norm', null, 'free; measured by the anti-coincidence channel (C and AC share it)'),
    normalisation('nu_flux', CSI2017_DEFAULT_SIGMAS.nu_flux, 'COHERENT 2017 flux uncertainty 10 % (Science 357 (2017) 1123, Table 1; UNVERIFIED, docs/data.md §1.6)', { bounds: [0, 3], scope: 'source:SNS' }),
    normalisation('brn_norm', CSI2017_DEFAULT_SIGMAS.brn_norm, '2017 BRN estimate 7.0 ± 1.7 events (docs/physics.md §5, UNVERIFIED)'),
    { name: 'qf', unit: '1', value: CSI2017_QF_NOMINAL, bounds: qfBounds, sigma: CSI2017_DEFAULT_SIGMAS.qf, source: 'quenching factor 8.78 ± 1.66 % (docs/data.md §1.6, UNVERIFIED)' },
    neutronRadius('CsI', CSI2017_DEFAULT_RN_FM, CSI2017_DEFAULT_SIGMAS.Rn, CSI2017_RN_BOUNDS_FM, "the talk's 4.7 fm; prior 0.47 fm ≈ spread of nuclear models vs the CsI-2017 fit 5.5 (+0.9 −1.1) fm (Cadeddu et al., PRL 120 (2018) 072501)"),
    normalisation('cevns_norm', null, 'CEvNS normalisation: fixed at the SM prediction unless freed (then the SM POI)', { fixed: true }),
  ];
}

// ---- BRN ---------------------------------------------------------------------------------------------------------

/**
 * BRN expectation on the release layout (25 PE × 24 t): promptPDF (per PE per GW·h) × acceptance at the 1-PE bin
 * centre × exposure, summed into 2-PE bins, times the prompt-neutron arrival PDF.
 */
export function csi2017BrnTemplate(rel: Csi2017Release, exposureGWh = CSI2017_BEAM_ENERGY_GWH): Float64Array {
  const peEdges = rel.coincidenceBeamOn.axes[0].edges;
  const nPe = peEdges.length - 1;
  const tPdf = rel.arrivalTimePdf.promptNeutrons.values;
  const nT = tPdf.length;
  const spec = rel.brnSpectrum;
  const e = spec.axis.edges;
  const perPe = new Float64Array(nPe);
  for (let i = 0; i < spec.values.length; i++) {
    const lo = e[i]!;
    const hi = e[i + 1]!;
    const centre = 0.5 * (lo + hi);
    let b = 0;
    while (b < nPe && !(centre >= peEdges[b]! && centre < peEdges[b + 1]!)) b++;
    if (b === nPe) continue;
    perPe[b] += spec.values[i]! * (hi - lo) * csi2017Acceptance(CSI2017_CONFIG.acceptance, centre) * exposureGWh;
  }
  const out = new Float64Array(nPe * nT);
  for (let p = 0; p < nPe; p++) for (let t = 0; t < nT; t++) out[p * nT + t] = perPe[p]! * tPdf[t]!;
  return out;
}

/** Factorised steady-state shape from the AC counts in the region (flattened like the channel; sums to N_AC). */
export function factorisedSteadyState(acRegion: Float64Array, nPe: number, nTime: number): Float64Array {
  if (!(sum(acRegion) > 0)) throw new InvalidSpecification('the anti-coincidence data are empty in this region; the steady state cannot be measured', 'region');
  return factorisedFromProjections(acRegion, nPe, nTime);
}

/** NSI coupling unit g_ref(m) = 2√2 G_F (q_ref² + m²) for the CsI-2017 binding (see module comment). */
export function csi2017NsiCouplingUnit(mediatorMassMeV: number): number {
  const mCs = NUCLEI.Cs133.massMeV;
  const tRef = CSI2017_NSI_REFERENCE_RECOIL_KEV / 1000;
  const q2 = 2 * mCs * tRef + tRef * tRef;
  return 2 * Math.SQRT2 * FERMI_CONSTANT_PER_MEV2 * (q2 + mediatorMassMeV * mediatorMassMeV);
}

// ---- build -------------------------------------------------------------------------------------------------------

/** CEvNS in the region for given (R_n, qf), optionally with other kernel parameters and a given response matrix. */
type CevnsAt = (rn: number, qf: number, params?: CevnsKernelParams, matrix?: ResponseMatrix) => { prompt: Float64Array; delayed: Float64Array };

/** What the CsI-2017 binding computes once per build and its samples, NSI hypothesis and cut-and-count share. */
interface Csi2017Context {
  readonly region: Csi2017Region;
  readonly pars: ResolvedParameters;
  readonly rn0: number;
  readonly det: DetectorModel<Csi2017Nuisance>;
  readonly nTimeFull: number;
  readonly obsC: Float64Array;
  readonly obsAC: Float64Array;
  readonly brnRegion: Float64Array;
  /** CEvNS in a recoil-energy window (region.recoil_keVnr), for the cut-and-count; null without a window. */
  readonly recoilSm: SmCevnsTemplates<number> | null;
  readonly matrixAt: (qf: number) => ResponseMatrix;
  readonly interpolatedMatrixAt: (qf: number) => ResponseMatrix;
  readonly cevnsAt: CevnsAt;
  readonly cevnsModifiers: ModifierSpec[];
}

/** Second validation pass of the options (known keys, CEvNS timing); returns the timing choice. */
function csi2017TimingOption(config: AnalysisConfig): 'released' | 'closed-form' {
  for (const k of Object.keys(config.options)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(k)) throw new InvalidSpecification(`unknown option; CsI-2017 options are ${KNOWN_OPTIONS.join(', ')}`, `options.${k}`);
  }
  const timingOpt = config.options.cevns_timing ?? 'released';
  if (timingOpt !== 'released' && timingOpt !== 'closed-form') throw new InvalidSpecification(`expected 'released' or 'closed-form', got ${JSON.stringify(timingOpt)}`, 'options.cevns_timing');
  return timingOpt;
}

/** qf nodes: nominal ± k·(3σ/QF_HALF_NODES) (the tabulation covers ±3σ of the default prior). */
function qfNodeGrid(): number[] {
  const qfStep = (QF_RANGE_SIGMAS * CSI2017_QF_SIGMA_ABS) / QF_HALF_NODES;
  const qfNodes: number[] = [];
  for (let k = -QF_HALF_NODES; k <= QF_HALF_NODES; k++) qfNodes.push(k === 0 ? CSI2017_QF_NOMINAL : CSI2017_QF_NOMINAL + k * qfStep);
  return qfNodes;
}

/** R_n nodes: every 0.1 fm over the profiled range. */
function rnNodeGrid(): number[] {
  const rnNodes: number[] = [];
  const nRn = Math.round((CSI2017_RN_BOUNDS_FM[1] - CSI2017_RN_BOUNDS_FM[0]) / RN_GRID_STEP_FM);
  for (let k = 0; k <= nRn; k++) rnNodes.push(Math.round((CSI2017_RN_BOUNDS_FM[0] + k * RN_GRID_STEP_FM) * 10) / 10);
  return rnNodes;
}

/** Neutrino arrival-time distributions: the release's tabulated PDFs, or the closed-form pulse ⊗ decays. */
function csi2017Timing(rel: Csi2017Release, timingOpt: 'released' | 'closed-form'): { prompt: TimeDistribution; delayed: TimeDistribution } {
  const tEdges = rel.arrivalTimePdf.promptNeutrinos.axis.edges;
  return timingOpt === 'released'
    ? {
        prompt: tabulatedBinTiming(tEdges, rel.arrivalTimePdf.promptNeutrinos.values, 'released prompt-ν arrival PDF'),
        delayed: tabulatedBinTiming(tEdges, rel.arrivalTimePdf.delayedNeutrinos.values, 'released delayed-ν arrival PDF'),
      }
    : { prompt: promptNeutrinoTiming(CSI2017_CONFIG.pulse), delayed: delayedNeutrinoTiming(CSI2017_CONFIG.pulse) };
}

/**
 * Cut-and-count ν prediction in a recoil-energy window (region.recoil_keVnr), the talk's convention: one bin
 * lo ≤ E_r < hi keVnr × the region's time window, release acceptance at PE = LY·qf·E_r, no PE binning. The detector
 * nuisance is the quenching factor (it moves the acceptance, not the window).
 */
function recoilWindowTemplates(
  window: readonly [number, number],
  det: DetectorModel<Csi2017Nuisance>,
  region: Csi2017Region,
  couplings: NucleonCouplings,
  timing: { prompt: TimeDistribution; delayed: TimeDistribution },
): SmCevnsTemplates<number> {
  const [lo, hi] = window;
  const model = new DetectorModel<number>({
    name: `CsI-2017 recoil window [${lo}, ${hi}) keVnr`,
    grid: det.grid,
    binning: { energyEdges: Float64Array.from([lo, hi]), energyUnit: 'keVnr', timeEdgesUs: Float64Array.from(region.timeEdgesUs) },
    nominalNuisance: CSI2017_QF_NOMINAL,
    nuisanceKey: (qf) => `qf=${qf}`,
    energyResponse: (qf) => {
      const pePerKeVnr = CSI2017_CONFIG.lightYieldPePerKeVee * qf;
      const acc = CSI2017_CONFIG.acceptance;
      return {
        nBins: 1,
        discontinuities: () => [lo, hi, acc.zeroBelowPE / pePerKeVnr, acc.halfBelowPE / pePerKeVnr],
        binProbabilities: (x: number, out: Float64Array) => {
          out[0] = x >= lo && x < hi ? csi2017Acceptance(acc, pePerKeVnr * x) : 0;
        },
      };
    },
  });
  return new SmCevnsTemplates({ model, target: CSI2017_CONFIG.target, massKg: CSI2017_CONFIG.massKg, source: CSI2017_CONFIG.source, couplings, timing });
}

/**
 * Response matrices at qf (exact, or interpolated on the qf nodes, built on first use) and the CEvNS evaluation in
 * the region (both samples from one evaluation into one full-layout buffer).
 */
function csi2017Evaluators(det: DetectorModel<Csi2017Nuisance>, sm: SmCevnsTemplates<Csi2017Nuisance>, region: Csi2017Region, nTimeFull: number, qfNodes: readonly number[]) {
  const matrixAt = (qf: number): ResponseMatrix => det.responseMatrix(qf === CSI2017_QF_NOMINAL ? det.nominalNuisance : { quenchingFactor: qf });
  let qfInterp: InterpolatedResponse | null = null;
  const interpolatedMatrixAt = (qf: number): ResponseMatrix => {
    qfInterp ??= det.interpolatedResponse(qfNodes, (v) => (v === CSI2017_QF_NOMINAL ? det.nominalNuisance : { quenchingFactor: v }));
    return qfInterp.at(qf);
  };
  const full = { prompt: new Float64Array(det.shape.size), delayed: new Float64Array(det.shape.size) };
  const cevnsAt: CevnsAt = (rn, qf, params, matrix) => {
    sm.evaluate(params ?? { radii: { neutronRmsFm: rn } }, matrix ?? matrixAt(qf), full);
    return { prompt: selectRegion(region, full.prompt, nTimeFull), delayed: selectRegion(region, full.delayed, nTimeFull) };
  };
  return { matrixAt, interpolatedMatrixAt, cevnsAt };
}

/**
 * The SM CEvNS of (R_n, qf), memoised so that grid tabulation, repeated compiles (one per mass in a limit scan) and
 * the two samples share the work. Bounded to avoid unbounded growth.
 */
function memoisedCevns(cevnsAt: CevnsAt): (rn: number, qf: number) => { prompt: Float64Array; delayed: Float64Array } {
  const memo = new Map<string, { prompt: Float64Array; delayed: Float64Array }>();
  const MEMO_MAX = 4096;
  return (rn: number, qf: number) => {
    const key = `${rn}|${qf}`;
    let r = memo.get(key);
    if (!r) {
      r = cevnsAt(rn, qf);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(key, r);
    }
    return r;
  };
}

/** The coincidence and anti-coincidence channels: steady state (shared ss_norm) and BRN; CEvNS are function samples. */
function csi2017Channels(region: Csi2017Region, ssShape: Float64Array, brnRegion: Float64Array): ChannelSpec[] {
  const axes = [
    { name: 'pe', unit: 'PE', edges: Array.from({ length: region.nPe + 1 }, (_, i) => region.peEdges[0] + i * PE_STEP) },
    { name: 'time_us', unit: 'us', edges: Array.from({ length: region.nTime + 1 }, (_, i) => region.timeEdgesUs[0] + i * T_STEP_US) },
  ];
  const ssSample = { name: 'ss', data: Array.from(ssShape), modifiers: [{ type: 'normfactor', name: 'ss_norm' }] as ModifierSpec[] };
  return [
    { name: CHANNEL_C, axes, samples: [ssSample, { name: 'brn', data: Array.from(brnRegion), modifiers: [{ type: 'normfactor', name: 'brn_norm' }] }] },
    { name: CHANNEL_AC, axes, samples: [ssSample] },
  ];
}

/** Observed counts, or the Asimov data of the background-only expectation at the nominal parameters. */
function csi2017Observations(ctx: Csi2017Context, data: AnalysisConfig['data'], ssShape: Float64Array, smCevns: (rn: number, qf: number) => { prompt: Float64Array; delayed: Float64Array }): ObservationSpec[] {
  if (data === 'asimov') {
    const nBins = ctx.region.nPe * ctx.region.nTime;
    const nom = smCevns(ctx.rn0, CSI2017_QF_NOMINAL);
    const c = new Float64Array(nBins);
    for (let i = 0; i < nBins; i++) c[i] = ssShape[i]! + ctx.brnRegion[i]! + nom.prompt[i]! + nom.delayed[i]!;
    return [
      { channel: CHANNEL_C, data: Array.from(c) },
      { channel: CHANNEL_AC, data: Array.from(ssShape) },
    ];
  }
  return [
    { channel: CHANNEL_C, data: Array.from(ctx.obsC) },
    { channel: CHANNEL_AC, data: Array.from(ctx.obsAC) },
  ];
}

/** The binding's facts (units in the keys). */
function csi2017Facts(ctx: Csi2017Context, timingOpt: 'released' | 'closed-form', couplings: NucleonCouplings): Record<string, number | string> {
  const src = CSI2017_CONFIG.source;
  const region = ctx.region;
  return {
    detector: CSI2017_CONFIG.name,
    mass_kg: CSI2017_CONFIG.massKg,
    distance_m: src.distanceM,
    protons_on_target: src.protonsOnTarget,
    beam_energy_GWh: CSI2017_BEAM_ENERGY_GWH,
    nu_per_flavor_per_pot: src.nuPerFlavorPerPot,
    region_pe: `[${region.peEdges.join(', ')})`,
    region_time_us: `[${region.timeEdgesUs.join(', ')})`,
    Rn_fm: ctx.rn0,
    quenching_factor: CSI2017_QF_NOMINAL,
    pe_per_keVnr: CSI2017_CONFIG.lightYieldPePerKeVee * CSI2017_QF_NOMINAL,
    cevns_timing: timingOpt === 'released' ? 'released arrival-time PDFs' : 'closed-form pulse (0.69, 0.14) µs ⊗ π/μ decay',
    couplings: couplings.description,
    steady_state: 'factorised AC (PE × time projections), ss_norm shared by C and AC',
    observed_C: sum(ctx.obsC),
    observed_AC: sum(ctx.obsAC),
  };
}

/** DM templates on the coincidence channel (nominal response), loading the beam file on first use. */
function csi2017DmSignal(ctx: Csi2017Context): ExperimentAnalysis['dmSignal'] {
  const src = CSI2017_CONFIG.source;
  return lazyDmSignal(() => {
    const beam = datasets().snsBeam();
    return makeDmSignalProvider([
      {
        channel: CHANNEL_C,
        detector: ctx.det as DetectorModel<unknown>,
        target: CSI2017_CONFIG.target,
        massKg: CSI2017_CONFIG.massKg,
        distanceM: src.distanceM,
        protonsOnTarget: src.protonsOnTarget,
        pulse: CSI2017_CONFIG.pulse,
        mode: 'nuclear',
        beam: 'sns',
        beamData: { pi0: beam.pi0, brem: beam.brem },
        toChannel: (t) => selectRegion(ctx.region, t, ctx.nTimeFull),
      },
    ]);
  });
}

/** The NSI hypothesis: CEvNS with a light vector mediator, couplings in units of csi2017NsiCouplingUnit. */
function csi2017Nsi(ctx: Csi2017Context, cfg: NsiConfig): NsiSamples {
  const unit = csi2017NsiCouplingUnit(cfg.mediator_mass_MeV);
  const couplingsFit = [...new Set(cfg.couplings)];
  const memoNsi = new Map<string, { prompt: Float64Array; delayed: Float64Array }>();
  const params = [...couplingsFit, 'Rn', 'qf'];
  const evalNsi = (v: Float64Array) => {
    const key = Array.from(v).join('|');
    let r = memoNsi.get(key);
    if (!r) {
      let ge = 0;
      let gmu = 0;
      couplingsFit.forEach((c, i) => {
        if (c === 'g_e') ge = v[i]!;
        else gmu = v[i]!;
      });
      const rn = v[couplingsFit.length]!;
      const qf = v[couplingsFit.length + 1]!;
      const mediator: LightVectorMediator = { massMeV: cfg.mediator_mass_MeV, gNuE: ge * unit, gNuMu: gmu * unit, gU: 1, gD: 1 };
      const matrix = ctx.pars.free('qf') ? ctx.interpolatedMatrixAt(qf) : ctx.matrixAt(qf);
      r = ctx.cevnsAt(rn, qf, { radii: { neutronRmsFm: rn }, newPhysics: { mediator } }, matrix);
      if (memoNsi.size >= 256) memoNsi.clear();
      memoNsi.set(key, r);
    }
    return r;
  };
  const def = (name: 'prompt_nu' | 'delayed_nu'): FunctionSampleDefinition => ({
    channel: CHANNEL_C,
    name,
    parameters: params,
    evaluate: (v) => evalNsi(v)[name === 'prompt_nu' ? 'prompt' : 'delayed'],
    modifiers: ctx.cevnsModifiers,
    cacheSize: 64,
  });
  return {
    parameters: couplingsFit.map((c) => ({ name: c, init: 0, bounds: [-1, 1] as const })),
    functionSamples: [def('prompt_nu'), def('delayed_nu')],
    couplings: couplingsFit,
  };
}

/** The talk's cut-and-count in the region (counts, excess, significances) at the parameters set by `sets`. */
function csi2017CutAndCount(ctx: Csi2017Context, known: ReadonlySet<string>, facts: Readonly<Record<string, number | string>>, sets: ReadonlyMap<string, number>): CutAndCountResult {
  const { region, pars, recoilSm } = ctx;
  const recoilWindow = region.recoilKeVnr;
  for (const [k, v] of sets) {
    if (!known.has(k)) throw new InvalidSpecification(`unknown parameter "${k}"; CsI-2017 parameters: ${[...known].sort().join(', ')}`, `--set ${k}`);
    if (!Number.isFinite(v)) throw new InvalidSpecification(`expected a finite number, got ${v}`, `--set ${k}`);
  }
  const rn = sets.get('Rn') ?? ctx.rn0;
  const qf = sets.get('qf') ?? CSI2017_QF_NOMINAL;
  if (!(rn >= CSI2017_RN_BOUNDS_FM[0] && rn <= CSI2017_RN_BOUNDS_FM[1])) throw new InvalidSpecification(`R_n must lie in [${CSI2017_RN_BOUNDS_FM.join(', ')}] fm`, '--set Rn');
  if (!(qf > 0)) throw new InvalidSpecification('qf must be > 0', '--set qf');
  const nuScale = (sets.get('nu_flux') ?? 1) * (sets.get('cevns_norm') ?? 1);
  const brnScale = sets.get('brn_norm') ?? 1;
  const t = recoilSm ? recoilSm.evaluate({ radii: { neutronRmsFm: rn } }, qf) : ctx.cevnsAt(rn, qf);
  const observed = sum(ctx.obsC);
  const steady = sum(ctx.obsAC);
  const prompt = nuScale * sum(t.prompt);
  const delayed = nuScale * sum(t.delayed);
  const brn = brnScale * sum(ctx.brnRegion);
  const excess = observed - steady - prompt - delayed - brn;
  const significance = excess / Math.sqrt(2 * steady + prompt + delayed + brn);
  const nuSigma = pars.get('nu_flux').sigma ?? 0;
  const brnSigma = pars.get('brn_norm').sigma ?? 0;
  // The talk's arithmetic: every component rounded to whole events before forming the excess and Z
  // (97 − 49 − 19 − 0 − 3 = 26, 26/√(98 + 19 + 0 + 3) = 2.37 → "2.4σ"; docs/physics.md §6.2–6.3).
  const w = { d: Math.round(delayed), p: Math.round(prompt), b: Math.round(brn) };
  const excessWhole = observed - steady - w.d - w.p - w.b;
  const significanceWhole = excessWhole / Math.sqrt(2 * steady + w.d + w.p + w.b);
  const prof = countingSignificance({ observedC: observed, observedAC: steady, nu: prompt + delayed, brn, nuSigma, brnSigma });
  if (!prof.valid) throw new InvalidSpecification(`profile-likelihood significance did not converge: ${prof.messages.join('; ')}`, 'cutAndCount');
  return {
    observed,
    steady_state: steady,
    delayed_nu: delayed,
    prompt_nu: prompt,
    brn,
    excess,
    significance,
    significance_profile: prof.z,
    details: {
      region_pe: facts.region_pe!,
      region_time_us: facts.region_time_us!,
      nu_prediction_window: recoilWindow ? `recoil [${recoilWindow.join(', ')}) keVnr × t [${region.timeEdgesUs.join(', ')}) us (region.recoil_keVnr)` : 'the PE window of the counts',
      Rn_fm: rn,
      quenching_factor: qf,
      nu_flux_sigma: nuSigma,
      brn_norm_sigma: brnSigma,
      significance_formula: 'excess / sqrt(2*SS + nu + BRN)',
      excess_whole_events: excessWhole,
      significance_whole_events: significanceWhole,
      whole_events_note: "the talk's arithmetic: nu and BRN rounded to whole events before the excess and Z are formed",
      significance_profile_method: 'q0 of Pois(C | s + ss + nu + brn) x Pois(AC | ss) with Gaussian nu_flux, brn_norm priors',
      prompt_nu_energy_MeV: 29.79,
    },
  };
}

/** Build the CsI-2017 analysis from a validated config. */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  if (config.experiment !== 'csi2017') throw new InvalidSpecification(`expected experiment csi2017, got ${config.experiment}`, 'experiment');
  // ---- second validation pass
  const timingOpt = csi2017TimingOption(config);
  const region = parseCsi2017Region(config.region);
  const qfNodes = qfNodeGrid();
  const qfBounds: [number, number] = [qfNodes[0]!, qfNodes[qfNodes.length - 1]!];
  const pars = bindParameters(csi2017Parameters(qfBounds), config);
  const rn0 = pars.get('Rn').value;
  const cevnsNormFree = pars.free('cevns_norm');
  if (cevnsNormFree && pars.get('cevns_norm').sigma !== null) throw new InvalidSpecification('cevns_norm is a free normalisation without a prior; use {fixed: false} to free it', 'parameters.cevns_norm.sigma');

  // ---- data and detector (everything expensive happens here, once)
  const rel = datasets().csi2017();
  const nTimeFull = rel.coincidenceBeamOn.axes[1].edges.length - 1;
  const det: DetectorModel<Csi2017Nuisance> = createCsi2017Model(CSI2017_CONFIG);
  if (det.shape.nTime !== nTimeFull || det.shape.nEnergy !== rel.coincidenceBeamOn.axes[0].edges.length - 1) {
    throw new InvalidSpecification(`detector layout ${det.shape.nEnergy}×${det.shape.nTime} differs from the release layout`, 'csi2017');
  }
  const obsC = selectRegion(region, rel.coincidenceBeamOn.values, nTimeFull);
  const obsAC = selectRegion(region, rel.anticoincidenceBeamOn.values, nTimeFull);
  const ssShape = factorisedSteadyState(obsAC, region.nPe, region.nTime);
  const brnRegion = selectRegion(region, csi2017BrnTemplate(rel), nTimeFull);
  const timing = csi2017Timing(rel, timingOpt);
  const couplingsOpt = config.options.cevns_couplings ?? 'tree-level';
  if (couplingsOpt !== 'tree-level' && couplingsOpt !== 'radiative') throw new InvalidSpecification(`expected 'tree-level' or 'radiative', got ${JSON.stringify(couplingsOpt)}`, 'options.cevns_couplings');
  const couplings = couplingsOpt === 'tree-level' ? treeLevelCouplings() : radiativeCouplings();
  const sm = new SmCevnsTemplates({ model: det, target: CSI2017_CONFIG.target, massKg: CSI2017_CONFIG.massKg, source: CSI2017_CONFIG.source, couplings, timing });
  const recoilSm = region.recoilKeVnr ? recoilWindowTemplates(region.recoilKeVnr, det, region, couplings, timing) : null;
  const rnNodes = rnNodeGrid();
  const useGrid = pars.free('qf') || pars.free('Rn');
  const cevnsModifiers: ModifierSpec[] = [
    { type: 'normfactor', name: 'nu_flux' },
    { type: 'normfactor', name: 'cevns_norm' },
  ];
  const ctx: Csi2017Context = { region, pars, rn0, det, nTimeFull, obsC, obsAC, brnRegion, recoilSm, cevnsModifiers, ...csi2017Evaluators(det, sm, region, nTimeFull, qfNodes) };
  const smCevns = memoisedCevns(ctx.cevnsAt);

  // ---- the likelihood's pieces
  const fsDef = (name: 'prompt_nu' | 'delayed_nu'): FunctionSampleDefinition => ({
    channel: CHANNEL_C,
    name,
    parameters: ['Rn', 'qf'],
    evaluate: (v) => smCevns(v[0]!, v[1]!)[name === 'prompt_nu' ? 'prompt' : 'delayed'],
    ...(useGrid ? { grid: [rnNodes, qfNodes] } : {}),
    modifiers: cevnsModifiers,
  });
  const channels = csi2017Channels(region, ssShape, brnRegion);
  const parameters: ParameterSpec[] = pars.specs();
  const functionSamples = [fsDef('prompt_nu'), fsDef('delayed_nu')];
  const observations = csi2017Observations(ctx, config.data, ssShape, smCevns);
  const facts = csi2017Facts(ctx, timingOpt, couplings);
  const known = new Set(parameters.map((p) => p.name));

  return {
    experiment: 'csi2017',
    config,
    background: {
      channels,
      parameters,
      resolved: pars,
      functionSamples,
      observations,
      signalChannels: [CHANNEL_C],
      cevnsSamples: ['prompt_nu', 'delayed_nu'],
      facts,
      // Contract: smPoi names a FREE CEvNS normalisation; declared only when the config frees cevns_norm.
      ...(cevnsNormFree ? { smPoi: 'cevns_norm' } : {}),
    },
    dmSignal: csi2017DmSignal(ctx),
    nsi: (cfg: NsiConfig) => csi2017Nsi(ctx, cfg),
    cutAndCount: (sets: ReadonlyMap<string, number>) => csi2017CutAndCount(ctx, known, facts, sets),
  };
}
