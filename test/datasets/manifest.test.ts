import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidSpecification } from '../../src/util/errors.js';
import { DATASET_NAMES, axisFromManifest, loadManifest, manifestsDir, validateManifest } from '../../src/datasets/manifest.js';
import { findMirror } from './helpers.js';

function rawManifest(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(manifestsDir(), name, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

describe('manifests', () => {
  it.each(DATASET_NAMES)('%s validates and every fact has a source and status', (name) => {
    const m = loadManifest(name);
    expect(m.name).toBe(name);
    expect(m.schemaVersion).toBe('1.0.0');
    expect(m.citation.arxiv.length).toBeGreaterThan(0);
    for (const f of m.facts) expect(f.source.length).toBeGreaterThan(5);
  });

  it('lists exactly the files and sha256 of the mirror SHA256SUMS', () => {
    const mirror = findMirror();
    if (mirror === null) throw new Error('mirror not found: set CEVNS_DATA_MIRROR to the datasets mirror (e.g. ../shared/datasets)');
    const sums = new Map<string, string>();
    for (const line of readFileSync(join(mirror, 'SHA256SUMS'), 'utf8').split('\n')) {
      const m = /^([0-9a-f]{64})\s+\.\/(.+)$/.exec(line);
      if (m) sums.set(m[2]!, m[1]!);
    }
    const listed = new Map<string, string>();
    for (const n of DATASET_NAMES) for (const f of loadManifest(n).files) listed.set(`${n}/${f.path}`, f.sha256);
    expect([...listed.keys()].sort()).toEqual([...sums.keys()].sort());
    for (const [k, v] of listed) expect(v, k).toBe(sums.get(k));
  });

  it('rejects unknown keys (strict schema) naming the key path', () => {
    const raw = rawManifest('coherent-csi-2017');
    (raw as { extra?: number }).extra = 1;
    expect(() => validateManifest(raw, 'test')).toThrow(InvalidSpecification);
    const raw2 = rawManifest('coherent-csi-2017');
    ((raw2.files as Array<Record<string, unknown>>)[0]!.format as Record<string, unknown>).delimeter = 'comma';
    expect(() => validateManifest(raw2, 'test')).toThrow(/files\[0\]\.format/);
  });

  it('rejects a bad sha256, an unsupported schema version and a row count inconsistent with the axes', () => {
    const a = rawManifest('coherent-csi-2017');
    (a.files as Array<Record<string, unknown>>)[0]!.sha256 = 'abc';
    expect(() => validateManifest(a, 'test')).toThrow(/files\[0\]\.sha256/);
    const b = rawManifest('coherent-csi-2017');
    b.schemaVersion = '9.9.9';
    expect(() => validateManifest(b, 'test')).toThrow(/schemaVersion/);
    const c = rawManifest('coherent-csi-2017');
    ((c.files as Array<Record<string, unknown>>)[0]!.format as Record<string, unknown>).rows = 599;
    expect(() => validateManifest(c, 'test')).toThrow(/rows 599 differ from the product of the axis bin counts 600/);
  });

  it('resolves uniform and log axes to explicit edges', () => {
    const m = loadManifest('coherent-csi-2017');
    const pe = axisFromManifest(m.files[0]!.axes![0]!);
    expect(Array.from(pe.edges)).toEqual(Array.from({ length: 26 }, (_, i) => 2 * i));
    const ccm = loadManifest('ccm-beam');
    const log = axisFromManifest(ccm.files.find((f) => f.path === 'ccm_800mev_photon_spectra_1e5_POT.txt')!.axes![0]!);
    expect(log.edges.length).toBe(43);
    expect(log.edges[0]).toBeCloseTo(1, 12);
    expect(log.edges[42]).toBeCloseTo(1000, 9);
    expect(log.edges[14]).toBeCloseTo(10, 10);
  });
});
