/**
 * Tests for mutants of src/stats/optimize found by the sampled mutation run (docs/testing.md "Scores per folder"):
 * the numerical Hessian at a bound must stay inside the box (one-sided differences), checked with an objective that
 * is undefined outside it; the curvature of a parabola is known exactly.
 */
import { describe, expect, it } from 'vitest';
import { minimize, ReducedProblem, type Objective } from '../../../src/stats/optimize/index.js';
import { analyseCurvature, invertHessian, numericalHessian } from '../../../src/stats/optimize/hesse.js';

/** f(x) = (x − c)² on [0, 1]; +∞ with a NaN gradient outside (like a Poisson term with λ < 0). */
function boxedParabola(c: number): Objective {
  const inside = (x: number) => x >= 0 && x <= 1;
  return {
    n: 1,
    value: (x) => (inside(x[0]!) ? (x[0]! - c) ** 2 : Infinity),
    valueAndGrad: (x, g) => {
      if (!inside(x[0]!)) {
        g[0] = NaN;
        return Infinity;
      }
      g[0] = 2 * (x[0]! - c);
      return (x[0]! - c) ** 2;
    },
  };
}

/** The saddle of minimize.test.ts: f = x² − 0.001 y² + 1e-6 y⁴, a saddle at the origin, minima f = −0.25 at y² = 500. */
function saddleObjective(): Objective {
  return {
    n: 2,
    value: (x) => x[0]! ** 2 - 0.001 * x[1]! ** 2 + 1e-6 * x[1]! ** 4,
    valueAndGrad: (x, g) => {
      g[0] = 2 * x[0]!;
      g[1] = -0.002 * x[1]! + 4e-6 * x[1]! ** 3;
      return x[0]! ** 2 - 0.001 * x[1]! ** 2 + 1e-6 * x[1]! ** 4;
    },
  };
}

describe('Hesse at a bound', () => {
  it('minimum at the upper bound: backward differences, curvature 2', () => {
    const r = minimize(boxedParabola(2), Float64Array.of(0.3), { lo: Float64Array.of(0), hi: Float64Array.of(1), hesse: true });
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.hessian![0]).toBeCloseTo(2, 6);
  });

  it('minimum at the lower bound: forward differences, curvature 2', () => {
    const r = minimize(boxedParabola(-1), Float64Array.of(0.7), { lo: Float64Array.of(0), hi: Float64Array.of(1), hesse: true });
    expect(r.x[0]).toBeCloseTo(0, 8);
    expect(r.hessian![0]).toBeCloseTo(2, 6);
  });
});

describe('status.hesseComputed', () => {
  /** f(x, y) = (x − 0.2)² + 2(y − 0.4)² on the unit box (minimum inside). */
  const bowl: Objective = {
    n: 2,
    value: (x) => (x[0]! - 0.2) ** 2 + 2 * (x[1]! - 0.4) ** 2,
    valueAndGrad: (x, g) => {
      g[0] = 2 * (x[0]! - 0.2);
      g[1] = 4 * (x[1]! - 0.4);
      return (x[0]! - 0.2) ** 2 + 2 * (x[1]! - 0.4) ** 2;
    },
  };
  const box = { lo: Float64Array.of(0, 0), hi: Float64Array.of(1, 1) };
  it('is true exactly when a covariance is returned', () => {
    const withHesse = minimize(bowl, Float64Array.of(0.9, 0.9), { ...box, hesse: true });
    expect(withHesse.status.hesseComputed).toBe(true);
    expect(withHesse.covariance).not.toBeNull();
    const without = minimize(bowl, Float64Array.of(0.9, 0.9), { ...box, hesse: false });
    expect(without.covariance).toBeNull();
    expect(without.status.hesseComputed).toBe(false);
  });
});

