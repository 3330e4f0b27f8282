/**
 * Beam-target simulations (GEANT4) used for dark-photon production: SNS (1 GeV p on Hg), LANSCE Lujan
 * (800 MeV p on W, CCM), J-PARC MLF (3 GeV p on Hg, JSNS2), as produced for Dutta et al.,
 * PRL 124 (2020) 121802 (arXiv:1906.10745) and arXiv:2006.09386.
 */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../util/errors.js';
import type { Histogram1D } from './histogram.js';
import type { Manifest } from './manifest.js';
import { checkStrictlyIncreasing, type NumericTable } from './parse.js';
import { openSource, readBinnedTable, readManifestTable, sourcePath, type DatasetSource, type SourceArg } from './source.js';

/** Neutral-pion mass, MeV (PDG 2024: 134.9768 ± 0.0005 MeV). */
export const PI0_MASS_MEV = 134.9768;

/**
 * Allowance for the π0 mass used by the event generator, MeV: older PDG values (e.g. 134.9766) differ
 * from 134.9768 by ~0.2 keV; 5 keV leaves room without hiding a real corruption (which shifts m by ≳ 0.1 MeV).
 */
const GENERATOR_MASS_ALLOWANCE_MEV = 0.005;
/** Multiple of the printed-precision error budget allowed before a row is rejected. */
const ROUNDING_SAFETY = 3;

/** One π0 per entry; all arrays have `count` entries. */
export interface Pi0List {
  file: string;
  count: number;
  /** Polar angle to the beam direction in degrees; θ = arccos(−pz/|p|) (beam along −z in the file's frame). */
  thetaDeg: Float64Array;
  pxMeV: Float64Array;
  pyMeV: Float64Array;
  pzMeV: Float64Array;
  /** Total energy, MeV. */
  energyMeV: Float64Array;
  /** Kinetic energy E − m_π0, MeV. */
  kineticEnergyMeV: Float64Array;
  /** Largest |√(E² − p²) − m_π0| over the file, MeV (diagnostic). */
  maxMassDeviationMeV: number;
  /** Largest |θ − arccos(−pz/|p|)| over the file, degrees (diagnostic). */
  maxAngleDeviationDeg: number;
}

/** Points (x, y) in file order (not necessarily binned). */
export interface Curve {
  file: string;
  xName: string;
  xUnit: string;
  yUnit: string;
  x: Float64Array;
  y: Float64Array;
}

/** Half a unit in the last place of a value printed with 6 significant digits (C `%g`). */
function halfUlp6(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return 0;
  return 0.5 * 10 ** (Math.floor(Math.log10(a)) - 5);
}

/**
 * Check every row of a π0 table (columns θ[deg], px, py, pz, E, KE [MeV]):
 *  - E² − |p|² = m_π0² (invariant mass), KE = E − m_π0,
 *  - θ = arccos(−pz/|p|),
 * each within the error implied by 6-significant-digit printing (times a safety factor), plus a small
 * allowance for the generator's π0 mass. Throws a DataFormatError naming file and line of the first violation.
 */
export function validatePi0Table(t: NumericTable): { maxMassDeviationMeV: number; maxAngleDeviationDeg: number } {
  const [th, px, py, pz, e, ke] = t.columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const m = PI0_MASS_MEV;
  let maxDm = 0;
  let maxDth = 0;
  for (let r = 0; r < t.rows; r++) {
    const p2 = px[r]! * px[r]! + py[r]! * py[r]! + pz[r]! * pz[r]!;
    const p = Math.sqrt(p2);
    const E = e[r]!;
    const m2 = E * E - p2;
    const tolM2 =
      ROUNDING_SAFETY * 2 * (Math.abs(E) * halfUlp6(E) + Math.abs(px[r]!) * halfUlp6(px[r]!) + Math.abs(py[r]!) * halfUlp6(py[r]!) + Math.abs(pz[r]!) * halfUlp6(pz[r]!)) +
      2 * m * GENERATOR_MASS_ALLOWANCE_MEV;
    if (!(Math.abs(m2 - m * m) <= tolM2)) {
      const mass = m2 > 0 ? Math.sqrt(m2).toFixed(4) : `imaginary (E²−p² = ${m2.toFixed(3)} MeV²)`;
      throw new DataFormatError(t.file, t.lines[r]!, `pi0 kinematics: invariant mass ${mass} MeV differs from m_pi0 = ${m} MeV beyond the printed precision`);
    }
    maxDm = Math.max(maxDm, Math.abs(Math.sqrt(Math.max(m2, 0)) - m));
    const tolKe = ROUNDING_SAFETY * (halfUlp6(ke[r]!) + halfUlp6(E)) + GENERATOR_MASS_ALLOWANCE_MEV;
    if (!(Math.abs(ke[r]! - (E - m)) <= tolKe)) {
      throw new DataFormatError(t.file, t.lines[r]!, `pi0 kinematics: kinetic energy ${ke[r]} MeV differs from E - m_pi0 = ${(E - m).toFixed(4)} MeV`);
    }
    if (!(p > 0)) throw new DataFormatError(t.file, t.lines[r]!, 'pi0 kinematics: zero momentum, angle undefined');
    const cos = Math.min(1, Math.max(-1, -pz[r]! / p));
    const thetaDeg = (Math.acos(cos) * 180) / Math.PI;
    const tolTh = ROUNDING_SAFETY * (halfUlp6(th[r]!) + ((180 / Math.PI) * (halfUlp6(px[r]!) + halfUlp6(py[r]!) + halfUlp6(pz[r]!))) / p);
    const dth = Math.abs(thetaDeg - th[r]!);
    if (!(dth <= tolTh)) {
      throw new DataFormatError(t.file, t.lines[r]!, `pi0 kinematics: angle ${th[r]} deg does not match arccos(-pz/|p|) = ${thetaDeg.toFixed(4)} deg`);
    }
    maxDth = Math.max(maxDth, dth);
  }
  return { maxMassDeviationMeV: maxDm, maxAngleDeviationDeg: maxDth };
}

