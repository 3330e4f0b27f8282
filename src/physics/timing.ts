/**
 * Neutrino arrival-time distributions at a pulsed stopped-pion source (docs/physics.md §3.4) and bin fractions.
 *
 * POT time profile: a Gaussian G(t; μ, σ) (or a weighted sum of Gaussian bunches, e.g. J-PARC's two bunches 540 ns apart).
 * Prompt ν_μ (π⁺ → μ⁺ν_μ): G ⊗ Exp(τ_π) = exponentially modified Gaussian (EMG).
 * Delayed ν_e, ν̄_μ (μ⁺ → e⁺ν_e ν̄_μ after the pion decay): G ⊗ Exp(τ_π) ⊗ Exp(τ_μ)
 *   = [τ_μ·EMG(τ_μ) − τ_π·EMG(τ_π)] / (τ_μ − τ_π)   (partial fractions of the two exponentials).
 * EMG(t; μ,σ,τ) = (1/τ) exp(σ²/2τ² − (t−μ)/τ) Φ((t−μ)/σ − σ/τ);
 * CDF_EMG(t)   = Φ(z) − exp(σ²/2τ² − (t−μ)/τ) Φ(z − σ/τ), z = (t−μ)/σ.
 * Times in µs throughout. Flight time of the neutrinos (≈ 65 ns at 19.3 m) is absorbed in the pulse mean.
 */
import { LIFETIME_MUON_US, LIFETIME_PI_CHARGED_US } from './constants.js';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { expTimesNormalCdf, normalCdf } from './numerics.js';
import { InvalidParameters } from '../util/errors.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Beam pulse: Gaussian bunches sharing one width. A single-bunch source has offsets [0] and weights [1]. */
export interface BeamPulse {
  /** Mean arrival time of the first bunch (µs), including the flight time. */
  readonly meanUs: number;
  /** Gaussian width of each bunch (µs). */
  readonly sigmaUs: number;
  /** Offsets of the bunches relative to the first (µs). */
  readonly bunchOffsetsUs: readonly number[];
  /** Relative intensities of the bunches (normalised internally). */
  readonly bunchWeights: readonly number[];
}

/** A single Gaussian POT pulse. */
export function gaussianPulse(meanUs: number, sigmaUs: number): BeamPulse {
  if (!(sigmaUs > 0) || !Number.isFinite(meanUs)) throw new InvalidParameters(`gaussianPulse: need finite mean and σ > 0 (got ${meanUs}, ${sigmaUs})`);
  return { meanUs, sigmaUs, bunchOffsetsUs: [0], bunchWeights: [1] };
}

/**
 * J-PARC MLF double-bunch structure: two equal bunches separated by `separationUs` (0.54 µs; JSNS2 TDR arXiv:1705.08629:
 * "two 100 ns wide bunches separated by 540 ns").
 */
export function doubleBunchPulse(meanUs: number, sigmaUs: number, separationUs = 0.54): BeamPulse {
  if (!(sigmaUs > 0)) throw new InvalidParameters(`doubleBunchPulse: σ must be > 0 (got ${sigmaUs})`);
  return { meanUs, sigmaUs, bunchOffsetsUs: [0, separationUs], bunchWeights: [0.5, 0.5] };
}

/** EMG density (per µs). */
export function emgPdf(tUs: number, meanUs: number, sigmaUs: number, tauUs: number): number {
  const z = (tUs - meanUs) / sigmaUs;
  const a = (sigmaUs * sigmaUs) / (2 * tauUs * tauUs) - (tUs - meanUs) / tauUs;
  return expTimesNormalCdf(a, z - sigmaUs / tauUs) / tauUs;
}

/** EMG cumulative distribution. */
export function emgCdf(tUs: number, meanUs: number, sigmaUs: number, tauUs: number): number {
  const z = (tUs - meanUs) / sigmaUs;
  const a = (sigmaUs * sigmaUs) / (2 * tauUs * tauUs) - (tUs - meanUs) / tauUs;
  return normalCdf(z) - expTimesNormalCdf(a, z - sigmaUs / tauUs);
}

/** Gaussian density (per µs). */
export function gaussianPdf(tUs: number, meanUs: number, sigmaUs: number): number {
  const z = (tUs - meanUs) / sigmaUs;
  return (INV_SQRT_2PI / sigmaUs) * Math.exp(-0.5 * z * z);
}

/** An arrival-time distribution: CDF and density on the time axis (µs). */
export interface TimeDistribution {
  /** P(arrival < t). */
  cdf(tUs: number): number;
  /** Density (per µs); for tabulated distributions the piecewise-constant density. */
  pdf(tUs: number): number;
  /** Short human-readable description (for reports). */
  readonly description: string;
}

