/**
 * Tests for mutants of src/stats/workspace found by the sampled mutation run (docs/testing.md "Scores per folder"):
 * the measurement configs pyhf needs (lumi: sigmas and auxdata; the POI listed; nothing for parameters without
 * settings), the exactness report of a reparametrised normfactor, pyhf's canonical modifier order on reading, and the
 * errors (each naming its key).
 */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { loadWorkspace, specToWorkspace, workspaceModelInput, writeWorkspace } from '../../../src/stats/workspace/index.js';
import { loadWorkspaceText } from '../../../src/stats/workspace/read.js';
import { InvalidSpecification } from '../../../src/util/errors.js';
import { invalidSpecPath as invalidSpecPathOf } from '../fixtures.js';

function spec(extra: { parameters?: unknown[]; signalModifiers?: unknown[] } = {}): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'ws',
    poi: 'mu',
    parameters: [{ name: 'lumi', constraint: { type: 'gaussian', sigma: 0.02 } }, { name: 'k', constraint: { type: 'gaussian', sigma: 0.1 } }, ...(extra.parameters ?? [])],
    channels: [
      {
        name: 'c',
        axes: [{ name: 'x', unit: 'keVnr', edges: [0, 1, 2] }],
        samples: [
          { name: 's', data: [5, 6], modifiers: [{ type: 'normfactor', name: 'mu' }, { type: 'lumi', name: 'lumi' }, ...(extra.signalModifiers ?? [])] },
          { name: 'b', data: [20, 30], modifiers: [{ type: 'shapesys', name: 'ss', data: [2, 3] }, { type: 'normfactor', name: 'k' }] },
        ],
      },
    ],
    observations: [{ channel: 'c', data: [24, 37] }],
  } as ModelSpec;
}

describe('specToWorkspace: measurement configs', () => {
  it('lists the POI, gives lumi its width and auxiliary datum, and writes no entry for a parameter without settings', () => {
    const w = specToWorkspace(spec());
    const params = w.workspace.measurements[0]!.config.parameters;
    expect(params.map((p) => p.name).sort()).toEqual(['k', 'lumi', 'mu']); // no entry for the shapesys 'ss'
    expect(params.find((p) => p.name === 'lumi')).toEqual({ name: 'lumi', sigmas: [0.02], auxdata: [1] });
    expect(params.find((p) => p.name === 'mu')).toEqual({ name: 'mu' });
  });

  it('a normfactor with a Gaussian prior used alone is reparametrised exactly', () => {
    const w = specToWorkspace(spec());
    expect(w.meta.reparametrised).toHaveLength(1);
    expect(w.meta.reparametrised[0]).toMatchObject({ name: 'k', mean: 1, sigma: 0.1, exact: true, note: null });
  });

  it('a name shared by a normsys and a histosys is allowed (as in pyhf)', () => {
    const s = spec({
      parameters: [{ name: 'sys', constraint: { type: 'gaussian', sigma: 1 } }],
      signalModifiers: [
        { type: 'normsys', name: 'sys', data: { lo: 0.9, hi: 1.1 } },
        { type: 'histosys', name: 'sys', data: { lo: [4, 5], hi: [6, 7] } },
      ],
    });
    const mods = specToWorkspace(s).workspace.channels[0]!.samples.find((x) => x.name === 's')!.modifiers.filter((m) => m.name === 'sys');
    expect(mods.map((m) => m.type).sort()).toEqual(['histosys', 'normsys']);
  });

  it('a histosys symmetric up to rounding is not reported as asymmetric, also in a bin where the down template is 0', () => {
    // bin 0: nominal 0.1 + 0.2 = 0.30000000000000004, lo 0, hi 0.6: (hi − nom) − (nom − lo) = −1.1e-16, far below
    // the relative tolerance 1e-12 · max(|nom|, |lo|, |hi|)
    const asym = (hi0: number) => {
      const s = { ...spec({ parameters: [{ name: 'hs', constraint: { type: 'gaussian', sigma: 1 } }], signalModifiers: [{ type: 'histosys', name: 'hs', data: { lo: [0, 4], hi: [hi0, 8] } }] }), interpolation: { normsys: 'code1', histosys: 'code0' } } as ModelSpec;
      s.channels[0]!.samples[0]!.data = [0.1 + 0.2, 6];
      return specToWorkspace(s).meta.interpolation.differs_from_pyhf_defaults;
    };
    expect(asym(0.6)).not.toContain('histosys hs');
    expect(asym(0.7)).toContain('histosys hs');
  });

  it('refuses a model without observations and a normsys prior of width ≠ 1, naming the key', () => {
    expect(() => specToWorkspace({ ...spec(), observations: undefined } as ModelSpec)).toThrow(/^observations: a pyhf workspace needs observations for every channel; the model has none$/);
    const s = spec({ parameters: [{ name: 'ns', constraint: { type: 'gaussian', sigma: 2 } }], signalModifiers: [{ type: 'normsys', name: 'ns', data: { lo: 0.9, hi: 1.1 } }] });
    expect(() => specToWorkspace(s)).toThrow(/^parameters\[2\]: 'ns' \(normsys\) has a Gaussian prior of width 2; pyhf constrains it by N\(auxdata, 1\)/);
  });
});

