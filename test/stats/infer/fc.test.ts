import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { feldmanCousins, feldmanCousinsLimits } from '../../../src/stats/infer/index.js';
import type { StatModel } from '../../../src/stats/types.js';
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

describe('Feldman–Cousins limits report their health (issue 10)', () => {
  it("a grid on which no μ is accepted is 'no-accepted-point' with no value (the old engine: 0 and ok)", () => {
    // s = 1, b = 1, n = 15: μ̂ = 14, and every μ ≤ 2 is far in the tail of its t_μ distribution.
    const model = countingModel(1, 1, 0, 30);
    const r = feldmanCousinsLimits(model, data([15]), { backgroundPars: Float64Array.of(0), cl: 0.9, nToys: 100, seed: 3, muMax: 2, nGrid: 5, nBackgroundToys: 20 });
    expect(r.status).toBe('no-accepted-point');
    expect(r.observed).toBeNaN();
    expect(r.messages.join(' ')).toMatch(/no μ of the grid/);
  });

  it("failed toy fits make the status 'toys-failed' (the old engine: a message and ok)", () => {
    // Toy fits fail (NaN likelihood ⇒ non-finite minimiser status) whenever a toy has n ≥ 9 counts.
    const base = countingModel(1, 3, 0, 30);
    const model: StatModel = {
      params: base.params,
      nBins: 1,
      nAux: 0,
      nominalAux: base.nominalAux,
      twiceNll: (p, d) => (d.main[0]! >= 9 ? NaN : base.twiceNll(p, d)),
      expected: (p, out) => base.expected(p, out),
      asimovAux: () => {},
    };
    const r = feldmanCousinsLimits(model, data([3]), { backgroundPars: Float64Array.of(0), cl: 0.9, nToys: 100, seed: 5, muMax: 16, nGrid: 9, nBackgroundToys: 20 });
    expect(r.nFailedToys).toBeGreaterThan(0);
    expect(r.status).toBe('toys-failed');
  });

  it('shares the acceptance test with feldmanCousins: the limit lies between the last accepted and the first rejected grid value', () => {
    const model = countingModel(1, 3, 0, 30);
    const grid = Float64Array.from({ length: 9 }, (_, k) => 2 * k);
    const fc = feldmanCousins(model, data([4]), { grid, cl: 0.9, nToys: 400, seed: 11 });
    const lim = feldmanCousinsLimits(model, data([4]), { backgroundPars: Float64Array.of(0), cl: 0.9, nToys: 400, seed: 11, muMax: 16, nGrid: 9, nBackgroundToys: 10 });
    expect(lim.status).toBe('ok');
    expect(lim.observed).toBeGreaterThanOrEqual(fc.upper);
    expect(lim.observed).toBeLessThanOrEqual(fc.upper + 2);
  });
});

describe('Feldman–Cousins limits: the grid and empty intervals (sampled mutants, docs/testing.md)', () => {
  it('the grid ends at muMax: a limit between the last two grid points (4, 6) is found (n = 4, b = 3: exact FC upper end 5.60)', () => {
    const model = countingModel(1, 3, 0, 30);
    let exact = 0;
    for (let mu = 0; mu < 10; mu += 0.001) if (fcAccepts(4, mu, 3, 0.9)) exact = mu;
    expect(exact).toBeCloseTo(5.6, 2); // Feldman & Cousins, PRD 57 (1998) 3873, Table IV
    const r = feldmanCousinsLimits(model, data([4]), { backgroundPars: Float64Array.of(0), cl: 0.9, nToys: 300, seed: 7, muMax: 6, nGrid: 4, nBackgroundToys: 20 });
    // some background pseudo-experiments fluctuate above μ = 6 (reported); the data's limit is inside the grid
    expect(r.messages.filter((m) => !/^μ grid \[0, 6\] too small for \d+ pseudo-experiments$/.test(m))).toEqual([]);
    // at the limit the exact p-value P(t ≥ t_obs | μ) is 1 − CL = 0.1 within 3 binomial errors of the 300 toys
    expect(r.observed).toBeGreaterThan(4);
    expect(r.observed).toBeLessThan(6);
    expect(Math.abs(fcPValue(4, r.observed, 3) - 0.1)).toBeLessThan(3 * Math.sqrt((0.1 * 0.9) / 300));
  });

  it('background pseudo-experiments whose interval holds no grid point are counted (b = 3, grid {0, 0.5})', () => {
    // Exact probability that n ~ Pois(3) accepts neither μ = 0 nor μ = 0.5 at 90 % CL.
    let p = 0;
    for (let n = 0; n < 60; n++) if (!fcAccepts(n, 0, 3, 0.9) && !fcAccepts(n, 0.5, 3, 0.9)) p += pois(n, 3);
    expect(p).toBeCloseTo(0.0335, 4);
    const model = countingModel(1, 3, 0, 30);
    const nB = 400;
    const r = feldmanCousinsLimits(model, data([3]), { backgroundPars: Float64Array.of(0), cl: 0.9, nToys: 300, seed: 13, muMax: 0.5, nGrid: 2, nBackgroundToys: nB });
    const msg = r.messages.find((m) => /background pseudo-experiments accept no grid point/.test(m));
    expect(msg).toBeDefined();
    const k = Number(/^(\d+) of (\d+) /.exec(msg!)![1]);
    expect(/^(\d+) of (\d+) /.exec(msg!)![2]).toBe(String(nB));
    expect(Math.abs(k - nB * p)).toBeLessThan(3 * Math.sqrt(nB * p * (1 - p)));
  });
});
