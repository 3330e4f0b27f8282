import { describe, it, expect } from 'vitest';
import { parseAnalysisConfig, expandGrid, configLabel } from '../../src/analyses/config.js';

const base = { schemaVersion: '1.0.0', name: 't', experiment: 'csi2017' };

describe('analysis config', () => {
  it('fills defaults and accepts a minimal config', () => {
    const { config } = parseAnalysisConfig(base, 't.yaml');
    expect(config.data).toBe('observed');
    expect(config.region).toEqual({});
  });

  it('rejects unknown keys naming the path', () => {
    expect(() => parseAnalysisConfig({ ...base, signal: { mass_MeV: 10, masss: 3 } }, 't.yaml')).toThrow(/signal\.masss.*unknown key/);
    expect(() => parseAnalysisConfig({ ...base, bogus: 1 }, 't.yaml')).toThrow(/bogus/);
  });

  it('names the key and what was expected for a wrong value', () => {
    expect(() => parseAnalysisConfig({ ...base, experiment: 'xenon' }, 't.yaml')).toThrow(/experiment/);
    expect(() => parseAnalysisConfig({ ...base, region: { pe: [30, 16] } }, 't.yaml')).toThrow(/region\.pe.*high > low/);
    expect(() => parseAnalysisConfig({ ...base, limit: { cl: 1.5 } }, 't.yaml')).toThrow(/limit\.cl.*0 < cl < 1/);
  });

  it('applies --set: dotted paths edit settings, bare names are parameter values', () => {
    const sets = new Map<string, string | number | boolean>([
      ['signal.mass_MeV', 75],
      ['region.pe', '[16, 30]'],
      ['Rn', 5.5],
    ]);
    const { config, parameterSets } = parseAnalysisConfig(base, 't.yaml', sets);
    expect(config.signal?.mass_MeV).toBe(75);
    expect(config.signal?.alpha_D).toBe(0.5);
    expect(config.region.pe).toEqual([16, 30]);
    expect(parameterSets.get('Rn')).toBe(5.5);
    expect(() => parseAnalysisConfig(base, 't.yaml', new Map([['Rn', 'big']]))).toThrow(/--set Rn/);
    expect(() => parseAnalysisConfig(base, 't.yaml', new Map([['limit.cl', 2]]))).toThrow(/limit\.cl/);
  });

  it('expands grids: log grids are geometric, explicit lists are kept', () => {
    const g = expandGrid({ from: 1, to: 100, n: 3, log: true });
    expect(Array.from(g)).toEqual([1, expect.closeTo(10, 12), expect.closeTo(100, 10)]);
    expect(Array.from(expandGrid({ from: 0.5, to: 1.5, n: 3, log: false }))).toEqual([0.5, 1, 1.5]);
    expect(Array.from(expandGrid([3, 1]))).toEqual([3, 1]);
  });
});

describe('quantities with units under unit-suffixed keys', () => {
  const parse = (extra: Record<string, unknown>) => parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'q', experiment: 'csi2017', ...extra }, 'q.yaml');
  it('converts to the key unit (1500 ns → 1.5 µs, 0.3 GeV → 300 MeV) and keeps plain numbers', () => {
    const c = parse({ region: { pe: [16, 30], time_us: ['0 us', '1500 ns'] }, signal: { mass_MeV: 75 }, limit: { mass_MeV: { from: '1 MeV', to: '0.3 GeV', n: 3 } } }).config;
    expect(c.region.time_us![1]).toBeCloseTo(1.5, 12);
    expect(c.region.pe).toEqual([16, 30]);
    expect(c.signal!.mass_MeV).toBe(75);
    expect(c.limit!.mass_MeV).toMatchObject({ n: 3 });
    expect((c.limit!.mass_MeV as { to: number }).to).toBeCloseTo(300, 9);
  });
  it('refuses another dimension (a length for a mass, keVee for keVnr) and names the file and key', () => {
    expect(() => parse({ signal: { mass_MeV: '19.3 m' } })).toThrow(/q\.yaml: signal\.mass_MeV.*MeV/);
    expect(() => parse({ region: { recoil_keVnr: ['14 keVee', '26 keVee'] } })).toThrow(/region\.recoil_keVnr\[0\]/);
  });
});

describe('grids with extra nodes', () => {
  it('merges `include` nodes inside the range in ascending order, dropping duplicates and outside values', () => {
    const g = expandGrid({ from: 100, to: 200, n: 3, log: false, include: [138.28, 150, 250, 134.98] });
    expect(Array.from(g)).toEqual([100, 134.98, 138.28, 150, 200]);
  });
});

describe('label', () => {
  const base = { schemaVersion: '1.0.0', name: 'csi2017-x', experiment: 'csi2017' };
  it('is the name in figures: the config\'s label:, else the experiment\'s display name (projection for Asimov data)', () => {
    expect(configLabel(parseAnalysisConfig({ ...base, label: 'CsI, τ_{A′} = 1 ns' }, 't.yaml').config)).toBe('CsI, τ_{A′} = 1 ns');
    expect(configLabel(parseAnalysisConfig(base, 't.yaml').config)).toBe('COHERENT CsI (2017)');
    expect(configLabel(parseAnalysisConfig({ ...base, experiment: 'lar-tonne', data: 'asimov' }, 't.yaml').config)).toBe('COHERENT LAr tonne (projection)');
  });
  it('must be a non-empty string; a misspelt key stays an error', () => {
    expect(() => parseAnalysisConfig({ ...base, label: '' }, 't.yaml')).toThrow(/label/);
    expect(() => parseAnalysisConfig({ ...base, labels: 'x' }, 't.yaml')).toThrow(/labels/);
  });
});
