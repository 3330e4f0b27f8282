/**
 * Per-experiment DM production assumptions and the glue to the beam datasets (src/datasets/beams.ts). The detector
 * side (binning DM components with a detector response) is src/detectors/dmbinning.ts.
 *
 * Every number here is a named, cited ASSUMPTION (no silent COHERENT defaults for other experiments,
 * docs/physics.md §8.1 item 5).
 */
import type { Curve, Pi0List } from '../../datasets/beams.js';
import {
  DEFAULT_BREM_SUPPRESSION,
  RADIATIVE_FRACTION_HEAVY_NUCLEUS,
  prepareEtaSource,
  preparePhotonSpectrum,
  preparePi0Sample,
  type BremSuppressionModel,
  type EtaKinematics,
  type Pi0Normalisation,
  type PiMinusCaptureModel,
} from './production.js';
import type { DmProductionSources } from './signal.js';

/**
 * POT represented by each GEANT4 beam file (Pi0_Info.txt, brem.txt). ASSUMPTION: 1e5 POT per file (datasets
 * README "Per 1e5 POT unless stated"; docs/physics.md §2.2: the SNS list's 10484 rows / 1e5 POT = 0.105 π⁰/POT agrees to 1 %
 * with the reference code's independent default 52935/500000 = 0.1059 π⁰/POT; the CCM and JSNS2 POT counts are
 * UNVERIFIED).
 */
export const BEAM_FILE_POT = 1e5;

/** Beam names with DM production data. */
export type DmBeam = 'sns' | 'lujan' | 'jparc';

/**
 * Stopped π⁻ per POT per beam, as used by the reference analysis scripts (docs/physics.md §2.3: COHERENT 0.0457, CCM
 * 0.0259, JSNS2 0.4962; REF:dmphoton_limits_*.py). UNVERIFIED against a GEANT4 run we can read.
 */
export const PI_MINUS_STOPS_PER_POT: Readonly<Record<DmBeam, number>> = { sns: 0.0457, lujan: 0.0259, jparc: 0.4962 };

/**
 * Default π⁻ capture model per beam: stopped π⁻ × 2 % radiative capture (heavy-nucleus targets Hg/W, Baer–Crowe–Truöl
 * 1977) × massive-vector phase space. This is a physics ASSUMPTION; 'referenceCode' reproduces the reference analysis
 * (every stopped π⁻ converts, no phase-space factor: docs/physics.md §8.1 item 2).
 */
export function piMinusCaptureModel(beam: DmBeam, variant: 'heavyNucleus' | 'referenceCode' = 'heavyNucleus'): PiMinusCaptureModel {
  const capturesPerPot = PI_MINUS_STOPS_PER_POT[beam];
  if (variant === 'referenceCode') {
    return { name: `${beam}/referenceCode`, capturesPerPot, radiativeFraction: 1, phaseSpace: 'none', source: 'reference analysis (docs/physics.md §2.3): all stopped π⁻ convert, no phase-space factor' };
  }
  return {
    name: `${beam}/heavyNucleus`,
    capturesPerPot,
    radiativeFraction: RADIATIVE_FRACTION_HEAVY_NUCLEUS,
    phaseSpace: 'vectorE0plus',
    source: 'stops/POT of the reference scripts (UNVERIFIED) × 2 % radiative capture in heavy nuclei (Baer, Crowe, Truöl 1977) × massive-vector phase space [DERIVED]',
  };
}

/**
 * Beam proton kinetic energy per beam (MeV), for the η kinematic model `nnThreshold`: SNS 1 GeV on Hg (arXiv:2109.11049
 * §I: "a pulsed 1.4-MW beam of 1-GeV protons"), Lujan 800 MeV on W, J-PARC 3 GeV on Hg (docs/data.md: the beam datasets).
 */
export const BEAM_KINETIC_ENERGY_MEV: Readonly<Record<DmBeam, number>> = { sns: 1000, lujan: 800, jparc: 3000 };

/** η production of a beam: a stated yield per POT (with its source) and a kinematic model. */
export interface EtaProductionModel {
  /** η per POT. */
  readonly perPot: number;
  /** `nnThreshold` (default), `atRest`, or `pi0Velocity` (see production.ts EtaKinematics). */
  readonly kinematics: 'nnThreshold' | 'atRest' | 'pi0Velocity';
  /** Citation / provenance of the yield. */
  readonly source: string;
}

/** Options of {@link dmSourcesFromBeam}. */
export interface BeamSourceOptions {
  readonly beam: DmBeam;
  readonly piMinus?: PiMinusCaptureModel;
  readonly bremSuppression?: BremSuppressionModel;
  /** π⁰ → γX normalisation (default physical; 'referenceCode' reproduces the reference analysis, docs/physics.md §8.1 item 1). */
  readonly pi0Normalisation?: Pi0Normalisation;
  /** POT of each beam file (default {@link BEAM_FILE_POT}, an assumption). */
  readonly filePot?: number;
  /** η → γX source; absent = no η channel (the beam files have no η list). */
  readonly eta?: EtaProductionModel;
  /** Channels to switch off. */
  readonly disable?: readonly ('pi0Decay' | 'etaDecay' | 'piMinusCapture' | 'bremPhotons')[];
}

/** Production sources from a loaded beam dataset (loadSnsBeam / loadCcmBeam / loadJsns2Beam). */
export function dmSourcesFromBeam(beam: { readonly pi0: Pi0List; readonly brem: Curve }, opts: BeamSourceOptions): DmProductionSources {
  const pot = opts.filePot ?? BEAM_FILE_POT;
  const off = new Set(opts.disable ?? []);
  const n = beam.pi0.count;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = Math.hypot(beam.pi0.pxMeV[i]!, beam.pi0.pyMeV[i]!, beam.pi0.pzMeV[i]!);
  const src: { -readonly [K in keyof DmProductionSources]: DmProductionSources[K] } = {};
  const prepared = preparePi0Sample({ energyMeV: beam.pi0.energyMeV, momentumMeV: p, protonsOnTarget: pot, source: beam.pi0.file });
  if (!off.has('pi0Decay')) {
    src.pi0 = opts.pi0Normalisation && opts.pi0Normalisation !== 'physical' ? { ...prepared, normalisation: opts.pi0Normalisation } : prepared;
  }
  if (opts.eta && !off.has('etaDecay')) {
    const e = opts.eta;
    const kin: EtaKinematics =
      e.kinematics === 'atRest' ? { kind: 'atRest' } : e.kinematics === 'pi0Velocity' ? { kind: 'pi0Velocity', pi0: prepared } : { kind: 'nnThreshold', beamKineticMeV: BEAM_KINETIC_ENERGY_MEV[opts.beam] };
    src.eta = prepareEtaSource(e.perPot, kin, `${e.source}; kinematics ${e.kinematics}`);
  }
  if (!off.has('piMinusCapture')) src.piMinus = opts.piMinus ?? piMinusCaptureModel(opts.beam);
  if (!off.has('bremPhotons')) {
    src.brem = {
      photons: preparePhotonSpectrum({ energyMeV: beam.brem.x, counts: beam.brem.y, protonsOnTarget: pot, source: beam.brem.file }),
      suppression: opts.bremSuppression ?? DEFAULT_BREM_SUPPRESSION,
    };
  }
  return src;
}
