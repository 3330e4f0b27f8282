/**
 * Shared parts of the projection analyses (one module per experiment: ./ccm.ts, ./jsns2.ts, ./lar-tonne.ts).
 * Projections (no data: `data: asimov`) for three future or running detectors at pulsed stopped-pion sources:
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
 * Parameters are declared per experiment and overridden by `parameters:` (src/analyses/parameters.ts).
 * The observations are the background-only expectation at nominal parameters (Asimov), so observed limits are the
 * median expected ones.
 */
import { z } from 'zod';
import type { ProjectionDetectorConfig } from '../../detectors/projections.js';
import { JPARC_PULSE, LUJAN_PULSE, SNS_LAR2020_PULSE } from '../../detectors/sources.js';
import type { DetectorModel } from '../../detectors/template.js';
import type { StoppedPionSource } from '../../physics/flux.js';
import { TARGET_LAR } from '../../physics/targets.js';
import type { AxisSpec, SampleSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig, SignalConfig } from '../config.js';
import { bindParameters, neutronRadius, normalisation, sum, type ParameterDeclaration } from './common.js';
import { lazyDmSignal, makeDmSignalProvider, type DmChannelBinding } from '../dmsignal.js';
import type { BackgroundModel, DmSignalTemplates } from '../types.js';

/** Name of the single channel of every projection. */
export const PROJECTION_CHANNEL = 'detector';

/** Elementary charge (C), exact SI value; used for protons per pulse = I / (e f). */
export const ELEMENTARY_CHARGE_C = 1.602176634e-19;

/** Default relative prior of the ν-flux normalisation (issue 6: `nu_flux` 10 % prior). */
export const DEFAULT_NU_FLUX_SIGMA = 0.1;

/** Upper bound of every normalisation nuisance (in units of its nominal value). */
const NORM_UPPER_BOUND = 10;

// ---- option schemas (second validation pass; errors name `options.<key>`) ---------------------------------------

export const pos = z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive number' });
export const nonNeg = z.number().refine((v) => Number.isFinite(v) && v >= 0, { message: 'expected a number >= 0' });
export const fraction = z.number().refine((v) => v > 0 && v <= 1, { message: 'expected a number in (0, 1]' });


/** Region axes: the allowed names per experiment, each [low, high]. */
export function regionAxis(config: AnalysisConfig, allowed: readonly string[], name: string): readonly [number, number] {
  for (const k of Object.keys(config.region)) {
    if (!allowed.includes(k)) throw new InvalidSpecification(`unknown region axis; ${config.experiment} knows ${allowed.join(', ')}`, `region.${k}`);
  }
  const r = config.region[name];
  if (!r) throw new InvalidSpecification(`missing; give [low, high] (${config.experiment} needs ${allowed.join(', ')})`, `region.${name}`);
  return r;
}

// ---- parameters -------------------------------------------------------------------------------------------------

/** A normalisation nuisance with its cited default prior (relative). */
export interface NormNuisance {
  readonly name: string;
  readonly sigma: number;
  readonly source: string;
  readonly scope?: string;
}

/** Common model assembly: samples → BackgroundModel with the Asimov observations; `extra` declares further parameters (e.g. Rn). */
export function backgroundModel(
  axes: readonly AxisSpec[],
  samples: ReadonlyArray<{ name: string; data: Float64Array; param: string }>,
  nuisances: readonly NormNuisance[],
  config: AnalysisConfig,
  facts: Record<string, number | string>,
  cevnsSamples: readonly string[],
  extra: readonly ParameterDeclaration[] = [],
): BackgroundModel {
  const size = samples[0]!.data.length;
  const asimov = new Float64Array(size);
  for (const s of samples) for (let i = 0; i < size; i++) asimov[i] = asimov[i]! + s.data[i]!;
  const used = new Set(samples.map((s) => s.param));
  const decls = [
    ...nuisances.map((n) => normalisation(n.name, n.sigma, n.source, { bounds: [0, Math.max(NORM_UPPER_BOUND, 1 + 8 * n.sigma)], ...(n.scope ? { scope: n.scope } : {}) })),
    ...extra,
  ];
  const pars = bindParameters(decls, config);
  const parameters = pars.specs().filter((p) => used.has(p.name));
  for (const s of samples) facts[`expected_${s.name}_events`] = sum(s.data);
  for (const n of nuisances) if (used.has(n.name)) facts[`prior_${n.name}`] = `${pars.get(n.name).sigma ?? 'free'} (${pars.get(n.name).source})`;
  return {
    channels: [{ name: PROJECTION_CHANNEL, axes, samples: samples.map((s) => normSample(s.name, s.data, s.param)) }],
    parameters,
    resolved: pars,
    functionSamples: [],
    observations: [{ channel: PROJECTION_CHANNEL, data: Array.from(asimov) }],
    signalChannels: [PROJECTION_CHANNEL],
    cevnsSamples,
    facts,
  };
}

