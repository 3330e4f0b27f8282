/**
 * CompiledModel: a ModelDefinition compiled once into typed arrays, implementing StatModel.
 *
 * Expected counts per sample s and bin b (HistFactory):
 *   ν_sb = F_s · M_sb · (nominal_sb + Σ_h Δ_hsb(α_h)),   ν_b = Σ_s ν_sb
 * with F_s the product of scalar factors (normfactor, lumi, normsys, scale θ^k) and M_sb the product of
 * per-bin factors (shapesys, staterror, shapefactor). Function samples replace nominal_sb by their template.
 * The modifier modules (modifiers/*.ts) compile every modifier into one of the three appliers here — a scalar factor
 * (evaluated by its FactorInterpolation, interp/), a per-bin factor, or an additive delta a(α)·Δ⁺ + d(α)·Δ⁻ (weights
 * from its DeltaInterpolation) — so this file has no branch per modifier type or interpolation code.
 *
 * −2 ln L = Σ_b 2[ν_b − n_b ln ν_b + lnΓ(n_b+1)] + Σ_j c_j, constants included as pyhf's twice_nll:
 *   Gaussian   c = ((a − θ)/σ)² + 2 ln σ + ln 2π
 *   Poisson    c = 2[τθ − a ln(τθ) + lnΓ(a+1)]             (continuous in a)
 *   log-normal c = ((ln a − ln θ)/σ)² + 2 ln(a σ √(2π))     (density of a; +∞ for θ ≤ 0)
 * Edge cases: n = 0 gives 2ν; ν = 0 gives 0 for n = 0 and +∞ for n > 0.
 * Negative expectations (possible with histosys): a bin with ν_b < 0 is treated as ν_b = 0 (so +∞ if
 * n_b > 0, 0 if n_b = 0); `expected()` reports the clipped values; its gradient contribution is 0.
 * Result: never NaN for finite parameters inside the user function's domain.
 *
 * Performance: every array is allocated at compile time; twiceNll/twiceNllGrad/expected/asimovAux do not
 * allocate (function samples in direct mode allocate only on a cache miss, inside user code). lnΓ sums of
 * the data are cached and recomputed only when the data values change; the check is fused into the likelihood
 * pass (every bin's count compared with the cached one, so buffers mutated in place are seen).
 * −2 ln L timing (test/stats/model/model.bench.ts, 1000 bins, 10 nuisances, 2 shared cores, best of 200×2000
 * calls in a plain Node loop): 31 µs → 10.5 µs per call; twiceNllGrad 42 µs → 23 µs. Where it goes: the ν pass
 * (~6.5 µs) and the grouped Poisson pass (~3.6 µs); per pass over 1000 bins ~1–2 µs on this machine.
 * twiceNll then computes ν with one generated pass per channel (computeNuFused, fusedChannel.ts) instead of
 * one pass per sample; old and new in one Node process, best/mean of 40×2000 calls, two runs: model.bench's
 * model 10.6–18.2 / 16.1–18.2 µs → 7.0 / 7.7–10.1 µs; fit.bench's model (6 samples in one channel, 5 histosys)
 * 20.5–28.0 / 28.0–32.8 µs → 9.8–15.0 / 12.4–15.7 µs. twiceNllGrad, expected and sampleYields keep computeNu
 * (the per-sample path, which also serves as the reference the fused path is tested against).
 * NOT re-entrant: the scratch arrays are shared, so one CompiledModel must not be evaluated from two
 * interleaved computations; workers each compile their own model.
 */
import jStat from '#jstat';
import type { ObservedData, StatModel } from '../types.js';
import { InvalidModel, InvalidParameters, NonFiniteExpectation } from '../../util/errors.js';
import type { ModelDefinition, ResolvedChannel } from './definition.js';
import { FunctionSampleEvaluator, type FunctionSampleStats } from './functionSample.js';
import { CountGroups } from './countGroups.js';
import { FusedChannel } from './fusedChannel.js';
import { FACTOR_STRIDE, type DeltaInterpolation, type FactorInterpolation } from './interp/types.js';
import { ModelParameters } from './params.js';

const LN_2PI = Math.log(2 * Math.PI);

const C_GAUSS = 0;
const C_POISSON = 1;
const C_LOGNORMAL = 2;
/**
 * Up to this many histosys of a sample (without per-bin factors) are applied in the pass that accumulates the
 * sample into ν, instead of one pass each over a scratch copy. Measured on the benchmark model (2 cores under
 * load): computeNu 11.3 µs (four passes: 1 + 3 histosys) → 6.9 µs (two fused passes).
 */
const MAX_FUSED_DELTAS = 3;

/** Channel layout in the flat bin vector. */
export interface ChannelInfo {
  readonly name: string;
  readonly offset: number;
  readonly nBins: number;
  readonly shape: readonly number[];
  readonly axes: ResolvedChannel['axes'];
  readonly samples: readonly string[];
}

/** Expected yield of one sample in one channel. */
export interface SampleYield {
  readonly sample: string;
  /** Σ over the channel's bins. */
  readonly total: number;
  /** Per bin (flattened, row-major), clipped at 0 like the likelihood. */
  readonly perBin: Float64Array;
}

export interface ChannelYields {
  readonly channel: string;
  readonly total: number;
  readonly perBin: Float64Array;
  readonly samples: readonly SampleYield[];
}

export class CompiledModel implements StatModel {
  readonly params: ModelParameters;
  readonly nBins: number;
  readonly nAux: number;
  readonly nominalAux: Float64Array;
  readonly channels: readonly ChannelInfo[];
  readonly definition: ModelDefinition;

