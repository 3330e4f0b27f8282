/**
 * Production of the mediator X (dark photon A′) in a stopped-pion target, per proton on target (POT) and per
 * unit ε² (ε_prod = 1), with BR(X → χχ̄) = 1 (the couplings are applied in model.ts signalCouplingScale).
 *
 * Channels (docs/physics.md §2; arXiv:2006.09386 §3):
 *   - π⁰ → γX:   BR = 2ε²(1 − m_X²/m_π0²)³·BR(π⁰→γγ) (Batell, Pospelov, Ritz, PRD 80 (2009) 095024,
 *                arXiv:0906.5614, eq. for π⁰ → γV); X isotropic in the π⁰ frame, boosted with each π⁰ of the
 *                GEANT4 list. In the lab, E_X is then uniform on [γ(E* − βp*), γ(E* + βp*)] (isotropic two-body decay);
 *                that box is integrated with a fixed Gauss–Legendre rule in the decay angle (no sampling).
 *   - η → γX:    the same two-body decay with m_η and BR(η→γγ) (docs/physics.md §2.6). The η list is not in the beam
 *                files: an η sample is a stated yield per POT × a stated kinematic model ({@link EtaKinematics}).
 *   - π⁻p → nX at rest: monochromatic X (E_X from two-body kinematics); rate = captures/POT × radiative fraction
 *                × phase-space factor, all in a named {@link PiMinusCaptureModel}.
 *   - e± cascade photons → X: each photon of E_γ > m_X is replaced by an X of the same energy with probability
 *                ε²·f_supp(m_X/E_e) (docs/physics.md §2.4; empirical suppression of the reference analysis, configurable).
 *
 * Output: a {@link MediatorSpectrum}, a set of X energy nodes with yields per POT. Mass-independent preparation
 * (π⁰ boosts, photon-bin edges) is done once by the `prepare*` functions; per-mass work is a single pass.
 */
import { InvalidParameters } from '../../util/errors.js';
import { MASS_ETA_MEV, MASS_PI0_MEV, MASS_PROTON_MEV } from '../constants.js';
import { gaussLegendre } from '../numerics.js';
import { PI_MINUS_CAPTURE_THRESHOLD_MEV, piMinusCaptureMediator } from './kinematics.js';

/** BR(π⁰ → γγ) = 0.98823 (PDG 2022). */
export const BR_PI0_TO_GAMMA_GAMMA = 0.98823;

/** BR(η → γγ) = 0.3936 ± 0.0018 (PDG 2022, Γ(γγ)/Γ_total of the η). */
export const BR_ETA_TO_GAMMA_GAMMA = 0.3936;

/** Channel names. */
export type ProductionChannel = 'pi0Decay' | 'etaDecay' | 'piMinusCapture' | 'bremPhotons';
/** All channels, in a fixed order. */
export const PRODUCTION_CHANNELS: readonly ProductionChannel[] = ['pi0Decay', 'etaDecay', 'piMinusCapture', 'bremPhotons'];

/**
 * X energy spectrum per POT (ε_prod = 1): discrete energy nodes with yields. `energyMeV` need not be sorted;
 * every node has E ≥ m_X. `gridMinMeV/gridMaxMeV` bound the node energies (continuous in m_X, used for slicing).
 */
export interface MediatorSpectrum {
  readonly channel: ProductionChannel;
  readonly mediatorMassMeV: number;
  readonly energyMeV: Float64Array;
  /** X per POT at each node (ε_prod = 1). */
  readonly yieldPerPot: Float64Array;
  /**
   * Invariant mass of the X at each node (MeV) when it is off shell (Breit–Wigner line shape, {@link mesonOffShellSpectrum});
   * absent: every node has m_X = mediatorMassMeV.
   */
  readonly nodeMassMeV?: Float64Array;
}

/** Total X per POT of a spectrum. */
export function totalYieldPerPot(s: MediatorSpectrum): number {
  let t = 0;
  for (let i = 0; i < s.yieldPerPot.length; i++) t += s.yieldPerPot[i]!;
  return t;
}

/** BR(π⁰ → γX)/ε² = 2(1 − m_X²/m_π0²)³ BR(π⁰→γγ); 0 above threshold. (Batell–Pospelov–Ritz arXiv:0906.5614.) */
export function pi0ToGammaXBranchingPerEps2(mediatorMassMeV: number): number {
  const x2 = (mediatorMassMeV / MASS_PI0_MEV) ** 2;
  if (x2 >= 1) return 0;
  return 2 * (1 - x2) ** 3 * BR_PI0_TO_GAMMA_GAMMA;
}

