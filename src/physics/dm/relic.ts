/**
 * Thermal freeze-out of χ annihilating through an s-channel dark photon A′ (kinetic mixing ε, dark coupling α_D) into
 * Standard-Model final states, and the coupling that gives the observed relic density Ωh² = 0.12 (Planck 2018,
 * arXiv:1807.06209: Ω_c h² = 0.120 ± 0.001). docs/relic.md.
 *
 * Annihilation cross sections (our derivation, docs/relic.md §1): for a vector mediator coupled to the
 * electromagnetic current with strength eε and to χ with g_D = √(4πα_D),
 *   σ(s) = (4π α ε² α_D/3) · s / ((s − m_A′²)² + s Γ_A′(√s)²) · S(s) · C_χ(s),   (Γ_A′(√s): width to χχ̄ at mass √s)
 *   S(s) = Σ_{ℓ=e,μ} (1 + 2m_ℓ²/s)√(1 − 4m_ℓ²/s) + R(√s)        (R from src/physics/dm/hadrons.ts),
 *   C_χ = (1 + 2m_χ²/s)/β_χ      Dirac χ and pseudo-Dirac χ₁χ₂ (vector current: s-wave),
 *   C_χ = β_χ                     complex scalar χχ* (p-wave) and Majorana χχ (axial current ½g_D χ̄γ^μγ⁵χ: p-wave),
 * β_χ = √(1 − 4m_χ²/s). In the non-relativistic limit σv_rel → 16πα ε² α_D m_χ²/(m_A′² − 4m_χ²)² (Dirac) and
 * (8π/3) α ε² α_D m_χ² v²/(m_A′² − 4m_χ²)² (scalar, Majorana); with m_A′ ≫ m_χ these are the familiar
 * 16πα Y/m_χ² and (8π/3) α Y v²/m_χ², Y = ε² α_D (m_χ/m_A′)⁴ (cf. Izaguirre, Krnjaic, Schuster, Toro, PRL 115 (2015)
 * 251301, arXiv:1505.00011).
 *
 * Thermal average (Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, eq. 3.8), Maxwell–Boltzmann statistics:
 *   ⟨σv⟩(x) = 1/(8 m⁴ T K₂(x)²) ∫_{4m²}^∞ σ(s) (s − 4m²) √s K₁(√s/T) ds,   x = m/T.
 * Boltzmann equation for the total comoving density Y = n/s (Gondolo–Gelmini eq. 4; Edsjö & Gondolo, PRD 56 (1997)
 * 1879 for coannihilation):
 *   dY/dx = −√(π/45) M_Pl g_*^{1/2}(T) m ⟨σv⟩_eff / x² · (Y² − Y_eq²),   Y_eq = 45 g_χ x² K₂(x)/(4π⁴ h_eff),
 * where Y counts χ and χ̄ together: ⟨σv⟩_eff = ⟨σv⟩/2 for χ ≠ χ̄ (Dirac, complex scalar; g_χ = 4, 2), ⟨σv⟩ for a
 * Majorana χ (g_χ = 2). Pseudo-Dirac: two Majorana states split by Δ = δ·m_χ, annihilating only through χ₁χ₂ → A′*
 * (the off-diagonal current); with coannihilation ⟨σv⟩_eff = 2⟨σ₁₂v⟩ r₁r₂, r_i = n_i^eq/n^eq (Griest & Seckel, PRD 43
 * (1991) 3191). ASSUMPTION: the thermal average of σ₁₂ is taken at equal masses (valid for δ ≪ 1/x_f ≈ 0.05); the
 * default δ = 0 makes the pseudo-Dirac relic target equal to the Dirac one, the convention of the thermal targets it is
 * compared with (docs/relic.md §3).
 * Ωh² = m Y_∞ s₀/(ρ_c/h²), s₀ = 2891.2 cm⁻³, ρ_c/h² = 1.05371e−5 GeV cm⁻³ (PDG 2022, Astrophysical constants).
 * g_eff, h_eff, g_*^{1/2}: src/physics/dm/thermal.ts.
 *
 * Numerics: ⟨σv⟩ is computed at unit ε on a log grid of x (composite Gauss–Legendre in u = (√s − 2m)/T) and interpolated
 * as a power law; the stiff equation is integrated with backward Euler in ln x (exact quadratic solve per step) at two
 * step sizes and Richardson-extrapolated; the tail beyond x_end is integrated analytically (Y_eq ≈ 0, ⟨σv⟩ ∝ x^{−p}).
 * Units: MeV; ⟨σv⟩ in MeV⁻² (× (ħc)² c for cm³ s⁻¹).
 */
