/**
 * JSNS2 at J-PARC MLF as a projection (`experiment: jsns2`, `data: asimov`): Gd-LS electron recoils, 3 GeV protons on
 * Hg, 24 m, two proton bunches (src/detectors/projections.ts jsns2ProjectionConfig; DM recoils on electrons). Shared
 * projection parts: ./projections.ts. Parameter: `nu_flux` (10 %). R_n does not enter (electron recoils).
 */
import { z } from 'zod';
import { datasets } from '../datasource.js';
import { createProjectionModel, jsns2ProjectionConfig, nuElectronComponents, type ProjectionDetectorConfig } from '../../detectors/projections.js';
import { E_NU_K_DAR_MEV } from '../../physics/constants.js';
import { fluencePerFlavorPerCm2, lineSpectrum, piDarFluxComponents, type FluxComponent, type StoppedPionSource } from '../../physics/flux.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../physics/timing.js';
import type { AnalysisConfig } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';
import { edgesWithWidth, parseOptions } from './common.js';
import { DEFAULT_NU_FLUX_SIGMA, axesOf, backgroundModel, fraction, nonNeg, pos, projectionDm, regionAxis, requireAsimov, withExposure, type NormNuisance } from './projections.js';

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

type Jsns2Options = z.infer<typeof jsns2Options>;


const JSNS2_NUISANCES: readonly NormNuisance[] = [{ name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'projection assumption (10 %)', scope: 'source:J-PARC' }];

/** The JSNS2 projection's detector configuration. */
export function jsns2DetectorConfig(config: AnalysisConfig, o: Jsns2Options = parseOptions(jsns2Options, config)): ProjectionDetectorConfig {
  const base = jsns2ProjectionConfig(o.years, o.nu_per_flavor_per_pot);
  const e = regionAxis(config, ['energy_MeV', 'time_us'], 'energy_MeV');
  const t = regionAxis(config, ['energy_MeV', 'time_us'], 'time_us');
  return {
    ...base,
    source: withExposure(base.source, o.protons_on_target, o.nu_per_flavor_per_pot, 'config options.protons_on_target', 'config options.nu_per_flavor_per_pot'),
    efficiency: o.efficiency,
    binning: { energyEdges: edgesWithWidth(e, o.energy_bin_MeV, 'options.energy_bin_MeV'), energyUnit: 'MeVee', timeEdgesUs: edgesWithWidth(t, o.time_bin_us, 'options.time_bin_us') },
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

/** Build the JSNS2 projection. */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  requireAsimov(config);
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
  const dmSignal = projectionDm(det, cfg, 'electron', 'jparc', () => datasets().jsns2Beam());
  return { experiment: 'jsns2', config, background, dmSignal };
}

