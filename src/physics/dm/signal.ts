/**
 * Dark-matter signal templates on an analysis binning, per production channel.
 *
 * Pipeline for one mass point (all deterministic, no sampling):
 *   production.ts  X spectrum per POT                       (per channel, ε_prod = 1)
 *   chiflux.ts     χ energy slices + arrival-time CDF each   (energy and time correlated)
 *   recoil.ts      recoil spectrum per slice                 (unit coupling, counts per keV for the exposure)
 *   binner         recoil spectra × time CDFs → counts on the energy × time binning (detector response)
 *
 * Coupling dependence is analytic: the templates are built at UNIT coupling once per mass point and multiplied by
 * model.ts signalCouplingScale(model) = ε_prod² · BR(X→χχ̄) · gSm² · gChi²  (single mediator ∝ ε⁴ α_D).
 */
import { InvalidParameters } from '../../util/errors.js';
import { type BeamPulse, type TimeDistribution } from '../timing.js';
import { DEFAULT_CHI_SLICES, sliceArrivalTiming, sliceChiSpectrum, type ChiSlices } from './chiflux.js';
import {
  couplingScaleIsExact,
  mediatorLifetimeUs,
  signalCouplingScale,
  type DarkMatterSpin,
  type DarkSectorModel,
  type ScatteringMediator,
} from './model.js';
import {
  PRODUCTION_CHANNELS,
  bremMediatorSpectrum,
  mesonMediatorSpectrum,
  pi0MediatorSpectrum,
  piMinusMediatorSpectrum,
  type BremSuppressionModel,
  type MediatorSpectrum,
  type PiMinusCaptureModel,
  type PreparedPhotons,
  type PreparedPi0,
  type ProductionChannel,
} from './production.js';
import { sliceRecoilSpectra, type RecoilContext } from './recoil.js';

/** Production sources of one experiment (mass-independent, prepared once). A missing source = channel off. */
export interface DmProductionSources {
  readonly pi0?: PreparedPi0;
  /** η source (η → γX), from a stated yield per POT and kinematic model (production.ts prepareEtaSource). */
  readonly eta?: PreparedPi0;
  readonly piMinus?: PiMinusCaptureModel;
  readonly brem?: { readonly photons: PreparedPhotons; readonly suppression: BremSuppressionModel };
}

/** Everything experiment-specific that the DM signal needs. No silent defaults: every field is required. */
export interface DmExperimentSetup {
  readonly name: string;
  /** Source–detector distance (m). */
  readonly distanceM: number;
  /** POT of the exposure. */
  readonly protonsOnTarget: number;
  /** POT time profile at the detector for light-speed particles (mean includes L/c), µs. */
  readonly pulse: BeamPulse;
  /** Recoil grid, scatterers and detector mass. */
  readonly recoil: RecoilContext;
  readonly sources: DmProductionSources;
}

/** One signal component handed to the detector binning: a recoil spectrum with its arrival-time distribution. */
export interface DmSignalComponent {
  readonly channel: ProductionChannel;
  readonly slice: number;
  /** Recoil grid (unit: setup.recoil.recoilUnit), shared by all components of a setup. */
  readonly recoil: Float64Array;
  /** dN/dE_r (counts per grid unit for the exposure, unit coupling) on the grid. */
  readonly countsPerUnit: Float64Array;
  /** Arrival time. */
  readonly timing: TimeDistribution;
  /** The arrival-time CDF itself (same as timing.cdf). */
  readonly cdf: (tUs: number) => number;
}

/**
 * Detector binning: turns components into expected counts on the analysis binning (row-major, energy outer). This is
 * the contract with the detector template builder; the binners live in the detector layer (src/detectors/dmbinning.ts).
 */
export interface DmBinner {
  /** Number of output bins. */
  readonly size: number;
  /** Add the expected counts of `components` to `out` (length `size`). */
  accumulate(components: readonly DmSignalComponent[], out: Float64Array): void;
}

