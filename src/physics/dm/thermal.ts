/**
 * Thermodynamics of the early-universe plasma for the freeze-out calculation (src/physics/dm/relic.ts).
 *
 *  - Scaled modified Bessel functions e^z K_ν(z) from the integral representation K_ν(z) = ∫₀^∞ e^{−z cosh t} cosh(νt) dt
 *    (Abramowitz & Stegun 9.6.24), with the substitution w = √(2z) sinh(t/2), so that z(cosh t − 1) = w² and
 *      e^z K_ν(z) = √(2/z) ∫₀^∞ e^{−w²} cosh(ν t(w)) / √(1 + w²/(2z)) dw,  t(w) = 2 asinh(w/√(2z)),
 *    a smooth Gaussian-weighted integral for every z > 0 (no overflow at large z).
 *  - The effective numbers of relativistic degrees of freedom in energy, g_eff(T) = ρ/(π²T⁴/30), and entropy,
 *    h_eff(T) = s/(2π²T³/45), computed from the ideal-gas integrals of the Standard-Model species present below
 *    ~150 MeV (γ, e±, μ±, π±, π⁰, three ν ν̄ flavours), following the method of Husdal, Galaxies 4 (2016) 78,
 *    arXiv:1609.04979 §2 (and Kolb & Turner, The Early Universe, ch. 3). Neutrinos decouple instantaneously at
 *    T_dec = 2 MeV (Husdal §3.3); afterwards T_ν/T follows from entropy conservation in the γ–e± plasma, which gives
 *    the tabulated present-day values g_eff = 3.36, h_eff = 3.91 (T_ν/T = (4/11)^{1/3}). Valid for T ≤ 150 MeV (below
 *    the QCD crossover; heavier hadrons contribute < 1 % of g_eff at T = 100 MeV). docs/relic.md.
 *
 * Units: temperatures and masses in MeV.
 */
import { InvalidParameters } from '../../util/errors.js';
import { MASS_ELECTRON_MEV, MASS_MUON_MEV, MASS_PI0_MEV, MASS_PI_CHARGED_MEV } from '../constants.js';
import { gaussLegendre } from '../numerics.js';

// ---- Bessel functions ----------------------------------------------------------------------------------------------

const BESSEL_W_MAX = 9; // e^{−81} ≈ 7e−36: the Gaussian tail beyond is negligible
const BESSEL_PANELS = 12;
const BESSEL_ORDER = 12;

/** Argument above which {@link besselKScaled} uses the asymptotic series (A&S 9.7.2). */
export const BESSEL_ASYMPTOTIC_FROM = 16;

/**
 * e^z K_ν(z) for z > 0: the integral of the module comment (relative accuracy ~1e−12 for ν ≤ 2, z ≥ 1e−2), or for
 * z ≥ {@link BESSEL_ASYMPTOTIC_FROM} the asymptotic series √(π/2z) Σ_k Π_{j≤k}(4ν² − (2j−1)²)/(k!(8z)^k)
 * (Abramowitz & Stegun 9.7.2), 14 terms (remainder < 1e−13 at z = 16 for ν ≤ 2).
 */
export function besselKScaled(nu: number, z: number): number {
  if (!(z > 0)) throw new InvalidParameters(`besselKScaled: argument must be > 0, got ${z}`);
  if (z >= BESSEL_ASYMPTOTIC_FROM) return besselKScaledAsymptotic(nu, z);
  return besselKScaledIntegral(nu, z);
}

/** The asymptotic series of e^z K_ν(z) (A&S 9.7.2), 14 terms. */
export function besselKScaledAsymptotic(nu: number, z: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 14; k++) {
    term *= (mu - (2 * k - 1) ** 2) / (k * 8 * z);
    sum += term;
  }
  return Math.sqrt(Math.PI / (2 * z)) * sum;
}

/** e^z K_ν(z) from the integral representation (module comment). */
export function besselKScaledIntegral(nu: number, z: number): number {
  const gl = gaussLegendre(BESSEL_ORDER);
  const r = Math.sqrt(2 * z);
  const h = BESSEL_W_MAX / BESSEL_PANELS;
  let sum = 0;
  for (let p = 0; p < BESSEL_PANELS; p++) {
    const mid = (p + 0.5) * h;
    for (let j = 0; j < BESSEL_ORDER; j++) {
      const w = mid + 0.5 * h * gl.nodes[j]!;
      const t = 2 * Math.asinh(w / r);
      sum += gl.weights[j]! * Math.exp(-w * w) * Math.cosh(nu * t) / Math.sqrt(1 + (w * w) / (2 * z));
    }
  }
  return Math.sqrt(2 / z) * 0.5 * h * sum;
}

