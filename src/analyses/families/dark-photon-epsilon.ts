/**
 * Dark photon, single mediator, Dirac χ, reported in the kinetic mixing ε at fixed α_D and m_A′/m_χ (the variable of
 * visible- and invisible-decay searches). Same physics as ./dark-photon.ts; only the reported coupling differs:
 * production ∝ ε² and scattering ∝ ε², so N ∝ ε⁴ (countPower 4), while Y = ε² α_D (m_χ/m_A′)⁴ gives N ∝ Y².
 */
import { singleMediatorModel } from '../../physics/dm/model.js';
import { PROBE_EPSILON, singleMediatorOptions, type SingleMediatorOptions } from './dark-photon.js';
import type { SignalFamily } from './types.js';

export const darkPhotonEpsilon: SignalFamily<SingleMediatorOptions> = {
  name: 'dark-photon-epsilon',
  description: 'dark photon A′ → χχ̄, Dirac χ (as dark-photon), reported in the kinetic mixing ε (counts ∝ ε⁴)',
  options: { ...singleMediatorOptions },
  coupling: { name: 'epsilon', symbol: 'ε', formula: 'ε = kinetic mixing of A′ with the photon (α_D and m_A′/m_χ fixed)' },
  countPower: 4,
  massLabel: 'm_A′',
  shapeSettings: [],
  check(o) {
    if (!(o.chi_mass_ratio > 2)) throw new RangeError(`signal.chi_mass_ratio: A′ → χχ̄ needs m_A′/m_χ > 2, got ${o.chi_mass_ratio}`);
  },
  probe(o, massMeV) {
    const model = singleMediatorModel(massMeV, massMeV / o.chi_mass_ratio, PROBE_EPSILON, o.alpha_D, { spin: 'diracFermion', lifetime: { kind: 'fromWidth' } });
    return { model, coupling: model.production.epsilon };
  },
  chiMassMeV: (o, massMeV) => massMeV / o.chi_mass_ratio,
  facts: (o) => ({ chi_mass_ratio: o.chi_mass_ratio, alpha_D: o.alpha_D, chi_spin: 'diracFermion' }),
};
