import { describe, expect, it } from 'vitest';
import { minimize, brent, type Objective } from '../../../src/stats/optimize/index.js';
import { InvalidParameters } from '../../../src/util/errors.js';

const rosenbrock: Objective = {
  n: 2,
  value: (x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2,
};
const rosenbrockGrad: Objective = {
  ...rosenbrock,
  valueAndGrad(x, g) {
    g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2);
    g[1] = 200 * (x[1] - x[0] ** 2);
    return rosenbrock.value(x);
  },
};

/** −2 ln L of a 2-D Gaussian with mean mu and covariance C: (x−mu)ᵀ C⁻¹ (x−mu). */
function gaussian2d(mu: [number, number], C: [[number, number], [number, number]]): Objective {
  const det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
  const inv = [
    [C[1][1] / det, -C[0][1] / det],
    [-C[1][0] / det, C[0][0] / det],
  ];
  return {
    n: 2,
    value: (x) => {
      const a = x[0] - mu[0];
      const b = x[1] - mu[1];
      return inv[0][0] * a * a + 2 * inv[0][1] * a * b + inv[1][1] * b * b;
    },
  };
}

describe('minimize: unconstrained problems', () => {
  it('finds the Rosenbrock minimum (1, 1) with finite-difference gradients', () => {
    // EDM is in objective units; Rosenbrock's flat valley needs a tight tolerance for 1e-4 accuracy in x.
    const r = minimize(rosenbrock, Float64Array.of(-1.2, 1), { edmTolerance: 1e-14 });
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.fval).toBeLessThan(1e-8);
    expect(r.status.nCalls).toBeGreaterThan(0);
  });

  it('finds the Rosenbrock minimum with the analytic gradient; Hessian matches the closed form', () => {
    const r = minimize(rosenbrockGrad, Float64Array.of(-1.2, 1), { edmTolerance: 1e-16 });
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    // Hessian of Rosenbrock at (1,1): [[802, -400], [-400, 200]].
    const H = r.hessian!;
    // Steps are 2% of the parameter error, so the cubic term of the gradient gives ~1e-3 relative error.
    expect(Math.abs(H[0] / 802 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(H[1] / -400 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(H[3] / 200 - 1)).toBeLessThan(1e-3);
    expect(r.status.covPosDef).toBe(true);
  });

  it('covariance of a correlated Gaussian −2lnL equals its covariance matrix (errorDef 1)', () => {
    const C: [[number, number], [number, number]] = [
      [4, 1.2],
      [1.2, 0.9],
    ];
    const r = minimize(gaussian2d([1.5, -2], C), Float64Array.of(0, 0));
    expect(r.status.converged).toBe(true);
    // EDM < 1e-6 in −2lnL units means |x − x̂| ≲ 1e-3 σ.
    expect(Math.abs(r.x[0] - 1.5)).toBeLessThan(2e-3 * 2);
    expect(Math.abs(r.x[1] + 2)).toBeLessThan(2e-3 * 0.95);
    const V = r.covariance!;
    expect(V[0]).toBeCloseTo(4, 4);
    expect(V[1]).toBeCloseTo(1.2, 4);
    expect(V[2]).toBeCloseTo(1.2, 4);
    expect(V[3]).toBeCloseTo(0.9, 4);
    expect(r.errors![0]).toBeCloseTo(2, 5);
    expect(r.status.edm).toBeLessThan(1e-6);
  });

  it('errorDef 0.5 (−lnL) gives the same covariance for half the objective', () => {
    const C: [[number, number], [number, number]] = [
      [2, -0.5],
      [-0.5, 1],
    ];
    const g = gaussian2d([0, 0], C);
    const half: Objective = { n: 2, value: (x) => 0.5 * g.value(x) };
    const r = minimize(half, Float64Array.of(1, 1), { errorDef: 0.5 });
    expect(r.covariance![0]).toBeCloseTo(2, 4);
    expect(r.covariance![1]).toBeCloseTo(-0.5, 4);
  });
});

describe('minimize: bounds and fixed parameters', () => {
  it('stops exactly on the bounds and names the parameters at limit', () => {
    const f: Objective = { n: 2, value: (x) => (x[0] - 3) ** 2 + (x[1] + 1) ** 2 };
    const r = minimize(f, Float64Array.of(1, 1), { lo: Float64Array.of(0, 0), hi: Float64Array.of(2, 5), names: ['a', 'b'] });
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBe(2);
    expect(r.x[1]).toBe(0);
    expect(r.status.atLimit).toEqual(['a', 'b']);
  });

  it('bounded Rosenbrock: minimum of (1−x)² + 100(y−x²)² with x ≤ 0.5 is on the bound', () => {
    const r = minimize(rosenbrockGrad, Float64Array.of(-1, 1), { hi: Float64Array.of(0.5, Infinity) });
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBe(0.5);
    expect(r.x[1]).toBeCloseTo(0.25, 6); // y = x² on the bound
    expect(r.status.atLimit).toEqual(['p0']);
  });

  it('a fixed parameter stays put and the rest is the conditional minimum', () => {
    const C: [[number, number], [number, number]] = [
      [4, 1.2],
      [1.2, 0.9],
    ];
    const r = minimize(gaussian2d([1.5, -2], C), Float64Array.of(0.5, 0), { fixed: Uint8Array.of(1, 0) });
    expect(r.x[0]).toBe(0.5);
    // Conditional mean of a Gaussian: μ_y + C_yx / C_xx (x − μ_x).
    expect(r.x[1]).toBeCloseTo(-2 + (1.2 / 4) * (0.5 - 1.5), 6);
    expect(r.errors![0]).toBe(0);
    // Conditional variance: C_yy − C_yx² / C_xx.
    expect(r.covariance![3]).toBeCloseTo(0.9 - 1.2 ** 2 / 4, 4);
  });
});

describe('minimize: failures are reported, not hidden', () => {
  it('an unbounded-below objective ends with converged=false', () => {
    const f: Objective = { n: 1, value: (x) => -x[0] };
    const r = minimize(f, Float64Array.of(0), { maxCalls: 200 });
    expect(r.status.converged).toBe(false);
    expect(r.status.message.length).toBeGreaterThan(0);
  });

  it('an iteration limit reports converged=false with the reason', () => {
    const r = minimize(rosenbrockGrad, Float64Array.of(-1.2, 1), { maxIterations: 2 });
    expect(r.status.converged).toBe(false);
    expect(r.status.message).toMatch(/iteration limit/);
  });

  it('a NaN objective is an error status', () => {
    const f: Objective = { n: 1, value: () => NaN };
    const r = minimize(f, Float64Array.of(0));
    expect(r.status.converged).toBe(false);
    expect(r.status.message).toMatch(/NaN/);
    expect(r.covariance).toBeNull();
  });

  it('backs off from a region where the objective is NaN', () => {
    const f: Objective = { n: 1, value: (x) => (x[0] < 0 ? NaN : (x[0] - 0.2) ** 2) };
    const r = minimize(f, Float64Array.of(5));
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.2, 6);
  });
});

