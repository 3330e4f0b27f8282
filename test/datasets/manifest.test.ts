import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidSpecification } from '../../src/util/errors.js';
import { DATASET_NAMES, SUPPORTED_SCHEMA_VERSIONS, axisFromManifest, loadManifest, manifestsDir, validateManifest, type Manifest } from '../../src/datasets/manifest.js';
import { sharedExposure } from '../../src/datasets/exposure.js';

const RECORDED: readonly string[] = ['coherent-csi-2017', 'coherent-csi-2021', 'coherent-lar-2020'];
import { findMirror } from './helpers.js';

function rawManifest(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(manifestsDir(), name, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}

describe('manifests', () => {
  it.each(DATASET_NAMES)('%s validates and every fact has a source and status', (name) => {
    const m = loadManifest(name);
    expect(m.name).toBe(name);
    expect(SUPPORTED_SCHEMA_VERSIONS).toContain(m.schemaVersion);
    // releases of recorded events declare their running period; simulation inputs and digitised curves do not
    expect(m.dataTaking !== undefined, 'dataTaking').toBe(RECORDED.includes(name));
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

describe('running periods (dataTaking, schema 1.1.0)', () => {
  // The cited numbers: CsI[Na] first data 7.48 GW·hr, 1.76e23 POT (arXiv:1708.01294); the complete CsI[Na] data set
  // 13.99 GW·hr, 3.198e23 POT (arXiv:2110.07730), which contains the first; CENNS-10 Analysis A 6.12 GW·hr,
  // 13.8e22 POT (LArParametersAnlA.yaml of the release arXiv:2006.12659).
  const cited: Record<string, { detector: string; from: number; to: number; pot: number }> = {
    'coherent-csi-2017': { detector: 'coherent-csi-na', from: 0, to: 7.48, pot: 1.76e23 },
    'coherent-csi-2021': { detector: 'coherent-csi-na', from: 0, to: 13.99, pot: 3.198e23 },
    'coherent-lar-2020': { detector: 'coherent-cenns10', from: 0, to: 6.12, pot: 13.8e22 },
  };

  it.each(Object.keys(cited))('%s declares the cited detector, exposure interval and POT', (name) => {
    const d = loadManifest(name).dataTaking!;
    const c = cited[name]!;
    expect(d.detector).toBe(c.detector);
    expect(d.site).toBe('SNS');
    expect(d.exposureGWh).toEqual({ from: c.from, to: c.to });
    expect(d.pot).toBe(c.pot);
    // Independent consistency: beam energy / protons is the SNS proton energy, ≈ 1 GeV (0.94–1.0 GeV over 2015–2019).
    const gevPerProton = ((d.exposureGWh.to - d.exposureGWh.from) * 1e9 * 3600) / d.pot / 1.602176634e-10;
    expect(gevPerProton).toBeGreaterThan(0.93);
    expect(gevPerProton).toBeLessThan(1.01);
  });

  it('the complete CsI[Na] set contains CsI-2017; LAr-2020 shares nothing with either', () => {
    const [c17, c21, lar] = ['coherent-csi-2017', 'coherent-csi-2021', 'coherent-lar-2020'].map(loadManifest) as [Manifest, Manifest, Manifest];
    expect(sharedExposure(c17, c21)).toEqual({ detector: 'coherent-csi-na', fromGWh: 0, toGWh: 7.48 });
    expect(sharedExposure(c21, c17)).toEqual({ detector: 'coherent-csi-na', fromGWh: 0, toGWh: 7.48 });
    expect(sharedExposure(c21, lar)).toBeNull();
    expect(sharedExposure(c17, lar)).toBeNull();
    // only the later CsI runs (7.48–13.99 GW·hr) would be independent of CsI-2017: touching intervals share nothing
    const later = { ...c21, dataTaking: { ...c21.dataTaking!, exposureGWh: { from: 7.48, to: 13.99 } } };
    expect(sharedExposure(c17, later)).toBeNull();
    expect(sharedExposure(c21, later)).toEqual({ detector: 'coherent-csi-na', fromGWh: 7.48, toGWh: 13.99 });
    // the simulation inputs declare no running: never an overlap
    expect(sharedExposure(loadManifest('sns-beam'), c21)).toBeNull();
  });

  it('refuses dataTaking in a 1.0.0 manifest, unknown keys in it, an empty interval and numbers that contradict the facts', () => {
    const a = rawManifest('coherent-csi-2021');
    a.schemaVersion = '1.0.0';
    expect(() => validateManifest(a, 'test')).toThrow(/dataTaking: dataTaking needs schemaVersion 1\.1\.0/);
    const b = rawManifest('coherent-csi-2021');
    (b.dataTaking as Record<string, unknown>).runs = 3;
    expect(() => validateManifest(b, 'test')).toThrow(/dataTaking/);
    const c = rawManifest('coherent-csi-2021');
    (c.dataTaking as { exposureGWh: { from: number } }).exposureGWh.from = 13.99;
    expect(() => validateManifest(c, 'test')).toThrow(/dataTaking\.exposureGWh: exposure interval \[13\.99, 13\.99\] GW·hr is empty/);
    const d = rawManifest('coherent-csi-2021');
    (d.dataTaking as { exposureGWh: { to: number } }).exposureGWh.to = 7.48;
    expect(() => validateManifest(d, 'test')).toThrow(/dataTaking\.exposureGWh: exposure interval holds 7\.48 GW·hr but fact exposureGWh is 13\.99/);
    const e = rawManifest('coherent-csi-2017');
    (e.dataTaking as { pot: number }).pot = 3.198e23;
    expect(() => validateManifest(e, 'test')).toThrow(/dataTaking\.pot: pot 3\.198e\+23 differs from fact exposurePot 1\.76e\+23/);
    const f = rawManifest('coherent-lar-2020');
    (f.dataTaking as { detector: string }).detector = 'CENNS 10';
    expect(() => validateManifest(f, 'test')).toThrow(/dataTaking\.detector/);
  });
});