describe('failure paths of the minimiser (docs/testing.md, left-open sampled mutants closed)', () => {
  it('a saddle whose escape point BFGS cannot improve: the saddle is reported, never the point BFGS ended at', () => {
    // f = x² − 0.001 y² + 1e-6 y⁴ (saddle at 0, f = 0 there). For |y| > 1, valueAndGrad disagrees with value()
    // (an objective whose two entry points disagree): (a) −∞ with a NaN gradient, (b) value() + 1 with the true
    // gradient, (c) exactly 0 with a zero gradient. BFGS from (0.3, 0) (from (0, 0) for (c)) stops at the saddle
    // (g_y = 0); the escape finds f(0, ±11.2) < 0 with value(), but BFGS from there ends at (a) −∞, (b) the minimum
    // of f + 1, 0.75 > 0, (c) 0, exactly the saddle's value: none is lower, the escape failed.
    const value = (x: Float64Array) => x[0]! ** 2 - 0.001 * x[1]! ** 2 + 1e-6 * x[1]! ** 4;
    for (const variant of ['minus-infinity', 'offset', 'zero'] as const) {
      const f: Objective = {
        n: 2,
        value,
        valueAndGrad: (x, g) => {
          g[0] = 2 * x[0]!;
          g[1] = -0.002 * x[1]! + 4e-6 * x[1]! ** 3;
          if (Math.abs(x[1]!) <= 1) return value(x);
          if (variant === 'offset') return value(x) + 1;
          if (variant === 'zero') {
            g[0] = 0;
            g[1] = 0;
            return 0;
          }
          g[0] = NaN;
          g[1] = NaN;
          return -Infinity;
        },
      };
      const r = minimize(f, Float64Array.of(variant === 'zero' ? 0 : 0.3, 0));
      expect(Math.abs(r.fval), variant).toBeLessThan(1e-12);
      expect(r.x[1], variant).toBe(0);
      expect(Math.abs(r.x[0]!), variant).toBeLessThan(1e-6);
      expect(r.status.converged, variant).toBe(false);
      expect(r.status.message, variant).toMatch(/^saddle point: negative curvature \(scaled eigenvalue -1\.000e\+0\) and no lower point along it; no covariance$/);
      expect(r.covariance, variant).toBeNull();
    }
  });

  it('a likelihood undefined just below its minimum (a missing bound): converged, but no covariance', () => {
    // f = (x − 1)², NaN for x < 0.9999. The minimum x = 1 is found (a Newton step lands on it); the Hesse step
    // 0.02·σ = 0.02 (σ = 1) reaches x = 0.98, where the gradient is NaN: the Hessian is not finite.
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! < 0.9999 ? NaN : (x[0]! - 1) ** 2),
      valueAndGrad: (x, g) => {
        if (x[0]! < 0.9999) {
          g[0] = NaN;
          return NaN;
        }
        g[0] = 2 * (x[0]! - 1);
        return (x[0]! - 1) ** 2;
      },
    };
    const r = minimize(f, Float64Array.of(1.5));
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.status.converged).toBe(true);
    expect(r.status.message).toBe('converged; Hessian not finite at the minimum, no covariance');
    expect(r.covariance).toBeNull();
    expect(r.errors).toBeNull();
    expect(r.status.covPosDef).toBe(false);
  });

  it('of two unconverged starts, the one with a finite objective is kept (a NaN start is never the result)', () => {
    // f = cosh(x − 2) on [−1, 5], NaN below −0.9. Start 0 (x = −0.95) is NaN; start 1 (seeded, uniform in the box)
    // is finite. One iteration: neither converges (a Newton step on cosh does not land on the minimum).
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! < -0.9 ? NaN : Math.cosh(x[0]! - 2)),
      valueAndGrad: (x, g) => {
        if (x[0]! < -0.9) {
          g[0] = NaN;
          return NaN;
        }
        g[0] = Math.sinh(x[0]! - 2);
        return Math.cosh(x[0]! - 2);
      },
    };
    const r = minimize(f, Float64Array.of(-0.95), { lo: Float64Array.of(-1), hi: Float64Array.of(5), nStarts: 2, seed: 3, maxIterations: 1, hesse: false });
    expect(r.status.nStarts).toBe(2);
    expect(r.status.startIndex).toBe(1);
    expect(r.status.converged).toBe(false);
    expect(Number.isFinite(r.fval)).toBe(true);
    expect(r.fval).toBe(Math.cosh(r.x[0]! - 2));
  });

  it('a failed line search stops the search where it is (x = 3), reported by the exact-Hessian EDM', () => {
    // f = (x − 3)² with a gradient biased by +0.01 on x ≥ 2.999 (minimize.test.ts): no step along −g decreases f at
    // x = 3; the search must stop there, not carry on with the failed trial point.
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! - 3) ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 2 * (x[0]! - 3) + (x[0]! >= 2.999 ? 0.01 : 0);
        return (x[0]! - 3) ** 2;
      },
    };
    for (const hesse of [false, true]) {
      const r = minimize(f, Float64Array.of(0), { hesse });
      expect(r.status.converged).toBe(false);
      expect(Math.abs(r.x[0]! - 3)).toBeLessThan(1e-3);
      expect(r.status.message).toMatch(/^EDM .* \(exact Hessian\) above tolerance 0\.000001; the minimum is not reliable$/);
      expect(r.status.nIterations).toBeLessThan(10);
    }
  });

  it('a failed line search at x = 10⁶ ends when the trial point no longer moves (no zero step is accepted)', () => {
    // f = (x − 10⁶)² with the gradient biased by +0.01 on x ≥ 10⁶ − 10⁻³: the Newton step from 0 lands there, where
    // the backtracking along −g shrinks the step below the spacing of doubles near 10⁶ (1.2e-10) within 40 steps.
    const c = 1e6;
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! - c) ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 2 * (x[0]! - c) + (x[0]! >= c - 1e-3 ? 0.01 : 0);
        return (x[0]! - c) ** 2;
      },
    };
    const r = minimize(f, Float64Array.of(0), { hesse: false });
    expect(Math.abs(r.x[0]! - c)).toBeLessThan(1e-3);
    expect(r.status.converged).toBe(false);
    expect(r.status.message).toMatch(/^EDM .* \(exact Hessian\) above tolerance 0\.000001; the minimum is not reliable$/);
    expect(r.status.nIterations).toBeLessThan(10);
  });

  it('a gradient that is not finite at the start (√x at x = 0) stops at once with that reason', () => {
    // f = x − 2√x on [0, 4]: f(0) = 0 is finite, f'(0) = −∞.
    const f: Objective = {
      n: 1,
      value: (x) => x[0]! - 2 * Math.sqrt(x[0]!),
      valueAndGrad: (x, g) => {
        g[0] = 1 - 1 / Math.sqrt(x[0]!);
        return x[0]! - 2 * Math.sqrt(x[0]!);
      },
    };
    const r = minimize(f, Float64Array.of(0), { lo: Float64Array.of(0), hi: Float64Array.of(4), hesse: false });
    expect(r.status.converged).toBe(false);
    expect(r.status.nIterations).toBe(0);
    expect(r.x[0]).toBe(0);
    expect(r.status.message).toMatch(/at the starting point.*\(gradient not finite\)$/);
  });
});

