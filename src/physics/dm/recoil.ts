/**
 * Recoil spectra of χ scattering in a detector, per χ energy slice, at UNIT coupling (gSm = gChi = 1, ε_prod = 1,
 * BR(X→χχ̄) = 1): the physical spectrum is this times model.ts signalCouplingScale(model).
 *
 *   dN/dE_r(E_r) [counts per grid unit] = N_POT · Φ_s · Σ_i n_i · Q_i² F_i²(q) · dσ̃/dE_r(Ē_s, E_r) · (ħc)² · (MeV per unit)
 *
 * with Φ_s = χ per POT per cm² of slice s (chiflux.ts), n_i = targets i in the detector (nuclei or electrons),
 * Q_i = Z·charge_p + N·charge_n for nuclei (charge_e for electrons), F = Helm form factor with the nucleus' charge
 * radius (src/physics/formfactor.ts, targets.ts; F = 1 for electrons) and dσ̃/dE_r the reduced cross section of
 * xsec.ts (MeV⁻³), evaluated at the slice mean energy Ē_s (second-order accurate in the slice width).
 *
 * Endpoint smoothing: a slice holds χ with energies in [a, b] (its content range), so its recoil spectrum does not stop
 * sharply at E_r^max(Ē_s) but fades out between E_r^max(a) and E_r^max(b). Where E_min(E_r) > a only the χ above E_min
 * contribute: we use the fraction (b − E_min)/(b − a) (uniform density within the slice) and evaluate the cross section
 * at E_eval = Ē + (E_min − a)(b − Ē)/(b − a) (≥ E_min, → Ē at E_min = a, → b at E_min = b). This makes each slice's
 * spectrum continuous in E_r and in the masses (no jumps when a cutoff crosses a quadrature node of the grid).
 */
import { InvalidParameters } from '../../util/errors.js';
import { HBARC2_MEV2_CM2, MASS_ELECTRON_MEV } from '../constants.js';
import { helmFormFactor, momentumTransferMeV } from '../formfactor.js';
import type { Target } from '../targets.js';
import type { ChiSlices } from './chiflux.js';
import { fluxPerPotPerCm2 } from './chiflux.js';
import type { DarkMatterSpin, ScatteringMediator } from './model.js';
import { reducedCrossSection } from './xsec.js';
import { minProjectileEnergyMeV } from '../kinematics.js';

/** What χ scatters on in the detector. */
export type RecoilMode = 'nuclear' | 'electron';

/**
 * Mass-independent detector context for DM recoil spectra: the recoil grid and, per scatterer, its count in the
 * detector, mass and form factor² on the grid. Build once per detector with {@link prepareRecoilContext}.
 */
export interface RecoilContext {
  readonly mode: RecoilMode;
  /** Recoil energy grid, in the grid's unit (e.g. keVnr for nuclear recoils, MeV for electron recoils). */
  readonly recoil: Float64Array;
  /** Unit label of the grid. */
  readonly recoilUnit: string;
  /** MeV per grid unit (1e-3 for keV, 1 for MeV). */
  readonly mevPerUnit: number;
  readonly scatterers: readonly {
    readonly name: string;
    /** Number of such scatterers in the detector (target mass × per-kg density). */
    readonly count: number;
    readonly massMeV: number;
    readonly Z: number;
    readonly N: number;
    /** F²(q(E_r)) on the grid (all ones for electrons). */
    readonly formFactor2: Float64Array;
  }[];
}

/**
 * Prepare a detector context.
 * @param target target material (src/physics/targets.ts)
 * @param massKg detector (fiducial) mass in kg
 * @param recoil recoil grid (increasing, > 0), in `recoilUnit`
 * @param recoilUnit 'keVnr', 'keV' or 'keVee'-free kinetic-energy units: any label starting with 'keV' (×1e-3 MeV) or 'MeV'
 * @param mode nuclear recoils (Helm F with each nucleus' charge radius) or electron recoils (F = 1)
 */