import { InvalidParameters } from '../../util/errors.js';
import { secantDecreasingRoot } from '../../stats/optimize/roots.js';
import { ALPHA_EM, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV, MASS_MUON_MEV, MASS_PI_CHARGED_MEV, SPEED_OF_LIGHT_M_PER_S } from '../constants.js';
import { gaussLegendre } from '../numerics.js';
import { rRatio } from './hadrons.js';
import { MAX_PLASMA_TEMPERATURE_MEV, besselKScaled, interpolateDof } from './thermal.js';

/** χ types with a thermal target. */
export type RelicChiType = 'complexScalar' | 'majorana' | 'pseudoDirac' | 'diracFermion';
export const RELIC_CHI_TYPES: readonly RelicChiType[] = ['complexScalar', 'majorana', 'pseudoDirac', 'diracFermion'];

/** Planck 2018 cold-dark-matter density Ω_c h² (arXiv:1807.06209, TT,TE,EE+lowE+lensing: 0.120 ± 0.001). */
export const OMEGA_CDM_H2 = 0.12;
/** Planck mass M_Pl = 1.220890e19 GeV (PDG 2022), in MeV. */
export const PLANCK_MASS_MEV = 1.22089e22;
/** s₀/(ρ_c/h²) per MeV of χ mass: 2891.2 cm⁻³ / 1.05371e−2 MeV cm⁻³ (PDG 2022). */
export const OMEGA_H2_PER_MEV_Y = 2891.2 / 1.05371e-2;
/** ⟨σv⟩ in MeV⁻² → cm³ s⁻¹. */
export const SIGMA_V_CM3_PER_S_PER_MEV2 = HBARC2_MEV2_CM2 * SPEED_OF_LIGHT_M_PER_S * 100;

/** Annihilation model: χ type and masses, couplings of the s-channel dark photon. */
export interface RelicModel {
  readonly chiType: RelicChiType;
  readonly chiMassMeV: number;
  readonly mediatorMassMeV: number;
  readonly alphaD: number;
  /** Kinetic mixing ε (σ ∝ ε²). */
  readonly epsilon: number;
  /** Pseudo-Dirac splitting δ = Δ/m_χ (default 0; ignored for the other types). */
  readonly splitting?: number;
}

/** Internal degrees of freedom of χ (and χ̄) counted in Y. */
export function chiDegreesOfFreedom(t: RelicChiType): number {
  switch (t) {
    case 'complexScalar':
      return 2;
    case 'majorana':
      return 2;
    case 'pseudoDirac':
      return 4;
    case 'diracFermion':
      return 4;
  }
}

/**
 * Γ(A′ → χχ̄) (MeV) of a mediator of mass `massMeV` (the ε²-suppressed SM width is negligible for ε²α ≪ α_D).
 * Vector current (Dirac, pseudo-Dirac): (α_D m/3)(1 + 2r)β; complex scalar: (α_D m/12)β³; Majorana (axial, ½g_D): (α_D m/6)β³.
 */
function widthToChiMeV(m: RelicModel, massMeV: number): number {
  const r = (m.chiMassMeV / massMeV) ** 2;
  const b2 = 1 - 4 * r;
  if (b2 <= 0) return 0;
  if (m.chiType === 'diracFermion' || m.chiType === 'pseudoDirac') return ((m.alphaD * massMeV) / 3) * (1 + 2 * r) * Math.sqrt(b2);
  if (m.chiType === 'complexScalar') return ((m.alphaD * massMeV) / 12) * b2 * Math.sqrt(b2);
  return ((m.alphaD * massMeV) / 6) * b2 * Math.sqrt(b2);
}
/** On-shell width of the A′ (MeV). */
function mediatorWidthMeV(m: RelicModel): number {
  return widthToChiMeV(m, m.mediatorMassMeV);
}