  // samples
  private readonly S: number;
  private readonly sOff: Int32Array;
  private readonly sNb: Int32Array;
  private readonly sNominal: Float64Array[];
  private readonly sFs: (FunctionSampleEvaluator | null)[];
  private readonly base: Float64Array[];
  private readonly baseRef: Float64Array[];
  private readonly mult: Float64Array[];
  private readonly sF: Float64Array;
  // scalar factors (CSR over samples)
  private readonly facStart: Int32Array;
  /** Per factor, its interpolation (modifiers/*.ts choose it: power, code1, code4 …) and constants (FACTOR_STRIDE each). */
  private readonly facInterp: FactorInterpolation[];
  private readonly facParam: Int32Array;
  private readonly facCoef: Float64Array;
  private readonly facVal: Float64Array;
  private readonly facDer: Float64Array;
  private readonly facPrefix: Float64Array;
  // per-bin factors
  private readonly perStart: Int32Array;
  private readonly perParams: Int32Array[];
  // additive (histosys)
  private readonly addStart: Int32Array;
  /** Per additive delta, its interpolation (code0, code4p …: weights a, d of Δ+ and Δ−). */
  private readonly addInterp: DeltaInterpolation[];
  private readonly addParam: Int32Array;
  private readonly addUp: Float64Array[];
  private readonly addDn: Float64Array[];
  /** Scratch for one delta's weights (a, d) or slopes. */
  private readonly addW = new Float64Array(2);
  /** Output of additiveCoefficients: δ_b = hC1·hX_b + hC2·hY_b. */
  private hX: Float64Array | null = null;
  private hY: Float64Array | null = null;
  private hC1 = 0;
  private hC2 = 0;
  /** The histosys fused into the final accumulation pass (≤ MAX_FUSED_DELTAS). */
  private readonly fX: Float64Array[] = [];
  private readonly fY: Float64Array[] = [];
  private readonly fC1 = new Float64Array(MAX_FUSED_DELTAS);
  private readonly fC2 = new Float64Array(MAX_FUSED_DELTAS);
  // per-bin work arrays
  private readonly nu: Float64Array;
  /** Per sample, the view of nu over its channel's bins (index b instead of offset + b: measured faster). */
  private readonly nuView: Float64Array[];
  private readonly w: Float64Array;
  private readonly fsDeriv: Float64Array;
  // one-pass ν of each channel for twiceNll (fusedChannel.ts): samples without per-bin factors or function template
  /** Per channel: its fused samples' columns and kernels (null if the channel has no fused sample). */
  private readonly chFused: (FusedChannel | null)[];
  /** Per channel, the view of nu over its bins. */
  private readonly chNu: Float64Array[];
  /** Fused samples, with their channel and first column (nominal; then Δ+, Δ− per histosys). */
  private readonly fusedSamples: Int32Array;
  private readonly fusedChannel: Int32Array;
  private readonly fusedCol: Int32Array;
  /** Samples added to nu by the per-sample path after the fused kernels. */
  private readonly unfusedSamples: Int32Array;
  // constraints
  private readonly cParam: Int32Array;
  private readonly cType: Uint8Array;
  private readonly cSigma: Float64Array;
  private readonly cTau: Float64Array;
  private readonly cConst: Float64Array;
  // data-constant caches
  private readonly lastMain: Float64Array;
  private readonly groups: CountGroups;
  private lastMainValid = false;
  private mainConst = 0;
  private readonly lastAux: Float64Array;
  private lastAuxValid = false;
  private auxConst = 0;

  constructor(def: ModelDefinition) {
    this.definition = def;
    this.params = ModelParameters.fromResolved(def.parameters, def.poiIndex);
    const last = def.channels[def.channels.length - 1]!;
    this.nBins = last.offset + last.nBins;
    this.channels = def.channels.map((c, ci) => ({
      name: c.name,
      offset: c.offset,
      nBins: c.nBins,
      shape: c.shape,
      axes: c.axes,
      samples: def.samples.filter((s) => s.channel === ci).map((s) => s.name),
    }));

    const S = (this.S = def.samples.length);
    this.sOff = new Int32Array(S);
    this.sNb = new Int32Array(S);
    this.sNominal = [];
    this.sFs = [];
    this.base = [];
    this.baseRef = [];
    this.mult = [];
    this.sF = new Float64Array(S);
    this.facStart = new Int32Array(S + 1);
    this.perStart = new Int32Array(S + 1);
    this.addStart = new Int32Array(S + 1);
    const fac: { interp: FactorInterpolation; param: number; power: number; lo: number; hi: number }[] = [];
    this.perParams = [];
    const add: { interp: DeltaInterpolation; param: number; up: Float64Array; dn: Float64Array }[] = [];
    let maxNb = 0;
    def.samples.forEach((s, si) => {
      const ch = def.channels[s.channel]!;
      this.sOff[si] = ch.offset;
      this.sNb[si] = ch.nBins;
      maxNb = Math.max(maxNb, ch.nBins);
      this.sNominal.push(s.nominal);
      this.sFs.push(
        s.functionSample
          ? new FunctionSampleEvaluator(s.functionSample.definition, s.functionSample.paramIndices, ch.nBins, this.params.lo, this.params.hi)
          : null,
      );
      this.facStart[si] = fac.length;
      this.perStart[si] = this.perParams.length;
      this.addStart[si] = add.length;
      for (const m of s.modifiers) {
        switch (m.op) {
          case 'factor':
            fac.push({ interp: m.interp, param: m.param, power: m.power, lo: m.lo, hi: m.hi });
            break;
          case 'perBin':
            this.perParams.push(m.params);
            break;
          case 'delta':
            add.push({ interp: m.interp, param: m.param, up: m.up, dn: m.dn });
            break;
        }
      }
      this.base.push(new Float64Array(ch.nBins));
      this.baseRef.push(s.nominal);
      this.mult.push(new Float64Array(ch.nBins));
    });
    this.facStart[S] = fac.length;
    this.perStart[S] = this.perParams.length;
    this.addStart[S] = add.length;
    const nf = fac.length;
    this.facInterp = fac.map((f) => f.interp);
    this.facParam = Int32Array.from(fac, (f) => f.param);
    this.facCoef = new Float64Array(FACTOR_STRIDE * nf);
    fac.forEach((f, i) => f.interp.prepare(f.lo, f.hi, f.power, this.facCoef, FACTOR_STRIDE * i));
    this.facVal = new Float64Array(nf);
    this.facDer = new Float64Array(nf);
    this.facPrefix = new Float64Array(nf + 1);
    this.addInterp = add.map((a) => a.interp);
    this.addParam = Int32Array.from(add, (a) => a.param);
    this.addUp = add.map((a) => a.up);
    this.addDn = add.map((a) => a.dn);
    this.nu = new Float64Array(this.nBins);
    this.nuView = Array.from({ length: S }, (_, s) => this.nu.subarray(this.sOff[s]!, this.sOff[s]! + this.sNb[s]!));
    this.w = new Float64Array(this.nBins);
    this.fsDeriv = new Float64Array(maxNb);

    // fused channel kernels (see computeNuFused)
    const fusedS: number[] = [];
    const fusedCh: number[] = [];
    const fusedCol: number[] = [];
    const unfusedS: number[] = [];
    const chColumns: Float64Array[][] = def.channels.map(() => []);
    for (let si = 0; si < S; si++) {
      const ci = def.samples[si]!.channel;
      if (this.sFs[si] !== null || this.perStart[si + 1]! > this.perStart[si]!) {
        unfusedS.push(si);
        continue;
      }
      const cols = chColumns[ci]!;
      fusedS.push(si);
      fusedCh.push(ci);
      fusedCol.push(cols.length);
      cols.push(this.sNominal[si]!);
      for (let h = this.addStart[si]!; h < this.addStart[si + 1]!; h++) cols.push(this.addUp[h]!, this.addDn[h]!);
    }
    this.fusedSamples = Int32Array.from(fusedS);
    this.fusedChannel = Int32Array.from(fusedCh);
    this.fusedCol = Int32Array.from(fusedCol);
    this.unfusedSamples = Int32Array.from(unfusedS);
    this.chFused = chColumns.map((cols, ci) => (cols.length > 0 ? new FusedChannel(cols, def.channels[ci]!.nBins) : null));
    this.chNu = def.channels.map((c) => this.nu.subarray(c.offset, c.offset + c.nBins));

    // constraints in parameter order
    const cons = def.parameters.map((p, i) => ({ p, i })).filter(({ p }) => p.constraint.type !== 'none');
    this.nAux = cons.length;
    this.cParam = Int32Array.from(cons, (c) => c.i);
    this.cType = Uint8Array.from(cons, ({ p }) => (p.constraint.type === 'gaussian' ? C_GAUSS : p.constraint.type === 'poisson' ? C_POISSON : C_LOGNORMAL));
    this.cSigma = Float64Array.from(cons, ({ p }) => (p.constraint.type === 'gaussian' || p.constraint.type === 'lognormal' ? p.constraint.sigma : NaN));
    this.cTau = Float64Array.from(cons, ({ p }) => (p.constraint.type === 'poisson' ? p.constraint.tau : NaN));
    this.cConst = Float64Array.from(cons, ({ p }) => (p.constraint.type === 'gaussian' || p.constraint.type === 'lognormal' ? 2 * Math.log(p.constraint.sigma) + LN_2PI : 0));
    this.nominalAux = Float64Array.from(cons, ({ p }) => p.auxNominal);
    this.lastMain = new Float64Array(this.nBins);
    this.groups = new CountGroups(this.nBins);
    this.lastAux = new Float64Array(this.nAux);
  }

