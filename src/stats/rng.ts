/**
 * Seeded pseudo-random numbers for toys and multi-start fits. No global state: every consumer
 * receives an `Rng` built from an explicit seed.
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47 (2021) 36; period 2^128 − 1), 32-bit arithmetic only so it is fast in JavaScript.
 * The 128-bit state is filled from (seed, stream) with the splitmix32 / murmur3-fmix32 mixer, so
 * `new Rng(seed, i)` gives a reproducible, statistically independent stream per toy index i:
 * results do not depend on how toys are split across workers.
 *
 * Samplers: uniform doubles with 53 random bits; standard normal by Marsaglia's polar method;
 * Poisson by sequential inversion for λ < 10 and by Hörmann's transformed rejection PTRS
 * (W. Hörmann, "The transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12 (1993) 39) for λ ≥ 10.
 */
import { logGamma } from './distributions/index.js';
import { InvalidParameters } from '../util/errors.js';

const TWO_POW_M53 = 1 / 9007199254740992; // 2^-53
const GOLDEN_GAMMA_32 = 0x9e3779b9; // splitmix32 increment: 2^32 / φ

function fmix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded xoshiro128** generator with uniform, normal and Poisson samplers. */
export class Rng {
  /** The seed this generator was built from (carried into results for reproducibility). */
  readonly seed: number;
  /** The stream index (e.g. toy number) mixed into the seed. */
  readonly stream: number;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  /**
   * @param seed any finite integer-valued number (|seed| < 2^53)
   * @param stream independent sub-stream index, default 0
   */
  constructor(seed: number, stream = 0) {
    if (!Number.isSafeInteger(seed)) throw new InvalidParameters(`Rng seed must be a safe integer, got ${seed}`);
    if (!Number.isSafeInteger(stream) || stream < 0) throw new InvalidParameters(`Rng stream must be a non-negative integer, got ${stream}`);
    this.seed = seed;
    this.stream = stream;
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    // splitmix32-style seeding: successive golden-ratio increments of a state that mixes seed and stream.
    let z = fmix32(lo ^ fmix32(hi ^ fmix32(stream ^ 0x5bd1e995)));
    const next = (): number => {
      z = (z + GOLDEN_GAMMA_32) | 0;
      return fmix32(z);
    };
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is forbidden
  }

  /** Next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) * TWO_POW_M53; // a·2^26 + b, scaled by 2^-53
  }

  /** Uniform double in (0, 1): never exactly 0 (safe for logarithms). */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Standard normal deviate (Marsaglia polar method; the second deviate of each pair is cached). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Gaussian deviate with mean `mean` and standard deviation `sigma`. */
  gaussian(mean: number, sigma: number): number {
    return mean + sigma * this.normal();
  }

  /** Poisson deviate with mean λ ≥ 0 (integer-valued double). */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || lambda === Infinity) throw new InvalidParameters(`Poisson mean must be finite and >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < 10) return this.poissonInversion(lambda);
    return this.poissonPtrs(lambda);
  }

  private poissonInversion(lambda: number): number {
    const u = this.uniform();
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    while (u > cdf) {
      k++;
      p *= lambda / k;
      const next = cdf + p;
      // Rounding tail guard: the double sum of the pmf can stop a few 1e-16 short of 1, below the largest uniforms
      // (u ≤ 1 − 2⁻⁵³). Once a term no longer changes the sum, k is in the rounding-limited tail (pmf < 1e-15):
      // return it instead of running on until the pmf underflows (k ≈ 300 for λ = 9.99).
      if (next === cdf) break;
      cdf = next;
    }
    return k;
  }

  private poissonPtrs(lambda: number): number {
    // Hörmann (1993), algorithm PTRS; constants from the paper.
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniformOpen();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
