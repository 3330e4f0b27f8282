/**
 * COHERENT CsI[Na] full dataset (PRL 129 (2022) 081801, arXiv:2110.07730, ancillary files).
 */
import { readFileSync } from 'node:fs';
import { DataFormatError, InvalidParameters } from '../util/errors.js';
import { edgeIndex, findBin, makeAxis, nBins, type Histogram1D, type Histogram2D } from './histogram.js';
import type { Manifest } from './manifest.js';
import { parseNumberField } from './parse.js';
import { openSource, readBinnedTable, readManifestTable, sourcePath, type DatasetSource, type SourceArg } from './source.js';

/** A 2-D histogram of events, with the number of events that fell outside the requested edges. */
export interface EventHistogram2D extends Histogram2D {
  /** Events outside [peEdges[0], peEdges[n]) × [tEdges[0], tEdges[m]). */
  readonly outside: number;
}

/** An unbinned list of events. */
export interface EventList {
  readonly file: string;
  readonly count: number;
  /** Reconstructed energy per event, PE. */
  readonly pe: Float64Array;
  /** Reconstructed arrival time per event, µs. */
  readonly tUs: Float64Array;
  /** Histogram the events onto any PE × t binning (half-open bins; edges in PE and µs). */
  histogram(peEdges: ArrayLike<number>, tEdges: ArrayLike<number>): EventHistogram2D;
}

/** Coefficients of eff_E(x) = a/(1 + exp(−b(x − c))) + d, x in PE (b in 1/PE, c in PE). */
export interface EfficiencyCoefficients {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  /** 1-based line in the coefficient file. */
  readonly line: number;
  /** Label as written in the file. */
  readonly label: string;
}

/** Coefficients of Eee(x) = a x + b x² + c x³ + d x⁴ with x in MeVnr and Eee in MeVee. */
export interface ScintillationCoefficients {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly line: number;
  readonly label: string;
}

export interface Csi2021Release {
  manifest: Manifest;
  /** Coincidence (signal-window) beam-on events. */
  eventsC: EventList;
  /** Anti-coincidence (steady-state-window) beam-on events. */
  eventsAC: EventList;
  /** BRN PE PDF, 1-PE bins on 0..250 PE, normalised to 1 over PE < 60, energy efficiency folded in. */
  brnPe: Histogram1D;
  /** NIN PE PDF, same binning and normalisation as brnPe. */
  ninPe: Histogram1D;
  /** BRN t_rec shape, 10 ns bins on −0.25..6.25 µs, arbitrary normalisation (use normaliseOverRange). */
  brnTime: Histogram1D;
  /** NIN t_rec shape, as brnTime. */
  ninTime: Histogram1D;
  /** Energy-efficiency coefficient sets. */
  efficiency: {
    nominal: EfficiencyCoefficients;
    plus1Sigma: EfficiencyCoefficients;
    minus1Sigma: EfficiencyCoefficients;
    /** True when the file labelled the −1σ set "+1 sigma" and it was reassigned (see loader comment). */
    minusRelabelled: boolean;
  };
  /** Scintillation-response (quenching) coefficient sets: nominal and two independent ±1σ modes. */
  quenching: {
    nominal: ScintillationCoefficients;
    modes: Array<{ plus1Sigma: ScintillationCoefficients; minus1Sigma: ScintillationCoefficients }>;
  };
}

const NAME = 'coherent-csi-2021' as const;

