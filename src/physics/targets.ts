/**
 * One table of target nuclei and compound targets.
 *
 * Atomic masses: AME2020 (Wang et al., Chin. Phys. C 45 (2021) 030003), in u.
 * Isotopic abundances: IUPAC CIAAW "Isotopic compositions of the elements 2013" (Meija et al., Pure Appl. Chem. 88 (2016) 293).
 * Charge rms radii: Angeli & Marinova, At. Data Nucl. Data Tables 99 (2013) 69 (used as the proton-distribution
 * radius in the weak charge; the point-proton / charge-radius difference, < 1 % of R, is neglected).
 * Nuclear mass = atomic mass − Z·m_e (electron binding energies, < 0.2 MeV, neglected).
 */
import { ATOMIC_MASS_UNIT_MEV, AVOGADRO_PER_MOL, MASS_ELECTRON_MEV } from './constants.js';
import { InvalidParameters } from '../util/errors.js';

/** A single nuclide. */
export interface Nucleus {
  /** Label, e.g. 'Cs133'. */
  readonly name: string;
  readonly Z: number;
  readonly N: number;
  readonly A: number;
  /** Atomic mass in u (AME2020). */
  readonly atomicMassU: number;
  /** Nuclear mass in MeV (atomic mass − Z m_e). */
  readonly massMeV: number;
  /** Natural abundance (number fraction within the element, IUPAC 2013). */
  readonly naturalAbundance: number;
  /** rms charge radius (fm), Angeli & Marinova 2013; used as the proton radius. */
  readonly chargeRadiusFm: number;
}

function nucleus(name: string, Z: number, A: number, atomicMassU: number, naturalAbundance: number, chargeRadiusFm: number): Nucleus {
  return Object.freeze({
    name,
    Z,
    N: A - Z,
    A,
    atomicMassU,
    massMeV: atomicMassU * ATOMIC_MASS_UNIT_MEV - Z * MASS_ELECTRON_MEV,
    naturalAbundance,
    chargeRadiusFm,
  });
}

/** Nuclide table. */
export const NUCLEI = Object.freeze({
  Cs133: nucleus('Cs133', 55, 133, 132.905451961, 1.0, 4.8041),
  I127: nucleus('I127', 53, 127, 126.904471, 1.0, 4.75),
  Ar36: nucleus('Ar36', 18, 36, 35.967545105, 0.003336, 3.3905),
  Ar38: nucleus('Ar38', 18, 38, 37.96273211, 0.000629, 3.4028),
  Ar40: nucleus('Ar40', 18, 40, 39.9623831237, 0.996035, 3.4274),
  C12: nucleus('C12', 6, 12, 12.0, 0.9893, 2.4702),
  C13: nucleus('C13', 6, 13, 13.00335483507, 0.0107, 2.4614),
  H1: nucleus('H1', 1, 1, 1.00782503223, 0.999885, 0.8783),
  H2: nucleus('H2', 1, 2, 2.01410177812, 0.000115, 2.1421),
});

/** A nuclide in a compound target with its number density. */
export interface TargetNucleus {
  readonly nucleus: Nucleus;
  /** Number of such nuclei per kg of target material. */
  readonly nucleiPerKg: number;
}

/** A target material: nuclei (isotope-resolved) and electrons per kg. */
export interface Target {
  readonly name: string;
  readonly nuclei: readonly TargetNucleus[];
  /** Electrons per kg (for ν–e scattering). */
  readonly electronsPerKg: number;
  /** Molar mass of one formula unit, g/mol. */
  readonly molarMassGPerMol: number;
  /** Where the composition comes from. */
  readonly source: string;
}

/**
 * Build a target from a chemical formula given as (element isotopes, atoms per formula unit).
 * Each element is a list of nuclides whose natural abundances are renormalised to sum to 1.
 */
export function compoundTarget(name: string, formula: ReadonlyArray<{ isotopes: readonly Nucleus[]; atoms: number }>, source: string): Target {
  let molar = 0;
  let electrons = 0;
  for (const el of formula) {
    const ab = el.isotopes.reduce((s, n) => s + n.naturalAbundance, 0);
    if (!(ab > 0) || !(el.atoms > 0)) throw new InvalidParameters(`target ${name}: element with zero abundance or atom count`);
    for (const n of el.isotopes) molar += (el.atoms * n.naturalAbundance * n.atomicMassU) / ab;
    electrons += el.atoms * el.isotopes[0]!.Z;
  }
  const formulaUnitsPerKg = (1000 / molar) * AVOGADRO_PER_MOL;
  const nuclei: TargetNucleus[] = [];
  for (const el of formula) {
    const ab = el.isotopes.reduce((s, n) => s + n.naturalAbundance, 0);
    for (const n of el.isotopes) nuclei.push({ nucleus: n, nucleiPerKg: (formulaUnitsPerKg * el.atoms * n.naturalAbundance) / ab });
  }
  return Object.freeze({ name, nuclei: Object.freeze(nuclei), electronsPerKg: formulaUnitsPerKg * electrons, molarMassGPerMol: molar, source });
}

/** CsI: one ¹³³Cs and one ¹²⁷I per formula unit (both mono-isotopic). */
export const TARGET_CSI: Target = compoundTarget('CsI', [{ isotopes: [NUCLEI.Cs133], atoms: 1 }, { isotopes: [NUCLEI.I127], atoms: 1 }], 'stoichiometric CsI; Na dopant (~0.01 %) neglected');

/** Natural argon with the IUPAC isotopic mix (³⁶Ar, ³⁸Ar, ⁴⁰Ar). */
export const TARGET_LAR: Target = compoundTarget('LAr', [{ isotopes: [NUCLEI.Ar36, NUCLEI.Ar38, NUCLEI.Ar40], atoms: 1 }], 'natural argon, IUPAC 2013 isotopic composition');

/**
 * LAB-like liquid scintillator approximated as linear alkylbenzene C₆H₅–C₁₂H₂₅ = C₁₈H₃₀ (the n = 12 member of
 * C₆H₅CₙH₂ₙ₊₁, n = 10–13). JSNS2's Gd-LS is LAB-based (JSNS2 TDR, arXiv:1705.08629); PPO, bis-MSB and the 0.1 % Gd
 * loading are neglected (< 1 % of the electrons).
 */
export const TARGET_LAB_SCINTILLATOR: Target = compoundTarget(
  'LAB',
  [
    { isotopes: [NUCLEI.C12, NUCLEI.C13], atoms: 18 },
    { isotopes: [NUCLEI.H1, NUCLEI.H2], atoms: 30 },
  ],
  'LAB approximated as C18H30 (JSNS2 TDR arXiv:1705.08629: LAB-based Gd-LS); additives neglected',
);