/**
 * BR(η → γX)/ε² = 2(1 − m_X²/m_η²)³ BR(η→γγ) for a dark photon (same anomaly-driven two-body decay as π⁰ → γX:
 * one photon of γγ replaced by X, factor 2 for the two photons, (1 − x²)³ from the P-wave phase space and the
 * momentum-dependent vertex; Batell–Pospelov–Ritz arXiv:0906.5614). 0 at and above threshold.
 */
export function etaToGammaXBranchingPerEps2(mediatorMassMeV: number): number {
  const x2 = (mediatorMassMeV / MASS_ETA_MEV) ** 2;
  if (x2 >= 1) return 0;
  return 2 * (1 - x2) ** 3 * BR_ETA_TO_GAMMA_GAMMA;
}

/**
 * Kinematic threshold of a channel in the produced-mediator mass (MeV): the channel yields nothing at m_X ≥ threshold.
 * π⁰ → γX: m_π⁰; η → γX: m_η; π⁻p → nX: m_π⁻ + m_p − m_n; cascade photons: no fixed threshold (∞; the photon
 * spectrum's end point is source dependent).
 */
export function channelThresholdMeV(channel: ProductionChannel): number {
  switch (channel) {
    case 'pi0Decay':
      return MASS_PI0_MEV;
    case 'etaDecay':
      return MASS_ETA_MEV;
    case 'piMinusCapture':
      return PI_MINUS_CAPTURE_THRESHOLD_MEV;
    case 'bremPhotons':
      return Number.POSITIVE_INFINITY;
  }
}

/** Neutral mesons that decay to γX. */
export type NeutralMeson = 'pi0' | 'eta';
/** Mass (MeV) of each neutral meson (PDG 2022). */
export const NEUTRAL_MESON_MASS_MEV: Readonly<Record<NeutralMeson, number>> = { pi0: MASS_PI0_MEV, eta: MASS_ETA_MEV };
/** Production channel fed by each neutral meson. */
export const MESON_CHANNEL: Readonly<Record<NeutralMeson, ProductionChannel>> = { pi0: 'pi0Decay', eta: 'etaDecay' };

/**
 * Dark-photon BR(M → γX)/ε² of a neutral meson (0 above threshold). A mediator with other couplings reuses the same
 * kinematics and multiplies this by its own charge factor (PreparedPi0.couplingFactor, see {@link mesonMediatorSpectrum}).
 */
export function mesonToGammaXBranchingPerEps2(meson: NeutralMeson, mediatorMassMeV: number): number {
  return meson === 'eta' ? etaToGammaXBranchingPerEps2(mediatorMassMeV) : pi0ToGammaXBranchingPerEps2(mediatorMassMeV);
}

// ------------------------------------------------------------------------------------------------
// Energy grid for the X spectrum: cloud-in-cell deposition on nodes E_k = m_X + T_max (k/(K−1))², which keeps the
// number of X and their mean energy exact and is continuous in m_X (no MC noise, no histogram jumps).
// ------------------------------------------------------------------------------------------------

/** Number of X energy nodes used by continuous channels. */
export const MEDIATOR_GRID_NODES = 160;

class MediatorGrid {
  readonly energy: Float64Array;
  readonly yields: Float64Array;
  private readonly tMax: number;
  constructor(
    private readonly massMeV: number,
    maxEnergyMeV: number,
    private readonly nodes = MEDIATOR_GRID_NODES,
  ) {
    this.tMax = Math.max(maxEnergyMeV - massMeV, 1e-9 * massMeV);
    this.energy = new Float64Array(nodes);
    this.yields = new Float64Array(nodes);
    for (let k = 0; k < nodes; k++) {
      const u = k / (nodes - 1);
      this.energy[k] = massMeV + this.tMax * u * u;
    }
  }
  /** Deposit weight w at energy e (cloud-in-cell, linear in E between the two neighbouring nodes). */
  deposit(e: number, w: number): void {
    const t = e - this.massMeV;
    let u = Math.sqrt(Math.max(0, t) / this.tMax) * (this.nodes - 1);
    if (u >= this.nodes - 1) u = this.nodes - 1 - 1e-12;
    const k = Math.floor(u);
    const e0 = this.energy[k]!;
    const e1 = this.energy[k + 1]!;
    const f = Math.min(1, Math.max(0, (e - e0) / (e1 - e0)));
    this.yields[k] += w * (1 - f);
    this.yields[k + 1] += w * f;
  }
}

// ------------------------------------------------------------------------------------------------
// π⁰ → γX
// ------------------------------------------------------------------------------------------------

