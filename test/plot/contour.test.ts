import { describe, it, expect } from 'vitest';
import { isoContours, type Polyline } from '../../src/plot/contour.js';

// Analytic Δ(−2lnL) surface: a tilted quadratic bowl in (u, v) = (log10 m, log10 Y), like a two-parameter
// Gaussian likelihood. Its level sets are exact ellipses, so contour points can be checked against the closed form.
const U0 = 1.25;
const V0 = -7.5;
const A = 0.3; // semi-axis along the rotated u direction (decades)
const B = 0.7; // semi-axis along the rotated v direction (decades)
const TH = 0.5; // tilt (rad)
const cu = Math.cos(TH);
const su = Math.sin(TH);
// f = Auu du² + 2 Auv du dv + Avv dv²
const Auu = cu ** 2 / A ** 2 + su ** 2 / B ** 2;
const Avv = su ** 2 / A ** 2 + cu ** 2 / B ** 2;
const Auv = cu * su * (1 / A ** 2 - 1 / B ** 2);
const f = (u: number, v: number) => Auu * (u - U0) ** 2 + 2 * Auv * (u - U0) * (v - V0) + Avv * (v - V0) ** 2;

function grid(nu: number, nv: number, u: [number, number] = [0, Math.log10(300)], v: [number, number] = [-11, -4]) {
  const us = Array.from({ length: nu }, (_, i) => u[0] + ((u[1] - u[0]) * i) / (nu - 1));
  const vs = Array.from({ length: nv }, (_, j) => v[0] + ((v[1] - v[0]) * j) / (nv - 1));
  const values: number[] = [];
  for (const x of us) for (const y of vs) values.push(f(x, y));
  return { us, vs, values };
}

// Plot frame of the house style: 560 × 340 px over m = 1–300 MeV and Y = 1e-11–1e-4.
const PX_U = 560 / Math.log10(300);
const PX_V = 340 / 7;

function distToPolyline(p: [number, number], line: Polyline): number {
  let best = Infinity;
  for (let k = 0; k + 1 < line.length; k++) {
    const [ax, ay] = [line[k]![0] * PX_U, line[k]![1] * PX_V];
    const [bx, by] = [line[k + 1]![0] * PX_U, line[k + 1]![1] * PX_V];
    const [px, py] = [p[0] * PX_U, p[1] * PX_V];
    const L = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = L > 0 ? Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / L)) : 0;
    best = Math.min(best, Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)));
  }
  return best;
}

describe('isoContours (marching squares)', () => {
  for (const level of [2.2957, 5.9915]) {
    it(`puts every vertex of the Δ = ${level} contour within the linear-interpolation error of the exact ellipse`, () => {
      const { us, vs, values } = grid(40, 50);
      const lines = isoContours(us, vs, values, level);
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line[0]).toEqual(line[line.length - 1]); // closed
      // Along a grid edge of length h the quadratic differs from its linear interpolant by at most A·h²/4
      // (A = the coefficient of the squared coordinate), which bounds |f(p) − level| at a crossing point.
      const hu = us[1]! - us[0]!;
      const hv = vs[1]! - vs[0]!;
      const bound = Math.max(Auu * hu * hu, Avv * hv * hv) / 4;
      let worst = 0;
      for (const [u, v] of line) worst = Math.max(worst, Math.abs(f(u, v) - level));
      expect(worst).toBeLessThanOrEqual(bound * (1 + 1e-12));
      expect(worst).toBeGreaterThan(0); // the grid is not aligned with the ellipse: interpolation really happens
      // The curve goes all the way round: it reaches the extremes of the ellipse in u to within one cell.
      const halfWidthU = Math.sqrt(level * Avv / (Auu * Avv - Auv * Auv));
      const uMin = Math.min(...line.map((p) => p[0]));
      const uMax = Math.max(...line.map((p) => p[0]));
      expect(Math.abs(uMin - (U0 - halfWidthU))).toBeLessThan(hu);
      expect(Math.abs(uMax - (U0 + halfWidthU))).toBeLessThan(hu);
    });
  }

  it('moves by less than a 2 px line width when the 40 × 50 grid of the CsI-2017 scan is doubled', () => {
    const coarse = grid(40, 50);
    const fine = grid(79, 99);
    for (const level of [2.2957, 5.9915]) {
      const a = isoContours(coarse.us, coarse.vs, coarse.values, level)[0]!;
      const b = isoContours(fine.us, fine.vs, fine.values, level)[0]!;
      let worst = 0;
      for (const p of a) worst = Math.max(worst, distToPolyline(p, b));
      for (const p of b) worst = Math.max(worst, distToPolyline(p, a));
      expect(worst).toBeLessThan(2);
    }
  });

  it('leaves a region open where it crosses the grid boundary', () => {
    // Shift the bowl so its lower half falls below the grid: one open curve with both ends on v = −11.
    const { us, vs, values } = grid(30, 30, [0, Math.log10(300)], [V0, -4]);
    const lines = isoContours(us, vs, values, 2.2957);
    expect(lines).toHaveLength(1);
    const l = lines[0]!;
    expect(l[0]).not.toEqual(l[l.length - 1]);
    expect(l[0]![1]).toBeCloseTo(V0, 12);
    expect(l[l.length - 1]![1]).toBeCloseTo(V0, 12);
  });

  it('resolves a saddle cell by the centre value', () => {
    // Corners (0,0) and (1,1) inside (value 0), (1,0) and (0,1) outside (value 2); level 1.
    const xs = [0, 1];
    const ys = [0, 1];
    // centre average 1 − ε < level joins the inside corners: the two curves cut off the outside corners.
    const joined = isoContours(xs, ys, [0, 2 - 0.1, 2 - 0.1, 0], 1);
    expect(joined).toHaveLength(2);
    const cutsOff = (l: Polyline, cx: number, cy: number) => l.every(([x, y]) => Math.hypot(x - cx, y - cy) < 0.6);
    expect(joined.some((l) => cutsOff(l, 1, 0)) && joined.some((l) => cutsOff(l, 0, 1))).toBe(true);
    // centre above the level separates them: the curves cut off the inside corners.
    const split = isoContours(xs, ys, [0, 2.5, 2.5, 0], 1);
    expect(split.some((l) => cutsOff(l, 0, 0)) && split.some((l) => cutsOff(l, 1, 1))).toBe(true);
  });

  it('treats undefined points as outside and refuses a value array of the wrong size', () => {
    const lines = isoContours([0, 1, 2], [0, 1], [0, 0, null, 0, 0, 0], 1);
    // The null at (1,0) is cut off with crossings at the edge midpoints.
    const pts = lines.flat();
    expect(pts).toContainEqual([0.5, 0]);
    expect(pts).toContainEqual([1.5, 0]);
    expect(() => isoContours([0, 1], [0, 1], [0, 0, 0], 1)).toThrow(/3 values for a 2 × 2 grid/);
  });
});
