/**
 * Toy Monte Carlo: pseudo-data generated from the model at a parameter point, and the toy-based
 * CLs calculator. Every toy i draws from its own stream `new Rng(seed, stream)`, so results are
 * reproducible and independent of how the toys are split into chunks (workers).
 *
 * Toy data: main bins ~ Pois(expected(θ)); auxiliary data per constraint type, centred on the values
 * the constraints would measure at θ (model.asimovAux): Gaussian a ~ N(ā, σ); Poisson a ~ Pois(ā);
 * log-normal ln a ~ N(ln ā, σ).
 *
 * Auxiliary layout: one auxiliary entry per constrained parameter (constraint type ≠ 'none'), in
 * parameter order — the layout `StatModel.nAux` counts. A model that does not follow it is rejected
 * with InvalidModel rather than sampled wrongly.
 */
import { Rng } from '../rng.js';
import type { Constraint, ObservedData, StatModel } from '../types.js';
import { InvalidModel, InvalidParameters } from '../../util/errors.js';
import { N_SIGMA, type ExpectedCls, type LimitTestStat } from './asymptotic.js';
import { normalCdf } from '../distributions/index.js';
import { checkData, fixedPoiFit, type FitOptions, type FitResult } from './mle.js';
import { testStatistic, type TestStatName } from './teststat.js';

/** Constraint of each auxiliary entry, in aux order. */
export function auxLayout(model: StatModel): readonly Constraint[] {
  const out = model.params.constraints.filter((c) => c.type !== 'none');
  if (out.length !== model.nAux) {
    throw new InvalidModel(`toy generation needs one auxiliary entry per constrained parameter: the model has ${out.length} constrained parameters but nAux = ${model.nAux}`);
  }
  return out;
}

/** Draw one toy data set at parameters `pars` into `out` (allocated when absent). */
export function sampleToyData(model: StatModel, pars: Float64Array, rng: Rng, layout: readonly Constraint[], out?: ObservedData): ObservedData {
  const main = out?.main ?? new Float64Array(model.nBins);
  const aux = out?.aux ?? new Float64Array(model.nAux);
  model.expected(pars, main);
  for (let i = 0; i < main.length; i++) {
    const lam = main[i];
    if (!(lam >= 0) || lam === Infinity) throw new InvalidParameters(`toy generation: expected count in bin ${i} is ${lam} at the generating parameters`);
    main[i] = rng.poisson(lam);
  }
  model.asimovAux(pars, aux);
  for (let k = 0; k < aux.length; k++) {
    const c = layout[k];
    switch (c.type) {
      case 'gaussian':
        aux[k] = rng.gaussian(aux[k], c.sigma);
        break;
      case 'poisson':
        aux[k] = rng.poisson(aux[k]);
        break;
      case 'lognormal':
        aux[k] = Math.exp(rng.gaussian(Math.log(aux[k]), c.sigma));
        break;
      case 'none':
        throw new InvalidModel('auxiliary entry without constraint');
      default: {
        const never: never = c;
        throw new InvalidModel(`unknown constraint ${JSON.stringify(never)}`);
      }
    }
  }
  return { main, aux };
}

/** Sampled distribution of a test statistic. */
export interface TestStatSamples {
  readonly name: TestStatName;
  /** Tested POI value. */
  readonly mu: number;
  /** Parameters the toys were generated at. */
  readonly generatedAt: Float64Array;
  /** Statistic per toy (toys whose fits failed are dropped and counted). */
  readonly samples: Float64Array;
  readonly seed: number;
  /** First stream used and number of toys requested. */
  readonly streamOffset: number;
  readonly nToys: number;
  /** Toys whose fits did not converge or gave a non-finite statistic (dropped). */
  readonly nFailed: number;
}

/** Options of `sampleTestStatistic`. */
export interface SampleOptions {
  nToys: number;
  seed: number;
  /** Stream of the first toy (toy i uses stream streamOffset + i). @default 0 */
  streamOffset?: number;
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
}

/**
 * Generate `nToys` toys at `genPars` and evaluate statistic `name` at POI value `mu` on each.
 * Fits start from the generating point.
 */
export function sampleTestStatistic(model: StatModel, genPars: Float64Array, mu: number, name: TestStatName, opts: SampleOptions): TestStatSamples {
  if (!(Number.isInteger(opts.nToys) && opts.nToys > 0)) throw new InvalidParameters(`nToys must be a positive integer, got ${opts.nToys}`);
  const layout = auxLayout(model);
  const offset = opts.streamOffset ?? 0;
  const values: number[] = [];
  let nFailed = 0;
  const toy: ObservedData = { main: new Float64Array(model.nBins), aux: new Float64Array(model.nAux) };
  for (let i = 0; i < opts.nToys; i++) {
    sampleToyData(model, genPars, new Rng(opts.seed, offset + i), layout, toy);
    const r = testStatistic(name, model, toy, mu, { poiBounds: opts.poiBounds, fit: { ...opts.fit, init: genPars }, fixedInit: genPars });
    if (!Number.isFinite(r.value) || !r.freeFit.status.converged || !r.fixedFit.status.converged) {
      nFailed++;
      continue;
    }
    values.push(r.value);
  }
  return { name, mu, generatedAt: Float64Array.from(genPars), samples: Float64Array.from(values), seed: opts.seed, streamOffset: offset, nToys: opts.nToys, nFailed };
}