/** π⁰ list reduced to what isotropic production needs (energies and momenta, MeV) + its POT normalisation. */
export interface Pi0Sample {
  /** Total π⁰ energies (MeV). */
  readonly energyMeV: Float64Array;
  /** |p| of each π⁰ (MeV). */
  readonly momentumMeV: Float64Array;
  /** POT that the list corresponds to. */
  readonly protonsOnTarget: number;
  /** Where the list and its POT come from. */
  readonly source: string;
}

/**
 * A neutral-meson source of X (π⁰ or η), mass-independent: γ and βγ of each meson of a list (equal weights) and the
 * mesons per POT.
 *
 * This is the generic production interface for meson decays: a channel is (meson source) × BR(m_X, couplings).
 * The kinematics (two-body M → γX, isotropic in the meson frame, boosted with each meson) and the dark-photon
 * branching ratio {@link mesonToGammaXBranchingPerEps2} live here; a mediator with other couplings (baryophilic,
 * leptophobic) sets `couplingFactor` = BR_model / BR_darkPhoton(ε = 1), which may depend on the meson (e.g. a
 * U(1)_B vector couples to π⁰ and η with different anomaly factors) but not on m_X. The spectra stay per unit
 * production coupling² (model.ts signalCouplingScale multiplies by ε_prod²).
 */
export interface PreparedPi0 {
  /** Which meson (default 'pi0'). */
  readonly meson?: NeutralMeson;
  readonly gamma: Float64Array;
  readonly betaGamma: Float64Array;
  readonly maxGamma: number;
  readonly maxBetaGamma: number;
  /** Mesons per POT (π⁰: rows / POT of the beam file; η: the cited yield). */
  readonly pi0PerPot: number;
  readonly source: string;
  /** X per π⁰ per ε²: the physical branching (default) or the reference code's normalisation (docs/physics.md §2.2, §8.1 item 1). */
  readonly normalisation?: Pi0Normalisation;
  /** BR multiplier of a non-dark-photon mediator relative to the dark-photon BR at ε = 1 (default 1). */
  readonly couplingFactor?: number;
}
/** A prepared neutral-meson source (the π⁰ name is historical; see {@link PreparedPi0}). */
export type PreparedMeson = PreparedPi0;

/**
 * X yield per π⁰ per ε². `physical`: BR(π⁰→γX)/ε² = 2(1 − m_X²/m_π0²)³ BR_γγ. `referenceCode`: what the reference code's
 * π⁰ flux amounts to (docs/physics.md §2.2): every simulated X sends 2 χ through the full sphere but the flux is divided
 * by 2π·Δcosθ = 0.2π instead of 4π and no branching factor is applied, i.e. 20 X per π⁰ per ε² (≈ 10/((1−x²)³BR_γγ) times
 * the physical value). Zero above the π⁰ mass in both.
 */
export type Pi0Normalisation = 'physical' | 'referenceCode';
export const REFERENCE_CODE_PI0_X_PER_EPS2 = 20;

/** Prepare a π⁰ sample (once per experiment). Uses γ = E/m_π0, βγ = |p|/m_π0. */
export function preparePi0Sample(sample: Pi0Sample): PreparedPi0 {
  const n = sample.energyMeV.length;
  if (n === 0 || sample.momentumMeV.length !== n) throw new InvalidParameters(`π⁰ sample ${sample.source}: needs ≥ 1 row and equal-length energy/momentum arrays`);
  if (!(sample.protonsOnTarget > 0)) throw new InvalidParameters(`π⁰ sample ${sample.source}: protonsOnTarget must be > 0`);
  const gamma = new Float64Array(n);
  const betaGamma = new Float64Array(n);
  let maxGamma = 0;
  let maxBetaGamma = 0;
  for (let i = 0; i < n; i++) {
    const bg = sample.momentumMeV[i]! / MASS_PI0_MEV;
    // γ from |p| keeps γ² − (βγ)² = 1 exactly even if E and p in the file disagree at the 1e-5 level.
    const g = Math.sqrt(1 + bg * bg);
    gamma[i] = g;
    betaGamma[i] = bg;
    if (g > maxGamma) maxGamma = g;
    if (bg > maxBetaGamma) maxBetaGamma = bg;
  }
  return { gamma, betaGamma, maxGamma, maxBetaGamma, pi0PerPot: n / sample.protonsOnTarget, source: sample.source };
}

// ------------------------------------------------------------------------------------------------
// η sources (docs/physics.md §2.6)
// ------------------------------------------------------------------------------------------------

