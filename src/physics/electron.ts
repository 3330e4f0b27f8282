/**
 * Neutrino–electron elastic scattering (tree level, standard electroweak theory; e.g. 't Hooft PLB 37 (1971) 195,
 * Vogel & Engel PRD 39 (1989) 3378; docs/physics.md §4.6):
 *   dσ/dT = (2 G_F² m_e / π) [ g_L² + g_R² (1 − T/E)² − g_L g_R m_e T / E² ]
 * ν_e: g_L = ½ + s², g_R = s² (NC + CC);  ν_μ, ν_τ: g_L = −½ + s², g_R = s²;  antineutrinos: g_L ↔ g_R.
 * s² = sin²θ_W at low Q² (0.23857, PDG 2022). Electroweak radiative corrections (~1–2 %) are not included.
 */
import { FERMI_CONSTANT_PER_MEV2, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV, SIN2_THETA_W_LOW_Q2 } from './constants.js';
import { minProjectileEnergyMeV } from './kinematics.js';
import type { Flavor, FluxComponent, NeutrinoSpectrum } from './flux.js';
import { integrate } from './numerics.js';

/** Chiral couplings (g_L, g_R) for ν–e scattering of a flavour. */
export function electronCouplings(flavor: Flavor, sin2ThetaW = SIN2_THETA_W_LOW_Q2): { gL: number; gR: number } {
  const s2 = sin2ThetaW;
  const gLnu = flavor === 'nue' || flavor === 'nuebar' ? 0.5 + s2 : -0.5 + s2;
  const anti = flavor.endsWith('bar');
  return anti ? { gL: s2, gR: gLnu } : { gL: gLnu, gR: s2 };
}

/** dσ/dT (cm²/MeV) per electron for neutrino energy E (MeV) and electron recoil kinetic energy T (MeV). */
export function nuElectronDifferentialCrossSection(energyMeV: number, recoilMeV: number, flavor: Flavor, sin2ThetaW = SIN2_THETA_W_LOW_Q2): number {
  const me = MASS_ELECTRON_MEV;
  const E = energyMeV;
  const T = recoilMeV;
  if (T < 0 || T > (2 * E * E) / (me + 2 * E)) return 0;
  const { gL, gR } = electronCouplings(flavor, sin2ThetaW);
  const y = 1 - T / E;
  const v = gL * gL + gR * gR * y * y - (gL * gR * me * T) / (E * E);
  return ((2 * FERMI_CONSTANT_PER_MEV2 * FERMI_CONSTANT_PER_MEV2 * me) / Math.PI) * Math.max(v, 0) * HBARC2_MEV2_CM2;
}

/** Slow reference: events per MeV of electron recoil for `numberOfElectrons` exposed to a spectrum × fluence. */
export function nuElectronRecoilSpectrumSlow(recoilMeV: number, numberOfElectrons: number, spectrum: NeutrinoSpectrum, fluencePerCm2: number, sin2ThetaW = SIN2_THETA_W_LOW_Q2): number {
  const eMin = minProjectileEnergyMeV(recoilMeV, MASS_ELECTRON_MEV, 0);
  let s = 0;
  for (const line of spectrum.lines) if (line.energyMeV >= eMin) s += line.weight * nuElectronDifferentialCrossSection(line.energyMeV, recoilMeV, spectrum.flavor, sin2ThetaW);
  if (spectrum.maxEnergyMeV > eMin) s += integrate((E) => spectrum.density(E) * nuElectronDifferentialCrossSection(E, recoilMeV, spectrum.flavor, sin2ThetaW), eMin, spectrum.maxEnergyMeV, 64, 8);
  return numberOfElectrons * fluencePerCm2 * s;
}

/**
 * Fast ν–e recoil spectrum on a grid via the spectrum's inverse-energy moments:
 * ∫ f [g_L² + g_R²(1 − T/E)² − g_L g_R m_e T/E²] dE = (g_L² + g_R²) I0 − 2 g_R² T I1 + (g_R² T² − g_L g_R m_e T) I2.
 * @param recoilMeV electron recoil energies (MeV)
 * @param numberOfElectrons electrons in the fiducial mass
 * @returns events per MeV at each node
 */
export function nuElectronRecoilSpectrum(recoilMeV: Float64Array, numberOfElectrons: number, component: FluxComponent, sin2ThetaW = SIN2_THETA_W_LOW_Q2, out: Float64Array = new Float64Array(recoilMeV.length)): Float64Array {
  const me = MASS_ELECTRON_MEV;
  const { gL, gR } = electronCouplings(component.spectrum.flavor, sin2ThetaW);
  const pref = ((2 * FERMI_CONSTANT_PER_MEV2 * FERMI_CONSTANT_PER_MEV2 * me) / Math.PI) * HBARC2_MEV2_CM2 * numberOfElectrons * component.fluencePerCm2;
  const mom = new Float64Array(3);
  for (let i = 0; i < recoilMeV.length; i++) {
    const T = recoilMeV[i]!;
    component.spectrum.moments(minProjectileEnergyMeV(T, me, 0), mom);
    const v = (gL * gL + gR * gR) * mom[0]! - 2 * gR * gR * T * mom[1]! + (gR * gR * T * T - gL * gR * me * T) * mom[2]!;
    out[i] = pref * Math.max(v, 0);
  }
  return out;
}