function weightsOf(pulse: BeamPulse): number[] {
  const s = pulse.bunchWeights.reduce((a, b) => a + b, 0);
  if (pulse.bunchWeights.length !== pulse.bunchOffsetsUs.length || !(s > 0)) throw new InvalidParameters('BeamPulse: bunchWeights and bunchOffsetsUs must have equal length and positive sum');
  return pulse.bunchWeights.map((w) => w / s);
}

/** Prompt-neutrino timing: pulse ⊗ Exp(τ_π). Default τ_π = 26.033 ns (PDG 2022). */
export function promptNeutrinoTiming(pulse: BeamPulse, tauPiUs = LIFETIME_PI_CHARGED_US): TimeDistribution {
  const w = weightsOf(pulse);
  const offs = pulse.bunchOffsetsUs;
  const { meanUs, sigmaUs } = pulse;
  return {
    description: `prompt: pulse(μ=${meanUs} µs, σ=${sigmaUs} µs, ${offs.length} bunch) ⊗ Exp(τπ=${tauPiUs} µs)`,
    cdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) s += w[b]! * emgCdf(t, meanUs + offs[b]!, sigmaUs, tauPiUs);
      return s;
    },
    pdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) s += w[b]! * emgPdf(t, meanUs + offs[b]!, sigmaUs, tauPiUs);
      return s;
    },
  };
}

/** Delayed-neutrino timing (ν_e, ν̄_μ): pulse ⊗ Exp(τ_π) ⊗ Exp(τ_μ). Defaults: PDG 2022 lifetimes. */
export function delayedNeutrinoTiming(pulse: BeamPulse, tauPiUs = LIFETIME_PI_CHARGED_US, tauMuUs = LIFETIME_MUON_US): TimeDistribution {
  const w = weightsOf(pulse);
  const offs = pulse.bunchOffsetsUs;
  const { meanUs, sigmaUs } = pulse;
  const cMu = tauMuUs / (tauMuUs - tauPiUs);
  const cPi = tauPiUs / (tauMuUs - tauPiUs);
  return {
    description: `delayed: pulse(μ=${meanUs} µs, σ=${sigmaUs} µs, ${offs.length} bunch) ⊗ Exp(τπ=${tauPiUs} µs) ⊗ Exp(τμ=${tauMuUs} µs)`,
    cdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) {
        const m = meanUs + offs[b]!;
        s += w[b]! * (cMu * emgCdf(t, m, sigmaUs, tauMuUs) - cPi * emgCdf(t, m, sigmaUs, tauPiUs));
      }
      return s;
    },
    pdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) {
        const m = meanUs + offs[b]!;
        s += w[b]! * (cMu * emgPdf(t, m, sigmaUs, tauMuUs) - cPi * emgPdf(t, m, sigmaUs, tauPiUs));
      }
      return s;
    },
  };
}

/** The bare POT pulse itself as a time distribution (for prompt, lifetime-free processes such as π⁰ → γ A′). */
export function pulseTiming(pulse: BeamPulse): TimeDistribution {
  const w = weightsOf(pulse);
  const offs = pulse.bunchOffsetsUs;
  return {
    description: `pulse(μ=${pulse.meanUs} µs, σ=${pulse.sigmaUs} µs)`,
    cdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) s += w[b]! * normalCdf((t - pulse.meanUs - offs[b]!) / pulse.sigmaUs);
      return s;
    },
    pdf(t) {
      let s = 0;
      for (let b = 0; b < w.length; b++) s += w[b]! * gaussianPdf(t, pulse.meanUs + offs[b]!, pulse.sigmaUs);
      return s;
    },
  };
}

/**
 * Fraction of arrivals in each bin [edges[i], edges[i+1]) from a CDF.
 * @param cdf cumulative distribution function of t (µs)
 * @param edgesUs bin edges (µs), increasing, length nBins + 1
 * @param out optional output (length nBins)
 */
export function binFractions(cdf: (tUs: number) => number, edgesUs: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = edgesUs.length - 1;
  const res = out ?? new Float64Array(n);
  let prev = cdf(edgesUs[0]!);
  for (let i = 0; i < n; i++) {
    const next = cdf(edgesUs[i + 1]!);
    res[i] = next - prev;
    prev = next;
  }
  return res;
}

/**
 * Tabulated timing from released bin probabilities (e.g. COHERENT `arrivalTimePDF_*.txt`): uniform density within each bin.
 * The probabilities are renormalised to sum to 1 over the table; outside the table the density is 0.
 * @param edgesUs bin edges (µs), length n + 1
 * @param probabilities bin probabilities, length n
 */