/**
 * Kinematic model of the η of a stopped-pion target (the GEANT4 beam files carry no η list):
 *  - `atRest`: every η decays at rest (γ = 1), the limit of an η produced at threshold in a nucleus at rest;
 *  - `nnThreshold`: η produced at rest in the centre-of-mass frame of the beam proton and a target nucleon at rest
 *    (the threshold / sub-threshold limit: no phase space left for relative motion), so every η moves with
 *    βγ_cm = p_beam/√s; proton kinetic energy `beamKineticMeV` (SNS 1 GeV: βγ = 0.730);
 *  - `pi0Velocity`: each η takes the velocity (βγ) of one π⁰ of the beam file, i.e. the π⁰ velocity distribution of
 *    the same target simulation (a harder spectrum than `nnThreshold` at the SNS).
 * The X energy spectrum is the exact boosted two-body box for each η velocity; only |βγ| matters (isotropic decay,
 * full sphere).
 */
export type EtaKinematics =
  | { readonly kind: 'atRest' }
  | { readonly kind: 'nnThreshold'; readonly beamKineticMeV: number }
  | { readonly kind: 'pi0Velocity'; readonly pi0: PreparedPi0 };

/** βγ of the nucleon–nucleon centre of mass for a proton of kinetic energy T on a nucleon at rest: p_lab/√s. */
export function nucleonNucleonCmBetaGamma(beamKineticMeV: number): number {
  if (!(beamKineticMeV >= 0)) throw new InvalidParameters(`nucleonNucleonCmBetaGamma: beam kinetic energy must be ≥ 0 MeV, got ${beamKineticMeV}`);
  const m = MASS_PROTON_MEV;
  const pLab = Math.sqrt(beamKineticMeV * (beamKineticMeV + 2 * m));
  const sqrtS = Math.sqrt(2 * m * m + 2 * m * (beamKineticMeV + m));
  return pLab / sqrtS;
}

/**
 * An η source: `etaPerPot` η per POT (a cited or stated yield, never fitted) with the kinematic model `kinematics`.
 * Throws on a negative or non-finite yield.
 */
export function prepareEtaSource(etaPerPot: number, kinematics: EtaKinematics, source: string): PreparedPi0 {
  if (!(Number.isFinite(etaPerPot) && etaPerPot >= 0)) throw new InvalidParameters(`η source ${source}: η per POT must be a finite number ≥ 0, got ${etaPerPot}`);
  let betaGamma: Float64Array;
  switch (kinematics.kind) {
    case 'atRest':
      betaGamma = Float64Array.of(0);
      break;
    case 'nnThreshold':
      betaGamma = Float64Array.of(nucleonNucleonCmBetaGamma(kinematics.beamKineticMeV));
      break;
    case 'pi0Velocity':
      betaGamma = kinematics.pi0.betaGamma.slice();
      break;
  }
  const n = betaGamma.length;
  const gamma = new Float64Array(n);
  let maxGamma = 0;
  let maxBetaGamma = 0;
  for (let i = 0; i < n; i++) {
    const bg = betaGamma[i]!;
    gamma[i] = Math.sqrt(1 + bg * bg);
    if (gamma[i]! > maxGamma) maxGamma = gamma[i]!;
    if (bg > maxBetaGamma) maxBetaGamma = bg;
  }
  return { meson: 'eta', gamma, betaGamma, maxGamma, maxBetaGamma, pi0PerPot: etaPerPot, source };
}

/** Gauss–Legendre nodes per π⁰ in the decay angle cos θ* (exact for polynomial integrands of degree ≤ 7). */
export const PI0_ANGULAR_NODES = 4;

/**
 * X spectrum from M → γX per POT (ε = 1) for a neutral-meson source (π⁰ or η). Each meson yields
 * couplingFactor·BR/ε² X with lab energy E = γE* + βγ p* cos θ*, cos θ* uniform: integrated with a
 * {@link PI0_ANGULAR_NODES}-point Gauss–Legendre rule and deposited on the grid. Above the meson mass the spectrum is
 * empty of yield (zeros, never NaN).
 */
