/**
 * COHERENT CENNS-10 liquid argon, Analysis A (PRL 126 (2021) 012002, arXiv:2003.10630;
 * data release arXiv:2006.12659, Zenodo 10.5281/zenodo.3903810).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DataFormatError, InvalidSpecification } from '../util/errors.js';
import type { Axis, Histogram3D } from './histogram.js';
import type { Manifest } from './manifest.js';
import { checkStrictlyIncreasing } from './parse.js';
import { openSource, readBinnedTable, sourcePath, type DatasetSource, type SourceArg } from './source.js';

/** Which template a shape variation modifies and how. */
export interface ShapeVariation {
  /** File stem, e.g. `brnpdf+1sigEnergy`. */
  name: string;
  component: 'cevns' | 'brnPrompt';
  /** Systematic family, e.g. `F90`, `energy`, `timingMean`, `timingWidth`. */
  systematic: 'F90' | 'energy' | 'timingMean' | 'timingWidth';
  /** `plus`/`minus` for ±1σ files, `oneSided` for single shifted templates. */
  direction: 'plus' | 'minus' | 'oneSided';
  histogram: Histogram3D;
}

/** The acceptance efficiency table (0.5 keVee bins, 0..40 keVee). */
export interface LarEfficiencyTable {
  /** Reconstructed-energy axis, keVee. */
  axis: Axis;
  /** Bin centres in keVee. */
  energyKeVee: Float64Array;
  /** Recoil energy (keVnr) corresponding to each keVee bin centre. */
  energyKeVnr: Float64Array;
  /** Efficiency per bin, in [0, 1]. */
  efficiency: Float64Array;
}

/** A value with its (symmetric) uncertainty; `uncertainty` is 0 where the YAML says "negligible". */
export interface Measured {
  value: number;
  uncertainty: number;
}

/** Typed content of LArParametersAnlA.yaml (units converted to the names' units). */
export interface LarParameters {
  exposurePot: number;
  distanceM: number;
  fiducialMassKg: Measured;
  /** QF = a + b·T[keVnr]. */
  quenching: { a: Measured; bPerKeVnr: Measured };
  neutrinosPerFlavorPerPot: Measured;
  /** σ/E = a/√(E[keVee]); a in keVee^½. */
  energyResolutionA: number;
  /** Gaussian POT trace: mean and width in ns. */
  potTrace: { meanNs: Measured; widthNs: number };
  predicted: { cevns: Measured; brnPrompt: Measured; brnDelayed: Measured; steadyState: Measured };
  /** Best-fit normalisations; the CEvNS uncertainty is the YAML's `uncertainty_stat`. */
  bestFit: { cevns: Measured; brnPrompt: Measured; brnDelayed: Measured; steadyState: Measured };
}

export interface Lar2020Release {
  manifest: Manifest;
  /** Observed beam-on counts, E (12, keVee) × F90 (8) × t (10, µs). */
  data: Histogram3D;
  /** Predicted templates in expected events for the full exposure (not unit PDFs). */
  templates: { cevns: Histogram3D; brnPrompt: Histogram3D; brnDelayed: Histogram3D; steadyState: Histogram3D };
  /** Every released shape-systematic template. */
  shapeVariations: ShapeVariation[];
  efficiency: LarEfficiencyTable;
  parameters: LarParameters;
}

const NAME = 'coherent-lar-2020' as const;

const VARIATIONS: ReadonlyArray<Omit<ShapeVariation, 'histogram'>> = [
  { name: 'cevnspdf+1sigF90', component: 'cevns', systematic: 'F90', direction: 'plus' },
  { name: 'cevnspdf-1sigF90', component: 'cevns', systematic: 'F90', direction: 'minus' },
  { name: 'cevnspdfCEvNSTimingMeanSyst', component: 'cevns', systematic: 'timingMean', direction: 'oneSided' },
  { name: 'brnpdf+1sigEnergy', component: 'brnPrompt', systematic: 'energy', direction: 'plus' },
  { name: 'brnpdf-1sigEnergy', component: 'brnPrompt', systematic: 'energy', direction: 'minus' },
  // sums to 523.67 rather than 497 in the release; kept as released (renormalise if used as a pure shape)
  { name: 'brnpdf+1sigBRNTimingMean', component: 'brnPrompt', systematic: 'timingMean', direction: 'plus' },
  { name: 'brnpdf-1sigBRNTimingMean', component: 'brnPrompt', systematic: 'timingMean', direction: 'minus' },
  { name: 'brnpdfBRNTimingWidthSyst', component: 'brnPrompt', systematic: 'timingWidth', direction: 'oneSided' },
];

