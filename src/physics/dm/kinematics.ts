/**
 * Relativistic kinematics of dark-photon production, decay and χ scattering. All energies in MeV.
 * [DERIVED] standard two-body kinematics (e.g. PDG Review "Kinematics", §49); docs/physics.md §2.2, §2.3, §3.2, §4.3.
 */
import { MASS_NEUTRON_MEV, MASS_PI_CHARGED_MEV, MASS_PROTON_MEV, SPEED_OF_LIGHT_M_PER_US } from '../constants.js';

/** Energy and momentum of a particle (MeV). */
export interface EnergyMomentum {
  energyMeV: number;
  momentumMeV: number;
}

/**
 * Two-body decay P → a + b at rest: energy and momentum of `a`.
 * E_a = (M² + m_a² − m_b²)/(2M), p = λ^{1/2}(M², m_a², m_b²)/(2M). Returns momentum 0 at or above threshold.
 */
export function twoBodyAtRest(parentMassMeV: number, massAMeV: number, massBMeV: number): EnergyMomentum {
  const M2 = parentMassMeV * parentMassMeV;
  const a2 = massAMeV * massAMeV;
  const b2 = massBMeV * massBMeV;
  const energyMeV = (M2 + a2 - b2) / (2 * parentMassMeV);
  const lam = (M2 - (massAMeV + massBMeV) ** 2) * (M2 - (massAMeV - massBMeV) ** 2);
  return { energyMeV, momentumMeV: lam > 0 ? Math.sqrt(lam) / (2 * parentMassMeV) : 0 };
}

/** Invariant mass of the π⁻p system at rest (MeV), free-proton kinematics (nuclear binding neglected). */
export const PI_MINUS_P_INVARIANT_MASS_MEV = MASS_PI_CHARGED_MEV + MASS_PROTON_MEV;
/** Threshold of π⁻p → nX at rest: m_X < m_π⁻ + m_p − m_n = 138.28 MeV. */
export const PI_MINUS_CAPTURE_THRESHOLD_MEV = MASS_PI_CHARGED_MEV + MASS_PROTON_MEV - MASS_NEUTRON_MEV;

/** X from π⁻p → nX at rest: E_X = [(m_π + m_p)² − m_n² + m_X²] / [2(m_π + m_p)] (docs/physics.md §2.3). */
export function piMinusCaptureMediator(mediatorMassMeV: number): EnergyMomentum {
  return twoBodyAtRest(PI_MINUS_P_INVARIANT_MASS_MEV, mediatorMassMeV, MASS_NEUTRON_MEV);
}

/**
 * Lab energy range of a daughter of mass m_d from the isotropic two-body decay P → d + d′ of a parent with lab
 * energy E_P and mass M (daughter rest-frame energy E*, momentum p*): E_± = γ(E* ± β p*), uniform ("box") in between.
 */
export function boxEdges(parentEnergyMeV: number, parentMassMeV: number, restEnergyMeV: number, restMomentumMeV: number): { lo: number; hi: number } {
  const gamma = parentEnergyMeV / parentMassMeV;
  const betaGamma = Math.sqrt(Math.max(0, gamma * gamma - 1));
  return { lo: gamma * restEnergyMeV - betaGamma * restMomentumMeV, hi: gamma * restEnergyMeV + betaGamma * restMomentumMeV };
}

/** χ energy range from X → χχ̄ of an X with lab energy E_X (docs/physics.md §3.2): E* = m_X/2, p* = √(m_X²/4 − m_χ²). */
export function chiEnergyRange(mediatorEnergyMeV: number, mediatorMassMeV: number, chiMassMeV: number): { lo: number; hi: number } {
  const eStar = mediatorMassMeV / 2;
  const pStar = Math.sqrt(Math.max(0, eStar * eStar - chiMassMeV * chiMassMeV));
  return boxEdges(mediatorEnergyMeV, mediatorMassMeV, eStar, pStar);
}

// Maximum recoil / minimum projectile energy for massive χ: use maxRecoilEnergyMeV / minProjectileEnergyMeV of
// src/physics/kinematics.ts (they take the projectile mass).

/** Speed β = p/E of a particle of energy E and mass m. */
export function speedBeta(energyMeV: number, massMeV: number): number {
  if (energyMeV <= massMeV) return 0;
  return Math.sqrt(energyMeV * energyMeV - massMeV * massMeV) / energyMeV;
}

/** Delay (µs) of a particle of speed β behind light over a distance L (m): Δt = (L/c)(1/β − 1). */
export function flightDelayUs(distanceM: number, beta: number): number {
  return (distanceM / SPEED_OF_LIGHT_M_PER_US) * (1 / beta - 1);
}
