/**
 * Iso-contours of a function sampled on a rectilinear grid (marching squares with linear interpolation along
 * cell edges, saddles resolved by the cell-centre average), chained into polylines. Used to draw allowed regions
 * as smooth curves instead of pixel blocks. Grid points whose value is null or non-finite count as outside
 * (above the level); a crossing next to such a point is placed at the edge midpoint.
 */

export type Polyline = Array<[number, number]>;

/**
 * Contour lines `f = level` of `values` on the grid `xs` × `ys` (row-major: x index outer, y index inner, like
 * `MassYScanReport.delta_twice_nll`). Coordinates are interpolated in the given xs/ys (pass log10 of a log grid).
 * Inside means f < level. Closed curves repeat their first point at the end.
 */
export function isoContours(xs: ArrayLike<number>, ys: ArrayLike<number>, values: ArrayLike<number | null>, level: number): Polyline[] {
  const nx = xs.length;
  const ny = ys.length;
  if (values.length !== nx * ny) throw new Error(`isoContours: ${values.length} values for a ${nx} × ${ny} grid`);
  const f = (i: number, j: number): number => {
    const v = values[i * ny + j];
    return v === null || v === undefined || !Number.isFinite(v) ? Infinity : v;
  };
  const inside = (i: number, j: number) => f(i, j) < level;
  const points = new Map<string, [number, number]>();
  // Point where the contour crosses the edge between grid points (i0,j0) and (i1,j1).
  const cross = (i0: number, j0: number, i1: number, j1: number): string => {
    const key = j0 === j1 ? `h${Math.min(i0, i1)},${j0}` : `v${i0},${Math.min(j0, j1)}`;
    if (!points.has(key)) {
      const a = f(i0, j0);
      const b = f(i1, j1);
      const t = Number.isFinite(a) && Number.isFinite(b) ? (level - a) / (b - a) : 0.5;
      points.set(key, [xs[i0]! + t * (xs[i1]! - xs[i0]!), ys[j0]! + t * (ys[j1]! - ys[j0]!)]);
    }
    return key;
  };
  const segments: Array<[string, string]> = [];
  for (let i = 0; i + 1 < nx; i++) {
    for (let j = 0; j + 1 < ny; j++) {
      const code = (inside(i, j) ? 1 : 0) | (inside(i + 1, j) ? 2 : 0) | (inside(i + 1, j + 1) ? 4 : 0) | (inside(i, j + 1) ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom = () => cross(i, j, i + 1, j);
      const right = () => cross(i + 1, j, i + 1, j + 1);
      const top = () => cross(i, j + 1, i + 1, j + 1);
      const left = () => cross(i, j, i, j + 1);
      if (code === 5 || code === 10) {
        const c = (f(i, j) + f(i + 1, j) + f(i + 1, j + 1) + f(i, j + 1)) / 4;
        const centreInside = c < level;
        // Keep the inside corners connected through the centre when the centre is inside.
        if ((code === 5) === centreInside) segments.push([bottom(), right()], [top(), left()]);
        else segments.push([left(), bottom()], [right(), top()]);
        continue;
      }
      const crossed: string[] = [];
      if ((code & 1) !== (code & 2) >> 1) crossed.push(bottom());
      if ((code & 2) >> 1 !== (code & 4) >> 2) crossed.push(right());
      if ((code & 4) >> 2 !== (code & 8) >> 3) crossed.push(top());
      if ((code & 8) >> 3 !== (code & 1)) crossed.push(left());
      segments.push([crossed[0]!, crossed[1]!]);
    }
  }
  return chain(segments, points);
}

function chain(segments: Array<[string, string]>, points: Map<string, [number, number]>): Polyline[] {
  const byPoint = new Map<string, number[]>();
  segments.forEach(([a, b], k) => {
    for (const p of [a, b]) {
      const l = byPoint.get(p);
      if (l) l.push(k);
      else byPoint.set(p, [k]);
    }
  });
  const used = new Uint8Array(segments.length);
  const out: Polyline[] = [];
  const walk = (start: string): void => {
    const keys = [start];
    let cur = start;
    for (;;) {
      const next = (byPoint.get(cur) ?? []).find((k) => !used[k]);
      if (next === undefined) break;
      used[next] = 1;
      const [a, b] = segments[next]!;
      cur = a === cur ? b : a;
      keys.push(cur);
    }
    if (keys.length > 1) out.push(keys.map((k) => points.get(k)!));
  };
  // Open curves (ending on the grid boundary) first, from an end; then closed loops.
  for (const [p, ks] of byPoint) if (ks.length === 1 && !used[ks[0]!]) walk(p);
  for (let k = 0; k < segments.length; k++) if (!used[k]) walk(segments[k]![0]);
  return out;
}
