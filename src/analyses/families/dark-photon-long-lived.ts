/**
 * Dark photon with an explicit A′ proper lifetime τ (`signal.lifetime_us`, µs) instead of the one from its width:
 * the χ pairs are emitted along the A′ flight path and arrive later, so the timing template depends on τ. At fixed τ
 * the counts still scale as Y² (the template shape cannot depend on the couplings; src/physics/dm/model.ts
 * couplingScaleIsExact). `scan --param lifetime_us` profiles −2lnL over τ at a fixed m_A′, which makes the talk's
 * statement that the fit "holds for τ ≤ 4 ns (m_A′ < 138 MeV), τ ≤ 30 ns (m_A′ ≈ 138 MeV)" checkable.
 * The A′ is assumed to decay only to χχ̄ (BR = 1), as for the prompt families.
 */
import { z } from 'zod';
import { singleMediatorFamily, type SingleMediatorOptions } from './dark-photon.js';

export interface LongLivedOptions extends SingleMediatorOptions {
  readonly lifetime_us: number;
}

const base = {
  /** A′ proper lifetime (µs), e.g. 0.004 = 4 ns. */
  lifetime_us: z.number().refine((v) => Number.isFinite(v) && v > 0, { message: 'expected a positive lifetime in µs' }),
};

export const darkPhotonLongLived = singleMediatorFamily<LongLivedOptions>({
  name: 'dark-photon-long-lived',
  description: 'dark photon A′ → χχ̄ (Dirac χ) with a fixed A′ proper lifetime τ = lifetime_us',
  spin: 'diracFermion',
  options: base,
  shapeSettings: ['lifetime_us'],
  lifetime: (o) => ({ kind: 'fixed', lifetimeUs: o.lifetime_us }),
});