  // -------------------------------------------------------------------------------------------------
  // forward pass

  /**
   * Fill nu (raw, unclipped), the scalar factor values/derivatives and each sample's per-bin factors (mult[s]).
   * The last ≤ MAX_FUSED_DELTAS histosys of a sample are applied in the pass that accumulates it into nu (earlier
   * ones in passes over base, the first reading the nominal directly: no copy). With `keepSampleArrays` the fused
   * pass also stores the modified template (nominal + histosys deltas) in base and baseRef[s] points to it, as the
   * gradient and sampleYields need; without, baseRef[s] is not meaningful. The arithmetic per bin is the same
   * either way and the same as one pass per histosys:
   * ν_b += (F·M_b)·((…(nominal_b + δ_1b) + δ_2b …) + δ_Hb), δ_hb = c1_h·X_hb + c2_h·Y_hb (see additiveCoefficients).
   */
  private computeNu(pars: Float64Array, keepSampleArrays: boolean): void {
    this.nu.fill(0); // a memset; cheaper than special-casing the first sample of every channel
    for (let s = 0; s < this.S; s++) this.addSampleToNu(s, pars, keepSampleArrays);
  }

  /** Add sample s to nu (see computeNu). */
  private addSampleToNu(s: number, pars: Float64Array, keepSampleArrays: boolean): void {
    const nb = this.sNb[s]!;
    const fs = this.sFs[s];
    const base = this.base[s]!;
    const nuS = this.nuView[s]!;
    let src = this.sNominal[s]!;
    if (fs !== null) {
      // copy: the evaluator's buffer may be reused by later (e.g. finite-difference) evaluations
      base.set(fs.template(pars));
      src = base;
    }
    this.scalarFactors(s, pars);
    const F = this.sF[s]!;
    const mult = this.perBinFactors(s, pars);
    // additive modifiers: the last nFused are fused with the accumulation into nu (none when the sample arrays
    // are kept; at most one with per-bin factors); the others are summed into base, the first reading src
    const a0 = this.addStart[s]!;
    const a1 = this.addStart[s + 1]!;
    const nFused = Math.min(a1 - a0, mult === null ? MAX_FUSED_DELTAS : 1);
    const aStored = a1 - nFused;
    for (let h = a0; h < aStored; h++) {
      this.additiveCoefficients(h, pars);
      addDelta(base, src, this.hX!, this.hY!, this.hC1, this.hC2, nb);
      src = base;
    }
    // with keepSampleArrays the fused kernels also store the modified template in base
    this.baseRef[s] = keepSampleArrays && a1 > a0 ? base : src;
    const store = keepSampleArrays ? base : null;
    if (nFused === 0) accumulate(nuS, nb, F, mult, src);
    else if (nFused === 1) {
      this.additiveCoefficients(aStored, pars);
      accumulateWithDelta(nuS, store, nb, F, mult, src, this.hX!, this.hY!, this.hC1, this.hC2);
    } else {
      const X = this.fX;
      const Y = this.fY;
      const c1 = this.fC1;
      const c2 = this.fC2;
      let allCode0Form = true;
      for (let j = 0; j < nFused; j++) {
        this.additiveCoefficients(aStored + j, pars);
        X[j] = this.hX!;
        Y[j] = this.hY!;
        c1[j] = this.hC1;
        c2[j] = this.hC2;
        if (this.hC2 !== 0) allCode0Form = false;
      }
      if (nFused === 2) {
        if (allCode0Form) accumulate2Deltas(nuS, store, nb, F, src, X[0]!, c1[0]!, X[1]!, c1[1]!);
        else accumulate2DeltasGeneral(nuS, store, nb, F, src, X[0]!, Y[0]!, c1[0]!, c2[0]!, X[1]!, Y[1]!, c1[1]!, c2[1]!);
      } else if (allCode0Form) accumulate3Deltas(nuS, store, nb, F, src, X[0]!, c1[0]!, X[1]!, c1[1]!, X[2]!, c1[2]!);
      else accumulate3DeltasGeneral(nuS, store, nb, F, src, X, Y, c1, c2);
    }
  }

