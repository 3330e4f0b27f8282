/**
 * Tests for mutants of src/stats/infer found by the sampled mutation run (docs/testing.md "Scores per folder"): closed
 * forms of small cases, the documented input checks, and invariances (the limit does not depend on the starting
 * bracket).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compatibilityFits, compatibilityToy, splitPoiSpec } from '../../../src/stats/infer/compatibility.js';
import { upperLimitCoverage } from '../../../src/stats/infer/coverage.js';
import { binomialFraction, binomialPull, summarizeEnsemble } from '../../../src/stats/infer/ensemble.js';
import { gofFromToys, gofToy, goodnessOfFit, poissonDeviance, saturatedStatistic } from '../../../src/stats/infer/gof.js';
import { impacts } from '../../../src/stats/infer/impacts.js';
import { minos } from '../../../src/stats/infer/profile.js';
import { grossVitells } from '../../../src/stats/infer/lee.js';
import { fit, fittedValue, fixedPoiFit, type FitResult, typicalScales } from '../../../src/stats/infer/mle.js';
import { auxLayout, sampleToyData } from '../../../src/stats/infer/toys.js';
import { Rng } from '../../../src/stats/rng.js';
import { calibrateNonNested } from '../../../src/stats/infer/nonnested.js';
import { fittedYields, type YieldModel } from '../../../src/stats/infer/yields.js';
import { upperLimit } from '../../../src/stats/infer/upperlimit.js';
import { prePostYieldTables, yieldTable } from '../../../src/stats/infer/yieldtable.js';
import { uncorrelatedBackground } from '../../../src/stats/model/index.js';
import { compileModel } from '../../../src/stats/model/compile.js';
import type { ModelSpec } from '../../../src/stats/model/spec.js';
import type { StatModel } from '../../../src/stats/types.js';
import { countingModel, data, gaussBkgModel, makeParams, twicePoissonNll } from './helpers/models.js';

describe('Gross–Vitells', () => {
  it('the error of the mean number of up-crossings is the standard error √(var/(n−1)) of the toy counts', () => {
    // counts 1, 2, 3: mean 2, population variance 14/3 − 4 = 2/3, error √((2/3)/2) = √(1/3)
    const r = grossVitells(1, [1, 2, 3], 1);
    expect(r.n_upcrossings).toBe(2);
    expect(r.n_upcrossings_error).toBeCloseTo(Math.sqrt(1 / 3), 14);
    // at u = c0 the factor is 1: p_error = the error of the mean
    expect(r.p_error).toBeCloseTo(Math.sqrt(1 / 3), 14);
  });
});

describe('binomialFraction', () => {
  it('k/n with √(f(1−f)/n); refuses anything but integers 0 ≤ k ≤ n', () => {
    expect(binomialFraction(1, 4)).toEqual({ k: 1, n: 4, fraction: 0.25, error: Math.sqrt(0.25 * 0.75 / 4) });
    for (const [k, n] of [[-1, 3], [4, 3], [1.5, 3], [1, 2.5], [0, -1], [NaN, 3]] as const) {
      expect(() => binomialFraction(k, n), `${k}/${n}`).toThrow(/need integers 0 ≤ k ≤ n/);
    }
  });
});

describe('goodness of fit', () => {
  it('reports the seed and counts the constraint terms as bins', () => {
    const model = uncorrelatedBackground([5, 4], [20, 22], [3, 4]); // 2 bins, 2 auxiliary measurements
    const data = { main: Float64Array.of(24, 25), aux: Float64Array.from(model.nominalAux) };
    const r = goodnessOfFit(model, data, { nToys: 3, seed: 17 });
    expect(r.seed).toBe(17);
    expect(r.n_bins).toBe(4);
    expect(r.n_toys).toBe(3);
  });
});

describe('upperLimit bracket', () => {
  it('a starting bracket below the limit is widened upwards and gives the same limits', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(52), aux: Float64Array.from(model.nominalAux) };
    const ref = upperLimit(model, data, { cl: 0.95 });
    const low = upperLimit(model, data, { cl: 0.95, bracket: [0.05, 0.1] });
    expect(ref.observed).toBeGreaterThan(0.5);
    expect(low.observed).toBeCloseTo(ref.observed, 3);
    for (let k = 0; k < 5; k++) expect(low.expected[k]).toBeCloseTo(ref.expected[k]!, 3);
  });
});

describe('yield tables', () => {
  it('the error of a sample is |∂yield/∂θ| σ_θ over the free parameters only', () => {
    // one bin, signal 10·μ: the signal yield's only gradient is ∂(10μ)/∂μ = 10
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(60), aux: Float64Array.from(model.nominalAux) };
    const n = model.params.n;
    const ip = model.params.poiIndex!;
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++) cov[i * n + i] = 0.04; // σ = 0.2 for every parameter
    const free = yieldTable(model, data, Float64Array.from(model.params.init), cov, new Uint8Array(n));
    const signal = free[0]!.samples.find((s) => s.value === 10)!;
    expect(signal.error).toBeCloseTo(10 * 0.2, 12);
    const fixedPoi = new Uint8Array(n);
    fixedPoi[ip] = 1;
    const fixed = yieldTable(model, data, Float64Array.from(model.params.init), cov, fixedPoi);
    expect(fixed[0]!.samples.find((s) => s.value === 10)!.error).toBe(0);
    // the post-fit table of a real fit has a positive signal error
    const { postfit } = prePostYieldTables(model, data, fit(model, data));
    expect(postfit[0]!.total.error).toBeGreaterThan(0);
  });
});

describe('upperLimit (fast): background parameters of the wrong length', () => {
  it('are refused, naming the expected length; the right length gives the limit without them', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const data = { main: Float64Array.of(52), aux: Float64Array.from(model.nominalAux) };
    expect(() => upperLimit(model, data, { cl: 0.95, method: 'fast', backgroundPars: new Float64Array(model.params.n + 1) })).toThrow(
      new RegExp(`backgroundPars has length ${model.params.n + 1}, expected ${model.params.n}`),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Left-open sampled mutants of stats/infer (docs/testing.md, "Left-open entries closed: stats/infer and
// stats/optimize").

/** Root of a increasing function on [a, b] by bisection (test-side, independent of the code's Brent). */
function bisect(f: (x: number) => number, a: number, b: number): number {
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (a + b);
    if (f(m) > 0) b = m;
    else a = m;
  }
  return 0.5 * (a + b);
}

/**
 * A linear Gaussian model: n_A ~ N(μ s + θ₁, 1), n_B ~ N(θ₁ + θ₂, 0.5), auxiliary a_i ~ N(θ_i, 1). Its Fisher
 * matrix over (μ, θ₁, θ₂) is exactly F = [[s², s, 0], [s, 1 + 4 + 1, 4], [0, 4, 4 + 1]]; with s = 2 every
 * error of the breakdown follows from F by hand (see the test).
 */