describe('BFGS starting metric', () => {
  // f = x² + y² + 1.8xy: H = [[2, 1.8], [1.8, 2]], positive definite, strongly correlated. With the full inverse
  // Hessian as seed the first step is a Newton step, exact on a quadratic: converged after 1 iteration. With the
  // diagonal seed (problems larger than fullSeedMaxDim) the first step −g/2 misses the minimum.
  const f: Objective = {
    n: 2,
    value: (x) => x[0]! ** 2 + x[1]! ** 2 + 1.8 * x[0]! * x[1]!,
    valueAndGrad: (x, g) => {
      g[0] = 2 * x[0]! + 1.8 * x[1]!;
      g[1] = 2 * x[1]! + 1.8 * x[0]!;
      return x[0]! ** 2 + x[1]! ** 2 + 1.8 * x[0]! * x[1]!;
    },
  };
  it('is the full inverse Hessian up to fullSeedMaxDim parameters (one Newton step), the diagonal above', () => {
    const full = minimize(f, Float64Array.of(1, 0), { hesse: false, fullSeedMaxDim: 2 });
    expect(full.status.converged).toBe(true);
    expect(full.status.nIterations).toBe(1);
    expect(Math.hypot(full.x[0]!, full.x[1]!)).toBeLessThan(1e-9);
    const diag = minimize(f, Float64Array.of(1, 0), { hesse: false, fullSeedMaxDim: 1 });
    expect(diag.status.converged).toBe(true);
    expect(diag.status.nIterations).toBeGreaterThan(1);
  });
});