/** Masses and non-coupling choices that fix the SHAPE of the unit templates. */
export interface DmMassPoint {
  readonly mediatorMassMeV: number;
  readonly chiMassMeV: number;
  readonly scatteringMassMeV: number;
  readonly charges: ScatteringMediator['charges'];
  readonly spin: DarkMatterSpin;
  /** Proper lifetime of X used for timing (µs). */
  readonly lifetimeUs: number;
}

/** Unit-coupling templates of one mass point, per channel. */
export interface UnitDmTemplates {
  readonly setup: string;
  readonly massPoint: DmMassPoint;
  readonly channels: readonly ProductionChannel[];
  /** Expected counts per bin at unit coupling, per channel (length = binner.size). */
  readonly unit: Readonly<Record<ProductionChannel, Float64Array>>;
  /** χ slices per channel (for inspection / tests). */
  readonly slices: Readonly<Record<ProductionChannel, ChiSlices>>;
}

/** Options of {@link buildUnitDmTemplates}. */
export interface DmBuildOptions {
  /** χ energy slices per channel (default {@link DEFAULT_CHI_SLICES}). */
  readonly slices?: number;
  /** Channels to build (default: all with a source). */
  readonly channels?: readonly ProductionChannel[];
}

/** The mass point (shape parameters) of a model. */
export function massPointOf(model: DarkSectorModel): DmMassPoint {
  return {
    mediatorMassMeV: model.production.massMeV,
    chiMassMeV: model.chiMassMeV,
    scatteringMassMeV: model.scattering.massMeV,
    charges: { ...model.scattering.charges },
    spin: model.spin,
    lifetimeUs: mediatorLifetimeUs(model),
  };
}

/** X spectrum of one channel (empty spectrum if the experiment has no source for it). */
export function mediatorSpectrumFor(sources: DmProductionSources, channel: ProductionChannel, mediatorMassMeV: number): MediatorSpectrum | null {
  switch (channel) {
    case 'pi0Decay':
      return sources.pi0 ? pi0MediatorSpectrum(sources.pi0, mediatorMassMeV) : null;
    case 'etaDecay':
      return sources.eta ? mesonMediatorSpectrum(sources.eta, mediatorMassMeV) : null;
    case 'piMinusCapture':
      return sources.piMinus ? piMinusMediatorSpectrum(sources.piMinus, mediatorMassMeV) : null;
    case 'bremPhotons':
      return sources.brem ? bremMediatorSpectrum(sources.brem.photons, mediatorMassMeV, sources.brem.suppression) : null;
  }
}

/** χ slices + per-slice recoil spectra + timing for one channel: the components handed to the binner. */
export function channelComponents(setup: DmExperimentSetup, mp: DmMassPoint, channel: ProductionChannel, nSlices = DEFAULT_CHI_SLICES): { slices: ChiSlices; components: DmSignalComponent[] } | null {
  const spec = mediatorSpectrumFor(setup.sources, channel, mp.mediatorMassMeV);
  if (!spec) return null;
  const slices = sliceChiSpectrum(spec, mp.chiMassMeV, nSlices);
  const spectra = sliceRecoilSpectra(slices, setup.recoil, { massMeV: mp.scatteringMassMeV, charges: mp.charges }, mp.spin, setup.protonsOnTarget, setup.distanceM);
  const nR = setup.recoil.recoil.length;
  const components: DmSignalComponent[] = [];
  for (let s = 0; s < slices.chiPerPot.length; s++) {
    if (!(slices.chiPerPot[s]! > 0)) continue;
    const timing = sliceArrivalTiming(slices, s, setup.pulse, setup.distanceM, mp.lifetimeUs);
    components.push({ channel, slice: s, recoil: setup.recoil.recoil, countsPerUnit: spectra.subarray(s * nR, (s + 1) * nR), timing, cdf: timing.cdf });
  }
  return { slices, components };
}