function linearGaussianModel(s: number): StatModel {
  const params = makeParams(
    [
      { name: 'mu', init: 0.5, lo: -10, hi: 10 },
      { name: 't1', init: 0, lo: -10, hi: 10, constraint: { type: 'gaussian', sigma: 1 } },
      { name: 't2', init: 0, lo: -10, hi: 10, constraint: { type: 'gaussian', sigma: 1 } },
    ],
    'mu',
  );
  const sB = 0.5;
  const value = (p: Float64Array, d: { main: Float64Array; aux: Float64Array }, g?: Float64Array): number => {
    const rA = d.main[0]! - p[0]! * s - p[1]!;
    const rB = (d.main[1]! - p[1]! - p[2]!) / sB;
    const c1 = d.aux[0]! - p[1]!;
    const c2 = d.aux[1]! - p[2]!;
    if (g) {
      g[0] = -2 * rA * s;
      g[1] = -2 * rA - (2 * rB) / sB - 2 * c1;
      g[2] = -(2 * rB) / sB - 2 * c2;
    }
    return rA * rA + rB * rB + c1 * c1 + c2 * c2;
  };
  return {
    params,
    nBins: 2,
    nAux: 2,
    nominalAux: new Float64Array(2),
    twiceNll: (p, d) => value(p, d),
    twiceNllGrad: (p, d, g) => value(p, d, g),
    expected(p, out) {
      out[0] = p[0]! * s + p[1]!;
      out[1] = p[1]! + p[2]!;
    },
    asimovAux(p, out) {
      out[0] = p[1]!;
      out[1] = p[2]!;
    },
  };
}

describe('impacts: the breakdown and the health of the full fit', () => {
  it('the breakdown residual is sign(r)·√|r|, r = σ_tot² − σ_stat² − Σ σ_g², all from the Fisher matrix', () => {
    // F = [[4, 2, 0], [2, 6, 4], [0, 4, 5]], det 36: σ_tot² = (F⁻¹)₀₀ = (6·5 − 16)/36 = 14/36; σ_stat² = 1/F₀₀ = 1/4;
    // θ₁ frozen: F on (μ, θ₂) = diag(4, 5), σ² = 1/4, impact² = 14/36 − 9/36 = 5/36; θ₂ frozen: F on (μ, θ₁) =
    // [[4, 2], [2, 6]], σ² = 6/20, impact² = 14/36 − 0.3. r = 14/36 − 1/4 − 5/36 − (14/36 − 0.3) = −1/4 + 0.3 − 5/36
    // = −4/45 (the groups overlap through the correlation of θ₁ and θ₂).
    const model = linearGaussianModel(2);
    const d = data([3, 1], [0, 0]);
    const r = impacts(model, d);
    expect(r.total).toBeCloseTo(Math.sqrt(14 / 36), 6);
    expect(r.stat_only).toBeCloseTo(0.5, 6);
    const g = Object.fromEntries(r.groups.map((x) => [x.name, x.impact]));
    expect(g.t1).toBeCloseTo(Math.sqrt(5 / 36), 6);
    expect(g.t2).toBeCloseTo(Math.sqrt(14 / 36 - 0.3), 6);
    expect(r.breakdown_residual).toBeCloseTo(-Math.sqrt(4 / 45), 6);
    // a healthy full fit: no message
    expect(r.fit.cov_pos_def).toBe(true);
    expect(r.messages).toEqual([]);
  });

  it('a given nominal fit whose covariance is flagged not positive definite is reported as such', () => {
    const model = linearGaussianModel(2);
    const d = data([3, 1], [0, 0]);
    const nominal = fit(model, d);
    const flagged = { ...nominal, status: { ...nominal.status, covPosDef: false } };
    const r = impacts(model, d, { nominal: flagged });
    expect(r.fit.cov_pos_def).toBe(false);
    expect(r.messages).toEqual(['the full fit covariance is not positive definite']);
  });
});

describe('minos: the message of each side', () => {
  it('bounds reached on both sides name the side, the bound and Δ(−2lnL) there (closed form)', () => {
    // n = 18 ~ Pois(5μ + 10), μ ∈ [1.2, 2]: μ̂ = 1.6; the 1σ crossings (≈ 0.75, ≈ 2.45) lie beyond both bounds.
    const model = countingModel(5, 10, 1.2, 2);
    const d = data([18]);
    const r = fit(model, d);
    const [m] = minos(model, d, r, ['mu']);
    const delta = (lam: number) => 2 * (lam - 18 - 18 * Math.log(lam / 18)); // λ̂ = 18
    expect(m!.lowerAtLimit && m!.upperAtLimit).toBe(true);
    expect(m!.lowerValid || m!.upperValid).toBe(false);
    expect(m!.value + m!.lower).toBe(1.2);
    expect(m!.value + m!.upper).toBe(2);
    expect(m!.message).toBe(`lower: bound 1.2 reached with Δ(−2lnL) = ${delta(16).toFixed(4)} < 1; upper: bound 2 reached with Δ(−2lnL) = ${delta(20).toFixed(4)} < 1`);
    // both crossings inside the bounds: valid, message 'ok'
    const wide = countingModel(5, 10, 0, 10);
    const [w] = minos(wide, d, fit(wide, d), ['mu']);
    expect(w!.lowerValid && w!.upperValid).toBe(true);
    expect(w!.lowerAtLimit || w!.upperAtLimit).toBe(false);
    expect(w!.message).toBe('ok');
  });

  it('profile fits that did not converge make both sides invalid and say so; the roots are those of the unprofiled curve', () => {
    // n ~ Pois(μ s + β), a ~ N(β, σ): with a call limit of 1 the profile fits never move β from β̂, so each root is
    // where 2[λ − n − n ln(λ/n)] = 1 with λ = μ s + β̂ (λ̂ = n at the free minimum).
    const model = gaussBkgModel(20, 50, 5);
    const d = data([75], [52]);
    const r = fit(model, d);
    expect(r.status.converged).toBe(true);
    const [m] = minos(model, d, r, ['mu'], { fit: { minimizer: { maxCalls: 1 } } });
    expect(m!.message).toBe('lower: a profile fit did not converge; upper: a profile fit did not converge');
    expect(m!.lowerValid || m!.upperValid).toBe(false);
    expect(m!.lowerAtLimit || m!.upperAtLimit).toBe(false);
    const beta = r.bestfit[1]!;
    const n = 75;
    const dev = (mu: number) => 2 * (mu * 20 + beta - n - n * Math.log((mu * 20 + beta) / n)) - 1;
    const muHat = r.bestfit[0]!;
    expect(m!.value + m!.upper).toBeCloseTo(bisect(dev, muHat, muHat + 5), 3);
    expect(m!.value + m!.lower).toBeCloseTo(bisect((x) => -dev(x), muHat - 5, muHat), 3);
  });

  it('a profile that never rises by delta: no crossing after 61 doublings of the step, on either side', () => {
    // −2lnL = ½(1 − exp(−(x − c)²)), c = 10⁶, x unbounded: Δ(−2lnL) < ½ < 1 everywhere. The Hessian error is
    // σ = √(2/1) (curvature 1 at c); the search doubles the step from σ and gives up at x̂ ± σ(2^62 − 1), the last
    // point it probed, reported as the error (c ≠ 0 tells x_last − x̂ from x_last + x̂).
    const c = 1e6;
    const bump: StatModel = {
      params: makeParams([{ name: 'x', init: c + 0.3, lo: -Infinity, hi: Infinity }], 'x'),
      nBins: 0,
      nAux: 0,
      nominalAux: new Float64Array(0),
      twiceNll: (p) => 0.5 * (1 - Math.exp(-((p[0]! - c) ** 2))),
      twiceNllGrad: (p, _d, g) => {
        const u = p[0]! - c;
        g[0] = u * Math.exp(-u * u);
        return 0.5 * (1 - Math.exp(-u * u));
      },
      expected: () => {},
      asimovAux: () => {},
    };
    const d = data([], []);
    const r = fit(bump, d);
    expect(r.bestfit[0]).toBeCloseTo(c, 4);
    // √2 up to the truncation of the Hessian's central difference: H = e^(−h²) for the step h ≈ 0.028 (4e-4)
    expect(Math.abs(r.errors![0]! / Math.SQRT2 - 1)).toBeLessThan(1e-3);
    const [m] = minos(bump, d, r, ['x']);
    expect(m!.message).toBe('lower: no crossing found; upper: no crossing found');
    expect(m!.lowerValid || m!.upperValid || m!.lowerAtLimit || m!.upperAtLimit).toBe(false);
    const far = r.errors![0]! * (2 ** 62 - 1);
    expect(Math.abs(m!.upper - far)).toBeLessThan(1e5);
    expect(Math.abs(m!.lower + far)).toBeLessThan(1e5);
    expect(m!.nFits).toBe(2 * 62);
  });
});

