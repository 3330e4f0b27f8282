/**
 * Existing dark-photon / light-dark-matter limit curves (digitised), as collected for arXiv:2006.09386.
 *
 * Axis conventions (read from the values and the reference plotting scripts; see each manifest entry):
 *  - relic.txt: mass in MeV (m_V, 3–514 MeV); coupling = ε² in the reference code's convention (UNVERIFIED;
 *    the reference plot multiplies it by 3.34e-4 to draw it as Y).
 *  - lsnd.txt, babar.txt, miniboone-e.txt, miniboone-n.txt, na64.txt: mass in GeV; coupling = Y ≡ ε² α_D (m_χ/m_V)⁴
 *    (plotted unscaled on the Y axis; the LSND endpoint 44.6 MeV ≈ m_π0/3 suggests x = m_χ with m_V = 3 m_χ).
 *  - ldmx.txt: mass in MeV; coupling variable unknown.
 *  - lsnd.csv, na64.csv, miniboone.csv (two curves): mass in GeV; coupling variable unknown (the reference
 *    scripts rescale them by inconsistent factors).
 * Masses are returned converted to MeV; couplings are returned as in the file, labelled with their variable.
 */
import { DataFormatError } from '../util/errors.js';
import type { FactStatus, Manifest } from './manifest.js';
import { manifestFile } from './manifest.js';
import { openSource, readManifestTable, type DatasetSource, type SourceArg } from './source.js';

export type CouplingVariable = 'Y' | 'epsilon2' | 'unknown';

export interface LimitCurve {
  /** Curve id: the file name, with `#1`/`#2` for the two curves of miniboone.csv. */
  name: string;
  file: string;
  /** Mass in MeV (converted from the file's unit). */
  massMeV: Float64Array;
  /** Coupling value as in the file (see `couplingVariable`). */
  coupling: Float64Array;
  couplingVariable: CouplingVariable;
  /** Mass unit in the file. */
  fileMassUnit: 'MeV' | 'GeV';
  /** The manifest's description of the convention and how sure it is. */
  convention: string;
  status: FactStatus;
  /**
   * Which side of the curve the experiment excludes: 'above' for upper limits on the coupling (LSND, BaBar,
   * MiniBooNE, NA64); absent for curves that exclude nothing (the thermal-relic line is a target) or whose
   * convention is unknown.
   */
  excluded?: 'above' | 'below';
}

export interface DarkPhotonLimits {
  manifest: Manifest;
  curves: Record<string, LimitCurve>;
}

const MEV_PER_GEV = 1000;

const CONVENTIONS: ReadonlyArray<{ file: string; unit: 'MeV' | 'GeV'; variable: CouplingVariable; excluded?: 'above' | 'below' }> = [
  { file: 'relic.txt', unit: 'MeV', variable: 'epsilon2' },
  { file: 'lsnd.txt', unit: 'GeV', variable: 'Y', excluded: 'above' },
  { file: 'babar.txt', unit: 'GeV', variable: 'Y', excluded: 'above' },
  { file: 'miniboone-e.txt', unit: 'GeV', variable: 'Y', excluded: 'above' },
  { file: 'miniboone-n.txt', unit: 'GeV', variable: 'Y', excluded: 'above' },
  { file: 'na64.txt', unit: 'GeV', variable: 'Y', excluded: 'above' },
  { file: 'ldmx.txt', unit: 'MeV', variable: 'unknown' },
  { file: 'lsnd.csv', unit: 'GeV', variable: 'unknown' },
  { file: 'na64.csv', unit: 'GeV', variable: 'unknown' },
];

function makeCurve(
  s: DatasetSource,
  name: string,
  file: string,
  fileLabel: string,
  lines: Int32Array,
  mass: Float64Array,
  coupling: Float64Array,
  unit: 'MeV' | 'GeV',
  variable: CouplingVariable,
): LimitCurve {
  const scale = unit === 'GeV' ? MEV_PER_GEV : 1;
  const massMeV = new Float64Array(mass.length);
  for (let i = 0; i < mass.length; i++) {
    if (!(coupling[i]! > 0)) throw new DataFormatError(fileLabel, lines[i]!, `coupling ${coupling[i]} must be positive`);
    massMeV[i] = mass[i]! * scale;
  }
  const interp = manifestFile(s.manifest, file).interpretation;
  return {
    name,
    file: fileLabel,
    massMeV,
    coupling,
    couplingVariable: variable,
    fileMassUnit: unit,
    convention: interp?.text ?? '',
    status: interp?.status ?? 'unverified',
  };
}

/** Load every limit curve, with masses in MeV and the coupling variable stated. */
export function loadDarkPhotonLimits(src?: SourceArg): DarkPhotonLimits {
  const s = openSource('dark-photon-limits', src);
  const curves: Record<string, LimitCurve> = {};
  for (const c of CONVENTIONS) {
    const t = readManifestTable(s, c.file, { nonNegativeColumns: [0, 1] });
    curves[c.file] = makeCurve(s, c.file, c.file, t.file, t.lines, t.columns[0]!, t.columns[1]!, c.unit, c.variable);
    if (c.excluded) curves[c.file]!.excluded = c.excluded;
  }
  // miniboone.csv: two curves side by side; the first pair of columns ends early (empty fields).
  const t = readManifestTable(s, 'miniboone.csv', { nonNegativeColumns: [0, 1, 2, 3], optionalColumns: [0, 1] });
  const p0 = t.present.get(0)!;
  const p1 = t.present.get(1)!;
  let n1 = 0;
  while (n1 < t.rows && p0[n1] && p1[n1]) n1++;
  for (let r = n1; r < t.rows; r++) {
    if (p0[r] || p1[r]) throw new DataFormatError(t.file, t.lines[r]!, 'curve 1 (columns 1-2) continues after a blank row or has only one of its two fields');
  }
  const sub = (a: Float64Array, k: number) => a.slice(0, k);
  curves['miniboone.csv#1'] = makeCurve(s, 'miniboone.csv#1', 'miniboone.csv', t.file, t.lines.slice(0, n1), sub(t.columns[0]!, n1), sub(t.columns[1]!, n1), 'GeV', 'unknown');
  curves['miniboone.csv#2'] = makeCurve(s, 'miniboone.csv#2', 'miniboone.csv', t.file, t.lines, t.columns[2]!, t.columns[3]!, 'GeV', 'unknown');
  return { manifest: s.manifest, curves };
}
