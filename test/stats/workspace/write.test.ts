/**
 * The pyhf workspace writer (src/stats/workspace/write.ts):
 *  - round trip on pyhf's validation workspaces (fixtures/pyhf-validation, transcribed from scikit-hep/pyhf):
 *    read → write → read gives the same parameters, data and −2lnL at random points;
 *  - every written workspace validates against pyhf's own JSON schema (vendored, schemas/pyhf);
 *  - a normfactor with a Gaussian prior N(m, s), which pyhf cannot constrain, is written as a histosys in
 *    α = (θ − m)/s: the workspace likelihood at α equals the source likelihood at θ = m + s·α up to the
 *    constant −2·ln s of the Gaussian normalisation;
 *  - what cannot be expressed is refused with an error naming the key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/compile.js';
import type { CompiledModel } from '../../../src/stats/model/compiled.js';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { Rng } from '../../../src/stats/rng.js';
import type { ObservedData } from '../../../src/stats/types.js';
import { loadWorkspace, specToWorkspace, workspaceModelInput, writeWorkspace, type WrittenWorkspace } from '../../../src/stats/workspace/index.js';
import { invalidSpecPath, pyhfHelloWorld } from '../fixtures.js';
import { pyhfSchemaErrors } from './pyhfSchema.js';

type Codes = { normsys: 'code1' | 'code4'; histosys: 'code0' | 'code4p' };

const fixtureDir = new URL('./fixtures/pyhf-validation/', import.meta.url);
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')) as { case: string; settings: { interpolation: Codes }; workspace: unknown });
const cases: { name: string; workspace: unknown; interpolation: Codes }[] = [
  ...fixtures.map((f) => ({ name: f.case, workspace: f.workspace, interpolation: f.settings.interpolation })),
  { name: 'hello-world (pyhf defaults)', workspace: pyhfHelloWorld(), interpolation: { normsys: 'code4', histosys: 'code4p' } },
];

const codesOf = (w: WrittenWorkspace): Codes => ({ normsys: w.meta.interpolation.normsys as Codes['normsys'], histosys: w.meta.interpolation.histosys as Codes['histosys'] });

/** Random parameter vectors inside the bounds (fixed parameters at init). Seeded. */
function randomPoints(model: CompiledModel, n: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  const p = model.params;
  return Array.from({ length: n }, () => {
    const v = Float64Array.from(p.init);
    for (let i = 0; i < p.n; i++) {
      if (p.fixed[i]) continue;
      // Stay away from the extreme tails of [lo, hi] where a shapesys γ → 1e-10 makes −2lnL huge but still finite.
      const lo = Math.max(p.lo[i]!, p.init[i]! - 2);
      const hi = Math.min(p.hi[i]!, p.init[i]! + 2);
      v[i] = lo + (hi - lo) * rng.uniform();
    }
    return v;
  });
}

describe('writeWorkspace: round trip on pyhf validation workspaces (read → write → read)', () => {
  it.each(cases)('$name', ({ workspace, interpolation }) => {
    const a = loadWorkspace(workspace, { interpolation });
    // pyhf ignores measurement configs of parameters the model does not have (one fixture has such a `lumi`).
    const written = writeWorkspace(workspaceModelInput(workspace, { interpolation }), { unusedParameterConfigs: 'drop' });
    expect(pyhfSchemaErrors(written.workspace)).toBeNull();
    expect(codesOf(written)).toEqual(interpolation);
    const b = loadWorkspace(JSON.parse(JSON.stringify(written.workspace)), { interpolation: codesOf(written) });
    expect(b.poi).toBe(a.poi);
    expect(b.model.params.names).toEqual(a.model.params.names);
    expect(Array.from(b.model.params.init)).toEqual(Array.from(a.model.params.init));
    expect(Array.from(b.model.params.lo)).toEqual(Array.from(a.model.params.lo));
    expect(Array.from(b.model.params.hi)).toEqual(Array.from(a.model.params.hi));
    expect(Array.from(b.model.params.fixed)).toEqual(Array.from(a.model.params.fixed));
    expect(Array.from(b.data.main)).toEqual(Array.from(a.data.main));
    expect(Array.from(b.data.aux)).toEqual(Array.from(a.data.aux));
    for (const pars of randomPoints(a.model, 20, 20261130)) {
      const va = a.model.twiceNll(pars, a.data);
      expect(Number.isFinite(va)).toBe(true);
      expect(b.model.twiceNll(pars, b.data)).toBe(va);
    }
  });

  it('a round trip through the wrong interpolation codes is detected (the check has teeth)', () => {
    const c = cases.find((x) => x.name === '2bin_histosys')!;
    const a = loadWorkspace(c.workspace, { interpolation: c.interpolation });
    const written = writeWorkspace(workspaceModelInput(c.workspace, { interpolation: c.interpolation }));
    expect(written.meta.interpolation.differs_from_pyhf_defaults.length).toBeGreaterThan(0);
    const b = loadWorkspace(written.workspace); // pyhf defaults code4/code4p instead of the fixture's code0
    // code0 and code4p agree for |α| ≥ 1 (both linear there) and differ inside.
    const pars = a.model.params.vector({ mu: 1, bkg_norm: 0.5 });
    expect(b.model.twiceNll(pars, b.data)).not.toBeCloseTo(a.model.twiceNll(pars, a.data), 3);
  });
});

