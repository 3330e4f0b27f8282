import { beforeEach, describe, expect, it } from 'vitest';
import { benchmarkSingleMediator, signalCouplingScale, singleMediatorModel } from '../../../src/physics/dm/model.js';
import { chiEnergyRange, piMinusCaptureMediator } from '../../../src/physics/dm/kinematics.js';
import { pi0ToGammaXBranchingPerEps2, piMinusMediatorSpectrum } from '../../../src/physics/dm/production.js';
import { reducedCrossSection } from '../../../src/physics/dm/xsec.js';
import { buildUnitDmTemplates, rescaleDmTemplates, type DmExperimentSetup } from '../../../src/physics/dm/signal.js';
import { helmFormFactor, momentumTransferMeV } from '../../../src/physics/formfactor.js';
import { gaussLegendre } from '../../../src/physics/numerics.js';
import { TARGET_CSI } from '../../../src/physics/targets.js';
import { Rng } from '../../../src/stats/rng.js';
import { PI_MINUS_TEST_MODEL, csiLikeSetup, syntheticPi0 } from './fixtures.js';

const HBARC_CM = 197.3269804e-13;
const MPI0 = 134.9768;
const C_M_PER_US = 299.792458;

/** Φ via erf-free Abramowitz–Stegun 26.2.17-free route: use a dense Simpson integral of the Gaussian (independent of numerics.ts). */
function phi(z: number): number {
  if (z < -9) return 0;
  if (z > 9) return 1;
  const n = 2000;
  const a = -9;
  const h = (z - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = a + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * Math.exp(-0.5 * x * x);
  }
  return (s * h) / 3 / Math.sqrt(2 * Math.PI);
}

/** Independent per-χ expected counts in recoil bins [2.4 b, 2.4 (b+1)) keVnr (unit coupling, per χ per cm²). */
function perChiBinRates(E: number, mChi: number, mV: number, massKg: number): Float64Array {
  const out = new Float64Array(25);
  const gl = gaussLegendre(16);
  for (const tn of TARGET_CSI.nuclei) {
    const nuc = tn.nucleus;
    const count = tn.nucleiPerKg * massKg * nuc.Z * nuc.Z;
    for (let b = 0; b < 25; b++) {
      const lo = 2.4 * b, hi = 2.4 * (b + 1);
      let s = 0;
      for (let j = 0; j < gl.nodes.length; j++) {
        const Tk = 0.5 * (lo + hi) + 0.5 * (hi - lo) * gl.nodes[j]!;
        const T = Tk * 1e-3;
        const f = helmFormFactor(momentumTransferMeV(T, nuc.massMeV), nuc.chargeRadiusFm);
        s += 0.5 * (hi - lo) * gl.weights[j]! * reducedCrossSection(E, T, mChi, nuc.massMeV, mV, 'diracFermion') * f * f;
      }
      out[b] += count * s * HBARC_CM * HBARC_CM * 1e-3;
    }
  }
  return out;
}