describe('invertHessian', () => {
  it('of the empty (0×0) Hessian: the empty inverse, positive definite (no free parameter)', () => {
    const r = invertHessian(new Float64Array(0), 0);
    expect(r.inverse).toEqual(new Float64Array(0));
    expect(r.posDef).toBe(true);
  });

  it('of a positive-definite 2×2: the closed-form inverse; indefinite or overflowing: no inverse (full Stryker run of hesse.ts)', () => {
    // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8
    const r = invertHessian(Float64Array.of(4, 2, 2, 3), 2);
    expect(r.posDef).toBe(true);
    const want = [3 / 8, -2 / 8, -2 / 8, 4 / 8];
    for (let k = 0; k < 4; k++) expect(r.inverse![k]).toBeCloseTo(want[k]!, 14);
    expect(invertHessian(Float64Array.of(1, 2, 2, 1), 2)).toEqual({ inverse: null, posDef: false }); // eigenvalues 3, −1
    // H = 1e-320 (subnormal) is positive, but 1/H overflows to +∞: no covariance rather than an infinite one
    expect(invertHessian(Float64Array.of(1e-320), 1)).toEqual({ inverse: null, posDef: false });
    expect(invertHessian(Float64Array.of(1e-320, 0, 0, 1), 2)).toEqual({ inverse: null, posDef: false }); // one entry overflows
  });
});

describe('numericalHessian and analyseCurvature (full Stryker run of hesse.ts)', () => {
  /** A ReducedProblem of n free parameters for `objective` in the box [lo, hi]. */
  function problem(objective: Objective, x0: number[], lo: number[], hi: number[]): ReducedProblem {
    const n = x0.length;
    return new ReducedProblem(objective, Float64Array.from(x0), new Uint8Array(n), Float64Array.from(lo), Float64Array.from(hi), new Float64Array(n).fill(1));
  }

  it('a step that reaches a bound exactly still takes the central difference: x² + h²/3 for the gradient x³/3', () => {
    // f = x⁴/12 on [0, 1] at x = 0.5 with h = 0.5: x + h = 1 and x − h = 0 are both allowed. The central difference
    // of g = x³/3 is x² + h²/3 = 1/3; the backward (forward) one would be 1/12 (7/12).
    const f: Objective = {
      n: 1,
      value: (x) => x[0]! ** 4 / 12,
      valueAndGrad: (x, g) => {
        g[0] = x[0]! ** 3 / 3;
        return x[0]! ** 4 / 12;
      },
    };
    const H = new Float64Array(1);
    expect(numericalHessian(problem(f, [0.5], [0], [1]), Float64Array.of(0.5), Float64Array.of(0.5), H)).toBe(true);
    expect(H[0]).toBeCloseTo(1 / 3, 14);
  });

  it('symmetrises the differences of the gradient: a linear field g = A x gives (A + Aᵀ)/2 (3 parameters)', () => {
    const A = [
      [2, 1, 0.5],
      [0.3, 3, -1],
      [1.5, 0.2, 4],
    ];
    const f: Objective = {
      n: 3,
      value: () => 0,
      valueAndGrad: (x, g) => {
        for (let i = 0; i < 3; i++) g[i] = A[i]![0]! * x[0]! + A[i]![1]! * x[1]! + A[i]![2]! * x[2]!;
        return 0;
      },
    };
    const H = new Float64Array(9);
    const inf = [Infinity, Infinity, Infinity];
    expect(numericalHessian(problem(f, [0.1, 0.2, 0.3], inf.map((v) => -v), inf), Float64Array.of(0.1, 0.2, 0.3), Float64Array.of(0.01, 0.02, 0.03), H)).toBe(true);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(H[3 * i + j], `H[${i}][${j}]`).toBeCloseTo(0.5 * (A[i]![j]! + A[j]![i]!), 10);
  });

  it('a Hessian with a non-finite entry is flat with a NaN eigenvalue and no direction', () => {
    expect(analyseCurvature(Float64Array.of(1, NaN, NaN, 1), 2)).toEqual({ kind: 'flat', minScaledEigenvalue: NaN, direction: null });
  });
});

