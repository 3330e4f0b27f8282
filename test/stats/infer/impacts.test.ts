import { inv, matrix, multiply, subset, index as mIndex, type Matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { impacts, UNGROUPED } from '../../../src/stats/infer/impacts.js';
import type { ObservedData, StatModel } from '../../../src/stats/types.js';
import { makeParams } from './helpers/models.js';

/**
 * A linear Gaussian model: measurements y_k ~ N(Σ_j H_kj x_j, σ_k) and Gaussian constraints a_i ~ N(θ_i, s_i) on the
 * nuisances (x = [μ, θ_1 … θ_m]). −2lnL is quadratic, so the covariance is exactly 2·(∂²(−2lnL))⁻¹ = (Hᵀ W H + S)⁻¹
 * and the impacts have closed forms (Gaussian conditioning), computed below with mathjs independently of the code.
 */
function linearGaussian(H: number[][], sigma: number[], s: number[]): { model: StatModel; fisher: number[][] } {
  const nPar = H[0]!.length;
  const names = ['mu', ...Array.from({ length: nPar - 1 }, (_, i) => `theta${i + 1}`)];
  const params = makeParams(
    names.map((name, j) => ({ name, init: j === 0 ? 1 : 0, lo: -50, hi: 50, ...(j > 0 ? { constraint: { type: 'gaussian' as const, sigma: s[j - 1]! } } : {}) })),
    'mu',
  );
  const pred = (x: Float64Array, k: number): number => H[k]!.reduce((acc, h, j) => acc + h * x[j]!, 0);
  const model: StatModel = {
    params,
    nBins: H.length,
    nAux: nPar - 1,
    nominalAux: new Float64Array(nPar - 1),
    twiceNll(x, d) {
      let t = 0;
      for (let k = 0; k < H.length; k++) t += ((d.main[k]! - pred(x, k)) / sigma[k]!) ** 2;
      for (let i = 1; i < nPar; i++) t += ((d.aux[i - 1]! - x[i]!) / s[i - 1]!) ** 2;
      return t;
    },
    twiceNllGrad(x, d, g) {
      g.fill(0);
      let t = 0;
      for (let k = 0; k < H.length; k++) {
        const r = (d.main[k]! - pred(x, k)) / sigma[k]!;
        t += r * r;
        for (let j = 0; j < nPar; j++) g[j] += (-2 * r * H[k]![j]!) / sigma[k]!;
      }
      for (let i = 1; i < nPar; i++) {
        const r = (d.aux[i - 1]! - x[i]!) / s[i - 1]!;
        t += r * r;
        g[i] += (-2 * r) / s[i - 1]!;
      }
      return t;
    },
    expected(x, out) {
      for (let k = 0; k < H.length; k++) out[k] = pred(x, k);
    },
    asimovAux(x, out) {
      for (let i = 1; i < nPar; i++) out[i - 1] = x[i]!;
    },
  };
  const fisher = Array.from({ length: nPar }, (_, a) =>
    Array.from({ length: nPar }, (_, b) => H.reduce((acc, row, k) => acc + (row[a]! * row[b]!) / sigma[k]! ** 2, 0) + (a === b && a > 0 ? 1 / s[a - 1]! ** 2 : 0)),
  );
  return { model, fisher };
}

/** Var(μ) after conditioning on the parameters `fixed` (their rows/columns removed from the Fisher matrix). */
function conditionalVar(fisher: number[][], fixed: number[]): number {
  const keep = fisher.map((_, i) => i).filter((i) => !fixed.includes(i));
  const sub = keep.map((i) => keep.map((j) => fisher[i]![j]!));
  const c = inv(matrix(sub)) as Matrix;
  return subset(c, mIndex(0, 0)) as unknown as number;
}

describe('impacts on a linear Gaussian model', () => {
  it('a counting measurement with constrained backgrounds: stat ⊕ groups = total (exact: the groups are uncorrelated after the fit)', () => {
    // One bin measures μ·s + Σ c_i θ_i; each θ_i has its own Gaussian constraint (a textbook counting experiment).
    // Then the post-fit nuisance covariance is diagonal and σ_tot² = σ_stat² + Σ σ_g² exactly.
    const H = [[10, 3, 2, 1.5, 4]];
    const { model, fisher } = linearGaussian(H, [5], [1, 1.5, 0.8, 0.6]);
    const data: ObservedData = { main: Float64Array.of(14), aux: Float64Array.of(0.3, -0.2, 0.1, 0.4) };
    const r = impacts(model, data, { groups: { bkgA: ['theta1', 'theta2'], bkgB: ['theta3'] } });
    const total2 = r.total ** 2;
    const sum2 = r.stat_only ** 2 + r.groups.reduce((a, g) => a + g.impact ** 2, 0);
    expect(Math.abs(sum2 - total2) / total2).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(sum2) - r.total) / r.total).toBeLessThan(1e-3);
    expect(r.groups.map((g) => g.name).sort()).toEqual(['bkgA', 'bkgB', UNGROUPED].sort());
    // Per-parameter post-fit impacts also add up here (single nuisances are uncorrelated after the fit).
    const sumImp = r.stat_only ** 2 + r.impacts.reduce((a, i) => a + i.postfit[1] ** 2, 0);
    expect(Math.abs(sumImp - total2) / total2).toBeLessThan(0.02);
    // Stat-only is the closed form 1/I_μμ.
    expect(r.stat_only).toBeCloseTo(Math.sqrt(1 / fisher[0]![0]!), 4);
  });

  it('impacts, pulls, constraints and group impacts equal the Gaussian closed forms on a multi-bin model', () => {
    // Four bins; μ and three nuisances with overlapping templates (post-fit correlated).
    const H = [
      [5, 1, 0, 2],
      [3, 2, 1, 0],
      [1, 0, 3, 1],
      [0.5, 1, 1, 3],
    ];
    const sig = [2, 1.5, 1.2, 2.5];
    const s = [0.5, 1, 0.7];
    const { model, fisher } = linearGaussian(H, sig, s);
    const data: ObservedData = { main: Float64Array.of(9, 7.5, 3, 4), aux: Float64Array.of(0.2, -0.4, 0.1) };
    const r = impacts(model, data, { groups: { g12: ['theta1', 'theta2'] } });
    const C = inv(matrix(fisher)) as Matrix;
    const c = (i: number, j: number): number => subset(C, mIndex(i, j)) as unknown as number;
    expect(r.total).toBeCloseTo(Math.sqrt(c(0, 0)), 5);
    for (const imp of r.impacts) {
      const i = Number(imp.name.slice(5));
      const post = c(0, i) / Math.sqrt(c(i, i));
      expect(imp.error).toBeCloseTo(Math.sqrt(c(i, i)), 5);
      // Refits at θ̂ ± σ_post move μ by ± Cov(μ,θ)/σ_θ; at θ̂ ± s_i by ± Cov(μ,θ)/σ_θ² · s_i.
      expect(imp.postfit[1]).toBeCloseTo(post, 4);
      expect(imp.postfit[0]).toBeCloseTo(-post, 4);
      expect(imp.covariance_estimate).toBeCloseTo(post, 6);
      expect(imp.prefit![1]).toBeCloseTo((c(0, i) / c(i, i)) * s[i - 1]!, 4);
      expect(imp.constraint).toBeCloseTo(Math.sqrt(c(i, i)) / s[i - 1]!, 5);
      // Pull: (θ̂ − a)/s with θ̂ the best fit (checked against the generalised least-squares solution below).
      expect(imp.pull).toBeCloseTo((imp.value - data.aux[i - 1]!) / s[i - 1]!, 10);
    }
    // θ̂ from the normal equations x̂ = I⁻¹ (Hᵀ W y + S a).
    const rhs = fisher.map((_, j) => H.reduce((acc, row, k) => acc + (row[j]! * data.main[k]!) / sig[k]! ** 2, 0) + (j > 0 ? data.aux[j - 1]! / s[j - 1]! ** 2 : 0));
    const xhat = multiply(C, rhs) as Matrix;
    for (const imp of r.impacts) expect(imp.value).toBeCloseTo(subset(xhat, mIndex(Number(imp.name.slice(5)))) as unknown as number, 5);
    expect(r.poi_value).toBeCloseTo(subset(xhat, mIndex(0)) as unknown as number, 5);
    // Group impacts: σ_g² = Var(μ) − Var(μ | group fixed).
    const g12 = r.groups.find((g) => g.name === 'g12')!;
    expect(g12.impact ** 2).toBeCloseTo(c(0, 0) - conditionalVar(fisher, [1, 2]), 5);
    const other = r.groups.find((g) => g.name === UNGROUPED)!;
    expect(other.parameters).toEqual(['theta3']);
    expect(other.impact ** 2).toBeCloseTo(c(0, 0) - conditionalVar(fisher, [3]), 5);
    expect(r.stat_only ** 2).toBeCloseTo(conditionalVar(fisher, [1, 2, 3]), 6);
    // Ranked by |post-fit impact|.
    const mags = r.impacts.map((i) => Math.abs(i.postfit[1]));
    expect(mags).toEqual([...mags].sort((a, b) => b - a));
  });

  it('a model without free nuisances is an error naming the problem', () => {
    const { model } = linearGaussian([[1]], [1], []);
    expect(() => impacts(model, { main: Float64Array.of(1), aux: new Float64Array(0) })).toThrow(/no free nuisance/);
  });
});
