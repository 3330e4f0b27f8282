/**
 * Dark-sector model: a vector mediator produced in the target (X, the "dark photon" A′ with kinetic
 * mixing ε) that decays to a pair of dark-matter particles χ, and a vector mediator V through which χ
 * scatters in the detector (V ≡ X in the single-mediator scenario).
 *
 * Couplings are PHYSICAL INPUTS (ε, α_D, or explicit vector couplings of a second mediator). Every other
 * convention (Y, the reference code's "g", εκκ) is a DERIVED OUTPUT defined once, in {@link derivedCouplings}.
 *
 * Lagrangian (standard kinetic-mixing form; e.g. Batell, Pospelov, Ritz, PRD 80 (2009) 095024, arXiv:0906.5614;
 * Dutta et al. arXiv:2006.09386 §2; docs/physics.md §1.2):
 *   L ⊃ −¼F′F′ + ½m_X² X² − (ε/2) F F′ + g_D X_μ J_χ^μ,   α_D = g_D²/4π,
 * after diagonalisation X couples to SM fermions as e ε Q_f X_μ f̄γ^μ f.
 *
 * Units: masses and widths in MeV, lifetimes in µs.
 */
import { InvalidParameters } from '../../util/errors.js';
import {
  ALPHA_EM,
  HBAR_MEV_S,
  MASS_ELECTRON_MEV,
  MASS_MUON_MEV,
} from '../constants.js';

/** Elementary charge in natural (Heaviside–Lorentz) units, e = √(4πα). */
export const ELECTRIC_CHARGE = Math.sqrt(4 * Math.PI * ALPHA_EM);

/** Spin of χ. The reference analysis uses a Dirac fermion (docs/physics.md §1.1); COHERENT's own projection a complex scalar. */
export type DarkMatterSpin = 'diracFermion' | 'complexScalar';

/**
 * Vector couplings of the SCATTERING mediator V, written as an overall strength `gSm` times fixed
 * dimensionless charges (the charge pattern fixes the template shape; the strength only rescales it).
 *   vertex with fermion f:  gSm · charge_f · V_μ f̄γ^μ f;   vertex with χ: gChi · V_μ J_χ^μ.
 * Dark photon: gSm = e ε, charges {proton: 1, neutron: 0, electron: −1}.  Baryophilic: gSm = g_B, charges {1, 1, 0}.
 */
export interface ScatteringMediator {
  readonly massMeV: number;
  /** Overall SM-side coupling (dimensionless). */
  readonly gSm: number;
  /** Dimensionless charges of proton, neutron, electron under V. */
  readonly charges: { readonly proton: number; readonly neutron: number; readonly electron: number };
  /** Coupling of V to χ (dimensionless, g_χ = √(4π α_χ)). */
  readonly gChi: number;
}

/** Lifetime of the produced mediator X: from its total width, or fixed by hand for timing studies (e.g. 1 µs). */
export type LifetimeSpec = { readonly kind: 'fromWidth' } | { readonly kind: 'fixed'; readonly lifetimeUs: number };

/** A fully specified dark-sector point. Build with {@link singleMediatorModel} or {@link twoMediatorModel}. */
export interface DarkSectorModel {
  readonly scenario: 'singleMediator' | 'twoMediator';
  readonly spin: DarkMatterSpin;
  /** Mass of χ (MeV). */
  readonly chiMassMeV: number;
  /** Produced mediator X. */
  readonly production: {
    readonly massMeV: number;
    /** Kinetic mixing of X with the photon; controls production (X flux ∝ ε²). */
    readonly epsilon: number;
    /** Dark coupling α_D of X to χ (X → χχ̄ width). */
    readonly alphaD: number;
  };
  /** Mediator exchanged in χ–target scattering. For `singleMediator` it is X itself (gSm = eε, gChi = √(4πα_D)). */
  readonly scattering: ScatteringMediator;
  readonly lifetime: LifetimeSpec;
}

function requirePositive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) throw new InvalidParameters(`${name}: expected a finite number > 0, got ${v}`);
}
function requireNonNegative(name: string, v: number): void {
  if (!(Number.isFinite(v) && v >= 0)) throw new InvalidParameters(`${name}: expected a finite number >= 0, got ${v}`);
}