/** K_ν(z) (unscaled; underflows to 0 for z ≳ 700). */
export function besselK(nu: number, z: number): number {
  return besselKScaled(nu, z) * Math.exp(-z);
}

// ---- relativistic degrees of freedom -------------------------------------------------------------------------------

/** A species of the plasma: mass (MeV), internal degrees of freedom, statistics. */
interface Species {
  readonly name: string;
  readonly massMeV: number;
  readonly dof: number;
  readonly fermion: boolean;
}

/** Standard-Model species in equilibrium with the photons below ~150 MeV (PDG masses, src/physics/constants.ts). */
const PLASMA: readonly Species[] = [
  { name: 'photon', massMeV: 0, dof: 2, fermion: false },
  { name: 'electron', massMeV: MASS_ELECTRON_MEV, dof: 4, fermion: true },
  { name: 'muon', massMeV: MASS_MUON_MEV, dof: 4, fermion: true },
  { name: 'charged pion', massMeV: MASS_PI_CHARGED_MEV, dof: 2, fermion: false },
  { name: 'neutral pion', massMeV: MASS_PI0_MEV, dof: 1, fermion: false },
];
/** ν and ν̄ of three flavours, one helicity each. */
const NEUTRINO_DOF = 6;
/** Instantaneous neutrino decoupling temperature (MeV), Husdal 2016 §3.3. */
export const NEUTRINO_DECOUPLING_MEV = 2;
/** Highest temperature (MeV) at which the hadron content above (pions only) is a fair description. */
export const MAX_PLASMA_TEMPERATURE_MEV = 150;

/**
 * Energy-density and entropy contributions of one species at temperature T, in units of the massless-boson values
 * (π²T⁴/30 per dof for ρ, 2π²T³/45 per dof for s): returns [g_ρ, g_s], each = dof × (7/8 for a massless fermion).
 * Integrals over y = p/T of y²ε/(e^ε ± 1) and y⁴/(3ε(e^ε ± 1)), ε = √(y² + (m/T)²), Gauss–Legendre on [0, 60].
 */
function speciesDof(sp: Species, tMeV: number): [number, number] {
  const a = sp.massMeV / tMeV;
  if (a > 60) return [0, 0];
  const gl = gaussLegendre(16);
  const panels = 12;
  const yMax = 60;
  const h = yMax / panels;
  let rho = 0;
  let pressure = 0;
  for (let p = 0; p < panels; p++) {
    const mid = (p + 0.5) * h;
    for (let j = 0; j < 16; j++) {
      const y = mid + 0.5 * h * gl.nodes[j]!;
      const e = Math.sqrt(y * y + a * a);
      const occ = 1 / (Math.exp(e) + (sp.fermion ? 1 : -1));
      rho += gl.weights[j]! * y * y * e * occ;
      pressure += (gl.weights[j]! * y ** 4 * occ) / (3 * e);
    }
  }
  rho *= 0.5 * h;
  pressure *= 0.5 * h;
  // ρ = g T⁴/(2π²) ∫…, P = g T⁴/(2π²) ∫…; s = (ρ + P)/T
  const gRho = (sp.dof * rho) / (2 * Math.PI ** 2) / (Math.PI ** 2 / 30);
  const gS = (sp.dof * (rho + pressure)) / (2 * Math.PI ** 2) / ((2 * Math.PI ** 2) / 45);
  return [gRho, gS];
}

/** g_eff and h_eff of the photon–electron plasma only (the part that heats when e± annihilate). */
function photonElectron(tMeV: number): [number, number] {
  const g = speciesDof(PLASMA[0]!, tMeV);
  const e = speciesDof(PLASMA[1]!, tMeV);
  return [g[0] + e[0], g[1] + e[1]];
}

/** Degrees of freedom at temperature T (MeV). */
export interface PlasmaDof {
  /** g_eff = ρ/(π²T⁴/30). */
  readonly gEff: number;
  /** h_eff = s/(2π²T³/45). */
  readonly hEff: number;
  /** T_ν/T. */
  readonly neutrinoTemperatureRatio: number;
}

