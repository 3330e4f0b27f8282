/**
 * Dark photon, single mediator, complex-scalar χ (the COHERENT collaboration's benchmark, e.g. arXiv:2110.11453):
 * as ./dark-photon.ts but Γ(A′ → χχ*) = (α_D m/12)(1 − 4r)^{3/2} and the scalar χ–nucleus cross section
 * (src/physics/dm/xsec.ts). Same coupling Y = ε² α_D (m_χ/m_A′)⁴ and N ∝ Y².
 */
import { singleMediatorFamily, type SingleMediatorOptions } from './dark-photon.js';

export const darkPhotonScalar = singleMediatorFamily<SingleMediatorOptions>({
  name: 'dark-photon-scalar',
  description: 'dark photon A′ → χχ*, complex-scalar χ, A′ also the scattering mediator (prompt A′ decay)',
  spin: 'complexScalar',
  lifetime: () => ({ kind: 'fromWidth' }),
});