/** One channel, three bins: signal (POI mu) and a background with a Gaussian-constrained normalisation. */
function priorSpec(mean: number, sigma: number, extra: Partial<ModelSpec> = {}, bkgMods: ModelSpec['channels'][number]['samples'][number]['modifiers'] = []): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'prior',
    poi: 'mu',
    channels: [
      {
        name: 'sr',
        axes: [{ name: 'x', unit: '1', edges: [0, 1, 2, 3] }],
        samples: [
          { name: 'sig', data: [5, 6, 7], modifiers: [{ type: 'normfactor', name: 'mu' }] },
          { name: 'bkg', data: [50, 40, 30], modifiers: [{ type: 'normfactor', name: 'b' }, ...(bkgMods ?? [])] },
        ],
      },
    ],
    parameters: [
      { name: 'mu', init: 1, bounds: [0, 10] },
      { name: 'b', init: mean, bounds: [0, 3 * mean], constraint: { type: 'gaussian', sigma, mean } },
    ],
    observations: [{ channel: 'sr', data: [60, 44, 41] }],
    ...extra,
  };
}

function twiceNllAt(model: CompiledModel, data: ObservedData, values: Record<string, number>): number {
  return model.twiceNll(model.params.vector(values), data);
}

describe('writeWorkspace: Gaussian-prior normfactor → histosys in α', () => {
  it.each([
    [1, 0.1],
    [2, 0.5],
  ])('prior N(%f, %f): −2lnL_ws(α) = −2lnL(θ = m + s·α) − 2 ln s, for both pyhf histosys codes', (mean, sigma) => {
    const spec = priorSpec(mean, sigma);
    const native = compileModel(spec);
    const nd = native.observedData();
    const w = specToWorkspace(spec);
    expect(pyhfSchemaErrors(w.workspace)).toBeNull();
    expect(w.meta.reparametrised).toHaveLength(1);
    expect(w.meta.reparametrised[0]).toMatchObject({ name: 'b', mean, sigma, exact: true });
    expect(w.meta.twice_nll_offset).toBeCloseTo(-2 * Math.log(sigma), 14);
    // θ bounds [0, 3m] map to α bounds [−m/s, 2m/s].
    const cfg = w.workspace.measurements[0]!.config.parameters.find((p) => p.name === 'b')!;
    expect(cfg.bounds![0]![0]).toBeCloseTo(-mean / sigma, 12);
    expect(cfg.bounds![0]![1]).toBeCloseTo((2 * mean) / sigma, 12);
    for (const histosys of ['code0', 'code4p'] as const) {
      const ws = loadWorkspace(w.workspace, { interpolation: { normsys: 'code4', histosys } });
      for (const alpha of [-1.9, -1, -0.3, 0, 0.4, 1, 1.7]) {
        for (const mu of [0.5, 1.3]) {
          const ref = twiceNllAt(native, nd, { mu, b: mean + sigma * alpha }) + w.meta.twice_nll_offset;
          expect(twiceNllAt(ws.model, ws.data, { mu, b: alpha })).toBeCloseTo(ref, 9);
        }
      }
    }
  });

  it('a sample that also carries a histosys makes the mapping approximate, and the metadata says so', () => {
    const spec = priorSpec(1, 0.1, {}, [{ type: 'histosys', name: 'shape', data: { lo: [45, 40, 35], hi: [55, 40, 25] } }]);
    const w = specToWorkspace(spec);
    expect(w.meta.reparametrised[0]!.exact).toBe(false);
    expect(w.meta.reparametrised[0]!.note).toContain('shape');
    // Exact at the nominal point (θ = m, other α = 0), not elsewhere (cross term b·Δ_shape dropped).
    const native = compileModel(spec);
    const ws = loadWorkspace(w.workspace, { interpolation: { normsys: 'code1', histosys: 'code0' } });
    const off = w.meta.twice_nll_offset;
    expect(twiceNllAt(ws.model, ws.data, { mu: 1, b: 0, shape: 0.7 })).toBeCloseTo(twiceNllAt(native, native.observedData(), { mu: 1, b: 1, shape: 0.7 }) + off, 9);
    expect(twiceNllAt(ws.model, ws.data, { mu: 1, b: 1.5, shape: 0.7 })).not.toBeCloseTo(twiceNllAt(native, native.observedData(), { mu: 1, b: 1.15, shape: 0.7 }) + off, 3);
  });
});

