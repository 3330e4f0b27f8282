/**
 * Where a loader reads from: an explicit directory (no checksum check; used for tests and ad-hoc copies)
 * or an installed, verified dataset (requireDataset). The manifest always comes from the package.
 */
import { join } from 'node:path';
import { DataFormatError } from '../util/errors.js';
import { loadManifest, manifestAxes, manifestFile, type DatasetName, type Manifest } from './manifest.js';
import { checkBinCentres, readNumericTable, type NumericTable, type TableOptions } from './parse.js';
import { requireDataset, type ResolvedDataset, type StoreOptions } from './store.js';
import type { Axis } from './histogram.js';

/** A dataset to read: its manifest and the directory holding its files. */
export interface DatasetSource {
  readonly manifest: Manifest;
  readonly dir: string;
}

/**
 * What a loader accepts: a directory path (files read as-is, unverified), a ResolvedDataset, or nothing /
 * StoreOptions (the installed dataset is resolved and verified with requireDataset).
 */
export type SourceArg = string | ResolvedDataset | StoreOptions | undefined;

/** Resolve a loader's source argument. */
export function openSource(name: DatasetName, src: SourceArg): DatasetSource {
  if (typeof src === 'string') return { manifest: loadManifest(name), dir: src };
  if (src !== undefined && 'manifest' in src) return { manifest: src.manifest, dir: src.dir };
  const r = requireDataset(name, src ?? {});
  return { manifest: r.manifest, dir: r.dir };
}

/** Absolute path of a manifest file within a source. */
export function sourcePath(s: DatasetSource, file: string): string {
  manifestFile(s.manifest, file);
  return join(s.dir, file);
}

/** Extra checks a loader adds to the manifest's format description. */
export type ExtraTableChecks = Pick<TableOptions, 'nonNegativeColumns' | 'integerColumns' | 'optionalColumns'>;

/** Read a table file with the delimiter, header, comment, row and column counts declared in the manifest. */
export function readManifestTable(s: DatasetSource, file: string, extra: ExtraTableChecks = {}): NumericTable {
  const f = manifestFile(s.manifest, file);
  if (f.format.kind !== 'table' || !f.format.columns || !f.format.delimiter) {
    throw new DataFormatError(file, null, `manifest of ${s.manifest.name} does not describe ${file} as a table`);
  }
  const opts: TableOptions = {
    delimiter: f.format.delimiter,
    headerLines: f.format.headerLines ?? 0,
    commentPrefix: f.format.commentPrefix ?? null,
    columns: f.format.columns.length,
    ...extra,
  };
  if (f.format.rows !== undefined) opts.rows = f.format.rows;
  return readNumericTable(join(s.dir, file), opts);
}

/** A binned table: resolved axes (outermost first), the value column, and the parsed table. */
export interface BinnedTable {
  axes: Axis[];
  values: Float64Array;
  table: NumericTable;
}

/**
 * Read a binned table: checks that every label column holds the bin centres of its manifest axis in
 * row-major order (outermost axis first), so a row-order or binning mismatch is reported with its line.
 * `valueColumn` is the 0-based column of the bin content.
 */
export function readBinnedTable(s: DatasetSource, file: string, valueColumn: number, extra: ExtraTableChecks = {}): BinnedTable {
  const table = readManifestTable(s, file, extra);
  const axes = manifestAxes(s.manifest, file);
  const specs = manifestFile(s.manifest, file).axes ?? [];
  let stride = 1;
  for (let k = axes.length - 1; k >= 0; k--) {
    const spec = specs[k]!;
    const ax = axes[k]!;
    if (spec.labels === 'centre' && spec.labelColumn !== undefined) {
      // tolerance: 1e-6 of the smallest bin width (labels are printed with a few digits)
      let minWidth = Infinity;
      for (let i = 0; i + 1 < ax.edges.length; i++) minWidth = Math.min(minWidth, ax.edges[i + 1]! - ax.edges[i]!);
      const tol = Math.max(1e-6 * minWidth, 1e-9) + 1e-5 * Math.abs(ax.edges[ax.edges.length - 1]!);
      checkBinCentres(table, spec.labelColumn, ax.edges, stride, ax.name, tol);
    }
    stride *= ax.edges.length - 1;
  }
  return { axes, values: table.columns[valueColumn]!, table };
}
