/**
 * vitest globalSetup: datasets the tests need and that are not installed are installed from the default mirror
 * ($CEVNS_DATA_MIRROR, or ../shared/datasets next to the package root), sha256-verified, so `npm ci && npm test` works
 * from a fresh clone. Without a mirror it prints the command to run; tests on data then fail naming it.
 */
import { DATASET_NAMES } from '../../src/datasets/manifest.js';
import { datasetStatus, defaultMirror, installDatasets } from '../../src/datasets/store.js';

export default function setup(): void {
  const missing = DATASET_NAMES.filter((n) => datasetStatus(n).state === 'missing');
  if (missing.length === 0) return;
  const mirror = defaultMirror();
  if (mirror === null) {
    process.stderr.write(`[datasets] not installed: ${missing.join(', ')}; run: node dist/cli/main.js data install --all --from <mirror> (or set CEVNS_DATA_MIRROR)\n`);
    return;
  }
  const r = installDatasets(missing, { from: mirror });
  process.stderr.write(`[datasets] installed ${r.datasets.map((d) => `${d.name} (${d.files.length} files)`).join(', ')} from ${mirror}, sha256-verified\n`);
}