export function tabulatedBinTiming(edgesUs: ArrayLike<number>, probabilities: ArrayLike<number>, description = 'tabulated bins'): TimeDistribution {
  const n = probabilities.length;
  if (edgesUs.length !== n + 1) throw new InvalidParameters(`tabulatedBinTiming: ${edgesUs.length} edges for ${n} probabilities (need n + 1)`);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    if (!(p >= 0)) throw new InvalidParameters(`tabulatedBinTiming: probability ${i} is ${p} (must be ≥ 0)`);
    if (!(edgesUs[i + 1]! > edgesUs[i]!)) throw new InvalidParameters(`tabulatedBinTiming: edges must increase at ${i}`);
    cum[i + 1] = cum[i]! + p;
  }
  const total = cum[n]!;
  if (!(total > 0)) throw new InvalidParameters('tabulatedBinTiming: probabilities sum to 0');
  const e = Float64Array.from(edgesUs as ArrayLike<number>);
  const locate = (t: number): number => {
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (e[mid]! <= t) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  return {
    description,
    cdf(t) {
      if (t <= e[0]!) return 0;
      if (t >= e[n]!) return 1;
      const i = locate(t);
      return (cum[i]! + ((probabilities[i]! * (t - e[i]!)) / (e[i + 1]! - e[i]!))) / total;
    },
    pdf(t) {
      if (t < e[0]! || t >= e[n]!) return 0;
      const i = locate(t);
      return probabilities[i]! / (e[i + 1]! - e[i]!) / total;
    },
  };
}

/**
 * Tabulated timing from a sampled density (e.g. digitised JSNS2 / CCM curves): piecewise-linear density between the
 * samples, zero outside [t_0, t_last] (no flat extrapolation, cf. docs/physics.md §8.4 item 19), normalised to 1.
 */
export function tabulatedDensityTiming(timesUs: ArrayLike<number>, density: ArrayLike<number>, description = 'tabulated density'): TimeDistribution {
  const n = timesUs.length;
  if (density.length !== n || n < 2) throw new InvalidParameters('tabulatedDensityTiming: need ≥ 2 samples with matching lengths');
  const t = Float64Array.from(timesUs as ArrayLike<number>);
  const d = Float64Array.from(density as ArrayLike<number>);
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    if (!(t[i]! > t[i - 1]!)) throw new InvalidParameters(`tabulatedDensityTiming: times must increase at sample ${i}`);
    if (!(d[i]! >= 0)) throw new InvalidParameters(`tabulatedDensityTiming: negative density at sample ${i}`);
    cum[i] = cum[i - 1]! + 0.5 * (d[i]! + d[i - 1]!) * (t[i]! - t[i - 1]!);
  }
  const total = cum[n - 1]!;
  if (!(total > 0)) throw new InvalidParameters('tabulatedDensityTiming: density integrates to 0');
  const locate = (x: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  return {
    description,
    cdf(x) {
      if (x <= t[0]!) return 0;
      if (x >= t[n - 1]!) return 1;
      const i = locate(x);
      const h = x - t[i]!;
      const slope = (d[i + 1]! - d[i]!) / (t[i + 1]! - t[i]!);
      return (cum[i]! + d[i]! * h + 0.5 * slope * h * h) / total;
    },
    pdf(x) {
      if (x < t[0]! || x > t[n - 1]!) return 0;
      const i = Math.min(locate(x), n - 2);
      const f = (x - t[i]!) / (t[i + 1]! - t[i]!);
      return (d[i]! * (1 - f) + d[i + 1]! * f) / total;
    },
  };
}

/** Result of fitting a Gaussian pulse to released prompt/delayed bin fractions. */
export interface PulseFitResult {
  readonly meanUs: number;
  readonly sigmaUs: number;
  /** Sum of squared bin differences at the optimum (prompt + delayed). */
  readonly sumSquares: number;
  /** Largest absolute per-bin difference of the fitted fractions from the targets. */
  readonly maxAbsDiff: number;
  /** Levenberg–Marquardt iterations used. */
  readonly iterations: number;
  /** True when no step of ±1 ns in μ or σ lowers the sum of squares (a local minimum to 1 ns) and no bound is active. */
  readonly converged: boolean;
  /** Parameters that ended on a bound of the search box (μ ∈ [0.3, 1.2] µs, σ ∈ [0.02, 0.4] µs). */
  readonly atBound: readonly ('meanUs' | 'sigmaUs')[];
}

/**
 * Bin fractions renormalised to sum to 1 over the given edges (the released COHERENT arrival-time PDFs are normalised over
 * their 12-µs window, which cuts ≈ 0.6 % of the delayed tail).
 */
