/**
 * Dark photon, single mediator, Dirac χ: the A′ made in the target (π⁰ → γA′, π⁻p → nA′, e± bremsstrahlung) decays
 * to χχ̄ and the same A′ mediates χ–nucleus scattering (Dutta et al., PRL 124 (2020) 121802; arXiv:2006.09386).
 *
 * Reported coupling: Y = ε² α_D (m_χ/m_A′)⁴, the relic-density variable of the thermal-target literature.
 * Counts: production ∝ ε²·BR(A′→χχ̄), scattering ∝ (eε)²(4πα_D), so N ∝ ε⁴ α_D ∝ Y² at fixed masses and α_D
 * (BR ≈ 1 for ε²α ≪ α_D; docs/physics.md §1.3).
 * Settings: m_χ = m_A′/chi_mass_ratio, α_D; the benchmark of arXiv:2006.09386 is ratio 3, α_D = 0.5.
 */
import { z } from 'zod';
import { derivedCouplings, singleMediatorModel, type DarkMatterSpin, type LifetimeSpec } from '../../physics/dm/model.js';
import type { CommonSignalOptions, SignalFamily } from './types.js';

const positive = z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive number' });

/** ε of the probe model: small enough that BR(A′ → χχ̄) ≈ 1; counts scale analytically, so its value drops out. */
export const PROBE_EPSILON = 1e-4;

export const singleMediatorOptions = {
  /** m_χ = m_A′ / chi_mass_ratio (> 2 so that A′ → χχ̄ is open). */
  chi_mass_ratio: positive.default(3),
  /** Dark coupling α_D = g_D²/4π. */
  alpha_D: positive.default(0.5),
};

export interface SingleMediatorOptions extends CommonSignalOptions {
  readonly chi_mass_ratio: number;
  readonly alpha_D: number;
}

/** The Y coupling of every single-mediator family. */
export const Y_COUPLING = { name: 'Y', symbol: 'Y', formula: 'Y = ε² α_D (m_χ/m_A′)⁴' } as const;

/** A single-mediator dark-photon family with a given χ spin and lifetime rule. */
export function singleMediatorFamily<O extends SingleMediatorOptions>(def: {
  name: string;
  description: string;
  spin: DarkMatterSpin;
  options?: z.ZodRawShape;
  shapeSettings?: readonly string[];
  lifetime: (o: O) => LifetimeSpec;
}): SignalFamily<O> {
  return {
    name: def.name,
    description: def.description,
    options: { ...singleMediatorOptions, ...(def.options ?? {}) },
    coupling: Y_COUPLING,
    countPower: 2,
    massLabel: 'm_A′',
    shapeSettings: def.shapeSettings ?? [],
    check(o) {
      if (!(o.chi_mass_ratio > 2)) throw new RangeError(`signal.chi_mass_ratio: A′ → χχ̄ needs m_A′/m_χ > 2, got ${o.chi_mass_ratio}`);
    },
    probe(o, massMeV) {
      const model = singleMediatorModel(massMeV, massMeV / o.chi_mass_ratio, PROBE_EPSILON, o.alpha_D, { spin: def.spin, lifetime: def.lifetime(o) });
      return { model, coupling: derivedCouplings(model).y };
    },
    chiMassMeV: (o, massMeV) => massMeV / o.chi_mass_ratio,
    facts: (o) => ({ chi_mass_ratio: o.chi_mass_ratio, alpha_D: o.alpha_D, chi_spin: def.spin }),
  };
}

export const darkPhoton = singleMediatorFamily<SingleMediatorOptions>({
  name: 'dark-photon',
  description: 'dark photon A′ → χχ̄, Dirac χ, A′ also the scattering mediator (prompt A′ decay)',
  spin: 'diracFermion',
  lifetime: () => ({ kind: 'fromWidth' }),
});
