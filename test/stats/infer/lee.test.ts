/**
 * Look-elsewhere effect on a model with a known answer: a Gaussian bump of width σ scanned over its position on a
 * flat background (compiled with the stats model API). With many counts per bin the fitted bump amplitude is a
 * stationary Gaussian process in the position x with correlation ρ(Δ) = exp(−Δ²/(4σ²)), so by Rice's formula the
 * mean number of up-crossings of Z = √q0 above z over a range L is E[N] = L/(2π)·√(−ρ''(0))·e^(−z²/2) with
 * −ρ''(0) = 1/(2σ²): E[N(u)] = N₁ e^(−u/2), N₁ = L/(2π √2 σ) (Gross & Vitells, arXiv:1005.1891 §2; the bins widen
 * the bump to σ² + w²/12). The global p-value is then ≈ ½P(χ²₁ > u) + N₁ e^(−u/2) (a bound, tight for E[N] ≪ 1).
 * The test checks the toy global p-value, the Gross–Vitells estimate and this analytic value against each other.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/compile.js';
import type { CompiledModel } from '../../../src/stats/model/index.js';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { chi2Sf } from '../../../src/stats/distributions/index.js';
import { normalCdf } from '../../../src/stats/distributions/normal.js';
import { grossVitells, localPValue, prepareScanFamily, scanLocalQ0, scanToy, toyGlobalPValue, upcrossings, type PreparedScanFamily, type ScanToy } from '../../../src/stats/infer/lee.js';
import { fit, type FitResult } from '../../../src/stats/infer/mle.js';

const N_BINS = 100; // x in [0, 100), bin width 1
const B_PER_BIN = 400;
const SIGMA = 2.5;
const POSITIONS = Array.from({ length: 97 }, (_, k) => 20 + k * 0.625); // [20, 80], spacing σ/4, ≥ 8σ from the edges

/** Bump of unit area × 100 events integrated over each bin. */
function bump(x0: number): number[] {
  return Array.from({ length: N_BINS }, (_, i) => 100 * (normalCdf((i + 1 - x0) / SIGMA) - normalCdf((i - x0) / SIGMA)));
}

function spec(signal: number[] | null): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'bump',
    poi: signal ? 'mu' : null,
    channels: [
      {
        name: 'x',
        axes: [{ name: 'x', unit: '1', edges: Array.from({ length: N_BINS + 1 }, (_, i) => i) }],
        samples: [
          { name: 'background', data: new Array(N_BINS).fill(B_PER_BIN), modifiers: [{ type: 'normsys', name: 'bkg_norm', data: { lo: 0.98, hi: 1.02 } }] },
          ...(signal ? [{ name: 'signal', data: signal, modifiers: [{ type: 'normfactor' as const, name: 'mu' }] }] : []),
        ],
      },
    ],
    parameters: signal ? [{ name: 'mu', init: 0, bounds: [0, 50] }] : [],
    observations: [{ channel: 'x', data: new Array(N_BINS).fill(B_PER_BIN) }],
  } as ModelSpec;
}

// In beforeAll (too costly for every test): for Stryker this is static coverage, seen by a mutant only when another
// test of the block covers it (docs/testing.md).
let background: CompiledModel;
let family: PreparedScanFamily;
beforeAll(() => {
  background = compileModel(spec(null));
  family = prepareScanFamily({ background, poi: 'mu', models: POSITIONS.map((x) => compileModel(spec(bump(x)))) });
});

describe('scanLocalQ0 on a planted bump', () => {
  it('finds the bump position, and q0 there equals the direct b-only vs free fit difference', () => {
    const main = new Float64Array(N_BINS).fill(B_PER_BIN);
    const s = bump(50);
    for (let i = 0; i < N_BINS; i++) main[i] += 0.8 * s[i]!; // 80 signal events over ~√(400·7) ≈ 53 background
    const data = background.dataFromMain(main);
    const scan = scanLocalQ0(family, data);
    expect(scan.nFailed).toBe(0);
    expect(POSITIONS[scan.max!.index]).toBeCloseTo(50, 6);
    const k = scan.max!.index;
    const m = family.models[k]!;
    const direct = fit(background, data, { hesse: false }).twiceNll - fit(m, data, { hesse: false }).twiceNll;
    expect(scan.q0[k]).toBeCloseTo(direct, 4);
    // Far from the bump the fitted amplitude is small: q0 much lower there.
    expect(scan.q0[0]!).toBeLessThan(0.1 * scan.max!.q0);
  });

  it('up-crossings count transitions from ≤ level to > level, skipping invalid points', () => {
    expect(upcrossings([0, 2, 0, 3, NaN, 0.5, 4], 1)).toBe(3);
    expect(upcrossings([2, 3, 0.5], 1)).toBe(0); // starting above is not an up-crossing
  });
});