/** Options shared by the model constructors. */
export interface ModelOptions {
  spin?: DarkMatterSpin;
  lifetime?: LifetimeSpec;
}

/**
 * Single-mediator scenario: the dark photon A′ (mass `mediatorMassMeV`, kinetic mixing ε, dark coupling α_D)
 * is produced in the target AND mediates χ scattering.
 * Benchmark of arXiv:2006.09386: m_χ = m_A′/3, α_D = 0.5 (see {@link benchmarkSingleMediator}).
 */
export function singleMediatorModel(
  mediatorMassMeV: number,
  chiMassMeV: number,
  epsilon: number,
  alphaD: number,
  options: ModelOptions = {},
): DarkSectorModel {
  requirePositive('mediatorMassMeV', mediatorMassMeV);
  requirePositive('chiMassMeV', chiMassMeV);
  requireNonNegative('epsilon', epsilon);
  requireNonNegative('alphaD', alphaD);
  const model: DarkSectorModel = {
    scenario: 'singleMediator',
    spin: options.spin ?? 'diracFermion',
    chiMassMeV,
    production: { massMeV: mediatorMassMeV, epsilon, alphaD },
    scattering: {
      massMeV: mediatorMassMeV,
      gSm: ELECTRIC_CHARGE * epsilon,
      charges: { proton: 1, neutron: 0, electron: -1 },
      gChi: Math.sqrt(4 * Math.PI * alphaD),
    },
    lifetime: options.lifetime ?? { kind: 'fromWidth' },
  };
  validateModel(model);
  return model;
}

/** Benchmark single-mediator point of arXiv:2006.09386 / docs/physics.md §1.1: m_χ = m_A′/3, α_D = 0.5. */
export function benchmarkSingleMediator(mediatorMassMeV: number, epsilon: number, options: ModelOptions = {}): DarkSectorModel {
  return singleMediatorModel(mediatorMassMeV, mediatorMassMeV / BENCHMARK_MASS_RATIO, epsilon, BENCHMARK_ALPHA_D, options);
}
/** m_A′/m_χ of the benchmark (arXiv:2006.09386; docs/physics.md §1.1). */
export const BENCHMARK_MASS_RATIO = 3;
/** α_D of the benchmark (arXiv:2006.09386; docs/physics.md §1.1). */
export const BENCHMARK_ALPHA_D = 0.5;

/**
 * Two-mediator scenario: X (mass, ε, α_D) is produced and decays to χχ̄; χ scatters through a second vector V
 * with its own mass and couplings (e.g. baryophilic: charges {1, 1, 0}).
 */
export function twoMediatorModel(
  production: { massMeV: number; epsilon: number; alphaD: number },
  chiMassMeV: number,
  scattering: ScatteringMediator,
  options: ModelOptions = {},
): DarkSectorModel {
  const model: DarkSectorModel = {
    scenario: 'twoMediator',
    spin: options.spin ?? 'diracFermion',
    chiMassMeV,
    production: { ...production },
    scattering: { ...scattering, charges: { ...scattering.charges } },
    lifetime: options.lifetime ?? { kind: 'fromWidth' },
  };
  validateModel(model);
  return model;
}

/** Semantic checks; throws InvalidParameters naming the offending field. */
export function validateModel(m: DarkSectorModel): void {
  requirePositive('chiMassMeV', m.chiMassMeV);
  requirePositive('production.massMeV', m.production.massMeV);
  requireNonNegative('production.epsilon', m.production.epsilon);
  requireNonNegative('production.alphaD', m.production.alphaD);
  requirePositive('scattering.massMeV', m.scattering.massMeV);
  if (!Number.isFinite(m.scattering.gSm)) throw new InvalidParameters(`scattering.gSm: expected a finite number, got ${m.scattering.gSm}`);
  if (!Number.isFinite(m.scattering.gChi)) throw new InvalidParameters(`scattering.gChi: expected a finite number, got ${m.scattering.gChi}`);
  for (const k of ['proton', 'neutron', 'electron'] as const) {
    if (!Number.isFinite(m.scattering.charges[k])) throw new InvalidParameters(`scattering.charges.${k}: expected a finite number`);
  }
  if (!(2 * m.chiMassMeV < m.production.massMeV)) {
    throw new InvalidParameters(
      `chiMassMeV: X → χχ̄ needs m_X > 2 m_χ, got m_X = ${m.production.massMeV} MeV, m_χ = ${m.chiMassMeV} MeV`,
    );
  }
  if (m.lifetime.kind === 'fixed') requirePositive('lifetime.lifetimeUs', m.lifetime.lifetimeUs);
}