function normSample(name: string, data: Float64Array, param: string): SampleSpec {
  return { name, data: Array.from(data), modifiers: [{ type: 'normfactor', name: param }] };
}

export function requireAsimov(config: AnalysisConfig): void {
  if (config.data !== 'asimov') throw new InvalidSpecification(`projections have no observed data; expected "asimov", got "${config.data}"`, 'data');
}

/**
 * R_n of argon for projections: declared fixed at R_ch(⁴⁰Ar) = 3.427 fm (Angeli & Marinova 2013; no neutron skin —
 * an assumption); `parameters.Rn.value` moves it. Projections compute their CEvNS templates once, so R_n cannot be
 * profiled: freeing it is an error.
 */
export function argonRn(config: AnalysisConfig): { value: number; declaration: ParameterDeclaration } {
  const decl = neutronRadius('Ar', TARGET_LAR.nuclei.find((n) => n.nucleus.name === 'Ar40')!.nucleus.chargeRadiusFm, 0.1, [2.5, 5], 'R_ch(40Ar) = 3.427 fm (Angeli & Marinova 2013), no neutron skin (assumption)');
  const cfg = config.parameters.Rn;
  if (cfg?.fixed === false) throw new InvalidSpecification('projections compute CEvNS once and do not profile R_n; remove fixed: false', 'parameters.Rn.fixed');
  return { value: cfg?.value ?? decl.value, declaration: decl };
}

/** Lazily built DM provider (loads beam data only when a DM hypothesis is requested). */

/** DM signal of the single projection channel; the beam file is loaded on first use. */
export function lazyProjectionDm(
  binding: Omit<DmChannelBinding<unknown>, 'channel' | 'beamData'>,
  loadBeam: () => { readonly pi0: DmChannelBinding<unknown>['beamData']['pi0']; readonly brem: DmChannelBinding<unknown>['beamData']['brem'] },
): (signal: SignalConfig, massMeV: number) => DmSignalTemplates {
  return lazyDmSignal(() => {
    const beam = loadBeam();
    return makeDmSignalProvider([{ ...binding, channel: PROJECTION_CHANNEL, beamData: { pi0: beam.pi0, brem: beam.brem } }]);
  });
}

/** DM signal of a projection detector whose configuration carries target, mass, source and pulse. */
export function projectionDm(
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
export function withExposure(src: StoppedPionSource, pot: number, r: number, potCitation: string, rCitation: string): StoppedPionSource {
  return { ...src, protonsOnTarget: pot, nuPerFlavorPerPot: r, citations: { ...src.citations, protonsOnTarget: potCitation, nuPerFlavorPerPot: rCitation } };
}

export function axesOf(det: DetectorModel<unknown>, energyName: string, energyUnit: string): AxisSpec[] {
  return [
    { name: energyName, unit: energyUnit, edges: Array.from(det.binning.energyEdges) },
    { name: 'time_us', unit: 'us', edges: Array.from(det.binning.timeEdgesUs) },
  ];
}

/** Fraction of a flat-in-time background in each time bin × window length: returns the open window per pulse (s). */
export function windowSeconds(edgesUs: Float64Array): number {
  return (edgesUs[edgesUs.length - 1]! - edgesUs[0]!) * 1e-6;
}

/** The beam pulses the projections use (µs). */
export const PROJECTION_PULSES = { ccm: LUJAN_PULSE, jsns2: JPARC_PULSE, larTonne: SNS_LAR2020_PULSE } as const;