  /**
   * nu as computeNu(pars, false) (equal up to rounding), for twiceNll: each channel's samples without per-bin
   * factors or function templates in ONE pass (FusedChannel, fusedChannel.ts), ν_b = Σ_s [F_s·nominal_sb +
   * Σ_h (F_s·a_h)·Δ+_hb + (F_s·d_h)·Δ−_hb], then the other samples by the per-sample path. Every histosys case is
   * a·Δ+ + d·Δ−: code0 (and code4p outside |α| ≤ 1) a = α, d = 0 for α ≥ 0 and a = 0, d = α below; code4p inside,
   * from c1·(Δ+ + Δ−) + c2·(Δ+ − Δ−) (see additiveCoefficients), a = c1 + c2, d = c1 − c2. Zero coefficients are
   * skipped by the kernel, so a code0 histosys costs one column, none at α = 0.
   * Scalar factor values/derivatives are updated as in computeNu; mult/base/baseRef are not meaningful after.
   */
  private computeNuFused(pars: Float64Array): void {
    const nf = this.fusedSamples.length;
    for (let i = 0; i < nf; i++) {
      const s = this.fusedSamples[i]!;
      const coef = this.chFused[this.fusedChannel[i]!]!.coef;
      let col = this.fusedCol[i]!;
      this.scalarFactors(s, pars);
      const F = this.sF[s]!;
      coef[col++] = F;
      const a1 = this.addStart[s + 1]!;
      const w = this.addW;
      for (let h = this.addStart[s]!; h < a1; h++) {
        this.addInterp[h]!.weights(pars[this.addParam[h]!]!, w, 0);
        coef[col++] = F * w[0]!;
        coef[col++] = F * w[1]!;
      }
    }
    for (let c = 0; c < this.chFused.length; c++) {
      const fused = this.chFused[c]!;
      const nuC = this.chNu[c]!;
      if (fused === null) nuC.fill(0);
      else fused.run(nuC);
    }
    const nUnfused = this.unfusedSamples.length;
    for (let i = 0; i < nUnfused; i++) this.addSampleToNu(this.unfusedSamples[i]!, pars, false);
  }

  /**
   * Additive delta h at the current α as δ_b = hC1·hX_b + hC2·hY_b (instance fields, so nothing allocates), from its
   * interpolation's weights δ = a·Δ+ + d·Δ−: a weight that is 0 drops its array (code0 and the linear pieces of code4p
   * then cost one array, as c1·X with c2 = 0).
   */
  private additiveCoefficients(h: number, pars: Float64Array): void {
    const w = this.addW;
    this.addInterp[h]!.weights(pars[this.addParam[h]!]!, w, 0);
    const a = w[0]!;
    const d = w[1]!;
    if (d === 0) {
      this.hX = this.addUp[h]!;
      this.hY = this.hX;
      this.hC1 = a;
      this.hC2 = 0;
    } else if (a === 0) {
      this.hX = this.addDn[h]!;
      this.hY = this.hX;
      this.hC1 = d;
      this.hC2 = 0;
    } else {
      this.hX = this.addUp[h]!;
      this.hY = this.addDn[h]!;
      this.hC1 = a;
      this.hC2 = d;
    }
  }

  /** Per-bin factors M_b of sample s into mult[s]; null when the sample has none (M ≡ 1). */
  private perBinFactors(s: number, pars: Float64Array): Float64Array | null {
    const p0 = this.perStart[s]!;
    const p1 = this.perStart[s + 1]!;
    if (p1 === p0) return null;
    const nb = this.sNb[s]!;
    const mult = this.mult[s]!;
    const first = this.perParams[p0]!;
    for (let b = 0; b < nb; b++) {
      const i = first[b]!;
      mult[b] = i >= 0 ? pars[i]! : 1;
    }
    for (let k = p0 + 1; k < p1; k++) {
      const idx = this.perParams[k]!;
      for (let b = 0; b < nb; b++) {
        const i = idx[b]!;
        if (i >= 0) mult[b] *= pars[i]!;
      }
    }
    return mult;
  }

  /**
   * F_s = Π scalar factors of sample s into sF[s]; values and derivatives into facVal/facDer. Returns nothing:
   * a returned double is boxed (16 bytes allocated) whenever V8 does not inline the call.
   */
  private scalarFactors(s: number, pars: Float64Array): void {
    let F = 1;
    const f0 = this.facStart[s]!;
    const f1 = this.facStart[s + 1]!;
    const val = this.facVal;
    const der = this.facDer;
    const coef = this.facCoef;
    for (let k = f0; k < f1; k++) {
      this.facInterp[k]!.evaluate(pars[this.facParam[k]!]!, coef, FACTOR_STRIDE * k, val, der, k);
      F *= val[k]!;
    }
    this.sF[s] = F;
  }

  /** Recompute data-dependent constants if the data changed (element-wise comparison); validates the data. */
  private refreshDataConstants(data: ObservedData): void {
    if (!this.sameMain(data.main, 0)) this.refreshMain(data.main);
    this.refreshAux(data.aux);
  }

  /** Whether main[b] equals the cached data for all b ≥ from (false if nothing is cached). */
  private sameMain(main: Float64Array, from: number): boolean {
    if (!this.lastMainValid) return false;
    for (let b = from; b < this.nBins; b++) if (main[b] !== this.lastMain[b]) return false;
    return true;
  }

  /** Validate the main data, cache Σ 2 lnΓ(n+1), a copy, and the grouping by count. */
  private refreshMain(main: Float64Array): void {
    this.lastMainValid = false;
    let c = 0;
    for (let b = 0; b < this.nBins; b++) {
      const n = main[b]!;
      if (!(n >= 0) || n === Infinity) throw new InvalidParameters(`observed count in bin ${b} must be finite and ≥ 0 (got ${n})`);
      c += 2 * jStat.gammaln(n + 1);
    }
    this.mainConst = c;
    this.lastMain.set(main);
    this.groups.build(main);
    this.lastMainValid = true;
  }