export function mesonMediatorSpectrum(source: PreparedPi0, mediatorMassMeV: number): MediatorSpectrum {
  const meson = source.meson ?? 'pi0';
  const M = NEUTRAL_MESON_MASS_MEV[meson];
  const open = mediatorMassMeV < M;
  const brPhysical = mesonToGammaXBranchingPerEps2(meson, mediatorMassMeV);
  const br =
    (source.normalisation === 'referenceCode' && meson === 'pi0' ? (open ? REFERENCE_CODE_PI0_X_PER_EPS2 : 0) : brPhysical) * (source.couplingFactor ?? 1);
  const eStar = (M * M + mediatorMassMeV * mediatorMassMeV) / (2 * M);
  const pStar = (M * M - mediatorMassMeV * mediatorMassMeV) / (2 * M);
  const grid = new MediatorGrid(mediatorMassMeV, source.maxGamma * Math.max(eStar, mediatorMassMeV) + source.maxBetaGamma * Math.max(pStar, 0));
  if (br > 0 && open) depositMesonDecays(grid, source, eStar, pStar, (br * source.pi0PerPot) / source.gamma.length);
  return { channel: MESON_CHANNEL[meson], mediatorMassMeV, energyMeV: grid.energy, yieldPerPot: grid.yields };
}

// ------------------------------------------------------------------------------------------------
// M → γX* → γχχ̄ through an off-shell mediator (Breit–Wigner line shape; docs/physics.md §2.8)
// ------------------------------------------------------------------------------------------------

/**
 * Line shape of the produced mediator for meson decays M → γX → γχχ̄.
 *  - `narrowWidth`: X on shell (the two-body formula above; nothing once m_X ≥ m_M).
 *  - `breitWigner`: the χχ̄ pair invariant mass √s is spread by the X propagator,
 *      dBR(M → γχχ̄)/ds = BR(M → γX)|_{m_X² → s} · (1/π) √s Γ_χ(√s) / ((s − m_X²)² + m_X² Γ_X²),   4m_χ² < s < m_M²,
 *    (the standard factorisation of a three-body decay through a vector propagator; e.g. deNiverville, Pospelov, Ritz,
 *    PRD 84 (2011) 075020, arXiv:1107.4580). In the narrow-width limit it integrates to BR(M → γX)·Γ_χ/Γ_X; it keeps
 *    producing χ pairs for m_X above m_M as long as 2m_χ < m_M.
 * `chiWidthMeV(√s)` is Γ(X* → χχ̄) of a mediator of mass √s at unit production coupling; `totalWidthMeV` is Γ_X at m_X.
 */
export type MediatorLineshape =
  | { readonly kind: 'narrowWidth' }
  | { readonly kind: 'breitWigner'; readonly chiMassMeV: number; readonly totalWidthMeV: number; readonly chiWidthMeV: (massMeV: number) => number };

/** Gauss–Legendre nodes in the Breit–Wigner angle for the χχ̄ invariant mass (see {@link offShellMassNodes}). */
export const OFFSHELL_MASS_NODES = 32;

/** Invariant-mass nodes of the χχ̄ pair: masses √s_j (MeV) and weights w_j = ∫ over node j of dBR/ds per (ε²·BR(M→γX)-free) unit. */
export interface OffShellMassNodes {
  readonly massMeV: Float64Array;
  /** dBR(M → γχχ̄)/ε² carried by each node (includes 2·BR(M→γγ)(1 − s/m_M²)³, before any couplingFactor). */
  readonly branchingPerEps2: Float64Array;
}

/**
 * Quadrature of dBR/ds over 4m_χ² < s < m_M². The substitution s = m_X² + m_X Γ_X tan θ turns the Breit–Wigner factor
 * into a constant, (1/π) ds/((s − m_X²)² + m_X²Γ_X²) = dθ/(π m_X Γ_X), so a Gauss–Legendre rule in θ integrates a
 * narrow on-shell peak and a far off-shell tail alike. Returns empty arrays when 2m_χ ≥ m_M.
 */
export function offShellMassNodes(meson: NeutralMeson, mediatorMassMeV: number, shape: Extract<MediatorLineshape, { kind: 'breitWigner' }>, nodes = OFFSHELL_MASS_NODES): OffShellMassNodes {
  const M = NEUTRAL_MESON_MASS_MEV[meson];
  const brGG = meson === 'eta' ? BR_ETA_TO_GAMMA_GAMMA : BR_PI0_TO_GAMMA_GAMMA;
  const m = mediatorMassMeV;
  const G = shape.totalWidthMeV;
  if (!(m > 0 && G > 0 && Number.isFinite(G))) throw new InvalidParameters(`offShellMassNodes: need m_X > 0 and a finite Γ_X > 0 (m_X = ${m} MeV, Γ_X = ${G} MeV)`);
  const sLo = 4 * shape.chiMassMeV * shape.chiMassMeV;
  const sHi = M * M;
  if (!(sLo < sHi)) return { massMeV: new Float64Array(0), branchingPerEps2: new Float64Array(0) };
  const mG = m * G;
  const tLo = Math.atan((sLo - m * m) / mG);
  const tHi = Math.atan((sHi - m * m) / mG);
  const gl = gaussLegendre(nodes);
  const half = 0.5 * (tHi - tLo);
  const mid = 0.5 * (tHi + tLo);
  const mass = new Float64Array(nodes);
  const br = new Float64Array(nodes);
  for (let j = 0; j < nodes; j++) {
    const t = mid + half * gl.nodes[j]!;
    const s = Math.min(sHi, Math.max(sLo, m * m + mG * Math.tan(t)));
    const rs = Math.sqrt(s);
    const ps = 1 - s / sHi;
    mass[j] = rs;
    br[j] = ((half * gl.weights[j]!) / (Math.PI * mG)) * 2 * ps * ps * ps * brGG * rs * shape.chiWidthMeV(rs);
  }
  return { massMeV: mass, branchingPerEps2: br };
}