export function windowNormalisedFractions(cdf: (tUs: number) => number, edgesUs: ArrayLike<number>, out?: Float64Array): Float64Array {
  const f = binFractions(cdf, edgesUs, out);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += f[i]!;
  for (let i = 0; i < f.length; i++) f[i] = f[i]! / s;
  return f;
}

/** Search box of the pulse fit (µs). */
const PULSE_FIT_MIN = [0.3, 0.02] as const;
const PULSE_FIT_MAX = [1.2, 0.4] as const;

/**
 * Least-squares fit of (μ, σ) of a single Gaussian pulse so that the closed-form prompt and delayed bin fractions,
 * renormalised to the window (see {@link windowNormalisedFractions}), reproduce given tables. Levenberg–Marquardt
 * (ml-levenberg-marquardt) on the 2n residuals, central-difference Jacobian with 0.1 ns steps, from μ = 0.75 µs,
 * σ = 0.15 µs inside the box μ ∈ [0.3, 1.2] µs, σ ∈ [0.02, 0.4] µs.
 */
export function fitPulseToBinFractions(edgesUs: ArrayLike<number>, promptTarget: ArrayLike<number>, delayedTarget: ArrayLike<number>, tauPiUs = LIFETIME_PI_CHARGED_US, tauMuUs = LIFETIME_MUON_US): PulseFitResult {
  const n = edgesUs.length - 1;
  if (promptTarget.length !== n || delayedTarget.length !== n) {
    throw new RangeError(`fitPulseToBinFractions: ${n} bins but ${promptTarget.length} prompt and ${delayedTarget.length} delayed fractions`);
  }
  const fp = new Float64Array(n);
  const fd = new Float64Array(n);
  const evaluate = (mu: number, sigma: number): void => {
    const p = gaussianPulse(mu, sigma);
    windowNormalisedFractions(promptNeutrinoTiming(p, tauPiUs).cdf, edgesUs, fp);
    windowNormalisedFractions(delayedNeutrinoTiming(p, tauPiUs, tauMuUs).cdf, edgesUs, fd);
  };
  const score = (mu: number, sigma: number): { ss: number; mx: number } => {
    evaluate(mu, sigma);
    let ss = 0;
    let mx = 0;
    for (let i = 0; i < n; i++) {
      const a = fp[i]! - promptTarget[i]!;
      const b = fd[i]! - delayedTarget[i]!;
      ss += a * a + b * b;
      mx = Math.max(mx, Math.abs(a), Math.abs(b));
    }
    return { ss, mx };
  };
  // Data points x = 0 … 2n − 1: prompt bins, then delayed bins. The model is evaluated once per parameter vector.
  const x = Float64Array.from({ length: 2 * n }, (_, i) => i);
  const y = Float64Array.from({ length: 2 * n }, (_, i) => (i < n ? promptTarget[i]! : delayedTarget[i - n]!));
  const model = (params: number[]) => {
    evaluate(params[0]!, params[1]!);
    const both = new Float64Array(2 * n);
    both.set(fp, 0);
    both.set(fd, n);
    return (i: number) => both[i]!;
  };
  const lm = levenbergMarquardt({ x, y }, model, {
    initialValues: [0.75, 0.15],
    minValues: [...PULSE_FIT_MIN],
    maxValues: [...PULSE_FIT_MAX],
    gradientDifference: [1e-4, 1e-4],
    centralDifference: true,
    damping: 1e-2,
    maxIterations: 200,
    errorTolerance: 0,
    improvementThreshold: 1e-3,
  });
  const [mu, sigma] = lm.parameterValues as [number, number];
  const best = score(mu, sigma);
  const h = 1e-3;
  let localMin = true;
  for (const [dm, ds] of [[h, 0], [-h, 0], [0, h], [0, -h]] as const) {
    const m2 = Math.min(PULSE_FIT_MAX[0], Math.max(PULSE_FIT_MIN[0], mu + dm));
    const s2 = Math.min(PULSE_FIT_MAX[1], Math.max(PULSE_FIT_MIN[1], sigma + ds));
    if (score(m2, s2).ss < best.ss) localMin = false;
  }
  const atBound: ('meanUs' | 'sigmaUs')[] = [];
  if (mu <= PULSE_FIT_MIN[0] || mu >= PULSE_FIT_MAX[0]) atBound.push('meanUs');
  if (sigma <= PULSE_FIT_MIN[1] || sigma >= PULSE_FIT_MAX[1]) atBound.push('sigmaUs');
  return { meanUs: mu, sigmaUs: sigma, sumSquares: best.ss, maxAbsDiff: best.mx, iterations: lm.iterations, converged: localMin && atBound.length === 0 && Number.isFinite(best.ss), atBound };
}
