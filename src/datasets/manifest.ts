/**
 * Dataset manifests: `datasets/<name>/manifest.json` in the package root describes one data release
 * (citation, files with sha256, formats, axes, published facts). Validated with a strict zod schema
 * (unknown keys are errors) followed by a semantic pass (edges increasing, row counts consistent, …).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InvalidSpecification } from '../util/errors.js';
import { makeAxis, uniformEdges, type Axis } from './histogram.js';

/** Names of all datasets the package knows about, in display order. */
export const DATASET_NAMES = [
  'coherent-csi-2017',
  'coherent-csi-2021',
  'coherent-lar-2020',
  'sns-beam',
  'ccm-beam',
  'jsns2-beam',
  'dark-photon-limits',
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * Manifest schema versions this code reads. 1.1.0 adds `dataTaking` (which detector recorded a data release and over
 * which part of its running), so that a combination can refuse two members built on the same events.
 */
export const SUPPORTED_SCHEMA_VERSIONS = ['1.0.0', '1.1.0'] as const;

const ColumnSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string(),
  description: z.string().optional(),
});

const EdgesSchema = z.union([
  z.array(z.number()).min(2),
  z.strictObject({ uniform: z.strictObject({ lo: z.number(), hi: z.number(), bins: z.number().int().positive() }) }),
  z.strictObject({ log10: z.strictObject({ lo: z.number().positive(), hi: z.number().positive(), bins: z.number().int().positive() }) }),
]);

const AxisSchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string(),
  /** 0-based column holding this axis' bin label, if the file has one. */
  labelColumn: z.number().int().nonnegative().optional(),
  /** What the label column holds. */
  labels: z.enum(['centre', 'none']),
  edges: EdgesSchema,
  description: z.string().optional(),
});

const FormatSchema = z.strictObject({
  kind: z.enum(['table', 'yaml', 'coefficients']),
  delimiter: z.enum(['comma', 'whitespace', 'tab']).optional(),
  headerLines: z.number().int().nonnegative().optional(),
  commentPrefix: z.string().min(1).optional(),
  rows: z.number().int().positive().optional(),
  columns: z.array(ColumnSchema).optional(),
});

const StatusSchema = z.enum(['file', 'paper', 'abstract', 'derived', 'secondary', 'unverified']);

const FileSchema = z.strictObject({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  bytes: z.number().int().nonnegative(),
  description: z.string().min(1),
  format: FormatSchema,
  /** Binned axes in row-major order (outermost first). */
  axes: z.array(AxisSchema).optional(),
  /** How the values should be read; `status` says how sure we are. */
  interpretation: z.strictObject({ text: z.string().min(1), status: StatusSchema }).optional(),
});

const FactSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'camelCase identifier'),
  value: z.union([z.number(), z.string()]),
  unit: z.string(),
  uncertainty: z.number().nonnegative().optional(),
  source: z.string().min(1),
  status: StatusSchema,
  note: z.string().optional(),
});

const CitationSchema = z.strictObject({
  paper: z.string().min(1),
  arxiv: z.array(z.string().regex(/^\d{4}\.\d{4,5}$/)).min(1),
  dataRelease: z.string().optional(),
});

/**
 * The running period of a data release (schema ≥ 1.1.0), for releases of recorded events (not for simulation inputs).
 * The period is given as an interval of the detector's cumulative beam exposure, in GW·hr of beam energy on target
 * counted from the detector's first physics data: the papers quote exposures, not dates, and an interval in exposure
 * says both how much data a release holds (to − from) and whether two releases of one detector share events (their
 * intervals intersect). Example: CsI[Na] 2017 is [0, 7.48], the complete CsI[Na] data set of 2021 [0, 13.99].
 */
