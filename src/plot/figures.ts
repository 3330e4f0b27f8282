/**
 * Generic figure builders on Vega-Lite (no physics here): binned spectra with a stack of components, data
 * points with √n errors and a pull panel underneath; step overlays of several predictions; curves on log axes
 * with bands; contour lines. Every builder returns a `Figure` in the house style of ./style.ts.
 */
import type { Figure } from './render.js';
import { DATA_COLOR, LOG_LABEL_EXPR, SIZES, logTicks } from './style.js';

export interface AxisOpt {
  readonly title: string;
  readonly scale?: 'linear' | 'log';
  readonly domain?: readonly [number, number];
}

type Row = Record<string, number | string | null>;

/** Vega-Lite axis block: explicit decade ticks on log axes. */
export function axisBlock(a: AxisOpt): Record<string, unknown> {
  if (a.scale === 'log' && a.domain) return { title: a.title, values: logTicks(a.domain[0], a.domain[1]), labelExpr: LOG_LABEL_EXPR };
  return { title: a.title };
}

export function scaleBlock(a: AxisOpt, zero = false): Record<string, unknown> {
  return { type: a.scale ?? 'linear', ...(a.domain ? { domain: [...a.domain], nice: false } : {}), ...(a.scale === 'log' ? {} : { zero }) };
}

/** Finite-value runs of a curve as rows with a segment id, so undefined points leave gaps instead of bridges. */
export function curveRows(name: string, x: ArrayLike<number>, y: ArrayLike<number | null>, extra: Row = {}): Row[] {
  const rows: Row[] = [];
  let seg = 0;
  let open = false;
  for (let i = 0; i < x.length; i++) {
    const v = y[i];
    if (v === null || v === undefined || !Number.isFinite(v) || !Number.isFinite(x[i]!)) {
      if (open) seg++;
      open = false;
      continue;
    }
    open = true;
    rows.push({ name, x: x[i]!, y: v, seg: `${name}#${seg}`, order: i, ...extra });
  }
  return rows;
}

/** A histogram as a step line: (edge_i, v_i), (edge_{i+1}, v_i) for every bin. */
export function stepRows(name: string, edges: ArrayLike<number>, values: ArrayLike<number>, extra: Row = {}): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    rows.push({ name, x: edges[i]!, y: values[i]!, seg: name, order: 2 * i, ...extra });
    rows.push({ name, x: edges[i + 1]!, y: values[i]!, seg: name, order: 2 * i + 1, ...extra });
  }
  return rows;
}

/** Data rows: bin centre, count, ±√n error bar. */
export function dataRows(edges: ArrayLike<number>, observed: ArrayLike<number>): Row[] {
  return Array.from({ length: edges.length - 1 }, (_, i) => {
    const n = observed[i]!;
    const e = Math.sqrt(Math.max(n, 0));
    return { name: 'data', x: 0.5 * (edges[i]! + edges[i + 1]!), x0: edges[i]!, x1: edges[i + 1]!, y: n, lo: n - e, hi: n + e };
  });
}

export interface StackSample {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly color: string;
}

export interface PredictionCurve {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly color: string;
  readonly dash?: boolean;
}

export interface SpectrumOptions {
  readonly title: string;
  readonly x: AxisOpt;
  readonly yTitle?: string;
  /** Stacked components of the prediction (bottom first). */
  readonly stack?: readonly StackSample[];
  /** Total predictions drawn as step lines (e.g. the SM, SM+DM, SM+NSI best fits). */
  readonly predictions?: readonly PredictionCurve[];
  readonly observed?: ArrayLike<number>;
  /** Vertical marker lines (e.g. the analysis window), dashed. */
  readonly markers?: readonly number[];
  /** Pull panel: (n − ν)/√ν against these predictions (default: the stack total). */
  readonly pullsAgainst?: readonly PredictionCurve[];
}

/** Legend entries in first-seen order: one colour per name (the colour scale's domain and range). */
function legendEntries(): { names: string[]; colors: string[]; add: (name: string, color: string) => void } {
  const names: string[] = [];
  const colors: string[] = [];
  return {
    names,
    colors,
    add(n, c) {
      if (!names.includes(n)) {
        names.push(n);
        colors.push(c);
      }
    },
  };
}

/**
 * Binned spectrum with data and a pull panel under it. Legend (one entry per component, colours fixed by the
 * caller) sits to the right of the plot, outside the data.
 */
