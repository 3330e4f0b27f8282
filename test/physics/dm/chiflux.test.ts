import { beforeEach, describe, expect, it } from 'vitest';
import { fluxPerPotPerCm2, sliceArrivalCdf, sliceArrivalTiming, sliceChiSpectrum, totalChiPerPot } from '../../../src/physics/dm/chiflux.js';
import { chiEnergyRange, piMinusCaptureMediator } from '../../../src/physics/dm/kinematics.js';
import {
  piMinusCapturePhaseSpaceFactor,
  DEFAULT_BREM_SUPPRESSION,
  bremMediatorSpectrum,
  pi0MediatorSpectrum,
  pi0ToGammaXBranchingPerEps2,
  piMinusMediatorSpectrum,
  preparePhotonSpectrum,
  preparePi0Sample,
  totalYieldPerPot,
} from '../../../src/physics/dm/production.js';
import { gaussianPulse, promptNeutrinoTiming } from '../../../src/physics/timing.js';
import { PI_MINUS_TEST_MODEL, syntheticPi0 } from './fixtures.js';

const MPI0 = 134.9768;
const BR_GG = 0.98823;

describe('π⁰ → γX branching ratio', () => {
  it('2(1 − x²)³ = 2.00, 1.97, 1.72, 0.661, 0.184 at m = 1, 10, 30, 75, 100 MeV (docs/physics.md §2.2)', () => {
    const table: Array<[number, number]> = [[1, 2.0], [10, 1.97], [30, 1.72], [75, 0.661], [100, 0.184]];
    for (const [m, v] of table) {
      const ratio = pi0ToGammaXBranchingPerEps2(m) / BR_GG;
      expect(Math.abs(ratio - v) / v).toBeLessThan(0.004); // table rounded to 3 digits
    }
    expect(pi0ToGammaXBranchingPerEps2(MPI0 + 0.1)).toBe(0);
  });
});

describe('production yields', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let pi0: ReturnType<typeof preparePi0Sample>;
  beforeEach(() => {
    pi0 = preparePi0Sample(syntheticPi0(500));
  });
  it('π⁰ channel: X per POT = (rows/POT) · BR/ε², independent of the energy grid', () => {
    const s = pi0MediatorSpectrum(pi0, 40);
    expect(totalYieldPerPot(s) / ((500 / 1e5) * 2 * (1 - (40 / MPI0) ** 2) ** 3 * BR_GG)).toBeCloseTo(1, 12);
  });
  it('π⁰ channel: mean X energy equals the exact mean γ E* (cloud-in-cell keeps the first moment)', () => {
    const m = 40;
    const s = pi0MediatorSpectrum(pi0, m);
    let w = 0, we = 0;
    for (let i = 0; i < s.energyMeV.length; i++) { w += s.yieldPerPot[i]!; we += s.yieldPerPot[i]! * s.energyMeV[i]!; }
    const eStar = (MPI0 * MPI0 + m * m) / (2 * MPI0);
    let g = 0;
    for (let i = 0; i < pi0.gamma.length; i++) g += pi0.gamma[i]!;
    expect(we / w / ((g / pi0.gamma.length) * eStar)).toBeCloseTo(1, 10);
  });
  it('π⁻ channel: a single line at E_X with captures × fraction × phase space; nothing above threshold', () => {
    const s = piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 75);
    expect(s.energyMeV.length).toBe(1);
    expect(s.energyMeV[0]).toBeCloseTo(piMinusCaptureMediator(75).energyMeV, 12);
    // The phase-space factor itself is checked against its limits in production.test.ts.
    expect(s.yieldPerPot[0]).toBeCloseTo(0.0457 * 0.02 * piMinusCapturePhaseSpaceFactor(75, 'vectorE0plus'), 14);
    expect(piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 138.5).energyMeV.length).toBe(0);
  });
  it('brem channel: unsuppressed yield = photons above m_X (uniform within bins); suppression only reduces it', () => {
    const e = Float64Array.from({ length: 10 }, (_, i) => 5 + 10 * i); // bins [0,10), [10,20), …
    const n = Float64Array.from({ length: 10 }, () => 100);
    const ph = preparePhotonSpectrum({ energyMeV: e, counts: n, protonsOnTarget: 1e5, source: 't' });
    const free = totalYieldPerPot(bremMediatorSpectrum(ph, 25, { kind: 'none' }));
    expect(free).toBeCloseTo((100 * 7.5) / 1e5, 12); // half of bin [20,30) + 7 full bins
    const supp = totalYieldPerPot(bremMediatorSpectrum(ph, 25, DEFAULT_BREM_SUPPRESSION));
    expect(supp).toBeLessThan(free);
    expect(supp).toBeGreaterThan(0);
  });
});