/**
 * X* spectrum of M → γX* → γχχ̄ per POT (unit production coupling) with a Breit–Wigner line shape: one block of
 * {@link MEDIATOR_GRID_NODES} energy nodes per invariant-mass node of {@link offShellMassNodes}, each block carrying the
 * mass of its node in `nodeMassMeV`. The meson kinematics are those of {@link mesonMediatorSpectrum} with m_X² → s.
 */
export function mesonOffShellSpectrum(source: PreparedPi0, mediatorMassMeV: number, shape: Extract<MediatorLineshape, { kind: 'breitWigner' }>): MediatorSpectrum {
  const meson = source.meson ?? 'pi0';
  if (source.normalisation === 'referenceCode') throw new InvalidParameters('the reference code π⁰ normalisation has no off-shell form: use the narrow-width line shape with pi0_normalisation: reference-code');
  const M = NEUTRAL_MESON_MASS_MEV[meson];
  const q = offShellMassNodes(meson, mediatorMassMeV, shape);
  const K = MEDIATOR_GRID_NODES;
  const nq = q.massMeV.length;
  const energy = new Float64Array(nq * K);
  const yields = new Float64Array(nq * K);
  const nodeMass = new Float64Array(nq * K);
  const n = source.gamma.length;
  const factor = source.couplingFactor ?? 1;
  for (let j = 0; j < nq; j++) {
    const mj = q.massMeV[j]!;
    const eStar = (M * M + mj * mj) / (2 * M);
    const pStar = (M * M - mj * mj) / (2 * M);
    const grid = new MediatorGrid(mj, source.maxGamma * eStar + source.maxBetaGamma * Math.max(pStar, 0));
    const w0 = (q.branchingPerEps2[j]! * factor * source.pi0PerPot) / n;
    if (w0 > 0) depositMesonDecays(grid, source, eStar, pStar, w0);
    energy.set(grid.energy, j * K);
    yields.set(grid.yields, j * K);
    nodeMass.fill(mj, j * K, (j + 1) * K);
  }
  return { channel: MESON_CHANNEL[meson], mediatorMassMeV, energyMeV: energy, yieldPerPot: yields, nodeMassMeV: nodeMass };
}

/**
 * Deposit the two-body decays M → γX of every meson of `source` on `grid`: lab energy γE* + βγp* cos θ*, cos θ*
 * uniform (density ½), integrated with a {@link PI0_ANGULAR_NODES}-point Gauss–Legendre rule; `w0` X per meson.
 */
function depositMesonDecays(grid: MediatorGrid, source: PreparedPi0, eStar: number, pStar: number, w0: number): void {
  const gl = gaussLegendre(PI0_ANGULAR_NODES);
  const n = source.gamma.length;
  for (let i = 0; i < n; i++) {
    const g = source.gamma[i]!;
    const bg = source.betaGamma[i]!;
    for (let j = 0; j < PI0_ANGULAR_NODES; j++) grid.deposit(g * eStar + bg * pStar * gl.nodes[j]!, 0.5 * gl.weights[j]! * w0);
  }
}

/** X spectrum from π⁰ → γX per POT (ε = 1); see {@link mesonMediatorSpectrum}. */
export function pi0MediatorSpectrum(pi0: PreparedPi0, mediatorMassMeV: number): MediatorSpectrum {
  return mesonMediatorSpectrum(pi0, mediatorMassMeV);
}

// ------------------------------------------------------------------------------------------------
// π⁻p → nX at rest
// ------------------------------------------------------------------------------------------------