/** S(s): Σ leptons (1 + 2m²/s)√(1 − 4m²/s) + R(√s). */
export function smFinalStates(s: number): number {
  let t = 0;
  for (const ml of [MASS_ELECTRON_MEV, MASS_MUON_MEV]) {
    const q = (4 * ml * ml) / s;
    if (q < 1) t += (1 + q / 2) * Math.sqrt(1 - q);
  }
  return t + rRatio(Math.sqrt(s));
}

/** σ(χχ̄ → A′* → SM) at Mandelstam s (MeV²), in MeV⁻² (the formula of the module comment). */
export function annihilationCrossSection(m: RelicModel, s: number): number {
  const mc2 = m.chiMassMeV * m.chiMassMeV;
  if (!(s > 4 * mc2)) return 0;
  const beta = Math.sqrt(1 - (4 * mc2) / s);
  const mv2 = m.mediatorMassMeV * m.mediatorMassMeV;
  // energy-dependent width: Im Π(s) = √s Γ(√s), which vanishes at the χχ̄ threshold (a constant on-shell width would
  // wrongly suppress σ far below the pole by m_A′²Γ²/(m_A′² − s)², 7 % for a Dirac χ at α_D = 0.5, m_A′ = 3m_χ)
  const rs = Math.sqrt(s);
  const imPi = rs * widthToChiMeV(m, rs);
  const prop = s / ((s - mv2) ** 2 + imPi * imPi);
  const chi = m.chiType === 'diracFermion' || m.chiType === 'pseudoDirac' ? (1 + (2 * mc2) / s) / beta : beta;
  return ((4 * Math.PI * ALPHA_EM * m.epsilon * m.epsilon * m.alphaD) / 3) * prop * smFinalStates(s) * chi;
}

const U_BREAKS = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5.5, 7, 9, 12, 16, 21, 28, 38, 50, 64];
const U_ORDER = 8;

/**
 * Gondolo–Gelmini thermal average ⟨σ v_Møl⟩ (MeV⁻²) at x = m/T. Integration variable u = (√s − 2m)/T ∈ [0, 64], with
 * extra panel edges at the SM thresholds and around the A′ pole when they fall inside.
 */
export function thermalAverage(m: RelicModel, x: number): number {
  const mc = m.chiMassMeV;
  const T = mc / x;
  const brk = new Set<number>(U_BREAKS);
  const uOf = (rootS: number) => (rootS - 2 * mc) / T;
  for (const th of [2 * MASS_ELECTRON_MEV, 2 * MASS_MUON_MEV, 2 * MASS_PI_CHARGED_MEV]) {
    const u = uOf(th);
    if (u > 0 && u < 64) brk.add(u);
  }
  const gam = mediatorWidthMeV(m);
  const uPole = uOf(m.mediatorMassMeV);
  if (uPole > 0 && uPole < 64) {
    const w = Math.max(gam / T, 1e-6);
    for (const k of [-8, -3, -1, -0.3, 0, 0.3, 1, 3, 8]) {
      const u = uPole + k * w;
      if (u > 0 && u < 64) brk.add(u);
    }
  }
  const edges = [...brk].sort((a, b) => a - b);
  const gl = gaussLegendre(U_ORDER);
  const k2 = besselKScaled(2, x);
  let sum = 0;
  for (let p = 0; p + 1 < edges.length; p++) {
    const a = edges[p]!;
    const b = edges[p + 1]!;
    const half = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let j = 0; j < U_ORDER; j++) {
      const u = mid + half * gl.nodes[j]!;
      const rs = 2 * mc + u * T;
      const s = rs * rs;
      const sig = annihilationCrossSection(m, s);
      if (sig === 0) continue;
      // σ (s − 4m²) √s K₁(√s/T) ds with ds = 2√s T du, K₁(z) = e^{−z}·k̃₁(z), K₂(x)² = e^{−2x} k̃₂²; e^{−2x} cancels.
      sum += gl.weights[j]! * half * sig * u * (4 * mc + u * T) * s * T * besselKScaled(1, 2 * x + u) * Math.exp(-u);
    }
  }
  return sum / (4 * mc ** 4 * k2 * k2);
}