/** Fraction of sorted samples ≥ x (upper-tail p-value of an empirical distribution). */
export function upperTailFraction(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? NaN : (sorted.length - lo) / sorted.length;
}

/** Linear-interpolation quantile of sorted samples at probability p (numpy's default definition). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const i = Math.floor(h);
  return i + 1 < n ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

/** Result of a toy-based CLs test. */
export interface ToyHypotest {
  readonly mu: number;
  readonly testStat: LimitTestStat;
  /** Observed statistic. */
  readonly q: number;
  /** CL_{s+b} = P(q ≥ q_obs | μ), CL_b = P(q ≥ q_obs | 0), CL_s = CL_{s+b}/CL_b. */
  readonly clsb: number;
  readonly clb: number;
  readonly cls: number;
  /** Expected CL_s band: quantiles Φ(nσ) of CL_s over background-only toys (index 0 = −2σ, smallest). */
  readonly expected: ExpectedCls;
  readonly sb: TestStatSamples;
  readonly b: TestStatSamples;
  readonly seed: number;
  readonly nToys: number;
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** Options of the toy calculator. */
export interface ToyOptions {
  nToys: number;
  seed: number;
  /** @default 'qmuTilde' */
  testStat?: LimitTestStat;
  poiBounds?: readonly [number, number];
  fit?: FitOptions;
}

/**
 * Toy-based CLs at POI value `mu`. Signal+background toys are generated at (μ, θ̂̂(μ)) and
 * background-only toys at (0, θ̂̂(0)), nuisances from conditional fits to the observed data
 * (the LHC "profiled" construction). Streams: s+b toy i uses stream i, b-only toy i uses nToys + i.
 */
export function toyHypotest(model: StatModel, data: ObservedData, mu: number, opts: ToyOptions): ToyHypotest {
  checkData(model, data);
  const name = opts.testStat ?? 'qmuTilde';
  const obs = testStatistic(name, model, data, mu, { poiBounds: opts.poiBounds, fit: opts.fit });
  const genSb: FitResult = fixedPoiFit(model, data, mu, opts.fit);
  const genB: FitResult = fixedPoiFit(model, data, 0, opts.fit);
  const sb = sampleTestStatistic(model, genSb.bestfit, mu, name, { nToys: opts.nToys, seed: opts.seed, streamOffset: 0, poiBounds: opts.poiBounds, fit: opts.fit });
  const b = sampleTestStatistic(model, genB.bestfit, mu, name, { nToys: opts.nToys, seed: opts.seed, streamOffset: opts.nToys, poiBounds: opts.poiBounds, fit: opts.fit });
  const sbSorted = Float64Array.from(sb.samples).sort();
  const bSorted = Float64Array.from(b.samples).sort();
  const clsAt = (q: number): { clsb: number; clb: number; cls: number } => {
    const clsb = upperTailFraction(sbSorted, q);
    const clb = upperTailFraction(bSorted, q);
    return { clsb, clb, cls: clb > 0 ? clsb / clb : 1 };
  };
  const p = clsAt(obs.value);
  const perToy = Array.from(bSorted, (q) => clsAt(q));
  const clsSorted = perToy.map((x) => x.cls).sort((x, y) => x - y);
  const clsbSorted = perToy.map((x) => x.clsb).sort((x, y) => x - y);
  const clbSorted = perToy.map((x) => x.clb).sort((x, y) => x - y);
  const levels = N_SIGMA.map((n) => normalCdf(n));
  const messages: string[] = [];
  if (!obs.freeFit.status.converged || !obs.fixedFit.status.converged) messages.push('a fit to the observed data did not converge');
  if (sb.nFailed + b.nFailed > 0) messages.push(`${sb.nFailed + b.nFailed} toys dropped because their fits failed`);
  return {
    mu,
    testStat: name,
    q: obs.value,
    ...p,
    expected: {
      nSigma: N_SIGMA,
      cls: levels.map((l) => quantileSorted(clsSorted, l)),
      clsb: levels.map((l) => quantileSorted(clsbSorted, l)),
      clb: levels.map((l) => quantileSorted(clbSorted, l)),
    },
    sb,
    b,
    seed: opts.seed,
    nToys: opts.nToys,
    valid: messages.length === 0,
    messages,
  };
}