describe('χ slices', () => {
  it('χ-number conservation: flux × 4πL² = 2 × X produced (π⁰, π⁻, brem)', () => {
    const pi0 = preparePi0Sample(syntheticPi0(300));
    const specs = [pi0MediatorSpectrum(pi0, 30), piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 30)];
    for (const s of specs) {
      const sl = sliceChiSpectrum(s, 10);
      const L = 19.3;
      const flux = fluxPerPotPerCm2(totalChiPerPot(sl), L);
      expect((flux * 4 * Math.PI * (L * 100) ** 2) / (2 * totalYieldPerPot(s))).toBeCloseTo(1, 12);
    }
  });
  it('π⁻ line: slices cover exactly the box [E−, E+] with a flat density and mean (E− + E+)/2', () => {
    const s = piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 75);
    const sl = sliceChiSpectrum(s, 25, 40);
    const r = chiEnergyRange(piMinusCaptureMediator(75).energyMeV, 75, 25);
    expect(sl.edgesMeV[0]).toBeCloseTo(r.lo, 10);
    expect(sl.edgesMeV[40]).toBeCloseTo(r.hi, 10);
    const total = totalChiPerPot(sl);
    let mean = 0;
    for (let i = 0; i < 40; i++) {
      const width = sl.edgesMeV[i + 1]! - sl.edgesMeV[i]!;
      expect((sl.chiPerPot[i]! / total) / (width / (r.hi - r.lo))).toBeCloseTo(1, 9);
      mean += sl.chiPerPot[i]! * sl.meanEnergyMeV[i]!;
    }
    expect(mean / total).toBeCloseTo(0.5 * (r.lo + r.hi), 9);
  });
});

function meanArrivalUs(cdf: (t: number) => number, tMax = 30): number {
  // E[t] = ∫_0^∞ (1 − F) dt for t ≥ 0 (F(0) ≈ 0 here); fine midpoint rule
  const n = 30000;
  const h = tMax / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (1 - cdf((i + 0.5) * h)) * h;
  return s;
}

describe('arrival timing', () => {
  // In beforeEach (cheap): Stryker attributes coverage to a test only for code run in it or its beforeEach (docs/testing.md).
  let pulse: ReturnType<typeof gaussianPulse>;
  beforeEach(() => {
    pulse = gaussianPulse(0.69, 0.14);
  });
  it('light, fast χ peak at the prompt-ν peak (within the ~τ_π offset of the EMG)', () => {
    const pi0 = preparePi0Sample(syntheticPi0(300));
    const sl = sliceChiSpectrum(pi0MediatorSpectrum(pi0, 3), 1);
    const timings = Array.from({ length: sl.chiPerPot.length }, (_, s) => sliceArrivalTiming(sl, s, pulse, 19.3, 1e-12));
    const total = totalChiPerPot(sl);
    const dm = (t: number) => timings.reduce((a, tm, s) => a + (sl.chiPerPot[s]! / total) * tm.pdf(t), 0);
    const nu = promptNeutrinoTiming(pulse).pdf;
    const argmax = (f: (t: number) => number) => { let best = 0, bt = 0; for (let t = 0; t < 3; t += 0.001) { const v = f(t); if (v > best) { best = v; bt = t; } } return bt; };
    const dmPeak = argmax(dm);
    expect(Math.abs(dmPeak - 0.69)).toBeLessThan(0.005);
    expect(Math.abs(dmPeak - argmax(nu))).toBeLessThan(0.03);
  });
  it('slow χ arrive late: mean = μ + ⟨Δt⟩ with Δt = (L/c)(1/β − 1) (π⁻, m_X = 75, m_χ = 25)', () => {
    const sl = sliceChiSpectrum(piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 75), 25, 64);
    const r = chiEnergyRange(piMinusCaptureMediator(75).energyMeV, 75, 25);
    // independent: average delay over the flat box with a dense midpoint rule
    let d = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const e = r.lo + ((i + 0.5) / n) * (r.hi - r.lo);
      d += (19.3 / 299.792458) * (e / Math.sqrt(e * e - 625) - 1);
    }
    d /= n;
    const total = totalChiPerPot(sl);
    const cdf = (t: number) => { let s = 0; for (let k = 0; k < sl.chiPerPot.length; k++) s += (sl.chiPerPot[k]! / total) * sliceArrivalCdf(sl, k, pulse, 19.3, 1e-12)(t); return s; };
    expect(d).toBeGreaterThan(0.01);
    expect(meanArrivalUs(cdf) - 0.69).toBeCloseTo(d, 3);
  });
  it('τ = 1 µs at m_X = 138 MeV: resonance-like late arrival, mean = μ + γτ + Δt', () => {
    const m = 138;
    const sl = sliceChiSpectrum(piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, m), m / 3, 16);
    const gamma = piMinusCaptureMediator(m).energyMeV / m;
    const total = totalChiPerPot(sl);
    const cdf = (t: number) => { let s = 0; for (let k = 0; k < sl.chiPerPot.length; k++) s += (sl.chiPerPot[k]! / total) * sliceArrivalCdf(sl, k, pulse, 19.3, 1)(t); return s; };
    const mean = meanArrivalUs(cdf, 40);
    expect(mean).toBeGreaterThan(1.7);
    expect(mean / (0.69 + gamma * 1 + 0.022)).toBeCloseTo(1, 2);
  });
  it('J-PARC double bunch: half of the χ arrive 540 ns later', () => {
    const sl = sliceChiSpectrum(piMinusMediatorSpectrum(PI_MINUS_TEST_MODEL, 10), 3, 8);
    const two = { meanUs: 0.07, sigmaUs: 0.04, bunchOffsetsUs: [0, 0.54], bunchWeights: [0.5, 0.5] };
    const cdf = sliceArrivalCdf(sl, 7, two, 24, 1e-12);
    expect(cdf(0.35)).toBeCloseTo(0.5, 3);
    expect(cdf(1.0)).toBeCloseTo(1, 3);
  });
});