function pi0List(s: DatasetSource): Pi0List {
  const t = readManifestTable(s, 'Pi0_Info.txt', { nonNegativeColumns: [0, 4, 5] });
  const d = validatePi0Table(t);
  return {
    file: t.file,
    count: t.rows,
    thetaDeg: t.columns[0]!,
    pxMeV: t.columns[1]!,
    pyMeV: t.columns[2]!,
    pzMeV: t.columns[3]!,
    energyMeV: t.columns[4]!,
    kineticEnergyMeV: t.columns[5]!,
    ...d,
  };
}

function curve(s: DatasetSource, file: string, xName: string, xUnit: string, yUnit: string): Curve {
  const t = readManifestTable(s, file, { nonNegativeColumns: [0, 1] });
  checkStrictlyIncreasing(t, 0, xName);
  return { file: t.file, xName, xUnit, yUnit, x: t.columns[0]!, y: t.columns[1]! };
}

function binnedSpectrum(s: DatasetSource, file: string): Histogram1D {
  const b = readBinnedTable(s, file, 1, { nonNegativeColumns: [1] });
  return { axis: b.axes[0]!, values: b.values, unit: 'photons per bin' };
}

function timingPdf(s: DatasetSource, file: string): Histogram1D {
  const b = readBinnedTable(s, file, 1, { nonNegativeColumns: [1] });
  let sum = 0;
  for (const v of b.values) sum += v;
  if (Math.abs(sum - 1) > 1e-6) throw new DataFormatError(b.table.file, null, `timing PDF sums to ${sum}, expected 1`);
  return { axis: b.axes[0]!, values: b.values, unit: 'probability per bin' };
}

/** A photon list from one parent species: energy (MeV) and direction cosine. */
export interface PhotonList {
  file: string;
  count: number;
  energyMeV: Float64Array;
  /** Direction cosine to the beam axis (axis convention unverified). */
  cosTheta: Float64Array;
}

function photonList(s: DatasetSource, file: string): PhotonList {
  const t = readManifestTable(s, file, { nonNegativeColumns: [0] });
  const c = t.columns[1]!;
  for (let r = 0; r < t.rows; r++) {
    if (!(Math.abs(c[r]!) <= 1)) throw new DataFormatError(t.file, t.lines[r]!, `direction cosine ${c[r]} outside [-1, 1]`);
  }
  return { file: t.file, count: t.rows, energyMeV: t.columns[0]!, cosTheta: c };
}

// ---- SNS ----------------------------------------------------------------------------------------------

export interface SnsBeam {
  manifest: Manifest;
  pi0: Pi0List;
  /** e± cascade photons: x = bin centre (MeV), y = photons per bin (assumed per 1e5 POT). */
  brem: Curve;
  /** Total photon spectrum, 42 log bins: x = centre (MeV), y = photons per bin (per 1e5 POT). */
  photonTotal: Curve;
  /** Photon lists by parent: em, ep, pi0, pim, pip, proton, triton. */
  photonsBySource: Record<string, PhotonList>;
}

const SNS_PARENTS = ['em', 'ep', 'pi0', 'pim', 'pip', 'proton', 'triton'] as const;

/** Load the SNS beam simulation files. */
export function loadSnsBeam(src?: SourceArg): SnsBeam {
  const s = openSource('sns-beam', src);
  const bySource: Record<string, PhotonList> = {};
  for (const p of SNS_PARENTS) bySource[p] = photonList(s, `fluxes_by_source/${p}_flux.txt`);
  return {
    manifest: s.manifest,
    pi0: pi0List(s),
    brem: curve(s, 'brem.txt', 'energy', 'MeV', 'photons per bin'),
    photonTotal: curve(s, 'photon_flux_COHERENT_log_binned.txt', 'energy', 'MeV', 'photons per bin'),
    photonsBySource: bySource,
  };
}

// ---- CCM ----------------------------------------------------------------------------------------------

