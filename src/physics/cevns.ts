/**
 * Coherent elastic neutrino–nucleus scattering (CEvNS): cross section, weak charge, NSI and a light vector mediator.
 *
 *   dσ/dT = (G_F² M / 4π) · Q²(q) · [1 − T/E − M T/(2E²) + T²/(2E²)]
 *   Q(q)  = 2 [ Z g_p F_p(q) + N g_n F_n(q) ]      (|Q| ≈ N − (1 − 4 s_W²) Z at tree level; Q_W convention of
 *            Freedman PRD 9 (1974) 1389 and Drukier & Stodolsky PRD 30 (1984) 2295, normalised so T → 0 gives G_F² M Q_W²/4π)
 * with T the recoil kinetic energy, M the nuclear mass, F_p / F_n Helm form factors of the proton and neutron distributions.
 *
 * Couplings (per flavour α, vector NSI ε^q_αα added at amplitude level; Barranco, Miranda, Rashba, JHEP 0512 (2005) 021):
 *   g_p = g_V^p + 2 ε^u_αα + ε^d_αα,   g_n = g_V^n + ε^u_αα + 2 ε^d_αα.
 * A light vector mediator Z′ (mass m, couplings g_να to ν_α and g_u, g_d to quarks) acts as a q²-dependent NSI
 *   ε^q_αα(q²) = g_να g_q / (2√2 G_F (q² + m²))
 * (e.g. Liao & Marfatia, PLB 775 (2017) 54; Denton, Farzan, Shoemaker, JHEP 07 (2018) 037), q² = 2MT + T².
 * Antineutrinos: the coherent vector cross section is the same as for neutrinos of the same flavour.
 */
import { FERMI_CONSTANT_PER_MEV2, HBARC2_MEV2_CM2, SIN2_THETA_W_LOW_Q2, SIN2_THETA_W_MZ_MSBAR } from './constants.js';
import { helmFormFactor, momentumTransferMeV, HELM_SKIN_FM } from './formfactor.js';
import { minProjectileEnergyMeV } from './kinematics.js';
import type { Flavor, FluxComponent, NeutrinoSpectrum } from './flux.js';
import type { Nucleus, Target } from './targets.js';
import { integrate } from './numerics.js';
import { InvalidParameters } from '../util/errors.js';

/** Nucleon vector couplings of the Z to neutrinos (before NSI). */
export interface NucleonCouplings {
  readonly gVp: number;
  readonly gVn: number;
  readonly description: string;
}

/** Tree-level couplings g_V^p = ½ − 2 s_W², g_V^n = −½ at a given sin²θ_W (default: low-Q² value 0.23857, PDG 2022). */
export function treeLevelCouplings(sin2ThetaW = SIN2_THETA_W_LOW_Q2): NucleonCouplings {
  return { gVp: 0.5 - 2 * sin2ThetaW, gVn: -0.5, description: `tree level, sin²θ_W = ${sin2ThetaW}` };
}

/**
 * Radiatively corrected couplings (PDG electroweak review parameterisation for ν–hadron NC scattering, values as used by
 * Barranco, Miranda, Rashba, JHEP 0512 (2005) 021 [hep-ph/0508299]):
 *   g_V^p = ρ(½ − 2κ ŝ²_Z) + 2λ^{uL} + 2λ^{uR} + λ^{dL} + λ^{dR},   g_V^n = −½ρ + λ^{uL} + λ^{uR} + 2λ^{dL} + 2λ^{dR}
 * with ρ = 1.0086, κ = 0.9978, λ^{uL} = −0.0031, λ^{dL} = −0.0025, λ^{dR} = 7.5e−5, λ^{uR} = λ^{dR}/2 and ŝ²_Z = 0.23122
 * (MS-bar at M_Z, PDG 2022). Gives g_V^p ≈ 0.0304, g_V^n ≈ −0.5122. These numbers come from docs/physics.md §4.5 (attributed
 * there to Barranco 2005); the ρ, κ, λ structure was checked against the PDG formula, the flavour-dependent neutrino
 * charge-radius correction is not included.
 */