export function prepareRecoilContext(target: Target, massKg: number, recoil: ArrayLike<number>, recoilUnit: string, mode: RecoilMode): RecoilContext {
  if (!(massKg > 0)) throw new InvalidParameters(`prepareRecoilContext: massKg must be > 0, got ${massKg}`);
  if (recoilUnit === 'keVee') throw new InvalidParameters('prepareRecoilContext: the recoil grid must be in recoil (not electron-equivalent) energy');
  const mevPerUnit = recoilUnit.startsWith('keV') ? 1e-3 : recoilUnit === 'MeV' ? 1 : NaN;
  if (!Number.isFinite(mevPerUnit)) throw new InvalidParameters(`prepareRecoilContext: recoilUnit must be 'keV…' or 'MeV', got '${recoilUnit}'`);
  const grid = Float64Array.from(recoil);
  for (let r = 0; r < grid.length; r++) {
    if (!(grid[r]! > 0) || (r > 0 && !(grid[r]! > grid[r - 1]!))) throw new InvalidParameters(`prepareRecoilContext: recoil grid must be positive and increasing (index ${r})`);
  }
  if (mode === 'electron') {
    return {
      mode,
      recoil: grid,
      recoilUnit,
      mevPerUnit,
      scatterers: [{ name: 'e-', count: target.electronsPerKg * massKg, massMeV: MASS_ELECTRON_MEV, Z: 1, N: 0, formFactor2: new Float64Array(grid.length).fill(1) }],
    };
  }
  const scatterers = target.nuclei.map((tn) => {
    const nuc = tn.nucleus;
    const f2 = new Float64Array(grid.length);
    for (let r = 0; r < grid.length; r++) {
      const f = helmFormFactor(momentumTransferMeV(grid[r]! * mevPerUnit, nuc.massMeV), nuc.chargeRadiusFm);
      f2[r] = f * f;
    }
    return { name: nuc.name, count: tn.nucleiPerKg * massKg, massMeV: nuc.massMeV, Z: nuc.Z, N: nuc.N, formFactor2: f2 };
  });
  return { mode, recoil: grid, recoilUnit, mevPerUnit, scatterers };
}

/** Vector charge² of a scatterer under V (unit gSm). */
function charge2(ctx: RecoilContext, sc: RecoilContext['scatterers'][number], charges: ScatteringMediator['charges']): number {
  const q = ctx.mode === 'electron' ? charges.electron : sc.Z * charges.proton + sc.N * charges.neutron;
  return q * q;
}

/**
 * Recoil spectra per slice at unit coupling, counts per grid unit (e.g. per keVnr) for the whole exposure.
 * @returns row-major Float64Array [slice][grid] of length slices × grid
 * @param out optional output buffer (reused, no allocation in the loop)
 */
export function sliceRecoilSpectra(
  slices: ChiSlices,
  ctx: RecoilContext,
  mediator: Pick<ScatteringMediator, 'massMeV' | 'charges'>,
  spin: DarkMatterSpin,
  protonsOnTarget: number,
  distanceM: number,
  out?: Float64Array,
): Float64Array {
  const nS = slices.chiPerPot.length;
  const nR = ctx.recoil.length;
  const res = out ?? new Float64Array(nS * nR);
  res.fill(0);
  const mChi = slices.chiMassMeV;
  const mV = mediator.massMeV;
  const unit = HBARC2_MEV2_CM2 * ctx.mevPerUnit; // MeV⁻³ → cm² per grid unit
  const toMeV = ctx.mevPerUnit;
  for (const sc of ctx.scatterers) {
    const pref = sc.count * charge2(ctx, sc, mediator.charges) * unit;
    if (pref === 0) continue;
    const M = sc.massMeV;
    const f2 = sc.formFactor2;
    // E_min(E_r) on the grid for this scatterer and m_χ
    const eMin = new Float64Array(nR);
    for (let r = 0; r < nR; r++) eMin[r] = minProjectileEnergyMeV(ctx.recoil[r]! * toMeV, M, mChi);
    for (let s = 0; s < nS; s++) {
      const n = slices.chiPerPot[s]!;
      if (!(n > 0)) continue;
      const phi = protonsOnTarget * fluxPerPotPerCm2(n, distanceM) * pref;
      const E = slices.meanEnergyMeV[s]!;
      const a = slices.contentLoMeV[s]!;
      const b = slices.contentHiMeV[s]!;
      const wid = b - a;
      const row = s * nR;
      for (let r = 0; r < nR; r++) {
        const em = eMin[r]!;
        if (wid > 0 ? em >= b : em > b) break; // E_min increases with E_r: nothing further contributes
        let e = E;
        let frac = 1;
        if (em > a && wid > 0) {
          frac = (b - em) / wid;
          e = E + ((em - a) * (b - E)) / wid;
        }
        const x = reducedCrossSection(e, ctx.recoil[r]! * toMeV, mChi, M, mV, spin);
        if (x === 0) continue;
        res[row + r] += phi * f2[r]! * frac * x;
      }
    }
  }
  return res;
}