describe('writeWorkspace: layout, per-bin settings and interpolation metadata', () => {
  it('2-D channels are flattened row-major (last axis fastest) and their axes are kept in the metadata', () => {
    const spec: ModelSpec = {
      schemaVersion: '1.0.0',
      poi: 'mu',
      channels: [
        {
          name: 'c',
          axes: [
            { name: 'energy', unit: 'keV', edges: [0, 1, 2] },
            { name: 'time', unit: 'us', edges: [0, 1, 2, 3] },
          ],
          samples: [{ name: 's', data: [[1, 2, 3], [4, 5, 6]], modifiers: [{ type: 'normfactor', name: 'mu' }] }],
        },
      ],
      observations: [{ channel: 'c', data: [[1, 1, 2], [3, 5, 8]] }],
    };
    const w = specToWorkspace(spec);
    expect(w.workspace.channels[0]!.samples[0]!.data).toEqual([1, 2, 3, 4, 5, 6]);
    expect(w.workspace.observations[0]!.data).toEqual([1, 1, 2, 3, 5, 8]);
    expect(w.meta.channels[0]).toEqual({ name: 'c', axes: spec.channels[0]!.axes, n_bins: 6 });
  });

  it('per-bin settings given once are repeated to one value per bin (pyhf requires the full length)', () => {
    const spec: ModelSpec = {
      schemaVersion: '1.0.0',
      poi: 'mu',
      channels: [
        {
          name: 'c',
          axes: [{ name: 'x', unit: '1', edges: [0, 1, 2, 3] }],
          samples: [
            { name: 's', data: [1, 2, 3], modifiers: [{ type: 'normfactor', name: 'mu' }] },
            { name: 'b', data: [10, 20, 30], modifiers: [{ type: 'staterror', name: 'stat' }] },
          ],
        },
      ],
      parameters: [{ name: 'stat', init: 1.05, bounds: [0.5, 1.5] }],
      observations: [{ channel: 'c', data: [11, 22, 33] }],
    };
    // staterror data are required; add them.
    const withData: ModelSpec = JSON.parse(JSON.stringify(spec));
    (withData.channels[0]!.samples[1]!.modifiers as unknown[])[0] = { type: 'staterror', name: 'stat', data: [1, 2, 3] };
    const w = specToWorkspace(withData);
    expect(pyhfSchemaErrors(w.workspace)).toBeNull();
    const cfg = w.workspace.measurements[0]!.config.parameters.find((p) => p.name === 'stat')!;
    expect(cfg.inits).toEqual([1.05, 1.05, 1.05]);
    expect(cfg.bounds).toEqual([[0.5, 1.5], [0.5, 1.5], [0.5, 1.5]]);
    const ws = loadWorkspace(w.workspace, { interpolation: codesOf(w) });
    const native = compileModel(withData);
    for (const pars of randomPoints(native, 10, 3)) {
      const byName = Object.fromEntries(native.params.names.map((n, i) => [n, pars[i]!]));
      expect(twiceNllAt(ws.model, ws.data, byName)).toBeCloseTo(native.twiceNll(pars, native.observedData()), 9);
    }
  });

  it('records which modifiers depend on the interpolation codes', () => {
    const base = (lo: number[], hi: number[], interpolation?: ModelSpec['interpolation']): ModelSpec => ({
      schemaVersion: '1.0.0',
      poi: 'mu',
      channels: [
        {
          name: 'c',
          axes: [{ name: 'x', unit: '1', edges: [0, 1, 2] }],
          samples: [
            { name: 's', data: [1, 2], modifiers: [{ type: 'normfactor', name: 'mu' }] },
            { name: 'b', data: [10, 20], modifiers: [{ type: 'histosys', name: 'h', data: { lo, hi } }] },
          ],
        },
      ],
      observations: [{ channel: 'c', data: [11, 22] }],
      ...(interpolation ? { interpolation } : {}),
    });
    expect(specToWorkspace(base([9, 18], [11, 22])).meta.interpolation.differs_from_pyhf_defaults).toEqual([]);
    expect(specToWorkspace(base([9, 19], [11, 22])).meta.interpolation.differs_from_pyhf_defaults).toEqual(['histosys h']);
    const m = specToWorkspace(base([9, 19], [11, 22], { histosys: 'code4p' })).meta.interpolation;
    expect(m.differs_from_pyhf_defaults).toEqual([]);
    expect(m.pyhf_modifier_settings).toEqual({ normsys: { interpcode: 'code1' }, histosys: { interpcode: 'code4p' } });
  });
});