/** Energy efficiency eff_E(pe) clipped to [0, 1] (clipping as prescribed for this release). */
export function efficiencyE(c: EfficiencyCoefficients, pe: number): number {
  const v = c.a / (1 + Math.exp(-c.b * (pe - c.c))) + c.d;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Electron-equivalent energy in MeVee for a nuclear recoil energy in MeVnr (4th-order polynomial, no constant term). */
export function scintillationMeVee(c: ScintillationCoefficients, recoilMeVnr: number): number {
  const x = recoilMeVnr;
  return x * (c.a + x * (c.b + x * (c.c + x * c.d)));
}

/** Build a 2-D histogram of (pe, t) pairs on the given edges. */
export function histogramEvents(pe: Float64Array, tUs: Float64Array, peEdges: ArrayLike<number>, tEdges: ArrayLike<number>): EventHistogram2D {
  const ax = makeAxis('PE', 'PE', peEdges);
  const at = makeAxis('t', 'us', tEdges);
  const nt = nBins(at);
  const values = new Float64Array(nBins(ax) * nt);
  let outside = 0;
  for (let k = 0; k < pe.length; k++) {
    const i = findBin(ax.edges, pe[k]!);
    const j = findBin(at.edges, tUs[k]!);
    if (i < 0 || j < 0) outside++;
    else values[i * nt + j]! += 1;
  }
  return { axes: [ax, at], values, unit: 'events', outside };
}

/**
 * A copy of a 1-D histogram scaled so the bins inside [lo, hi) (which must be bin edges) sum to 1;
 * bins outside keep the same scale factor.
 */
export function normaliseOverRange(h: Histogram1D, lo: number, hi: number): Histogram1D {
  const i0 = edgeIndex(h.axis, lo);
  const i1 = edgeIndex(h.axis, hi);
  let s = 0;
  for (let i = i0; i < i1; i++) s += h.values[i]!;
  if (!(s > 0)) throw new InvalidParameters(`cannot normalise ${h.axis.name} histogram over [${lo}, ${hi}): its sum there is ${s}`);
  const v = new Float64Array(h.values.length);
  for (let i = 0; i < v.length; i++) v[i] = h.values[i]! / s;
  return { axis: h.axis, values: v, unit: `probability per bin (normalised over ${lo}..${hi} ${h.axis.unit})` };
}

function eventList(s: DatasetSource, file: string): EventList {
  const t = readManifestTable(s, file);
  const pe = t.columns[0]!;
  const tUs = t.columns[1]!;
  for (let r = 0; r < t.rows; r++) {
    if (pe[r]! < 0) throw new DataFormatError(t.file, t.lines[r]!, `negative PE ${pe[r]}`);
  }
  return {
    file: t.file,
    count: t.rows,
    pe,
    tUs,
    histogram: (peEdges, tEdges) => histogramEvents(pe, tUs, peEdges, tEdges),
  };
}

function pePdf(s: DatasetSource, file: string): Histogram1D {
  const b = readBinnedTable(s, file, 1, { nonNegativeColumns: [1] });
  const h: Histogram1D = { axis: b.axes[0]!, values: b.values, unit: 'probability per PE bin (normalised over PE < 60)' };
  const i60 = edgeIndex(h.axis, 60);
  let sum = 0;
  for (let i = 0; i < i60; i++) sum += h.values[i]!;
  if (Math.abs(sum - 1) > 1e-4) throw new DataFormatError(b.table.file, null, `PE PDF sums to ${sum} over PE < 60, expected 1 (documented normalisation)`);
  return h;
}

function timeShape(s: DatasetSource, file: string): Histogram1D {
  const b = readBinnedTable(s, file, 1, { nonNegativeColumns: [1] });
  return { axis: b.axes[0]!, values: b.values, unit: 'arbitrary' };
}

/** One labelled coefficient line of a commented coefficient file. */
export interface CoefficientEntry {
  label: string;
  line: number;
  values: [number, number, number, number];
}

/**
 * Parse a commented coefficient file: header comments (which must contain `formula` and the order line
 * "Coefficients given as: a b c d"), then blocks "# label" followed by one line of four numbers.
 * Whitespace inside the formula is ignored when matching. Errors name the file and line.
 */
export function parseCoefficientFile(path: string, formula: string, variableLine: RegExp): CoefficientEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(path, null, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const squash = (x: string) => x.replace(/\s+/g, '');
  const lines = text.split(/\r?\n/);
  const entries: CoefficientEntry[] = [];
  let label: string | null = null;
  let sawFormula = false;
  let sawOrder = false;
  let sawVariable = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const t = lines[i]!.trim();
    if (t === '') {
      label = null;
      continue;
    }
    if (t.startsWith('#')) {
      const c = t.slice(1).trim();
      if (squash(c).includes(squash(formula))) sawFormula = true;
      if (/^Coefficients given as:/i.test(c)) {
        if (squash(c.split(':')[1] ?? '') !== 'abcd') throw new DataFormatError(path, lineNo, `unexpected coefficient order "${c}", expected "a b c d"`);
        sawOrder = true;
      }
      if (variableLine.test(c)) sawVariable = true;
      label = c;
      continue;
    }
    const fields = t.split(/\s+/);
    if (fields.length !== 4) throw new DataFormatError(path, lineNo, `expected 4 coefficients, found ${fields.length}`);
    if (label === null) throw new DataFormatError(path, lineNo, 'coefficient line without a label comment directly above it');
    const v = fields.map((f, c) => parseNumberField(f, path, lineNo, c)) as [number, number, number, number];
    entries.push({ label, line: lineNo, values: v });
    label = null;
  }
  if (!sawFormula) throw new DataFormatError(path, null, `header does not state the expected formula "${formula}"`);
  if (!sawOrder) throw new DataFormatError(path, null, 'header does not state the coefficient order ("Coefficients given as: a b c d")');
  if (!sawVariable) throw new DataFormatError(path, null, `header does not state the variable and its unit (${variableLine})`);
  if (entries.length === 0) throw new DataFormatError(path, null, 'no coefficient lines');
  return entries;
}

const SYST_RE = /^Syst model(?:\s+(\d+))?\s*,\s*([+-])\s*1\s*sigma$/i;

function asEff(e: CoefficientEntry): EfficiencyCoefficients {
  const [a, b, c, d] = e.values;
  return { a, b, c, d, line: e.line, label: e.label };
}