export interface CcmBeam {
  manifest: Manifest;
  pi0: Pi0List;
  brem: Curve;
  /** Total photons per bin per 1e5 POT on 42 log bins (edges 10^(3i/42) MeV). */
  photonTotalLog: Histogram1D;
  /** Total photons per bin per 1e5 POT on 42 linear bins from 1 to 1000 MeV. */
  photonTotalLinear: Histogram1D;
  /** Neutrino arrival-time PDFs, 0.03 µs bins on 0..1.2 µs, each summing to 1 over that range. */
  timing: { prompt: Histogram1D; delayed: Histogram1D };
}

/** Load the CCM (LANSCE Lujan) beam files. */
export function loadCcmBeam(src?: SourceArg): CcmBeam {
  const s = openSource('ccm-beam', src);
  return {
    manifest: s.manifest,
    pi0: pi0List(s),
    brem: curve(s, 'brem.txt', 'energy', 'MeV', 'photons per bin'),
    photonTotalLog: binnedSpectrum(s, 'ccm_800mev_photon_spectra_1e5_POT.txt'),
    photonTotalLinear: binnedSpectrum(s, 'ccm_800mev_photon_spectra_1e5_POT_linearBins.txt'),
    timing: { prompt: timingPdf(s, 'arrivalTimePDF_prompt.txt'), delayed: timingPdf(s, 'arrivalTimePDF_delayed.txt') },
  };
}

// ---- JSNS2 --------------------------------------------------------------------------------------------

export interface Jsns2Beam {
  manifest: Manifest;
  pi0: Pi0List;
  brem: Curve;
  /** Total photons per bin per 1e5 POT at 46 log-spaced energies 1.6..930 MeV. */
  photonTotal: Curve;
  /** Photons per bin by parent species, on the energies of photonTotal; keys are the file's header names. */
  photonsByParent: Record<string, Float64Array>;
  /** Digitised neutrino timing (x = t in ns, y = arbitrary density): prompt (π/K decay) and delayed (μ decay). */
  timing: { prompt: Curve; delayed: Curve };
  /** Digitised neutrino energy spectra (x = E in MeV, y = arbitrary density). */
  neutrinoSpectra: { nuE: Curve; nuMuNoDelta: Curve; nubarMu: Curve };
}

/** Load the JSNS2 (J-PARC MLF) beam files; checks that the per-parent photon columns sum to the totals file. */
export function loadJsns2Beam(src?: SourceArg): Jsns2Beam {
  const s = openSource('jsns2-beam', src);
  const total = curve(s, 'jsns_3gev_photon_totals_1e5_POT.txt', 'energy', 'MeV', 'photons per bin');
  // The energies are logspace(log10 1.6, log10 930, 46) (reference plotting script); check that reading.
  const n = total.x.length;
  for (let i = 0; i < n; i++) {
    const want = 10 ** (Math.log10(1.6) + ((Math.log10(930) - Math.log10(1.6)) * i) / (n - 1));
    if (Math.abs(total.x[i]! / want - 1) > 1e-9) throw new DataFormatError(total.file, i + 1, `energy ${total.x[i]} MeV is not the expected log-spaced point ${want}`);
  }
  const byParentPath = 'photon_fluxes_3gev_hg.txt';
  const t = readManifestTable(s, byParentPath, { nonNegativeColumns: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
  const names = (readFileSync(sourcePath(s, byParentPath), 'utf8').split(/\r?\n/)[0] ?? '').trim().split(/\s+/);
  const declared = s.manifest.files.find((f) => f.path === byParentPath)!.format.columns!.map((c) => c.name);
  if (names.join(',') !== declared.join(',')) throw new DataFormatError(t.file, 1, `header "${names.join(' ')}" differs from the manifest columns "${declared.join(' ')}"`);
  if (t.rows !== n) throw new DataFormatError(t.file, null, `${t.rows} rows but the totals file has ${n} energies`);
  const byParent: Record<string, Float64Array> = {};
  names.forEach((nm, c) => (byParent[nm] = t.columns[c]!));
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (const c of t.columns) sum += c[r]!;
    if (Math.abs(sum - total.y[r]!) > 1e-9 * Math.max(1, total.y[r]!)) {
      throw new DataFormatError(t.file, t.lines[r]!, `row sum ${sum} differs from the total ${total.y[r]} in jsns_3gev_photon_totals_1e5_POT.txt line ${r + 1}`);
    }
  }
  return {
    manifest: s.manifest,
    pi0: pi0List(s),
    brem: curve(s, 'brem.txt', 'energy', 'MeV', 'photons per bin'),
    photonTotal: total,
    photonsByParent: byParent,
    timing: {
      prompt: curve(s, 'pion_kaon_neutrino_timing.txt', 'time', 'ns', 'arbitrary'),
      delayed: curve(s, 'mu_neutrino_timing.txt', 'time', 'ns', 'arbitrary'),
    },
    neutrinoSpectra: {
      nuE: curve(s, 'jsns_nu_e.txt', 'energy', 'MeV', 'arbitrary'),
      nuMuNoDelta: curve(s, 'jsns_nu_mu_nodelta.txt', 'energy', 'MeV', 'arbitrary'),
      nubarMu: curve(s, 'jsns_nubar_mu.txt', 'energy', 'MeV', 'arbitrary'),
    },
  };
}