  /** Recompute the constraint constants if the auxiliary data changed (element-wise); validates them. */
  private refreshAux(aux: Float64Array): void {
    let sameAux = this.lastAuxValid;
    if (sameAux) {
      for (let j = 0; j < this.nAux; j++) {
        if (aux[j] !== this.lastAux[j]) {
          sameAux = false;
          break;
        }
      }
    }
    if (!sameAux) {
      let c = 0;
      for (let j = 0; j < this.nAux; j++) {
        const a = aux[j]!;
        if (!Number.isFinite(a)) throw new InvalidParameters(`auxiliary datum ${j} (${this.params.names[this.cParam[j]!]}) must be finite (got ${a})`);
        const t = this.cType[j];
        if (t === C_POISSON) {
          if (a < 0) throw new InvalidParameters(`Poisson auxiliary datum ${j} (${this.params.names[this.cParam[j]!]}) must be ≥ 0 (got ${a})`);
          c += 2 * jStat.gammaln(a + 1);
        } else if (t === C_LOGNORMAL) {
          if (!(a > 0)) throw new InvalidParameters(`log-normal auxiliary datum ${j} (${this.params.names[this.cParam[j]!]}) must be > 0 (got ${a})`);
          c += 2 * Math.log(a);
        }
        c += this.cConst[j]!;
      }
      this.auxConst = c;
      this.lastAux.set(aux);
      this.lastAuxValid = true;
    }
  }

  /**
   * Σ_b [ν_b − n_b ln ν_b] for the current nu (ν_b ≤ 0 treated as 0: adds 0 if n_b = 0, +Infinity if n_b > 0),
   * with w_b = 2 − 2n_b/ν_b (0 where ν_b ≤ 0) when `w` is given. The data are checked against the cached
   * constants within the same pass (no separate comparison pass); if they changed — a new data object or the
   * same arrays mutated in place — the constants are refreshed (validating the data) and the pass repeated.
   * Integer data with few distinct counts use CountGroups (a few dozen logs instead of one per bin: measured
   * ~2.5× faster for the benchmark model); other data (e.g. Asimov) the per-bin pass.
   */
  private poissonTerm(main: Float64Array, w: Float64Array | null): number {
    if (!this.lastMainValid) this.refreshMain(main);
    for (let attempt = 0; ; attempt++) {
      let s: number;
      let stale: boolean;
      if (this.groups.active) {
        this.groups.poissonSumInto(this.nu, main, w); // not poissonSum: see there
        s = this.groups.sum[0]!;
        stale = this.groups.stale;
      } else {
        s = this.perBinPoisson(main, w);
        stale = this.perBinStale;
      }
      if (!stale || attempt > 0) return s;
      this.refreshMain(main);
    }
  }

  private perBinStale = false;

  /** The per-bin pass of poissonTerm (sets perBinStale instead of using stale constants). */
  private perBinPoisson(main: Float64Array, w: Float64Array | null): number {
    this.perBinStale = false;
    const nu = this.nu;
    const last = this.lastMain;
    let s = 0;
    for (let b = 0; b < this.nBins; b++) {
      const n = main[b]!;
      if (n !== last[b]) {
        this.perBinStale = true;
        return 0;
      }
      const v = nu[b]!;
      if (v > 0) {
        s += n > 0 ? v - n * Math.log(v) : v;
        if (w !== null) w[b] = 2 - (2 * n) / v;
      } else if (n > 0 || v !== v) {
        if (this.sameMain(main, b + 1)) return v !== v ? NaN : Infinity;
        this.perBinStale = true;
        return 0;
      } else if (w !== null) w[b] = 0;
    }
    return s;
  }

  private checkShapes(pars: Float64Array, data: ObservedData | null): void {
    if (pars.length !== this.params.n) throw new InvalidParameters(`expected ${this.params.n} parameters, got ${pars.length}`);
    if (data !== null) {
      if (data.main.length !== this.nBins) throw new InvalidParameters(`expected ${this.nBins} main bins in the data, got ${data.main.length}`);
      if (data.aux.length !== this.nAux) throw new InvalidParameters(`expected ${this.nAux} auxiliary data, got ${data.aux.length}`);
    }
  }

  private constraintTerm(pars: Float64Array, aux: Float64Array, grad: Float64Array | null): number {
    let s = 0;
    for (let j = 0; j < this.nAux; j++) {
      const p = this.cParam[j]!;
      const th = pars[p]!;
      const a = aux[j]!;
      switch (this.cType[j]) {
        case C_GAUSS: {
          const sg = this.cSigma[j]!;
          const d = (a - th) / sg;
          s += d * d;
          if (grad !== null) grad[p] += (-2 * d) / sg;
          break;
        }
        case C_POISSON: {
          const lam = this.cTau[j]! * th;
          if (lam > 0) {
            s += 2 * (lam - (a > 0 ? a * Math.log(lam) : 0));
            if (grad !== null) grad[p] += 2 * this.cTau[j]! - (a > 0 ? (2 * a) / th : 0);
          } else if (a > 0) return Infinity;
          break;
        }
        default: {
          if (!(th > 0)) return Infinity;
          const sg = this.cSigma[j]!;
          const d = (Math.log(a) - Math.log(th)) / sg;
          s += d * d;
          if (grad !== null) grad[p] += (-2 * d) / (sg * th);
        }
      }
    }
    return s + this.auxConst;
  }

  // -------------------------------------------------------------------------------------------------
  // StatModel

  /**
   * −2 ln L(pars | data) with all constants (pyhf twice_nll convention); +Infinity where L = 0, never NaN: a NaN
   * expectation throws NonFiniteExpectation naming channel, sample, bin and the parameter values.
   */
  twiceNll(pars: Float64Array, data: ObservedData): number {
    this.checkShapes(pars, data);
    this.refreshAux(data.aux);
    this.computeNuFused(pars);
    const s = this.poissonTerm(data.main, null);
    if (!(s < Infinity)) return this.notFinite(s, pars); // +Infinity (L = 0), or NaN → NonFiniteExpectation
    const total = 2 * s + this.mainConst + this.constraintTerm(pars, data.aux, null);
    return total !== total ? Infinity : total;
  }

  /** Cold path of twiceNll/twiceNllGrad: +Infinity for a vanishing likelihood, NonFiniteExpectation for a NaN one. */
  private notFinite(s: number, pars: Float64Array): number {
    if (s === Infinity) return Infinity;
    throw this.nonFiniteExpectation(pars);
  }