describe('writeWorkspace: what pyhf cannot express is refused, naming the key', () => {
  it('log-normal prior on a normfactor', () => {
    const s = priorSpec(1, 0.1);
    const spec: ModelSpec = { ...s, parameters: [s.parameters![0]!, { name: 'b', init: 1, bounds: [0.1, 3], constraint: { type: 'lognormal', sigma: 0.1 } }] };
    expect(invalidSpecPath(() => specToWorkspace(spec))).toBe('parameters[1]');
  });
  it('a Gaussian prior on the POI', () => {
    const s = priorSpec(1, 0.1);
    expect(invalidSpecPath(() => specToWorkspace({ ...s, poi: 'b' }))).toBe('parameters[1]');
  });
  it('no POI, no observations', () => {
    const s = priorSpec(1, 0.1);
    expect(invalidSpecPath(() => specToWorkspace({ ...s, poi: null }))).toBe('poi');
    const { observations: _o, ...noObs } = s;
    expect(invalidSpecPath(() => specToWorkspace(noObs))).toBe('observations');
  });
  it('a histosys/normsys prior of width ≠ 1', () => {
    const spec = priorSpec(1, 0.1, {}, [{ type: 'normsys', name: 'n', data: { lo: 0.9, hi: 1.1 } }]);
    const bad: ModelSpec = { ...spec, parameters: [...spec.parameters!, { name: 'n', constraint: { type: 'gaussian', sigma: 2 } }] };
    expect(invalidSpecPath(() => specToWorkspace(bad))).toBe('parameters[2]');
  });
  it('scale with a power ≠ 1, lumi not named lumi, a name shared by a normfactor and a normsys', () => {
    const s = priorSpec(1, 0.1);
    const withSigMods = (mods: NonNullable<ModelSpec['channels'][number]['samples'][number]['modifiers']>): ModelSpec => ({
      ...s,
      channels: [{ ...s.channels[0]!, samples: [{ ...s.channels[0]!.samples[0]!, modifiers: mods }, s.channels[0]!.samples[1]!] }],
    });
    expect(invalidSpecPath(() => specToWorkspace(withSigMods([{ type: 'scale', name: 'mu', power: 2 }])))).toBe('channels[0].samples[0].modifiers[0]');
    const lumi = withSigMods([{ type: 'normfactor', name: 'mu' }, { type: 'lumi', name: 'lumi2' }]);
    expect(invalidSpecPath(() => specToWorkspace({ ...lumi, parameters: [...lumi.parameters!, { name: 'lumi2', constraint: { type: 'gaussian', sigma: 0.02, mean: 1 } }] }))).toBe(
      'channels[0].samples[0].modifiers[1].name',
    );
    expect(invalidSpecPath(() => specToWorkspace(withSigMods([{ type: 'normfactor', name: 'mu' }, { type: 'normsys', name: 'b', data: { lo: 0.9, hi: 1.1 } }])))).toMatch(
      /^(channels\[0\]\.samples\[\d\]\.modifiers\[\d\]|parameters\[1\])$/,
    );
  });
});