describe('minimize: multiple starting points', () => {
  // Double well with a tilt: local minimum near +0.96, global minimum near −1.04.
  const well: Objective = { n: 1, value: (x) => (x[0] ** 2 - 1) ** 2 + 0.3 * x[0] };
  const opts = { lo: Float64Array.of(-2), hi: Float64Array.of(2) };

  it('a single start from +1 stays in the local minimum', () => {
    const r = minimize(well, Float64Array.of(1), opts);
    expect(r.x[0]).toBeGreaterThan(0.9);
  });

  it('several seeded starts find the global minimum, deterministically', () => {
    const r1 = minimize(well, Float64Array.of(1), { ...opts, nStarts: 8, seed: 7 });
    const r2 = minimize(well, Float64Array.of(1), { ...opts, nStarts: 8, seed: 7 });
    expect(r1.x[0]).toBeLessThan(-1);
    expect(r1.x[0]).toBe(r2.x[0]);
    expect(r1.status.startIndex).toBeGreaterThan(0);
    expect(r1.status.nStarts).toBe(8);
  });

  it('requires a seed for several starts', () => {
    expect(() => minimize(well, Float64Array.of(1), { ...opts, nStarts: 3 })).toThrow(InvalidParameters);
  });
});

describe('brent', () => {
  it('finds √2 and the fixed point of cos', () => {
    expect(brent((x) => x * x - 2, 0, 2).x).toBeCloseTo(Math.SQRT2, 9);
    const r = brent((x) => Math.cos(x) - x, 0, 1);
    expect(r.converged).toBe(true);
    expect(r.x).toBeCloseTo(0.7390851332, 9);
  });
  it('reports an invalid bracket', () => {
    const r = brent((x) => x * x + 1, -1, 1);
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/bracket/);
  });
});

