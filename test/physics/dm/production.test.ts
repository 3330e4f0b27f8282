import { describe, expect, it } from 'vitest';
import { PI_MINUS_CAPTURE_THRESHOLD_MEV, piMinusCaptureMediator } from '../../../src/physics/dm/kinematics.js';
import { BR_PI0_TO_GAMMA_GAMMA, PANOFSKY_RATIO, RADIATIVE_FRACTION_FREE_PROTON, piMinusCapturePhaseSpaceFactor } from '../../../src/physics/dm/production.js';

/**
 * π⁻ p → n X at rest with a massive vector X instead of the photon, relative to π⁻ p → n γ. Checked against
 * independent facts, not against its own formula:
 *  - m_X → 0 is the photon itself: factor 1;
 *  - closing threshold m_X → m_π + m_p − m_n = 138.27 MeV: the two-body phase space ∝ p_X → 0;
 *  - at threshold X is at rest, so all three polarisation states contribute equally to an S-wave (E0+) capture while
 *    the photon has two: factor/(p_X/p_γ) → 3/2;
 *  - p_X from two-body kinematics coded here from the masses (PDG 2022).
 */
describe('π⁻ capture: massive-vector phase space', () => {
  const mPi = 139.57039;
  const mP = 938.27208816;
  const mN = 939.56542052;
  const sqrtS = mPi + mP;
  const momentum = (m: number) => Math.sqrt((sqrtS * sqrtS - (mN + m) ** 2) * (sqrtS * sqrtS - (mN - m) ** 2)) / (2 * sqrtS);

  it('threshold is m_π + m_p − m_n = 138.277 MeV (PDG masses)', () => {
    expect(PI_MINUS_CAPTURE_THRESHOLD_MEV).toBeCloseTo(138.2771, 3);
    expect(piMinusCapturePhaseSpaceFactor(138.3, 'vectorE0plus')).toBe(0);
    expect(piMinusCapturePhaseSpaceFactor(200, 'none')).toBe(0);
  });

  it('kinematics: p_X from the masses; photon line at 129.4 MeV (measured π⁻p → nγ line, Spuller et al. 1977)', () => {
    for (const m of [0, 30, 75, 120, 138]) expect(piMinusCaptureMediator(m).momentumMeV).toBeCloseTo(momentum(m), 9);
    expect(piMinusCaptureMediator(0).energyMeV).toBeCloseTo(129.4, 1);
  });

  it('photon limit m_X → 0 gives 1', () => {
    expect(piMinusCapturePhaseSpaceFactor(1e-6, 'vectorE0plus')).toBeCloseTo(1, 12);
    expect(piMinusCapturePhaseSpaceFactor(75, 'none')).toBe(1);
  });

  it('near threshold: vanishes like p_X with the 3/2 polarisation ratio', () => {
    const pGamma = momentum(0);
    for (const dm of [1e-3, 1e-5]) {
      const m = PI_MINUS_CAPTURE_THRESHOLD_MEV - dm;
      const ratio = piMinusCapturePhaseSpaceFactor(m, 'vectorE0plus') / (momentum(m) / pGamma);
      // (1 + m²/2E²) − 3/2 = (m² − E²)/(2E²) = −p²/(2E²): relative to 3/2 it is O(p²/m²) ≈ 2Δm/m.
      expect(Math.abs(ratio / 1.5 - 1)).toBeLessThan((2 * dm) / m);
    }
  });

  it('branching constants are the published values', () => {
    expect(BR_PI0_TO_GAMMA_GAMMA).toBe(0.98823); // PDG 2022
    expect(PANOFSKY_RATIO).toBe(1.546); // Spuller et al., PLB 67 (1977) 479
    expect(RADIATIVE_FRACTION_FREE_PROTON).toBeCloseTo(0.393, 3);
  });
});
