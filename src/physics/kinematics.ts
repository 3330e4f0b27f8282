/**
 * Elastic two-body kinematics for a projectile of mass m (MeV) and total energy E (MeV) hitting a target of mass M at rest
 * (derived from energy–momentum conservation; docs/physics.md §4.3).
 *
 *   T_max(E)  = 2M(E² − m²) / (M² + 2ME + m²)
 *   E_min(T)  = ½ [ T + √(T² + 2MT + 2Tm²/M + 4m²) ]    (inverse of T_max)
 * For m = 0 these reduce to T_max = 2E²/(M + 2E) and E_min = ½[T + √(T² + 2MT)].
 */
import { InvalidParameters } from '../util/errors.js';
import { E_NU_MICHEL_MAX_MEV, E_NU_PI_DAR_MEV } from './constants.js';
import type { Target } from './targets.js';

/**
 * Maximum recoil kinetic energy (MeV).
 * @param energyMeV total projectile energy E (MeV), E ≥ m
 * @param targetMassMeV target mass M (MeV)
 * @param projectileMassMeV projectile mass m (MeV), 0 for neutrinos
 */
export function maxRecoilEnergyMeV(energyMeV: number, targetMassMeV: number, projectileMassMeV = 0): number {
  const m2 = projectileMassMeV * projectileMassMeV;
  if (energyMeV < projectileMassMeV) throw new InvalidParameters(`maxRecoilEnergyMeV: E = ${energyMeV} MeV below the projectile mass ${projectileMassMeV} MeV`);
  return (2 * targetMassMeV * (energyMeV * energyMeV - m2)) / (targetMassMeV * targetMassMeV + 2 * targetMassMeV * energyMeV + m2);
}

/**
 * Minimum total projectile energy (MeV) that can produce a recoil of kinetic energy T (MeV).
 * @param recoilMeV recoil kinetic energy T ≥ 0 (MeV)
 * @param targetMassMeV target mass M (MeV)
 * @param projectileMassMeV projectile mass m (MeV), 0 for neutrinos
 */
export function minProjectileEnergyMeV(recoilMeV: number, targetMassMeV: number, projectileMassMeV = 0): number {
  const m2 = projectileMassMeV * projectileMassMeV;
  const T = recoilMeV;
  return 0.5 * (T + Math.sqrt(T * T + 2 * targetMassMeV * T + (2 * T * m2) / targetMassMeV + 4 * m2));
}

/**
 * π-DAR kinematic endpoints of nuclear recoils (keVnr) on each nucleus of a target: T_max for the 29.79 MeV ν_μ line and
 * the 52.83 MeV Michel endpoint. Recoil spectra have kinks there, so quadrature grids put panel edges on them.
 */
export function piDarEndpointsKeV(target: Target): number[] {
  const out: number[] = [];
  for (const tn of target.nuclei) {
    out.push(1000 * maxRecoilEnergyMeV(E_NU_PI_DAR_MEV, tn.nucleus.massMeV), 1000 * maxRecoilEnergyMeV(E_NU_MICHEL_MAX_MEV, tn.nucleus.massMeV));
  }
  return out;
}
