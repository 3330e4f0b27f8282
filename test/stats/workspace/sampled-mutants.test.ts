/**
 * Tests for mutants of src/stats/workspace found by the sampled mutation run (docs/testing.md "Scores per folder"):
 * the measurement configs pyhf needs (lumi: sigmas and auxdata; the POI listed; nothing for parameters without
 * settings), the exactness report of a reparametrised normfactor, pyhf's canonical modifier order on reading, and the
 * errors (each naming its key).
 */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import { loadWorkspace, specToWorkspace, workspaceModelInput, writeWorkspace } from '../../../src/stats/workspace/index.js';
import { InvalidSpecification } from '../../../src/util/errors.js';

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
