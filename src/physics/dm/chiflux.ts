/**
 * χ flux at the detector, as ENERGY SLICES that each carry their own arrival-time distribution, so that energy
 * and time stay correlated (the reference code factorises them, docs/physics.md §8.2 item 12).
 *
 * Every X of lab energy E_X decays isotropically to χχ̄, giving two χ with energies uniform on
 * [E_−, E_+] = γ(E* ∓ βp*), E* = m_X/2, p* = √(m_X²/4 − m_χ²) (docs/physics.md §3.2, [DERIVED]): dN/dE_χ = 2/(E_+ − E_−).
 * Each box is integrated EXACTLY over fixed slices of χ energy (overlap length / box width); the slice keeps its
 * χ count and mean energy. Slice edges are uniform in ln(1 + (E − E_lo)/c) between the support ends E_lo, E_hi (which
 * move continuously with the masses), c = 3 % of the support: fine slices at low energy, no jumps in a mass scan.
 *
 * Flux at distance L: χ per POT per cm² = (χ per POT)/(4πL²) (isotropic source, all χ cross the sphere once).
 *
 * Timing of a χ of speed β (docs/physics.md §3.3): t = t_POT + t_decay + L/(βc). Relative to light (the neutrino
 * pulse mean already contains L/c): delay Δt = (L/c)(1/β − 1); t_decay ~ Exp(γ_X τ). The X decay-vertex
 * displacement (β_X γ_X c τ) is neglected: exact for prompt decays; for long lifetimes (τ ~ 1 µs, 138 MeV X with
 * βγ ≈ 0.06 → ~18 m) it is an approximation.
 * The decay-time scales γ_X τ of the X feeding a slice are kept as a weighted mixture on a few γ nodes
 * (cloud-in-cell in ln γ, exact when all X share one γ, e.g. π⁻ capture).
 */
import { InvalidParameters } from '../../util/errors.js';
import { CM_PER_M } from '../constants.js';
import { normalCdf } from '../numerics.js';
import { emgCdf, type BeamPulse, type TimeDistribution } from '../timing.js';
import { chiEnergyRange, flightDelayUs, speedBeta } from './kinematics.js';
import type { MediatorSpectrum, ProductionChannel } from './production.js';

/** Default number of χ energy slices per channel. */
export const DEFAULT_CHI_SLICES = 48;
/** Number of γ_X nodes for the decay-time mixture of each slice. */
export const DECAY_GAMMA_NODES = 6;
/** Softening scale of the logarithmic slicing, as a fraction of the support width. */
const SLICE_LOG_SCALE = 0.03;

/** χ energy slices of one production channel (per POT, ε_prod = 1, BR(X → χχ̄) = 1). */
export interface ChiSlices {
  readonly channel: ProductionChannel;
  readonly mediatorMassMeV: number;
  readonly chiMassMeV: number;
  /** Slice edges in total χ energy (MeV), length count + 1. */
  readonly edgesMeV: Float64Array;
  /** χ per POT in each slice (two per X). */
  readonly chiPerPot: Float64Array;
  /** Mean total χ energy in each slice (MeV); the edge midpoint for empty slices. */
  readonly meanEnergyMeV: Float64Array;
  /** Lowest / highest χ energy actually present in each slice (MeV); continuous in the masses. */
  readonly contentLoMeV: Float64Array;
  readonly contentHiMeV: Float64Array;
  /** γ_X nodes of the decay-time mixture (length K ≥ 1). */
  readonly decayGamma: Float64Array;
  /** decayWeight[s·K + k]: fraction of slice s fed by X with γ ≈ decayGamma[k] (sums to 1 per non-empty slice). */
  readonly decayWeight: Float64Array;
}

/** Number of slices. */
export function sliceCount(s: ChiSlices): number {
  return s.chiPerPot.length;
}

/** Total χ per POT over all slices. */
export function totalChiPerPot(s: ChiSlices): number {
  let t = 0;
  for (let i = 0; i < s.chiPerPot.length; i++) t += s.chiPerPot[i]!;
  return t;
}

/**
 * Slice the χ spectrum of an X spectrum.
 * @param spectrum X energy nodes and yields per POT
 * @param chiMassMeV m_χ (< m_X/2)
 * @param slices number of energy slices
 */