export function radiativeCouplings(sHat2Z = SIN2_THETA_W_MZ_MSBAR): NucleonCouplings {
  const rho = 1.0086;
  const kappa = 0.9978;
  const luL = -0.0031;
  const ldL = -0.0025;
  const ldR = 7.5e-5;
  const luR = ldR / 2;
  return {
    gVp: rho * (0.5 - 2 * kappa * sHat2Z) + 2 * luL + 2 * luR + ldL + ldR,
    gVn: -0.5 * rho + luL + luR + 2 * ldL + 2 * ldR,
    description: `radiative (ρ=${rho}, κ=${kappa}, λ's; ŝ²_Z=${sHat2Z})`,
  };
}

/** Flavour-diagonal vector NSI couplings ε^q_αα (dimensionless, in units of G_F). */
export interface VectorNsi {
  readonly eeU: number;
  readonly eeD: number;
  readonly mumuU: number;
  readonly mumuD: number;
}

/** Light vector mediator: mass and couplings to ν_e, ν_μ and the u, d quarks (vector couplings, dimensionless). */
export interface LightVectorMediator {
  readonly massMeV: number;
  /** Coupling to ν_e (also used for ν̄_e). */
  readonly gNuE: number;
  /** Coupling to ν_μ (also used for ν̄_μ). */
  readonly gNuMu: number;
  readonly gU: number;
  readonly gD: number;
}

/** New-physics options for CEvNS. */
export interface CevnsNewPhysics {
  readonly nsi?: VectorNsi;
  readonly mediator?: LightVectorMediator;
}

/** The lepton flavour index used for NSI: 'e', 'mu' or 'tau'. */
export function leptonFlavor(f: Flavor): 'e' | 'mu' | 'tau' {
  return f === 'nue' || f === 'nuebar' ? 'e' : f === 'numu' || f === 'numubar' ? 'mu' : 'tau';
}

/** Effective (ε^u, ε^d) for a flavour at momentum transfer q² (MeV²), summing contact NSI and mediator. */
export function effectiveEpsilon(flavor: Flavor, q2MeV2: number, np: CevnsNewPhysics | undefined): { u: number; d: number } {
  if (!np) return { u: 0, d: 0 };
  const lf = leptonFlavor(flavor);
  let u = 0;
  let d = 0;
  if (np.nsi) {
    if (lf === 'e') {
      u += np.nsi.eeU;
      d += np.nsi.eeD;
    } else if (lf === 'mu') {
      u += np.nsi.mumuU;
      d += np.nsi.mumuD;
    }
  }
  if (np.mediator) {
    const m = np.mediator;
    const gnu = lf === 'e' ? m.gNuE : lf === 'mu' ? m.gNuMu : 0;
    const den = 2 * Math.SQRT2 * FERMI_CONSTANT_PER_MEV2 * (q2MeV2 + m.massMeV * m.massMeV);
    u += (gnu * m.gU) / den;
    d += (gnu * m.gD) / den;
  }
  return { u, d };
}

/** Radii for the form factors: neutron rms radius (parameter) and proton radius (default: the nucleus' charge radius). */
export interface NuclearRadii {
  /** Neutron-distribution rms radius R_n (fm). */
  readonly neutronRmsFm: number;
  /** Proton-distribution rms radius (fm); default the tabulated charge radius of each nucleus. */
  readonly protonRmsFm?: number;
  /** Helm skin (fm), default 0.9. */
  readonly skinFm?: number;
}

/**
 * Generalised weak charge Q(q) = 2[Z g_p F_p(q) + N g_n F_n(q)] for a flavour (sign such that Q ≈ −N; only Q² matters).
 */
export function weakChargeAtRecoil(nuc: Nucleus, recoilMeV: number, flavor: Flavor, couplings: NucleonCouplings, radii: NuclearRadii, np?: CevnsNewPhysics): number {
  const q = momentumTransferMeV(recoilMeV, nuc.massMeV);
  const skin = radii.skinFm ?? HELM_SKIN_FM;
  const Fp = helmFormFactor(q, radii.protonRmsFm ?? nuc.chargeRadiusFm, skin);
  const Fn = helmFormFactor(q, radii.neutronRmsFm, skin);
  const eps = effectiveEpsilon(flavor, q * q, np);
  const gp = couplings.gVp + 2 * eps.u + eps.d;
  const gn = couplings.gVn + eps.u + 2 * eps.d;
  return 2 * (nuc.Z * gp * Fp + nuc.N * gn * Fn);
}

/**
 * CEvNS differential cross section dσ/dT (cm²/MeV) for one neutrino energy (readable reference version).
 * @param energyMeV neutrino energy E (MeV)
 * @param recoilMeV nuclear recoil kinetic energy T (MeV)
 */
