/**
 * Helm nuclear form factor.
 *
 * F(q) = 3 j₁(q r₀)/(q r₀) · exp(−q² s²/2),  j₁(x) = sin x/x² − cos x/x,
 * with r₀² = (5/3)(R² − 3 s²) so that the rms radius of the Helm density is R
 * (R. H. Helm, Phys. Rev. 104 (1956) 1466; J. D. Lewin & P. F. Smith, Astropart. Phys. 6 (1996) 87, §4.2,
 * which use s ≈ 0.9 fm for the surface thickness).
 */
import { HBARC_MEV_FM } from './constants.js';
import { InvalidParameters } from '../util/errors.js';

/** Helm surface thickness s = 0.9 fm (Lewin & Smith 1996). */
export const HELM_SKIN_FM = 0.9;

/** Helm box radius r₀ (fm) for an rms radius R (fm) and skin s (fm); throws if R² < 3s² (no real r₀). */
export function helmBoxRadiusFm(rmsRadiusFm: number, skinFm: number = HELM_SKIN_FM): number {
  const r02 = (5 / 3) * (rmsRadiusFm * rmsRadiusFm - 3 * skinFm * skinFm);
  if (!(r02 > 0)) throw new InvalidParameters(`Helm form factor: rms radius ${rmsRadiusFm} fm must exceed √3·s = ${(Math.sqrt(3) * skinFm).toFixed(3)} fm`);
  return Math.sqrt(r02);
}

/** 3 j₁(x)/x, with a series for small x to avoid cancellation. */
export function threeJ1OverX(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1e-2) {
    const x2 = x * x;
    return 1 - x2 / 10 + (x2 * x2) / 280;
  }
  return (3 * (Math.sin(x) - x * Math.cos(x))) / (x * x * x);
}

/**
 * Helm form factor F(q) (F(0) = 1).
 * @param qMeV momentum transfer |q| (MeV)
 * @param rmsRadiusFm rms radius of the distribution R (fm)
 * @param skinFm surface thickness s (fm), default 0.9 fm
 */
export function helmFormFactor(qMeV: number, rmsRadiusFm: number, skinFm: number = HELM_SKIN_FM): number {
  const r0 = helmBoxRadiusFm(rmsRadiusFm, skinFm);
  const qFm = qMeV / HBARC_MEV_FM;
  return threeJ1OverX(qFm * r0) * Math.exp(-0.5 * qFm * qFm * skinFm * skinFm);
}

/** Three-momentum transfer |q| (MeV) for a nuclear recoil of kinetic energy T (MeV) on mass M (MeV): q² = 2MT + T². */
export function momentumTransferMeV(recoilMeV: number, massMeV: number): number {
  return Math.sqrt(2 * massMeV * recoilMeV + recoilMeV * recoilMeV);
}

/**
 * Fill out[i] = F(q_i) for an array of momentum transfers (no allocation).
 * @param qMeV momentum transfers (MeV), length n
 * @param out output, length ≥ n
 */
export function helmFormFactorArray(qMeV: Float64Array, rmsRadiusFm: number, out: Float64Array, skinFm: number = HELM_SKIN_FM): Float64Array {
  const r0 = helmBoxRadiusFm(rmsRadiusFm, skinFm);
  const s2 = skinFm * skinFm;
  for (let i = 0; i < qMeV.length; i++) {
    const q = qMeV[i]! / HBARC_MEV_FM;
    out[i] = threeJ1OverX(q * r0) * Math.exp(-0.5 * q * q * s2);
  }
  return out;
}
