import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/stats/model/index.js';
import { fit, type FitResult } from '../../../src/stats/infer/mle.js';
import { fittedYields, type YieldModel } from '../../../src/stats/infer/yields.js';

/**
 * One sample s = N·mu·f(α) in the selected channel 'sr' (N = [30, 10]), normsys code1: f(α) = hi^α for α ≥ 0,
 * lo^(−α) below; a second channel 'cr' with the same sample that must not be counted.
 */
const N = [30, 10];
const HI = 1.2;
const LO = 0.9;
const spec = {
  schemaVersion: '1.0.0',
  poi: 'mu',
  interpolation: { normsys: 'code1' },
  channels: [
    {
      name: 'sr',
      axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20] }],
      samples: [
        { name: 'sig', data: N, modifiers: [{ type: 'normfactor', name: 'mu' }, { type: 'normsys', name: 'alpha', data: { lo: LO, hi: HI } }] },
        { name: 'bkg', data: [50, 40] },
      ],
    },
    {
      name: 'cr',
      axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10] }],
      samples: [{ name: 'sig', data: [7], modifiers: [{ type: 'normfactor', name: 'mu' }] }],
    },
  ],
  parameters: [{ name: 'mu', init: 1, bounds: [0, 10] }],
  observations: [
    { channel: 'sr', data: [90, 55] },
    { channel: 'cr', data: [8] },
  ],
};

/** A fit result at a chosen point with a chosen covariance (the propagation is tested, not the fit). */
function at(model: { params: ReturnType<typeof compileModel>['params'] }, values: Record<string, number>, cov: Record<string, Record<string, number>> | null): FitResult {
  const n = model.params.n;
  const bestfit = model.params.vector(values);
  let covariance: Float64Array | null = null;
  if (cov) {
    covariance = new Float64Array(n * n);
    for (const [a, row] of Object.entries(cov)) for (const [b, v] of Object.entries(row)) covariance[model.params.index(a) * n + model.params.index(b)] = v;
  }
  return {
    bestfit,
    names: model.params.names,
    errors: null,
    covariance,
    correlation: null,
    twiceNll: 0,
    fixed: new Uint8Array(n),
    status: { converged: true, edm: 0, nCalls: 0, nIterations: 0, callLimitReached: false, atLimit: [], covPosDef: true, hesseComputed: true, startIndex: 0, nStarts: 1, message: '' },
  };
}

/** The same model seen without its analytic yield gradient: fittedYields falls back to central differences. */
function withoutGradient(m: ReturnType<typeof compileModel>): YieldModel {
  return { params: m.params, sampleYields: (p) => m.sampleYields(p) };
}

describe('fitted yields: every modifier applied, error through the full covariance (closed form)', () => {
  const compiled = compileModel(spec);
  const Ntot = N[0]! + N[1]!;
  for (const [gradient, model] of [
    ['analytic gradient', compiled],
    ['central differences', withoutGradient(compiled)],
  ] as const) {
    describe(gradient, () => {

  for (const [alpha, f, df] of [
    [0.5, HI ** 0.5, Math.log(HI) * HI ** 0.5],
    [-0.7, LO ** 0.7, -Math.log(LO) * LO ** 0.7],
  ] as const) {
    it(`normfactor × normsys at α = ${alpha}: yield mu·N·f(α), σ² = gᵀVg with g = (N f, mu N f′)`, () => {
      const mu = 1.4;
      const vmm = 0.04;
      const vaa = 0.25;
      const vma = -0.03;
      const r = at(model, { mu, alpha }, { mu: { mu: vmm, alpha: vma }, alpha: { mu: vma, alpha: vaa } });
      const y = fittedYields(model, ['sr'], r);
      const gm = Ntot * f;
      const ga = mu * Ntot * df;
      expect(y.sig!.value).toBeCloseTo(mu * Ntot * f, 10);
      // central differences with h = 1e-3 σ: relative truncation error ~ (h·f''/f')²/6 < 1e-7
      expect(y.sig!.error! / Math.sqrt(gm * gm * vmm + 2 * gm * ga * vma + ga * ga * vaa) - 1).toBeLessThan(1e-6);
      expect(y.sig!.error! / Math.sqrt(gm * gm * vmm + 2 * gm * ga * vma + ga * ga * vaa) - 1).toBeGreaterThan(-1e-6);
      // the unmodified background has no error; the control channel is not counted
      expect(y.bkg).toEqual({ value: 90, error: 0 });
      expect(fittedYields(model, ['sr', 'cr'], r).sig!.value).toBeCloseTo(mu * Ntot * f + 7 * mu, 10);
    });
  }

  it('a parameter at its bound uses a one-sided difference (mu = 0: ∂yield/∂mu = N f still)', () => {
    const r = at(model, { mu: 0, alpha: 0 }, { mu: { mu: 0.01 }, alpha: { alpha: 1 } });
    const y = fittedYields(model, ['sr'], r);
    expect(y.sig!.value).toBe(0);
    // ∂/∂α of mu·N·f = 0 at mu = 0, so σ = N·σ_mu
    expect(y.sig!.error!).toBeCloseTo(Ntot * 0.1, 8);
  });

    });
  }

  it('without a covariance the error is null; after a real fit it is finite and positive', () => {
    const model = compiled;
    expect(fittedYields(model, ['sr'], at(model, { mu: 1 }, null)).sig!.error).toBeNull();
    const r = fit(model, model.observedData());
    const y = fittedYields(model, ['sr'], r);
    expect(y.sig!.error!).toBeGreaterThan(0);
    expect(() => fittedYields(model, ['nope'], r)).toThrow(/unknown channel 'nope'/);
  });
});

describe('analytic yield gradient = central differences for every modifier type', () => {
  const spec2 = {
    schemaVersion: '1.0.0',
    poi: 'mu',
    channels: [
      {
        name: 'sr',
        axes: [{ name: 'energyKeVee', unit: 'keVee', edges: [0, 10, 20, 30] }],
        samples: [
          {
            name: 'sig',
            data: [30, 10, 4],
            modifiers: [
              { type: 'normfactor', name: 'mu' },
              { type: 'normsys', name: 'a1', data: { lo: 0.9, hi: 1.15 } },
              { type: 'histosys', name: 'a2', data: { lo: [27, 11, 4.5], hi: [33, 9.5, 3.2] } },
              { type: 'staterror', name: 'stat_sr', data: [1.5, 1, 0.8] },
            ],
          },
          { name: 'bkg', data: [50, 40, 20], modifiers: [{ type: 'shapesys', name: 'bkg_shape', data: [5, 4, 3] }, { type: 'normsys', name: 'a1', data: { lo: 0.95, hi: 1.05 } }] },
        ],
      },
    ],
    observations: [{ channel: 'sr', data: [85, 52, 22] }],
  };
  it('yields and errors agree to the central differences’ truncation error (1e-6 relative)', () => {
    const m = compileModel(spec2);
    const r = fit(m, m.observedData());
    expect(r.status.converged).toBe(true);
    expect(r.covariance).not.toBeNull();
    const a = fittedYields(m, ['sr'], r);
    const fd = fittedYields(withoutGradient(m), ['sr'], r);
    for (const s of ['sig', 'bkg']) {
      expect(a[s]!.value).toBe(fd[s]!.value);
      expect(Math.abs(a[s]!.error! / fd[s]!.error! - 1)).toBeLessThan(1e-6);
    }
  });
});
