/**
 * Dark-matter signal templates for an analysis channel: the physics/dm pipeline on an experiment's detector
 * model, mapped onto the channel's bins, for the config's signal family (src/analyses/families/). The family gives
 * a probe model at the mass point; the templates are returned at a reference coupling c_ref of the family chosen so
 * that the signal channels expect REFERENCE_EVENTS DM events (keeps the signal strength μ = (c/c_ref)^k of order
 * one in fits; k = the family's countPower). A combination rescales every member to one common c_ref
 * ({@link rescaleToReference}), so that μ means the same coupling in every member.
 */
import type { Curve, Pi0List } from '../datasets/beams.js';
import { dmSourcesFromBeam, piMinusCaptureModel, type DmBeam } from '../physics/dm/setups.js';
import { detectorDmSetup, type DmDetectorInputs } from '../detectors/dmbinning.js';
import { buildUnitDmTemplates, rescaleDmTemplates, type DmBinner, type DmExperimentSetup } from '../physics/dm/signal.js';
import { channelThresholdMeV } from '../physics/dm/production.js';
import type { SignalConfig } from './config.js';
import type { DmSignalTemplates } from './types.js';
import { familyOf } from './families/index.js';

/** Expected DM events in the signal channels at Y_ref. */
export const REFERENCE_EVENTS = 10;

/** Production-channel names of the config and of the physics layer. */
const PRODUCTION_NAMES = { pi0: 'pi0Decay', eta: 'etaDecay', piminus: 'piMinusCapture', brem: 'bremPhotons' } as const;

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
  const setupsFor = (signal: SignalConfig) => {
    const capture = signal.piminus_capture;
    const pi0 = signal.pi0_normalisation ?? 'physical';
    const eta =
      signal.production.includes('eta') && signal.eta_per_pot !== undefined
        ? {
            perPot: signal.eta_per_pot,
            kinematics: signal.eta_kinematics === 'at-rest' ? ('atRest' as const) : signal.eta_kinematics === 'pi0-velocity' ? ('pi0Velocity' as const) : ('nnThreshold' as const),
            source: signal.eta_source ?? 'signal.eta_per_pot (no source given)',
          }
        : undefined;
    const key = `${capture}|${pi0}|${eta ? `${eta.perPot}|${eta.kinematics}` : 'no-eta'}`;
    let s = setups.get(key);
    if (!s) {
      s = bindings.map((b) => {
        const sources = dmSourcesFromBeam(b.beamData, {
          beam: b.beam,
          piMinus: piMinusCaptureModel(b.beam, capture === 'reference-code' ? 'referenceCode' : 'heavyNucleus'),
          pi0Normalisation: pi0 === 'reference-code' ? 'referenceCode' : 'physical',
          ...(eta ? { eta } : {}),
        });
        const { setup, binner } = detectorDmSetup(b.channel, { detector: b.detector, target: b.target, massKg: b.massKg, distanceM: b.distanceM, protonsOnTarget: b.protonsOnTarget, pulse: b.pulse, mode: b.mode }, sources);
        return { b, setup, binner };
      });
      setups.set(key, s);
    }
    return s;
  };

  return (signal: SignalConfig, massMeV: number): DmSignalTemplates => {
    const family = familyOf(signal.family);
    const chiMass = family.chiMassMeV(signal, massMeV);
    const { model: probe, coupling: cProbe } = family.probe(signal, massMeV);
    const channels = signal.production.map((p) => PRODUCTION_NAMES[p]);
    const perChannelProbe = new Map<string, Float64Array>();
    const byProductionProbe: Record<string, number> = {};
    let totalProbe = 0;
    const factors = family.productionFactors?.(signal) ?? {};
    const lineshape = signal.mediator_lineshape === 'breit-wigner' ? ('breitWigner' as const) : ('narrowWidth' as const);
    for (const { b, setup, binner } of setupsFor(signal)) {
      const unit = buildUnitDmTemplates(setup, probe, binner, { channels, lineshape });
      const scaled = rescaleDmTemplates(unit, probe);
      const weighted = weightProductionChannels(scaled.perChannel, signal.production, factors);
      const ch = b.toChannel(weighted.total);
      perChannelProbe.set(b.channel, ch);
      for (const p of signal.production) {
        const t = b.toChannel(weighted.perChannel[p]!);
        const s = t.reduce((a, v) => a + v, 0);
        byProductionProbe[p] = (byProductionProbe[p] ?? 0) + s;
      }
      totalProbe += ch.reduce((a, v) => a + v, 0);
    }
    // A requested channel above its kinematic threshold contributes zero, with a note (never NaN). With the
    // Breit–Wigner line shape a meson channel stays open above m_M (off-shell X*) until 2m_χ reaches m_M.
    const notes: string[] = [];
    for (const p of signal.production) {
      const meson = p === 'pi0' || p === 'eta';
      if (lineshape === 'breitWigner' && meson) {
        const mM = channelThresholdMeV(PRODUCTION_NAMES[p]);
        if (2 * probe.chiMassMeV >= mM) notes.push(`production channel ${p} is closed at ${family.massLabel} = ${massMeV.toPrecision(4)} MeV (2 m_χ = ${(2 * probe.chiMassMeV).toPrecision(5)} MeV ≥ m_meson = ${mM.toPrecision(5)} MeV): contributes 0 events`);
        continue;
      }
      const thr = channelThresholdMeV(PRODUCTION_NAMES[p]);
      if (probe.production.massMeV >= thr) notes.push(`production channel ${p} is closed at ${family.massLabel} = ${massMeV.toPrecision(4)} MeV (threshold ${thr.toPrecision(5)} MeV): contributes 0 events`);
    }
    const meta = { coupling: family.coupling, countPower: family.countPower, massLabel: family.massLabel, ...(notes.length > 0 ? { notes } : {}) };
    if (!(totalProbe > 0)) {
      return { massMeV, chiMassMeV: chiMass, ...meta, referenceCoupling: Infinity, perChannel: perChannelProbe, byProduction: byProductionProbe };
    }
    const k = REFERENCE_EVENTS / totalProbe; // count factor from the probe to the reference coupling
    const referenceCoupling = cProbe * k ** (1 / family.countPower);
    const perChannel = new Map<string, Float64Array>();
    for (const [name, t] of perChannelProbe) perChannel.set(name, t.map((v) => v * k));
    const byProduction: Record<string, number> = {};
    for (const [p, v] of Object.entries(byProductionProbe)) byProduction[p] = v * k;
    return { massMeV, chiMassMeV: chiMass, ...meta, referenceCoupling, perChannel, byProduction };
  };
}