describe('projected BFGS: exits and their status (full Stryker run of bfgs.ts)', () => {
  const bowl: Objective = {
    n: 2,
    value: (x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2,
    valueAndGrad: (x, g) => {
      g[0] = 2 * (x[0]! - 1);
      g[1] = 20 * (x[1]! + 2);
      return (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2;
    },
  };

  it('every parameter fixed: the value at the given point, converged, with its own message', () => {
    const r = minimize(bowl, Float64Array.of(2, -1), { fixed: Uint8Array.of(1, 1), hesse: false });
    expect(r.fval).toBe(11);
    expect(r.status.converged).toBe(true);
    expect(r.status.callLimitReached).toBe(false);
    expect(r.status.message).toBe('converged (no free parameters)');
    const nan: Objective = { n: 1, value: () => NaN };
    const bad = minimize(nan, Float64Array.of(0), { fixed: Uint8Array.of(1), hesse: false });
    expect(bad.status.converged).toBe(false);
    expect(bad.status.message).toBe('objective is NaN at the given parameters; the model is not defined there (check inits and bounds)');
  });

  it('a start where the objective is NaN or +∞ is named as such (not a call limit)', () => {
    const nan = minimize({ n: 1, value: () => NaN }, Float64Array.of(0), { hesse: false });
    expect(nan.status.message).toBe('objective is NaN at the starting point; the model is not defined there (check inits and bounds)');
    expect(nan.status.callLimitReached).toBe(false);
    const inf = minimize({ n: 1, value: () => Infinity }, Float64Array.of(0), { hesse: false });
    expect(inf.status.message).toBe('objective is Infinity at the starting point; the likelihood vanishes there (check inits, bounds and zero expectations)');
    expect(inf.status.converged).toBe(false);
  });

  it('an iteration limit stops after exactly maxIterations iterations, not converged (without Hesse)', () => {
    const rosen: Objective = { n: 2, value: (x) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2 };
    const r = minimize(rosen, Float64Array.of(-1.2, 1), { maxIterations: 2, hesse: false });
    expect(r.status.nIterations).toBe(2);
    expect(r.status.converged).toBe(false);
    expect(r.status.callLimitReached).toBe(false);
    expect(r.status.message).toMatch(/^iteration limit \(2\) reached with EDM /);
  });

  it('a call limit stops the search, not converged, and says so (without Hesse)', () => {
    const rosen: Objective = { n: 2, value: (x) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2 };
    const r = minimize(rosen, Float64Array.of(-1.2, 1), { maxCalls: 40, hesse: false });
    expect(r.status.callLimitReached).toBe(true);
    expect(r.status.converged).toBe(false);
    expect(r.status.message).toMatch(/^call limit \(40\) reached with EDM .*; raise maxCalls or check the starting point$/);
    expect(r.status.nIterations).toBeLessThan(1000);
  });

  it('a start on a bound with the gradient pointing into the box is released: the inner minimum is found', () => {
    // f = (x − 1)² on [0, 5] from either end; only a gradient pushing out of the box holds a variable on its bound.
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! - 1) ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 2 * (x[0]! - 1);
        return (x[0]! - 1) ** 2;
      },
    };
    for (const start of [0, 5]) {
      const r = minimize(f, Float64Array.of(start), { lo: Float64Array.of(0), hi: Float64Array.of(5), hesse: false });
      expect(r.status.converged, `start ${start}`).toBe(true);
      expect(r.x[0], `start ${start}`).toBeCloseTo(1, 8);
      expect(r.status.atLimit, `start ${start}`).toEqual([]);
    }
  });

  it('a gradient that is not finite at an accepted point stops there with that reason', () => {
    // f = (x − 3)², gradient NaN for x > 2 (value finite): the Newton step from 0 lands on 3, accepted by its value.
    const f: Objective = {
      n: 1,
      value: (x) => (x[0]! - 3) ** 2,
      valueAndGrad: (x, g) => {
        g[0] = x[0]! > 2 ? NaN : 2 * (x[0]! - 3);
        return (x[0]! - 3) ** 2;
      },
    };
    const r = minimize(f, Float64Array.of(0), { hesse: false });
    expect(r.status.converged).toBe(false);
    expect(r.status.message).toBe('gradient not finite at an accepted point; check the model near the bounds');
    expect(r.x[0]).toBeLessThanOrEqual(2);
  });

  it('with the diagonal seed (fullSeedMaxDim 1), a negative diagonal curvature flags the start: the saddle is left without Hesse', () => {
    // The saddle of minimize.test.ts: f = x² − 0.001 y² + 1e-6 y⁴, minima f = −0.25 at y² = 500.
    const saddle = saddleObjective();
    const r = minimize(saddle, Float64Array.of(0.3, 0), { hesse: false, fullSeedMaxDim: 1 });
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.fval + 0.25)).toBeLessThan(1e-6);
  });

  it('with the diagonal seed, a coordinate of zero curvature at the start gets the step scale typ², not 1/0', () => {
    // f = x² + h(y), h = 1 − 2(y − 1) for y < 1 and (y − 2)² above (C¹ at 1): at y = 0 the curvature in y is exactly 0;
    // its seed is typ² = 1, so the first step in y is +2 (to the minimum y = 2), not an infinite one.
    const h = (y: number) => (y < 1 ? 1 - 2 * (y - 1) : (y - 2) ** 2);
    const dh = (y: number) => (y < 1 ? -2 : 2 * (y - 2));
    const f: Objective = {
      n: 2,
      value: (x) => x[0]! ** 2 + h(x[1]!),
      valueAndGrad: (x, g) => {
        g[0] = 2 * x[0]!;
        g[1] = dh(x[1]!);
        return x[0]! ** 2 + h(x[1]!);
      },
    };
    const r = minimize(f, Float64Array.of(0.5, 0), { hesse: false, fullSeedMaxDim: 1 });
    expect(r.status.converged).toBe(true);
    expect(r.x[1]).toBeCloseTo(2, 6);
    expect(r.fval).toBeLessThan(1e-10);
  });

  it('with the diagonal seed, a start at a maximum (every diagonal curvature negative) is flagged and left', () => {
    // f = (x⁴ − x²) + (y⁴ − y²): a local maximum at 0 (gradient 0, diagonal curvature −2, −2); minima f = −1/2 at
    // x² = y² = 1/2.
    const quartic: Objective = {
      n: 2,
      value: (x) => x[0]! ** 4 - x[0]! ** 2 + x[1]! ** 4 - x[1]! ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 4 * x[0]! ** 3 - 2 * x[0]!;
        g[1] = 4 * x[1]! ** 3 - 2 * x[1]!;
        return x[0]! ** 4 - x[0]! ** 2 + x[1]! ** 4 - x[1]! ** 2;
      },
    };
    const r = minimize(quartic, Float64Array.of(0, 0), { hesse: false, fullSeedMaxDim: 1 });
    expect(r.status.converged).toBe(true);
    expect(Math.abs(r.fval + 0.5)).toBeLessThan(1e-6);
  });
});