describe('upperLimit (reference): the lower end of the bracket', () => {
  it('must lie above max(POI lower bound, 0): the POI bound when it is positive, 0 when it is negative', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const d = { main: Float64Array.of(52), aux: Float64Array.from(model.nominalAux) };
    expect(() => upperLimit(model, d, { poiBounds: [1, 10], bracket: [0.5, 5] })).toThrow(/invalid bracket \[0\.5, 5\] \(must satisfy 1 < lo < hi\)/);
    expect(() => upperLimit(model, d, { poiBounds: [-5, 10], bracket: [-1, 5] })).toThrow(/invalid bracket \[-1, 5\] \(must satisfy 0 < lo < hi\)/);
  });
});

describe('upperLimit (fast): bracketing failures', () => {
  /** One bin, n ~ Pois(b + signal(μ)), POI only; data = the background-only Asimov set. */
  function oneBin(b: number, signal: (mu: number) => number, hi = 1e30): StatModel {
    return {
      params: makeParams([{ name: 'mu', init: 1, lo: 0, hi }], 'mu'),
      nBins: 1,
      nAux: 0,
      nominalAux: new Float64Array(0),
      twiceNll: (p, d) => twicePoissonNll(d.main[0]!, b + signal(p[0]!)),
      expected: (p, out) => {
        out[0] = b + signal(p[0]!);
      },
      asimovAux: () => {},
    };
  }
  /** √q_A for a signal x on background b (Asimov data n = b): q_A = 2[x − b ln(1 + x/b)]. */
  const sqrtQA = (x: number, b: number) => Math.sqrt(2 * (x - b * Math.log1p(x / b)));

  it('a signal that does not grow with μ (a step: √q_A = c for every μ > 0) brackets no expected limit', () => {
    // c = √q_A(s = 7.73, b = 10) ≈ 2: below the targets of the upper bands (g < 0 up to μ ~ 10¹⁸), above those of
    // the lower ones (g > 0 down to μ ~ 10⁻¹⁸).
    const b = 10;
    const s = 7.73;
    const model = oneBin(b, (mu) => (mu > 0 ? s : 0));
    const r = upperLimit(model, data([b]), { method: 'fast', dataIsAsimov: true });
    expect(sqrtQA(s, b)).toBeCloseTo(2, 2);
    expect(r.expected.every((v) => Number.isNaN(v))).toBe(true);
    expect(r.status).toBe('failed');
    expect(r.converged).toBe(false);
    const bands = [-2, -1, 0, 1, 2].map((n) => r.messages.find((m) => m.startsWith(`expected ${n}σ limit: no bracket found (g(`)));
    expect(bands.every((m) => m !== undefined)).toBe(true);
    const sides = bands.map((m) => {
      const [, glo, ghi] = /g\([^)]*\) = ([^,]*), g\([^)]*\) = ([^)]*)\)$/.exec(m!)!;
      return Number(glo) > 0 ? 'lo' : Number(ghi) < 0 ? 'hi' : 'none';
    });
    expect(sides).toEqual(['lo', 'lo', 'lo', 'hi', 'hi']);
  });

  it('a signal that starts above μ = 2 (q_A(1) = 0): the scale point moves up by factors of 4 and the limit is found', () => {
    // ν = 100 + max(0, μ − 2): the expected median (CLs, q̃_μ, Asimov) is where √q_A = Φ⁻¹(0.975).
    const b = 100;
    const model = oneBin(b, (mu) => Math.max(0, mu - 2));
    const r = upperLimit(model, data([b]), { method: 'fast', dataIsAsimov: true });
    const x = bisect((t) => sqrtQA(t, b) - 1.959963984540054, 0, 100);
    expect(r.status).toBe('ok');
    expect(r.expected[2]).toBeCloseTo(2 + x, 3);
  });

  it('a model without signal is refused after 60 factors of 4 (μ = 4⁶⁰)', () => {
    const model = oneBin(10, () => 0);
    expect(() => upperLimit(model, data([10]), { method: 'fast', dataIsAsimov: true })).toThrow(`no sensitivity: q_μ,A = 0 up to μ = ${4 ** 60}`);
  });
});

describe('goodness of fit: Poisson-constrained auxiliary data', () => {
  it('adds the Poisson deviance 2[τγ − a + a ln(a/(τγ))] of each shapesys constraint', () => {
    // shapesys with b = 20, δb = 4: τ = (20/4)² = 25, a = 25; at γ = 1.2 the auxiliary expectation is 30.
    const model = uncorrelatedBackground([5], [20], [4]);
    const d = { main: Float64Array.of(31), aux: Float64Array.of(25) };
    const pars = Float64Array.from(model.params.init);
    pars[model.params.poiIndex!] = 1;
    pars[model.params.index('uncorr_bkguncrt[0]')] = 1.2;
    const t = saturatedStatistic(model, d, pars, [{ name: 'c', offset: 0, nBins: 1 }]);
    const cons = 2 * (30 - 25 + 25 * Math.log(25 / 30));
    const main = 2 * (29 - 31 + 31 * Math.log(31 / 29)); // ν = 5 + 20·1.2
    expect(t.constraints).toBeCloseTo(cons, 12);
    expect(t.perChannel[0]).toBeCloseTo(main, 12);
    expect(t.total).toBeCloseTo(main + cons, 12);
    expect(poissonDeviance(25, 30)).toBeCloseTo(cons, 14);
  });
});

describe('coverage: the FC row accounts for the finite reference ensemble', () => {
  let rows: ReturnType<typeof upperLimitCoverage>;
  beforeAll(() => {
    const model = uncorrelatedBackground([12, 11], [50, 52], [0.01, 0.01]);
    rows = upperLimitCoverage(model, model.dataFromMain([51, 48]), 0, { nToys: 60, seed: 21, muTrue: 1, nReferenceToys: 40 });
  });
  it('its error is the binomial √(f(1−f)/n) times √(1 + n/n_ref); the other rows are binomial', () => {
    const byMethod = Object.fromEntries(rows.map((r) => [r.method, r]));
    for (const m of ['CLs+b', 'CLs'] as const) {
      const c = byMethod[m]!.coverage;
      expect(c.error).toBeCloseTo(Math.sqrt((c.fraction * (1 - c.fraction)) / c.n), 14);
    }
    const fc = byMethod.FC!;
    expect(fc.failed).toBe(0);
    const n = fc.coverage.n;
    expect(n).toBe(60);
    const f = fc.coverage.fraction;
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(1);
    expect(fc.coverage.error).toBeCloseTo(Math.sqrt((f * (1 - f)) / n) * Math.sqrt(1 + n / 40), 14);
  });
});

