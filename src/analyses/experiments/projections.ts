/**
 * Projection analyses (no data: `data: asimov`) for three future or running detectors at pulsed stopped-pion sources:
 *
 *  - `ccm`       CCM200 at LANSCE Lujan: LAr nuclear recoils, 800 MeV protons on W, 20 m
 *                (detector model: src/detectors/projections.ts ccmProjectionConfig, idealised response);
 *  - `jsns2`     JSNS2 at J-PARC MLF: Gd-LS electron recoils, 3 GeV protons on Hg, 24 m, two proton bunches
 *                (jsns2ProjectionConfig; DM recoils on electrons);
 *  - `lar-tonne` a tonne-scale COHERENT LAr detector at the SNS with the CENNS-10 (LAr-2020) detector response and its
 *                released background templates scaled to the new exposure (src/detectors/lar2020.ts).
 *
 * Every exposure number, threshold and window comes from the config (`options`, `region`), where the YAML states its
 * source; nothing silently falls back to COHERENT values (docs/physics.md §8.1 item 5). The binding builds one channel
 * `detector` (energy × time, plus F90 for lar-tonne) with static background samples computed once here:
 *   prompt_nu, delayed_nu  SM neutrino scattering (CEvNS for LAr, ν–e for JSNS2), normfactor `nu_flux` with a Gaussian prior;
 *   brn (CCM), brn_prompt / brn_delayed (lar-tonne)  beam-related neutrons, normfactors with Gaussian priors;
 *   ss                      steady-state background, normfactor `ss_norm` with a Gaussian prior.
 * The observations are the background-only expectation at nominal parameters (Asimov), so observed limits are the
 * median expected ones.
 */
import { z } from 'zod';
import { loadCcmBeam, loadJsns2Beam, loadSnsBeam } from '../../datasets/beams.js';
import { loadLar2020, type Lar2020Release } from '../../datasets/lar2020.js';
import { ccmProjectionConfig, createProjectionModel, jsns2ProjectionConfig, nuElectronComponents, type ProjectionDetectorConfig } from '../../detectors/projections.js';
import { createLar2020Model, lar2020ConfigFromRelease } from '../../detectors/lar2020.js';
import { SmCevnsTemplates } from '../../detectors/sm.js';
import { JPARC_PULSE, LUJAN_PULSE, SNS_LAR2020_PULSE } from '../../detectors/sources.js';
import { DetectorModel, uniformEdges } from '../../detectors/template.js';
import { radiativeCouplings } from '../../physics/cevns.js';
import { E_NU_K_DAR_MEV, protonsOnTargetFromGWh } from '../../physics/constants.js';
import { fluencePerFlavorPerCm2, lineSpectrum, piDarFluxComponents, type FluxComponent, type StoppedPionSource } from '../../physics/flux.js';
import { TARGET_LAR } from '../../physics/targets.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming, pulseTiming, type BeamPulse } from '../../physics/timing.js';
import { parseWithSchema } from '../../stats/model/schemaErrors.js';
import type { AxisSpec, ParameterSpec, SampleSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig, NuisanceConfig, SignalConfig } from '../config.js';
import { lazyDmSignal, makeDmSignalProvider, type DmChannelBinding } from '../dmsignal.js';
import type { BackgroundModel, DmSignalTemplates, ExperimentAnalysis } from '../types.js';

/** Name of the single channel of every projection. */
export const PROJECTION_CHANNEL = 'detector';

/** Elementary charge (C), exact SI value; used for protons per pulse = I / (e f). */
const ELEMENTARY_CHARGE_C = 1.602176634e-19;

/** Default relative prior of the ν-flux normalisation (issue 6: `nu_flux` 10 % prior). */
const DEFAULT_NU_FLUX_SIGMA = 0.1;

/** Upper bound of every normalisation nuisance (in units of its nominal value). */
const NORM_UPPER_BOUND = 10;

// ---- option schemas (second validation pass; errors name `options.<key>`) ---------------------------------------

const pos = z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive number' });
const nonNeg = z.number().refine((v) => Number.isFinite(v) && v >= 0, { message: 'expected a number >= 0' });
const fraction = z.number().refine((v) => v > 0 && v <= 1, { message: 'expected a number in (0, 1]' });