function hist3(s: DatasetSource, file: string, integer: boolean): Histogram3D {
  const b = readBinnedTable(s, file, 3, integer ? { nonNegativeColumns: [3], integerColumns: [3] } : { nonNegativeColumns: [3] });
  return { axes: [b.axes[0]!, b.axes[1]!, b.axes[2]!], values: b.values, unit: integer ? 'events' : 'expected events' };
}

function efficiencyTable(s: DatasetSource): LarEfficiencyTable {
  const b = readBinnedTable(s, 'CENNS10AnlAEfficiency.txt', 2, { nonNegativeColumns: [1, 2] });
  const t = b.table;
  checkStrictlyIncreasing(t, 1, 'keVnr column');
  for (let r = 0; r < t.rows; r++) {
    if (t.columns[2]![r]! > 1) throw new DataFormatError(t.file, t.lines[r]!, `efficiency ${t.columns[2]![r]} exceeds 1`);
  }
  return { axis: b.axes[0]!, energyKeVee: t.columns[0]!, energyKeVnr: t.columns[1]!, efficiency: t.columns[2]! };
}

// ---- parameters YAML ------------------------------------------------------------------------------

const Uncertainty = z.union([z.number().nonnegative(), z.literal('negligible')]);
const Scalar = z.strictObject({
  name: z.string(),
  value: z.number(),
  units: z.string(),
  uncertainty: Uncertainty.optional(),
  uncertainty_stat: z.number().nonnegative().optional(),
  comment: z.string(),
});
const Param = z.strictObject({ name: z.string(), value: z.number(), units: z.string(), uncertainty: Uncertainty.optional() });
const WithParams = z.strictObject({ name: z.string(), parameters: z.array(Param), comment: z.string() });

const LarYamlSchema = z.strictObject({
  beamExposure: Scalar,
  distanceToTarget: Scalar,
  fiducialMass: Scalar,
  larQF: WithParams,
  neutrinosPerProton: Scalar,
  cevnsBestfitNormalization: Scalar,
  promptBeamRelatedNeutronBestfitNormalization: Scalar,
  delayedBeamRelatedNeutronBestfitNormalization: Scalar,
  ssBackgroundBestfitNormalization: Scalar,
  cevnsPredictionNormalization: Scalar,
  promptBeamRelatedNeutronPredictionNormalization: Scalar,
  delayedBeamRelatedNeutronPredictionNormalization: Scalar,
  ssBackgroundPredictionNormalization: Scalar,
  acceptanceEfficiency: z.strictObject({ name: z.string(), comment: z.string() }),
  energyResolution: WithParams,
  snsPOTTraceTiming: WithParams,
});
type LarYaml = z.infer<typeof LarYamlSchema>;

/**
 * Parse and validate LArParametersAnlA.yaml: every expected key must be present, unknown keys are errors,
 * and units must be the expected ones (they are converted, e.g. "E22 POT" → POT).
 */