/**
 * Build unit-coupling templates for one mass point (per channel). Multiply by {@link signalCouplingScale} for counts.
 * @param setup experiment setup
 * @param model any model at the wanted mass point (its couplings are NOT used except through the lifetime, when the
 *   lifetime comes from the width)
 * @param binner detector binning
 */
export function buildUnitDmTemplates(setup: DmExperimentSetup, model: DarkSectorModel, binner: DmBinner, options: DmBuildOptions = {}): UnitDmTemplates {
  const mp = massPointOf(model);
  const nSlices = options.slices ?? DEFAULT_CHI_SLICES;
  const channels = (options.channels ?? PRODUCTION_CHANNELS).filter((c) => mediatorSpectrumFor(setup.sources, c, mp.mediatorMassMeV) !== null || false);
  const unit = {} as Record<ProductionChannel, Float64Array>;
  const slices = {} as Record<ProductionChannel, ChiSlices>;
  for (const c of PRODUCTION_CHANNELS) unit[c] = new Float64Array(binner.size);
  for (const c of channels) {
    const built = channelComponents(setup, mp, c, nSlices);
    if (!built) continue;
    slices[c] = built.slices;
    binner.accumulate(built.components, unit[c]);
    for (let i = 0; i < unit[c].length; i++) {
      if (!Number.isFinite(unit[c][i]!)) throw new InvalidParameters(`DM template ${setup.name}/${c}: non-finite expected count in bin ${i}`);
    }
  }
  return { setup: setup.name, massPoint: mp, channels, unit, slices };
}

/** Expected DM counts per channel and in total for physical couplings. */
export interface DmTemplates {
  /** Coupling factor applied to the unit templates (model.ts signalCouplingScale). */
  readonly couplingScale: number;
  readonly perChannel: Readonly<Record<ProductionChannel, Float64Array>>;
  readonly total: Float64Array;
}

/**
 * Rescale unit templates to a model's couplings: N = N_unit · signalCouplingScale(model). Throws if the model's
 * masses/spin/charges differ from the unit templates', or if its lifetime (from the width) differs and is not prompt.
 */
export function rescaleDmTemplates(unit: UnitDmTemplates, model: DarkSectorModel): DmTemplates {
  const mp = massPointOf(model);
  const u = unit.massPoint;
  if (
    mp.mediatorMassMeV !== u.mediatorMassMeV ||
    mp.chiMassMeV !== u.chiMassMeV ||
    mp.scatteringMassMeV !== u.scatteringMassMeV ||
    mp.spin !== u.spin ||
    mp.charges.proton !== u.charges.proton ||
    mp.charges.neutron !== u.charges.neutron ||
    mp.charges.electron !== u.charges.electron
  ) {
    throw new InvalidParameters('rescaleDmTemplates: model masses/spin/charges differ from the unit templates; build new unit templates for this mass point');
  }
  if (mp.lifetimeUs !== u.lifetimeUs && !(couplingScaleIsExact(model) && u.lifetimeUs < 1e-6)) {
    throw new InvalidParameters(`rescaleDmTemplates: X lifetime ${mp.lifetimeUs} µs differs from the unit templates' ${u.lifetimeUs} µs and is not prompt; rebuild or fix the lifetime`);
  }
  const k = signalCouplingScale(model);
  const perChannel = {} as Record<ProductionChannel, Float64Array>;
  const size = unit.unit[PRODUCTION_CHANNELS[0]!].length;
  const total = new Float64Array(size);
  for (const c of PRODUCTION_CHANNELS) {
    const src = unit.unit[c];
    const dst = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      dst[i] = src[i]! * k;
      total[i] += dst[i]!;
    }
    perChannel[c] = dst;
  }
  return { couplingScale: k, perChannel, total };
}

/** Convenience: unit templates + rescaling for one model. */
export function buildDmTemplates(setup: DmExperimentSetup, model: DarkSectorModel, binner: DmBinner, options: DmBuildOptions = {}): DmTemplates {
  return rescaleDmTemplates(buildUnitDmTemplates(setup, model, binner, options), model);
}