export function cevnsDifferentialCrossSection(energyMeV: number, recoilMeV: number, nuc: Nucleus, flavor: Flavor, couplings: NucleonCouplings, radii: NuclearRadii, np?: CevnsNewPhysics): number {
  if (recoilMeV < 0 || energyMeV <= 0) return 0;
  const M = nuc.massMeV;
  const E = energyMeV;
  const T = recoilMeV;
  const kin = 1 - T / E - (M * T) / (2 * E * E) + (T * T) / (2 * E * E);
  if (kin <= 0) return 0;
  const Q = weakChargeAtRecoil(nuc, T, flavor, couplings, radii, np);
  return ((FERMI_CONSTANT_PER_MEV2 * FERMI_CONSTANT_PER_MEV2 * M) / (4 * Math.PI)) * Q * Q * kin * HBARC2_MEV2_CM2;
}

/**
 * Slow, readable flux-averaged recoil spectrum dN/dT for one nucleus species and one flux component, events per keVnr:
 * N_nuclei · Φ · ∫ dE f(E) dσ/dT, with the E integral done by 64-point Gauss–Legendre on 8 panels (continuous part) plus lines.
 * Used as the reference for the fast kernel.
 */
export function cevnsRecoilSpectrumSlow(recoilKeV: number, nuc: Nucleus, numberOfNuclei: number, spectrum: NeutrinoSpectrum, fluencePerCm2: number, couplings: NucleonCouplings, radii: NuclearRadii, np?: CevnsNewPhysics): number {
  const T = recoilKeV / 1000;
  const eMin = minProjectileEnergyMeV(T, nuc.massMeV, 0);
  let s = 0;
  for (const line of spectrum.lines) if (line.energyMeV >= eMin) s += line.weight * cevnsDifferentialCrossSection(line.energyMeV, T, nuc, spectrum.flavor, couplings, radii, np);
  if (spectrum.maxEnergyMeV > eMin) {
    s += integrate((E) => spectrum.density(E) * cevnsDifferentialCrossSection(E, T, nuc, spectrum.flavor, couplings, radii, np), eMin, spectrum.maxEnergyMeV, 64, 8);
  }
  return numberOfNuclei * fluencePerCm2 * s * 1e-3; // per MeV → per keV
}

/** Specification of a fast CEvNS rate kernel on a fixed recoil grid. */
export interface CevnsKernelSpec {
  readonly target: Target;
  /** Detector target mass (kg). */
  readonly massKg: number;
  readonly components: readonly FluxComponent[];
  /** Recoil energies (keVnr) at which spectra are evaluated (e.g. a response's quadrature nodes). */
  readonly recoilKeV: Float64Array;
  readonly couplings: NucleonCouplings;
}

/** Parameters that change between kernel evaluations. */
export interface CevnsKernelParams {
  readonly radii: NuclearRadii;
  readonly newPhysics?: CevnsNewPhysics;
}

/**
 * Fast CEvNS kernel. All R_n-, NSI- and mediator-independent work (E-integrals as closed-form moments, number of nuclei,
 * fluence, G_F² M/4π, unit conversion) is precomputed once in typed arrays; an evaluation then only needs the form factors
 * and couplings on the grid (O(nNuclei × nGrid) work, no allocation when `out` is supplied).
 */
export class CevnsKernel {
  readonly recoilKeV: Float64Array;
  readonly componentNames: readonly string[];
  private readonly nuclei: Nucleus[];
  private readonly flavors: Flavor[];
  /** kin[(c * nNuc + a) * nGrid + i]: events/keV per unit Q², component c, nucleus a, node i. */
  private readonly kin: Float64Array;
  private readonly q: Float64Array; // per nucleus × node: momentum transfer (MeV)
  private readonly fp: Float64Array; // per nucleus × node: proton form factor at default radii (cached per protonRms)
  private readonly fn: Float64Array;
  private readonly q2: Float64Array;
  private cachedRn = NaN;
  private cachedRp: number | undefined = undefined;
  private cachedSkin = NaN;
  private readonly couplings: NucleonCouplings;

