/**
 * Physical constants and unit conversions used by the physics layer.
 *
 * Source unless stated otherwise: Particle Data Group, R. L. Workman et al. (PDG), Prog. Theor. Exp. Phys.
 * 2022, 083C01 ("Review of Particle Physics", 2022 edition), with CODATA 2018 for fundamental constants.
 * Values were entered from the PDG summary tables / physical-constants table (not taken from the
 * reference code, whose rounded values (m_π = 139.57, τ_π = 26 ns, line at 29 MeV) are a known defect,
 * see docs/physics.md §8.1 item 7).
 *
 * Conventions: energies and masses in MeV, lengths in m or fm (suffix in the name), times in s or µs (suffix `Us`).
 */

/** Reduced Planck constant × speed of light, ħc = 197.3269804 MeV·fm (CODATA 2018, exact-derived). */
export const HBARC_MEV_FM = 197.3269804;
/** ħc in MeV·cm. */
export const HBARC_MEV_CM = HBARC_MEV_FM * 1e-13;
/** (ħc)² in MeV²·cm², converts a cross section in MeV⁻² to cm². */
export const HBARC2_MEV2_CM2 = HBARC_MEV_CM * HBARC_MEV_CM;
/** Reduced Planck constant ħ = 6.582119569e-22 MeV·s (CODATA 2018). */
export const HBAR_MEV_S = 6.582119569e-22;
/** Speed of light, exact, m/s. */
export const SPEED_OF_LIGHT_M_PER_S = 299792458;
/** Speed of light in m/µs. */
export const SPEED_OF_LIGHT_M_PER_US = 299.792458;

/** Fermi constant G_F/(ħc)³ = 1.1663788e-5 GeV⁻² (PDG 2022, from the muon lifetime, MuLan) → MeV⁻². */
export const FERMI_CONSTANT_PER_MEV2 = 1.1663788e-11;
/** Fine-structure constant α = 1/137.035999084 (CODATA 2018). */
export const ALPHA_EM = 1 / 137.035999084;

/**
 * Weak mixing angle at low momentum transfer, sin²θ_W(Q² → 0) = 0.23857 ± 0.00005 in the MS-bar scheme
 * (PDG 2022 Electroweak review, Erler & Ferro-Hernández, JHEP 03 (2018) 196). Used for tree-level
 * couplings at CEvNS momentum transfers (q ≲ 100 MeV).
 */
export const SIN2_THETA_W_LOW_Q2 = 0.23857;
/** sin²θ_W(M_Z) in MS-bar, ŝ²_Z = 0.23122 (PDG 2022); used with the ρ, κ, λ radiative corrections. */
export const SIN2_THETA_W_MZ_MSBAR = 0.23122;

// ---- masses (PDG 2022), MeV ----
/** Charged pion mass, 139.57039 ± 0.00018 MeV (PDG 2022). */
export const MASS_PI_CHARGED_MEV = 139.57039;
/** Neutral pion mass, 134.9768 MeV (PDG 2022). */
export const MASS_PI0_MEV = 134.9768;
/** Muon mass, 105.6583755 MeV (PDG 2022 / CODATA 2018). */
export const MASS_MUON_MEV = 105.6583755;
/** Electron mass, 0.51099895 MeV (CODATA 2018). */
export const MASS_ELECTRON_MEV = 0.51099895;
/** Charged kaon mass, 493.677 MeV (PDG 2022). */
export const MASS_KAON_CHARGED_MEV = 493.677;
/** Eta mass, 547.862 MeV (PDG 2022). */
export const MASS_ETA_MEV = 547.862;
/** Proton mass, 938.27208816 MeV (CODATA 2018). */
export const MASS_PROTON_MEV = 938.27208816;
/** Neutron mass, 939.56542052 MeV (CODATA 2018). */
export const MASS_NEUTRON_MEV = 939.56542052;
/** Atomic mass unit u = 931.49410242 MeV (CODATA 2018). */
export const ATOMIC_MASS_UNIT_MEV = 931.49410242;