export function sliceChiSpectrum(spectrum: MediatorSpectrum, chiMassMeV: number, slices = DEFAULT_CHI_SLICES): ChiSlices {
  const mX = spectrum.mediatorMassMeV;
  if (!(2 * chiMassMeV < mX)) throw new InvalidParameters(`sliceChiSpectrum: need m_X > 2m_χ (m_X = ${mX}, m_χ = ${chiMassMeV})`);
  if (!(Number.isInteger(slices) && slices >= 1)) throw new InvalidParameters(`sliceChiSpectrum: slices must be a positive integer, got ${slices}`);
  const nLines = spectrum.energyMeV.length;
  const lo = new Float64Array(nLines);
  const hi = new Float64Array(nLines);
  let eLo = Number.POSITIVE_INFINITY;
  let eHi = Number.NEGATIVE_INFINITY;
  let gMin = Number.POSITIVE_INFINITY;
  let gMax = Number.NEGATIVE_INFINITY;
  // an off-shell spectrum (Breit–Wigner line shape) carries the invariant mass of each node
  const nodeMass = spectrum.nodeMassMeV;
  const gammaAt = new Float64Array(nLines);
  for (let i = 0; i < nLines; i++) {
    const mi = nodeMass ? nodeMass[i]! : mX;
    const r = chiEnergyRange(spectrum.energyMeV[i]!, mi, chiMassMeV);
    lo[i] = r.lo;
    hi[i] = r.hi;
    // (off-shell blocks with no yield, e.g. near the pair threshold, must not stretch the slicing range)
    if (nodeMass && !(spectrum.yieldPerPot[i]! > 0)) continue;
    if (r.lo < eLo) eLo = r.lo;
    if (r.hi > eHi) eHi = r.hi;
    const g = spectrum.energyMeV[i]! / mi;
    gammaAt[i] = g;
    if (g < gMin) gMin = g;
    if (g > gMax) gMax = g;
  }
  const edges = new Float64Array(slices + 1);
  const chiPerPot = new Float64Array(slices);
  const moment = new Float64Array(slices);
  if (nLines === 0 || !(eHi >= eLo)) {
    // empty channel (above threshold): a degenerate but valid slicing with zero content
    for (let s = 0; s <= slices; s++) edges[s] = chiMassMeV * (1 + s * 1e-9);
    const meanEnergyMeV = new Float64Array(slices);
    for (let s = 0; s < slices; s++) meanEnergyMeV[s] = 0.5 * (edges[s]! + edges[s + 1]!);
    return { channel: spectrum.channel, mediatorMassMeV: mX, chiMassMeV, edgesMeV: edges, chiPerPot, meanEnergyMeV, contentLoMeV: meanEnergyMeV.slice(), contentHiMeV: meanEnergyMeV.slice(), decayGamma: Float64Array.of(1), decayWeight: new Float64Array(slices) };
  }
  const width = Math.max(eHi - eLo, 1e-9 * eHi);
  const c = SLICE_LOG_SCALE * width;
  const uMax = Math.log1p(width / c);
  for (let s = 0; s <= slices; s++) edges[s] = eLo + c * Math.expm1((uMax * s) / slices);
  edges[slices] = eLo + width;
  const sliceOf = (e: number): number => {
    const u = (Math.log1p(Math.max(0, e - eLo) / c) / uMax) * slices;
    return Math.min(slices - 1, Math.max(0, Math.floor(u)));
  };

  // decay-γ nodes: geometric between gMin and gMax (one node if all X share γ)
  const K = gMax / gMin > 1 + 1e-9 ? DECAY_GAMMA_NODES : 1;
  const decayGamma = new Float64Array(K);
  const lgMin = Math.log(gMin);
  const lgStep = K > 1 ? (Math.log(gMax) - lgMin) / (K - 1) : 0;
  for (let k = 0; k < K; k++) decayGamma[k] = Math.exp(lgMin + k * lgStep);
  decayGamma[K - 1] = gMax;
  const decayWeight = new Float64Array(slices * K);
  const contentLo = new Float64Array(slices).fill(Number.POSITIVE_INFINITY);
  const contentHi = new Float64Array(slices).fill(Number.NEGATIVE_INFINITY);

  for (let i = 0; i < nLines; i++) {
    const y = spectrum.yieldPerPot[i]!;
    if (!(y > 0)) continue;
    const nChi = 2 * y;
    // decay-γ cloud-in-cell
    let k0 = 0;
    let f = 0;
    if (K > 1) {
      const u = (Math.log(gammaAt[i]!) - lgMin) / lgStep;
      k0 = Math.min(K - 2, Math.max(0, Math.floor(u)));
      f = Math.min(1, Math.max(0, u - k0));
    }
    const a = lo[i]!;
    const b = hi[i]!;
    if (!(b - a > 1e-12 * b)) {
      const s = sliceOf(a);
      if (a < contentLo[s]!) contentLo[s] = a;
      if (b > contentHi[s]!) contentHi[s] = b;
      chiPerPot[s] += nChi;
      moment[s] += nChi * 0.5 * (a + b);
      decayWeight[s * K + k0] += nChi * (1 - f);
      if (K > 1) decayWeight[s * K + k0 + 1] += nChi * f;
      continue;
    }
    const dens = nChi / (b - a);
    const s0 = sliceOf(a);
    const s1 = sliceOf(b);
    for (let s = s0; s <= s1; s++) {
      const l = Math.max(a, edges[s]!);
      const h = Math.min(b, edges[s + 1]!);
      if (!(h > l)) continue;
      const w = dens * (h - l);
      if (l < contentLo[s]!) contentLo[s] = l;
      if (h > contentHi[s]!) contentHi[s] = h;
      chiPerPot[s] += w;
      moment[s] += w * 0.5 * (l + h);
      decayWeight[s * K + k0] += w * (1 - f);
      if (K > 1) decayWeight[s * K + k0 + 1] += w * f;
    }
  }
  const meanEnergyMeV = new Float64Array(slices);
  for (let s = 0; s < slices; s++) {
    const n = chiPerPot[s]!;
    if (n > 0) {
      // clamp to the slice (guards round-off); the mean of a sub-interval union is inside the slice
      meanEnergyMeV[s] = Math.min(edges[s + 1]!, Math.max(edges[s]!, moment[s]! / n));
      for (let k = 0; k < K; k++) decayWeight[s * K + k] /= n;
    } else {
      meanEnergyMeV[s] = 0.5 * (edges[s]! + edges[s + 1]!);
      contentLo[s] = meanEnergyMeV[s]!;
      contentHi[s] = meanEnergyMeV[s]!;
    }
  }
  return { channel: spectrum.channel, mediatorMassMeV: mX, chiMassMeV, edgesMeV: edges, chiPerPot, meanEnergyMeV, contentLoMeV: contentLo, contentHiMeV: contentHi, decayGamma, decayWeight };
}