describe('loadWorkspace', () => {
  const ws = () => JSON.parse(JSON.stringify(specToWorkspace(spec()).workspace));

  it('the parameter order does not depend on the order of the modifiers in the file (pyhf sorts them)', () => {
    // two parameters without a measurement config ('ss', 'st'): their order is that of first appearance
    const withStat = () => {
      const w = ws();
      w.channels[0].samples.find((s: { name: string }) => s.name === 'b').modifiers.push({ name: 'st', type: 'staterror', data: [1, 1] });
      return w;
    };
    const a = withStat();
    const b = withStat();
    for (const s of b.channels[0].samples) s.modifiers.reverse();
    const names = (w: unknown) => loadWorkspace(w).model.params.names;
    expect(names(b)).toEqual(names(a));
    expect(names(a).filter((n) => /^s[st]\[/.test(n))).toEqual(['ss[0]', 'ss[1]', 'st[0]', 'st[1]']);
    expect(a.channels[0].samples.find((s: { name: string }) => s.name === 's').modifiers.map((m: { name: string }) => m.name)).not.toEqual(
      b.channels[0].samples.find((s: { name: string }) => s.name === 's').modifiers.map((m: { name: string }) => m.name),
    );
  });

  it('an unknown POI is reported at the measurement key, once', () => {
    const w = ws();
    w.measurements[0].config.poi = 'nope';
    expect(() => loadWorkspace(w)).toThrow(/^measurements\[0\]\.config\.poi: the parameter of interest 'nope' is not a parameter of the model/);
  });

  it('a bin with zero expectation and observed events is refused, naming the samples', () => {
    const w = ws();
    for (const s of w.channels[0].samples) s.data[0] = 0;
    expect(() => loadWorkspace(w)).toThrow("channel 'c', bin 0: the nominal expectation is zero (samples 's', 'b') but 24 events are observed");
  });

  it('options.measurement picks a measurement by name; an unknown name lists the available ones', () => {
    const w = ws();
    w.measurements.push({ name: 'second', config: { ...w.measurements[0].config, poi: 'k' } });
    expect(loadWorkspace(w).poi).toBe('mu');
    expect(loadWorkspace(w, { measurement: 'second' }).poi).toBe('k');
    expect(loadWorkspace(w, { measurement: 'ws' }).poi).toBe('mu');
    expect(() => loadWorkspace(w, { measurement: 'third' })).toThrow(/^measurements: no measurement named 'third' \(available: ws, second\)/);
  });
});

describe('specToWorkspace: what pyhf cannot express is refused, naming the modifier', () => {
  it('θ^k with k ≠ 1 (pyhf has only the normfactor, k = 1), while k = 1 is written as a normfactor', () => {
    expect(() => specToWorkspace(spec({ signalModifiers: [{ type: 'scale', name: 'g', power: 2 }] }))).toThrow(/no modifier for θ\^2 \('g'\)/);
    const w = specToWorkspace(spec({ signalModifiers: [{ type: 'scale', name: 'g', power: 1 }] }));
    const mods = w.workspace.channels[0]!.samples.find((s) => s.name === 's')!.modifiers;
    expect(mods).toContainEqual({ name: 'g', type: 'normfactor', data: null });
  });

  it('a shapefactor with a prior (pyhf shapefactors are free), while one without is written', () => {
    const sf = [{ type: 'shapefactor', name: 'sf' }];
    expect(() => specToWorkspace(spec({ signalModifiers: sf, parameters: [{ name: 'sf', constraint: { type: 'gaussian', sigma: 0.1 } }] }))).toThrow(/shapefactor 'sf' has a prior/);
    const w = specToWorkspace(spec({ signalModifiers: sf }));
    const mods = w.workspace.channels[0]!.samples.find((s) => s.name === 's')!.modifiers;
    expect(mods).toContainEqual({ name: 'sf', type: 'shapefactor', data: null });
  });
});

describe('loadWorkspace: per-bin modifier data must have one entry per bin', () => {
  it('a staterror (as a shapesys) with the wrong number of bins is refused at its JSON path', () => {
    for (const type of ['staterror', 'shapesys']) {
      const ws = {
        channels: [{ name: 'c', samples: [{ name: 'b', data: [10, 20], modifiers: [{ name: 'e', type, data: [1] }, { name: 'mu', type: 'normfactor', data: null }] }] }],
        observations: [{ name: 'c', data: [10, 20] }],
        measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
        version: '1.0.0',
      };
      expect(() => loadWorkspace(ws)).toThrow(new RegExp(`${type} data has 1 bins, expected 2`));
    }
  });
});

describe('specToWorkspace: a name shared by two modifier types', () => {
  it('is refused unless the pair is normsys + histosys (pyhf couples only those)', () => {
    // 'k' is the background's normfactor; as a normsys of the signal too it would be one parameter in two roles
    const shared = [{ type: 'normsys', name: 'k', data: { lo: 0.9, hi: 1.1 } }];
    expect(() => specToWorkspace(spec({ signalModifiers: shared }))).toThrow(/'k' is used by modifiers of types normsys and normfactor/);
  });
});

describe('loadWorkspace: a negative nominal expectation', () => {
  it('names the channel, the bin, the most negative sample (its JSON path) and the other negative ones only', () => {
    const ws = {
      channels: [
        {
          name: 'sr',
          samples: [
            { name: 'zero', data: [0, 1], modifiers: [] },
            { name: 'b', data: [-2, 1], modifiers: [] },
            { name: 'a', data: [-5, 1], modifiers: [{ name: 'mu', type: 'normfactor', data: null }] },
            { name: 'c', data: [3, 1], modifiers: [] },
          ],
        },
      ],
      observations: [{ name: 'sr', data: [0, 4] }],
      measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
      version: '1.0.0',
    };
    let err: unknown;
    try {
      loadWorkspace(ws);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    // −5 − 2 + 0 + 3 = −4; 'a' is the most negative; 'zero' (0) is not negative
    expect((err as Error).message).toContain("channel 'sr', bin 0: the nominal expectation is negative (-4); sample 'a' contributes -5 (negative also in 'b')");
    expect((err as Error).message).toContain('channels[0].samples[2].data[0]');
    // one negative sample only: no "also" list
    ws.channels[0]!.samples[1]!.data[0] = 1;
    expect(() => loadWorkspace(ws)).toThrow(/the nominal expectation is negative \(-1\); sample 'a' contributes -5$/m);
  });
});

describe('loadWorkspace: modifiers are taken in pyhf order, sorted by (name, type), whatever their order in the file', () => {
  // pyhf's model config lists the modifiers as the sorted set of (name, type) pairs; parameters of one type that are not
  // sorted by name (here normsys) follow that order of first appearance, not the order written in the sample.
  const ws = (mods: unknown[]) => ({
    channels: [
      {
        name: 'c',
        samples: [
          { name: 's', data: [5, 6], modifiers: [{ name: 'mu', type: 'normfactor', data: null }, ...mods] },
          { name: 'b', data: [20, 30], modifiers: [] },
        ],
      },
    ],
    observations: [{ name: 'c', data: [24, 37] }],
    measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
    version: '1.0.0',
  });
  const normsys = (name: string) => ({ name, type: 'normsys', data: { hi: 1.1, lo: 0.9 } });
  it('two normsys written as zeta, alpha are parameters alpha, zeta', () => {
    expect(loadWorkspace(ws([normsys('zeta'), normsys('alpha')])).model.params.names).toEqual(['mu', 'alpha', 'zeta']);
    expect(loadWorkspace(ws([normsys('alpha'), normsys('zeta')])).model.params.names).toEqual(['mu', 'alpha', 'zeta']);
  });
  it('a name on a normsys and a staterror of one sample is refused naming the types in pyhf order, for either file order', () => {
    const staterror = { name: 'x', type: 'staterror', data: [1, 1] };
    const refused = new InvalidSpecification(
      "name 'x' is used by modifiers with a scalar and a per-bin parameter (normsys, staterror); use distinct names",
      'channels(sorted)[0].samples[1].modifiers[1]',
    );
    expect(() => loadWorkspace(ws([normsys('x'), staterror]))).toThrow(refused);
    expect(() => loadWorkspace(ws([staterror, normsys('x')]))).toThrow(refused);
  });
});

describe('specToWorkspace: staterror settings', () => {
  it("a staterror declared with a Gaussian width and mean writes them as the parameter's sigmas and auxdata (no mean: no auxdata)", () => {
    const spec = (constraint: object) => ({
      schemaVersion: '1.0.0',
      name: 'ws',
      poi: 'mu',
      parameters: [{ name: 'st', constraint }],
      channels: [
        {
          name: 'c',
          axes: [{ name: 'x', unit: 'keVnr', edges: [0, 1, 2] }],
          samples: [
            { name: 's', data: [5, 6], modifiers: [{ type: 'normfactor', name: 'mu' }] },
            { name: 'b', data: [20, 30], modifiers: [{ type: 'staterror', name: 'st', data: [2, 3] }] },
          ],
        },
      ],
      observations: [{ channel: 'c', data: [24, 37] }],
    }) as unknown as ModelSpec;
    const w = specToWorkspace(spec({ type: 'gaussian', sigma: 0.1, mean: 1.05 })).workspace;
    expect(w.measurements[0]!.config.parameters).toEqual([{ name: 'mu' }, { name: 'st', sigmas: [0.1, 0.1], auxdata: [1.05, 1.05] }]);
    // read back: the auxiliary measurements of γ_0, γ_1 are 1.05
    expect(Array.from(loadWorkspace(JSON.parse(JSON.stringify(w))).model.nominalAux)).toEqual([1.05, 1.05]);
    // without a mean the auxiliary measurement is pyhf's default (1): nothing to write
    const noMean = specToWorkspace(spec({ type: 'gaussian', sigma: 0.1 })).workspace;
    expect(noMean.measurements[0]!.config.parameters).toEqual([{ name: 'mu' }, { name: 'st', sigmas: [0.1, 0.1] }]);
  });

  it('settings the model ignores are not written: sigmas and auxdata of a normfactor or a shapefactor (both unconstrained)', () => {
    const ws = {
      channels: [
        {
          name: 'c',
          samples: [
            {
              name: 's',
              data: [5, 6],
              modifiers: [
                { name: 'mu', type: 'normfactor', data: null },
                { name: 'k', type: 'normfactor', data: null },
                { name: 'sf', type: 'shapefactor', data: null },
              ],
            },
          ],
        },
      ],
      observations: [{ name: 'c', data: [24, 37] }],
      measurements: [{ name: 'm', config: { poi: 'mu', parameters: [{ name: 'k', sigmas: [0.1], auxdata: [1] }, { name: 'sf', sigmas: [0.2, 0.3], auxdata: [1, 1] }] } }],
      version: '1.0.0',
    };
    expect(loadWorkspace(ws).model.nominalAux).toHaveLength(0); // no constraint term
    expect(writeWorkspace(workspaceModelInput(ws)).workspace.measurements[0]!.config.parameters).toEqual([{ name: 'mu' }]);
  });
});

describe('specToWorkspace: modifier mappings (survivors of the full mutation run of src/stats/model/modifiers)', () => {
  const base = (bModifiers: unknown[], parameters: unknown[] = []) =>
    ({
      schemaVersion: '1.0.0',
      name: 'ws',
      poi: 'mu',
      parameters,
      channels: [
        {
          name: 'c',
          axes: [{ name: 'x', unit: 'keVnr', edges: [0, 1, 2] }],
          samples: [
            { name: 's', data: [5, 6], modifiers: [{ type: 'normfactor', name: 'mu' }] },
            { name: 'b', data: [20, 30], modifiers: bModifiers },
          ],
        },
      ],
      observations: [{ channel: 'c', data: [24, 37] }],
    }) as unknown as ModelSpec;

  it("pyhf's lumi must be named 'lumi'", () => {
    expect(() => specToWorkspace(base([{ type: 'lumi', name: 'L' }], [{ name: 'L', constraint: { type: 'gaussian', sigma: 0.02 } }]))).toThrow(
      new InvalidSpecification("pyhf requires the lumi modifier to be named 'lumi' (got 'L')", 'channels[0].samples[1].modifiers[0].name'),
    );
  });

  it('absolute per-bin uncertainties are scaled with their sample when a Gaussian-prior normfactor (mean 2) is folded into it', () => {
    const spec = base(
      [
        { type: 'normfactor', name: 'k' },
        { type: 'staterror', name: 'st', data: [1, 2] },
        { type: 'shapesys', name: 'ss', data: [3, 4] },
      ],
      [{ name: 'k', constraint: { type: 'gaussian', sigma: 0.2, mean: 2 } }],
    );
    const b = specToWorkspace(spec).workspace.channels[0]!.samples.find((x) => x.name === 'b')!;
    expect(b.data).toEqual([40, 60]);
    const data = (t: string) => (b.modifiers.find((m) => m.type === t) as { data: number[] }).data;
    expect(data('staterror')).toEqual([2, 4]);
    expect(data('shapesys')).toEqual([6, 8]);
  });
});

describe('full run of read.ts and validate.ts: survivors killed', () => {
  const simple = (sig: number[], bkg: number[], obs: number[], bkgMods: unknown[] = []): any => ({
    channels: [{ name: 'c', samples: [{ name: 's', data: sig, modifiers: [{ name: 'mu', type: 'normfactor', data: null }] }, { name: 'b', data: bkg, modifiers: bkgMods }] }],
    observations: [{ name: 'c', data: obs }],
    measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
    version: '1.0.0',
  });

  it('a bin with zero expectation and zero observed events is allowed (Poisson(0 | 0) = 1)', () => {
    const { model, data } = loadWorkspace(simple([0, 5], [0, 10], [0, 14]));
    expect(model.nBins).toBe(2);
    // −2 ln L at μ = 1: bin 0 contributes 0; bin 1 is −2 ln Poisson(14 | 15)
    let ref = 2 * (15 - 14 * Math.log(15));
    for (let k = 2; k <= 14; k++) ref += 2 * Math.log(k);
    expect(model.twiceNll(model.params.init, data)).toBeCloseTo(ref, 10);
  });

  it('a JSON path through an index of two digits is written with brackets', () => {
    const w = simple([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    w.channels[0].samples[1].data[11] = 'x';
    expect(() => loadWorkspace(w)).toThrow(/^channels\[0\]\.samples\[1\]\.data\[11\]: invalid pyhf workspace: must be number$/);
  });

  it('options.interpolation replaces the defaults: normsys code1 = hi^α, histosys code0 = linear', () => {
    const w = simple([0], [100], [100], [
      { name: 'n', type: 'normsys', data: { lo: 0.8, hi: 1.25 } },
      { name: 'h', type: 'histosys', data: { lo_data: [90], hi_data: [120] } },
    ]);
    const { model } = loadWorkspace(w, { interpolation: { normsys: 'code1', histosys: 'code0' } });
    const out = new Float64Array(1);
    model.expected(model.params.vector({ n: 0.5, h: 0.5 }), out);
    // code0: 100 + 0.5·(120 − 100) = 110; code1: ×1.25^0.5
    expect(out[0]).toBeCloseTo(110 * Math.sqrt(1.25), 10);
  });

  it('an unknown POI in a measurement chosen by name is reported at that measurement', () => {
    const w = simple([1], [1], [2]);
    w.measurements.push({ name: 'other', config: { poi: 'nope', parameters: [] } });
    expect(() => loadWorkspace(w, { measurement: 'other' })).toThrow(/^measurements\[1\]\.config\.poi: the parameter of interest 'nope'/);
  });

  it('text that is not JSON names the file and says so', () => {
    expect(() => loadWorkspaceText('{"channels": [', 'bad.json')).toThrow(/^bad\.json: not valid JSON \(.+\)$/);
  });

  it('semantic errors name their JSON path and say what is wrong', () => {
    const dupCh = simple([1], [1], [2]);
    dupCh.channels.push(dupCh.channels[0]);
    expect(() => loadWorkspace(dupCh)).toThrow(/^channels\[1\]\.name: duplicate channel 'c'$/);
    const bins = simple([1, 2], [1], [2, 2]);
    expect(() => loadWorkspace(bins)).toThrow(/^channels\[0\]\.samples\[1\]\.data: sample has 1 bins, channel 'c' has 2$/);
    const lo = simple([1], [1], [2], [{ name: 'h', type: 'histosys', data: { lo_data: [1, 1], hi_data: [1] } }]);
    expect(() => loadWorkspace(lo)).toThrow(/^channels\[0\]\.samples\[1\]\.modifiers\[0\]\.data\.lo_data: lo_data has 2 bins, expected 1$/);
    const hi = simple([1], [1], [2], [{ name: 'h', type: 'histosys', data: { lo_data: [1], hi_data: [1, 1, 1] } }]);
    expect(() => loadWorkspace(hi)).toThrow(/^channels\[0\]\.samples\[1\]\.modifiers\[0\]\.data\.hi_data: hi_data has 3 bins, expected 1$/);
    const dupObs = simple([1], [1], [2]);
    dupObs.observations.push({ name: 'c', data: [3] });
    expect(() => loadWorkspace(dupObs)).toThrow(/^observations\[1\]\.name: duplicate observation 'c'$/);
    const unk = simple([1], [1], [2]);
    unk.observations.push({ name: 'd', data: [3] });
    expect(() => loadWorkspace(unk)).toThrow(/^observations\[1\]\.name: observation for unknown channel 'd'$/);
    // a channel without observation, also when a bin has zero expectation
    const none = simple([1], [1], [2]);
    none.channels.push({ name: 'd', samples: [{ name: 'z', data: [0], modifiers: [] }] });
    expect(() => loadWorkspace(none)).toThrow(/^observations: no observation for channel 'd'$/);
    const zero = simple([0], [0], [3]);
    expect(() => loadWorkspace(zero)).toThrow(/^channels\[0\]\.samples\[\*\]\.data\[0\]: /);
  });

  it('the negative-expectation error names the most negative sample wherever it is, and lists the others', () => {
    const w = {
      channels: [{ name: 'c', samples: [
        { name: 'p', data: [-5], modifiers: [{ name: 'mu', type: 'normfactor', data: null }] },
        { name: 'q', data: [-2], modifiers: [] },
        { name: 'r', data: [-1], modifiers: [] },
        { name: 's', data: [4], modifiers: [] },
      ] }],
      observations: [{ name: 'c', data: [1] }],
      measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
      version: '1.0.0',
    };
    // −5 − 2 − 1 + 4 = −4
    expect(() => loadWorkspace(w)).toThrow(/^channels\[0\]\.samples\[0\]\.data\[0\]: channel 'c', bin 0: the nominal expectation is negative \(-4\); sample 'p' contributes -5 \(negative also in 'q', 'r'\)$/);
  });

  it('channels get one axis `bin` of unit 1 with edges 0…n (header of read.ts)', () => {
    expect(workspaceModelInput(simple([1, 2, 3], [1, 1, 1], [2, 3, 4])).channels[0]!.axes).toEqual([{ name: 'bin', unit: '1', edges: [0, 1, 2, 3] }]);
  });

  it('measurement parameter configs: inits and fixed are applied; a config error names its measurement entry', () => {
    const w = simple([1], [10], [12], [{ name: 'k', type: 'normfactor', data: null }]);
    w.measurements[0].config.parameters = [{ name: 'mu', inits: [2] }, { name: 'k', fixed: true, inits: [1.5] }];
    const { model } = loadWorkspace(w);
    expect(model.params.init[model.params.index('mu')]).toBe(2);
    expect(model.params.init[model.params.index('k')]).toBe(1.5);
    expect(Boolean(model.params.fixed[model.params.index('k')])).toBe(true);
    expect(Boolean(model.params.fixed[model.params.index('mu')])).toBe(false);
    const lumi = simple([1], [10], [12], [{ name: 'lumi', type: 'lumi', data: null }]);
    lumi.measurements[0].config.parameters = [{ name: 'mu' }, { name: 'lumi', auxdata: [1] }];
    expect(invalidSpecPathOf(() => loadWorkspace(lumi))).toMatch(/^measurements\[0\]\.config\.parameters\[1\]/);
  });

  it('errors of a modifier at indices of two digits are those of its own type', () => {
    const sample = (i: number) => ({ name: `s${i}`, data: [1], modifiers: [] as unknown[] });
    const ch = (i: number) => ({ name: `c${i}`, samples: Array.from({ length: 11 }, (_, j) => sample(j)) });
    const w: any = { channels: Array.from({ length: 11 }, (_, i) => ch(i)), observations: [{ name: 'c0', data: [1] }], measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }], version: '1.0.0' };
    w.channels[10].samples[10].modifiers = Array.from({ length: 11 }, (_, i) => ({ name: `n${i}`, type: 'normfactor', data: null }));
    w.channels[10].samples[10].modifiers[10] = { name: 'e', type: 'normsys', data: { lo: 0.9 } };
    expect(() => loadWorkspace(w)).toThrow(/^channels\[10\]\.samples\[10\]\.modifiers\[10\]\.data\.hi: invalid pyhf workspace: missing required key 'hi'$/);
  });

  it('a modifier that is null is reported as of unknown type', () => {
    const w = simple([1], [1], [2]);
    w.channels[0].samples[1].modifiers = [null];
    expect(() => loadWorkspace(w)).toThrow(/^channels\[0\]\.samples\[1\]\.modifiers\[0\]\.type: invalid pyhf workspace: unknown modifier type undefined \(pyhf has histosys, lumi, normfactor, normsys, shapefactor, shapesys, staterror\)/);
  });

  it('a shapesys config `factors` sets the Poisson τ of each bin (pyhf: τ = (nominal/σ)² by default)', () => {
    const w = simple([1, 1], [50, 52], [51, 48], [{ name: 'u', type: 'shapesys', data: [3, 7] }]);
    const tau = (ws: any, i: number) => {
      const { model } = loadWorkspace(ws);
      const c = model.params.constraints[model.params.index(`u[${i}]`)]!;
      return c.type === 'poisson' ? c.tau : NaN;
    };
    expect(tau(w, 0)).toBeCloseTo((50 / 3) ** 2, 9);
    w.measurements[0].config.parameters = [{ name: 'u', factors: [100, 200] }];
    expect([tau(w, 0), tau(w, 1)]).toEqual([100, 200]);
  });

  it('the unknown-type error is reported once, with the known types separated by commas', () => {
    const w = simple([1], [1], [2]);
    w.channels[0].samples[1].modifiers = [{ name: 'x', type: 'normfactr', data: null }];
    expect(() => loadWorkspace(w)).toThrow(
      new InvalidSpecification('invalid pyhf workspace: unknown modifier type "normfactr" (pyhf has histosys, lumi, normfactor, normsys, shapefactor, shapesys, staterror)', 'channels[0].samples[1].modifiers[0].type'),
    );
  });

  it('a model error of the sorted channels names them as channels(sorted)', () => {
    const w = simple([1], [1], [2]);
    w.channels[0].samples[1].name = 's';
    expect(invalidSpecPathOf(() => loadWorkspace(w))).toBe('channels(sorted)[0].samples[1].name');
  });
});
