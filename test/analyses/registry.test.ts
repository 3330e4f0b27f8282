/**
 * The experiment registry (src/analyses/experiments/index.ts) is the one list of experiment kinds: the config schema
 * accepts exactly its names and validates each kind's own section from its entry; every entry's binding module loads
 * and exports `build`; unknown kinds are refused naming the known ones.
 */
import { describe, expect, it } from 'vitest';
import { analysisConfigSchema, configLabel, EXPERIMENTS, parseAnalysisConfig } from '../../src/analyses/config.js';
import { EXPERIMENT_KINDS, experimentKind } from '../../src/analyses/experiments/index.js';
import { InvalidSpecification } from '../../src/util/errors.js';

const base = { schemaVersion: '1.0.0', name: 't' };

describe('experiment registry', () => {
  it('lists each kind once, and the config schema takes exactly its names', () => {
    const names = EXPERIMENT_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...EXPERIMENTS]).toEqual(names);
    expect(analysisConfigSchema.shape.experiment.options).toEqual(names);
    // a combination also needs its members (checked below); every other kind loads from the minimal config
    for (const name of names.filter((n) => n !== 'combination')) expect(parseAnalysisConfig({ ...base, experiment: name }, 't.yaml').config.experiment).toBe(name);
  });

  it('refuses an unregistered kind, at config load and in the registry, naming the known kinds', () => {
    expect(() => parseAnalysisConfig({ ...base, experiment: 'xenon' }, 't.yaml')).toThrow(/experiment.*csi2017.*combination/s);
    expect(() => experimentKind('xenon')).toThrow(InvalidSpecification);
    expect(() => experimentKind('xenon')).toThrow(/unknown experiment "xenon"; known experiments: csi2017, csi2021, lar2020, ccm, jsns2, lar-tonne, combination/);
  });

  it("validates a kind's own section from its entry (strict: an unknown key is named)", () => {
    const withSection = EXPERIMENT_KINDS.filter((k) => 'section' in k).map((k) => (k as { section: { key: string } }).section.key);
    expect(withSection).toEqual(['combination']);
    expect(Object.keys(analysisConfigSchema.shape)).toContain('combination');
    expect(() => parseAnalysisConfig({ ...base, experiment: 'combination', combination: { members: [{ config: 'a.yaml' }], bogus: 1 } }, 't.yaml')).toThrow(/combination.*bogus/s);
    expect(() => parseAnalysisConfig({ ...base, experiment: 'combination', combination: { members: [] } }, 't.yaml')).toThrow(/combination\.members/);
  });

  it("labels a config with its kind's display name", () => {
    for (const k of EXPERIMENT_KINDS) expect(configLabel({ experiment: k.name, data: 'observed' })).toBe(k.label);
    expect(configLabel({ experiment: 'jsns2', data: 'asimov' })).toBe('JSNS^{2} (projection)');
  });

  it("every kind's binding module loads and exports build", async () => {
    for (const k of EXPERIMENT_KINDS) expect(typeof (await k.load()).build, k.name).toBe('function');
  });
});