export function parseLarParameters(path: string): LarParameters {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataFormatError(path, null, `invalid YAML: ${(e as Error).message}`);
  }
  const r = LarYamlSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new InvalidSpecification(`${i.message} (in ${path})`, i.path.map(String).join('.'));
  }
  const y: LarYaml = r.data;
  const unc = (u: z.infer<typeof Uncertainty> | undefined, key: string): number => {
    if (u === undefined) throw new InvalidSpecification(`missing uncertainty (in ${path})`, key);
    return u === 'negligible' ? 0 : u;
  };
  const expectUnits = (key: string, got: string, want: string) => {
    if (got.trim() !== want) throw new InvalidSpecification(`units "${got}", expected "${want}" (in ${path})`, `${key}.units`);
  };
  const scalar = (key: keyof LarYaml, units: string): Measured => {
    const s = y[key] as z.infer<typeof Scalar>;
    expectUnits(String(key), s.units, units);
    return { value: s.value, uncertainty: unc(s.uncertainty ?? s.uncertainty_stat, String(key)) };
  };
  const param = (key: 'larQF' | 'energyResolution' | 'snsPOTTraceTiming', name: string, units: string): z.infer<typeof Param> => {
    const p = y[key].parameters.find((x) => x.name === name);
    if (!p) throw new InvalidSpecification(`parameter "${name}" missing (in ${path})`, `${key}.parameters`);
    expectUnits(`${key}.${name}`, p.units, units);
    return p;
  };
  expectUnits('beamExposure', y.beamExposure.units, 'E22 POT');
  expectUnits('distanceToTarget', y.distanceToTarget.units, 'm');
  const qa = param('larQF', 'a', 'none');
  const qb = param('larQF', 'b', '(keVnr)^-1');
  const res = param('energyResolution', 'a', '(keVee)^(1/2)');
  const potA = param('snsPOTTraceTiming', 'a', 'ns');
  const potB = param('snsPOTTraceTiming', 'b', 'ns');
  return {
    exposurePot: y.beamExposure.value * 1e22,
    distanceM: y.distanceToTarget.value,
    fiducialMassKg: scalar('fiducialMass', 'kg'),
    quenching: { a: { value: qa.value, uncertainty: unc(qa.uncertainty, 'larQF.a') }, bPerKeVnr: { value: qb.value, uncertainty: unc(qb.uncertainty, 'larQF.b') } },
    neutrinosPerFlavorPerPot: scalar('neutrinosPerProton', 'nu/flavor/proton'),
    energyResolutionA: res.value,
    potTrace: { meanNs: { value: potA.value, uncertainty: unc(potA.uncertainty, 'snsPOTTraceTiming.a') }, widthNs: potB.value },
    predicted: {
      cevns: scalar('cevnsPredictionNormalization', 'none'),
      brnPrompt: scalar('promptBeamRelatedNeutronPredictionNormalization', 'none'),
      brnDelayed: scalar('delayedBeamRelatedNeutronPredictionNormalization', 'none'),
      steadyState: scalar('ssBackgroundPredictionNormalization', 'none'),
    },
    bestFit: {
      cevns: scalar('cevnsBestfitNormalization', 'none'),
      brnPrompt: scalar('promptBeamRelatedNeutronBestfitNormalization', 'none'),
      brnDelayed: scalar('delayedBeamRelatedNeutronBestfitNormalization', 'none'),
      steadyState: scalar('ssBackgroundBestfitNormalization', 'none'),
    },
  };
}

/**
 * Load the LAr-2020 Analysis A release.
 * @param src dataset directory, a ResolvedDataset, or nothing to use the installed (verified) copy.
 */
export function loadLar2020(src?: SourceArg): Lar2020Release {
  const s = openSource(NAME, src);
  return {
    manifest: s.manifest,
    data: hist3(s, 'datanobkgsub.txt', true),
    templates: {
      cevns: hist3(s, 'cevnspdf.txt', false),
      brnPrompt: hist3(s, 'brnpdf.txt', false),
      brnDelayed: hist3(s, 'delbrnpdf.txt', false),
      steadyState: hist3(s, 'bkgpdf.txt', false),
    },
    shapeVariations: VARIATIONS.map((v) => ({ ...v, histogram: hist3(s, `${v.name}.txt`, false) })),
    efficiency: efficiencyTable(s),
    parameters: parseLarParameters(sourcePath(s, 'LArParametersAnlA.yaml')),
  };
}