/** Thermodynamics used by the solver (replaceable in tests, e.g. constant g for the analytic approximation). */
export interface PlasmaModel {
  readonly hEff: (tMeV: number) => number;
  readonly gStarHalf: (tMeV: number) => number;
}
export const STANDARD_PLASMA: PlasmaModel = {
  hEff: (t) => interpolateDof('hEff', t),
  gStarHalf: (t) => interpolateDof('gStarHalf', t),
};

/** Input of the Boltzmann solver: ⟨σv⟩_eff(x) and the equilibrium abundance. */
export interface FreezeOutProblem {
  readonly chiMassMeV: number;
  /** ⟨σv⟩_eff in MeV⁻² as a function of x. */
  readonly sigmaVEff: (x: number) => number;
  /** g_χ(x): internal degrees of freedom in Y_eq (for coannihilation, Σ g_i (1+δ_i)^{3/2} K₂(x_i)/K₂(x) e^{…}). */
  readonly equilibriumDof: (x: number) => number;
  readonly plasma?: PlasmaModel;
}

/** Result of {@link solveFreezeOut}. */
export interface FreezeOutResult {
  readonly omegaH2: number;
  readonly yInfinity: number;
  /** x where Y exceeds Y_eq by 100 % (the conventional freeze-out point, for reports). */
  readonly xFreezeOut: number;
  /** Relative change of Y_∞ between the two step sizes (convergence health). */
  readonly stepError: number;
}

const X_END = 2e4;

/** Y_eq(x) = 45 g x² K₂(x)/(4π⁴ h_eff). */
function yEq(p: FreezeOutProblem, plasma: PlasmaModel, x: number): number {
  const T = p.chiMassMeV / x;
  if (x > 700) return 0; // e^{−700}: Y_eq² is far below any Y² from here on
  return ((45 * p.equilibriumDof(x)) / (4 * Math.PI ** 4 * plasma.hEff(T))) * x * x * besselKScaled(2, x) * Math.exp(-x);
}

/** Backward-Euler integration of dY/dx in ln x with `steps` steps from x0 to X_END; returns Y(X_END) and x_f. */
function integrate(p: FreezeOutProblem, plasma: PlasmaModel, x0: number, steps: number): { yEnd: number; xf: number } {
  const l0 = Math.log(x0);
  const h = (Math.log(X_END) - l0) / steps;
  let y = yEq(p, plasma, x0);
  let xf = Number.NaN;
  for (let i = 1; i <= steps; i++) {
    const x = Math.exp(l0 + i * h);
    const T = p.chiMassMeV / x;
    // dY/d ln x = −λ(x)·x·(Y² − Y_eq²), λ = √(π/45) M_Pl g*^{1/2} m ⟨σv⟩/x²
    const lam = (Math.sqrt(Math.PI / 45) * PLANCK_MASS_MEV * plasma.gStarHalf(T) * p.chiMassMeV * p.sigmaVEff(x)) / x;
    const a = h * lam;
    const ye = yEq(p, plasma, x);
    const c = y + a * ye * ye;
    // a Y² + Y − c = 0, positive root in a cancellation-free form
    y = (2 * c) / (1 + Math.sqrt(1 + 4 * a * c));
    if (Number.isNaN(xf) && y > 2 * ye) xf = x;
  }
  return { yEnd: y, xf };
}