// ---- lifetimes (PDG 2022) ----
/** π± mean life 2.6033e-8 s (PDG 2022) in µs. */
export const LIFETIME_PI_CHARGED_US = 0.026033;
/** μ mean life 2.1969811e-6 s (PDG 2022) in µs. */
export const LIFETIME_MUON_US = 2.1969811;
/** π⁰ mean life 8.43e-17 s (PDG 2022), in s. */
export const LIFETIME_PI0_S = 8.43e-17;

/** Avogadro constant, exact (SI 2019), mol⁻¹. */
export const AVOGADRO_PER_MOL = 6.02214076e23;
/** MeV per kg: c²/(1.602176634e-13 J/MeV) = 5.60958860e29 MeV/kg (exact-derived). */
export const MEV_PER_KG = 5.6095886e29;
/** Seconds per day. */
export const SECONDS_PER_DAY = 86400;
/** Joules per MeV (exact, SI 2019). */
export const JOULE_PER_MEV = 1.602176634e-13;

// ---- derived lines of pion / kaon decay at rest [DERIVED two-body kinematics] ----
/** ν_μ energy from π⁺ → μ⁺ν_μ at rest, (m_π² − m_μ²)/(2m_π) = 29.79 MeV. */
export const E_NU_PI_DAR_MEV = (MASS_PI_CHARGED_MEV ** 2 - MASS_MUON_MEV ** 2) / (2 * MASS_PI_CHARGED_MEV);
/** Michel endpoint for μ⁺ decay at rest, ≈ m_μ/2 (electron mass neglected) = 52.83 MeV. */
export const E_NU_MICHEL_MAX_MEV = MASS_MUON_MEV / 2;
/** ν_μ energy from K⁺ → μ⁺ν_μ at rest, (m_K² − m_μ²)/(2m_K) = 235.5 MeV. */
export const E_NU_K_DAR_MEV = (MASS_KAON_CHARGED_MEV ** 2 - MASS_MUON_MEV ** 2) / (2 * MASS_KAON_CHARGED_MEV);

/** keV per MeV. */
export const KEV_PER_MEV = 1000;
/** cm per m. */
export const CM_PER_M = 100;

/**
 * Exposure in kg·day → number of target-kg·seconds helper: returns mass·time in kg·s.
 * @param massKg detector mass (kg)
 * @param liveDays live time (days)
 */
export function exposureKgDay(massKg: number, liveDays: number): number {
  return massKg * liveDays;
}

/**
 * Protons on target delivered for a beam energy (GW·h) at a given proton kinetic energy.
 * N_POT = E_beam / T_p. E.g. 7.48 GW·h at 0.955 GeV ≈ 1.76e23 POT.
 * @param energyGWh integrated beam energy (GW·h)
 * @param protonEnergyGeV proton kinetic energy (GeV)
 */
export function protonsOnTargetFromGWh(energyGWh: number, protonEnergyGeV: number): number {
  const joules = energyGWh * 1e9 * 3600;
  const protonJ = protonEnergyGeV * 1e3 * JOULE_PER_MEV;
  return joules / protonJ;
}

/**
 * Integrated beam energy in GW·h for N_POT protons of kinetic energy T_p (GeV); inverse of {@link protonsOnTargetFromGWh}.
 */
export function gwhFromProtonsOnTarget(protonsOnTarget: number, protonEnergyGeV: number): number {
  return (protonsOnTarget * protonEnergyGeV * 1e3 * JOULE_PER_MEV) / (1e9 * 3600);
}

/**
 * Protons on target for a beam current over a live time: N = I·t/e.
 * @param currentUA average proton current (µA)
 * @param liveSeconds live time (s)
 */
export function protonsOnTargetFromCurrent(currentUA: number, liveSeconds: number): number {
  return (currentUA * 1e-6 * liveSeconds) / 1.602176634e-19;
}