/** Loads the efficiency sets, handling the file's duplicated "+1 sigma" label. */
function efficiencySets(path: string): Csi2021Release['efficiency'] {
  const entries = parseCoefficientFile(path, 'eff_E(x) = a/( 1 + exp(-b*(x-c))) + d', /x is reconstructed recoil energy in PE/i);
  const nominal = entries.filter((e) => /nominal/i.test(e.label));
  if (nominal.length !== 1) throw new DataFormatError(path, null, `expected exactly one nominal set, found ${nominal.length}`);
  const syst = entries.filter((e) => !/nominal/i.test(e.label));
  if (syst.length !== 2) throw new DataFormatError(path, null, `expected two systematic sets, found ${syst.length}`);
  const parsed = syst.map((e) => {
    const m = SYST_RE.exec(e.label);
    if (!m) throw new DataFormatError(path, e.line, `unrecognised label "${e.label}"`);
    return { e, sign: m[2] === '+' ? 1 : -1 };
  });
  const nom = nominal[0]!;
  let plus: CoefficientEntry;
  let minus: CoefficientEntry;
  let relabelled = false;
  if (parsed[0]!.sign !== parsed[1]!.sign) {
    plus = parsed[0]!.sign > 0 ? parsed[0]!.e : parsed[1]!.e;
    minus = parsed[0]!.sign > 0 ? parsed[1]!.e : parsed[0]!.e;
  } else {
    // The released file labels both systematic sets "+1 sigma". They are mirror images about the nominal set
    // (shift of one = minus the shift of the other, checked here coefficient by coefficient), so they are the
    // +1σ and −1σ ends of one mode: we keep the first as +1σ and treat the second as −1σ.
    const [s1, s2] = [parsed[0]!.e, parsed[1]!.e];
    for (let k = 0; k < 4; k++) {
      const d1 = s1.values[k]! - nom.values[k]!;
      const d2 = s2.values[k]! - nom.values[k]!;
      const scale = Math.max(Math.abs(d1), Math.abs(d2), 1e-12);
      if (Math.abs(d1 + d2) > 1e-3 * scale + 1e-6 * Math.abs(nom.values[k]!)) {
        throw new DataFormatError(path, s2.line, `two systematic sets share the label "${s2.label}" and are not symmetric about the nominal set (coefficient ${'abcd'[k]}): cannot tell which is -1 sigma`);
      }
    }
    plus = s1;
    minus = s2;
    relabelled = true;
  }
  return { nominal: asEff(nom), plus1Sigma: asEff(plus), minus1Sigma: asEff(minus), minusRelabelled: relabelled };
}

function quenchingSets(path: string): Csi2021Release['quenching'] {
  const entries = parseCoefficientFile(path, 'Eee(x) = a*x + b*x*x + c*x*x*x + d*x*x*x*x', /x is recoil energy in MeVnr/i);
  const nominal = entries.filter((e) => /nominal/i.test(e.label));
  if (nominal.length !== 1) throw new DataFormatError(path, null, `expected exactly one nominal set, found ${nominal.length}`);
  const modes = new Map<number, { plus?: CoefficientEntry; minus?: CoefficientEntry }>();
  for (const e of entries) {
    if (e === nominal[0]) continue;
    const m = SYST_RE.exec(e.label);
    if (!m || m[1] === undefined) throw new DataFormatError(path, e.line, `unrecognised label "${e.label}" (expected "Syst model N, ±1 sigma")`);
    const idx = Number(m[1]);
    const slot = modes.get(idx) ?? {};
    const key = m[2] === '+' ? 'plus' : 'minus';
    if (slot[key]) throw new DataFormatError(path, e.line, `duplicate ${m[2]}1 sigma set for syst model ${idx}`);
    slot[key] = e;
    modes.set(idx, slot);
  }
  const idxs = [...modes.keys()].sort((a, b) => a - b);
  const asSc = (e: CoefficientEntry): ScintillationCoefficients => ({ a: e.values[0], b: e.values[1], c: e.values[2], d: e.values[3], line: e.line, label: e.label });
  return {
    nominal: asSc(nominal[0]!),
    modes: idxs.map((i, k) => {
      if (i !== k) throw new DataFormatError(path, null, `syst models must be numbered 0, 1, …; found ${idxs.join(', ')}`);
      const slot = modes.get(i)!;
      if (!slot.plus || !slot.minus) throw new DataFormatError(path, null, `syst model ${i} lacks its ${slot.plus ? '-' : '+'}1 sigma set`);
      return { plus1Sigma: asSc(slot.plus), minus1Sigma: asSc(slot.minus) };
    }),
  };
}

/**
 * Load the CsI-2021 release.
 * @param src dataset directory, a ResolvedDataset, or nothing to use the installed (verified) copy.
 */
export function loadCsi2021(src?: SourceArg): Csi2021Release {
  const s = openSource(NAME, src);
  return {
    manifest: s.manifest,
    eventsC: eventList(s, 'dataBeamOnC.txt'),
    eventsAC: eventList(s, 'dataBeamOnAC.txt'),
    brnPe: pePdf(s, 'brnPE.txt'),
    ninPe: pePdf(s, 'ninPE.txt'),
    brnTime: timeShape(s, 'brnTrec.txt'),
    ninTime: timeShape(s, 'ninTrec.txt'),
    efficiency: efficiencySets(sourcePath(s, 'effCoefficients.txt')),
    quenching: quenchingSets(sourcePath(s, 'scintRespCoefficients.txt')),
  };
}