// ------------------------------------------------------------------------------------------------
// Widths [DERIVED standard two-body widths of a massive vector; e.g. Batell–Pospelov–Ritz arXiv:0906.5614,
// docs/physics.md §1.4]. All in MeV.
// ------------------------------------------------------------------------------------------------

/**
 * Γ(X → χχ̄) in MeV. Dirac χ: (α_D m/3)(1 + 2r)√(1 − 4r); complex scalar χ: (α_D m/12)(1 − 4r)^{3/2}; r = m_χ²/m².
 * Zero below threshold.
 */
export function widthToChiMeV(massMeV: number, chiMassMeV: number, alphaD: number, spin: DarkMatterSpin): number {
  const r = (chiMassMeV * chiMassMeV) / (massMeV * massMeV);
  const b2 = 1 - 4 * r;
  if (b2 <= 0) return 0;
  if (spin === 'diracFermion') return ((alphaD * massMeV) / 3) * (1 + 2 * r) * Math.sqrt(b2);
  return ((alphaD * massMeV) / 12) * b2 * Math.sqrt(b2);
}

/** Γ(X → ℓ⁺ℓ⁻) = (α ε² m/3)(1 + 2m_ℓ²/m²)√(1 − 4m_ℓ²/m²) in MeV (zero below threshold). */
export function widthToLeptonsMeV(massMeV: number, epsilon: number, leptonMassMeV: number): number {
  const r = (leptonMassMeV * leptonMassMeV) / (massMeV * massMeV);
  const b2 = 1 - 4 * r;
  if (b2 <= 0) return 0;
  return ((ALPHA_EM * epsilon * epsilon * massMeV) / 3) * (1 + 2 * r) * Math.sqrt(b2);
}

/**
 * Visible width Γ(X → e⁺e⁻) + Γ(X → μ⁺μ⁻) in MeV. Hadronic decays (m_X ≳ 2m_π, ρ region) are NOT included;
 * they matter only above ~300 MeV and only for ε ≳ √α_D-sized mixings, where BR(invisible) is still ≈ 1.
 */
export function visibleWidthMeV(massMeV: number, epsilon: number): number {
  return widthToLeptonsMeV(massMeV, epsilon, MASS_ELECTRON_MEV) + widthToLeptonsMeV(massMeV, epsilon, MASS_MUON_MEV);
}

/** Partial and total widths of X and the invisible branching ratio. */
export interface MediatorWidths {
  chiMeV: number;
  visibleMeV: number;
  totalMeV: number;
  /** BR(X → χχ̄) = Γ_χ/Γ_total. */
  branchingToChi: number;
  /** Proper lifetime ħ/Γ_total in µs. */
  lifetimeFromWidthUs: number;
}

/** Widths, BR(X → χχ̄) and proper lifetime ħ/Γ of the produced mediator. */
export function mediatorWidths(m: DarkSectorModel): MediatorWidths {
  const chiMeV = widthToChiMeV(m.production.massMeV, m.chiMassMeV, m.production.alphaD, m.spin);
  const visibleMeV = visibleWidthMeV(m.production.massMeV, m.production.epsilon);
  const totalMeV = chiMeV + visibleMeV;
  return {
    chiMeV,
    visibleMeV,
    totalMeV,
    branchingToChi: totalMeV > 0 ? chiMeV / totalMeV : 0,
    lifetimeFromWidthUs: totalMeV > 0 ? (HBAR_MEV_S / totalMeV) * 1e6 : Number.POSITIVE_INFINITY,
  };
}

/** Proper lifetime of X used for timing (µs): fixed by hand, or ħ/Γ_total. */
export function mediatorLifetimeUs(m: DarkSectorModel): number {
  if (m.lifetime.kind === 'fixed') return m.lifetime.lifetimeUs;
  return mediatorWidths(m).lifetimeFromWidthUs;
}

