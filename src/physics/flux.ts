/**
 * Neutrino spectra and fluences at stopped-pion sources (π-DAR).
 *
 * π⁺ → μ⁺ ν_μ at rest: mono-energetic ν_μ at (m_π² − m_μ²)/(2m_π) = 29.79 MeV (two-body kinematics).
 * μ⁺ → e⁺ ν_e ν̄_μ at rest (Michel spectra, electron mass and radiative corrections neglected), y = E/E_max, E_max = m_μ/2:
 *   ν_e :  f(y) = 12 y² (1 − y)     ν̄_μ : f(y) = 2 y² (3 − 2y)     (each normalised to 1 over y ∈ [0, 1])
 * (e.g. Louis, Los Alamos Science 25 (1997) 16; standard V−A result for unpolarised muons).
 * Fluence per flavour at distance L: Φ = r · N_POT / (4π L²) with r = neutrinos per flavour per proton.
 *
 * Every spectrum exposes the inverse-energy moments I_k(E_min) = ∫_{E_min} f(E) E^{−k} dE (k = 0, 1, 2), which is
 * all the CEvNS and ν–e cross sections need (their E-dependence is a polynomial in 1/E), so rate integrals over E
 * are closed-form or one fixed quadrature.
 */
import { CM_PER_M, E_NU_MICHEL_MAX_MEV, E_NU_PI_DAR_MEV } from './constants.js';
import { gaussLegendre } from './numerics.js';
import { InvalidParameters } from '../util/errors.js';

/** Neutrino flavour (antineutrinos distinguished, needed for ν–e scattering). */
export type Flavor = 'nue' | 'numu' | 'nutau' | 'nuebar' | 'numubar' | 'nutaubar';

/** Energy spectrum of one neutrino species, normalised to its `weight` (usually 1) in units of 1/MeV. */
export interface NeutrinoSpectrum {
  readonly flavor: Flavor;
  readonly description: string;
  /** Largest energy with non-zero flux (MeV). */
  readonly maxEnergyMeV: number;
  /**
   * Fill out[k] = ∫_{E ≥ eMinMeV} f(E) E^{−k} dE for k = 0, 1, 2 (units MeV^{−k}). For lines f is a δ-function.
   */
  moments(eMinMeV: number, out: Float64Array): void;
  /** Differential spectrum f(E) (1/MeV) for continuous spectra; 0 for pure lines (see `lines`). */
  density(eMeV: number): number;
  /** Mono-energetic lines carried by this spectrum (energy MeV, weight). */
  readonly lines: ReadonlyArray<{ readonly energyMeV: number; readonly weight: number }>;
}

/** A δ-line at energyMeV with integral `weight`. */
export function lineSpectrum(flavor: Flavor, energyMeV: number, weight = 1, description = `line ${energyMeV} MeV`): NeutrinoSpectrum {
  if (!(energyMeV > 0) || !(weight >= 0)) throw new InvalidParameters(`lineSpectrum: need energy > 0 and weight ≥ 0 (got ${energyMeV}, ${weight})`);
  return {
    flavor,
    description,
    maxEnergyMeV: energyMeV,
    lines: [{ energyMeV, weight }],
    density: () => 0,
    moments(eMin, out) {
      if (eMin <= energyMeV) {
        out[0] = weight;
        out[1] = weight / energyMeV;
        out[2] = weight / (energyMeV * energyMeV);
      } else {
        out[0] = out[1] = out[2] = 0;
      }
    },
  };
}

/**
 * Spectrum f(E) = (1/E_max) Σ_j c_j y^j on y = E/E_max ∈ [0,1] (coefficients for j ≥ 2 only make I_2 finite; j ≥ 0 allowed
 * for I_0, j ≥ k − 0 otherwise). Moments are exact: I_k = E_max^{−k} Σ_j c_j (1 − y_min^{j−k+1})/(j−k+1).
 */