describe('minimize: options, messages and the exact-Hessian restart (full Stryker run of minimize.ts)', () => {
  const bowl: Objective = {
    n: 2,
    value: (x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2,
    valueAndGrad: (x, g) => {
      g[0] = 2 * (x[0]! - 1);
      g[1] = 20 * (x[1]! + 2);
      return (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2;
    },
  };
  const x0 = Float64Array.of(0, 0);

  it('refuses malformed options, naming the option and what was expected', () => {
    const bad: Array<[Parameters<typeof minimize>[2], string]> = [
      [{ lo: Float64Array.of(0) }, 'minimize: option lo has length 1, expected 2'],
      [{ hi: Float64Array.of(0, 1, 2) }, 'minimize: option hi has length 3, expected 2'],
      [{ lo: Float64Array.of(0, NaN) }, 'minimize: bounds of parameter 1 are invalid: [NaN, Infinity]'],
      [{ hi: Float64Array.of(NaN, 1) }, 'minimize: bounds of parameter 0 are invalid: [-Infinity, NaN]'],
      [{ lo: Float64Array.of(0, 2), hi: Float64Array.of(1, 1) }, 'minimize: bounds of parameter 1 are invalid: [2, 1]'],
      [{ fixed: Uint8Array.of(0) }, 'minimize: option fixed has length 1, expected 2'],
      [{ names: ['a'] }, 'minimize: option names has length 1, expected 2'],
      [{ typicalScale: Float64Array.of(1) }, 'minimize: option typicalScale must have 2 positive finite entries'],
      [{ typicalScale: Float64Array.of(1, 0) }, 'minimize: option typicalScale must have 2 positive finite entries'],
      [{ typicalScale: Float64Array.of(1, Infinity) }, 'minimize: option typicalScale must have 2 positive finite entries'],
      [{ nStarts: 0 }, 'minimize: option nStarts must be a positive number, got 0'],
      [{ nStarts: 2 }, 'minimize: nStarts > 1 needs an explicit seed (option seed)'],
      [{ errorDef: -1 }, 'minimize: option errorDef must be a positive number, got -1'],
      [{ edmTolerance: Infinity }, 'minimize: option edmTolerance must be a positive number, got Infinity'],
      [{ maxIterations: 0 }, 'minimize: option maxIterations must be a positive number, got 0'],
      [{ maxCalls: NaN }, 'minimize: option maxCalls must be a positive number, got NaN'],
      [{ fullSeedMaxDim: -2 }, 'minimize: option fullSeedMaxDim must be a positive number, got -2'],
    ];
    for (const [o, msg] of bad) expect(() => minimize(bowl, x0, o), msg).toThrow(msg);
    expect(() => minimize(bowl, Float64Array.of(0), {}), 'x0').toThrow('minimize: start has length 1, expected 2');
    // equal bounds are allowed (a parameter pinned by its box)
    const pinned = minimize(bowl, x0, { lo: Float64Array.of(-5, 3), hi: Float64Array.of(5, 3) });
    expect(pinned.x[1]).toBe(3);
    expect(pinned.x[0]).toBeCloseTo(1, 8);
  });

  it('errors are the square roots of the covariance diagonal: (x − 1)² + 10(y + 2)² gives σ = (1, √0.1)', () => {
    // −2lnL with errorDef 1: covariance 2H⁻¹ = diag(1, 0.1)
    const r = minimize(bowl, x0);
    expect(r.errors![0]).toBeCloseTo(1, 6);
    expect(r.errors![1]).toBeCloseTo(Math.sqrt(0.1), 6);
    expect(r.covariance![3]).toBeCloseTo(0.1, 6);
  });

  it('every parameter fixed, with Hesse: zero covariance and errors, positive definite', () => {
    const r = minimize(bowl, Float64Array.of(2, -1), { fixed: Uint8Array.of(1, 1) });
    expect(r.fval).toBe(11);
    expect(r.covariance).toEqual(new Float64Array(4));
    expect(r.errors).toEqual(new Float64Array(2));
    expect(r.status.covPosDef).toBe(true);
    expect(r.status.converged).toBe(true);
  });

  it('a saddle escaped once says so in the message', () => {
    const saddle = saddleObjective();
    const r = minimize(saddle, Float64Array.of(0.3, 0));
    expect(r.status.message).toBe('converged (after escaping 1 saddle point)');
    expect(minimize(bowl, x0).status.message).toBe('converged');
  });

  it('a quasi-Newton metric spoiled by a gradient wrong at the start point only: the exact-Hessian EDM restarts BFGS, which ends at the minimum', () => {
    // f = x² + y² + 1.8xy (minimum 0 at the origin); at x0 = (1, −0.9)/0.38 (true gradient (1, 0)) valueAndGrad reports
    // (1, 2). The BFGS update built from it spoils the quasi-Newton metric (BFGS stops where its EDM is ~0 but the
    // gradient is not); the exact-Hessian EDM there is large, and BFGS restarts from the exact Hessian.
    const s0 = [1 / 0.38, -0.9 / 0.38];
    const value = (x: Float64Array) => x[0]! ** 2 + x[1]! ** 2 + 1.8 * x[0]! * x[1]!;
    const f: Objective = {
      n: 2,
      value,
      valueAndGrad: (x, g) => {
        g[0] = 2 * x[0]! + 1.8 * x[1]!;
        g[1] = 2 * x[1]! + 1.8 * x[0]!;
        if (x[0] === s0[0] && x[1] === s0[1]) g[1] += 2;
        return value(x);
      },
    };
    const r = minimize(f, Float64Array.from(s0));
    expect(r.status.converged).toBe(true);
    expect(Math.hypot(r.x[0]!, r.x[1]!)).toBeLessThan(1e-3);
    expect(r.fval).toBeLessThan(1e-6);
  });
});
