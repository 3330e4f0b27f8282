/**
 * Hadronic ratio R(√s) = σ(e⁺e⁻ → hadrons)/σ_pt(e⁺e⁻ → μ⁺μ⁻) below 1 GeV, for the annihilation χχ̄ → A′* → hadrons
 * (the A′ couples to the electromagnetic current, so its hadronic rate is the photon's times ε²).
 *
 * Below √s ≈ 1 GeV, R is dominated by π⁺π⁻: R_ππ(s) = ¼ β_π³ |F_π(s)|², β_π = √(1 − 4m_π²/s) (e.g. PDG Review
 * "Plots of cross sections and related quantities"; Jegerlehner & Nyffeler, Phys. Rept. 477 (2009) 1, eq. 2.70). The pion
 * form factor is the Gounaris–Sakurai parametrisation of the ρ(770) (G. J. Gounaris, J. J. Sakurai, PRL 21 (1968)
 * 244), normalised so that F_π(0) = 1 (checked in the tests), with the ρ⁰ mass and width of PDG 2022 (e⁺e⁻ and τ
 * average: m_ρ = 775.26 MeV, Γ_ρ = 147.4 MeV). Neglected: ρ–ω interference (a narrow ±10 % wiggle at 782 MeV), the
 * 3π and π⁰γ channels (R < 0.05 below 700 MeV outside the ω peak), KK̄ and above. The relic solver uses R only at
 * √s < 1 GeV (m_χ ≤ 300 MeV with a thermal tail), where this is the dominant term.
 */
import { MASS_PI_CHARGED_MEV } from '../constants.js';

/** ρ⁰(770) mass (MeV), PDG 2022. */
export const MASS_RHO_MEV = 775.26;
/** ρ⁰(770) width (MeV), PDG 2022. */
export const WIDTH_RHO_MEV = 147.4;

const MPI = MASS_PI_CHARGED_MEV;

/** Pion momentum in the ππ rest frame, k(s) = ½√(s − 4m_π²). */
function kOf(s: number): number {
  return 0.5 * Math.sqrt(Math.max(0, s - 4 * MPI * MPI));
}
/** Gounaris–Sakurai h(s) = (2/π)(k/√s) ln((√s + 2k)/(2m_π)). */
function hOf(s: number): number {
  const rs = Math.sqrt(s);
  const k = kOf(s);
  return ((2 / Math.PI) * (k / rs)) * Math.log((rs + 2 * k) / (2 * MPI));
}

const M2 = MASS_RHO_MEV * MASS_RHO_MEV;
const K_RHO = kOf(M2);
/** dh/ds at m_ρ² (closed form of the derivative of hOf). */
const DH_RHO = (() => {
  // symmetric difference on a scale 1e-4 m_ρ² (h is analytic there; truncation error ~1e-8 relative)
  const d = 1e-4 * M2;
  return (hOf(M2 + d) - hOf(M2 - d)) / (2 * d);
})();
/** f(s) of Gounaris–Sakurai. */
function fOf(s: number): number {
  const k = kOf(s);
  return ((WIDTH_RHO_MEV * M2) / K_RHO ** 3) * (k * k * (hOf(s) - hOf(M2)) + (M2 - s) * K_RHO * K_RHO * DH_RHO);
}
/** d = F_π(0) normalisation constant of Gounaris–Sakurai. */
const D_GS =
  (3 / Math.PI) * ((MPI * MPI) / (K_RHO * K_RHO)) * Math.log((MASS_RHO_MEV + 2 * K_RHO) / (2 * MPI)) +
  MASS_RHO_MEV / (2 * Math.PI * K_RHO) -
  (MPI * MPI * MASS_RHO_MEV) / (Math.PI * K_RHO ** 3);

/** |F_π(s)|² (Gounaris–Sakurai) for s ≥ 4m_π² (MeV²); F_π(0) is {@link pionFormFactorAtZero}. */
export function pionFormFactorSquared(s: number): number {
  if (s < 4 * MPI * MPI) throw new RangeError(`pionFormFactorSquared: s = ${s} MeV² below the ππ threshold`);
  const rs = Math.sqrt(s);
  const width = WIDTH_RHO_MEV * (kOf(s) / K_RHO) ** 3 * (MASS_RHO_MEV / rs);
  const re = M2 - s + fOf(s);
  const im = MASS_RHO_MEV * width;
  const num = M2 * (1 + (D_GS * WIDTH_RHO_MEV) / MASS_RHO_MEV);
  return (num * num) / (re * re + im * im);
}

/**
 * F_π(0) of the parametrisation, evaluated from its ingredients (h, h′(m_ρ²), f and the width) continued to s = 0, so
 * that the tests can check the normalisation constant d (F_π(0) = 1 iff d is consistent with h). Below threshold
 * k = iκ, κ = √(m_π² − s/4); the real part of f and the width term combine into
 *   (Γm_ρ²/k_ρ³)·κ²·(−(b/π)·atan(1/b)),  b = 2κ/√s,  which → −(Γm_ρ²/k_ρ³)·m_π²/π as s → 0,
 * hence D(0) = m_ρ² + (Γm_ρ²/k_ρ³)[m_π² h(m_ρ²) − m_π²/π + m_ρ² k_ρ² h′(m_ρ²)] (our derivation).
 */
export function pionFormFactorAtZero(): number {
  const d0 = M2 + ((WIDTH_RHO_MEV * M2) / K_RHO ** 3) * (MPI * MPI * hOf(M2) - (MPI * MPI) / Math.PI + M2 * K_RHO * K_RHO * DH_RHO);
  return (M2 * (1 + (D_GS * WIDTH_RHO_MEV) / MASS_RHO_MEV)) / d0;
}

/** R_ππ(√s) = ¼ β_π³ |F_π(s)|² (0 below the ππ threshold). */
export function rRatioPiPi(sqrtSMeV: number): number {
  const s = sqrtSMeV * sqrtSMeV;
  if (s <= 4 * MPI * MPI) return 0;
  const beta = Math.sqrt(1 - (4 * MPI * MPI) / s);
  return 0.25 * beta ** 3 * pionFormFactorSquared(s);
}

/** Hadronic R(√s) used by the relic solver (ππ only; see the module comment for what is neglected). */
export function rRatio(sqrtSMeV: number): number {
  return rRatioPiPi(sqrtSMeV);
}
