/**
 * Dark-matter signal templates for an analysis channel: the physics/dm pipeline on an experiment's detector
 * model, mapped onto the channel's bins, at a reference coupling Y_ref chosen so that the channel expects
 * REFERENCE_EVENTS DM events (keeps the signal strength μ = (Y/Y_ref)² of order one in fits).
 */
import type { Curve, Pi0List } from '../datasets/beams.js';
import { singleMediatorModel, derivedCouplings, type LifetimeSpec } from '../physics/dm/model.js';
import { dmSourcesFromBeam, detectorDmSetup, piMinusCaptureModel, type DmBeam, type DmDetectorInputs } from '../physics/dm/setups.js';
import { buildUnitDmTemplates, rescaleDmTemplates, type DmBinner, type DmExperimentSetup } from '../physics/dm/signal.js';
import type { SignalConfig } from './config.js';
import type { DmSignalTemplates } from './types.js';

/** Expected DM events in the signal channels at Y_ref. */
export const REFERENCE_EVENTS = 10;

/** Production-channel names of the config and of the physics layer. */
const PRODUCTION_NAMES = { pi0: 'pi0Decay', piminus: 'piMinusCapture', brem: 'bremPhotons' } as const;

/** What an experiment supplies to get DM templates: the detector-side inputs of physics/dm plus the channel mapping. */
export interface DmChannelBinding<N> extends DmDetectorInputs<N> {
  /** Channel name in the analysis model. */
  readonly channel: string;
  readonly beam: DmBeam;
  readonly beamData: { readonly pi0: Pi0List; readonly brem: Curve };
  /** Map a template in the detector's layout onto the channel's flattened bins (e.g. select the region). */
  toChannel(detectorTemplate: Float64Array): Float64Array;
}

/** Build a `dmSignal(signal, massMeV)` function for one or more channels of an experiment. */
export function makeDmSignalProvider(bindings: readonly DmChannelBinding<unknown>[]): (signal: SignalConfig, massMeV: number) => DmSignalTemplates {
  const setups = new Map<string, Array<{ b: DmChannelBinding<unknown>; setup: DmExperimentSetup; binner: DmBinner }>>();
  const setupsFor = (capture: SignalConfig['piminus_capture'], pi0: SignalConfig['pi0_normalisation']) => {
    const key = `${capture}|${pi0}`;
    let s = setups.get(key);
    if (!s) {
      s = bindings.map((b) => {
        const sources = dmSourcesFromBeam(b.beamData, {
          beam: b.beam,
          piMinus: piMinusCaptureModel(b.beam, capture === 'reference-code' ? 'referenceCode' : 'heavyNucleus'),
          pi0Normalisation: pi0 === 'reference-code' ? 'referenceCode' : 'physical',
        });
        const { setup, binner } = detectorDmSetup(b.channel, { detector: b.detector, target: b.target, massKg: b.massKg, distanceM: b.distanceM, protonsOnTarget: b.protonsOnTarget, pulse: b.pulse, mode: b.mode }, sources);
        return { b, setup, binner };
      });
      setups.set(key, s);
    }
    return s;
  };

  return (signal: SignalConfig, massMeV: number): DmSignalTemplates => {
    const chiMass = massMeV / signal.chi_mass_ratio;
    const lifetime: LifetimeSpec = signal.lifetime_us === 'prompt' ? { kind: 'fromWidth' } : { kind: 'fixed', lifetimeUs: signal.lifetime_us };
    // Probe at ε = 1e-4 (BR(A′→χχ̄) ≈ 1 there); counts scale as Y² so the probe value drops out.
    const probe = singleMediatorModel(massMeV, chiMass, 1e-4, signal.alpha_D, { spin: signal.chi_spin === 'scalar' ? 'complexScalar' : 'diracFermion', lifetime });
    const yProbe = derivedCouplings(probe).y;
    const channels = signal.production.map((p) => PRODUCTION_NAMES[p]);
    const perChannelProbe = new Map<string, Float64Array>();
    const byProductionProbe: Record<string, number> = {};
    let totalProbe = 0;
    for (const { b, setup, binner } of setupsFor(signal.piminus_capture, signal.pi0_normalisation ?? 'physical')) {
      const unit = buildUnitDmTemplates(setup, probe, binner, { channels });
      const scaled = rescaleDmTemplates(unit, probe);
      const ch = b.toChannel(scaled.total);
      perChannelProbe.set(b.channel, ch);
      for (const p of signal.production) {
        const t = b.toChannel(scaled.perChannel[PRODUCTION_NAMES[p]]);
        const s = t.reduce((a, v) => a + v, 0);
        byProductionProbe[p] = (byProductionProbe[p] ?? 0) + s;
      }
      totalProbe += ch.reduce((a, v) => a + v, 0);
    }
    if (!(totalProbe > 0)) {
      return { massMeV, chiMassMeV: chiMass, referenceY: Infinity, perChannel: perChannelProbe, byProduction: byProductionProbe };
    }
    const k = REFERENCE_EVENTS / totalProbe; // count factor from the probe to Y_ref
    const referenceY = yProbe * Math.sqrt(k);
    const perChannel = new Map<string, Float64Array>();
    for (const [name, t] of perChannelProbe) perChannel.set(name, t.map((v) => v * k));
    const byProduction: Record<string, number> = {};
    for (const [p, v] of Object.entries(byProductionProbe)) byProduction[p] = v * k;
    return { massMeV, chiMassMeV: chiMass, referenceY, perChannel, byProduction };
  };
}

/** A `dmSignal` function. */
export type DmSignalFunction = (signal: SignalConfig, massMeV: number) => DmSignalTemplates;

/**
 * Defer building a DM provider (loading the beam simulation, preparing χ production) until the first DM template is
 * asked for, so SM-only analyses never load the beam files.
 */
export function lazyDmSignal(make: () => DmSignalFunction): DmSignalFunction {
  let provider: DmSignalFunction | null = null;
  return (signal, massMeV) => {
    provider ??= make();
    return provider(signal, massMeV);
  };
}