  /**
   * The slow path behind a NaN expectation (detected in the Poisson pass at no cost to finite bins): recompute the
   * per-sample expectations and name the first channel, sample and bin that is NaN, with the parameter values.
   */
  private nonFiniteExpectation(pars: Float64Array): NonFiniteExpectation {
    const values = this.params.names.map((n, i) => `${n}=${pars[i]}`).join(', ');
    for (const ch of this.sampleYields(pars)) {
      for (const smp of ch.samples) {
        const b = smp.perBin.findIndex((v) => v !== v);
        if (b >= 0) return new NonFiniteExpectation(ch.channel, smp.sample, b, `expected count is NaN in channel '${ch.channel}', sample '${smp.sample}', bin ${b} at parameters ${values}`);
      }
      const b = ch.perBin.findIndex((v) => v !== v);
      if (b >= 0) return new NonFiniteExpectation(ch.channel, null, b, `expected count is NaN in channel '${ch.channel}', bin ${b} (sum of samples) at parameters ${values}`);
    }
    return new NonFiniteExpectation(null, null, null, `an expected count is NaN at parameters ${values}`);
  }

  /** −2 ln L and its analytic gradient (written into `grad`, length params.n) for every parameter, fixed ones included. */
  twiceNllGrad(pars: Float64Array, data: ObservedData, grad: Float64Array): number {
    this.checkShapes(pars, data);
    if (grad.length !== this.params.n) throw new InvalidParameters(`gradient buffer must have length ${this.params.n}, got ${grad.length}`);
    this.refreshAux(data.aux);
    this.computeNu(pars, true);
    grad.fill(0);
    const s = this.poissonTerm(data.main, this.w);
    if (!(s < Infinity)) return this.notFinite(s, pars);
    for (let smp = 0; smp < this.S; smp++) this.sampleGradient(smp, pars, grad);
    const c = this.constraintTerm(pars, data.aux, grad);
    const total = 2 * s + this.mainConst + c;
    if (total !== total || total === Infinity) {
      grad.fill(0);
      return Infinity;
    }
    return total;
  }

  private sampleGradient(s: number, pars: Float64Array, grad: Float64Array): void {
    const nb = this.sNb[s]!;
    const off = this.sOff[s]!;
    const w = this.w;
    const nom = this.baseRef[s]!;
    const F = this.sF[s]!;
    const p0 = this.perStart[s]!;
    const p1 = this.perStart[s + 1]!;
    const hasMult = p1 > p0;
    const mult = this.mult[s]!;
    // T = Σ_b w_b M_b base_b (contribution without the scalar factors)
    let T = 0;
    if (hasMult) for (let b = 0; b < nb; b++) T += w[off + b]! * mult[b]! * nom[b]!;
    else for (let b = 0; b < nb; b++) T += w[off + b]! * nom[b]!;
    // scalar factors: dν/dθ_k = f'_k Π_{j≠k} f_j · (M·base)   (prefix/suffix products, no division)
    const f0 = this.facStart[s]!;
    const f1 = this.facStart[s + 1]!;
    if (f1 > f0) {
      const pre = this.facPrefix;
      pre[0] = 1;
      for (let k = f0; k < f1; k++) pre[k - f0 + 1] = pre[k - f0]! * this.facVal[k]!;
      let suffix = 1;
      for (let k = f1 - 1; k >= f0; k--) {
        grad[this.facParam[k]!] += this.facDer[k]! * pre[k - f0]! * suffix * T;
        suffix *= this.facVal[k]!;
      }
    }
    // per-bin factors
    for (let k = p0; k < p1; k++) {
      const idx = this.perParams[k]!;
      for (let b = 0; b < nb; b++) {
        const i = idx[b]!;
        if (i < 0) continue;
        let other = 1;
        for (let j = p0; j < p1; j++) {
          if (j === k) continue;
          const ij = this.perParams[j]![b]!;
          if (ij >= 0) other *= pars[ij]!;
        }
        grad[i] += w[off + b]! * F * other * nom[b]!;
      }
    }
    // additive (histosys)
    const a0 = this.addStart[s]!;
    const a1 = this.addStart[s + 1]!;
    const slope = this.addW;
    for (let h = a0; h < a1; h++) {
      // dδ_b/dα = a'·Δ+_b + d'·Δ−_b (the interpolation's slopes); a zero slope drops its array
      this.addInterp[h]!.slopes(pars[this.addParam[h]!]!, slope, 0);
      const sa = slope[0]!;
      const sd = slope[1]!;
      const up = this.addUp[h]!;
      const dn = this.addDn[h]!;
      let g = 0;
      if (sd === 0 || sa === 0) {
        const arr = sd === 0 ? up : dn;
        const c = sd === 0 ? sa : sd;
        if (hasMult) for (let b = 0; b < nb; b++) g += w[off + b]! * mult[b]! * arr[b]!;
        else for (let b = 0; b < nb; b++) g += w[off + b]! * arr[b]!;
        g *= c;
      } else if (hasMult) for (let b = 0; b < nb; b++) g += w[off + b]! * mult[b]! * (sa * up[b]! + sd * dn[b]!);
      else for (let b = 0; b < nb; b++) g += w[off + b]! * (sa * up[b]! + sd * dn[b]!);
      grad[this.addParam[h]!] += F * g;
    }
    // function-sample parameters
    const fs = this.sFs[s];
    if (fs !== null) {
      const idx = fs.parameterIndices;
      const dT = this.fsDeriv;
      for (let k = 0; k < idx.length; k++) {
        fs.templateDerivative(pars, k, dT);
        let g = 0;
        for (let b = 0; b < nb; b++) g += w[off + b]! * (hasMult ? mult[b]! : 1) * dT[b]!;
        grad[idx[k]!] += F * g;
      }
    }
  }

  /** Expected main-bin counts (clipped at 0, as in the likelihood) at `pars`, written into `out` (length nBins). */
  expected(pars: Float64Array, out: Float64Array): void {
    this.checkShapes(pars, null);
    if (out.length !== this.nBins) throw new InvalidParameters(`output buffer must have length ${this.nBins}, got ${out.length}`);
    this.computeNu(pars, false);
    for (let b = 0; b < this.nBins; b++) {
      const v = this.nu[b]!;
      out[b] = v > 0 ? v : 0;
    }
  }

  /** Auxiliary data the constraints would measure at `pars` (Gaussian/log-normal: θ; Poisson: τθ). */
  asimovAux(pars: Float64Array, out: Float64Array): void {
    this.checkShapes(pars, null);
    if (out.length !== this.nAux) throw new InvalidParameters(`output buffer must have length ${this.nAux}, got ${out.length}`);
    for (let j = 0; j < this.nAux; j++) {
      const th = pars[this.cParam[j]!]!;
      out[j] = this.cType[j] === C_POISSON ? this.cTau[j]! * th : th;
    }
  }