describe('DM templates vs independent brute-force integration', () => {
  const mX = 45, mChi = 15;
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let setup: DmExperimentSetup;
  let pot: number;
  let L: number;
  let model: ReturnType<typeof singleMediatorModel>;
  let unit: ReturnType<typeof buildUnitDmTemplates>;
  beforeEach(() => {
    const built = csiLikeSetup(400, { withBrem: false });
    setup = built.setup;
    pot = setup.protonsOnTarget;
    L = setup.distanceM * 100;
    model = singleMediatorModel(mX, mChi, 1e-4, 0.5);
    unit = buildUnitDmTemplates(setup, model, built.binner);
  });

  it('π⁻ channel: dense quadrature over the χ box, recoil bins and Gaussian pulse agrees per bin to 0.5 %', () => {
    const yX = piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, mX).yieldPerPot[0]!;
    const r = chiEnergyRange(piMinusCaptureMediator(mX).energyMeV, mX, mChi);
    const ref = new Float64Array(25 * 24);
    const nE = 600;
    for (let i = 0; i < nE; i++) {
      const E = r.lo + ((i + 0.5) / nE) * (r.hi - r.lo);
      const w = (pot * 2 * yX) / nE / (4 * Math.PI * L * L);
      const rates = perChiBinRates(E, mChi, mX, 14.6);
      const beta = Math.sqrt(E * E - mChi * mChi) / E;
      const delay = (19.3 / C_M_PER_US) * (1 / beta - 1);
      const tf = new Float64Array(24);
      for (let t = 0; t < 24; t++) tf[t] = phi((0.5 * (t + 1) - 0.69 - delay) / 0.14) - phi((0.5 * t - 0.69 - delay) / 0.14);
      for (let b = 0; b < 25; b++) for (let t = 0; t < 24; t++) ref[b * 24 + t] += w * rates[b]! * tf[t]!;
    }
    const got = unit.unit.piMinusCapture;
    let max = 0;
    for (const v of ref) max = Math.max(max, v);
    let checked = 0;
    for (let k = 0; k < ref.length; k++) {
      if (ref[k]! < 1e-3 * max) continue;
      if (Math.abs(got[k]! / ref[k]! - 1) > 5e-3) console.log(k, Math.floor(k / 24), k % 24, got[k], ref[k]);
      expect(Math.abs(got[k]! / ref[k]! - 1)).toBeLessThan(5e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('π⁰ channel: seeded Monte Carlo of π⁰ → γX, X → χχ̄ agrees in total and per energy bin (2 %)', () => {
    const rng = new Rng(20240607);
    const list = syntheticPi0(400);
    const N = 15000;
    const br = pi0ToGammaXBranchingPerEps2(mX);
    const chiPerPot = (400 / 1e5) * br * 2;
    const eStar = (MPI0 * MPI0 + mX * mX) / (2 * MPI0);
    const pStar = (MPI0 * MPI0 - mX * mX) / (2 * MPI0);
    const pChi = Math.sqrt(mX * mX / 4 - mChi * mChi);
    const refE = new Float64Array(25);
    let refPrompt = 0;
    let refAll = 0;
    for (let i = 0; i < N; i++) {
      const row = Math.min(399, Math.floor(rng.uniform() * 400));
      const g = list.energyMeV[row]! / MPI0;
      const bg = list.momentumMeV[row]! / MPI0;
      const EX = g * eStar + bg * pStar * (2 * rng.uniform() - 1);
      const gX = EX / mX;
      const bgX = Math.sqrt(gX * gX - 1);
      const E = gX * (mX / 2) + bgX * pChi * (2 * rng.uniform() - 1);
      const rates = perChiBinRates(E, mChi, mX, 14.6);
      const w = (pot * chiPerPot) / N / (4 * Math.PI * L * L);
      const beta = Math.sqrt(E * E - mChi * mChi) / E;
      const delay = (19.3 / C_M_PER_US) * (1 / beta - 1);
      const early = phi((1.0 - 0.69 - delay) / 0.14);
      for (let b = 0; b < 25; b++) {
        refE[b] += w * rates[b]!;
        refAll += w * rates[b]!;
        refPrompt += w * rates[b]! * early;
      }
    }
    const got = unit.unit.pi0Decay;
    let all = 0, prompt = 0;
    const gotE = new Float64Array(25);
    for (let b = 0; b < 25; b++) for (let t = 0; t < 24; t++) { all += got[b * 24 + t]!; gotE[b] += got[b * 24 + t]!; if (t < 2) prompt += got[b * 24 + t]!; }
    expect(Math.abs(all / refAll - 1)).toBeLessThan(0.01);
    expect(Math.abs(prompt / refPrompt - 1)).toBeLessThan(0.01);
    for (let b = 0; b < 20; b++) expect(Math.abs(gotE[b]! / refE[b]! - 1)).toBeLessThan(0.02);
  }, 60000);
});

describe('determinism, smoothness, coupling scaling', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let setup: DmExperimentSetup;
  let binner: ReturnType<typeof csiLikeSetup>['binner'];
  beforeEach(() => {
    ({ setup, binner } = csiLikeSetup(1500));
  });
  it('repeated builds are bit-identical', () => {
    const m = benchmarkSingleMediator(40, 1e-4);
    const a = buildUnitDmTemplates(setup, m, binner);
    const b = buildUnitDmTemplates(setup, m, binner);
    for (const c of a.channels) {
      const x = a.unit[c], y = b.unit[c];
      expect(x.length).toBe(y.length);
      for (let i = 0; i < x.length; i++) expect(Object.is(x[i], y[i])).toBe(true);
    }
  });
  it('200-point mass scan: each window count is within 0.1 % of the cubic through its 4 neighbours', () => {
    const n = 200;
    const masses = Array.from({ length: n }, (_, i) => 3 * Math.exp((Math.log(120 / 3) * i) / (n - 1)));
    const windowCounts = masses.map((m) => {
      const t = buildUnitDmTemplates(setup, benchmarkSingleMediator(m, 1e-4), binner);
      let s = 0;
      for (const c of t.channels) for (let e = 6; e < 12; e++) for (let k = 0; k < 3; k++) s += t.unit[c][e * 24 + k]!;
      return s;
    });
    let worst = 0;
    const w = windowCounts;
    for (let i = 2; i < n - 2; i++) {
      // cubic interpolation from i−2, i−1, i+1, i+2 on the uniform log-mass grid: physics curvature cancels to O(h⁴)
      const pred = (-w[i - 2]! + 4 * w[i - 1]! + 4 * w[i + 1]! - w[i + 2]!) / 6;
      const d2 = Math.abs(w[i]! - pred) / w[i]!;
      if (d2 > 1e-3) console.log('jump', i, masses[i], d2, windowCounts[i - 1], windowCounts[i], windowCounts[i + 1]);
      worst = Math.max(worst, d2);
    }
    expect(worst).toBeLessThan(1e-3);
  }, 60000);
  it('rescaling: N(ε, α_D) = N_unit · (4πα)(4πα_D) ε⁴ BR, and mismatched masses are refused', () => {
    const m1 = singleMediatorModel(40, 13, 1e-4, 0.5);
    const m2 = singleMediatorModel(40, 13, 3e-4, 0.2);
    const u = buildUnitDmTemplates(setup, m1, binner);
    const a = rescaleDmTemplates(u, m1);
    const b = rescaleDmTemplates(u, m2);
    const k = signalCouplingScale(m2) / signalCouplingScale(m1);
    expect(k).toBeCloseTo(81 * 0.4, 6);
    // Per bin and channel: rescaled = unit template × (4πα)(4πα_D)ε⁴ (signalCouplingScale), relative 1e-12; the
    // templates are not empty (a sum of zeros would satisfy every ratio).
    let sumA = 0;
    for (let i = 0; i < a.total.length; i++) {
      let unitSum = 0;
      for (const c of u.channels) {
        expect(a.perChannel[c][i]).toBe(u.unit[c][i]! * signalCouplingScale(m1));
        unitSum += u.unit[c][i]!;
      }
      expect(Math.abs(a.total[i]! - unitSum * signalCouplingScale(m1))).toBeLessThanOrEqual(1e-12 * Math.abs(a.total[i]!));
      expect(Math.abs(b.total[i]! - a.total[i]! * k)).toBeLessThanOrEqual(1e-12 * Math.abs(b.total[i]!));
      sumA += a.total[i]!;
    }
    expect(sumA).toBeGreaterThan(0);
    expect(() => rescaleDmTemplates(u, singleMediatorModel(41, 13, 1e-4, 0.5))).toThrow(/mass/);
  });
});
