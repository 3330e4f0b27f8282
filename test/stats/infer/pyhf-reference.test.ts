/**
 * Comparison with published pyhf numbers for the two-bin "hello world" model
 * uncorrelated_background(signal=[12, 11], bkg=[50, 52], bkg_uncertainty=[3, 7]), data [51, 48], q̃_μ.
 *  - CLs at μ = 1: pyhf README (scikit-hep/pyhf README.rst, "Hello World" and the `pyhf cls` CLI output):
 *    CLs_obs = 0.05251497423736956, CLs_exp = [0.0026062609501074576, 0.01382005356161206,
 *    0.06445320535890459, 0.23525643861460702, 0.573036205919389].
 *  - 95% CL upper limits: docstring example of pyhf.infer.intervals.upper_limits.toms748_scan (pyhf ≥ 0.7,
 *    rtol = 0.01): observed 1.01156939, expected [0.5600747, 0.75702605, 1.06234693, 1.50116923, 2.05078912].
 * The model here is the hand-written one in helpers/models.ts (Poisson-constrained γ per bin, τ = (b/δb)²).
 */
import { describe, expect, it } from 'vitest';
import { hypotest, upperLimit } from '../../../src/stats/infer/index.js';
import { uncorrelatedBackground } from '../../../src/stats/model/index.js';
import type { StatModel } from '../../../src/stats/types.js';
import { data, uncorrelatedBackgroundModel } from './helpers/models.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
/**
 * Measured agreement (both models): CLs 1.3e-4 relative (largest over obs and the five expected; the reference is
 * printed to 16 digits, so this is the two minimisers' agreement), limits 1.3e-5 observed, 3.3e-4 expected (pyhf's
 * toms748 scan was run with rtol = 0.01, so its roots are not more precise than the scan's stopping rule allows).
 */
const CLS_TOL = 2e-4;
const LIMIT_TOL = 5e-4;

describe.each([
  ['hand-written test model', () => uncorrelatedBackgroundModel([12, 11], [50, 52], [3, 7])],
  ['compiled model (simpleModels.uncorrelatedBackground)', () => uncorrelatedBackground([12, 11], [50, 52], [3, 7])],
])('pyhf hello-world model: %s', (_label, make: () => StatModel) => {
  const model = make();
  const obs = data([51, 48], model.nominalAux);
  it('CLs at μ = 1 agrees with pyhf to 2e-4 relative', () => {
    const r = hypotest(model, obs, 1);
    expect(rel(r.clsObs, 0.05251497423736956)).toBeLessThan(CLS_TOL);
    const ref = [0.0026062609501074576, 0.01382005356161206, 0.06445320535890459, 0.23525643861460702, 0.573036205919389];
    for (let k = 0; k < 5; k++) expect(rel(r.clsExp[k], ref[k])).toBeLessThan(CLS_TOL);
    expect(r.valid).toBe(true);
  });

  it('95% CL upper limits agree with pyhf to 5e-4 relative', () => {
    const r = upperLimit(model, obs, { cl: 0.95 });
    expect(r.converged).toBe(true);
    expect(rel(r.observed, 1.01156939)).toBeLessThan(LIMIT_TOL);
    const ref = [0.5600747, 0.75702605, 1.06234693, 1.50116923, 2.05078912];
    for (let k = 0; k < 5; k++) expect(rel(r.expected[k], ref[k])).toBeLessThan(LIMIT_TOL);
    // At the limit, CLs = 0.05 by construction (the root of the curve).
    expect(hypotest(model, obs, r.observed).clsObs).toBeCloseTo(0.05, 4);
  });
});