/**
 * Named capture model for π⁻p → nX (docs/physics.md §2.3; a stated ASSUMPTION — the paper's choice is not known):
 *   N_X/POT = capturesPerPot × radiativeFraction × Φ_PS(m_X),
 * where radiativeFraction = fraction of captures giving π⁻p → nγ, and Φ_PS = 1 ('none') or the massive-vector factor
 * Φ_PS = (p_X/p_γ)(1 + m_X²/(2E_X²)) ('vectorE0plus', [DERIVED]: two-body phase space ∝ p at fixed √s, and an s-wave
 * E0+ amplitude σ·ε with a conserved current gives a longitudinal polarisation weighted by m_X²/E_X² relative to
 * each of the two transverse ones).
 */
export interface PiMinusCaptureModel {
  readonly name: string;
  /** Stopped/captured π⁻ per POT in the target. */
  readonly capturesPerPot: number;
  /** Fraction of captures that are radiative (π⁻p → nγ). */
  readonly radiativeFraction: number;
  readonly phaseSpace: 'none' | 'vectorE0plus';
  /** Citation / provenance of the numbers. */
  readonly source: string;
}

/**
 * Panofsky ratio P = σ(π⁻p→π⁰n)/σ(π⁻p→γn) = 1.546 ± 0.009 (Spuller et al., Phys. Lett. B 67 (1977) 479); radiative
 * fraction on a free proton 1/(1 + P) = 0.393.
 */
export const PANOFSKY_RATIO = 1.546;
/** Radiative capture fraction of π⁻ on FREE protons, 1/(1 + P). */
export const RADIATIVE_FRACTION_FREE_PROTON = 1 / (1 + PANOFSKY_RATIO);
/**
 * Radiative capture fraction of π⁻ stopped in medium/heavy nuclei, ≈ 2 % (Baer, Crowe, Truöl, Adv. Nucl. Phys. 9
 * (1977) 177; docs/physics.md §2.3). In a Hg or W target almost every stopped π⁻ is captured by a heavy nucleus.
 */
export const RADIATIVE_FRACTION_HEAVY_NUCLEUS = 0.02;

/** Massive-vector phase-space factor Φ_PS relative to a photon (see {@link PiMinusCaptureModel}); 0 above threshold. */
export function piMinusCapturePhaseSpaceFactor(mediatorMassMeV: number, phaseSpace: PiMinusCaptureModel['phaseSpace']): number {
  if (!(mediatorMassMeV < PI_MINUS_CAPTURE_THRESHOLD_MEV)) return 0;
  if (phaseSpace === 'none') return 1;
  const x = piMinusCaptureMediator(mediatorMassMeV);
  const pGamma = piMinusCaptureMediator(0).momentumMeV;
  return (x.momentumMeV / pGamma) * (1 + (mediatorMassMeV * mediatorMassMeV) / (2 * x.energyMeV * x.energyMeV));
}

/** X spectrum from π⁻ capture at rest: one line at E_X (docs/physics.md §2.3). Empty above threshold. */
export function piMinusMediatorSpectrum(model: PiMinusCaptureModel, mediatorMassMeV: number): MediatorSpectrum {
  const ps = piMinusCapturePhaseSpaceFactor(mediatorMassMeV, model.phaseSpace);
  if (!(ps > 0)) return { channel: 'piMinusCapture', mediatorMassMeV, energyMeV: new Float64Array(0), yieldPerPot: new Float64Array(0) };
  const x = piMinusCaptureMediator(mediatorMassMeV);
  return {
    channel: 'piMinusCapture',
    mediatorMassMeV,
    energyMeV: Float64Array.of(x.energyMeV),
    yieldPerPot: Float64Array.of(model.capturesPerPot * model.radiativeFraction * ps),
  };
}

// ------------------------------------------------------------------------------------------------
// e± cascade photons → X
// ------------------------------------------------------------------------------------------------

/** Photon spectrum from e± cascades (GEANT4 eBrem photons): bin centres and counts for a given POT. */
export interface PhotonSpectrum {
  /** Bin centres (MeV), increasing, equally spaced bins assumed (edges halfway between centres). */
  readonly energyMeV: Float64Array;
  readonly counts: Float64Array;
  readonly protonsOnTarget: number;
  readonly source: string;
}

/**
 * Suppression of X emission relative to photon emission in the cascade (docs/physics.md §2.4, empirical fit of the
 * reference analysis, origin UNVERIFIED): E_e = a·E_γ + b, f(x) = min(1, c·exp(−k·x^p)), x = m_X/E_e.
 * `none` treats every photon as convertible (f = 1).
 */