describe('channel compatibility: the better of the two separate fits is kept', () => {
  it('a separate fit from the initial values stopped by the iteration limit does not replace the one from the common solution', () => {
    // Two counts measuring one μ on known backgrounds: (50 − 20)/10 = (42 − 30)/4 = 3, so the separate POIs are both
    // 3 and Δ(−2lnL) = 0. The common model starts at μ = 3 (converged at once), the separate one at (1, 1).
    const spec: ModelSpec = {
      schemaVersion: '1.0.0',
      name: 'two-counts',
      poi: 'mu',
      parameters: [{ name: 'mu', init: 3, bounds: [-5, 50] }],
      channels: [
        { name: 'a/sr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [10], modifiers: [{ type: 'normfactor', name: 'mu' }] }, { name: 'bkg', data: [20] }] },
        { name: 'b/sr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [4], modifiers: [{ type: 'normfactor', name: 'mu' }] }, { name: 'bkg', data: [30] }] },
      ],
      observations: [
        { channel: 'a/sr', data: [50] },
        { channel: 'b/sr', data: [42] },
      ],
    };
    const common = compileModel(spec);
    const split = splitPoiSpec(spec, 'mu', { a: ['a/sr'], b: ['b/sr'] });
    const sepSpec: ModelSpec = { ...split, parameters: (split.parameters ?? []).map((p) => ({ ...p, init: 1 })) };
    const sep = compileModel(sepSpec);
    expect(Array.from(sep.params.init)).toEqual([1, 1]);
    const r = compatibilityFits(common, sep, common.observedData(), 'mu', ['a', 'b'], { fit: { minimizer: { maxIterations: 1 } } }).result;
    expect(r.common.converged).toBe(true);
    expect(r.separate_converged).toBe(true);
    expect(r.separate[0]!.value).toBeCloseTo(3, 6);
    expect(r.separate[1]!.value).toBeCloseTo(3, 6);
    expect(r.delta_twice_nll).toBeLessThan(1e-9);
  });

  it('at an exact tie of −2lnL the fit started from the common solution is kept (a signal ∝ μ²: minima ±√3)', () => {
    // Two counts with signals 10μ² and 4μ² on backgrounds 20 and 30, observed 50 and 42: μ² = 3 in both channels.
    // The common fit starts at +√3 (its minimum), the separate model at (−√3, −√3): both separate fits stay where they
    // start, with bitwise equal −2lnL ((−√3)² = (√3)²).
    const r3 = Math.sqrt(3);
    const nll = (n: number, lam: number) => 2 * (lam - n * Math.log(lam));
    const common: StatModel = {
      params: makeParams([{ name: 'mu', init: r3, lo: -5, hi: 5 }], 'mu'),
      nBins: 2,
      nAux: 0,
      nominalAux: new Float64Array(0),
      twiceNll: (p, d) => nll(d.main[0]!, 10 * p[0]! ** 2 + 20) + nll(d.main[1]!, 4 * p[0]! ** 2 + 30),
      expected: (p, out) => {
        out[0] = 10 * p[0]! ** 2 + 20;
        out[1] = 4 * p[0]! ** 2 + 30;
      },
      asimovAux: () => {},
    };
    const separate: StatModel = {
      params: makeParams([
        { name: 'a/mu', init: -r3, lo: -5, hi: 5 },
        { name: 'b/mu', init: -r3, lo: -5, hi: 5 },
      ], 'a/mu'),
      nBins: 2,
      nAux: 0,
      nominalAux: new Float64Array(0),
      twiceNll: (p, d) => nll(d.main[0]!, 10 * p[0]! ** 2 + 20) + nll(d.main[1]!, 4 * p[1]! ** 2 + 30),
      expected: (p, out) => {
        out[0] = 10 * p[0]! ** 2 + 20;
        out[1] = 4 * p[1]! ** 2 + 30;
      },
      asimovAux: () => {},
    };
    const fits = compatibilityFits(common, separate, data([50, 42]), 'mu', ['a', 'b']);
    expect(fits.commonFit.bestfit[0]).toBeCloseTo(r3, 8);
    expect(fits.result.separate[0]!.value).toBeCloseTo(r3, 8);
    expect(fits.result.separate[1]!.value).toBeCloseTo(r3, 8);
    expect(fits.result.delta_twice_nll).toBeLessThan(1e-9);
  });
});

// ---- Full Stryker run of nonnested.ts, yieldtable.ts, yields.ts, ensemble.ts (docs/testing.md) ----

/**
 * Two parameters, channels A (bins 0–1) and B (bin 2), yields linear in θ (exact gradients):
 *   A: sig = 10 θ0, bkg = 5 + 2 θ1;  B: sig = 4 θ0, bkg = 7 θ1.
 * `analytic: false` drops `sampleYieldGradients` (finite differences in fittedYields).
 */
function linearModel(analytic = true, lo = [-10, -10], hi = [10, 10]) {
  const ys = (p: Float64Array) => [
    { channel: 'A', samples: [{ sample: 'sig', total: 10 * p[0]! }, { sample: 'bkg', total: 5 + 2 * p[1]! }] },
    { channel: 'B', samples: [{ sample: 'sig', total: 4 * p[0]! }, { sample: 'bkg', total: 7 * p[1]! }] },
  ];
  const grad = (_p: Float64Array, channels: readonly string[]) => {
    const sig = new Float64Array(2);
    const bkg = new Float64Array(2);
    if (channels.includes('A')) { sig[0] += 10; bkg[1] += 2; }
    if (channels.includes('B')) { sig[0] += 4; bkg[1] += 7; }
    return new Map([['sig', sig], ['bkg', bkg]]);
  };
  return {
    params: { n: 2, init: [1, 1], lo, hi },
    channels: [{ name: 'A', offset: 0, nBins: 2 }, { name: 'B', offset: 2, nBins: 1 }],
    sampleYields: ys,
    ...(analytic ? { sampleYieldGradients: grad } : {}),
  };
}
// covariance with σ0 = 0.5, σ1 = 0.2, ρ = 0.6
const S0 = 0.5, S1 = 0.2, RHO = 0.6;
const COV2 = Float64Array.of(S0 * S0, RHO * S0 * S1, RHO * S0 * S1, S1 * S1);
const tableData = { main: Float64Array.of(1, 2, 4), aux: new Float64Array(0) };
type TM = Parameters<typeof yieldTable>[0];
const fitOf = (bestfit: number[], cov: Float64Array | null, fixed = [0, 0]) => ({ bestfit: Float64Array.from(bestfit), covariance: cov, fixed: Uint8Array.from(fixed) }) as unknown as FitResult;

describe('full run: yieldTable on an exactly linear two-channel model', () => {
  it('values, observed counts per channel and σ² = gᵀVg with the correlation', () => {
    const t = yieldTable(linearModel() as unknown as TM, tableData, Float64Array.of(1, 2), COV2, new Uint8Array(2));
    expect(t.map((c) => c.channel)).toEqual(['A', 'B']);
    expect(t.map((c) => c.observed)).toEqual([3, 4]); // bins 0+1, bin 2
    expect(t[0]!.samples.map((s) => s.value)).toEqual([10, 9]);
    expect(t[1]!.samples.map((s) => s.value)).toEqual([4, 14]);
    expect(t[0]!.total.value).toBe(19);
    expect(t[1]!.total.value).toBe(18);
    expect(t[0]!.samples[0]!.error).toBeCloseTo(10 * S0, 12);
    expect(t[1]!.samples[1]!.error).toBeCloseTo(7 * S1, 12);
    // total of A: g = (10, 2)
    expect(t[0]!.total.error).toBeCloseTo(Math.sqrt(100 * S0 * S0 + 4 * S1 * S1 + 2 * 10 * 2 * RHO * S0 * S1), 12);
    expect(t[1]!.total.error).toBeCloseTo(Math.sqrt(16 * S0 * S0 + 49 * S1 * S1 + 2 * 4 * 7 * RHO * S0 * S1), 12);
  });
  it('a fixed parameter contributes nothing, not even through the correlation', () => {
    const t = yieldTable(linearModel() as unknown as TM, tableData, Float64Array.of(1, 2), COV2, Uint8Array.of(0, 1));
    expect(t[0]!.total.error).toBeCloseTo(10 * S0, 12);
    expect(t[0]!.samples[1]!.error).toBe(0);
  });
  it('without a covariance, or without analytic gradients, the errors are null', () => {
    for (const [m, cov] of [[linearModel(), null], [linearModel(false), COV2], [linearModel(false), null]] as const) {
      const t = yieldTable(m as unknown as TM, tableData, Float64Array.of(1, 2), cov, new Uint8Array(2));
      for (const c of t) {
        expect(c.total.error).toBeNull();
        for (const s of c.samples) expect(s.error).toBeNull();
      }
      expect(t[0]!.total.value).toBe(19);
    }
  });
  it('pre-fit: the shapesys background error is the stated uncertainty (5 of 50), the free signal has none', () => {
    const model = uncorrelatedBackground([10], [50], [5]);
    const d = { main: Float64Array.of(60), aux: Float64Array.from(model.nominalAux) };
    const { prefit } = prePostYieldTables(model, d, fit(model, d));
    const bkg = prefit[0]!.samples.find((s) => s.value === 50)!;
    expect(bkg.error).toBeCloseTo(5, 10);
    expect(prefit[0]!.samples.find((s) => s.value === 10)!.error).toBe(0);
  });
});

describe('full run: fittedYields', () => {
  it('analytic gradients over the selected channels, correlation included, fixed parameters left out', () => {
    const m = linearModel() as unknown as YieldModel;
    const r = fittedYields(m, ['A', 'B'], fitOf([1, 2], COV2));
    expect(r.sig!.value).toBe(14);
    expect(r.sig!.error).toBeCloseTo(14 * S0, 12);
    expect(r.bkg!.value).toBe(23);
    expect(r.bkg!.error).toBeCloseTo(9 * S1, 12);
    // a yield depending on both parameters (g = (10, 2)) with θ1 fixed
    const both = fittedYields({ ...m, sampleYieldGradients: (_p: Float64Array) => new Map([['sig', Float64Array.of(10, 2)], ['bkg', Float64Array.of(0, 9)]]) } as YieldModel, ['A', 'B'], fitOf([1, 2], COV2, [0, 1]));
    expect(both.sig!.error).toBeCloseTo(10 * S0, 12); // θ1 fixed: no 2·10·2·ρσ0σ1 term
  });
  it('finite differences without analytic gradients: exact for linear yields, pinned parameters skipped', () => {
    const r = fittedYields(linearModel(false) as unknown as YieldModel, ['A'], fitOf([1, 2], COV2));
    expect(r.sig!.error).toBeCloseTo(10 * S0, 8);
    expect(r.bkg!.error).toBeCloseTo(2 * S1, 8);
    // θ1 pinned by its bounds (lo = hi = 2): no step possible, it contributes nothing
    const pinned = fittedYields(linearModel(false, [-10, 2], [10, 2]) as unknown as YieldModel, ['A'], fitOf([1, 2], COV2));
    expect(pinned.bkg!.error).toBe(0);
    expect(pinned.sig!.error).toBeCloseTo(10 * S0, 8);
  });
  it('the step scales with σ: exp(θ) with σ = 1e-4 has error e^θ·σ', () => {
    const m = { params: { n: 1, init: [0], lo: [-50], hi: [50] }, sampleYields: (p: Float64Array) => [{ channel: 'A', samples: [{ sample: 's', total: Math.exp(p[0]!) }] }] } as unknown as YieldModel;
    const r = fittedYields(m, ['A'], fitOf([0], Float64Array.of(1e-8), [0]));
    expect(r.s!.error! / 1e-4).toBeCloseTo(1, 6);
  });
  it('the analytic gradient is used when present (exp(θ): exact, not a difference quotient)', () => {
    const m = {
      params: { n: 1, init: [0], lo: [-50], hi: [50] },
      sampleYields: (p: Float64Array) => [{ channel: 'A', samples: [{ sample: 's', total: Math.exp(p[0]!) }] }],
      // a gradient that is not the derivative tells which path was taken: the contract is to use the one given
      sampleYieldGradients: () => new Map([['s', Float64Array.of(3)]]),
    } as unknown as YieldModel;
    expect(fittedYields(m, ['A'], fitOf([0], Float64Array.of(4), [0])).s!.error).toBeCloseTo(6, 12);
  });
  it('refuses a fit of the wrong length and an unknown channel, naming the known ones', () => {
    const m = linearModel() as unknown as YieldModel;
    expect(() => fittedYields(m, ['A'], fitOf([1, 2, 3], null, [0, 0, 0]))).toThrow(/the fit has 3 parameters, the model 2/);
    expect(() => fittedYields(m, ['C'], fitOf([1, 2], null))).toThrow(/unknown channel 'C' \(known: A, B\)/);
  });
});

describe('full run: calibrateNonNested', () => {
  it('counts ties, drops null and non-finite toys, binomial errors and medians of the finite toys', () => {
    const c = calibrateNonNested(2, [5, null, 2, NaN, 1, Infinity, 3], [4, 1, 2, null]);
    expect(c.n_toys_a).toBe(4); // 5, 2, 1, 3
    expect(c.n_failed_a).toBe(3);
    expect(c.p_if_a).toBe(3 / 4); // 5, 2 (tie), 3
    expect(c.p_if_a_error).toBeCloseTo(Math.sqrt((0.75 * 0.25) / 4), 15);
    expect(c.median_a).toBe(2.5); // sorted 1 2 3 5
    expect(c.n_toys_b).toBe(3);
    expect(c.n_failed_b).toBe(1);
    expect(c.p_if_b).toBe(2 / 3); // 1, 2 (tie)
    expect(c.p_if_b_error).toBeCloseTo(Math.sqrt((2 / 9) / 3), 15);
    expect(c.median_b).toBe(2); // sorted 1 2 4
    const odd = calibrateNonNested(0, [30, 10, 20, 40, 50], [9, 1, 5]);
    expect(odd.median_a).toBe(30);
    expect(odd.median_b).toBe(5);
    const even = calibrateNonNested(0, [40, 10, 30, 20], [1, 100]);
    expect(even.median_a).toBe(25);
    expect(even.median_b).toBe(50.5);
  });
  it('no valid toy: p and error NaN, median null; none in the tail: half a toy', () => {
    const c = calibrateNonNested(1, [null, NaN], []);
    expect(c.p_if_a).toBeNaN();
    expect(c.p_if_a_error).toBeNaN();
    expect(c.median_a).toBeNull();
    expect(c.median_b).toBeNull();
    const z = calibrateNonNested(10, [1, 2, 3, 4], [11, 12]);
    expect(z.p_if_a).toBe(0.5 / 4);
    expect(z.p_if_b).toBe(0.5 / 2);
  });
});

describe('full run: summarizeEnsemble and binomialPull', () => {
  it('refuses quantile levels outside [0, 1] (naming the level), accepts 0 and 1 (min and max)', () => {
    for (const p of [-0.1, 1.1, NaN]) expect(() => summarizeEnsemble([1, 2], [p]), String(p)).toThrow(/quantile level must be in \[0, 1\], got/);
    const s = summarizeEnsemble([3, 1, 2], [0, 1]);
    expect(s.quantiles).toEqual([{ p: 0, value: 1 }, { p: 1, value: 3 }]);
  });
  it('one finite entry: sd NaN; none: every statistic NaN with the levels kept', () => {
    const one = summarizeEnsemble([NaN, 4]);
    expect(one.n).toBe(1);
    expect(one.sd).toBeNaN();
    expect(one.mean).toBe(4);
    const none = summarizeEnsemble([NaN, Infinity], [0.25, 0.5]);
    expect(none.nonFinite).toBe(2);
    expect(none.quantiles.map((q) => q.p)).toEqual([0.25, 0.5]);
    for (const q of none.quantiles) expect(q.value).toBeNaN();
  });
  it('binomialPull refuses an expected probability of 0 or 1', () => {
    for (const p of [0, 1, -0.5]) expect(() => binomialPull(binomialFraction(1, 4), p)).toThrow(/expected probability must be in \(0, 1\)/);
    expect(binomialPull(binomialFraction(1, 4), 0.5)).toBeCloseTo((0.25 - 0.5) / Math.sqrt(0.25 / 4), 15);
  });
});

// ---- Full Stryker run of mle.ts, gof.ts, compatibility.ts (docs/testing.md) ----

/** −2lnL of two correlated Gaussian measurements (x, y) of (m1, m2) with σ = (2, 0.5), ρ = 0.6; m3 free or fixed, σ = 1. */
function correlatedGauss(fixThird: boolean): StatModel {
  const s1 = 2, s2 = 0.5, rho = 0.6;
  return {
    params: makeParams([
      { name: 'm1', init: 0, lo: -100, hi: 100 },
      { name: 'm2', init: 0, lo: -100, hi: 100 },
      { name: 'm3', init: 0, lo: -100, hi: 100, fixed: fixThird },
    ], 'm1'),
    nBins: 3,
    nAux: 0,
    nominalAux: new Float64Array(0),
    twiceNll: (p, d) => {
      const u = (d.main[0]! - p[0]!) / s1, v = (d.main[1]! - p[1]!) / s2;
      return (u * u - 2 * rho * u * v + v * v) / (1 - rho * rho) + (d.main[2]! - p[2]!) ** 2;
    },
    expected: (p, out) => { out[0] = p[0]!; out[1] = p[1]!; out[2] = p[2]!; },
    asimovAux: () => {},
  };
}

describe('full run: fit, checkData, typicalScales, fixedPoiFit, fittedValue', () => {
  it('checkData names the bad bin or entry and accepts an empty bin', () => {
    const m = gaussBkgModel(10, 50, 5);
    expect(() => fit(m, data([60]))).toThrow('data has 0 auxiliary entries, the model expects 1');
    expect(() => fit(m, data([60, 1], [50]))).toThrow('data has 2 main bins, the model expects 1');
    expect(() => fit(m, data([NaN], [50]))).toThrow('data main bin 0 is NaN; counts must be finite and >= 0');
    expect(() => fit(m, data([Infinity], [50]))).toThrow('data main bin 0 is Infinity; counts must be finite and >= 0');
    expect(() => fit(m, data([60], [NaN]))).toThrow('data auxiliary entry 0 is NaN; must be finite');
    expect(() => fit(m, data([60], [-Infinity]))).toThrow('data auxiliary entry 0 is -Infinity; must be finite');
    const two = uncorrelatedBackground([5, 4], [20, 22], [3, 4]);
    expect(() => fit(two, data([3, -1], [44.4, 30.25]))).toThrow('data main bin 1 is -1');
    expect(() => fit(two, data([3, 4], [44.4, Infinity]))).toThrow('data auxiliary entry 1 is Infinity');
    // n = 0 is a valid count: μ̂ = (0 − b)/s hits the lower bound 0 of countingModel
    expect(fit(countingModel(10, 10), data([0])).bestfit[0]).toBeCloseTo(0, 6);
  });

  it('typicalScales: σ, σ, 1/√τ, min(1, (hi − lo)/10), and 1 for an infinite, empty or zero width', () => {
    const params = makeParams([
      { name: 'g', init: 0, lo: -5, hi: 5, constraint: { type: 'gaussian', sigma: 0.3 } },
      { name: 'l', init: 1, lo: 0.1, hi: 5, constraint: { type: 'lognormal', sigma: 0.2 } },
      { name: 'p', init: 1, lo: 0, hi: 5, constraint: { type: 'poisson', tau: 16 } },
      { name: 'w', init: 0, lo: 0, hi: 4 },
      { name: 'big', init: 0, lo: -50, hi: 50 },
      { name: 'inf', init: 0, lo: -Infinity, hi: 3 },
      { name: 'pin', init: 2, lo: 2, hi: 2 },
      { name: 'g0', init: 0, lo: -5, hi: 5, constraint: { type: 'gaussian', sigma: 0 } },
      { name: 't0', init: 1, lo: 0, hi: 5, constraint: { type: 'poisson', tau: 0 } },
    ], null);
    expect(Array.from(typicalScales({ params } as unknown as StatModel))).toEqual([0.3, 0.2, 0.25, 0.4, 1, 1, 1, 1, 1]);
    const bad = { ...params, constraints: [{ type: 'cauchy' }] } as unknown as typeof params;
    expect(() => typicalScales({ params: { ...bad, n: 1 } } as unknown as StatModel)).toThrow('unknown constraint {"type":"cauchy"}');
  });

  it('fit: init length, fixed values, release, bounds, hesse off', () => {
    const m = gaussBkgModel(10, 50, 5, -2, 10);
    const d = data([80], [52]);
    expect(() => fit(m, d, { init: Float64Array.of(1) })).toThrow('fit: init has length 1, expected 2');
    expect(() => fit(m, d, { fixedValues: { beta: NaN } })).toThrow('fit: fixed value of beta is NaN');
    // β fixed at 40: μ̂ = (80 − 40)/10 exactly from the Poisson term
    const fx = fit(m, d, { fixedValues: { beta: 40 } });
    expect(fx.bestfit[1]).toBe(40);
    expect(Array.from(fx.fixed)).toEqual([0, 1]);
    expect(fx.bestfit[0]).toBeCloseTo(4, 4);
    // μ bounded to [0, 1]: at the upper bound (μ̂ = 2.8 without the bound)
    expect(fit(m, d, { bounds: { mu: [0, 1] } }).bestfit[0]).toBeCloseTo(1, 6);
    expect(fit(m, d, { bounds: { mu: [3.5, 10] } }).bestfit[0]).toBeCloseTo(3.5, 6); // and at a raised lower bound
    const off = fit(m, d, { hesse: false });
    expect(off.errors).toBeNull();
    expect(off.correlation).toBeNull();
    // a parameter the model fixes stays at its initial value unless released
    const g = correlatedGauss(true);
    const obs = data([1, 2, 3]);
    expect(fit(g, obs).bestfit[2]).toBe(0);
    expect(fit(g, obs, { release: ['m3'] }).bestfit[2]).toBeCloseTo(3, 5);
  });

  it('correlation = covariance / √(σ_i² σ_j²); a fixed parameter has zero row and column, 1 on free diagonals', () => {
    const g = correlatedGauss(true);
    const r = fit(g, data([1, 2, 3]));
    const c = r.correlation!;
    expect(r.errors![0]).toBeCloseTo(2, 4);
    expect(r.errors![1]).toBeCloseTo(0.5, 4);
    expect(c[0]).toBeCloseTo(1, 10);
    expect(c[4]).toBeCloseTo(1, 10);
    expect(c[1]).toBeCloseTo(0.6, 4);
    expect(c[3]).toBeCloseTo(0.6, 4);
    for (const k of [2, 5, 6, 7, 8]) expect(c[k], `entry ${k}`).toBe(0);
  });

  it('fixedPoiFit: no Hessian by default, the POI held and other fixed values kept; requirePoi and fittedValue messages', () => {
    const m = gaussBkgModel(10, 50, 5, -2, 10);
    const d = data([80], [52]);
    const r = fixedPoiFit(m, d, 2, { fixedValues: { beta: 45 } });
    expect(r.errors).toBeNull();
    expect(Array.from(r.bestfit)).toEqual([2, 45]);
    expect(fixedPoiFit(m, d, 2, { hesse: true }).errors).not.toBeNull();
    const noPoi: StatModel = { ...m, params: { ...m.params, poiIndex: null } };
    expect(() => fixedPoiFit(noPoi, d, 1)).toThrow('the model has no parameter of interest; set the POI (measurement config "poi") to run hypothesis tests');
    expect(fittedValue(r, 'beta')).toBe(45);
    expect(fittedValue(r, 'mu')).toBe(2);
    expect(() => fittedValue(r, 'gamma')).toThrow('no parameter named "gamma" in the fit result');
  });
});

describe('full run: saturated statistic and the toy p-values', () => {
  /** Fixed expectations ν = (3, 4, 5); constraints none, Gaussian σ 0.5, log-normal σ 0.2, Poisson τ 25 (aux in that order). */
  function fixedModel(): StatModel {
    return {
      params: makeParams([
        { name: 'mu', init: 1, lo: 0, hi: 10 },
        { name: 'g', init: 1, lo: -5, hi: 5, constraint: { type: 'gaussian', sigma: 0.5 } },
        { name: 'l', init: 1, lo: -5, hi: 5, constraint: { type: 'lognormal', sigma: 0.2 } },
        { name: 'q', init: 1, lo: 0, hi: 5, constraint: { type: 'poisson', tau: 25 } },
      ], 'mu'),
      nBins: 3,
      nAux: 3,
      nominalAux: Float64Array.of(1, 1, 25),
      twiceNll: () => 0,
      expected: (_p, out) => { out[0] = 3; out[1] = 4; out[2] = 5; },
      asimovAux: () => {},
    };
  }
  const dev = (n: number, nu: number) => (n === 0 ? 2 * nu : 2 * (nu - n + n * Math.log(n / nu)));

  it('per channel (offset, nBins), the total over every bin, and each constraint type', () => {
    const m = fixedModel();
    const d = data([2, 4, 0], [1, 1, 25]);
    const pars = Float64Array.of(1, 0.8, 1.1, 1.2);
    const t = saturatedStatistic(m, d, pars, [{ name: 'c0', offset: 0, nBins: 2 }, { name: 'c1', offset: 2, nBins: 1 }]);
    expect(t.perChannel[0]).toBeCloseTo(dev(2, 3), 13);
    expect(t.perChannel[1]).toBe(10);
    const cons = (0.2 / 0.5) ** 2 + (Math.log(1.1) / 0.2) ** 2 + dev(25, 30);
    expect(t.constraints).toBeCloseTo(cons, 12);
    expect(t.total).toBeCloseTo(dev(2, 3) + 10 + cons, 12);
    // a layout with only the last channel: the total still has every bin
    const only = saturatedStatistic(m, d, pars, [{ name: 'c1', offset: 2, nBins: 1 }]);
    expect(only.perChannel).toEqual([10]);
    expect(only.total).toBeCloseTo(dev(2, 3) + 10 + cons, 12);
    // log-normal outside its support: +∞, not NaN
    expect(saturatedStatistic(m, d, Float64Array.of(1, 0.8, -0.5, 1.2), []).constraints).toBe(Infinity);
    expect(saturatedStatistic(m, data([2, 4, 0], [1, -1, 25]), pars, []).constraints).toBe(Infinity);
    expect(poissonDeviance(3, 0)).toBe(Infinity);
    expect(poissonDeviance(3, -1)).toBe(Infinity);
  });

  it('p = fraction of valid toys with t ≥ t_obs (tie band 1e-12·max(1, |t|)), error √(max(p(1−p), 1/n)/n)', () => {
    const part = (total: number, c0: number) => ({ total, perChannel: [c0], constraints: 0 });
    const obs = { total: 5, perChannel: [0.5], constraints: 1.25 };
    const toys = [part(1, 0.1), part(5 - 4e-12, 0.5 - 0.8e-12), null, part(7, 0.5 - 1.5e-12), part(5 - 6e-12, 0.2), part(3, 0.3)];
    const r = gofFromToys(obs, toys, [{ name: 'c0', offset: 0, nBins: 2 }], { seed: 9, nAux: 3 });
    expect(r.n_toys).toBe(6);
    expect(r.n_failed).toBe(1);
    expect(r.toys).toEqual([1, 5 - 4e-12, 7, 5 - 6e-12, 3]);
    expect(r.p_value).toBeCloseTo(2 / 5, 15); // 5 − 4e-12 and 7
    expect(r.p_error).toBeCloseTo(Math.sqrt(0.24 / 5), 15);
    expect(r.statistic).toBe(5);
    expect(r.constraints).toBe(1.25);
    expect(r.n_bins).toBe(5);
    const c = r.per_channel[0]!;
    expect(c.name).toBe('c0');
    expect(c.statistic).toBe(0.5);
    expect(c.n_bins).toBe(2);
    expect(c.p_value).toBeCloseTo(1 / 5, 15); // only 0.5 − 0.8e-12 (band 1e-12 for |t| < 1)
    expect(c.p_error).toBeCloseTo(Math.sqrt(0.2 / 5), 15); // p(1−p) = 0.16 < 1/n
    const none = gofFromToys(obs, [null, null], [{ name: 'c0', offset: 0, nBins: 2 }], { seed: 9, nAux: 0 });
    expect(none.p_value).toBeNull();
    expect(none.p_error).toBeNull();
    expect(none.per_channel[0]!.p_value).toBeNull();
    expect(none.n_failed).toBe(2);
  });

  it('goodnessOfFit: the toy count is checked; the default layout is one channel "all"', () => {
    const m = uncorrelatedBackground([5, 4], [20, 22], [3, 4]);
    const d = { main: Float64Array.of(24, 25), aux: Float64Array.from(m.nominalAux) };
    for (const n of [0, -1, 1.5, NaN]) expect(() => goodnessOfFit(m, d, { nToys: n, seed: 1 })).toThrow(`goodness of fit: the number of toys must be a positive integer, got ${n}`);
    const r = goodnessOfFit(m, d, { nToys: 2, seed: 1 });
    expect(r.per_channel.map((c) => [c.name, c.n_bins])).toEqual([['all', 2]]);
    expect(r.per_channel[0]!.statistic).toBeCloseTo(r.statistic - r.constraints, 12);
  });

  it('gofToy: a toy whose fit from the generating point fails is refitted from the initial values; null if that fails too', () => {
    // n ~ Pois(10 μ + 10): −2lnL NaN exactly at the generating point μ = 5 (expected 60), refitted from μ = 1.
    const base = countingModel(10, 10, 0, 10);
    const m: StatModel = { ...base, twiceNll: (p, d) => (p[0] === 5 ? NaN : base.twiceNll(p, d)), twiceNllGrad: undefined };
    const gen = Float64Array.of(5);
    const toy = sampleToyData(m, gen, new Rng(3, 0), auxLayout(m));
    const t = gofToy(m, gen, 0, { seed: 3, channels: [{ name: 'all', offset: 0, nBins: 1 }] });
    // the refit reaches ν̂ = n (μ̂ = (n − 10)/10 inside the bounds): saturated statistic 0
    expect(toy.main[0]).toBeGreaterThan(10);
    expect(t).not.toBeNull();
    expect(t!.total).toBeCloseTo(0, 6);
    const dead: StatModel = { ...base, twiceNll: () => NaN, twiceNllGrad: undefined };
    expect(gofToy(dead, gen, 0, { seed: 3, channels: [] })).toBeNull();
  });
});

describe('full run: splitPoiSpec, compatibilityFits, compatibilityToy', () => {
  const ch = (name: string, sig: number, bkg: number, mods: { type: 'normfactor'; name: string }[]) => ({ name, axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [sig], modifiers: mods }, { name: 'bkg', data: [bkg] }] });
  const spec3 = (na: number, nb: number, lo = -5, hi = 50): ModelSpec => ({
    schemaVersion: '1.0.0',
    name: 'three',
    poi: 'mu',
    parameters: [{ name: 'k', init: 1, bounds: [0, 5] }, { name: 'mu', init: 1, bounds: [lo, hi] }, { name: 'z', init: 1, bounds: [0, 5], fixed: true }],
    channels: [
      ch('a/sr', 10, 20, [{ type: 'normfactor', name: 'mu' }]),
      ch('b/sr', 4, 30, [{ type: 'normfactor', name: 'mu' }]),
      { name: 'c/cr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'sig', data: [40], modifiers: [{ type: 'normfactor', name: 'k' }] }, { name: 'bkg', data: [10], modifiers: [{ type: 'normfactor', name: 'z' }] }] },
    ],
    observations: [{ channel: 'a/sr', data: [na] }, { channel: 'b/sr', data: [nb] }, { channel: 'c/cr', data: [50] }],
  });

  it('splitPoiSpec: names, parameter order, untouched channels, and its errors', () => {
    const s = spec3(45, 30);
    const sp = splitPoiSpec(s, 'mu', { a: ['a/sr'], b: ['b/sr'], c: ['c/cr'] });
    expect(sp.name).toBe('three:separate-mu');
    expect(sp.poi).toBe('a/mu');
    expect(sp.parameters!.map((p) => p.name)).toEqual(['k', 'a/mu', 'b/mu', 'z']);
    expect(sp.parameters![1]!.bounds).toEqual([-5, 50]);
    expect(sp.channels[2]).toEqual(s.channels[2]);
    expect(sp.channels[2]!.samples[0]).toBe(s.channels[2]!.samples[0]);
    expect(sp.channels[0]!.samples[1]).toBe(s.channels[0]!.samples[1]);
    expect(sp.channels[0]!.samples[0]!.modifiers).toEqual([{ type: 'normfactor', name: 'a/mu' }]);
    expect(() => splitPoiSpec(s, 'mu', { a: ['a/sr'] })).toThrow('compatibility: channel b/sr uses mu but is in no group');
    expect(() => splitPoiSpec({ ...s, parameters: [] }, 'mu', { a: ['a/sr'], b: ['b/sr'] })).toThrow('compatibility: the spec declares no parameter mu');
    expect(() => splitPoiSpec(s, 'mu', { a: ['a/sr', 'b/sr'], c: ['c/cr'] })).toThrow('compatibility: mu acts in 1 group(s); at least 2 are needed');
  });

  it('compatibilityFits: Hessian errors √n/s, POIs at the lower and upper bounds flagged, fixed and shared parameters', () => {
    // interior: μ_a = (45 − 20)/10 = 2.5 (σ = √45/10), μ_b = (38 − 30)/4 = 2 (σ = √38/4)
    const s = spec3(45, 38);
    const common = compileModel(s);
    const sep = compileModel(splitPoiSpec(s, 'mu', { a: ['a/sr'], b: ['b/sr'] }));
    const r = compatibilityFits(common, sep, common.observedData(), 'mu', ['a', 'b']).result;
    expect(r.separate.map((x) => x.group)).toEqual(['a', 'b']);
    expect(r.separate[0]!.value).toBeCloseTo(2.5, 4);
    expect(r.separate[1]!.value).toBeCloseTo(2, 2); // minimiser precision ≈ 3e-4 σ_μ (σ = 1.54)
    expect(r.separate[0]!.error!).toBeCloseTo(Math.sqrt(45) / 10, 3);
    expect(r.separate[1]!.error!).toBeCloseTo(Math.sqrt(38) / 4, 3);
    expect(r.separate.map((x) => x.at_bound)).toEqual([false, false]);
    // common μ: root of the score Σ s (n/ν − 1) (bisection); error from the Fisher information Σ s²/ν at μ̂ (n = ν̂ nearly)
    const score = (m: number) => 10 * (45 / (10 * m + 20) - 1) + 4 * (38 / (4 * m + 30) - 1);
    let [a0, b0] = [0, 5];
    for (let i = 0; i < 100; i++) { const c = 0.5 * (a0 + b0); if (score(c) > 0) a0 = c; else b0 = c; }
    const mu = 0.5 * (a0 + b0);
    expect(r.common.value).toBeCloseTo(mu, 3);
    expect(r.common.error!).toBeCloseTo(1 / Math.sqrt((100 * 45) / (10 * mu + 20) ** 2 + (16 * 38) / (4 * mu + 30) ** 2), 3);
    expect(r.common.converged).toBe(true);
    expect(r.separate_converged).toBe(true);
    // bounds [0, 1]: μ_a = −1 → 0 (lower bound), μ_b = 2 → 1 (upper bound)
    const sb = spec3(10, 38, 0, 1);
    const cb = compileModel(sb);
    const rb = compatibilityFits(cb, compileModel(splitPoiSpec(sb, 'mu', { a: ['a/sr'], b: ['b/sr'] })), cb.observedData(), 'mu', ['a', 'b']).result;
    expect(rb.separate[0]!.value).toBeCloseTo(0, 6);
    expect(rb.separate[1]!.value).toBeCloseTo(1, 6);
    expect(rb.separate.map((x) => x.at_bound)).toEqual([true, true]);
  });

  it('compatibilityToy: Δ(−2lnL) of toy k equals the closed form for its counts; null when a fit fails', () => {
    const s = spec3(45, 30);
    const common = compileModel(s);
    const sep = compileModel(splitPoiSpec(s, 'mu', { a: ['a/sr'], b: ['b/sr'] }));
    const gen = Float64Array.of(1, 2, 1);
    const dev = (n: number, nu: number) => 2 * (nu - n + (n > 0 ? n * Math.log(n / nu) : 0));
    for (const k of [0, 1, 2]) {
      const toy = sampleToyData(common, gen, new Rng(11, k), auxLayout(common));
      const [na, nb] = [toy.main[0]!, toy.main[1]!];
      // common μ: golden section of dev(na, 10μ + 20) + dev(nb, 4μ + 30); separate: both channels saturated
      const f = (m: number) => dev(na, 10 * m + 20) + dev(nb, 4 * m + 30);
      let lo = -1.9, hi = 50;
      const gr = (Math.sqrt(5) - 1) / 2;
      for (let i = 0; i < 200; i++) { const x1 = hi - gr * (hi - lo), x2 = lo + gr * (hi - lo); if (f(x1) < f(x2)) hi = x2; else lo = x1; }
      const expected = na >= 20 - 50 && nb >= 30 - 20 ? f(0.5 * (lo + hi)) : NaN;
      expect(compatibilityToy(common, sep, gen, 'mu', ['a', 'b'], k, 11), `toy ${k}`).toBeCloseTo(expected, 4);
    }
    const dead = Object.assign(Object.create(common) as StatModel, { twiceNll: () => NaN, twiceNllGrad: undefined });
    expect(compatibilityToy(dead, sep, gen, 'mu', ['a', 'b'], 0, 11)).toBeNull();
  });
});