export function polynomialSpectrum(flavor: Flavor, maxEnergyMeV: number, coefficients: readonly number[], description: string): NeutrinoSpectrum {
  for (let j = 0; j < Math.min(2, coefficients.length); j++) {
    if (coefficients[j] !== 0) throw new InvalidParameters(`polynomialSpectrum: coefficients of y^0 and y^1 must vanish (1/E² moment diverges)`);
  }
  return {
    flavor,
    description,
    maxEnergyMeV,
    lines: [],
    density(e) {
      if (e < 0 || e > maxEnergyMeV) return 0;
      const y = e / maxEnergyMeV;
      let s = 0;
      for (let j = coefficients.length - 1; j >= 0; j--) s = s * y + coefficients[j]!;
      return s / maxEnergyMeV;
    },
    moments(eMin, out) {
      const ymin = Math.max(0, eMin / maxEnergyMeV);
      if (ymin >= 1) {
        out[0] = out[1] = out[2] = 0;
        return;
      }
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let j = 2; j < coefficients.length; j++) {
          const p = j - k + 1;
          s += (coefficients[j]! * (1 - Math.pow(ymin, p))) / p;
        }
        out[k] = s / Math.pow(maxEnergyMeV, k);
      }
    },
  };
}

/** Michel ν_e spectrum from μ⁺ DAR: 12 y²(1 − y), endpoint m_μ/2 = 52.83 MeV. */
export function michelNuE(maxEnergyMeV = E_NU_MICHEL_MAX_MEV): NeutrinoSpectrum {
  return polynomialSpectrum('nue', maxEnergyMeV, [0, 0, 12, -12], `Michel ν_e to ${maxEnergyMeV.toFixed(2)} MeV`);
}

/** Michel ν̄_μ spectrum from μ⁺ DAR: 2 y²(3 − 2y) = 6y² − 4y³, endpoint m_μ/2. */
export function michelNuMuBar(maxEnergyMeV = E_NU_MICHEL_MAX_MEV): NeutrinoSpectrum {
  return polynomialSpectrum('numubar', maxEnergyMeV, [0, 0, 6, -4], `Michel ν̄_μ to ${maxEnergyMeV.toFixed(2)} MeV`);
}

/** Prompt ν_μ line from π⁺ DAR at 29.79 MeV. */
export function promptNuMu(): NeutrinoSpectrum {
  return lineSpectrum('numu', E_NU_PI_DAR_MEV, 1, `π⁺ DAR ν_μ line at ${E_NU_PI_DAR_MEV.toFixed(3)} MeV`);
}

/**
 * Continuous spectrum from tabulated samples (E MeV, relative flux), linear between samples, zero outside; normalised to
 * `weight`. Moments by 8-point Gauss–Legendre per segment (the integrand is smooth within a segment), with cumulative
 * tail sums precomputed once.
 */
