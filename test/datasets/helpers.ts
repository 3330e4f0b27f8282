/**
 * Test helpers: locate installed datasets (default dir populated by `.ci/run`, or $CEVNS_DATA_DIR), else install
 * them from the mirror into a temporary directory; fail (never skip) with the install command otherwise.
 */
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DATASET_NAMES, packageRoot } from '../../src/datasets/manifest.js';
import { datasetStatus, installDatasets, requireDataset, type ResolvedDataset, type StoreOptions } from '../../src/datasets/store.js';

/** The mirror: $CEVNS_DATA_MIRROR, else ../shared/datasets next to the package root; null if absent. */
export function findMirror(): string | null {
  const env = process.env.CEVNS_DATA_MIRROR;
  const candidates = [env, resolve(packageRoot(), '..', 'shared', 'datasets')].filter((x): x is string => !!x);
  for (const c of candidates) if (existsSync(join(c, 'SHA256SUMS'))) return c;
  return null;
}

/** Store options under which every dataset is installed and verified. */
export function dataOptions(): StoreOptions {
  if (DATASET_NAMES.every((n) => datasetStatus(n).state === 'installed')) return {};
  const mirror = findMirror();
  if (mirror === null) {
    throw new Error(
      'datasets are not installed and no mirror was found. Install them with: ' +
        'node dist/cli/main.js data install --all --from ../shared/datasets (or set CEVNS_DATA_MIRROR)',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'cevns-data-'));
  installDatasets(DATASET_NAMES, { from: mirror, dataDir });
  return { dataDir };
}

/** Resolve one installed dataset under the given options. */
export function resolved(name: (typeof DATASET_NAMES)[number], opts: StoreOptions): ResolvedDataset {
  return requireDataset(name, opts);
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'cevns-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a file (creating parent directories) and return its path. */
export function writeFile(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}
