/**
 * χ–target elastic scattering through a vector mediator V (mass m_V), per target particle of mass M.
 *
 * [DERIVED] (docs/physics.md §4.1, "physical formula"): with vertex couplings g_χ (χ) and Q·g_SM (target of vector
 * charge Q, point-like spin-½ up to the form factor F), the spin-averaged cross section in the lab is
 *
 *   Dirac χ:          dσ/dE_r = C² Q² F²(q) · [2ME² − 2MEE_r + ME_r² − (M² + m_χ²)E_r] / [4π (2ME_r + m_V²)² (E² − m_χ²)]
 *   complex scalar χ: dσ/dE_r = C² Q² F²(q) · [2ME² − 2MEE_r − m_χ² E_r]                  / [4π (2ME_r + m_V²)² (E² − m_χ²)]
 *
 * with C = g_SM · g_χ, from |M|² = C²Q²·8M[…]/(t − m_V²)² and dσ/dE_r = |M|²/(32π M p²). Note the sign
 * −(M² + m_χ²)E_r: the reference code has −(M² − m_χ²)E_r (docs/physics.md §8.1 item 3), which overestimates
 * χ–electron rates by ×2–6; it is NOT reproduced. The Dirac form has the correct Rutherford limit
 * (m_V → 0, E ≫ m_χ: dσ/dE_r → 2π α_C² Q²/(M E_r²) with C² = 4πα_C); checked in the tests. Scalar-χ form: same
 * derivation with the scalar current (p₁ + p₃)^μ (cf. deNiverville, Pospelov, Ritz, PRD 84 (2011) 075020,
 * arXiv:1107.4580, for χe scattering).
 *
 * Units: energies and masses in MeV, cross sections in MeV⁻³ (natural units; multiply by (ħc)² for cm²/MeV).
 * Couplings are NOT included here: these functions return dσ/dE_r / C² (unit coupling, see model.ts
 * signalCouplingScale). Q² and F² are applied by the caller.
 */
import type { DarkMatterSpin } from './model.js';

/**
 * Reduced differential cross section dσ/dE_r / (C² Q² F²) in MeV⁻³ for one projectile energy.
 * Returns 0 outside the kinematic range (E ≤ m_χ, or bracket ≤ 0 beyond the maximum recoil).
 * @param energyMeV total χ energy E
 * @param recoilMeV recoil kinetic energy E_r
 * @param chiMassMeV m_χ
 * @param targetMassMeV M (nucleus or electron)
 * @param mediatorMassMeV m_V
 */
export function reducedCrossSection(
  energyMeV: number,
  recoilMeV: number,
  chiMassMeV: number,
  targetMassMeV: number,
  mediatorMassMeV: number,
  spin: DarkMatterSpin,
): number {
  const E = energyMeV;
  const T = recoilMeV;
  const M = targetMassMeV;
  const m2 = chiMassMeV * chiMassMeV;
  const p2 = E * E - m2;
  if (!(p2 > 0)) return 0;
  // kinematic limit: T ≤ 2M p²/(M² + 2ME + m²)
  if (T * (M * M + 2 * M * E + m2) > 2 * M * p2) return 0;
  const bracket =
    spin === 'diracFermion'
      ? 2 * M * E * E - 2 * M * E * T + M * T * T - (M * M + m2) * T
      : 2 * M * E * E - 2 * M * E * T - m2 * T;
  if (!(bracket > 0)) return 0;
  const prop = 2 * M * T + mediatorMassMeV * mediatorMassMeV;
  return bracket / (4 * Math.PI * prop * prop * p2);
}
