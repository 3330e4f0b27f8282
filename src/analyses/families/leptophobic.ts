/**
 * Leptophobic dark matter: a vector V_B coupled to baryon number (quarks with g_B/3, hence nucleons with g_B and a
 * nucleus with g_B·A; no lepton coupling) and to χ with g_χ = √(4πα_χ). V_B is produced in the target through the
 * anomaly-induced meson decays and decays to χχ̄; χ scatters coherently on the detector nuclei through V_B
 * (Batell, deNiverville, McKeen, Pospelov, Ritz, PRD 90 (2014) 115014, arXiv:1405.7049; the model searched for by
 * COHERENT with CsI in arXiv:2205.12414, mediator 2–400 MeV, α_χ = 0.5). docs/physics.md §10.
 *
 * Reported coupling: α_B = g_B²/4π, the axis of arXiv:2205.12414.
 *
 * Production: π⁰ → γV_B has the π⁰ → γγ amplitude with one photon vertex e·Q_q replaced by g_B·B_q (B_q = 1/3): the
 * anomaly factor N_c Tr[τ³{Q, B}] equals N_c Tr[τ³{Q, Q}] × (g_B/e) because Q_u − Q_d = 1, so
 *   BR(π⁰ → γV_B) = 2 (α_B/α) (1 − m_V²/m_π⁰²)³ BR(π⁰ → γγ)
 * (Tulin, PRD 89 (2014) 114008, arXiv:1404.4370; our derivation agrees). This is the dark-photon BR with ε² → α_B/α: the
 * probe model sets ε_prod = √(α_B/α) and the π⁰ coupling factor 1. η → γV_B: in the octet–singlet basis the baryon
 * charge is flavour-blind, so only the octet part of the η couples to γV_B, with the same anomaly factor as to γγ; the
 * singlet part, which contributes to η → γγ, drops out. With the pseudoscalar mixing angle θ_P = −20° and f₈ = f₀ (our
 * derivation; PDG review "Quark model", η–η′ mixing) the η factor is
 *   BR(η → γV_B)/BR_dark photon(η, ε² = α_B/α) = [c₈ cos θ / (c₈ cos θ − c₀ sin θ)]² = 0.243,
 *   c₈ = Tr[λ₈Q²] = 1/(3√3), c₀ = Tr[λ₀Q²] = (2/3)√(2/3).
 * π⁻ capture (π⁻p → nγ is an isovector E1 transition; a baryon-number current has no isovector part) and the e± cascade
 * (no lepton coupling) do not produce V_B; the family refuses them.
 *
 * Counts: production ∝ α_B, scattering ∝ g_B² g_χ² ∝ α_B α_χ, so N ∝ α_B² at fixed α_χ and masses (countPower 2).
 * The V_B width is Γ(V_B → χχ̄) (BR = 1): the probe's kinetic-mixing field carries √(α_B/α), whose lepton width is
 * α·(α_B/α)·m/3 ≪ α_χ m/12 at any probe coupling (and V_B → π⁰γ, open above m_π⁰, is O(α α_B) likewise negligible).
 */
import { z } from 'zod';
import { ALPHA_EM } from '../../physics/constants.js';
import { twoMediatorModel, type DarkMatterSpin, type DarkSectorModel } from '../../physics/dm/model.js';
import type { CommonSignalOptions, SignalFamily } from './types.js';

const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive number' });

/** α_B of the probe model; counts scale analytically, so its value drops out. */
export const PROBE_ALPHA_B = 1e-10;

/** Baryon-number charges of proton, neutron, electron. */
export const BARYON_CHARGES = { proton: 1, neutron: 1, electron: 0 } as const;

/** Pseudoscalar octet–singlet mixing angle θ_P (degrees) used for the η coupling factor (PDG review, quadratic-mass/γγ fits ≈ −20°). */
export const ETA_MIXING_ANGLE_DEG = -20;

/**
 * BR(η → γV_B) / BR_dark-photon(η → γX, ε² = α_B/α): the octet share of the η → γγ anomaly amplitude, squared (see the
 * module comment). With θ_P = −20° and f₈ = f₀: 0.243.
 */
