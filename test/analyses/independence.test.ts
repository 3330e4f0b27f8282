/**
 * Independent data in combinations (src/analyses/experiments/independence.ts, manifests' `dataTaking`):
 *  - CsI-2021 is the complete CsI[Na] data set and contains CsI-2017: a combination of the two is refused, naming both;
 *  - CsI-2021 + LAr-2020 (different detectors) is accepted, and so is CsI-2017 + LAr-2020;
 *  - the same release twice is refused; the check also guards `build` for configs assembled in code.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig } from '../../src/analyses/config.js';
import { build } from '../../src/analyses/experiments/combination.js';
import { checkIndependentMembers } from '../../src/analyses/experiments/independence.js';
import { EXPERIMENT_KINDS, experimentKind } from '../../src/analyses/experiments/index.js';
import { DATASET_NAMES } from '../../src/datasets/manifest.js';
import { InvalidSpecification } from '../../src/util/errors.js';

const fitsDir = fileURLToPath(new URL('../../fits/', import.meta.url));
const signal = { family: 'dark-photon', mass_MeV: 75, chi_mass_ratio: 3, alpha_D: 0.5 };
const combination = (members: Array<{ config: string; name?: string }>) =>
  parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'combo', experiment: 'combination', data: 'observed', combination: { members }, signal }, `${fitsDir}combo-test.yaml`);

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSpecification);
    return (e as InvalidSpecification).message;
  }
  throw new Error('expected an InvalidSpecification');
}

describe('data releases per experiment', () => {
  it('every experiment declares the releases it fits, each a known dataset', () => {
    for (const k of EXPERIMENT_KINDS) for (const d of k.dataReleases) expect(DATASET_NAMES).toContain(d);
    // the three data releases, each fitted by exactly one kind; projections and combinations fit none of their own
    expect(EXPERIMENT_KINDS.flatMap((k) => k.dataReleases).sort()).toEqual(['coherent-csi-2017', 'coherent-csi-2021', 'coherent-lar-2020']);
  });
});

describe('a combination refuses members whose data overlap', () => {
  it('CsI-2017 + CsI-2021: refused at config load, naming both members, both releases and the shared exposure', () => {
    const m = message(() => combination([{ config: 'csi2017-dm-limit.yaml' }, { config: 'lar2020-dm-limit.yaml' }, { config: 'csi2021-dm-limit.yaml' }]));
    expect(m).toMatch(/members csi2017 and csi2021 overlap/);
    expect(m).toMatch(/coherent-csi-2017 \(0–7\.48 GW·hr\) and coherent-csi-2021 \(0–13\.99 GW·hr\)/);
    expect(m).toMatch(/coherent-csi-na data of 0–7\.48 GW·hr/);
    expect(m).toMatch(/use coherent-csi-2021 \(member csi2021\) alone/);
    expect(m).toMatch(/combination\.members/);
  });

  it('the same release twice (two CsI-2017 analyses) is refused', () => {
    expect(message(() => combination([{ config: 'csi2017-dm-limit.yaml', name: 'a' }, { config: 'csi2017-cut-and-count.yaml', name: 'b' }]))).toMatch(/members a and b overlap.*0–7\.48 GW·hr/);
  });

  it('build() refuses an overlapping member list assembled in code (no config-load check)', async () => {
    const ok = combination([{ config: 'lar2020-dm-limit.yaml' }, { config: 'csi2021-dm-limit.yaml' }]).config;
    const c17 = loadAnalysisConfig(`${fitsDir}csi2017-dm-limit.yaml`).config;
    const bad: AnalysisConfig = { ...ok, combination: { ...ok.combination!, loaded: [...ok.combination!.loaded!, { name: 'old', file: 'x', config: c17 }] } };
    let err: unknown = null;
    const registry = {
      buildExperiment: async () => {
        throw new Error('members must not be built before the check');
      },
      kindOf: experimentKind,
    };
    await build(bad, registry).catch((e: unknown) => (err = e));
    expect(err).toBeInstanceOf(InvalidSpecification);
    expect((err as Error).message).toMatch(/members csi2021 and old overlap/);
  });

  it('CsI-2021 + LAr-2020 and CsI-2017 + LAr-2020 (different detectors) are accepted', () => {
    const a = combination([{ config: 'lar2020-dm-limit.yaml' }, { config: 'csi2021-dm-limit.yaml' }]);
    expect(a.config.combination!.loaded!.map((m) => m.name)).toEqual(['lar2020', 'csi2021']);
    expect(() => combination([{ config: 'csi2017-dm-limit.yaml' }, { config: 'lar2020-dm-limit.yaml' }])).not.toThrow();
    expect(() => checkIndependentMembers([{ name: 'x', releases: experimentKind('ccm').dataReleases }, { name: 'y', releases: experimentKind('lar-tonne').dataReleases }], 'k')).not.toThrow();
  });

  it('the shipped combinations load (their members are independent)', () => {
    for (const f of ['coherent-combined-dm-limit.yaml', 'coherent-two-mediator-limit.yaml']) expect(() => loadAnalysisConfig(`${fitsDir}${f}`), f).not.toThrow();
    const members = loadAnalysisConfig(`${fitsDir}coherent-combined-dm-limit.yaml`).config.combination!.loaded!.map((m) => m.config.experiment);
    expect(members.sort()).toEqual(['csi2021', 'lar2020']);
  });
});