  constructor(spec: CevnsKernelSpec) {
    if (!(spec.massKg > 0)) throw new InvalidParameters(`CevnsKernel: massKg must be > 0 (got ${spec.massKg})`);
    this.recoilKeV = spec.recoilKeV;
    this.couplings = spec.couplings;
    this.componentNames = spec.components.map((c) => c.name);
    this.flavors = spec.components.map((c) => c.spectrum.flavor);
    this.nuclei = spec.target.nuclei.map((t) => t.nucleus);
    const nG = spec.recoilKeV.length;
    const nA = this.nuclei.length;
    const nC = spec.components.length;
    this.kin = new Float64Array(nC * nA * nG);
    this.q = new Float64Array(nA * nG);
    this.q2 = new Float64Array(nA * nG);
    this.fp = new Float64Array(nA * nG);
    this.fn = new Float64Array(nA * nG);
    const mom = new Float64Array(3);
    const gf2 = FERMI_CONSTANT_PER_MEV2 * FERMI_CONSTANT_PER_MEV2;
    for (let a = 0; a < nA; a++) {
      const nuc = this.nuclei[a]!;
      const M = nuc.massMeV;
      const nNuclei = spec.target.nuclei[a]!.nucleiPerKg * spec.massKg;
      for (let i = 0; i < nG; i++) {
        const T = spec.recoilKeV[i]! / 1000;
        const q = momentumTransferMeV(T, M);
        this.q[a * nG + i] = q;
        this.q2[a * nG + i] = q * q;
        const eMin = minProjectileEnergyMeV(T, M, 0);
        for (let c = 0; c < nC; c++) {
          const comp = spec.components[c]!;
          comp.spectrum.moments(eMin, mom);
          // ∫ f(E)[1 − T/E − MT/2E² + T²/2E²] dE = I0 − T I1 + (T²/2 − MT/2) I2
          let v = mom[0]! - T * mom[1]! + (0.5 * T * T - 0.5 * M * T) * mom[2]!;
          if (v < 0) v = 0; // rounding at the kinematic endpoint
          this.kin[(c * nA + a) * nG + i] = nNuclei * comp.fluencePerCm2 * ((gf2 * M) / (4 * Math.PI)) * HBARC2_MEV2_CM2 * 1e-3 * v;
        }
      }
    }
  }

  get nComponents(): number {
    return this.componentNames.length;
  }

  private updateFormFactors(radii: NuclearRadii): void {
    const skin = radii.skinFm ?? HELM_SKIN_FM;
    if (radii.neutronRmsFm === this.cachedRn && radii.protonRmsFm === this.cachedRp && skin === this.cachedSkin) return;
    const nG = this.recoilKeV.length;
    for (let a = 0; a < this.nuclei.length; a++) {
      const nuc = this.nuclei[a]!;
      const rp = radii.protonRmsFm ?? nuc.chargeRadiusFm;
      for (let i = 0; i < nG; i++) {
        const q = this.q[a * nG + i]!;
        this.fp[a * nG + i] = helmFormFactor(q, rp, skin);
        this.fn[a * nG + i] = helmFormFactor(q, radii.neutronRmsFm, skin);
      }
    }
    this.cachedRn = radii.neutronRmsFm;
    this.cachedRp = radii.protonRmsFm;
    this.cachedSkin = skin;
  }

  /**
   * Recoil spectrum of one component, summed over the target's nuclei: out[i] = dN/dT at recoilKeV[i] (events per keVnr,
   * for the full exposure of the spec).
   */
  spectrum(component: number, params: CevnsKernelParams, out: Float64Array = new Float64Array(this.recoilKeV.length)): Float64Array {
    this.updateFormFactors(params.radii);
    const nG = this.recoilKeV.length;
    const nA = this.nuclei.length;
    const flavor = this.flavors[component]!;
    const np = params.newPhysics;
    const { gVp, gVn } = this.couplings;
    out.fill(0, 0, nG);
    for (let a = 0; a < nA; a++) {
      const nuc = this.nuclei[a]!;
      const base = (component * nA + a) * nG;
      for (let i = 0; i < nG; i++) {
        let gp = gVp;
        let gn = gVn;
        if (np) {
          const eps = effectiveEpsilon(flavor, this.q2[a * nG + i]!, np);
          gp += 2 * eps.u + eps.d;
          gn += eps.u + 2 * eps.d;
        }
        const Q = 2 * (nuc.Z * gp * this.fp[a * nG + i]! + nuc.N * gn * this.fn[a * nG + i]!);
        out[i] = out[i]! + this.kin[base + i]! * Q * Q;
      }
    }
    return out;
  }
}