  // -------------------------------------------------------------------------------------------------
  // conveniences (allocate; not for inner loops)

  /** The observations from the spec with the nominal auxiliary data. Throws InvalidModel if the spec has none. */
  observedData(): ObservedData {
    if (this.definition.observations === null) throw new InvalidModel(`model '${this.definition.name}' has no observations; build data with dataFromMain()`);
    return { main: Float64Array.from(this.definition.observations), aux: Float64Array.from(this.nominalAux) };
  }

  /** Data from main-bin counts (flattened, channel order) and the nominal auxiliary data. */
  dataFromMain(main: ArrayLike<number>): ObservedData {
    if (main.length !== this.nBins) throw new InvalidParameters(`expected ${this.nBins} main bins, got ${main.length}`);
    return { main: Float64Array.from(main), aux: Float64Array.from(this.nominalAux) };
  }

  /** Asimov data at `pars`: expected main counts and asimovAux. */
  asimovData(pars: Float64Array): ObservedData {
    const main = new Float64Array(this.nBins);
    const aux = new Float64Array(this.nAux);
    this.expected(pars, main);
    this.asimovAux(pars, aux);
    return { main, aux };
  }

  /** The data vector in pyhf order: main bins (channel order) followed by the auxiliary data. */
  flatData(data: ObservedData): Float64Array {
    const out = new Float64Array(this.nBins + this.nAux);
    out.set(data.main, 0);
    out.set(data.aux, this.nBins);
    return out;
  }

  /** Per channel, each sample's expected counts at `pars` (per bin and total), for reporting fitted yields by name. */
  sampleYields(pars: Float64Array): ChannelYields[] {
    this.checkShapes(pars, null);
    this.computeNu(pars, true);
    const perSample: Float64Array[] = [];
    for (let s = 0; s < this.S; s++) {
      const nb = this.sNb[s]!;
      const y = new Float64Array(nb);
      const nom = this.baseRef[s]!;
      const F = this.sF[s]!;
      const hasMult = this.perStart[s + 1]! > this.perStart[s]!;
      for (let b = 0; b < nb; b++) y[b] = Math.max(0, F * (hasMult ? this.mult[s]![b]! : 1) * nom[b]!);
      perSample.push(y);
    }
    return this.channels.map((ch, ci) => {
      const perBin = new Float64Array(ch.nBins);
      for (let b = 0; b < ch.nBins; b++) perBin[b] = Math.max(0, this.nu[ch.offset + b]!);
      const samples: SampleYield[] = [];
      this.definition.samples.forEach((s, si) => {
        if (s.channel !== ci) return;
        const y = perSample[si]!;
        samples.push({ sample: s.name, total: y.reduce((a, b) => a + b, 0), perBin: y });
      });
      return { channel: ch.name, total: perBin.reduce((a, b) => a + b, 0), perBin, samples };
    });
  }

  /**
   * Analytic gradient of each sample's summed yield over the bins of `channels` (as {@link sampleYields} reports it,
   * clipped at 0 per bin): sample name → ∂yield/∂θ over all parameters. Uses the likelihood gradient's per-sample
   * kernel with unit bin weights (every modifier: scalar factors, per-bin factors, histosys, function samples).
   * Not a hot path (allocates the result). Used by fittedYields (src/stats/infer/yields.ts).
   */
  sampleYieldGradients(pars: Float64Array, channels: readonly string[]): Map<string, Float64Array> {
    this.checkShapes(pars, null);
    const selected = new Set<number>();
    for (const c of channels) {
      const ci = this.channels.findIndex((ch) => ch.name === c);
      if (ci < 0) throw new InvalidParameters(`unknown channel '${c}' (known: ${this.channels.map((ch) => ch.name).join(', ')})`);
      selected.add(ci);
    }
    this.computeNu(pars, true);
    const out = new Map<string, Float64Array>();
    const w = this.w;
    this.definition.samples.forEach((smp, si) => {
      if (!selected.has(smp.channel)) return;
      const nb = this.sNb[si]!;
      const off = this.sOff[si]!;
      const nom = this.baseRef[si]!;
      const F = this.sF[si]!;
      const hasMult = this.perStart[si + 1]! > this.perStart[si]!;
      // unit weight where the sample's yield is not clipped (the clip max(0, y) has zero slope below 0)
      for (let b = 0; b < nb; b++) w[off + b] = F * (hasMult ? this.mult[si]![b]! : 1) * nom[b]! >= 0 ? 1 : 0;
      let g = out.get(smp.name);
      if (!g) {
        g = new Float64Array(this.params.n);
        out.set(smp.name, g);
      }
      this.sampleGradient(si, pars, g);
    });
    return out;
  }

  /**
   * −2 ln L of the saturated model (ν_b = n_b, every constraint at its maximum: θ = a, or τθ = a), so that
   * twiceNll − saturatedTwiceNll is the Baker–Cousins likelihood-ratio χ² (Baker & Cousins, NIM 221 (1984) 437).
   */
  saturatedTwiceNll(data: ObservedData): number {
    const pars = Float64Array.from(this.params.init);
    this.checkShapes(pars, data);
    this.refreshDataConstants(data);
    let s = 0;
    for (let b = 0; b < this.nBins; b++) {
      const n = data.main[b]!;
      if (n > 0) s += n - n * Math.log(n);
    }
    let c = 0;
    for (let j = 0; j < this.nAux; j++) {
      const a = data.aux[j]!;
      if (this.cType[j] === C_POISSON && a > 0) c += 2 * (a - a * Math.log(a));
    }
    return 2 * s + this.mainConst + c + this.auxConst;
  }

  /** Cache statistics of the function samples, by sample name. */
  functionSampleStats(): Record<string, FunctionSampleStats> {
    const out: Record<string, FunctionSampleStats> = {};
    this.definition.samples.forEach((s, si) => {
      const fs = this.sFs[si];
      if (fs) out[`${this.definition.channels[s.channel]!.name}/${s.name}`] = fs.stats;
    });
    return out;
  }
}

/**
 * Baker–Cousins Poisson likelihood-ratio χ² = Σ_b 2[ν_b − n_b + n_b ln(n_b/ν_b)] (Baker & Cousins,
 * NIM 221 (1984) 437, Eq. 7); +Infinity if some ν_b = 0 with n_b > 0.
 */