const DataTakingSchema = z.strictObject({
  /** Identifier of the physical detector (one id per instrument, whichever release or analysis used it). */
  detector: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase id (letters, digits, hyphens)'),
  /** Neutrino source (beam facility). */
  site: z.string().min(1),
  /** The detector's cumulative exposure covered by this release, GW·hr of beam energy on target. */
  exposureGWh: z.strictObject({ from: z.number().nonnegative(), to: z.number().positive() }),
  /** Protons on target of the release. */
  pot: z.number().positive(),
  /** The running period in words (which runs, which publication). */
  period: z.string().min(1),
  source: z.string().min(1),
  status: StatusSchema,
});

export const ManifestSchema = z.strictObject({
  schemaVersion: z.enum(SUPPORTED_SCHEMA_VERSIONS),
  name: z.string().min(1),
  title: z.string().min(1),
  description: z.string().min(1),
  citation: CitationSchema,
  provenance: z.string().min(1),
  /** Running period of a release of recorded events (schema ≥ 1.1.0). */
  dataTaking: DataTakingSchema.optional(),
  files: z.array(FileSchema).min(1),
  facts: z.array(FactSchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = z.infer<typeof FileSchema>;
export type ManifestAxis = z.infer<typeof AxisSchema>;
export type ManifestFact = z.infer<typeof FactSchema>;
export type DataTaking = z.infer<typeof DataTakingSchema>;
export type FactStatus = z.infer<typeof StatusSchema>;

/** Absolute path of the package root (found from this module's location, not the cwd). */
export function packageRoot(): string {
  // src/datasets/manifest.ts and dist/datasets/manifest.js are both two levels below the root.
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** Directory holding the manifests (`<package root>/datasets`). */
export function manifestsDir(): string {
  return join(packageRoot(), 'datasets');
}

/** Resolve the edges of a manifest axis to a typed Axis. */
export function axisFromManifest(a: ManifestAxis): Axis {
  const e = a.edges;
  let edges: ArrayLike<number>;
  if (Array.isArray(e)) edges = e;
  else if ('uniform' in e) edges = uniformEdges(e.uniform.lo, e.uniform.hi, e.uniform.bins);
  else {
    const { lo, hi, bins } = e.log10;
    const out = new Float64Array(bins + 1);
    for (let i = 0; i <= bins; i++) out[i] = 10 ** (Math.log10(lo) + ((Math.log10(hi) - Math.log10(lo)) * i) / bins);
    edges = out;
  }
  return makeAxis(a.name, a.unit, edges);
}

/** Validate a parsed manifest object (schema, then semantic checks). `where` names it in errors. */
export function validateManifest(raw: unknown, where: string, expectedName?: string): Manifest {
  const r = ManifestSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new InvalidSpecification(`${issue.message} (${r.error.issues.length} issue(s) in ${where})`, path || '(root)');
  }
  const m = r.data;
  if (expectedName !== undefined && m.name !== expectedName) {
    throw new InvalidSpecification(`manifest in ${where} is named "${m.name}", expected "${expectedName}"`, 'name');
  }
  const paths = new Set<string>();
  m.files.forEach((f, i) => {
    const at = `files[${i}]`;
    if (paths.has(f.path)) throw new InvalidSpecification(`duplicate file path "${f.path}"`, `${at}.path`);
    paths.add(f.path);
    if (f.path.startsWith('/') || f.path.split('/').includes('..')) throw new InvalidSpecification(`file path must be relative and stay inside the dataset: "${f.path}"`, `${at}.path`);
    if (f.format.kind === 'table') {
      if (!f.format.columns || f.format.columns.length === 0) throw new InvalidSpecification('a table needs its columns', `${at}.format.columns`);
      if (!f.format.delimiter) throw new InvalidSpecification('a table needs its delimiter', `${at}.format.delimiter`);
    }
    if (f.axes) {
      let product = 1;
      f.axes.forEach((a, k) => {
        let ax: Axis;
        try {
          ax = axisFromManifest(a);
        } catch (e) {
          throw new InvalidSpecification((e as Error).message, `${at}.axes[${k}].edges`);
        }
        product *= ax.edges.length - 1;
        if (a.labelColumn !== undefined && f.format.columns && a.labelColumn >= f.format.columns.length) {
          throw new InvalidSpecification(`label column ${a.labelColumn} is beyond the ${f.format.columns.length} columns`, `${at}.axes[${k}].labelColumn`);
        }
        if (a.labels === 'centre' && a.labelColumn === undefined) throw new InvalidSpecification('labels "centre" needs labelColumn', `${at}.axes[${k}]`);
      });
      if (f.format.rows !== undefined && f.format.rows !== product) {
        throw new InvalidSpecification(`rows ${f.format.rows} differ from the product of the axis bin counts ${product}`, `${at}.format.rows`);
      }
    }
  });
  const keys = new Set<string>();
  m.facts.forEach((f, i) => {
    if (keys.has(f.key)) throw new InvalidSpecification(`duplicate fact key "${f.key}"`, `facts[${i}].key`);
    keys.add(f.key);
  });
  if (m.dataTaking) checkDataTaking(m, m.dataTaking);
  return m;
}

/** Relative agreement required between `dataTaking` and the release's facts (they quote the same published numbers). */
const DATA_TAKING_REL_TOL = 1e-9;

function checkDataTaking(m: Manifest, d: DataTaking): void {
  if (m.schemaVersion === '1.0.0') throw new InvalidSpecification('dataTaking needs schemaVersion 1.1.0 or later', 'dataTaking');
  const { from, to } = d.exposureGWh;
  if (!(to > from)) throw new InvalidSpecification(`exposure interval [${from}, ${to}] GW·hr is empty: "to" must exceed "from"`, 'dataTaking.exposureGWh');
  const agree = (a: number, b: number): boolean => Math.abs(a - b) <= DATA_TAKING_REL_TOL * Math.max(Math.abs(a), Math.abs(b));
  const f = (key: string): number | null => {
    const x = m.facts.find((y) => y.key === key);
    return x && typeof x.value === 'number' ? x.value : null;
  };
  const gwh = f('exposureGWh');
  if (gwh !== null && !agree(to - from, gwh)) throw new InvalidSpecification(`exposure interval holds ${to - from} GW·hr but fact exposureGWh is ${gwh} GW·hr`, 'dataTaking.exposureGWh');
  const pot = f('exposurePot');
  if (pot !== null && !agree(d.pot, pot)) throw new InvalidSpecification(`pot ${d.pot} differs from fact exposurePot ${pot}`, 'dataTaking.pot');
}


/** Load and validate `datasets/<name>/manifest.json` from the package root. */
export function loadManifest(name: string): Manifest {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new InvalidSpecification(`unknown dataset "${name}" (known: ${DATASET_NAMES.join(', ')})`, 'dataset');
  }
  const path = join(manifestsDir(), name, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InvalidSpecification(`cannot read manifest ${path}: ${(e as Error).message}`, name);
  }
  return validateManifest(raw, path, name);
}

/** The manifest entry of one file; throws if the manifest does not list it. */
export function manifestFile(m: Manifest, path: string): ManifestFile {
  const f = m.files.find((x) => x.path === path);
  if (!f) throw new InvalidSpecification(`manifest of ${m.name} does not list file "${path}"`, 'files');
  return f;
}

/** Axes of a manifest file, resolved (outermost first). */
export function manifestAxes(m: Manifest, path: string): Axis[] {
  return (manifestFile(m, path).axes ?? []).map(axisFromManifest);
}

/** A published fact by key; throws if absent. */
export function fact(m: Manifest, key: string): ManifestFact {
  const f = m.facts.find((x) => x.key === key);
  if (!f) throw new InvalidSpecification(`manifest of ${m.name} has no fact "${key}"`, 'facts');
  return f;
}

/** A numeric published fact by key. */
export function numericFact(m: Manifest, key: string): number {
  const f = fact(m, key);
  if (typeof f.value !== 'number') throw new InvalidSpecification(`fact "${key}" of ${m.name} is not numeric`, 'facts');
  return f.value;
}
