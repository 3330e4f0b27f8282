import { describe, expect, it } from 'vitest';
import { helmFormFactor, helmFormFactorArray, helmBoxRadiusFm, momentumTransferMeV, threeJ1OverX } from '../../src/physics/formfactor.js';
import { HBARC_MEV_FM } from '../../src/physics/constants.js';

describe('Helm form factor', () => {
  it('F(0) = 1', () => {
    expect(helmFormFactor(0, 4.7)).toBe(1);
    expect(helmFormFactor(1e-6, 3.4)).toBeCloseTo(1, 12);
  });

  it('low-q slope gives the rms radius: F ≈ 1 − q²R²/6 (definition of the rms radius)', () => {
    for (const R of [3.4, 4.7, 5.5]) {
      const qFm = 1e-3;
      const F = helmFormFactor(qFm * HBARC_MEV_FM, R);
      const R2 = (6 * (1 - F)) / (qFm * qFm);
      expect(Math.sqrt(R2)).toBeCloseTo(R, 4);
    }
  });

  it('Helm F equals the Fourier transform of a uniform sphere ⊗ Gaussian computed numerically', () => {
    // box-radius sphere form factor times a Gaussian smearing, transform of the density done by radial quadrature
    const R = 4.7;
    const r0 = helmBoxRadiusFm(R);
    const qFm = 0.4;
    let num = 0;
    let den = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const r = ((i + 0.5) / n) * r0;
      num += r * r * (Math.sin(qFm * r) / (qFm * r));
      den += r * r;
    }
    const sphere = num / den;
    expect(helmFormFactor(qFm * HBARC_MEV_FM, R)).toBeCloseTo(sphere * Math.exp(-0.5 * qFm * qFm * 0.81), 6);
  });

  it('small-x series matches the closed form and the array version matches scalar', () => {
    expect(threeJ1OverX(0.009)).toBeCloseTo((3 * (Math.sin(0.009) - 0.009 * Math.cos(0.009))) / 0.009 ** 3, 9);
    const q = Float64Array.from([0, 10, 50, 100, 200]);
    const out = helmFormFactorArray(q, 4.7, new Float64Array(5));
    q.forEach((v, i) => expect(out[i]).toBeCloseTo(helmFormFactor(v, 4.7), 14));
  });

  it('rejects radii with no real box radius', () => {
    expect(() => helmFormFactor(10, 1.0)).toThrow(/rms radius/);
  });
});

describe('Helm form factor: small-x series, momentum transfer, array output, bad radius', () => {
  // 3 j₁(x)/x = 3 Σ_k (−1)^k (2k + 2) x^{2k}/(2k + 3)!  (from the sine and cosine series), summed to k = 8.
  const seriesRef = (x: number) => {
    let s = 0;
    let fact = 6; // (2k + 3)! at k = 0
    for (let k = 0; k <= 8; k++) {
      if (k > 0) fact *= (2 * k + 2) * (2 * k + 3);
      s += ((-1) ** k * 3 * (2 * k + 2) * x ** (2 * k)) / fact;
    }
    return s;
  };
  it('3 j₁(x)/x below and above the series switch at x = 0.01 agrees with the full Taylor sum to 1e-15 (1e-11 above: cancellation)', () => {
    for (const x of [0.003, 0.008, 0.0099]) expect(Math.abs(threeJ1OverX(x) - seriesRef(x))).toBeLessThan(1e-15);
    for (const x of [0.0101, 0.05]) expect(Math.abs(threeJ1OverX(x) - seriesRef(x))).toBeLessThan(1e-11);
  });
  it('|q|² = (M + T)² − M² = 2MT + T² (four-momentum of the recoiling nucleus): T = M gives |q| = √3 M', () => {
    expect(momentumTransferMeV(1000, 1000) / (Math.sqrt(3) * 1000)).toBeCloseTo(1, 14);
  });
  it('the array form writes exactly n values and leaves the rest of a longer output untouched', () => {
    const out = new Float64Array(4).fill(-7);
    helmFormFactorArray(Float64Array.of(10, 50, 100), 4.7, out);
    expect(out[3]).toBe(-7);
    expect(out[1]).toBe(helmFormFactor(50, 4.7));
  });
  it('R below √3·s is rejected with the bound in the message', () => {
    expect(() => helmBoxRadiusFm(1.2)).toThrow(/must exceed √3·s = 1\.559 fm/);
  });
});
