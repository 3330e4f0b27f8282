/**
 * CCM200 at LANSCE Lujan as a projection (`experiment: ccm`, `data: asimov`): LAr nuclear recoils, 800 MeV protons on
 * W, 20 m (detector model: src/detectors/projections.ts ccmProjectionConfig, idealised response). Shared projection
 * parts: ./projections.ts. Parameters: `nu_flux` (10 %), `brn_norm` (50 %), `ss_norm` (5 %), `Rn` (argon, fixed).
 */
import { z } from 'zod';
import { datasets } from '../datasource.js';
import { ccmProjectionConfig, createProjectionModel, type ProjectionDetectorConfig } from '../../detectors/projections.js';
import { SmCevnsTemplates } from '../../detectors/sm.js';
import { radiativeCouplings } from '../../physics/cevns.js';
import { fluencePerFlavorPerCm2 } from '../../physics/flux.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming, pulseTiming, type BeamPulse } from '../../physics/timing.js';
import type { AnalysisConfig } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';
import { edgesWithWidth, parseOptions, sum } from './common.js';
import { DEFAULT_NU_FLUX_SIGMA, ELEMENTARY_CHARGE_C, argonRn, axesOf, backgroundModel, fraction, nonNeg, pos, projectionDm, regionAxis, requireAsimov, windowSeconds, withExposure, type NormNuisance } from './projections.js';

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

type CcmOptions = z.infer<typeof ccmOptions>;


const CCM_NUISANCES: readonly NormNuisance[] = [
  { name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'projection assumption (10 %)', scope: 'source:LANSCE' },
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
    binning: { energyEdges: edgesWithWidth(e, o.energy_bin_keVnr, 'options.energy_bin_keVnr'), energyUnit: 'keVnr', timeEdgesUs: edgesWithWidth(t, o.time_bin_us, 'options.time_bin_us') },
    gridMax: Math.max(base.gridMax, e[1] * 1.5),
  };
}

/** Build the CCM projection. */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  requireAsimov(config);
  const o = parseOptions(ccmOptions, config);
  const cfg = ccmDetectorConfig(config, o);
  const det = createProjectionModel(cfg);
  const { nEnergy, nTime, size } = det.shape;
  const timing = { prompt: promptNeutrinoTiming(cfg.pulse), delayed: delayedNeutrinoTiming(cfg.pulse) };
  const sm = new SmCevnsTemplates({ model: det, target: cfg.target, massKg: cfg.massKg, source: cfg.source, couplings: radiativeCouplings(), timing });
  const rn = argonRn(config);
  const Rn = rn.value;
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
  const brnTimeSum = sum(brnTime);
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
    ].filter((s) => sum(s.data) > 0 || s.name.endsWith('_nu')),
    CCM_NUISANCES,
    config,
    facts,
    ['prompt_nu', 'delayed_nu'],
    [rn.declaration],
  );
  const dmSignal = projectionDm(det, cfg, 'nuclear', 'lujan', () => datasets().ccmBeam());
  return { experiment: 'ccm', config, background, dmSignal };
}

