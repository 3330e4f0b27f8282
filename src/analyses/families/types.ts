/**
 * Signal families: the contract between a dark-sector model and the analysis layer.
 *
 * A family is one module (src/analyses/families/<name>.ts) registered in ./index.ts. It owns
 *  - its config schema: the `signal:` keys it understands besides the common ones (production channels, π⁻ capture);
 *  - its physical couplings: how a config plus a mass point become a {@link DarkSectorModel} of src/physics/dm;
 *  - the derived coupling it reports (name, symbol, formula — defined in the family file and nowhere else);
 *  - how counts scale with that coupling (N ∝ coupling^countPower at fixed masses), which is what lets an analysis
 *    build ONE template per mass point and reach every coupling by a normalisation;
 *  - the settings that change the template's shape (the scanned mass, a lifetime …), which `scan --param` accepts.
 * The template builder is shared (src/analyses/dmsignal.ts): it builds the family's probe model on every detector
 * binding and rescales to the analysis' reference coupling.
 */
import type { z } from 'zod';
import type { DarkSectorModel } from '../../physics/dm/model.js';

/** The coupling a family reports (JSON key, plot label) with its definition. */
export interface FamilyCoupling {
  /** Name in JSON, `--param`, plots and tables (e.g. `Y`, `eps_eff`). */
  readonly name: string;
  /** Typeset symbol for plots (Unicode). */
  readonly symbol: string;
  /** The formula in words/symbols, e.g. "Y = ε² α_D (m_χ/m_A′)⁴". */
  readonly formula: string;
}

/** A family's probe point: a physical model and the value of the family's coupling there. */
export interface FamilyProbe {
  readonly model: DarkSectorModel;
  /** The family coupling of `model`. Counts of any other coupling c follow N(c) = N(probe)·(c/coupling)^countPower. */
  readonly coupling: number;
}

/** Options common to every family (production channels, π⁻ capture model). */
export interface CommonSignalOptions {
  readonly family: string;
  /** Scanned / fitted mass (MeV); its meaning is the family's `massLabel`. */
  readonly mass_MeV: number;
  readonly production: ReadonlyArray<'pi0' | 'eta' | 'piminus' | 'brem'>;
  /** η per POT of the `eta` channel (required when `production` lists it). */
  readonly eta_per_pot?: number;
  readonly eta_kinematics?: 'nn-threshold' | 'at-rest' | 'pi0-velocity';
  readonly eta_source?: string;
  readonly piminus_capture: 'heavy-nucleus' | 'reference-code';
  readonly pi0_normalisation: 'physical' | 'reference-code';
  /** Mediator line shape in meson decays (default narrow-width; docs/physics.md §2.8). */
  readonly mediator_lineshape?: 'narrow-width' | 'breit-wigner';
}

export interface SignalFamily<O extends CommonSignalOptions = CommonSignalOptions> {
  /** `signal.family` value. */
  readonly name: string;
  readonly description: string;
  /** zod shape of the family-specific keys of `signal:` (merged with the common keys; unknown keys are errors). */
  readonly options: z.ZodRawShape;
  readonly coupling: FamilyCoupling;
  /** N ∝ coupling^countPower at fixed masses and fixed shape settings. */
  readonly countPower: number;
  /** What `signal.mass_MeV` and the limit/scan mass grids are (e.g. "m_A′", "m_V′"). */
  readonly massLabel: string;
  /** `signal:` keys (besides mass_MeV) that change the template shape; `scan --param KEY` profiles over them. */
  readonly shapeSettings: readonly string[];
  /** Semantic checks after the schema (e.g. m_A′ > 2 m_χ); throw InvalidSpecification naming the key. */
  check?(o: O): void;
  /** The probe model at mass `massMeV` (MeV). Must not depend on the coupling beyond an overall factor. */
  probe(o: O, massMeV: number): FamilyProbe;
  /**
   * Optional production charges: for each production channel, BR(this mediator)/BR(dark photon) at unit production
   * coupling (default 1; 0 closes the channel). The channel kinematics are shared (src/physics/dm/production.ts);
   * e.g. a leptophobic vector sets brem (e± cascade photons) to 0 and its own π⁰/η anomaly factors.
   */
  productionFactors?(o: O): Readonly<Partial<Record<'pi0' | 'eta' | 'piminus' | 'brem', number>>>;
  /** m_χ (MeV) at this mass point, for reports. */
  chiMassMeV(o: O, massMeV: number): number;
  /** Extra facts for reports (fixed masses, couplings), each with units in the key. */
  facts?(o: O): Readonly<Record<string, number | string>>;
}
