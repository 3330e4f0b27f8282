/**
 * A tonne-scale COHERENT LAr detector at the SNS as a projection (`experiment: lar-tonne`, `data: asimov`), with the
 * CENNS-10 (LAr-2020) detector response and its released background templates scaled to the new exposure
 * (src/detectors/lar2020.ts). Shared projection parts: ./projections.ts. Parameters: `nu_flux` (10 %),
 * `brn_prompt_norm`, `brn_delayed_norm`, `ss_norm` (LAr-2020 priors), `Rn` (argon, fixed).
 */
import { z } from 'zod';
import type { Lar2020Release } from '../../datasets/lar2020.js';
import { datasets } from '../datasource.js';
import { createLar2020Model, lar2020ConfigFromRelease } from '../../detectors/lar2020.js';
import { SmCevnsTemplates } from '../../detectors/sm.js';
import { SNS_LAR2020_PULSE } from '../../detectors/sources.js';
import { radiativeCouplings } from '../../physics/cevns.js';
import { protonsOnTargetFromGWh } from '../../physics/constants.js';
import { fluencePerFlavorPerCm2, type StoppedPionSource } from '../../physics/flux.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../physics/timing.js';
import type { AxisSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig } from '../config.js';
import type { ExperimentAnalysis } from '../types.js';
import { parseOptions } from './common.js';
import { DEFAULT_NU_FLUX_SIGMA, argonRn, backgroundModel, lazyProjectionDm, pos, requireAsimov, type NormNuisance } from './projections.js';

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

type LarTonneOptions = z.infer<typeof larTonneOptions>;


const LAR_TONNE_NUISANCES: readonly NormNuisance[] = [
  { name: 'nu_flux', sigma: DEFAULT_NU_FLUX_SIGMA, source: 'projection assumption (10 %)', scope: 'source:SNS' },
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

/** Build the tonne-scale LAr projection. */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  requireAsimov(config);
  const o = parseOptions(larTonneOptions, config);
  const allowed = ['energy_keVee', 'f90', 'time_us'];
  for (const k of Object.keys(config.region)) if (!allowed.includes(k)) throw new InvalidSpecification(`unknown region axis; lar-tonne knows ${allowed.join(', ')}`, `region.${k}`);
  const rel = datasets().lar2020();
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
  const rn = argonRn(config);
  const Rn = rn.value;
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
    [rn.declaration],
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
    () => datasets().snsBeam(),
  );
  return { experiment: 'lar-tonne', config, background, dmSignal };
}

