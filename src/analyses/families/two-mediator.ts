/**
 * Two mediators: an A′ (mass m_A′, kinetic mixing ε, dark coupling α_D) is produced in the target and decays to χχ̄;
 * χ scatters on the detector through a SECOND vector V′ of mass m_V′ (the scanned mass, `signal.mass_MeV`). The worked
 * example is a baryon-number boson: V′ couples to protons and neutrons alike (charges {p: 1, n: 1, e: 0}), so χ–nucleus
 * scattering grows with A² instead of Z².
 *
 * Couplings: V′ couples to SM fermions with e·ε′·Q_f and to χ with e·ε′_D (both in units of e, as the reference
 * analysis' "ε κ_f^V κ_D^V" axis; docs/physics.md §1.2). The reported coupling is
 *
 *     ε_eff ≡ ε · ε′ · ε′_D · √BR(A′ → χχ̄)
 *
 * Counts: production ∝ ε²·BR(A′→χχ̄), scattering ∝ (e ε′)²(e ε′_D)², so N ∝ e⁴ ε_eff², i.e. N ∝ ε_eff² at fixed
 * masses (exact: BR is inside ε_eff). m_A′ and m_χ are fixed per config; the reference benchmark is m_A′ = 75 MeV,
 * m_χ = 25 MeV, α_D = 0.5 (docs/physics.md §1.1).
 */
import { z } from 'zod';
import { ELECTRIC_CHARGE, mediatorWidths, twoMediatorModel } from '../../physics/dm/model.js';
import { PROBE_EPSILON } from './dark-photon.js';
import type { CommonSignalOptions, SignalFamily } from './types.js';

const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive number' });

/** Charge patterns of the scattering mediator V′ (proton, neutron, electron). */
export const V_PRIME_CHARGES = {
  /** Baryon-number boson: couples to nucleons alike, not to electrons. */
  baryophilic: { proton: 1, neutron: 1, electron: 0 },
  /** Photon-like charges (a second dark photon). */
  'dark-photon-like': { proton: 1, neutron: 0, electron: -1 },
} as const;

export interface TwoMediatorOptions extends CommonSignalOptions {
  readonly production_mass_MeV: number;
  readonly chi_mass_MeV: number;
  readonly alpha_D: number;
  readonly charges: keyof typeof V_PRIME_CHARGES;
}

export const twoMediator: SignalFamily<TwoMediatorOptions> = {
  name: 'two-mediator',
  description: 'A′ produced and decaying to χχ̄ (Dirac χ); χ scatters through a second vector V′ (baryophilic by default)',
  options: {
    /** m_A′ (MeV) of the produced mediator. */
    production_mass_MeV: positive.default(75),
    /** m_χ (MeV). */
    chi_mass_MeV: positive.default(25),
    /** α_D of the produced A′ (sets BR(A′ → χχ̄) with ε). */
    alpha_D: positive.default(0.5),
    charges: z.enum(['baryophilic', 'dark-photon-like']).default('baryophilic'),
  },
  coupling: { name: 'eps_eff', symbol: 'ε_eff', formula: 'ε_eff = ε·ε′·ε′_D·√BR(A′→χχ̄)' },
  countPower: 2,
  massLabel: 'm_V′',
  shapeSettings: ['production_mass_MeV', 'chi_mass_MeV'],
  check(o) {
    if (!(o.production_mass_MeV > 2 * o.chi_mass_MeV)) {
      throw new RangeError(`signal.production_mass_MeV: A′ → χχ̄ needs m_A′ > 2 m_χ, got m_A′ = ${o.production_mass_MeV} MeV, m_χ = ${o.chi_mass_MeV} MeV`);
    }
  },
  probe(o, massMeV) {
    // ε′ = ε′_D = 1: gSm = e, gChi = e. Then N_probe ∝ ε² BR e⁴ = e⁴ ε_eff,probe².
    const model = twoMediatorModel(
      { massMeV: o.production_mass_MeV, epsilon: PROBE_EPSILON, alphaD: o.alpha_D },
      o.chi_mass_MeV,
      { massMeV, gSm: ELECTRIC_CHARGE, charges: V_PRIME_CHARGES[o.charges], gChi: ELECTRIC_CHARGE },
    );
    return { model, coupling: epsEff(PROBE_EPSILON, 1, 1, mediatorWidths(model).branchingToChi) };
  },
  chiMassMeV: (o) => o.chi_mass_MeV,
  facts: (o) => ({ production_mass_MeV: o.production_mass_MeV, chi_mass_MeV: o.chi_mass_MeV, alpha_D: o.alpha_D, v_prime_charges: o.charges }),
};

/** ε_eff ≡ ε·ε′·ε′_D·√BR(A′ → χχ̄): THE definition of the two-mediator coupling. */
export function epsEff(epsilon: number, epsilonPrime: number, epsilonPrimeD: number, branchingToChi: number): number {
  return epsilon * epsilonPrime * epsilonPrimeD * Math.sqrt(branchingToChi);
}
