/** Cost of the thermal targets (src/physics/dm/relic.ts): one target, and the 14-mass line drawn on a limit figure. */
import { bench, describe } from 'vitest';
import { relicTarget, relicTargetCurve } from '../../../src/physics/dm/relic.js';

describe('relic targets', () => {
  bench('one complex-scalar target at m_χ = 30 MeV', () => {
    relicTarget({ chiType: 'complexScalar', chiMassMeV: 30, mediatorMassMeV: 90, alphaD: 0.5 });
  });
  bench('relic line, 14 masses (as on a limit figure)', () => {
    relicTargetCurve('complexScalar', Array.from({ length: 14 }, (_, k) => 1 * 100 ** (k / 13)), 3, 0.5);
  }, { iterations: 2 });
});