export function tabulatedSpectrum(flavor: Flavor, energiesMeV: ArrayLike<number>, values: ArrayLike<number>, description: string, weight = 1): NeutrinoSpectrum {
  const n = energiesMeV.length;
  if (n < 2 || values.length !== n) throw new InvalidParameters(`tabulatedSpectrum(${description}): need ≥ 2 samples with matching lengths`);
  const e = Float64Array.from(energiesMeV as ArrayLike<number>);
  const v = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < n; i++) {
    if (!(v[i]! >= 0) || !Number.isFinite(e[i]!)) throw new InvalidParameters(`tabulatedSpectrum(${description}): bad sample ${i}`);
    if (i > 0 && !(e[i]! > e[i - 1]!)) throw new InvalidParameters(`tabulatedSpectrum(${description}): energies must increase at sample ${i}`);
  }
  const gl = gaussLegendre(8);
  // ∫ over part [a,b] of segment i of linear density × E^{-k}; E ≥ a > 0 required for k ≥ 1
  const segMoment = (i: number, a: number, b: number, k: number): number => {
    if (b <= a) return 0;
    const h = 0.5 * (b - a);
    const m = 0.5 * (a + b);
    const slope = (v[i + 1]! - v[i]!) / (e[i + 1]! - e[i]!);
    let s = 0;
    for (let j = 0; j < 8; j++) {
      const x = m + h * gl.nodes[j]!;
      const dens = v[i]! + slope * (x - e[i]!);
      s += gl.weights[j]! * dens * (k === 0 ? 1 : Math.pow(Math.max(x, 1e-6), -k));
    }
    return s * h;
  };
  const tail = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]; // tail[k][i] = ∫_{e_i}^{e_n} ...
  for (let k = 0; k < 3; k++) for (let i = n - 2; i >= 0; i--) tail[k]![i] = tail[k]![i + 1]! + segMoment(i, e[i]!, e[i + 1]!, k);
  const norm = tail[0]![0]!;
  if (!(norm > 0)) throw new InvalidParameters(`tabulatedSpectrum(${description}): integrates to 0`);
  const scale = weight / norm;
  const locate = (x: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (e[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  return {
    flavor,
    description,
    maxEnergyMeV: e[n - 1]!,
    lines: [],
    density(x) {
      if (x < e[0]! || x > e[n - 1]!) return 0;
      const i = Math.min(locate(x), n - 2);
      const f = (x - e[i]!) / (e[i + 1]! - e[i]!);
      return (v[i]! * (1 - f) + v[i + 1]! * f) * scale;
    },
    moments(eMin, out) {
      if (eMin >= e[n - 1]!) {
        out[0] = out[1] = out[2] = 0;
        return;
      }
      if (eMin <= e[0]!) {
        for (let k = 0; k < 3; k++) out[k] = tail[k]![0]! * scale;
        return;
      }
      const i = locate(eMin);
      for (let k = 0; k < 3; k++) out[k] = (tail[k]![i + 1]! + segMoment(i, eMin, e[i + 1]!, k)) * scale;
    },
  };
}

/** A stopped-pion neutrino source seen from one detector: every number explicit, with its citation. */
export interface StoppedPionSource {
  readonly name: string;
  /** Proton kinetic energy (GeV). */
  readonly protonEnergyGeV: number;
  /** Total protons on target for the exposure. */
  readonly protonsOnTarget: number;
  /** Neutrinos of each flavour (ν_μ, ν_e, ν̄_μ) per proton, r. */
  readonly nuPerFlavorPerPot: number;
  /** Source–detector distance (m). */
  readonly distanceM: number;
  /** Citation for each number. */
  readonly citations: Readonly<Record<'protonEnergyGeV' | 'protonsOnTarget' | 'nuPerFlavorPerPot' | 'distanceM', string>>;
}

/** Time-integrated fluence per flavour at the detector, r·N_POT/(4πL²), in ν/cm². */
export function fluencePerFlavorPerCm2(src: StoppedPionSource): number {
  const L = src.distanceM * CM_PER_M;
  return (src.nuPerFlavorPerPot * src.protonsOnTarget) / (4 * Math.PI * L * L);
}

/** One flux component: a spectrum (normalised to its weight) and the time-integrated fluence (ν/cm²) it is scaled by. */
export interface FluxComponent {
  readonly name: string;
  readonly timing: 'prompt' | 'delayed';
  readonly spectrum: NeutrinoSpectrum;
  readonly fluencePerCm2: number;
}

/** Standard π-DAR components: prompt ν_μ line, delayed Michel ν_e and ν̄_μ, each with fluence r N_POT/(4πL²). */
export function piDarFluxComponents(src: StoppedPionSource): FluxComponent[] {
  const phi = fluencePerFlavorPerCm2(src);
  return [
    { name: 'prompt-numu', timing: 'prompt', spectrum: promptNuMu(), fluencePerCm2: phi },
    { name: 'delayed-nue', timing: 'delayed', spectrum: michelNuE(), fluencePerCm2: phi },
    { name: 'delayed-numubar', timing: 'delayed', spectrum: michelNuMuBar(), fluencePerCm2: phi },
  ];
}
