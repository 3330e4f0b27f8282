import { describe, expect, it } from 'vitest';
import { PI_MINUS_CAPTURE_THRESHOLD_MEV, chiEnergyRange, flightDelayUs, piMinusCaptureMediator, speedBeta, twoBodyAtRest } from '../../../src/physics/dm/kinematics.js';
import { maxRecoilEnergyMeV } from '../../../src/physics/kinematics.js';
import { NUCLEI } from '../../../src/physics/targets.js';

// Values from docs/physics.md §2.3, §3.2, §4.3 (derived there by hand with PDG masses)
describe('π⁻ p → n X at rest', () => {
  it('threshold 138.28 MeV and line energies 129.4 / 132.0 / 138.2 MeV', () => {
    expect(PI_MINUS_CAPTURE_THRESHOLD_MEV).toBeCloseTo(138.28, 2);
    expect(piMinusCaptureMediator(1e-6).energyMeV).toBeCloseTo(129.4, 1);
    const x75 = piMinusCaptureMediator(75);
    expect(x75.energyMeV).toBeCloseTo(132.0, 1);
    expect(Math.abs(x75.momentumMeV - 108.7)).toBeLessThan(0.1);
    const x138 = piMinusCaptureMediator(138);
    expect(x138.energyMeV).toBeCloseTo(138.2, 1);
    expect(x138.momentumMeV).toBeCloseTo(8.2, 1);
  });
});

describe('χ energy box from X → χχ̄ (docs/physics.md §3.2 table, m_χ = m_X/3, π⁻ capture)', () => {
  const cases: Array<[number, number, number]> = [
    [10, 16.6, 112.8],
    [30, 17.8, 112.0],
    [75, 25.5, 106.5],
    [138, 66.1, 72.2],
  ];
  for (const [m, lo, hi] of cases) {
    it(`m_X = ${m} MeV: ${lo}–${hi} MeV`, () => {
      const r = chiEnergyRange(piMinusCaptureMediator(m).energyMeV, m, m / 3);
      expect(r.lo).toBeCloseTo(lo, 1);
      expect(r.hi).toBeCloseTo(hi, 1);
    });
  }
  it('box edges are symmetric around γ m_X/2 and collapse to m_X/2 at rest', () => {
    const r = chiEnergyRange(30, 30, 10);
    expect(r.lo).toBeCloseTo(15, 12);
    expect(r.hi).toBeCloseTo(15, 12);
  });
  it('velocity delays at 19.3 m: 1.9–256 ns (m_X = 75) and 19–25 ns (m_X = 138)', () => {
    const d = (m: number, e: number) => flightDelayUs(19.3, speedBeta(e, m / 3)) * 1000;
    const r75 = chiEnergyRange(piMinusCaptureMediator(75).energyMeV, 75, 25);
    expect(d(75, r75.hi)).toBeCloseTo(1.9, 0);
    expect(d(75, r75.lo) / 256).toBeCloseTo(1, 1);
    const r138 = chiEnergyRange(piMinusCaptureMediator(138).energyMeV, 138, 46);
    expect(d(138, r138.hi)).toBeCloseTo(19, -0.5);
    expect(d(138, r138.lo)).toBeCloseTo(25, -0.5);
  });
  it('maximum Cs recoil at E_+ is 206, 201, 173, 50 keV for m_X = 1, 30, 75, 138 MeV', () => {
    const expected: Array<[number, number]> = [[1, 206], [30, 201], [75, 173], [138, 50]];
    for (const [m, keV] of expected) {
      const eplus = chiEnergyRange(piMinusCaptureMediator(m).energyMeV, m, m / 3).hi;
      expect(maxRecoilEnergyMeV(eplus, NUCLEI.Cs133.massMeV, m / 3) * 1000 / keV).toBeCloseTo(1, 2);
    }
  });
});

describe('two-body decay at rest', () => {
  it('a closed channel (M < m_a + m_b) has momentum 0, not NaN; at threshold p = 0; above it p = λ^½/(2M)', () => {
    expect(twoBodyAtRest(100, 60, 60).momentumMeV).toBe(0);
    expect(twoBodyAtRest(120, 60, 60).momentumMeV).toBe(0);
    // M = 100, m_a = 30, m_b = 40: λ = (100² − 70²)(100² − 10²) = 5100 · 9900, p = √λ/200
    expect(twoBodyAtRest(100, 30, 40).momentumMeV).toBeCloseTo(Math.sqrt(5100 * 9900) / 200, 12);
  });
});