describe('global significance of a Gaussian-bump scan (seeded toys)', { timeout: 120_000 }, () => {
  const N_TOYS = 1000;
  let bOnly: FitResult;
  const toys: ScanToy[] = [];
  beforeAll(() => {
    bOnly = fit(background, background.observedData(), { hesse: false });
    for (let i = 0; i < N_TOYS; i++) toys.push(scanToy(family, bOnly.bestfit, 20261207, i, [1]));
  }, 120_000);

  // Effective width of the binned bump, and the analytic mean up-crossings per unit e^(−u/2).
  const sigmaEff = Math.sqrt(SIGMA ** 2 + 1 / 12);
  const range = POSITIONS[POSITIONS.length - 1]! - POSITIONS[0]!;
  const N1 = range / (2 * Math.PI * Math.SQRT2 * sigmaEff);

  it('every toy scan converges', () => {
    expect(toys.filter((t) => t.q0_max === null || t.n_failed_points > 0)).toHaveLength(0);
  });

  it('mean up-crossings at the reference level agree with Rice’s formula', () => {
    const gv = grossVitells(1, toys.map((t) => t.upcrossings[0]!), 1);
    // Analytic E[N(1)] = N₁ e^(−1/2); the grid (spacing σ/4) misses a few per cent of close pairs of crossings.
    const analytic = N1 * Math.exp(-0.5);
    expect(Math.abs(gv.n_upcrossings - analytic)).toBeLessThan(3 * gv.n_upcrossings_error + 0.03 * analytic);
  });

  it('toy global p-value, Gross–Vitells and the analytic trials factor agree within their errors', () => {
    const u = 6.5;
    const toy = toyGlobalPValue(u, toys);
    const gv = grossVitells(u, toys.map((t) => t.upcrossings[0]!), 1);
    const analytic = localPValue(u) + N1 * Math.exp(-u / 2);
    // Toys ≈ 0.1 with a binomial error ≈ 0.01; GV from E[N(1)] known to ≈ 3 %.
    expect(toy.p).toBeGreaterThan(0.05);
    expect(toy.p).toBeLessThan(0.2);
    const sigmaToyGv = Math.hypot(toy.p_error, gv.p_error);
    expect(Math.abs(toy.p - gv.p)).toBeLessThan(2.5 * sigmaToyGv);
    expect(Math.abs(toy.p - analytic)).toBeLessThan(2.5 * toy.p_error);
    expect(Math.abs(gv.p - analytic)).toBeLessThan(2.5 * gv.p_error + 0.03 * analytic);
    // The trials factor is large: p_global / p_local ≫ 1.
    expect(toy.p / localPValue(u)).toBeGreaterThan(10);
  });

  it('the fixed-point term is the one-sided χ²₁ tail and the maximum over one point follows it', () => {
    expect(localPValue(4)).toBeCloseTo(0.5 * chi2Sf(4, 1), 12);
    // q0 at a single grid point (toys re-drawn, single-model family): P(q0 ≥ 2.7) ≈ ½P(χ²₁ ≥ 2.7) = 0.0502.
    const one = prepareScanFamily({ background, poi: 'mu', models: [family.models[48]!] });
    const t: ScanToy[] = [];
    for (let i = 0; i < 2000; i++) t.push(scanToy(one, bOnly.bestfit, 99, i, [1]));
    const p = toyGlobalPValue(2.7, t);
    expect(Math.abs(p.p - localPValue(2.7))).toBeLessThan(3 * p.p_error);
  });
});