const ccmOptions = z.strictObject({
  years: pos,
  /** Total protons on target of the projection (the YAML cites the run plan). */
  protons_on_target: pos,
  /** ν per flavour per proton at 800 MeV on W (no default: the YAML states its derivation). */
  nu_per_flavor_per_pot: pos,
  beam_current_uA: pos,
  rep_rate_Hz: pos,
  /** Flat detection efficiency. */
  efficiency: fraction,
  energy_bin_keVnr: pos,
  time_bin_us: pos,
  /** Steady-state rate (events / kg / keVnr / s of open window), flat in energy and time. */
  ss_rate_per_kg_keVnr_s: nonNeg,
  /** Beam-related neutron events in the analysis window for the full exposure (flat in energy). */
  brn_events: nonNeg,
  /** Delay of the BRN arrival-time distribution relative to the proton pulse (µs). */
  brn_delay_us: nonNeg,
});

const jsns2Options = z.strictObject({
  years: pos,
  protons_on_target: pos,
  nu_per_flavor_per_pot: pos,
  /** Mono-energetic 236 MeV ν_μ (K⁺ decay at rest) per π-DAR ν_μ. */
  kdar_per_pidar_numu: nonNeg,
  efficiency: fraction,
  energy_bin_MeV: pos,
  time_bin_us: pos,
});

const larTonneOptions = z.strictObject({
  years: pos,
  /** Fiducial LAr mass (kg). */
  mass_kg: pos,
  distance_m: pos,
  /** Integrated beam energy on target (GW·h) and proton kinetic energy (GeV) → POT = E / T_p. */
  beam_energy_GWh: pos,
  proton_energy_GeV: pos,
  nu_per_flavor_per_pot: pos,
});

type CcmOptions = z.infer<typeof ccmOptions>;
type Jsns2Options = z.infer<typeof jsns2Options>;
type LarTonneOptions = z.infer<typeof larTonneOptions>;

function parseOptions<T>(schema: z.ZodType<T>, config: AnalysisConfig): T {
  try {
    return parseWithSchema(schema, config.options, `options of ${config.experiment}`);
  } catch (e) {
    if (e instanceof InvalidSpecification) {
      // Prefix the path with `options.` so the message names the config key.
      const path = e.path && e.path !== '(root)' ? `options.${e.path}` : 'options';
      throw new InvalidSpecification(e.message.replace(/^[^:]*: /, ''), path);
    }
    throw e;
  }
}

/** Region axes: the allowed names per experiment, each [low, high]. */
function regionAxis(config: AnalysisConfig, allowed: readonly string[], name: string): readonly [number, number] {
  for (const k of Object.keys(config.region)) {
    if (!allowed.includes(k)) throw new InvalidSpecification(`unknown region axis; ${config.experiment} knows ${allowed.join(', ')}`, `region.${k}`);
  }
  const r = config.region[name];
  if (!r) throw new InvalidSpecification(`missing; give [low, high] (${config.experiment} needs ${allowed.join(', ')})`, `region.${name}`);
  return r;
}

/** Uniform edges on [lo, hi] with a bin width that must divide the range. */
function edgesFor(range: readonly [number, number], width: number, key: string): Float64Array {
  const n = Math.round((range[1] - range[0]) / width);
  if (n < 1 || Math.abs(range[0] + n * width - range[1]) > 1e-9 * Math.max(1, Math.abs(range[1]))) {
    throw new InvalidSpecification(`bin width ${width} does not divide the region [${range[0]}, ${range[1]}]`, key);
  }
  return uniformEdges(range[0], range[1], width);
}

// ---- nuisances ---------------------------------------------------------------------------------------------------

/** A normalisation nuisance with its cited default prior. */
interface NormNuisance {
  readonly name: string;
  readonly sigma: number;
  readonly source: string;
}

function checkNuisanceNames(config: AnalysisConfig, known: readonly NormNuisance[]): void {
  const names = known.map((n) => n.name);
  for (const k of Object.keys(config.nuisances)) {
    if (!names.includes(k)) throw new InvalidSpecification(`unknown nuisance; ${config.experiment} has ${names.join(', ')}`, `nuisances.${k}`);
  }
}

