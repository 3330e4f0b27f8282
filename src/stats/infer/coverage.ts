/**
 * Frequentist validation by toys, for any StatModel with a POI (lower bound 0); `cevnsfit validate` runs it on the
 * analyses' models (src/cli/commands/validate.ts, docs/validation.md).
 *
 * 1. Coverage of CL upper limits on the POI μ at a true value μ_true. An upper limit covers μ_true exactly when μ_true
 *    is not excluded, so no limit has to be solved per toy:
 *      - CL_{s+b} (asymptotic q̃_μ, 1007.1727 eq. 66): covered ⇔ p_{s+b}(μ_true) > α;
 *      - CL_s = p_{s+b}/(1 − p_b) (Read, J. Phys. G 28 (2002) 2693): covered ⇔ CL_s(μ_true) > α — over-covers by design;
 *      - Feldman–Cousins (t_μ ordering, PRD 57 (1998) 3873): covered ⇔ P(t ≥ t_toy | μ_true) > α, the tail probability
 *        taken from an independent ensemble of toys at μ_true (the construction of src/stats/infer/fc.ts).
 *    Each toy is treated like observed data in an asymptotic limit: the formulas use √q_{μ,A} from the Asimov data set
 *    at the toy's own background-only fit.
 * 2. Wilks calibration of q_0: background-only toys, P(q_0 > c) against the asymptotic ½·χ²₁ tail Q(√c)
 *    (1007.1727 eq. 49).
 *
 * Truth: parameters from the conditional fit of the observed data at μ_true (nuisances θ̂̂(μ_true)); toys draw the
 * main bins and the auxiliary measurements (src/stats/infer/toys.ts). Every toy has its own seeded stream, so the
 * result does not depend on chunking. Toys whose fits did not converge are counted, reported and left out.
 */
import { asimovDataAt, asymptoticPValues, asymptoticTeststat } from './asymptotic.js';
import { binomialFraction, binomialPull, type BinomialFraction } from './ensemble.js';
import { fixedPoiFit, requirePoi, type FitResult } from './mle.js';
import { testStatistic, type TestStatResult } from './teststat.js';
import { auxLayout, sampleToyData, upperTailFraction } from './toys.js';
import { normalSf } from '../distributions/index.js';
import { Rng } from '../rng.js';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidModel, InvalidParameters } from '../../util/errors.js';
import { upperLimit } from './upperlimit.js';

/** Tolerance (−2 ln L units) for equal test-statistic values, as in the FC construction. */
const TIE_TOLERANCE = 1e-6;

/** 'CLs+b' is the asymptotic CL_{s+b} that `cevnsfit limit` computes; 'CLs+b (toys)' calibrates q̃_μ with toys at μ_true. */
export type CoverageMethod = 'CLs+b' | 'CLs+b (toys)' | 'FC' | 'CLs';