describe('ReducedProblem (fixed parameters removed and restored in one place)', () => {
  it('reduce/stitch round-trip keeps fixed values and passes free values through', async () => {
    const { ReducedProblem } = await import('../../../src/stats/optimize/index.js');
    const seen: number[][] = [];
    const f: Objective = { n: 4, value: (x) => (seen.push(Array.from(x)), x[0] + 10 * x[1] + 100 * x[2] + 1000 * x[3]) };
    const p = new ReducedProblem(f, Float64Array.of(1, 2, 3, 4), Uint8Array.of(0, 1, 0, 1), new Float64Array(4).fill(-9), new Float64Array(4).fill(9), new Float64Array(4).fill(1));
    expect(p.m).toBe(2);
    expect(Array.from(p.reduce(Float64Array.of(5, 6, 7, 8)))).toEqual([5, 7]);
    expect(Array.from(p.stitch(Float64Array.of(-1, -3)))).toEqual([-1, 2, -3, 4]);
    expect(p.value(Float64Array.of(0.5, 0.25))).toBe(0.5 + 20 + 25 + 4000);
    expect(seen[0]).toEqual([0.5, 2, 0.25, 4]);
    // Central differences of a linear function are exact: ∂f/∂x0 = 1, ∂f/∂x2 = 100.
    const g = new Float64Array(2);
    p.grad(Float64Array.of(0.5, 0.25), g);
    expect(g[0]).toBeCloseTo(1, 6);
    expect(g[1]).toBeCloseTo(100, 4);
    expect(p.nCalls).toBe(1 + 1 + 4);
  });

  it('uses the analytic gradient when the objective has one (fewer calls)', () => {
    const withGrad = minimize(rosenbrockGrad, Float64Array.of(-1.2, 1), { hesse: false });
    const withoutGrad = minimize(rosenbrock, Float64Array.of(-1.2, 1), { hesse: false });
    expect(withGrad.status.nCalls).toBeLessThan(withoutGrad.status.nCalls);
  });
});