function normParameter(n: NormNuisance, cfg: NuisanceConfig | undefined): ParameterSpec {
  const sigma = cfg?.sigma ?? n.sigma;
  const fixed = cfg?.fixed === true || sigma === 0;
  if (fixed) return { name: n.name, init: 1, bounds: [0, NORM_UPPER_BOUND], fixed: true };
  return { name: n.name, init: 1, bounds: [0, Math.max(NORM_UPPER_BOUND, 1 + 8 * sigma)], constraint: { type: 'gaussian', sigma } };
}

function normSample(name: string, data: Float64Array, param: string): SampleSpec {
  return { name, data: Array.from(data), modifiers: [{ type: 'normfactor', name: param }] };
}

function total(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Common model assembly: samples → BackgroundModel with the Asimov observations. */
function backgroundModel(
  axes: readonly AxisSpec[],
  samples: ReadonlyArray<{ name: string; data: Float64Array; param: string }>,
  nuisances: readonly NormNuisance[],
  config: AnalysisConfig,
  facts: Record<string, number | string>,
  cevnsSamples: readonly string[],
): BackgroundModel {
  checkNuisanceNames(config, nuisances);
  const size = samples[0]!.data.length;
  const asimov = new Float64Array(size);
  for (const s of samples) for (let i = 0; i < size; i++) asimov[i] = asimov[i]! + s.data[i]!;
  const used = new Set(samples.map((s) => s.param));
  const parameters = nuisances.filter((n) => used.has(n.name)).map((n) => normParameter(n, config.nuisances[n.name]));
  for (const s of samples) facts[`expected_${s.name}_events`] = total(s.data);
  for (const n of nuisances) if (used.has(n.name)) facts[`prior_${n.name}`] = `${config.nuisances[n.name]?.sigma ?? n.sigma} (${config.nuisances[n.name]?.source ?? n.source})`;
  return {
    channels: [{ name: PROJECTION_CHANNEL, axes, samples: samples.map((s) => normSample(s.name, s.data, s.param)) }],
    parameters,
    functionSamples: [],
    observations: [{ channel: PROJECTION_CHANNEL, data: Array.from(asimov) }],
    signalChannels: [PROJECTION_CHANNEL],
    cevnsSamples,
    facts,
  };
}

function requireAsimov(config: AnalysisConfig): void {
  if (config.data !== 'asimov') throw new InvalidSpecification(`projections have no observed data; expected "asimov", got "${config.data}"`, 'data');
}

function requireNoRnProfiling(config: AnalysisConfig): void {
  if (config.physics.profile_Rn) throw new InvalidSpecification('projections do not profile R_n (fixed at physics.Rn_fm or the argon charge radius); set it to false', 'physics.profile_Rn');
}

/** Neutron rms radius for argon CEvNS: config value, else R_n = R_ch(⁴⁰Ar) = 3.427 fm (Angeli & Marinova 2013; no neutron skin — an assumption). */
function argonRn(config: AnalysisConfig): number {
  return config.physics.Rn_fm ?? TARGET_LAR.nuclei.find((n) => n.nucleus.name === 'Ar40')!.nucleus.chargeRadiusFm;
}

/** Lazily built DM provider (loads beam data only when a DM hypothesis is requested). */

/** DM signal of the single projection channel; the beam file is loaded on first use. */
function lazyProjectionDm(
  binding: Omit<DmChannelBinding<unknown>, 'channel' | 'beamData'>,
  loadBeam: () => { readonly pi0: DmChannelBinding<unknown>['beamData']['pi0']; readonly brem: DmChannelBinding<unknown>['beamData']['brem'] },
): (signal: SignalConfig, massMeV: number) => DmSignalTemplates {
  return lazyDmSignal(() => {
    const beam = loadBeam();
    return makeDmSignalProvider([{ ...binding, channel: PROJECTION_CHANNEL, beamData: { pi0: beam.pi0, brem: beam.brem } }]);
  });
}

/** DM signal of a projection detector whose configuration carries target, mass, source and pulse. */
function projectionDm(
  det: DmChannelBinding<unknown>['detector'],
  cfg: ProjectionDetectorConfig,
  mode: DmChannelBinding<unknown>['mode'],
  beam: DmChannelBinding<unknown>['beam'],
  loadBeam: Parameters<typeof lazyProjectionDm>[1],
): (signal: SignalConfig, massMeV: number) => DmSignalTemplates {
  return lazyProjectionDm(
    { detector: det, target: cfg.target, massKg: cfg.massKg, distanceM: cfg.source.distanceM, protonsOnTarget: cfg.source.protonsOnTarget, pulse: cfg.pulse, mode, beam, toChannel: (tpl) => tpl },
    loadBeam,
  );
}

/** Source with the configured POT and ν yield replacing the factory's (facility defaults are never used silently). */
function withExposure(src: StoppedPionSource, pot: number, r: number, potCitation: string, rCitation: string): StoppedPionSource {
  return { ...src, protonsOnTarget: pot, nuPerFlavorPerPot: r, citations: { ...src.citations, protonsOnTarget: potCitation, nuPerFlavorPerPot: rCitation } };
}

// ---- CCM ---------------------------------------------------------------------------------------------------------

const CCM_NUISANCES: readonly NormNuisance[] = [
  { name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'issue 6 projection assumption (10 %)' },
  { name: 'brn_norm', sigma: 0.5, source: 'ASSUMPTION: no published CCM200 BRN rate' },
  { name: 'ss_norm', sigma: 0.05, source: 'ASSUMPTION: measured in situ in beam-off windows' },
];

/** The CCM projection's detector configuration (exposure and binning from the config). */
export function ccmDetectorConfig(config: AnalysisConfig, o: CcmOptions = parseOptions(ccmOptions, config)): ProjectionDetectorConfig {
  const base = ccmProjectionConfig(o.years, o.nu_per_flavor_per_pot);
  const e = regionAxis(config, ['energy_keVnr', 'time_us'], 'energy_keVnr');
  const t = regionAxis(config, ['energy_keVnr', 'time_us'], 'time_us');
  return {
    ...base,
    source: withExposure(base.source, o.protons_on_target, o.nu_per_flavor_per_pot, 'config options.protons_on_target', 'config options.nu_per_flavor_per_pot'),
    efficiency: o.efficiency,
    binning: { energyEdges: edgesFor(e, o.energy_bin_keVnr, 'options.energy_bin_keVnr'), energyUnit: 'keVnr', timeEdgesUs: edgesFor(t, o.time_bin_us, 'options.time_bin_us') },
    gridMax: Math.max(base.gridMax, e[1] * 1.5),
  };
}

function axesOf(det: DetectorModel<unknown>, energyName: string, energyUnit: string): AxisSpec[] {
  return [
    { name: energyName, unit: energyUnit, edges: Array.from(det.binning.energyEdges) },
    { name: 'time_us', unit: 'us', edges: Array.from(det.binning.timeEdgesUs) },
  ];
}

/** Fraction of a flat-in-time background in each time bin × window length: returns the open window per pulse (s). */
function windowSeconds(edgesUs: Float64Array): number {
  return (edgesUs[edgesUs.length - 1]! - edgesUs[0]!) * 1e-6;
}

function buildCcm(config: AnalysisConfig): ExperimentAnalysis {
  const o = parseOptions(ccmOptions, config);
  const cfg = ccmDetectorConfig(config, o);
  const det = createProjectionModel(cfg);
  const { nEnergy, nTime, size } = det.shape;
  const timing = { prompt: promptNeutrinoTiming(cfg.pulse), delayed: delayedNeutrinoTiming(cfg.pulse) };
  const sm = new SmCevnsTemplates({ model: det, target: cfg.target, massKg: cfg.massKg, source: cfg.source, couplings: radiativeCouplings(), timing });
  const Rn = argonRn(config);
  const cevns = sm.evaluate({ radii: { neutronRmsFm: Rn } });

  // Steady state: flat in energy and time; open window = pulses × window length.
  const protonsPerPulse = (o.beam_current_uA * 1e-6) / (ELEMENTARY_CHARGE_C * o.rep_rate_Hz);
  const pulses = o.protons_on_target / protonsPerPulse;
  const eEdges = det.binning.energyEdges;
  const tEdges = det.binning.timeEdgesUs;
  const ss = new Float64Array(size);
  for (let e = 0; e < nEnergy; e++) {
    for (let t = 0; t < nTime; t++) {
      const dE = eEdges[e + 1]! - eEdges[e]!;
      const dT = (tEdges[t + 1]! - tEdges[t]!) * 1e-6;
      ss[e * nTime + t] = o.ss_rate_per_kg_keVnr_s * cfg.massKg * dE * dT * pulses;
    }
  }
  // BRN: flat in energy; time = proton pulse delayed by brn_delay_us; normalised to brn_events in the window.
  const brnPulse: BeamPulse = { ...cfg.pulse, meanUs: cfg.pulse.meanUs + o.brn_delay_us };
  const brnTime = det.timeFractions(pulseTiming(brnPulse));
  const brnTimeSum = total(brnTime);
  const brn = new Float64Array(size);
  const eRange = eEdges[nEnergy]! - eEdges[0]!;
  if (brnTimeSum > 0) {
    for (let e = 0; e < nEnergy; e++) for (let t = 0; t < nTime; t++) brn[e * nTime + t] = (o.brn_events * (eEdges[e + 1]! - eEdges[e]!) * brnTime[t]!) / (eRange * brnTimeSum);
  }

  const facts: Record<string, number | string> = {
    detector: cfg.name,
    fiducial_mass_kg: cfg.massKg,
    distance_m: cfg.source.distanceM,
    proton_energy_GeV: cfg.source.protonEnergyGeV,
    protons_on_target: cfg.source.protonsOnTarget,
    nu_per_flavor_per_pot: cfg.source.nuPerFlavorPerPot,
    fluence_per_flavor_per_cm2: fluencePerFlavorPerCm2(cfg.source),
    efficiency: cfg.efficiency,
    energy_window_keVnr: `[${eEdges[0]}, ${eEdges[nEnergy]}]`,
    time_window_us: `[${tEdges[0]}, ${tEdges[nTime]}]`,
    pulses: pulses,
    open_window_s: pulses * windowSeconds(tEdges),
    Rn_fm: Rn,
  };
  const background = backgroundModel(
    axesOf(det, 'energy_keVnr', 'keVnr'),
    [
      { name: 'prompt_nu', data: cevns.prompt, param: 'nu_flux' },
      { name: 'delayed_nu', data: cevns.delayed, param: 'nu_flux' },
      { name: 'brn', data: brn, param: 'brn_norm' },
      { name: 'ss', data: ss, param: 'ss_norm' },
    ].filter((s) => total(s.data) > 0 || s.name.endsWith('_nu')),
    CCM_NUISANCES,
    config,
    facts,
    ['prompt_nu', 'delayed_nu'],
  );
  const dmSignal = projectionDm(det, cfg, 'nuclear', 'lujan', loadCcmBeam);
  return { experiment: 'ccm', config, background, dmSignal };
}

// ---- JSNS2 -------------------------------------------------------------------------------------------------------

const JSNS2_NUISANCES: readonly NormNuisance[] = [{ name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'issue 6 projection assumption (10 %)' }];

/** The JSNS2 projection's detector configuration. */
export function jsns2DetectorConfig(config: AnalysisConfig, o: Jsns2Options = parseOptions(jsns2Options, config)): ProjectionDetectorConfig {
  const base = jsns2ProjectionConfig(o.years, o.nu_per_flavor_per_pot);
  const e = regionAxis(config, ['energy_MeV', 'time_us'], 'energy_MeV');
  const t = regionAxis(config, ['energy_MeV', 'time_us'], 'time_us');
  return {
    ...base,
    source: withExposure(base.source, o.protons_on_target, o.nu_per_flavor_per_pot, 'config options.protons_on_target', 'config options.nu_per_flavor_per_pot'),
    efficiency: o.efficiency,
    binning: { energyEdges: edgesFor(e, o.energy_bin_MeV, 'options.energy_bin_MeV'), energyUnit: 'MeVee', timeEdgesUs: edgesFor(t, o.time_bin_us, 'options.time_bin_us') },
    gridMax: Math.max(base.gridMax, e[1] * 1.05),
  };
}

/** π-DAR components plus the K-DAR ν_μ line (236 MeV), which JSNS2 sees at the 1 % level (prompt timing). */
export function jsns2FluxComponents(src: StoppedPionSource, kdarPerPidarNumu: number): FluxComponent[] {
  const comps = piDarFluxComponents(src);
  if (kdarPerPidarNumu > 0) {
    comps.push({ name: 'prompt-kdar-numu', timing: 'prompt', spectrum: lineSpectrum('numu', E_NU_K_DAR_MEV, 1, 'K⁺ DAR ν_μ line'), fluencePerCm2: fluencePerFlavorPerCm2(src) * kdarPerPidarNumu });
  }
  return comps;
}

/**
 * Set negative template entries to 0 (a Poisson expectation must not be negative). The electron-recoil grid of
 * createProjectionModel has panel edges at the ν–e endpoints (29.5, 52.6, 235.7 MeV), so the quadrature no longer
 * straddles a spectrum step; this guard remains for resolution tails of other spectra.
 */
function clipQuadratureLeak(t: Float64Array): Float64Array {
  for (let i = 0; i < t.length; i++) if (t[i]! < 0) t[i] = 0;
  return t;
}

function buildJsns2(config: AnalysisConfig): ExperimentAnalysis {
  const o = parseOptions(jsns2Options, config);
  const cfg = jsns2DetectorConfig(config, o);
  const det = createProjectionModel(cfg);
  const timing = { prompt: promptNeutrinoTiming(cfg.pulse), delayed: delayedNeutrinoTiming(cfg.pulse) };
  const comps = jsns2FluxComponents(cfg.source, o.kdar_per_pidar_numu);
  const nuE = nuElectronComponents(det, cfg, comps, (c) => timing[c.timing]);
  const prompt = clipQuadratureLeak(det.buildTemplate(nuE.filter((_, i) => comps[i]!.timing === 'prompt')));
  const delayed = clipQuadratureLeak(det.buildTemplate(nuE.filter((_, i) => comps[i]!.timing === 'delayed')));
  const eEdges = det.binning.energyEdges;
  const tEdges = det.binning.timeEdgesUs;
  const facts: Record<string, number | string> = {
    detector: cfg.name,
    fiducial_mass_kg: cfg.massKg,
    electrons: cfg.target.electronsPerKg * cfg.massKg,
    distance_m: cfg.source.distanceM,
    proton_energy_GeV: cfg.source.protonEnergyGeV,
    protons_on_target: cfg.source.protonsOnTarget,
    nu_per_flavor_per_pot: cfg.source.nuPerFlavorPerPot,
    fluence_per_flavor_per_cm2: fluencePerFlavorPerCm2(cfg.source),
    kdar_per_pidar_numu: o.kdar_per_pidar_numu,
    efficiency: cfg.efficiency,
    energy_window_MeV: `[${eEdges[0]}, ${eEdges[eEdges.length - 1]}]`,
    time_window_us: `[${tEdges[0]}, ${tEdges[tEdges.length - 1]}]`,
    bunches: cfg.pulse.bunchOffsetsUs.length,
  };
  const background = backgroundModel(
    axesOf(det, 'energy_MeV', 'MeV'),
    [
      { name: 'prompt_nu', data: prompt, param: 'nu_flux' },
      { name: 'delayed_nu', data: delayed, param: 'nu_flux' },
    ],
    JSNS2_NUISANCES,
    config,
    facts,
    [],
  );
  const dmSignal = projectionDm(det, cfg, 'electron', 'jparc', loadJsns2Beam);
  return { experiment: 'jsns2', config, background, dmSignal };
}

// ---- tonne-scale COHERENT LAr ------------------------------------------------------------------------------------

const LAR_TONNE_NUISANCES: readonly NormNuisance[] = [
  { name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'issue 6 projection assumption (10 %)' },
  { name: 'brn_prompt_norm', sigma: 160 / 497, source: 'LArParametersAnlA.yaml prompt BRN 497 ± 160' },
  { name: 'brn_delayed_norm', sigma: 1, source: 'LArParametersAnlA.yaml delayed BRN 33 ± 33' },
  { name: 'ss_norm', sigma: 25 / 3154, source: 'LArParametersAnlA.yaml steady state 3154 ± 25' },
];

/** Bin-index window of an axis [lo, hi] that must coincide with bin edges. */
function binWindow(edges: ArrayLike<number>, range: readonly [number, number] | undefined, key: string): [number, number] {
  const n = edges.length - 1;
  if (!range) return [0, n];
  const find = (x: number): number => {
    for (let i = 0; i <= n; i++) if (Math.abs(edges[i]! - x) < 1e-9) return i;
    throw new InvalidSpecification(`${x} is not a bin edge; edges are ${Array.from(edges).join(', ')}`, key);
  };
  const a = find(range[0]);
  const b = find(range[1]);
  return [a, b];
}

/** Exposure scaling of the LAr-2020 release templates to the tonne-scale detector (documented in the YAML). */
export interface LarTonneScaling {
  readonly protonsOnTarget: number;
  /** mass × POT × (d_CENNS10 / d)² relative to CENNS-10 (BRN: beam-related, falls with the distance). */
  readonly brnScale: number;
  /** mass × POT relative to CENNS-10 (steady state ∝ mass × open window ∝ mass × pulses, same POT per pulse assumed). */
  readonly ssScale: number;
}

export function larTonneScaling(o: LarTonneOptions, rel: Lar2020Release): LarTonneScaling {
  const pot = protonsOnTargetFromGWh(o.beam_energy_GWh, o.proton_energy_GeV);
  const p = rel.parameters;
  const massRatio = o.mass_kg / p.fiducialMassKg.value;
  const potRatio = pot / p.exposurePot;
  return { protonsOnTarget: pot, brnScale: massRatio * potRatio * (p.distanceM / o.distance_m) ** 2, ssScale: massRatio * potRatio };
}

function buildLarTonne(config: AnalysisConfig): ExperimentAnalysis {
  const o = parseOptions(larTonneOptions, config);
  const allowed = ['energy_keVee', 'f90', 'time_us'];
  for (const k of Object.keys(config.region)) if (!allowed.includes(k)) throw new InvalidSpecification(`unknown region axis; lar-tonne knows ${allowed.join(', ')}`, `region.${k}`);
  const rel = loadLar2020();
  const base = lar2020ConfigFromRelease(rel);
  const scaling = larTonneScaling(o, rel);
  const source: StoppedPionSource = {
    name: `SNS (${o.years} y, ${o.beam_energy_GWh} GW·h)`,
    protonEnergyGeV: o.proton_energy_GeV,
    protonsOnTarget: scaling.protonsOnTarget,
    nuPerFlavorPerPot: o.nu_per_flavor_per_pot,
    distanceM: o.distance_m,
    citations: { protonEnergyGeV: 'config options.proton_energy_GeV', protonsOnTarget: 'config options.beam_energy_GWh / proton_energy_GeV', nuPerFlavorPerPot: 'config options.nu_per_flavor_per_pot', distanceM: 'config options.distance_m' },
  };
  const cfg = { ...base, name: `COHERENT tonne-scale LAr (${o.mass_kg} kg, CENNS-10 response)`, massKg: o.mass_kg, source };
  const det = createLar2020Model(cfg);
  const { nEnergy, nF90, nTime } = det.shape;
  const b = cfg.binning;
  const we = binWindow(b.energyEdges, config.region.energy_keVee, 'region.energy_keVee');
  const wf = binWindow(b.f90Edges!, config.region.f90, 'region.f90');
  const wt = binWindow(b.timeEdgesUs, config.region.time_us, 'region.time_us');
  const cut = (tpl: ArrayLike<number>): Float64Array => {
    const out = new Float64Array((we[1] - we[0]) * (wf[1] - wf[0]) * (wt[1] - wt[0]));
    let k = 0;
    for (let e = we[0]; e < we[1]; e++) for (let f = wf[0]; f < wf[1]; f++) for (let t = wt[0]; t < wt[1]; t++) out[k++] = tpl[(e * nF90 + f) * nTime + t]!;
    return out;
  };
  if (nEnergy * nF90 * nTime !== rel.templates.cevns.values.length) throw new InvalidSpecification('LAr-2020 release layout differs from the detector model', 'lar-tonne');
  const pulse = SNS_LAR2020_PULSE;
  const sm = new SmCevnsTemplates({ model: det, target: cfg.target, massKg: cfg.massKg, source, couplings: radiativeCouplings(), timing: { prompt: promptNeutrinoTiming(pulse), delayed: delayedNeutrinoTiming(pulse) } });
  const Rn = argonRn(config);
  const cevns = sm.evaluate({ radii: { neutronRmsFm: Rn } });
  const scaled = (v: Float64Array, k: number): Float64Array => cut(v.map((x) => x * k));
  const axes: AxisSpec[] = [
    { name: 'energy_keVee', unit: 'keVee', edges: Array.from(b.energyEdges.slice(we[0], we[1] + 1)) },
    { name: 'f90', unit: '1', edges: Array.from(b.f90Edges!.slice(wf[0], wf[1] + 1)) },
    { name: 'time_us', unit: 'us', edges: Array.from(b.timeEdgesUs.slice(wt[0], wt[1] + 1)) },
  ];
  const facts: Record<string, number | string> = {
    detector: cfg.name,
    fiducial_mass_kg: o.mass_kg,
    distance_m: o.distance_m,
    beam_energy_GWh: o.beam_energy_GWh,
    protons_on_target: scaling.protonsOnTarget,
    nu_per_flavor_per_pot: o.nu_per_flavor_per_pot,
    fluence_per_flavor_per_cm2: fluencePerFlavorPerCm2(source),
    brn_scale_vs_cenns10: scaling.brnScale,
    ss_scale_vs_cenns10: scaling.ssScale,
    energy_window_keVee: `[${b.energyEdges[we[0]]}, ${b.energyEdges[we[1]]}]`,
    time_window_us: `[${b.timeEdgesUs[wt[0]]}, ${b.timeEdgesUs[wt[1]]}]`,
    Rn_fm: Rn,
  };
  const background = backgroundModel(
    axes,
    [
      { name: 'prompt_nu', data: cut(cevns.prompt), param: 'nu_flux' },
      { name: 'delayed_nu', data: cut(cevns.delayed), param: 'nu_flux' },
      { name: 'brn_prompt', data: scaled(rel.templates.brnPrompt.values, scaling.brnScale), param: 'brn_prompt_norm' },
      { name: 'brn_delayed', data: scaled(rel.templates.brnDelayed.values, scaling.brnScale), param: 'brn_delayed_norm' },
      { name: 'ss', data: scaled(rel.templates.steadyState.values, scaling.ssScale), param: 'ss_norm' },
    ],
    LAR_TONNE_NUISANCES,
    config,
    facts,
    ['prompt_nu', 'delayed_nu'],
  );
  const dmSignal = lazyProjectionDm(
    {
      detector: det,
      target: cfg.target,
      massKg: cfg.massKg,
      distanceM: o.distance_m,
      protonsOnTarget: scaling.protonsOnTarget,
      pulse,
      mode: 'nuclear',
      beam: 'sns',
      toChannel: cut,
    },
    loadSnsBeam,
  );
  return { experiment: 'lar-tonne', config, background, dmSignal };
}

// ---- entry point -------------------------------------------------------------------------------------------------

/** Build a projection analysis (`ccm`, `jsns2` or `lar-tonne`). */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  requireAsimov(config);
  requireNoRnProfiling(config);
  switch (config.experiment) {
    case 'ccm':
      return buildCcm(config);
    case 'jsns2':
      if (config.physics.Rn_fm !== undefined) throw new InvalidSpecification('jsns2 detects electron recoils; R_n does not enter. Remove it', 'physics.Rn_fm');
      return buildJsns2(config);
    case 'lar-tonne':
      return buildLarTonne(config);
    default:
      throw new InvalidSpecification(`projections.ts builds ccm, jsns2 and lar-tonne, not "${config.experiment}"`, 'experiment');
  }
}

/** The beam pulses the projections use (µs). */
export const PROJECTION_PULSES = { ccm: LUJAN_PULSE, jsns2: JPARC_PULSE, larTonne: SNS_LAR2020_PULSE } as const;