/** Solve the freeze-out problem (see the module comment). */
export function solveFreezeOut(p: FreezeOutProblem, opts: { steps?: number } = {}): FreezeOutResult {
  const plasma = p.plasma ?? STANDARD_PLASMA;
  const x0 = Math.max(3, p.chiMassMeV / MAX_PLASMA_TEMPERATURE_MEV);
  const steps = opts.steps ?? 1000;
  const coarse = integrate(p, plasma, x0, steps);
  const fine = integrate(p, plasma, x0, 2 * steps);
  // tail: 1/Y_∞ = 1/Y_end + ∫_{x_end}^∞ λ dx with λ ∝ x^{−2−q}, ⟨σv⟩ ∝ x^{−q}
  const T = p.chiMassMeV / X_END;
  const svEnd = p.sigmaVEff(X_END);
  const svHalf = p.sigmaVEff(X_END / 2);
  let tail = 0;
  if (svEnd > 0 && svHalf > 0) {
    const q = Math.log(svHalf / svEnd) / Math.log(2);
    const lamEnd = (Math.sqrt(Math.PI / 45) * PLANCK_MASS_MEV * plasma.gStarHalf(T) * p.chiMassMeV * svEnd) / (X_END * X_END);
    tail = q > -1 ? (lamEnd * X_END) / (1 + q) : Number.POSITIVE_INFINITY;
  }
  const withTail = (y: number) => 1 / (1 / y + tail);
  const yc = withTail(coarse.yEnd);
  const yf = withTail(fine.yEnd);
  const y = 2 * yf - yc; // Richardson (backward Euler is first order)
  if (!(y > 0 && Number.isFinite(y))) throw new InvalidParameters(`solveFreezeOut: non-finite relic abundance (m_χ = ${p.chiMassMeV} MeV)`);
  return { omegaH2: OMEGA_H2_PER_MEV_Y * p.chiMassMeV * y, yInfinity: y, xFreezeOut: fine.xf, stepError: Math.abs(yf - yc) / y };
}

/** Log-x grid of ⟨σv⟩ at unit ε, interpolated as a power law between nodes. */
function sigmaVTable(m: RelicModel, x0: number): (x: number) => number {
  const n = 61;
  const lx = new Float64Array(n);
  const lsv = new Float64Array(n);
  const a = Math.log(x0 * 0.999);
  const b = Math.log(X_END * 1.001);
  const unit: RelicModel = { ...m, epsilon: 1 };
  for (let i = 0; i < n; i++) {
    lx[i] = a + ((b - a) * i) / (n - 1);
    lsv[i] = Math.log(thermalAverage(unit, Math.exp(lx[i]!)));
  }
  const step = (b - a) / (n - 1);
  return (x: number) => {
    const t = (Math.log(x) - a) / step;
    const k = Math.min(n - 2, Math.max(0, Math.floor(t)));
    const f = t - k;
    return Math.exp(lsv[k]! * (1 - f) + lsv[k + 1]! * f);
  };
}

/** The freeze-out problem of a dark-photon model (⟨σv⟩_eff and g_χ per χ type, see the module comment). */
export function freezeOutProblem(m: RelicModel, plasma?: PlasmaModel): FreezeOutProblem {
  validateRelicModel(m);
  const x0 = Math.max(3, m.chiMassMeV / MAX_PLASMA_TEMPERATURE_MEV);
  const unit = sigmaVTable(m, x0);
  const e2 = m.epsilon * m.epsilon;
  const delta = m.chiType === 'pseudoDirac' ? (m.splitting ?? 0) : 0;
  let sigmaVEff: (x: number) => number;
  let equilibriumDof: (x: number) => number;
  if (m.chiType === 'majorana') {
    sigmaVEff = (x) => e2 * unit(x);
    equilibriumDof = () => 2;
  } else if (m.chiType === 'pseudoDirac' && delta > 0) {
    // two Majorana states (2 dof each); n₂/n₁ = (1+δ)^{3/2} e^{−xδ} K₂-ratio → use the non-relativistic weight
    const w2 = (x: number) => (1 + delta) ** 1.5 * Math.exp(-x * delta);
    sigmaVEff = (x) => {
      const r1 = 1 / (1 + w2(x));
      return 2 * e2 * unit(x) * r1 * (1 - r1);
    };
    equilibriumDof = (x) => 2 * (1 + w2(x));
  } else {
    sigmaVEff = (x) => 0.5 * e2 * unit(x);
    equilibriumDof = () => chiDegreesOfFreedom(m.chiType);
  }
  return { chiMassMeV: m.chiMassMeV, sigmaVEff, equilibriumDof, ...(plasma ? { plasma } : {}) };
}