export type BremSuppressionModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'empiricalFit'; readonly slope: number; readonly offsetMeV: number; readonly amplitude: number; readonly rate: number; readonly power: number };

/** Default suppression (docs/physics.md §2.4, REF:flux.py:859-862): E_e = 1.0773 E_γ + 13.716 MeV, f = min(1, 1154 e^{−24.42 x^0.3174}). */
export const DEFAULT_BREM_SUPPRESSION: BremSuppressionModel = { kind: 'empiricalFit', slope: 1.0773, offsetMeV: 13.716, amplitude: 1154, rate: 24.42, power: 0.3174 };

/** Suppression factor f for an X of mass m from a photon of energy E_γ. */
export function bremSuppression(model: BremSuppressionModel, mediatorMassMeV: number, photonEnergyMeV: number): number {
  if (model.kind === 'none') return 1;
  const eE = model.slope * photonEnergyMeV + model.offsetMeV;
  const x = mediatorMassMeV / eE;
  return Math.min(1, model.amplitude * Math.exp(-model.rate * Math.pow(x, model.power)));
}

/** Mass-independent preparation of a photon spectrum: bin edges and counts per POT. */
export interface PreparedPhotons {
  readonly lowEdgeMeV: Float64Array;
  readonly highEdgeMeV: Float64Array;
  readonly countsPerPot: Float64Array;
  readonly maxEnergyMeV: number;
  readonly source: string;
}

/** Prepare a photon histogram (edges halfway between centres; outer edges mirror the neighbouring half-width). */
export function preparePhotonSpectrum(s: PhotonSpectrum): PreparedPhotons {
  const n = s.energyMeV.length;
  if (n < 2 || s.counts.length !== n) throw new InvalidParameters(`photon spectrum ${s.source}: need ≥ 2 bins and matching counts`);
  if (!(s.protonsOnTarget > 0)) throw new InvalidParameters(`photon spectrum ${s.source}: protonsOnTarget must be > 0`);
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && !(s.energyMeV[i]! > s.energyMeV[i - 1]!)) throw new InvalidParameters(`photon spectrum ${s.source}: bin centres must increase (bin ${i})`);
    const left = i > 0 ? 0.5 * (s.energyMeV[i]! - s.energyMeV[i - 1]!) : 0.5 * (s.energyMeV[1]! - s.energyMeV[0]!);
    const right = i < n - 1 ? 0.5 * (s.energyMeV[i + 1]! - s.energyMeV[i]!) : 0.5 * (s.energyMeV[n - 1]! - s.energyMeV[n - 2]!);
    lo[i] = Math.max(0, s.energyMeV[i]! - left);
    hi[i] = s.energyMeV[i]! + right;
    c[i] = s.counts[i]! / s.protonsOnTarget;
  }
  return { lowEdgeMeV: lo, highEdgeMeV: hi, countsPerPot: c, maxEnergyMeV: hi[n - 1]!, source: s.source };
}

/** Gauss–Legendre nodes per photon bin (over the part of the bin above m_X). */
export const BREM_NODES_PER_BIN = 4;

/**
 * X spectrum from cascade photons per POT (ε = 1): photons uniform within each bin; the part of the bin above m_X is
 * integrated with Gauss–Legendre nodes, each weighted by f_supp. Continuous in m_X (no bin-centre threshold jumps).
 */
export function bremMediatorSpectrum(photons: PreparedPhotons, mediatorMassMeV: number, suppression: BremSuppressionModel): MediatorSpectrum {
  const grid = new MediatorGrid(mediatorMassMeV, Math.max(photons.maxEnergyMeV, mediatorMassMeV * (1 + 1e-9)));
  const gl = gaussLegendre(BREM_NODES_PER_BIN);
  const n = photons.countsPerPot.length;
  for (let i = 0; i < n; i++) {
    const a = photons.lowEdgeMeV[i]!;
    const b = photons.highEdgeMeV[i]!;
    const lo = Math.max(a, mediatorMassMeV);
    if (!(b > lo)) continue;
    const density = photons.countsPerPot[i]! / (b - a);
    const half = 0.5 * (b - lo);
    const mid = 0.5 * (b + lo);
    for (let j = 0; j < BREM_NODES_PER_BIN; j++) {
      const e = mid + half * gl.nodes[j]!;
      grid.deposit(e, density * half * gl.weights[j]! * bremSuppression(suppression, mediatorMassMeV, e));
    }
  }
  return { channel: 'bremPhotons', mediatorMassMeV, energyMeV: grid.energy, yieldPerPot: grid.yields };
}
