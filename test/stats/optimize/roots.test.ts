// Brent's bracketed root finder (src/stats/optimize/roots.ts): accuracy against known roots at the requested
// tolerances, superlinear convergence (far fewer evaluations than bisection), and every failure path.
import { describe, expect, it } from 'vitest';
import { brent } from '../../../src/stats/optimize/roots.js';

/** Real root of x³ − 2x − 5 (Wallis' example): Cardano's formula, independent of the code. */
const WALLIS = Math.cbrt(2.5 + Math.sqrt(6.25 - 8 / 27)) + Math.cbrt(2.5 - Math.sqrt(6.25 - 8 / 27));

describe('brent: accuracy at the requested tolerance', () => {
  const cases: Array<[string, (x: number) => number, number, number, number]> = [
    ['x² − 2', (x) => x * x - 2, 0, 2, Math.SQRT2],
    ['cos x − x', (x) => Math.cos(x) - x, 0, 1, 0.7390851332151607],
    ['x³ − 2x − 5', (x) => x ** 3 - 2 * x - 5, 2, 3, WALLIS],
    ['decreasing: 1 − eˣ/3 (f(a) > 0 > f(b))', (x) => 1 - Math.exp(x) / 3, -5, 5, Math.log(3)],
    ['steep: tanh(50(x − 0.3))', (x) => Math.tanh(50 * (x - 0.3)), -1, 4, 0.3],
  ];
  it.each(cases)('%s: root within the bracket half-width tolerance', (_n, f, a, b, root) => {
    for (const [xtol, rtol] of [[1e-12, 0], [1e-6, 0], [0, 1e-9], [0, 1e-4]] as const) {
      const r = brent(f, a, b, { xtol, rtol });
      expect(r.converged).toBe(true);
      expect(r.message).toBe('converged');
      // Stops when half the bracket is ≤ tol = 2ε|x| + ½(xtol + rtol|x|): the root is within 2·tol of x.
      const tol = 2 * Number.EPSILON * Math.abs(root) + 0.5 * (xtol + rtol * Math.abs(root));
      expect(Math.abs(r.x - root)).toBeLessThanOrEqual(2 * tol + 4 * Number.EPSILON * Math.abs(root));
      expect(r.fx).toBe(f(r.x));
    }
  });

  it('a loose tolerance stops early and is honoured, not exceeded by far (the tolerance reaches the loop)', () => {
    const f = (x: number) => x ** 3 - 2 * x - 5;
    const tight = brent(f, 2, 3, { xtol: 1e-14, rtol: 0 });
    const loose = brent(f, 2, 3, { xtol: 1e-2, rtol: 0 });
    expect(loose.nEvals).toBeLessThan(tight.nEvals);
    expect(Math.abs(loose.x - WALLIS)).toBeLessThanOrEqual(1e-2);
    const relLoose = brent(f, 2, 3, { xtol: 0, rtol: 1e-2 });
    expect(relLoose.nEvals).toBeLessThan(tight.nEvals);
  });
});

describe('brent: superlinear convergence', () => {
  // Bisection needs ⌈log2(1/1e-12)⌉ = 40 halvings of [2, 3] for 1e-12; Brent's interpolation steps converge
  // superlinearly on smooth functions and need a handful. Bound: a third of bisection's count.
  it.each([
    ['x³ − 2x − 5 on [2, 3]', (x: number) => x ** 3 - 2 * x - 5, 2, 3],
    ['cos x − x on [0, 1]', (x: number) => Math.cos(x) - x, 0, 1],
    ['eˣ − 3 on [−5, 5]', (x: number) => Math.exp(x) - 3, -5, 5],
  ])('%s: ≤ 14 evaluations for xtol 1e-12', (_n, f, a, b) => {
    const r = brent(f, a, b, { xtol: 1e-12, rtol: 0 });
    expect(r.converged).toBe(true);
    expect(r.nEvals).toBeLessThanOrEqual(14);
  });

  it('a linear function is solved exactly by the first secant step', () => {
    const r = brent((x) => 2 * x - 1, 0, 4);
    expect(r.x).toBe(0.5);
    expect(r.fx).toBe(0);
    expect(r.converged).toBe(true);
    expect(r.nEvals).toBe(3);
  });
});

describe('brent: bracket ends, supplied values and failures', () => {
  it('counts only the evaluations it makes: supplied f(a), f(b) are not re-evaluated', () => {
    const f = (x: number) => x * x - 2;
    const full = brent(f, 0, 2);
    const given = brent(f, 0, 2, { fa: -2, fb: 2 });
    expect(given.x).toBe(full.x);
    expect(given.nEvals).toBe(full.nEvals - 2);
    // A wrong supplied value is used as given (here: no sign change → not a bracket).
    expect(brent(f, 0, 2, { fa: 1 }).converged).toBe(false);
  });

  it('a root at either bracket end is returned at once', () => {
    expect(brent((x) => x - 1, 1, 3)).toMatchObject({ x: 1, fx: 0, converged: true, nEvals: 2, message: 'root at bracket end' });
    expect(brent((x) => x - 3, 1, 3)).toMatchObject({ x: 3, fx: 0, converged: true, nEvals: 2, message: 'root at bracket end' });
  });

  it('no sign change: not converged, NaN, message names the bracket', () => {
    for (const f of [(x: number) => x * x + 1, (x: number) => -(x * x) - 1]) {
      const r = brent(f, -1, 1);
      expect(r.converged).toBe(false);
      expect(r.x).toBeNaN();
      expect(r.message).toBe(`[-1, 1] does not bracket a root (f = ${f(-1)}, ${f(1)})`);
    }
  });

  it('f not finite at a bracket end or inside: not converged, with a message', () => {
    const atEnd = brent((x) => (x < 0 ? NaN : x - 1), -1, 2);
    expect(atEnd.converged).toBe(false);
    expect(atEnd.message).toMatch(/^function not finite at a bracket end/);
    const atEnd2 = brent((x) => (x > 1.5 ? Infinity : x - 1), 0, 2);
    expect(atEnd2.converged).toBe(false);
    expect(atEnd2.message).toMatch(/^function not finite at a bracket end/);
    const inside = brent((x) => (x > 0.2 && x < 1.9 ? NaN : x - 1), 0, 2);
    expect(inside.converged).toBe(false);
    expect(inside.message).toMatch(/^function not finite at /);
    expect(inside.fx).toBeNaN();
  });

  it('maxIterations: stops after that many steps, not converged, says so', () => {
    const r = brent((x) => x ** 3 - 2 * x - 5, 2, 3, { maxIterations: 2, xtol: 1e-14, rtol: 0 });
    expect(r.converged).toBe(false);
    expect(r.message).toBe('no convergence in 2 iterations');
    expect(r.nEvals).toBe(4);
    expect(r.fx).toBe(r.x ** 3 - 2 * r.x - 5);
  });
});