function validateRelicModel(m: RelicModel): void {
  if (!RELIC_CHI_TYPES.includes(m.chiType)) throw new InvalidParameters(`relic: unknown χ type "${m.chiType}"; expected one of ${RELIC_CHI_TYPES.join(', ')}`);
  for (const [k, v] of [['chiMassMeV', m.chiMassMeV], ['mediatorMassMeV', m.mediatorMassMeV], ['alphaD', m.alphaD], ['epsilon', m.epsilon]] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new InvalidParameters(`relic: ${k} must be a finite number > 0, got ${v}`);
  }
  if (m.chiMassMeV > 450) throw new InvalidParameters(`relic: m_χ = ${m.chiMassMeV} MeV above 450 MeV (freeze-out near the QCD crossover and hadronic R beyond 1 GeV are not modelled)`);
  if (m.splitting !== undefined && !(m.splitting >= 0 && m.splitting < 0.5)) throw new InvalidParameters(`relic: splitting must be in [0, 0.5), got ${m.splitting}`);
}

/** Relic density of a dark-photon model. */
export function relicDensity(m: RelicModel, plasma?: PlasmaModel): FreezeOutResult {
  return solveFreezeOut(freezeOutProblem(m, plasma));
}

/** The thermal target at one mass: ε and Y = ε² α_D (m_χ/m_A′)⁴ for which Ωh² = 0.12. */
export interface RelicTarget {
  readonly chiMassMeV: number;
  readonly mediatorMassMeV: number;
  readonly epsilon: number;
  readonly y: number;
  readonly xFreezeOut: number;
  /** ⟨σv⟩_eff at x_f in cm³ s⁻¹ (for reports). */
  readonly sigmaVAtFreezeOutCm3PerS: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Solve Ωh²(ε) = 0.12 for ε at fixed masses and α_D (secant iteration in ln ε², Ωh² ∝ ~1/ε²). The ⟨σv⟩ grid is
 * computed once at unit ε (σ ∝ ε² exactly, the width being Γ(A′ → χχ̄)).
 */
export function relicTarget(base: Omit<RelicModel, 'epsilon'>, opts: { omegaH2?: number; plasma?: PlasmaModel } = {}): RelicTarget {
  const target = opts.omegaH2 ?? OMEGA_CDM_H2;
  const unitProblem = freezeOutProblem({ ...base, epsilon: 1 }, opts.plasma);
  // f(ln ε²) = ln(Ωh²/target); the last evaluation is at the returned root
  let last: FreezeOutResult | undefined;
  const f = (l: number): number => {
    const e2 = Math.exp(l);
    last = solveFreezeOut({ ...unitProblem, sigmaVEff: (x) => e2 * unitProblem.sigmaVEff(x) });
    return Math.log(last.omegaH2 / target);
  };
  const root = secantDecreasingRoot(f, Math.log(1e-10), RELIC_TARGET_TOLERANCE, 40);
  const r1 = last!;
  const e2 = Math.exp(root.x);
  return {
    chiMassMeV: base.chiMassMeV,
    mediatorMassMeV: base.mediatorMassMeV,
    epsilon: Math.sqrt(e2),
    y: e2 * base.alphaD * (base.chiMassMeV / base.mediatorMassMeV) ** 4,
    xFreezeOut: r1.xFreezeOut,
    sigmaVAtFreezeOutCm3PerS: e2 * unitProblem.sigmaVEff(r1.xFreezeOut) * SIGMA_V_CM3_PER_S_PER_MEV2,
    iterations: root.nEvals,
    converged: root.converged,
  };
}

/** |ln(Ωh²/target)| at which {@link relicTarget} stops. */
const RELIC_TARGET_TOLERANCE = 1e-6;

/** Thermal-target line Y(m_χ) for the benchmark m_A′ = ratio·m_χ at given masses (MeV). */
export function relicTargetCurve(chiType: RelicChiType, chiMassesMeV: readonly number[], ratio: number, alphaD: number, splitting?: number): RelicTarget[] {
  return chiMassesMeV.map((mc) => relicTarget({ chiType, chiMassMeV: mc, mediatorMassMeV: ratio * mc, alphaD, ...(splitting !== undefined ? { splitting } : {}) }));
}
