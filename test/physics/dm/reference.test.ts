/**
 * Reference-code production normalisations (docs/physics.md §2.2, §8.1 items 1–2) against the reference code's own
 * printed numbers, so that the reference-analysis variants (docs/reference-variants.md) switch on exactly its choices.
 * Needs the sns-beam dataset.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSnsBeam } from '../../../src/datasets/beams.js';
import { pi0MediatorSpectrum, totalYieldPerPot } from '../../../src/physics/dm/production.js';
import { dmSourcesFromBeam } from '../../../src/physics/dm/setups.js';

describe('π⁰ → γX reference-code normalisation', () => {
  const beam = loadSnsBeam();
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let phys: NonNullable<ReturnType<typeof dmSourcesFromBeam>['pi0']>;
  let ref: NonNullable<ReturnType<typeof dmSourcesFromBeam>['pi0']>;
  beforeEach(() => {
    phys = dmSourcesFromBeam(beam, { beam: 'sns' }).pi0!;
    ref = dmSourcesFromBeam(beam, { beam: 'sns', pi0Normalisation: 'referenceCode' }).pi0!;
  });

  it('reproduces the reference flux per ε² at 19.3 m and m_X = 30 MeV: 5.24e8 cm⁻² s⁻¹ (docs/physics.md §2.2 run check)', () => {
    // reference: 5e20 POT/day, its own π⁰ yield 0.1059/POT (we read 10484 rows / 1e5 POT = 0.10484), 2 χ per X, 4π d²
    const perPot = totalYieldPerPot(pi0MediatorSpectrum(ref, 30)) * (0.1059 / ref.pi0PerPot);
    const flux = (perPot * (5e20 / 86400) * 2) / (4 * Math.PI * 1930 ** 2);
    expect(Number(flux.toPrecision(3))).toBe(5.24e8);
  });

  it('is 10/((1 − x²)³ BR_γγ) times the physical yield below m_π0 and zero above', () => {
    for (const m of [1, 30, 75, 120]) {
      const x2 = (m / 134.9768) ** 2;
      const r = totalYieldPerPot(pi0MediatorSpectrum(ref, m)) / totalYieldPerPot(pi0MediatorSpectrum(phys, m));
      expect(r).toBeCloseTo(10 / ((1 - x2) ** 3 * 0.98823), 6);
    }
    expect(totalYieldPerPot(pi0MediatorSpectrum(ref, 140))).toBe(0);
  });
});
