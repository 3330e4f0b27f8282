/**
 * Provenance of a result: cevnsfit version, config sha256, dataset sha256s (from the manifests, with whether the
 * installed files match), date, command line, Node version — the report page's fuller form of the provenance every
 * result.json carries (src/publish/runinfo.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_NAMES, packageRoot } from '../datasets/manifest.js';
import { datasetStatus } from '../datasets/store.js';
import { commandLine } from './runinfo.js';

export interface DatasetProvenance {
  readonly name: string;
  /** installed | missing | corrupt (installed files checked against the manifest sha256s). */
  readonly state: string;
  readonly files: ReadonlyArray<{ readonly path: string; readonly sha256: string; readonly state: string }>;
}

export interface Provenance {
  readonly cevnsfit_version: string;
  readonly node_version: string;
  readonly date: string;
  readonly command_line: string;
  readonly datasets: readonly DatasetProvenance[];
}

export function sha256Text(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function cevnsfitVersion(): string {
  return String((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** Every known dataset with the manifest sha256 of each file and its installed state. */
export function datasetProvenance(): DatasetProvenance[] {
  return DATASET_NAMES.map((name) => {
    const s = datasetStatus(name);
    return { name, state: s.state, files: s.files.map((f) => ({ path: f.path, sha256: f.expectedSha256, state: f.state })) };
  });
}

export function provenance(argv: readonly string[] = process.argv, date: Date = new Date()): Provenance {
  return {
    cevnsfit_version: cevnsfitVersion(),
    node_version: process.version,
    date: date.toISOString(),
    command_line: commandLine(argv),
    datasets: datasetProvenance(),
  };
}
