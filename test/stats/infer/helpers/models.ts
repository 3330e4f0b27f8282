/**
 * Small hand-written StatModel implementations for testing inference without the model builder.
 * Written straightforwardly from the likelihood definitions (full −2 ln L with constants, as pyhf).
 */
import jStat from 'jstat';
import type { Constraint, ObservedData, ParameterConfig, StatModel } from '../../../../src/stats/types.js';
import { InvalidParameters } from '../../../../src/util/errors.js';

export interface ParamSpec {
  name: string;
  init: number;
  lo: number;
  hi: number;
  fixed?: boolean;
  constraint?: Constraint;
}

export function makeParams(specs: ParamSpec[], poi: string | null): ParameterConfig {
  const names = specs.map((s) => s.name);
  return {
    n: specs.length,
    names,
    init: Float64Array.from(specs.map((s) => s.init)),
    lo: Float64Array.from(specs.map((s) => s.lo)),
    hi: Float64Array.from(specs.map((s) => s.hi)),
    fixed: Uint8Array.from(specs.map((s) => (s.fixed ? 1 : 0))),
    constraints: specs.map((s) => s.constraint ?? { type: 'none' as const }),
    poiIndex: poi === null ? null : names.indexOf(poi),
    index(name: string) {
      const i = names.indexOf(name);
      if (i < 0) throw new InvalidParameters(`unknown parameter "${name}"`);
      return i;
    },
  };
}

/** −2 ln Pois(n | λ), continuous in n. */
export function twicePoissonNll(n: number, lam: number): number {
  if (lam <= 0) return n === 0 && lam === 0 ? 0 : Infinity;
  return -2 * (n * Math.log(lam) - lam - jStat.gammaln(n + 1));
}

/** −2 ln N(a | θ, σ) including the normalisation. */
export function twiceGaussNll(a: number, theta: number, sigma: number): number {
  return ((a - theta) / sigma) ** 2 + Math.log(2 * Math.PI * sigma * sigma);
}

/** Single-bin counting: n ~ Pois(μ s + b), one parameter μ. */
export function countingModel(s: number, b: number, muLo = 0, muHi = 10): StatModel {
  const params = makeParams([{ name: 'mu', init: 1, lo: muLo, hi: muHi }], 'mu');
  return {
    params,
    nBins: 1,
    nAux: 0,
    nominalAux: new Float64Array(0),
    twiceNll: (p, d) => twicePoissonNll(d.main[0], p[0] * s + b),
    twiceNllGrad(p, d, g) {
      const lam = p[0] * s + b;
      g[0] = -2 * (d.main[0] / lam - 1) * s;
      return twicePoissonNll(d.main[0], lam);
    },
    expected(p, out) {
      out[0] = p[0] * s + b;
    },
    asimovAux() {},
  };
}

/**
 * Counting with a Gaussian-constrained background: n ~ Pois(μ s + β), a ~ N(β, σ_b), a_nominal = b.
 * Parameters [mu, beta]; no analytic gradient (exercises finite differences).
 */
export function gaussBkgModel(s: number, b: number, sigmaB: number, muLo = 0, muHi = 10): StatModel {
  const params = makeParams(
    [
      { name: 'mu', init: 1, lo: muLo, hi: muHi },
      { name: 'beta', init: b, lo: 1e-6 * b, hi: b + 10 * sigmaB, constraint: { type: 'gaussian', sigma: sigmaB } },
    ],
    'mu',
  );
  return {
    params,
    nBins: 1,
    nAux: 1,
    nominalAux: Float64Array.of(b),
    twiceNll: (p, d: ObservedData) => twicePoissonNll(d.main[0], p[0] * s + p[1]) + twiceGaussNll(d.aux[0], p[1], sigmaB),
    expected(p, out) {
      out[0] = p[0] * s + p[1];
    },
    asimovAux(p, out) {
      out[0] = p[1];
    },
  };
}

/**
 * pyhf's simplemodels.uncorrelated_background written by hand: λ_i = μ s_i + γ_i b_i, with a
 * Poisson aux measurement τ_i ~ Pois(γ_i τ_i), τ_i = (b_i/δb_i)² (shapesys, Barlow–Beeston-lite).
 * Parameters [mu, gamma_0, gamma_1, …]; bounds as pyhf: μ ∈ [0, 10], γ ∈ [1e-10, 10].
 */
export function uncorrelatedBackgroundModel(signal: number[], bkg: number[], bkgUncertainty: number[]): StatModel {
  const nb = signal.length;
  const tau = bkg.map((b, i) => (b / bkgUncertainty[i]) ** 2);
  const specs: ParamSpec[] = [{ name: 'mu', init: 1, lo: 0, hi: 10 }];
  for (let i = 0; i < nb; i++) specs.push({ name: `uncorr_bkguncrt[${i}]`, init: 1, lo: 1e-10, hi: 10, constraint: { type: 'poisson', tau: tau[i] } });
  const params = makeParams(specs, 'mu');
  return {
    params,
    nBins: nb,
    nAux: nb,
    nominalAux: Float64Array.from(tau),
    twiceNll(p, d) {
      let t = 0;
      for (let i = 0; i < nb; i++) {
        t += twicePoissonNll(d.main[i], p[0] * signal[i] + p[1 + i] * bkg[i]);
        t += twicePoissonNll(d.aux[i], p[1 + i] * tau[i]);
      }
      return t;
    },
    twiceNllGrad(p, d, g) {
      g[0] = 0;
      let t = 0;
      for (let i = 0; i < nb; i++) {
        const lam = p[0] * signal[i] + p[1 + i] * bkg[i];
        const lamAux = p[1 + i] * tau[i];
        t += twicePoissonNll(d.main[i], lam) + twicePoissonNll(d.aux[i], lamAux);
        const r = -2 * (d.main[i] / lam - 1);
        g[0] += r * signal[i];
        g[1 + i] = r * bkg[i] - 2 * (d.aux[i] / lamAux - 1) * tau[i];
      }
      return t;
    },
    expected(p, out) {
      for (let i = 0; i < nb; i++) out[i] = p[0] * signal[i] + p[1 + i] * bkg[i];
    },
    asimovAux(p, out) {
      for (let i = 0; i < nb; i++) out[i] = p[1 + i] * tau[i];
    },
  };
}

export function data(main: number[], aux: number[] | Float64Array = []): ObservedData {
  return { main: Float64Array.from(main), aux: Float64Array.from(aux) };
}