/**
 * Weight the per-channel templates of a dark-photon-normalised production by a family's channel factors
 * (SignalFamily.productionFactors: BR multiplier relative to the dark photon at unit production coupling; default 1,
 * 0 closes a channel) and sum them. Returns the weighted template of each requested channel and their total.
 */
export function weightProductionChannels(
  perChannel: Readonly<Record<string, Float64Array>>,
  production: SignalConfig['production'],
  factors: Readonly<Partial<Record<SignalConfig['production'][number], number>>>,
): { perChannel: Partial<Record<SignalConfig['production'][number], Float64Array>>; total: Float64Array } {
  const size = perChannel[PRODUCTION_NAMES[production[0]!]]!.length;
  const total = new Float64Array(size);
  const out: Partial<Record<SignalConfig['production'][number], Float64Array>> = {};
  for (const p of production) {
    const f = factors[p] ?? 1;
    if (!(Number.isFinite(f) && f >= 0)) throw new RangeError(`production factor of ${p} must be a finite number >= 0, got ${f}`);
    const src = perChannel[PRODUCTION_NAMES[p]]!;
    const t = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      t[i] = f * src[i]!;
      total[i] += t[i]!;
    }
    out[p] = t;
  }
  return { perChannel: out, total };
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

/**
 * The same templates at another reference coupling: counts scale as (c/c_ref)^k, so every template is multiplied by
 * (newReference/referenceCoupling)^k. Used to put the members of a combination on one common reference.
 */
export function rescaleToReference(t: DmSignalTemplates, newReference: number): DmSignalTemplates {
  if (!(newReference > 0 && Number.isFinite(newReference))) throw new RangeError(`rescaleToReference: expected a positive finite coupling, got ${newReference}`);
  if (!Number.isFinite(t.referenceCoupling)) return { ...t, referenceCoupling: newReference };
  const f = (newReference / t.referenceCoupling) ** t.countPower;
  const perChannel = new Map<string, Float64Array>();
  for (const [name, v] of t.perChannel) perChannel.set(name, v.map((x) => x * f));
  const byProduction: Record<string, number> = {};
  for (const [p, v] of Object.entries(t.byProduction)) byProduction[p] = v * f;
  return { ...t, referenceCoupling: newReference, perChannel, byProduction };
}