// ------------------------------------------------------------------------------------------------
// Derived coupling conventions: THE one place where they are defined.
// ------------------------------------------------------------------------------------------------

/** Coupling combinations used in the literature and in the reference code, derived from the physical inputs. */
export interface DerivedCouplings {
  /** Y = ε² α_D (m_χ/m_X)⁴ (arXiv:2006.09386, relic-density variable). Uses the PRODUCTION mediator ε, α_D, m_X. */
  y: number;
  /**
   * The reference code's single scanned number "g" (docs/physics.md §1.3, [DERIVED]): its cross section uses
   * g²/(4π) as the full prefactor with the flux per ε_prod², hence g = ε_prod · gSm · gChi (= e ε² g_D for a
   * single mediator). Provided ONLY to compare with the reference; do not use its Y conversions (§1.3 table).
   */
  referenceG: number;
  /** g_D = √(4π α_D) of the produced mediator. */
  gD: number;
  /** α_χ = gChi²/(4π) of the scattering mediator. */
  alphaChiScattering: number;
}

/**
 * Derived coupling conventions. Formulas:
 *   Y = ε² α_D (m_χ/m_X)⁴
 *   referenceG = ε_prod · gSm · gChi    (single mediator: e ε² √(4πα_D))
 */
export function derivedCouplings(m: DarkSectorModel): DerivedCouplings {
  const eps = m.production.epsilon;
  const ratio = m.chiMassMeV / m.production.massMeV;
  return {
    y: eps * eps * m.production.alphaD * ratio ** 4,
    referenceG: eps * m.scattering.gSm * m.scattering.gChi,
    gD: Math.sqrt(4 * Math.PI * m.production.alphaD),
    alphaChiScattering: (m.scattering.gChi * m.scattering.gChi) / (4 * Math.PI),
  };
}

/**
 * Inverse of Y for the single-mediator scenario: ε such that ε² α_D (m_χ/m_X)⁴ = Y.
 */
export function epsilonFromY(y: number, mediatorMassMeV: number, chiMassMeV: number, alphaD: number): number {
  requireNonNegative('y', y);
  requirePositive('alphaD', alphaD);
  return Math.sqrt(y / (alphaD * (chiMassMeV / mediatorMassMeV) ** 4));
}

/**
 * THE coupling scaling of the signal. A signal template is computed once per mass point at UNIT coupling
 * (ε_prod = 1, BR(X→χχ̄) = 1, gSm = 1, gChi = 1); the expected counts for physical couplings are
 *
 *   N = N_unit · ε_prod² · BR(X → χχ̄) · gSm² · gChi²
 *
 * (production ∝ ε_prod²; scattering cross section ∝ (gSm gChi)²). Single mediator: gSm = eε, gChi² = 4πα_D, so
 *   N = N_unit · (4π α)(4π α_D) ε⁴ · BR  ∝ ε⁴ α_D   (BR ≈ 1 for ε² α ≪ α_D).
 * The timing shape does not depend on the couplings as long as the lifetime is fixed, or prompt (from the width,
 * γτ ≪ the beam-pulse width); see {@link couplingScaleIsExact}.
 */
export function signalCouplingScale(m: DarkSectorModel): number {
  const eps = m.production.epsilon;
  const br = mediatorWidths(m).branchingToChi;
  return eps * eps * br * m.scattering.gSm * m.scattering.gSm * m.scattering.gChi * m.scattering.gChi;
}

/**
 * Proper lifetimes below this (µs) are treated as prompt in timing (a 1e-6 µs = 1 fs lifetime gives lab delays
 * ≪ 1 ns even at γ ~ 10, far below any beam-pulse width ≥ 40 ns).
 */
export const PROMPT_LIFETIME_US = 1e-6;

/** True if rescaling a unit template to `m` is exact (the timing shape cannot depend on the couplings). */
export function couplingScaleIsExact(m: DarkSectorModel): boolean {
  return m.lifetime.kind === 'fixed' || mediatorLifetimeUs(m) < PROMPT_LIFETIME_US;
}