describe('minimize: saddle points, flat directions and the one convergence rule (issue 10)', () => {
  // f = x² − 0.001 y² + 1e-6 y⁴: a saddle at (0, 0); minima at y² = 0.001 / (2·1e-6) = 500, f = −0.25, where
  // ∂²f/∂y² = −0.002 + 12e-6·500 = 0.004, so σ_y² = 2·errorDef / 0.004 = 500 (errorDef 1).
  const saddle: Objective = {
    n: 2,
    value: (x) => x[0] ** 2 - 0.001 * x[1] ** 2 + 1e-6 * x[1] ** 4,
    valueAndGrad(x, g) {
      g[0] = 2 * x[0];
      g[1] = -0.002 * x[1] + 4e-6 * x[1] ** 3;
      return this.value(x);
    },
  };

  it('escapes the saddle along the negative-curvature eigenvector and reports the true minimum and covariance', () => {
    const r = minimize(saddle, Float64Array.of(0.3, 1e-9));
    expect(r.status.converged).toBe(true);
    // EDM < 1e-6 bounds |Δy| by √(2·EDM / f_yy) = √(2e-6 / 0.004) ≈ 0.022 and |Δf| by 1e-6.
    expect(Math.abs(Math.abs(r.x[1]) - Math.sqrt(500))).toBeLessThan(0.03);
    expect(Math.abs(r.fval + 0.25)).toBeLessThan(1e-6);
    expect(r.covariance![3]).toBeCloseTo(500, 0);
    expect(r.covariance![0]).toBeCloseTo(1, 4); // σ_x² = 2/2
    expect(r.status.covPosDef).toBe(true);
  });

  it('a fit without Hesse also leaves the saddle (the rule applies to every fit)', () => {
    const r = minimize(saddle, Float64Array.of(0.3, 1e-9), { hesse: false });
    expect(r.status.converged).toBe(true);
    expect(r.fval).toBeCloseTo(-0.25, 8);
    expect(Math.abs(r.fval + 0.25)).toBeLessThan(1e-6);
    expect(r.covariance).toBeNull();
  });

  it('when the escape fails (unbounded below along it) the fit is not converged and has no covariance', () => {
    const f: Objective = { n: 2, value: (x) => x[0] ** 2 - 0.001 * x[1] ** 2 };
    const r = minimize(f, Float64Array.of(0.3, 0), { maxCalls: 2000 });
    expect(r.status.converged).toBe(false);
    expect(r.covariance).toBeNull();
    expect(r.errors).toBeNull();
    expect(r.status.covPosDef).toBe(false);
  });

  it('a flat direction: the minimum value is found, but no covariance is invented', () => {
    // f = (x − y)²: every point of x = y is a minimum; H = [[2, −2], [−2, 2]] is singular.
    const f: Objective = {
      n: 2,
      value: (x) => (x[0] - x[1]) ** 2,
      valueAndGrad(x, g) {
        g[0] = 2 * (x[0] - x[1]);
        g[1] = -g[0];
        return (x[0] - x[1]) ** 2;
      },
    };
    const r = minimize(f, Float64Array.of(1, -1));
    expect(r.fval).toBeLessThan(1e-12);
    expect(r.covariance).toBeNull();
    expect(r.status.covPosDef).toBe(false);
    expect(r.status.message).toMatch(/flat direction/);
  });

  it('Rosenbrock without Hesse converges by the same EDM rule to (1, 1)', () => {
    const r = minimize(rosenbrock, Float64Array.of(-1.2, 1), { edmTolerance: 1e-14, hesse: false });
    expect(r.status.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('a minimum at a bound with negative curvature along the bound-held direction is a valid constrained minimum', () => {
    // f = x² − y² on y ∈ [−1, 2]: the minimum is y = 2 (held by the gradient), x = 0.
    const f: Objective = { n: 2, value: (x) => x[0] ** 2 - x[1] ** 2 };
    const r = minimize(f, Float64Array.of(0.5, 0.5), { lo: Float64Array.of(-Infinity, -1), hi: Float64Array.of(Infinity, 2), names: ['x', 'y'] });
    expect(r.status.converged).toBe(true);
    expect(r.x[1]).toBe(2);
    expect(r.x[0]).toBeCloseTo(0, 4);
    expect(r.status.atLimit).toEqual(['y']);
  });

  it('a failed line search is not convergence (no relaxed EDM < 100 × tolerance), with or without Hesse', () => {
    // f = (x − 3)² with a gradient biased by +0.01 on x ≥ 2.999 (an inconsistent gradient, as from a discontinuity
    // or numerical noise): at x = 3 no step along −g decreases f, the search stops with EDM ≈ ½·0.01²/2 = 2.5e-5,
    // between 1 and 100 × the tolerance 1e-6. The old rule called this converged.
    const f: Objective = {
      n: 1,
      value: (x) => (x[0] - 3) ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 2 * (x[0] - 3) + (x[0] >= 2.999 ? 0.01 : 0);
        return (x[0] - 3) ** 2;
      },
    };
    for (const hesse of [false, true]) {
      const r = minimize(f, Float64Array.of(0), { hesse });
      expect(r.status.converged).toBe(false);
    }
  });
});