/** Coverage of one limit method at one mass. */
export interface CoverageRow {
  readonly method: CoverageMethod;
  readonly mass_MeV: number;
  /** True POI value (default: the median expected asymptotic CLs limit) and the signal events it adds in all channels. */
  readonly mu_true: number;
  readonly signal_events: number;
  /** Toys generated; toys with a failed fit; coverage over the others. */
  readonly toys: number;
  readonly failed: number;
  /** Fits retried once (larger call limit) before counting a toy as failed (coverage and FC reference toys). */
  readonly retried: number;
  /** Coverage; its error is binomial (FC: including the reference ensemble's, √(1 + toys/reference toys) larger). */
  readonly coverage: BinomialFraction;
  /** (coverage − CL)/error at CL. */
  readonly pull: number;
  /** False when a fit that sets up the toys (generating point, μ_true search) did not converge; see messages. */
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** Options of {@link upperLimitCoverage}. */
export interface CoverageOptions {
  readonly nToys: number;
  /** Toys of the FC reference ensemble at μ_true. @default nToys */
  readonly nReferenceToys?: number;
  readonly seed: number;
  /** First stream; coverage toys use streams offset … offset + nToys − 1, the FC ensemble the next nReferenceToys. */
  readonly streamOffset?: number;
  /** @default 0.9 */
  readonly cl?: number;
  /** True μ; @default the median expected asymptotic CLs limit. */
  readonly muTrue?: number;
}

/** Call limit of the one retry given to a toy fit that did not converge. */
const RETRY_MAX_CALLS = 20000;

/** t_μ on a toy; a non-converged fit is retried from its own end point with a larger call limit, then from the nominal point. */
function toyTmu(model: StatModel, toy: ObservedData, mu: number, gen: Float64Array, stats: { retried: number }): TestStatResult {
  const ok = (r: TestStatResult) => r.freeFit.status.converged && r.fixedFit.status.converged;
  const r = testStatistic('tmu', model, toy, mu, { fit: { init: gen }, fixedInit: gen });
  if (ok(r)) return r;
  stats.retried++;
  const again = testStatistic('tmu', model, toy, mu, { fit: { init: r.freeFit.bestfit, minimizer: { maxCalls: RETRY_MAX_CALLS } }, fixedInit: r.fixedFit.bestfit });
  if (ok(again)) return again;
  // A third start, from the model's nominal point (the fits end at the kinks of interpolated templates otherwise).
  const nominal = Float64Array.from(model.params.init);
  return testStatistic('tmu', model, toy, mu, { fit: { init: nominal, minimizer: { maxCalls: RETRY_MAX_CALLS } }, fixedInit: nominal });
}

/** Conditional fit at μ with the same retries. */
function toyFixedFit(model: StatModel, toy: ObservedData, mu: number, init: Float64Array, stats: { retried: number }): FitResult {
  const f = fixedPoiFit(model, toy, mu, { init });
  if (f.status.converged) return f;
  stats.retried++;
  const again = fixedPoiFit(model, toy, mu, { init: f.bestfit, minimizer: { maxCalls: RETRY_MAX_CALLS } });
  if (again.status.converged) return again;
  // A third start, from the model's nominal point.
  return fixedPoiFit(model, toy, mu, { init: Float64Array.from(model.params.init), minimizer: { maxCalls: RETRY_MAX_CALLS } });
}

/** Streams used by one {@link upperLimitCoverage} call. */
export function coverageStreams(opts: CoverageOptions): number {
  return opts.nToys + (opts.nReferenceToys ?? opts.nToys);
}

/** Total expected counts of `sample` over the model at `pars` (for reporting the signal size). */
function poiEvents(model: StatModel, pars: Float64Array, mu: number): number {
  const ip = requirePoi(model);
  const withMu = Float64Array.from(pars);
  const without = Float64Array.from(pars);
  withMu[ip] = mu;
  without[ip] = 0;
  const a = new Float64Array(model.nBins);
  const b = new Float64Array(model.nBins);
  model.expected(withMu, a);
  model.expected(without, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! - b[i]!;
  return s;
}

/**
 * Coverage of the CL_{s+b}, FC and CL_s upper limits on the POI of `model` (POI lower bound 0) at one true value.
 * @param massMeV where the model was built (e.g. a mediator mass in MeV): only reported, as `mass_MeV` of each row
 */
export function upperLimitCoverage(model: StatModel, data: ObservedData, massMeV: number, opts: CoverageOptions): CoverageRow[] {
  if (!(Number.isInteger(opts.nToys) && opts.nToys > 0)) throw new InvalidParameters(`coverage: nToys must be a positive integer, got ${opts.nToys}`);
  const cl = opts.cl ?? 0.9;
  const alpha = 1 - cl;
  const ip = requirePoi(model);
  if (model.params.lo[ip] !== 0) {
    throw new InvalidModel(`coverage: the POI "${model.params.names[ip]}" must have lower bound 0 (q̃_μ is derived from t_μ with μ̂ ≥ 0), got ${model.params.lo[ip]}`);
  }
  const offset = opts.streamOffset ?? 0;
  const nRef = opts.nReferenceToys ?? opts.nToys;
  const messages: string[] = [];
  let muTrue: number | undefined = opts.muTrue;
  if (muTrue === undefined) {
    const bObs = fixedPoiFit(model, data, 0);
    if (!bObs.status.converged) messages.push(`background-only fit of the data: ${bObs.status.message}`);
    const lim = upperLimit(model, data, { cl, kind: 'cls', method: 'fast', backgroundPars: bObs.bestfit, dataIsAsimov: false, rtol: 1e-4 });
    if (!lim.converged) messages.push(`expected-limit search for μ_true: ${lim.messages.join('; ')}`);
    muTrue = lim.expected[2];
  }
  if (!(muTrue !== undefined && muTrue > 0 && Number.isFinite(muTrue))) throw new InvalidParameters(`coverage: true μ must be positive and finite, got ${muTrue}`);
  const genFit = fixedPoiFit(model, data, muTrue);
  if (!genFit.status.converged) messages.push(`fit of the data at μ_true (the generating point): ${genFit.status.message}`);
  const gen = genFit.bestfit;
  const layout = auxLayout(model);
  const toy: ObservedData = { main: new Float64Array(model.nBins), aux: new Float64Array(model.nAux) };
  const init0 = Float64Array.from(gen);
  init0[ip] = 0;

  const stats = { retried: 0 };
  // FC reference ensemble: t_μ at μ_true from independent toys.
  const ref: number[] = [];
  // The same ensemble gives the toy distribution of q̃_μ at μ_true (t_μ clipped to 0 for μ̂ > μ): CL_{s+b} by toys.
  const refQ: number[] = [];
  let refFailed = 0;
  for (let i = 0; i < nRef; i++) {
    sampleToyData(model, gen, new Rng(opts.seed, offset + opts.nToys + i), layout, toy);
    const r = toyTmu(model, toy, muTrue, gen, stats);
    if (!Number.isFinite(r.value) || !r.freeFit.status.converged || !r.fixedFit.status.converged) refFailed++;
    else {
      ref.push(r.value);
      refQ.push(r.muHat > muTrue ? 0 : r.value);
    }
  }
  const refSorted = Float64Array.from(ref).sort();
  const refQSorted = Float64Array.from(refQ).sort();

  let failed = 0;
  let n = 0;
  let kClsb = 0;
  let kClsbToys = 0;
  let kCls = 0;
  let kFc = 0;
  for (let i = 0; i < opts.nToys; i++) {
    sampleToyData(model, gen, new Rng(opts.seed, offset + i), layout, toy);
    const r = toyTmu(model, toy, muTrue, gen, stats);
    // The toy's own background-only fit and Asimov data set, as the limit code does with observed data.
    const b = toyFixedFit(model, toy, 0, init0, stats);
    const asimov = asimovDataAt(model, b.bestfit);
    const fa = toyFixedFit(model, asimov, muTrue, gen, stats);
    if (!Number.isFinite(r.value) || !r.freeFit.status.converged || !r.fixedFit.status.converged || !b.status.converged || !fa.status.converged) {
      failed++;
      continue;
    }
    n++;
    // q̃_μ: t_μ (μ̂ ≥ 0 here) clipped to 0 for μ̂ > μ.
    const q = r.muHat > muTrue ? 0 : r.value;
    const sqrtQA = Math.sqrt(Math.max(0, fa.twiceNll - model.twiceNll(b.bestfit, asimov)));
    const t = asymptoticTeststat(Math.sqrt(q), sqrtQA, 'qmuTilde');
    const p = asymptoticPValues(t, sqrtQA);
    if (p.clsb > alpha) kClsb++;
    if (upperTailFraction(refQSorted, q - TIE_TOLERANCE) > alpha) kClsbToys++;
    if (p.cls > alpha) kCls++;
    if (upperTailFraction(refSorted, r.value - TIE_TOLERANCE) > alpha) kFc++;
  }
  const signal = poiEvents(model, gen, muTrue);
  const row = (method: CoverageMethod, k: number, nReference = 0, extraFailed = 0): CoverageRow => {
    const b = binomialFraction(k, n);
    let coverage = b;
    let pull = n > 0 ? binomialPull(b, cl) : NaN;
    if (nReference > 0 && n > 0) {
      // FC: the critical value is itself estimated from nReference toys, so the tail probability it cuts at fluctuates
      // with variance p(1 − p)/nReference on top of the binomial variance of the coverage toys.
      const inflate = Math.sqrt(1 + n / nReference);
      coverage = { ...b, error: b.error * inflate };
      pull /= inflate;
    }
    return { method, mass_MeV: massMeV, mu_true: muTrue, signal_events: signal, toys: opts.nToys, failed: failed + extraFailed, retried: stats.retried, coverage, pull, valid: messages.length === 0, messages };
  };
  return [row('CLs+b', kClsb), row('CLs+b (toys)', kClsbToys, refQ.length, refFailed), row('FC', kFc, ref.length, refFailed), row('CLs', kCls)];
}

/** Wilks calibration of q_0 at one threshold. */
export interface WilksRow {
  /** Threshold c = Z² on q_0. */
  readonly threshold: number;
  readonly toys: number;
  readonly failed: number;
  readonly retried: number;
  /** Fraction of background-only toys with q_0 > c. */
  readonly fraction: BinomialFraction;
  /** Asymptotic expectation ½·P(χ²₁ > c) = Q(√c). */
  readonly asymptotic: number;
  /** (fraction − asymptotic)/binomial error at the asymptotic value. */
  readonly pull: number;
}

/** P(q_0 > c) by background-only toys at the conditional fit μ = 0 of `data`, against Q(√c). */
export function q0WilksCalibration(model: StatModel, data: ObservedData, opts: { nToys: number; seed: number; streamOffset?: number; thresholds?: readonly number[] }): WilksRow[] {
  if (!(Number.isInteger(opts.nToys) && opts.nToys > 0)) throw new InvalidParameters(`Wilks calibration: nToys must be a positive integer, got ${opts.nToys}`);
  const thresholds = opts.thresholds ?? [1, 2.705543454095404, 4];
  const gen = fixedPoiFit(model, data, 0).bestfit;
  const layout = auxLayout(model);
  const toy: ObservedData = { main: new Float64Array(model.nBins), aux: new Float64Array(model.nAux) };
  const q: number[] = [];
  let failed = 0;
  let retried = 0;
  for (let i = 0; i < opts.nToys; i++) {
    sampleToyData(model, gen, new Rng(opts.seed, (opts.streamOffset ?? 0) + i), layout, toy);
    let r = testStatistic('q0', model, toy, 0, { fit: { init: gen }, fixedInit: gen });
    if (!r.freeFit.status.converged || !r.fixedFit.status.converged) {
      retried++;
      r = testStatistic('q0', model, toy, 0, { fit: { init: r.freeFit.bestfit, minimizer: { maxCalls: RETRY_MAX_CALLS } }, fixedInit: r.fixedFit.bestfit });
    }
    if (!Number.isFinite(r.value) || !r.freeFit.status.converged || !r.fixedFit.status.converged) failed++;
    else q.push(r.value);
  }
  return thresholds.map((c) => {
    let k = 0;
    for (const v of q) if (v > c) k++;
    const fraction = binomialFraction(k, q.length);
    const asymptotic = normalSf(Math.sqrt(c));
    return { threshold: c, toys: opts.nToys, failed, retried, fraction, asymptotic, pull: q.length > 0 ? binomialPull(fraction, asymptotic) : NaN };
  });
}