/** g_eff, h_eff from the ideal-gas sums (see the module comment). */
export function plasmaDof(tMeV: number): PlasmaDof {
  if (!(tMeV > 0 && tMeV <= MAX_PLASMA_TEMPERATURE_MEV)) {
    throw new InvalidParameters(`plasmaDof: temperature must be in (0, ${MAX_PLASMA_TEMPERATURE_MEV}] MeV, got ${tMeV}`);
  }
  let g = 0;
  let h = 0;
  for (const sp of PLASMA) {
    const [gr, gs] = speciesDof(sp, tMeV);
    g += gr;
    h += gs;
  }
  let ratio = 1;
  if (tMeV < NEUTRINO_DECOUPLING_MEV) {
    // entropy of the γ–e± plasma is conserved separately after decoupling: h_γe(T) T³ a³ = const, T_ν a = const
    ratio = Math.cbrt(photonElectron(tMeV)[1] / photonElectron(NEUTRINO_DECOUPLING_MEV)[1]);
  }
  g += (7 / 8) * NEUTRINO_DOF * ratio ** 4;
  h += (7 / 8) * NEUTRINO_DOF * ratio ** 3;
  return { gEff: g, hEff: h, neutrinoTemperatureRatio: ratio };
}

/**
 * Tabulated g_eff, h_eff and g_*^{1/2} = (h_eff/√g_eff)(1 + (T/3h_eff) dh_eff/dT) (Gondolo & Gelmini, Nucl. Phys. B 360
 * (1991) 145, eq. 4) on a log grid, interpolated linearly in ln T. Built once.
 */
export interface DofTable {
  readonly lnT: Float64Array;
  readonly gEff: Float64Array;
  readonly hEff: Float64Array;
  readonly gStarHalf: Float64Array;
}

const TABLE_T_MIN_MEV = 1e-4;
const TABLE_POINTS = 241;
let table: DofTable | null = null;

export function dofTable(): DofTable {
  if (table) return table;
  const lnT = new Float64Array(TABLE_POINTS);
  const gEff = new Float64Array(TABLE_POINTS);
  const hEff = new Float64Array(TABLE_POINTS);
  const gStarHalf = new Float64Array(TABLE_POINTS);
  const lo = Math.log(TABLE_T_MIN_MEV);
  const hi = Math.log(MAX_PLASMA_TEMPERATURE_MEV);
  for (let i = 0; i < TABLE_POINTS; i++) {
    lnT[i] = lo + ((hi - lo) * i) / (TABLE_POINTS - 1);
    const d = plasmaDof(Math.exp(lnT[i]!));
    gEff[i] = d.gEff;
    hEff[i] = d.hEff;
  }
  for (let i = 0; i < TABLE_POINTS; i++) {
    // d ln h / d ln T by centred differences (one-sided at the ends)
    const a = Math.max(0, i - 1);
    const b = Math.min(TABLE_POINTS - 1, i + 1);
    const dlnh = (Math.log(hEff[b]!) - Math.log(hEff[a]!)) / (lnT[b]! - lnT[a]!);
    gStarHalf[i] = (hEff[i]! / Math.sqrt(gEff[i]!)) * (1 + dlnh / 3);
  }
  table = { lnT, gEff, hEff, gStarHalf };
  return table;
}

/** Linear interpolation of a table column in ln T; clamps below the table (the plasma no longer changes there). */
export function interpolateDof(column: 'gEff' | 'hEff' | 'gStarHalf', tMeV: number): number {
  const t = dofTable();
  const x = Math.log(tMeV);
  const col = t[column];
  if (x <= t.lnT[0]!) return col[0]!;
  if (x > t.lnT[t.lnT.length - 1]! + 1e-12) {
    throw new InvalidParameters(`plasma temperature ${tMeV} MeV above ${MAX_PLASMA_TEMPERATURE_MEV} MeV (QCD crossover): not described`);
  }
  const step = t.lnT[1]! - t.lnT[0]!;
  const k = Math.min(t.lnT.length - 2, Math.floor((x - t.lnT[0]!) / step));
  const f = (x - t.lnT[k]!) / step;
  return col[k]! * (1 - f) + col[k + 1]! * f;
}
