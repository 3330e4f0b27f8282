import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { feldmanCousins } from '../../../src/stats/infer/index.js';
import { countingModel, data } from './helpers/models.js';

// Exact Feldman–Cousins construction for a Poisson signal μ ≥ 0 on known background b, written here
// independently: rank n by R = P(n|μ+b)/P(n|μ_best+b), μ_best = max(0, n − b); accept n in order of
// decreasing R until the probability sum reaches CL. μ is in the interval when n_obs is accepted.
const pois = (n: number, lam: number) => Math.exp(n * Math.log(lam) - lam - jStat.gammaln(n + 1));
function fcAccepts(nObs: number, mu: number, b: number, cl: number): boolean {
  const nMax = Math.ceil(mu + b + 20 * Math.sqrt(mu + b) + 30);
  const rows = [];
  for (let n = 0; n <= nMax; n++) rows.push({ n, p: pois(n, mu + b), r: pois(n, mu + b) / pois(n, Math.max(0, n - b) + b) });
  rows.sort((x, y) => y.r - x.r);
  let sum = 0;
  for (const row of rows) {
    if (row.n === nObs) return true;
    sum += row.p;
    if (sum >= cl) return false;
  }
  return false;
}
/** Exact p-value P(R(n) ≤ R(n_obs) | μ): the toy calculator's P(t ≥ t_obs). */
function fcPValue(nObs: number, mu: number, b: number): number {
  const t = (n: number) => -2 * Math.log(pois(n, mu + b) / pois(n, Math.max(0, n - b) + b));
  const tObs = t(nObs);
  let p = 0;
  const nMax = Math.ceil(mu + b + 20 * Math.sqrt(mu + b) + 30);
  for (let n = 0; n <= nMax; n++) if (t(n) >= tObs - 1e-9) p += pois(n, mu + b);
  return p;
}
describe('Feldman–Cousins', () => {
  it('toy p-values and interval agree with the exact construction (b = 3, n = 4)', () => {
    const b = 3;
    const nObs = 4;
    const model = countingModel(1, b, 0, 30);
    const grid = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8);
    const nToys = 1500;
    const r = feldmanCousins(model, data([nObs]), { grid, cl: 0.9, nToys, seed: 99 });
    expect(r.seed).toBe(99);
    expect(r.nToys).toBe(nToys);
    expect(r.nFailedToys).toBe(0);
    for (let k = 0; k < grid.length; k++) {
      const p = fcPValue(nObs, grid[k], b);
      expect(Math.abs(r.pValues[k] - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / nToys) + 1e-3);
    }
    // Exact acceptance on this grid, skipping points whose exact p is within toy noise of α = 0.1.
    for (let k = 0; k < grid.length; k++) {
      const p = fcPValue(nObs, grid[k], b);
      if (Math.abs(p - 0.1) > 0.03) expect(r.accepted[k]).toBe(fcAccepts(nObs, grid[k], b, 0.9) ? 1 : 0);
    }
    expect(r.lower).toBe(0);
    expect(r.contiguous).toBe(true);
  });
});