describe('sliceChiSpectrum of a closed channel (no production lines)', () => {
  it('is a valid empty slicing: no χ, finite strictly increasing edges from m_χ, midpoints as mean energies', () => {
    const empty = { channel: 'pi0Decay' as const, mediatorMassMeV: 200, energyMeV: new Float64Array(0), yieldPerPot: new Float64Array(0) };
    const s = sliceChiSpectrum(empty, 50, 8);
    expect(totalChiPerPot(s)).toBe(0);
    expect(s.edgesMeV.length).toBe(9);
    expect(s.edgesMeV[0]).toBe(50);
    for (let k = 0; k < 8; k++) {
      expect(s.edgesMeV[k + 1]!).toBeGreaterThan(s.edgesMeV[k]!);
      expect(s.meanEnergyMeV[k]).toBe(0.5 * (s.edgesMeV[k]! + s.edgesMeV[k + 1]!));
      expect(s.decayWeight[k]).toBe(0);
    }
    expect(s.edgesMeV[8]! - 50).toBeLessThan(1e-6); // degenerate: all edges within 1e-6 MeV of m_χ
  });
  it('an off-shell spectrum whose nodes all have zero yield gives the same empty slicing', () => {
    const dead = {
      channel: 'pi0Decay' as const,
      mediatorMassMeV: 120,
      energyMeV: Float64Array.of(300, 400),
      yieldPerPot: Float64Array.of(0, 0),
      nodeMassMeV: Float64Array.of(110, 125),
    };
    const s = sliceChiSpectrum(dead, 50, 8);
    expect(totalChiPerPot(s)).toBe(0);
    expect(s.edgesMeV[0]).toBe(50);
    for (let k = 0; k < 8; k++) expect(s.edgesMeV[k + 1]!).toBeGreaterThan(s.edgesMeV[k]!);
    expect(s.edgesMeV[8]! - 50).toBeLessThan(1e-6);
  });
});

describe('sliceChiSpectrum of a channel whose χ all have one energy', () => {
  it('X at rest (E_X = m_X): both χ carry m_X/2 exactly; all 2·yield χ are kept, at that mean energy', () => {
    const atRest = { channel: 'piMinusCapture' as const, mediatorMassMeV: 60, energyMeV: Float64Array.of(60), yieldPerPot: Float64Array.of(3e-4) };
    const s = sliceChiSpectrum(atRest, 10, 8);
    expect(totalChiPerPot(s)).toBeCloseTo(6e-4, 18); // two χ per X
    let n = 0;
    let e = 0;
    for (let k = 0; k < 8; k++) {
      n += s.chiPerPot[k]!;
      e += s.chiPerPot[k]! * s.meanEnergyMeV[k]!;
    }
    expect(e / n).toBeCloseTo(30, 9); // E_χ = m_X/2 in the X rest frame
  });
});
