/**
 * Tests for mutants of src/stats/model (and modifiers/) found by the sampled mutation run (docs/testing.md "Scores per
 * folder"): each modifier's effect on the expected counts in a one-channel model small enough to compute by hand,
 * staterror's per-bin bookkeeping, the input check of uncertainties, per-sample yields adding up to the channel,
 * and the saturated likelihood.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileModel, correlatedBackground, flattenBins, parseWithSchema, resolveModel, resolveModelSpec, type ModelSpec, type ResolveInput } from '../../../src/stats/model/index.js';
import { InvalidSpecification } from '../../../src/util/errors.js';

type Modifier = NonNullable<ModelSpec['channels'][number]['samples'][number]['modifiers']>[number];
function oneChannel(modifiers: Modifier[], data: number[] = [10, 20, 0], other?: { data: number[]; modifiers: Modifier[] }): ModelSpec {
  return {
    schemaVersion: '1.0.0',
    name: 'small',
    poi: 'mu',
    channels: [
      {
        name: 'c',
        axes: [{ name: 'x', unit: 'keVnr', edges: [0, 1, 2, 3] }],
        samples: [
          { name: 's', data, modifiers: [{ type: 'normfactor', name: 'mu' }, ...modifiers] },
          ...(other ? [{ name: 'b', data: other.data, modifiers: other.modifiers }] : []),
        ],
      },
    ],
    observations: [{ channel: 'c', data: [12, 18, 3] }],
  } as ModelSpec;
}

function expectedAt(spec: ModelSpec, values: Record<string, number>): number[] {
  const model = compileModel(spec);
  const pars = Float64Array.from(model.params.init);
  for (const [k, v] of Object.entries(values)) pars[model.params.names.indexOf(k)] = v;
  const out = new Float64Array(model.nBins);
  model.expected(pars, out);
  return [...out];
}

describe('modifiers in a one-channel model', () => {
  it('scale multiplies the sample by θ^power', () => {
    const spec = oneChannel([{ type: 'scale', name: 'g', power: 2 } as Modifier]);
    const nu = expectedAt(spec, { g: 1.5 });
    [22.5, 45, 0].forEach((v, b) => expect(nu[b]).toBeCloseTo(v, 12));
  });

  it('staterror multiplies bin b by γ_b; a bin with zero uncertainty has its γ fixed (σ = 0)', () => {
    // bin 0: δ = 1 (σ = 0.1), bin 1: δ = 0 (σ = 0: fixed), bin 2: δ = 1 on a nominal of 5 (second sample)
    const spec = oneChannel([{ type: 'staterror', name: 'st', data: [1, 0, 0] } as Modifier], [10, 20, 0], {
      data: [0, 0, 5],
      modifiers: [{ type: 'staterror', name: 'st', data: [0, 0, 1] } as Modifier],
    });
    const model = compileModel(spec);
    const idx = (k: string) => model.params.names.indexOf(k);
    expect([idx('st[0]'), idx('st[1]'), idx('st[2]')].every((i) => i >= 0)).toBe(true);
    expect([model.params.fixed[idx('st[0]')], model.params.fixed[idx('st[1]')], model.params.fixed[idx('st[2]')]]).toEqual([0, 1, 0]);
    const nu = expectedAt(spec, { 'st[0]': 1.2, 'st[2]': 0.5 });
    [12, 20, 2.5].forEach((v, b) => expect(nu[b]).toBeCloseTo(v, 12));
  });

  it('a negative uncertainty is refused, naming the bin', () => {
    const spec = oneChannel([{ type: 'staterror', name: 'st', data: [1, -0.5, 1] } as Modifier]);
    expect(() => compileModel(spec)).toThrow(/samples\[0\]\.modifiers\[1\]\.data\[1\].*uncertainties must be ≥ 0 \(got -0\.5\)/);
  });
});

describe('compiled model outputs', () => {
  it('per-sample yields add up to the channel total in every bin', () => {
    const spec = oneChannel([], [10, 20, 0], { data: [4, 5, 6], modifiers: [] });
    const model = compileModel(spec);
    const pars = Float64Array.from(model.params.init);
    pars[model.params.poiIndex!] = 2;
    const [ch] = model.sampleYields(pars);
    expect([...ch!.perBin]).toEqual([24, 45, 6]);
    expect(ch!.total).toBe(75);
    expect(ch!.samples.map((s) => s.total)).toEqual([60, 15]);
  });

  it('the saturated −2lnL equals −2lnL where ν = n and every Poisson constraint is met (shapesys: τγ = a)', () => {
    const spec = oneChannel([{ type: 'shapesys', name: 'ss', data: [1, 2, 0.5] } as Modifier], [10, 20, 3]);
    const model = compileModel(spec);
    const pars = Float64Array.from(model.params.init); // μ = 1, γ = 1: ν = nominal
    const data = { main: Float64Array.of(10, 20, 3), aux: Float64Array.from(model.nominalAux) };
    expect(model.nominalAux.length).toBe(3);
    expect(model.twiceNll(pars, data) - model.saturatedTwiceNll(data)).toBeCloseTo(0, 10);
  });

  it("correlatedBackground names its nuisance parameter as pyhf's simplemodels do", () => {
    const m = correlatedBackground([5], [50], [55], [45]);
    expect([...m.params.names].sort()).toEqual(['correlated_bkg_uncertainty', 'mu']);
  });
});

describe('resolve: every channel needs its observation', () => {
  it('a channel without observed counts is named', () => {
    const spec = {
      schemaVersion: '1.0.0',
      poi: 'mu',
      channels: ['a', 'b'].map((name) => ({
        name,
        axes: [{ name: 'x', unit: 'PE', edges: [0, 1] }],
        samples: [{ name: 's', data: [3], modifiers: [{ type: 'normfactor', name: 'mu' }] }],
      })),
      observations: [{ channel: 'a', data: [2] }],
    } as unknown as ModelSpec;
    expect(() => compileModel(spec)).toThrow(/no observation for channel\(s\) b/);
  });
});

describe('compiled model: per-bin factors', () => {
  it('multiply every bin, also when the second per-bin factor of a sample is parameter 0 of the model', () => {
    // 'a' appears first (sample p), so a[0] is parameter 0; in sample q it is the second per-bin factor after 'z'.
    const spec = {
      schemaVersion: '1.0.0',
      poi: 'mu',
      channels: [
        {
          name: 'c',
          axes: [{ name: 'x', unit: 'PE', edges: [0, 1, 2] }],
          samples: [
            { name: 'p', data: [1, 1], modifiers: [{ type: 'shapefactor', name: 'a' }] },
            { name: 'q', data: [4, 6], modifiers: [{ type: 'shapefactor', name: 'z' }, { type: 'shapefactor', name: 'a' }, { type: 'normfactor', name: 'mu' }] },
          ],
        },
      ],
      observations: [{ channel: 'c', data: [4, 6] }],
    } as unknown as ModelSpec;
    const m = compileModel(spec);
    expect(m.params.index('a[0]')).toBe(0);
    const p = Float64Array.from(m.params.init);
    p[m.params.index('a[0]')] = 2;
    p[m.params.index('a[1]')] = 3;
    p[m.params.index('z[0]')] = 7;
    p[m.params.index('z[1]')] = 5;
    const out = new Float64Array(2);
    m.expected(p, out);
    // bin b: p·a_b + q·z_b·a_b (μ = 1)
    expect(Array.from(out)).toEqual([1 * 2 + 4 * 7 * 2, 1 * 3 + 6 * 5 * 3]);
  });
});

describe('resolve: function samples and constraint widths (left-open entries of the sampled run)', () => {
  it('a function sample without parameters is refused at its parameters key', () => {
    const spec = oneChannel([]);
    let err: unknown;
    try {
      compileModel(spec, { functionSamples: [{ channel: 'c', name: 'f', parameters: [], evaluate: () => [1, 1, 1] }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidSpecification);
    expect(err).toMatchObject({ path: 'functionSamples[0].parameters', message: 'functionSamples[0].parameters: a function sample needs at least one parameter' });
  });

  it('a log-normal constraint needs its own width: the Gaussian default of a normsys (σ = 1) is not taken for it', () => {
    // resolveModel's input as a caller of the generic builder gives it: an override switching normsys 'a' to a
    // log-normal constraint (mean 1.2) without sigmas. The native spec always carries sigma with a log-normal constraint.
    const input = (sigmas?: number[]): ResolveInput => ({
      name: 'm',
      channels: oneChannel([{ type: 'normsys', name: 'a', data: { lo: 0.9, hi: 1.1 } } as Modifier]).channels,
      poi: 'mu',
      overrides: [{ name: 'a', path: 'parameters[0]', constraintType: 'lognormal', inits: [1], means: [1.2], ...(sigmas ? { sigmas } : {}) }],
      order: 'declared-first',
      interpolation: { normsys: 'code1', histosys: 'code0' },
      functionSamples: [],
      unusedOverrides: 'error',
    });
    expect(() => resolveModel(input())).toThrow(new InvalidSpecification("parameter 'a' needs a lognormal width sigma > 0 (got NaN)", 'parameters[0]'));
    const a = resolveModel(input([0.25])).definition.parameters.find((p) => p.name === 'a')!;
    expect(a.constraint).toEqual({ type: 'lognormal', sigma: 0.25 });
    expect(a.auxNominal).toBe(1.2);
  });
});

describe('flattenBins: nested bin contents', () => {
  it('rows of different lengths or a number beside a row are ragged; nested rows of the channel shape are flattened row-major', () => {
    const ragged = new InvalidSpecification('ragged nested bin contents (rows of different lengths)', 'channels[0].samples[0].data');
    expect(() => flattenBins([[1, 2], [3]], [2, 2], 'channels[0].samples[0].data')).toThrow(ragged);
    expect(() => flattenBins([[1, 2], 3], [2, 2], 'channels[0].samples[0].data')).toThrow(ragged);
    expect(() => flattenBins([3, [1, 2]], [2, 2], 'channels[0].samples[0].data')).toThrow(ragged);
    expect(() => flattenBins([[[1], [2]], [3, 4]], [2, 2], 'channels[0].samples[0].data')).toThrow(ragged);
    expect(Array.from(flattenBins([[1, 2], [3, 4], [5, 6]], [3, 2], 'd'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(flattenBins([1, 2, 3, 4, 5, 6], [3, 2], 'd'))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => flattenBins([[1, 2, 3], [4, 5, 6]], [3, 2], 'd')).toThrow(new InvalidSpecification('bin count mismatch: the channel has shape [3, 2] (6 bins) but the data have shape [2, 3]', 'd'));
  });
});

describe('parseWithSchema: a value matching no branch of a union', () => {
  // the analysis configs use unions (a grid as { from, to } or a list); the model spec uses discriminated unions only
  const schema = z.strictObject({ grid: z.union([z.strictObject({ from: z.number(), to: z.number() }), z.array(z.number())]) });
  it('is reported by the branch that got furthest into the value, at its own path', () => {
    expect(() => parseWithSchema(schema, { grid: { from: 1, to: 'x' } }, 'config')).toThrow(new InvalidSpecification('config: Invalid input: expected number, received string', 'grid.to'));
    expect(() => parseWithSchema(schema, { grid: [1, 'x'] }, 'config')).toThrow(new InvalidSpecification('config: Invalid input: expected number, received string', 'grid[1]'));
  });
  it('at equal depth, by the first branch listed', () => {
    const either = z.strictObject({ v: z.union([z.strictObject({ a: z.number() }), z.strictObject({ a: z.string() })]) });
    expect(() => parseWithSchema(either, { v: { a: true } }, 'config')).toThrow(new InvalidSpecification('config: Invalid input: expected number, received boolean', 'v.a'));
  });
});

describe('modifiers: survivors of the full mutation run of src/stats/model/modifiers', () => {
  const err = (f: () => unknown): { message: string; path: string } => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidSpecification);
      return { message: (e as Error).message, path: (e as InvalidSpecification).path };
    }
    throw new Error('expected an InvalidSpecification');
  };
  const m1 = 'channels[0].samples[0].modifiers[1]';

  it('normsys factors must both be positive (each side checked; 0 is refused)', () => {
    const ns = (lo: number, hi: number) => oneChannel([{ type: 'normsys', name: 'a', data: { lo, hi } } as Modifier]);
    for (const [lo, hi] of [
      [0, 1.1],
      [0.9, 0],
      [-0.5, 1.1],
      [0.9, -2],
    ] as const) {
      expect(err(() => compileModel(ns(lo, hi)))).toEqual({ path: `${m1}.data`, message: `${m1}.data: normsys factors must be positive (lo = ${lo}, hi = ${hi})` });
    }
    const nu = expectedAt(ns(0.9, 1.1), { a: 1 });
    [11, 22, 0].forEach((v, b) => expect(nu[b]).toBeCloseTo(v, 12));
  });

  it('shapesys: a bin with zero nominal has its γ fixed (pyhf masks it); elsewhere τ = (ν/σ)²', () => {
    const def = resolveModelSpec(oneChannel([{ type: 'shapesys', name: 'ss', data: [1, 4, 1] } as Modifier]));
    const ss = def.parameters.filter((q) => q.base === 'ss');
    expect(ss.map((q) => q.fixed)).toEqual([false, false, true]);
    expect(ss.slice(0, 2).map((q) => q.constraint)).toEqual([
      { type: 'poisson', tau: 100 },
      { type: 'poisson', tau: 25 },
    ]);
  });

  it('staterror: a bin whose samples have zero total nominal has its γ fixed; elsewhere σ = δ/ν', () => {
    const def = resolveModelSpec(oneChannel([{ type: 'staterror', name: 'st', data: [1, 4, 1] } as Modifier]));
    const st = def.parameters.filter((q) => q.base === 'st');
    expect(st.map((q) => q.fixed)).toEqual([false, false, true]);
    expect(st.slice(0, 2).map((q) => q.constraint)).toEqual([
      { type: 'gaussian', sigma: 0.1 },
      { type: 'gaussian', sigma: 0.2 },
    ]);
  });

  it('a negative uncertainty in the first bin is refused too', () => {
    expect(err(() => compileModel(oneChannel([{ type: 'staterror', name: 'st', data: [-1, 1, 1] } as Modifier])))).toEqual({
      path: `${m1}.data[0]`,
      message: `${m1}.data[0]: uncertainties must be ≥ 0 (got -1)`,
    });
  });

  it('per-bin data of the wrong length is reported at its own key', () => {
    const mismatch = (key: string) => ({ path: `${m1}.${key}`, message: `${m1}.${key}: bin count mismatch: the channel has shape [3] (3 bins) but the data have 2 entries` });
    expect(err(() => compileModel(oneChannel([{ type: 'staterror', name: 'st', data: [1, 1] } as Modifier])))).toEqual(mismatch('data'));
    expect(err(() => compileModel(oneChannel([{ type: 'shapesys', name: 'ss', data: [1, 1] } as Modifier])))).toEqual(mismatch('data'));
    expect(err(() => compileModel(oneChannel([{ type: 'histosys', name: 'h', data: { lo: [1, 1], hi: [1, 1, 1] } } as Modifier])))).toEqual(mismatch('data.lo'));
    expect(err(() => compileModel(oneChannel([{ type: 'histosys', name: 'h', data: { lo: [1, 1, 1], hi: [1, 1] } } as Modifier])))).toEqual(mismatch('data.hi'));
  });

  it('a shapefactor shared by channels with different bin counts is refused', () => {
    const spec = {
      schemaVersion: '1.0.0',
      channels: [2, 3].map((nb, c) => ({
        name: `c${c}`,
        axes: [{ name: 'x', unit: 'PE', edges: Array.from({ length: nb + 1 }, (_, i) => i) }],
        samples: [{ name: 's', data: Array.from({ length: nb }, () => 1), modifiers: [{ type: 'shapefactor', name: 'sf' }] }],
      })),
    } as unknown as ModelSpec;
    expect(err(() => compileModel(spec))).toEqual({
      path: 'channels[1].samples[0].modifiers[0]',
      message: "channels[1].samples[0].modifiers[0]: shapefactor 'sf' is shared by channels with different bin counts",
    });
  });

  it("the resolved definition labels each sample's modifiers with their type and name", () => {
    const spec = oneChannel(
      [
        { type: 'normsys', name: 'a', data: { lo: 0.9, hi: 1.1 } },
        { type: 'histosys', name: 'h', data: { lo: [9, 19, 0], hi: [11, 21, 0] } },
        { type: 'lumi', name: 'lumi' },
        { type: 'scale', name: 'g', power: 2 },
        { type: 'shapefactor', name: 'sf' },
        { type: 'shapesys', name: 'ss', data: [1, 1, 0] },
        { type: 'staterror', name: 'st', data: [1, 1, 0] },
      ] as Modifier[],
    );
    spec.parameters = [{ name: 'lumi', constraint: { type: 'gaussian', sigma: 0.02 } }] as ModelSpec['parameters'];
    const labels = resolveModelSpec(spec).samples[0]!.modifiers.map((m) => `${m.type}:${m.name}`);
    expect(labels).toEqual(['normfactor:mu', 'normsys:a', 'histosys:h', 'lumi:lumi', 'scale:g', 'shapefactor:sf', 'shapesys:ss', 'staterror:st']);
  });

  it('scalar defaults: the auxiliary datum of a normsys is 0 and of a lumi 1 whatever the initial value; fixed is false', () => {
    const spec = oneChannel([{ type: 'normsys', name: 'a', data: { lo: 0.9, hi: 1.1 } } as Modifier, { type: 'lumi', name: 'lumi' } as Modifier]);
    spec.parameters = [
      { name: 'a', init: 0.5 },
      { name: 'lumi', init: 1.1, constraint: { type: 'gaussian', sigma: 0.02 } },
    ] as ModelSpec['parameters'];
    const def = resolveModelSpec(spec);
    const byName = (n: string) => def.parameters.find((q) => q.name === n)!;
    expect([byName('a').init, byName('a').auxNominal, byName('a').fixed]).toEqual([0.5, 0, false]);
    expect([byName('lumi').init, byName('lumi').auxNominal, byName('lumi').fixed]).toEqual([1.1, 1, false]);
    expect(byName('mu').fixed).toBe(false);
  });
});