export function spectrumFigure(edges: ArrayLike<number>, o: SpectrumOptions): Figure {
  const nb = edges.length - 1;
  const domain: [number, number] = o.x.domain ? [o.x.domain[0], o.x.domain[1]] : [edges[0]!, edges[nb]!];
  const { names, colors, add } = legendEntries();
  const rects: Row[] = [];
  const total = new Float64Array(nb);
  for (const s of o.stack ?? []) {
    add(s.name, s.color);
    for (let i = 0; i < nb; i++) {
      const v = s.values[i]!;
      rects.push({ name: s.name, x0: edges[i]!, x1: edges[i + 1]!, y0: total[i]!, y1: total[i]! + v, events: v });
      total[i]! += v;
    }
  }
  const lines: Row[] = [];
  for (const p of o.predictions ?? []) {
    add(p.name, p.color);
    lines.push(...stepRows(p.name, edges, p.values, { dash: p.dash ? 'dash' : 'solid' }));
  }
  if (o.observed) add('data', DATA_COLOR);
  const dashed = new Set((o.predictions ?? []).filter((p) => p.dash).map((p) => p.name));
  const color = { field: 'name', type: 'nominal', title: null, scale: { domain: names, range: colors }, legend: { orient: 'right' } };
  const strokeDash = { field: 'name', type: 'nominal', title: null, scale: { domain: names, range: names.map((n) => (dashed.has(n) ? [6, 4] : [1, 0])) } };
  const x = (field: string, title: string | null = o.x.title) => ({ field, type: 'quantitative', scale: scaleBlock({ ...o.x, domain }), axis: title === null ? { title: null, labels: false } : axisBlock({ ...o.x, domain }) });
  const layers: Record<string, unknown>[] = [];
  if (rects.length) {
    layers.push({
      data: { values: rects },
      mark: { type: 'rect', stroke: 'white', strokeWidth: 0.3 },
      encoding: { x: x('x0', null), x2: { field: 'x1' }, y: { field: 'y0', type: 'quantitative', title: o.yTitle ?? 'events / bin', scale: { zero: true }, stack: null }, y2: { field: 'y1' }, color, tooltip: [{ field: 'name' }, { field: 'x0', title: 'from' }, { field: 'x1', title: 'to' }, { field: 'events', format: '.3~g' }] },
    });
  }
  if (lines.length) {
    layers.push({
      data: { values: lines },
      mark: { type: 'line', interpolate: 'linear', strokeWidth: SIZES.lineWidth },
      encoding: {
        x: x('x', null),
        y: { field: 'y', type: 'quantitative', title: o.yTitle ?? 'events / bin' },
        color,
        detail: { field: 'seg' },
        order: { field: 'order' },
        strokeDash,
      },
    });
  }
  const data = o.observed ? dataRows(edges, o.observed) : [];
  if (data.length) {
    layers.push({ data: { values: data }, mark: { type: 'rule', color: DATA_COLOR, strokeWidth: 1.5 }, encoding: { x: x('x', null), y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
    layers.push({
      data: { values: data },
      mark: { type: 'point', filled: true, size: 36, opacity: 1 },
      encoding: { x: x('x', null), y: { field: 'y', type: 'quantitative' }, color, tooltip: [{ field: 'x0', title: 'from' }, { field: 'x1', title: 'to' }, { field: 'y', title: 'observed' }] },
    });
  }
  for (const m of o.markers ?? []) layers.push({ data: { values: [{ x: m }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#444444', strokeWidth: 1.2 }, encoding: { x: x('x', null) } });
  const main = { width: SIZES.width, height: SIZES.height, layer: layers, resolve: { scale: { color: 'shared' } } };
  const refs = o.pullsAgainst ?? (o.stack?.length ? [{ name: 'fit', values: total, color: DATA_COLOR }] : o.predictions ?? []);
  if (!o.observed || refs.length === 0) return { spec: { title: o.title, ...main, layer: layers.map((l) => withXTitle(l, o.x.title)) } };
  const pulls: Row[] = [];
  refs.forEach((r, k) => {
    for (let i = 0; i < nb; i++) {
      const e = r.values[i]!;
      const n = o.observed![i]!;
      // Small horizontal offsets keep the pulls of several predictions apart.
      const off = refs.length > 1 ? ((k - (refs.length - 1) / 2) * 0.18 * (edges[i + 1]! - edges[i]!)) : 0;
      if (e > 0) pulls.push({ name: refs.length > 1 ? r.name : 'data', x: 0.5 * (edges[i]! + edges[i + 1]!) + off, pull: (n - e) / Math.sqrt(e) });
    }
  });
  const pullColor = refs.length > 1 ? color : { value: DATA_COLOR };
  const pullPanel = {
    width: SIZES.width,
    height: SIZES.pullHeight,
    layer: [
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#333333' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      { data: { values: [{ y: -2 }, { y: 2 }] }, mark: { type: 'rule', color: '#999999', strokeDash: [4, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: pulls },
        mark: { type: 'point', filled: true, size: 30 },
        encoding: { x: x('x'), y: { field: 'pull', type: 'quantitative', title: 'pull (n − ν)/√ν' }, color: pullColor, tooltip: [{ field: 'name' }, { field: 'pull', format: '.2f' }] },
      },
    ],
  };
  return { spec: { title: o.title, vconcat: [main, pullPanel], spacing: 8, bounds: 'flush', resolve: { scale: { x: 'shared', color: 'shared' } } } };
}

function withXTitle(layer: Record<string, unknown>, title: string): Record<string, unknown> {
  const enc = layer.encoding as Record<string, Record<string, unknown>>;
  if (!enc?.x) return layer;
  return { ...layer, encoding: { ...enc, x: { ...enc.x, axis: { ...(enc.x.axis as object), title, labels: true } } } };
}

export interface XYCurve {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number | null>;
  readonly color: string;
  readonly dash?: boolean;
  readonly width?: number;
}

export interface XYBand {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly lo: ArrayLike<number | null>;
  readonly hi: ArrayLike<number | null>;
  readonly color: string;
}

export interface XYPoint {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly color: string;
  readonly shape?: 'circle' | 'cross' | 'diamond' | 'triangle-up';
}

export interface XYOptions {
  readonly title: string;
  readonly x: AxisOpt;
  readonly y: AxisOpt;
  readonly curves?: readonly XYCurve[];
  readonly bands?: readonly XYBand[];
  readonly points?: readonly XYPoint[];
  /** Vertical lines with a legend entry (e.g. a benchmark mass). */
  readonly vlines?: ReadonlyArray<{ name: string; x: number; color: string }>;
  /** Horizontal lines with a legend entry (e.g. Δ(−2lnL) thresholds). */
  readonly hlines?: ReadonlyArray<{ name: string; y: number; color: string; dash?: boolean }>;
  /** Zoom and pan with the mouse in the report page. */
  readonly interactive?: boolean;
}

/** Curves, bands and markers on linear or log axes, legend outside on the right. */
export function xyFigure(o: XYOptions): Figure {
  const { names, colors, add } = legendEntries();
  for (const b of o.bands ?? []) add(b.name, b.color);
  for (const c of o.curves ?? []) add(c.name, c.color);
  for (const l of o.hlines ?? []) add(l.name, l.color);
  for (const l of o.vlines ?? []) add(l.name, l.color);
  for (const p of o.points ?? []) add(p.name, p.color);
  const dashed = new Set([...(o.curves ?? []).filter((c) => c.dash).map((c) => c.name), ...(o.hlines ?? []).filter((l) => l.dash).map((l) => l.name)]);
  const color = { field: 'name', type: 'nominal', title: null, scale: { domain: names, range: colors }, legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2.5 } };
  // Dash patterns keyed by the same field as the colour, so the legend shows each entry's colour and dash.
  const strokeDash = { field: 'name', type: 'nominal', title: null, scale: { domain: names, range: names.map((n) => (dashed.has(n) ? [6, 4] : [1, 0])) } };
  const X = { field: 'x', type: 'quantitative', scale: scaleBlock(o.x), axis: axisBlock(o.x) };
  const Y = { field: 'y', type: 'quantitative', scale: scaleBlock(o.y), axis: axisBlock(o.y) };
  const layers: Record<string, unknown>[] = [];
  const bandRows: Row[] = [];
  for (const b of o.bands ?? []) {
    let seg = 0;
    for (let i = 0; i < b.x.length; i++) {
      const lo = b.lo[i];
      const hi = b.hi[i];
      if (lo === null || hi === null || lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) {
        seg++;
        continue;
      }
      bandRows.push({ name: b.name, x: b.x[i]!, lo, hi, seg: `${b.name}#${seg}`, order: i });
    }
  }
  if (bandRows.length) {
    layers.push({
      data: { values: bandRows },
      mark: { type: 'area', opacity: 0.85 },
      encoding: { x: X, y: { ...Y, field: 'lo', stack: null }, y2: { field: 'hi' }, color, detail: { field: 'seg' } },
    });
  }
  const curveData: Row[] = [];
  for (const c of o.curves ?? []) curveData.push(...curveRows(c.name, c.x, c.y, { dash: c.dash ? 'dash' : 'solid', w: c.width ?? SIZES.lineWidth }));
  if (curveData.length) {
    layers.push({
      data: { values: curveData },
      mark: { type: 'line', interpolate: 'linear' },
      encoding: {
        x: X,
        y: { ...Y, stack: null },
        color,
        detail: { field: 'seg' },
        order: { field: 'order' },
        strokeDash,
        strokeWidth: { field: 'w', type: 'quantitative', scale: null, legend: null },
        tooltip: [{ field: 'name' }, { field: 'x', format: '.4~g' }, { field: 'y', format: '.3~e' }],
      },
      ...(o.interactive ? { params: [{ name: 'zoom', select: 'interval', bind: 'scales' }] } : {}),
    });
  }
  for (const l of o.hlines ?? []) layers.push({ data: { values: [{ name: l.name, y: l.y }] }, mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: Y, color, strokeDash } });
  for (const l of o.vlines ?? []) layers.push({ data: { values: [{ name: l.name, x: l.x }] }, mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x: X, color } });
  const shapes = (o.points ?? []).map((p) => p.shape ?? 'circle');
  if (o.points?.length) {
    layers.push({
      data: { values: o.points.map((p) => ({ name: p.name, x: p.x, y: p.y, shape: p.shape ?? 'circle' })) },
      mark: { type: 'point', filled: true, size: 80, opacity: 1 },
      encoding: { x: X, y: Y, color, shape: { field: 'shape', type: 'nominal', scale: { domain: [...new Set(shapes)], range: [...new Set(shapes)] }, legend: null }, tooltip: [{ field: 'name' }, { field: 'x', format: '.4~g' }, { field: 'y', format: '.3~e' }] },
    });
  }
  return { spec: { title: o.title, width: SIZES.width, height: SIZES.height, layer: layers } };
}