/** χ per POT per cm² at distance L for a number of χ per POT (isotropic source). */
export function fluxPerPotPerCm2(chiPerPot: number, distanceM: number): number {
  const L = distanceM * CM_PER_M;
  return chiPerPot / (4 * Math.PI * L * L);
}

/** Lab decay-time scales below this (µs) are treated as instantaneous (Gaussian limit of the EMG). */
const MIN_DECAY_SCALE_US = 1e-7;

/**
 * Arrival-time CDF of slice s (µs): Σ_bunches w_b Σ_k q_k · CDF_EMG(t − Δt_s; μ + offset_b, σ, γ_k τ), with
 * Δt_s = (L/c)(1/β_s − 1) at the slice mean energy. τ is the PROPER lifetime of X (µs).
 */
export function sliceArrivalCdf(slices: ChiSlices, s: number, pulse: BeamPulse, distanceM: number, lifetimeUs: number): (tUs: number) => number {
  const K = slices.decayGamma.length;
  const beta = speedBeta(slices.meanEnergyMeV[s]!, slices.chiMassMeV);
  const delay = beta > 0 ? flightDelayUs(distanceM, beta) : Number.POSITIVE_INFINITY;
  const wsum = pulse.bunchWeights.reduce((a, b) => a + b, 0);
  const nb = pulse.bunchOffsetsUs.length;
  const means = new Float64Array(nb);
  const bw = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    means[b] = pulse.meanUs + pulse.bunchOffsetsUs[b]! + delay;
    bw[b] = pulse.bunchWeights[b]! / wsum;
  }
  const sigma = pulse.sigmaUs;
  // collect the non-negligible decay components
  const scales: number[] = [];
  const weights: number[] = [];
  let promptWeight = 0;
  for (let k = 0; k < K; k++) {
    const q = slices.decayWeight[s * K + k]!;
    if (!(q > 0)) continue;
    const scale = slices.decayGamma[k]! * lifetimeUs;
    if (scale < MIN_DECAY_SCALE_US) promptWeight += q;
    else {
      scales.push(scale);
      weights.push(q);
    }
  }
  const qTotal = promptWeight + weights.reduce((a, b) => a + b, 0);
  if (!(qTotal > 0)) promptWeight = 1; // empty slice: any normalised CDF will do (its counts are 0)
  const norm = qTotal > 0 ? 1 / qTotal : 1;
  return (t: number): number => {
    if (!Number.isFinite(delay)) return 0;
    let sum = 0;
    for (let b = 0; b < nb; b++) {
      let v = promptWeight > 0 ? promptWeight * normalCdf((t - means[b]!) / sigma) : 0;
      for (let j = 0; j < scales.length; j++) v += weights[j]! * emgCdf(t, means[b]!, sigma, scales[j]!);
      sum += bw[b]! * v;
    }
    return sum * norm;
  };
}

/** Arrival-time distribution of slice s as a {@link TimeDistribution} (pdf by central difference of the CDF). */
export function sliceArrivalTiming(slices: ChiSlices, s: number, pulse: BeamPulse, distanceM: number, lifetimeUs: number): TimeDistribution {
  const cdf = sliceArrivalCdf(slices, s, pulse, distanceM, lifetimeUs);
  const h = 1e-4;
  return {
    description: `χ slice ${s} (${slices.channel}, ⟨E⟩ = ${slices.meanEnergyMeV[s]!.toPrecision(4)} MeV)`,
    cdf,
    pdf: (t: number) => Math.max(0, (cdf(t + h) - cdf(t - h)) / (2 * h)),
  };
}