export function bakerCousinsChi2(expected: ArrayLike<number>, observed: ArrayLike<number>): number {
  if (expected.length !== observed.length) throw new InvalidParameters(`expected ${observed.length} expected counts, got ${expected.length}`);
  let s = 0;
  for (let b = 0; b < observed.length; b++) {
    const n = observed[b]!;
    const v = Math.max(0, expected[b]!);
    if (n > 0) {
      if (v === 0) return Infinity;
      s += v - n + n * Math.log(n / v);
    } else s += v;
  }
  return 2 * s;
}

// ---------------------------------------------------------------------------------------------------
// per-bin kernels of computeNu (module functions over typed arrays; the branches sit outside the loops)

/** out_b = inp_b + (c1·X_b + c2·Y_b) for b < nb (out may be inp). With c2 = 0: out_b = inp_b + c1·X_b (same value). */
function addDelta(out: Float64Array, inp: Float64Array, X: Float64Array, Y: Float64Array, c1: number, c2: number, nb: number): void {
  if (c2 === 0) for (let b = 0; b < nb; b++) out[b] = inp[b]! + c1 * X[b]!;
  else for (let b = 0; b < nb; b++) out[b] = inp[b]! + (c1 * X[b]! + c2 * Y[b]!);
}

/** nu_{off+b} += F·src_b, or (F·M_b)·src_b with per-bin factors M. */
function accumulate(nu: Float64Array, nb: number, F: number, mult: Float64Array | null, src: Float64Array): void {
  if (mult === null) for (let b = 0; b < nb; b++) nu[b] += F * src[b]!;
  else for (let b = 0; b < nb; b++) nu[b] += F * mult[b]! * src[b]!;
}

/** nu_{off+b} += F·((src_b + c1·X_b) + d1·V_b): two code0-form histosys fused with accumulate (same rounding as separate passes). */
function accumulate2Deltas(nu: Float64Array, store: Float64Array | null, nb: number, F: number, src: Float64Array, X: Float64Array, c1: number, V: Float64Array, d1: number): void {
  if (store === null) for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + c1 * X[b]! + d1 * V[b]!);
  else for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + c1 * X[b]! + d1 * V[b]!);
}

/** As accumulate2Deltas with three code0-form histosys. */
function accumulate3Deltas(
  nu: Float64Array,
  store: Float64Array | null,
  nb: number,
  F: number,
  src: Float64Array,
  X: Float64Array,
  c1: number,
  V: Float64Array,
  d1: number,
  Z: Float64Array,
  e1: number,
): void {
  if (store === null) for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + c1 * X[b]! + d1 * V[b]! + e1 * Z[b]!);
  else for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + c1 * X[b]! + d1 * V[b]! + e1 * Z[b]!);
}

/** nu_{off+b} += F·((src_b + (c1·X_b + c2·Y_b)) + (d1·V_b + d2·W_b)): two histosys of any form fused with accumulate. */
function accumulate2DeltasGeneral(
  nu: Float64Array,
  store: Float64Array | null,
  nb: number,
  F: number,
  src: Float64Array,
  X: Float64Array,
  Y: Float64Array,
  c1: number,
  c2: number,
  V: Float64Array,
  W: Float64Array,
  d1: number,
  d2: number,
): void {
  if (store === null) for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + (c1 * X[b]! + c2 * Y[b]!) + (d1 * V[b]! + d2 * W[b]!));
  else for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + (c1 * X[b]! + c2 * Y[b]!) + (d1 * V[b]! + d2 * W[b]!));
}

/** Three histosys of any form fused with accumulate (coefficients and arrays indexed 0…2). */
function accumulate3DeltasGeneral(
  nu: Float64Array,
  store: Float64Array | null,
  nb: number,
  F: number,
  src: Float64Array,
  Xs: readonly Float64Array[],
  Ys: readonly Float64Array[],
  c1s: Float64Array,
  c2s: Float64Array,
): void {
  const X = Xs[0]!, Y = Ys[0]!, V = Xs[1]!, W = Ys[1]!, Z = Xs[2]!, U = Ys[2]!;
  const c1 = c1s[0]!, c2 = c2s[0]!, d1 = c1s[1]!, d2 = c2s[1]!, e1 = c1s[2]!, e2 = c2s[2]!;
  if (store === null) for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + (c1 * X[b]! + c2 * Y[b]!) + (d1 * V[b]! + d2 * W[b]!) + (e1 * Z[b]! + e2 * U[b]!));
  else for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + (c1 * X[b]! + c2 * Y[b]!) + (d1 * V[b]! + d2 * W[b]!) + (e1 * Z[b]! + e2 * U[b]!));
}

/** nu_{off+b} += F·(src_b + δ_b) (or (F·M_b)·(src_b + δ_b)), δ_b = c1·X_b + c2·Y_b: the last histosys pass fused with accumulate. */
function accumulateWithDelta(
  nu: Float64Array,
  store: Float64Array | null,
  nb: number,
  F: number,
  mult: Float64Array | null,
  src: Float64Array,
  X: Float64Array,
  Y: Float64Array,
  c1: number,
  c2: number,
): void {
  if (mult === null) {
    if (store === null) {
      if (c2 === 0) for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + c1 * X[b]!);
      else for (let b = 0; b < nb; b++) nu[b] += F * (src[b]! + (c1 * X[b]! + c2 * Y[b]!));
    } else if (c2 === 0) for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + c1 * X[b]!);
    else for (let b = 0; b < nb; b++) nu[b] += F * (store[b] = src[b]! + (c1 * X[b]! + c2 * Y[b]!));
  } else if (store === null) {
    if (c2 === 0) for (let b = 0; b < nb; b++) nu[b] += F * mult[b]! * (src[b]! + c1 * X[b]!);
    else for (let b = 0; b < nb; b++) nu[b] += F * mult[b]! * (src[b]! + (c1 * X[b]! + c2 * Y[b]!));
  } else if (c2 === 0) for (let b = 0; b < nb; b++) nu[b] += F * mult[b]! * (store[b] = src[b]! + c1 * X[b]!);
  else for (let b = 0; b < nb; b++) nu[b] += F * mult[b]! * (store[b] = src[b]! + (c1 * X[b]! + c2 * Y[b]!));
}