export function etaBaryonicCouplingFactor(thetaDeg = ETA_MIXING_ANGLE_DEG): number {
  const th = (thetaDeg * Math.PI) / 180;
  const c8 = 1 / (3 * Math.sqrt(3)); // Tr[λ₈ Q²], λ₈ = diag(1, 1, −2)/√3, Q = diag(2/3, −1/3, −1/3)
  const c0 = (2 / 3) * Math.sqrt(2 / 3); // Tr[λ₀ Q²], λ₀ = √(2/3)·1
  // η = cos θ η₈ − sin θ η₀; the baryon-number vertex Tr[λ Q B] equals c₈/3·3 = c₈ for λ₈ and 0 for λ₀
  const gammaGamma = c8 * Math.cos(th) - c0 * Math.sin(th);
  return ((c8 * Math.cos(th)) / gammaGamma) ** 2;
}

export interface LeptophobicOptions extends CommonSignalOptions {
  readonly chi_mass_ratio: number;
  readonly alpha_chi: number;
  readonly chi_type: 'scalar' | 'fermion';
}

const SPIN: Readonly<Record<LeptophobicOptions['chi_type'], DarkMatterSpin>> = { scalar: 'complexScalar', fermion: 'diracFermion' };

/** The physical model at mass m_V and coupling α_B (production: dark-photon meson BR with ε² = α_B/α; V_B → χχ̄ with α_χ). */
export function leptophobicModel(o: Pick<LeptophobicOptions, 'chi_mass_ratio' | 'alpha_chi' | 'chi_type'>, massMeV: number, alphaB: number): DarkSectorModel {
  return twoMediatorModel(
    { massMeV, epsilon: Math.sqrt(alphaB / ALPHA_EM), alphaD: o.alpha_chi },
    massMeV / o.chi_mass_ratio,
    { massMeV, gSm: Math.sqrt(4 * Math.PI * alphaB), charges: BARYON_CHARGES, gChi: Math.sqrt(4 * Math.PI * o.alpha_chi) },
    { spin: SPIN[o.chi_type] },
  );
}

export const leptophobic: SignalFamily<LeptophobicOptions> = {
  name: 'leptophobic',
  description: 'vector V_B coupled to baryon number (no leptons), V_B → χχ̄; produced in π⁰/η → γV_B, χ scatters through V_B on A nucleons',
  options: {
    /** m_χ = m_V / chi_mass_ratio (> 2). */
    chi_mass_ratio: positive.default(3),
    /** α_χ = g_χ²/4π. */
    alpha_chi: positive.default(0.5),
    /** χ spin: complex scalar or Dirac fermion (the two panels of arXiv:2205.12414 Fig. 3). */
    chi_type: z.enum(['scalar', 'fermion']).default('scalar'),
  },
  coupling: { name: 'alpha_B', symbol: 'α_B', formula: 'α_B = g_B²/4π' },
  countPower: 2,
  massLabel: 'm_V',
  shapeSettings: [],
  check(o) {
    if (!(o.chi_mass_ratio > 2)) throw new RangeError(`signal.chi_mass_ratio: V_B → χχ̄ needs m_V/m_χ > 2, got ${o.chi_mass_ratio}`);
    const bad = o.production.filter((p) => p === 'piminus' || p === 'brem');
    if (bad.length) {
      throw new RangeError(
        `signal.production: a baryon-number vector is not produced by ${bad.join(', ')} (π⁻ capture is isovector E1, the e± cascade has no quark coupling); use [pi0] or [pi0, eta]`,
      );
    }
  },
  probe(o, massMeV) {
    return { model: leptophobicModel(o, massMeV, PROBE_ALPHA_B), coupling: PROBE_ALPHA_B };
  },
  // BR relative to the dark photon at ε² = α_B/α: π⁰ 1, η the octet factor; π⁻ capture and the e± cascade 0 (also refused
  // by check(), which names the key)
  productionFactors: () => ({ pi0: 1, eta: etaBaryonicCouplingFactor(), piminus: 0, brem: 0 }),
  chiMassMeV: (o, massMeV) => massMeV / o.chi_mass_ratio,
  facts: (o) => ({ chi_mass_ratio: o.chi_mass_ratio, alpha_chi: o.alpha_chi, chi_type: o.chi_type, eta_coupling_factor: etaBaryonicCouplingFactor() }),
};
