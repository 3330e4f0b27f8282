import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetUnavailable, InvalidSpecification } from '../../src/util/errors.js';
import { loadManifest, packageRoot } from '../../src/datasets/manifest.js';
import { ChecksumMismatch, datasetDir, datasetStatus, installDatasets, requireDataset, sha256File } from '../../src/datasets/store.js';
import { loadCsi2017 } from '../../src/datasets/csi2017.js';
import { dataOptions, tempDir } from './helpers.js';

const NAME = 'coherent-csi-2017';

/** A temporary mirror holding a verified copy of coherent-csi-2017 (copied from the installed files). */
let mirror: string;

beforeAll(() => {
  const src = requireDataset(NAME, dataOptions());
  mirror = tempDir('cevns-mirror-');
  mkdirSync(join(mirror, NAME));
  for (const [rel, abs] of Object.entries(src.files)) copyFileSync(abs, join(mirror, NAME, rel));
});

describe('data directory', () => {
  it('defaults to datasets/<name>/files under the package root, found from the module location', () => {
    expect(datasetDir(NAME, { env: {} })).toBe(join(packageRoot(), 'datasets', NAME, 'files'));
    expect(existsSync(join(packageRoot(), 'datasets', NAME, 'manifest.json'))).toBe(true);
  });
  it('is $CEVNS_DATA_DIR/<name> when the variable is set', () => {
    expect(datasetDir(NAME, { env: { CEVNS_DATA_DIR: '/x/y' } })).toBe('/x/y/' + NAME);
  });
});

describe('installDatasets / datasetStatus / requireDataset', () => {
  it('installs, verifies, and skips verified files on a second run', () => {
    const dataDir = tempDir();
    expect(datasetStatus(NAME, { dataDir }).state).toBe('missing');
    const r1 = installDatasets([NAME], { from: mirror, dataDir });
    const n = loadManifest(NAME).files.length;
    expect(r1.datasets[0]!.files.filter((f) => f.action === 'copied')).toHaveLength(n);
    const st = datasetStatus(NAME, { dataDir });
    expect(st.state).toBe('installed');
    expect(st.files.every((f) => f.state === 'ok' && f.actualSha256 === f.expectedSha256)).toBe(true);
    const r2 = installDatasets([NAME], { from: mirror, dataDir });
    expect(r2.datasets[0]!.files.every((f) => f.action === 'skipped')).toBe(true);
    // no temporary files left behind
    expect(readdirSync(join(dataDir, NAME)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // loaders read the verified copy
    expect(loadCsi2017({ dataDir }).coincidenceBeamOn.values.length).toBe(600);
  });

  it('reports a corrupted installed file per file, refuses to resolve it, and repairs it on reinstall', () => {
    const dataDir = tempDir();
    installDatasets([NAME], { from: mirror, dataDir });
    const victim = join(dataDir, NAME, 'promptPDF.txt');
    writeFileSync(victim, readFileSync(victim, 'utf8').replace('0.5,', '0.6,'));
    const st = datasetStatus(NAME, { dataDir });
    expect(st.state).toBe('corrupt');
    const bad = st.files.filter((f) => f.state !== 'ok');
    expect(bad.map((f) => [f.path, f.state])).toEqual([['promptPDF.txt', 'corrupt']]);
    expect(bad[0]!.actualSha256).toBe(sha256File(victim));
    expect(() => requireDataset(NAME, { dataDir })).toThrow(DatasetUnavailable);
    expect(() => requireDataset(NAME, { dataDir })).toThrow(/corrupt.*promptPDF\.txt \(corrupt\).*cevnsfit data install coherent-csi-2017/);
    const r = installDatasets([NAME], { from: mirror, dataDir });
    expect(r.datasets[0]!.files.filter((f) => f.action === 'copied').map((f) => f.path)).toEqual(['promptPDF.txt']);
    expect(datasetStatus(NAME, { dataDir }).state).toBe('installed');
  });

  it('names the install command when a dataset is missing', () => {
    const dataDir = tempDir();
    expect(() => requireDataset(NAME, { dataDir })).toThrow(/dataset coherent-csi-2017 is missing.*Install it with: cevnsfit data install coherent-csi-2017 --from/);
    expect(() => loadCsi2017({ dataDir })).toThrow(DatasetUnavailable);
  });

  it('refuses a corrupt mirror copy, naming file, expected and actual hash, and copies nothing', () => {
    const bad = tempDir('cevns-badmirror-');
    mkdirSync(join(bad, NAME));
    for (const f of readdirSync(join(mirror, NAME))) copyFileSync(join(mirror, NAME, f), join(bad, NAME, f));
    const victim = join(bad, NAME, 'data_coincidence_beamOn.txt');
    writeFileSync(victim, readFileSync(victim, 'utf8') + '\n');
    const expected = loadManifest(NAME).files.find((f) => f.path === 'data_coincidence_beamOn.txt')!.sha256;
    const actual = sha256File(victim);
    const dataDir = tempDir();
    let err: unknown;
    try {
      installDatasets([NAME], { from: bad, dataDir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChecksumMismatch);
    const msg = (err as Error).message;
    expect(msg).toContain(victim);
    expect(msg).toContain(`expected sha256 ${expected}`);
    expect(msg).toContain(`got ${actual}`);
    expect(existsSync(join(dataDir, NAME))).toBe(false);
  });

  it('requires a mirror from --from or $CEVNS_DATA_MIRROR, and takes the variable when given', () => {
    expect(() => installDatasets([NAME], { dataDir: tempDir(), env: {} })).toThrow(InvalidSpecification);
    expect(() => installDatasets([NAME], { dataDir: tempDir(), env: {} })).toThrow(/pass --from DIR or set CEVNS_DATA_MIRROR/);
    const dataDir = tempDir();
    installDatasets([NAME], { dataDir, env: { CEVNS_DATA_MIRROR: mirror } });
    expect(datasetStatus(NAME, { dataDir }).state).toBe('installed');
  });

  it('installs into $CEVNS_DATA_DIR/<name>/ when set', () => {
    const root = tempDir();
    const r = installDatasets([NAME], { from: mirror, env: { CEVNS_DATA_DIR: root } });
    expect(r.datasets[0]!.dir).toBe(join(root, NAME));
    expect(existsSync(join(root, NAME, 'promptPDF.txt'))).toBe(true);
  });

  it('rejects unknown dataset names', () => {
    expect(() => installDatasets(['no-such-data'], { from: mirror, dataDir: tempDir() })).toThrow(/unknown dataset "no-such-data"/);
  });
});
