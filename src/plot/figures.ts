/**
 * Generic figure builders on Vega-Lite (no physics here): binned spectra with a stack of components, data
 * points with √n errors and a pull panel underneath; step overlays of several predictions; curves on log axes
 * with bands; contour lines. Every builder returns a `Figure` in the house style of ./style.ts.
 */
import type { Figure } from './render.js';
import { DASH, DATA_COLOR, DEFAULT_FIGURE_SIZE, SIZE_SPECS, logLabelExpr, logMinorTicks, logTicks, textWidth, type FigureSize } from './style.js';

export interface AxisOpt {
  readonly title: string;
  readonly scale?: 'linear' | 'log';
  readonly domain?: readonly [number, number];
}

type Row = Record<string, number | string | null>;

/** Vega-Lite axis block: explicit decade ticks labelled 10ⁿ on log axes (minor ticks: see xyFigure). */
export function axisBlock(a: AxisOpt): Record<string, unknown> {
  if (a.scale === 'log' && a.domain) return { title: a.title, values: logTicks(a.domain[0], a.domain[1]), labelExpr: logLabelExpr(a.domain[0], a.domain[1]) };
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
  readonly title?: string;
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
  readonly size?: FigureSize;
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
 * Binned spectrum with data and a pull panel under it. The legend (stack components as filled squares, predictions
 * as lines with their dash, data as a point) sits inside the frame, top right, in headroom above the data.
 */
export function spectrumFigure(edges: ArrayLike<number>, o: SpectrumOptions): Figure {
  const size = o.size ?? DEFAULT_FIGURE_SIZE;
  const z = SIZE_SPECS[size];
  const nb = edges.length - 1;
  const domain: [number, number] = o.x.domain ? [o.x.domain[0], o.x.domain[1]] : [edges[0]!, edges[nb]!];
  const fills = legendEntries();
  const lineEntries = legendEntries();
  const rects: Row[] = [];
  const total = new Float64Array(nb);
  for (const s of o.stack ?? []) {
    fills.add(s.name, s.color);
    for (let i = 0; i < nb; i++) {
      const v = s.values[i]!;
      rects.push({ name: s.name, x0: edges[i]!, x1: edges[i + 1]!, y0: total[i]!, y1: total[i]! + v, events: v });
      total[i]! += v;
    }
  }
  const lines: Row[] = [];
  for (const p of o.predictions ?? []) {
    lineEntries.add(p.name, p.color);
    lines.push(...stepRows(p.name, edges, p.values));
  }
  const data = o.observed ? dataRows(edges, o.observed) : [];
  // Headroom for the legend: the frame reaches 1.25 + 0.12 per legend row above the highest bar or error bar.
  let top = 0;
  for (let i = 0; i < nb; i++) top = Math.max(top, total[i]!);
  for (const p of o.predictions ?? []) for (let i = 0; i < nb; i++) top = Math.max(top, p.values[i]!);
  for (const d of data) top = Math.max(top, Number(d.hi));
  const nLegend = fills.names.length + lineEntries.names.length + (data.length ? 1 : 0);
  const yMax = top > 0 ? top * (1.2 + 0.1 * nLegend) : 1;
  const dashed = new Set((o.predictions ?? []).filter((p) => p.dash).map((p) => p.name));
  const legendIn = { orient: 'top-right', fillColor: 'rgba(255,255,255,0.85)', offset: 3 };
  const fillEnc = { field: 'name', type: 'nominal', title: null, scale: { domain: fills.names.length ? fills.names : ['-'], range: fills.names.length ? fills.colors : ['#000'] }, legend: fills.names.length ? { ...legendIn, symbolType: 'square', symbolStrokeWidth: 0, values: [...fills.names].reverse() } : null };
  const strokeEnc = { field: 'name', type: 'nominal', title: null, scale: { domain: lineEntries.names.length ? lineEntries.names : ['-'], range: lineEntries.names.length ? lineEntries.colors : ['#000'] }, legend: lineEntries.names.length ? { ...legendIn, symbolType: 'stroke', symbolStrokeWidth: z.lineWidth * 1.2, symbolSize: size === 'single' ? 240 : 400 } : null };
  const strokeDash = { field: 'name', type: 'nominal', title: null, scale: { domain: lineEntries.names.length ? lineEntries.names : ['-'], range: (lineEntries.names.length ? lineEntries.names : ['-']).map((n) => (dashed.has(n) ? [...DASH.dashed] : [...DASH.solid])) }, legend: lineEntries.names.length ? { ...legendIn, symbolType: 'stroke', symbolSize: size === 'single' ? 240 : 400 } : null };
  const x = (field: string, title: string | null = o.x.title) => ({ field, type: 'quantitative', scale: scaleBlock({ ...o.x, domain }), axis: title === null ? { title: null, labels: false } : axisBlock({ ...o.x, domain }) });
  const yTitle = o.yTitle ?? 'events / bin';
  const yScale = { zero: true, domain: [0, yMax], nice: false };
  const yAxis = { format: '~f' };
  const layers: Record<string, unknown>[] = [];
  if (rects.length) {
    layers.push({
      data: { values: rects },
      mark: { type: 'rect', stroke: 'white', strokeWidth: 0.3 },
      encoding: { x: x('x0', null), x2: { field: 'x1' }, y: { field: 'y0', type: 'quantitative', title: yTitle, scale: yScale, axis: yAxis, stack: null }, y2: { field: 'y1' }, fill: fillEnc, tooltip: [{ field: 'name' }, { field: 'x0', title: 'from' }, { field: 'x1', title: 'to' }, { field: 'events', format: '.3~g' }] },
    });
  }
  if (lines.length) {
    layers.push({
      data: { values: lines },
      mark: { type: 'line', interpolate: 'linear', strokeWidth: z.lineWidth },
      encoding: { x: x('x', null), y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale, axis: yAxis }, stroke: strokeEnc, detail: { field: 'seg' }, order: { field: 'order' }, strokeDash },
    });
  }
  if (data.length) {
    layers.push({ data: { values: data }, mark: { type: 'rule', color: DATA_COLOR, strokeWidth: z.lineWidth * 0.7 }, encoding: { x: x('x', null), y: { field: 'lo', type: 'quantitative', title: yTitle, scale: yScale }, y2: { field: 'hi' } } });
    layers.push({
      data: { values: data.map((d) => ({ ...d, label: 'data' })) },
      mark: { type: 'point', filled: true, size: z.pointSize, opacity: 1, clip: false },
      encoding: {
        x: x('x', null),
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale },
        fill: { value: DATA_COLOR },
        shape: { field: 'label', type: 'nominal', title: null, scale: { domain: ['data'], range: ['circle'] }, legend: { ...legendIn, symbolFillColor: DATA_COLOR, symbolStrokeColor: DATA_COLOR, symbolSize: z.pointSize * 1.5 } },
        tooltip: [{ field: 'x0', title: 'from' }, { field: 'x1', title: 'to' }, { field: 'y', title: 'observed' }],
      },
    });
  }
  for (const m of o.markers ?? []) layers.push({ data: { values: [{ x: m }] }, mark: { type: 'rule', strokeDash: [...DASH.dashed], color: '#444444', strokeWidth: z.lineWidth * 0.7 }, encoding: { x: x('x', null) } });
  const resolve = { scale: { fill: 'independent', stroke: 'independent', strokeDash: 'independent', shape: 'independent' }, legend: { fill: 'independent' } };
  const main = { width: z.width, height: z.height, layer: layers, resolve };
  const title = o.title ? { text: o.title } : null;
  const refs = o.pullsAgainst ?? (o.stack?.length ? [{ name: 'fit', values: total, color: DATA_COLOR }] : o.predictions ?? []);
  if (!o.observed || refs.length === 0) return { size, spec: { ...(title ? { title } : {}), ...main, layer: layers.map((l) => withXTitle(l, o.x.title)) } };
  const pulls: Row[] = [];
  refs.forEach((r, k) => {
    for (let i = 0; i < nb; i++) {
      const e = r.values[i]!;
      const n = o.observed![i]!;
      // Small horizontal offsets keep the pulls of several predictions apart.
      const off = refs.length > 1 ? ((k - (refs.length - 1) / 2) * 0.18 * (edges[i + 1]! - edges[i]!)) : 0;
      if (e > 0) pulls.push({ name: refs.length > 1 ? r.name : 'data', x: 0.5 * (edges[i]! + edges[i + 1]!) + off, pull: (n - e) / Math.sqrt(e), col: refs.length > 1 ? r.color : DATA_COLOR });
    }
  });
  // Pull axis at least ±3 (the ±2 lines inside the frame), widened to whole units around the largest pull.
  const pullValues = pulls.map((p) => Number(p.pull)).filter(Number.isFinite);
  const pullDomain = [Math.min(-3, Math.floor(Math.min(0, ...pullValues))), Math.max(3, Math.ceil(Math.max(0, ...pullValues)))];
  const pullScale = { domain: pullDomain, nice: false };
  const pullAxis = { values: [-2, 0, 2], labelOverlap: false };
  const pullPanel = {
    width: z.width,
    height: z.pullHeight,
    layer: [
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#000000', strokeWidth: 0.6 }, encoding: { y: { field: 'y', type: 'quantitative', title: 'pull', scale: pullScale, axis: pullAxis } } },
      { data: { values: [{ y: -2 }, { y: 2 }] }, mark: { type: 'rule', color: '#999999', strokeDash: [...DASH.dashed], strokeWidth: 0.6 }, encoding: { y: { field: 'y', type: 'quantitative', title: 'pull', scale: pullScale, axis: pullAxis } } },
      {
        data: { values: pulls },
        mark: { type: 'point', filled: true, size: z.pointSize, opacity: 1, clip: false },
        encoding: { x: x('x'), y: { field: 'pull', type: 'quantitative', title: 'pull', scale: pullScale, axis: pullAxis }, fill: { field: 'col', type: 'nominal', scale: null, legend: null }, tooltip: [{ field: 'name' }, { field: 'pull', format: '.2f' }] },
      },
    ],
  };
  return { size, spec: { ...(title ? { title } : {}), vconcat: [main, pullPanel], spacing: 6, bounds: 'flush', resolve: { scale: { x: 'shared', fill: 'independent', stroke: 'independent', strokeDash: 'independent', shape: 'independent' } } } };
}

function withXTitle(layer: Record<string, unknown>, title: string): Record<string, unknown> {
  const enc = layer.encoding as Record<string, Record<string, unknown>>;
  if (!enc?.x) return layer;
  return { ...layer, encoding: { ...enc, x: { ...enc.x, axis: { ...(enc.x.axis as object), title, labels: true } } } };
}

export interface XYCurve {
  /** Entry of the colour legend (one per experiment / curve family). */
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number | null>;
  readonly color: string;
  /** Dash pattern (true = dashed). */
  readonly dash?: boolean | DashName;
  readonly width?: number;
  /**
   * Entry of the line-style legend (e.g. "observed", "expected (median)"): curves with a style get a colour legend
   * by `name` and a separate black line-style legend by `style`, so one colour per experiment carries both lines.
   */
  readonly style?: string;
}

export type DashName = keyof typeof DASH;

export interface XYBand {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly lo: ArrayLike<number | null>;
  readonly hi: ArrayLike<number | null>;
  readonly color: string;
  /** Fill opacity (default 1). */
  readonly opacity?: number;
  /** Shown in the fill legend (default true). */
  readonly legend?: boolean;
}

/**
 * A filled region: `polygon` = closed outlines (pieces separated by NaN), filled; `above`/`below` = everything
 * above/below a curve up to the frame (an existing limit's excluded region), with the curve drawn as its edge.
 */
export interface XYRegion {
  readonly name: string;
  readonly kind: 'polygon' | 'above' | 'below';
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number | null>;
  readonly color: string;
  readonly opacity?: number;
  /** Edge line colour (default: the fill colour) and width (0: none). */
  readonly edge?: string;
  readonly edgeWidth?: number;
}

export interface XYPoint {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly color: string;
  readonly shape?: 'circle' | 'cross' | 'diamond' | 'triangle-up' | 'square';
}

export interface XYOptions {
  readonly title?: string;
  readonly x: AxisOpt;
  readonly y: AxisOpt;
  readonly curves?: readonly XYCurve[];
  readonly bands?: readonly XYBand[];
  readonly regions?: readonly XYRegion[];
  readonly points?: readonly XYPoint[];
  /** Vertical lines with a legend entry (e.g. a benchmark mass), dash-dot. */
  readonly vlines?: ReadonlyArray<{ name: string; x: number; color: string }>;
  /** Horizontal lines with a legend entry (e.g. Δ(−2lnL) thresholds). */
  readonly hlines?: ReadonlyArray<{ name: string; y: number; color: string; dash?: boolean }>;
  /** Notes printed under the frame's top edge in small type (e.g. how many grid points failed). */
  readonly notes?: readonly string[];
  /** Legends inside the frame (a corner) or below it (default). */
  readonly legend?: 'below' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
  /** Zoom and pan with the mouse in the report page. */
  readonly interactive?: boolean;
  readonly size?: FigureSize;
}

function dashOf(d: boolean | DashName | undefined): number[] {
  if (d === true) return [...DASH.dashed];
  if (!d) return [...DASH.solid];
  return [...DASH[d]];
}

/** Legend block: inside a corner of the frame, or below it in columns. */
function legendBlock(where: XYOptions['legend'], size: FigureSize, extra: Record<string, unknown> = {}, labels: readonly string[] = []): Record<string, unknown> {
  const z = SIZE_SPECS[size];
  // As many columns as fit under the frame (symbol ≈ 2 em, column gap ≈ 1.5 em).
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, z.fontSize)));
  const columns = Math.max(1, Math.min(z.legendColumns, Math.floor(z.width / (widest + 3.5 * z.fontSize))));
  if (where === undefined || where === 'below') return { orient: 'bottom', direction: 'vertical', columns, ...extra };
  return { orient: where, fillColor: 'rgba(255,255,255,0.85)', ...extra };
}

/** The shared encodings of an xyFigure: positions, colour (stroke), line style (dash) and fill, with their legends. */
interface XYEncodings {
  readonly X: Record<string, unknown>;
  readonly Y: Record<string, unknown>;
  readonly strokeEnc: Record<string, unknown> & { legend: unknown };
  readonly dashEnc: Record<string, unknown>;
  readonly fillEnc: (legend: boolean) => Record<string, unknown>;
  /** Curves carry a line-style (`style`) legend separate from their colours. */
  readonly styled: boolean;
}

/** Legend entries of every curve, line, region and band, and the encodings that show them. */
function xyEncodings(o: XYOptions, size: FigureSize): XYEncodings {
  const z = SIZE_SPECS[size];
  const stroke = legendEntries();
  const dashes = new Map<string, number[]>();
  const fill = legendEntries();
  const fillOpacity = new Map<string, number>();
  const styled = (o.curves ?? []).some((c) => c.style !== undefined);
  for (const c of o.curves ?? []) {
    stroke.add(c.name, c.color);
    dashes.set(styled ? (c.style ?? 'observed') : c.name, dashOf(c.dash));
  }
  for (const l of o.hlines ?? []) {
    stroke.add(l.name, l.color);
    dashes.set(l.name, dashOf(l.dash));
  }
  for (const l of o.vlines ?? []) {
    stroke.add(l.name, l.color);
    dashes.set(l.name, dashOf('dashdot'));
  }
  for (const r of o.regions ?? []) {
    fill.add(r.name, r.color);
    fillOpacity.set(r.name, r.opacity ?? 0.3);
  }
  const fillLegendValues: string[] = [...fill.names];
  for (const b of o.bands ?? []) {
    fill.add(b.name, b.color);
    fillOpacity.set(b.name, b.opacity ?? 1);
    if (b.legend !== false) fillLegendValues.push(b.name);
  }
  const dashDomain = [...dashes.keys()];
  const lineLegendExtra = { symbolType: 'stroke', symbolStrokeWidth: z.lineWidth * 1.2, symbolSize: size === 'single' ? 240 : 400 };
  // A styled curve whose style is its own name (a target line, a benchmark) appears in the line-style legend only.
  const colourOnly = new Set((o.curves ?? []).filter((c) => c.style !== undefined && c.style === c.name).map((c) => c.name));
  const strokeValues = stroke.names.filter((n) => !colourOnly.has(n) || (o.curves ?? []).some((c) => c.name === n && c.style !== n));
  const strokeEnc = {
    field: 'name',
    type: 'nominal',
    title: null,
    scale: { domain: stroke.names, range: stroke.colors },
    legend: strokeValues.length ? legendBlock(o.legend, size, { ...lineLegendExtra, ...(styled ? { symbolDash: [1, 0], values: strokeValues } : {}) }, strokeValues) : null,
  };
  const dashEnc = {
    field: styled ? 'style' : 'name',
    type: 'nominal',
    title: null,
    scale: { domain: dashDomain, range: dashDomain.map((k) => dashes.get(k)!) },
    // With a separate line-style legend the symbols are black; otherwise the legend merges with the colours.
    legend: styled ? legendBlock(o.legend, size, { ...lineLegendExtra, symbolStrokeColor: '#000000' }, dashDomain) : stroke.names.length ? legendBlock(o.legend, size, lineLegendExtra, stroke.names) : null,
  };
  const fillNames = fill.names;
  const fillEnc = (legend: boolean) => ({
    field: 'fillname',
    type: 'nominal',
    title: null,
    scale: { domain: fillNames.length ? fillNames : ['-'], range: fillNames.length ? fill.colors : ['#000'] },
    legend:
      legend && fillLegendValues.length
        ? legendBlock(o.legend, size, { values: fillLegendValues, symbolType: 'square', symbolOpacity: Math.max(...fillLegendValues.map((n) => fillOpacity.get(n)!)), symbolStrokeWidth: 0 }, fillLegendValues)
        : null,
  });
  const X = { field: 'x', type: 'quantitative', scale: scaleBlock(o.x), axis: axisBlock(o.x) };
  const Y = { field: 'y', type: 'quantitative', scale: scaleBlock(o.y), axis: axisBlock(o.y) };
  return { X, Y, strokeEnc, dashEnc, fillEnc, styled };
}

/** Region layers (the first carries the fill legend): polygons filled, above/below areas up to the frame with an edge. */
function regionLayers(o: XYOptions, e: XYEncodings, lineWidth: number): Record<string, unknown>[] {
  const { X, Y, fillEnc } = e;
  const layers: Record<string, unknown>[] = [];
  (o.regions ?? []).forEach((r, k) => {
    const legend = k === 0;
    if (r.kind === 'polygon') {
      const rows = curveRows(r.name, r.x, r.y, { fillname: r.name });
      layers.push({
        data: { values: rows },
        mark: { type: 'line', interpolate: 'linear', fillOpacity: r.opacity ?? 0.3, strokeWidth: r.edgeWidth ?? lineWidth, clip: true, ...(r.edge ? { stroke: r.edge } : {}) },
        encoding: { x: X, y: { ...Y, stack: null }, fill: fillEnc(legend), ...(r.edge ? {} : { stroke: { ...fillEnc(false), legend: null } }), detail: { field: 'seg' }, order: { field: 'order' } },
      });
    } else {
      const dom = o.y.domain;
      const edge = r.kind === 'above' ? (dom ? dom[1] : null) : dom ? dom[0] : null;
      if (edge === null) throw new Error(`xyFigure: region "${r.name}" (${r.kind}) needs a y domain`);
      const rows = curveRows(r.name, r.x, r.y, { fillname: r.name, edge });
      layers.push({
        data: { values: rows },
        mark: { type: 'area', fillOpacity: r.opacity ?? 0.3, clip: true },
        encoding: { x: X, y: { ...Y, stack: null }, y2: { field: 'edge' }, fill: fillEnc(legend), detail: { field: 'seg' } },
      });
      if ((r.edgeWidth ?? 0.8) > 0) {
        layers.push({
          data: { values: rows },
          mark: { type: 'line', strokeWidth: r.edgeWidth ?? 0.8, clip: true, stroke: r.edge ?? r.color },
          encoding: { x: X, y: { ...Y, stack: null }, detail: { field: 'seg' }, order: { field: 'order' } },
        });
      }
    }
  });
  return layers;
}

/** One area layer of all bands (segments broken at missing or non-finite bounds), or none. */
function bandLayer(o: XYOptions, e: XYEncodings, legend: boolean): Record<string, unknown> | null {
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
      bandRows.push({ name: b.name, fillname: b.name, x: b.x[i]!, lo, hi, seg: `${b.name}#${seg}`, order: i, op: b.opacity ?? 1, col: b.color });
    }
  }
  if (!bandRows.length) return null;
  return {
    data: { values: bandRows },
    mark: { type: 'area', clip: true },
    encoding: {
      x: e.X,
      y: { ...e.Y, field: 'lo', stack: null },
      y2: { field: 'hi' },
      fill: e.fillEnc(legend),
      fillOpacity: { field: 'op', type: 'quantitative', scale: null, legend: null },
      detail: { field: 'seg' },
    },
  };
}

/** Curve layers, one per line width (Vega-Lite takes a line's width from the mark, not from a field); the first zooms when interactive. */
function curveLayers(o: XYOptions, e: XYEncodings, lineWidth: number): { layers: Record<string, unknown>[]; nRows: number } {
  const { X, Y, strokeEnc, dashEnc, styled } = e;
  const curveData: Row[] = [];
  // Segment ids carry the curve's index: the observed and expected curves of one experiment share a name.
  (o.curves ?? []).forEach((c, k) => curveData.push(...curveRows(c.name, c.x, c.y, { style: styled ? (c.style ?? 'observed') : c.name, w: c.width ?? lineWidth }).map((r) => ({ ...r, seg: `${k}:${String(r.seg)}` }))));
  const widths = [...new Set(curveData.map((r) => Number(r.w)))];
  const layers = widths.map((w, i) => ({
    data: { values: curveData.filter((r) => r.w === w) },
    mark: { type: 'line', interpolate: 'linear', clip: true, strokeWidth: w },
    encoding: {
      x: X,
      y: { ...Y, stack: null },
      stroke: strokeEnc,
      detail: { field: 'seg' },
      order: { field: 'order' },
      strokeDash: dashEnc,
      tooltip: [{ field: 'name' }, { field: 'x', format: '.4~g' }, { field: 'y', format: '.3~e' }],
    },
    ...(o.interactive && i === 0 ? { params: [{ name: 'zoom', select: 'interval', bind: 'scales' }] } : {}),
  }));
  return { layers, nRows: curveData.length };
}

/** The markers' layer: on top, never clipped by the frame (a best fit on the grid edge stays whole), with its own legend. */
function pointLayer(points: readonly XYPoint[], e: XYEncodings, legendWhere: XYOptions['legend'], size: FigureSize): Record<string, unknown> {
  const z = SIZE_SPECS[size];
  const shapes = [...new Set(points.map((p) => p.name))];
  return {
    data: { values: points.map((p) => ({ pname: p.name, x: p.x, y: p.y, col: p.color })) },
    mark: { type: 'point', filled: true, size: z.pointSize * 2.2, opacity: 1, clip: false, stroke: 'white', strokeWidth: 0.6 },
    encoding: {
      x: e.X,
      y: e.Y,
      fill: { field: 'col', type: 'nominal', scale: null, legend: null },
      // Its own field: a legend keyed like the curves' would merge with theirs.
      shape: { field: 'pname', type: 'nominal', title: null, scale: { domain: shapes, range: shapes.map((n) => points.find((p) => p.name === n)!.shape ?? 'circle') }, legend: legendBlock(legendWhere, size, { symbolFillColor: points[0]!.color, symbolStrokeColor: 'white', symbolSize: z.pointSize * 2.2 }, shapes) },
      tooltip: [{ field: 'pname' }, { field: 'x', format: '.4~g' }, { field: 'y', format: '.3~e' }],
    },
  };
}

/**
 * Curves, bands, regions and markers on linear or log axes in the house style: one colour per curve family with
 * a separate line-style legend, filled regions with their own legend, markers on top and never clipped, legends
 * inside the frame or below it, decade ticks 10ⁿ with minor ticks on log axes.
 */
export function xyFigure(o: XYOptions): Figure {
  const size = o.size ?? DEFAULT_FIGURE_SIZE;
  const z = SIZE_SPECS[size];
  const hlines = o.hlines ?? [];
  const vlines = o.vlines ?? [];
  const e = xyEncodings(o, size);
  // Regions first (lowest), then bands, curves, lines, markers; the first fill layer carries the fill legend.
  const layers: Record<string, unknown>[] = regionLayers(o, e, z.lineWidth);
  const bands = bandLayer(o, e, layers.length === 0);
  if (bands) layers.push(bands);
  const curves = curveLayers(o, e, z.lineWidth);
  layers.push(...curves.layers);
  const lineEnc = { stroke: { ...e.strokeEnc, legend: curves.nRows ? null : e.strokeEnc.legend }, strokeDash: { ...e.dashEnc, field: 'name', legend: null } };
  if (e.styled && (hlines.length || vlines.length)) throw new Error('xyFigure: reference lines are not supported together with styled curves');
  for (const l of hlines) layers.push({ data: { values: [{ name: l.name, y: l.y }] }, mark: { type: 'rule', strokeWidth: z.lineWidth * 0.8 }, encoding: { y: e.Y, ...lineEnc } });
  for (const l of vlines) layers.push({ data: { values: [{ name: l.name, x: l.x }] }, mark: { type: 'rule', strokeWidth: z.lineWidth * 0.8 }, encoding: { x: e.X, ...lineEnc } });
  if (o.points?.length) layers.push(pointLayer(o.points, e, o.legend, size));
  const minorTicks: Record<string, number[]> = {};
  if (o.x.scale === 'log' && o.x.domain) minorTicks.bottom = logMinorTicks(o.x.domain[0], o.x.domain[1]);
  if (o.y.scale === 'log' && o.y.domain) minorTicks.left = logMinorTicks(o.y.domain[0], o.y.domain[1]);
  const title = titleBlock(o.title, o.notes, size);
  return {
    size,
    spec: {
      ...(title ? { title } : {}),
      width: z.width,
      height: z.height,
      layer: layers,
      resolve: { scale: { fill: 'shared', stroke: 'shared', strokeDash: 'shared' } },
      usermeta: { minorTicks },
    },
  };
}

/** Figure title with notes as a subtitle (small, dark red, italic); without a title the notes are the title. */
export function titleBlock(title: string | undefined, notes: readonly string[] | undefined, size: FigureSize): Record<string, unknown> | null {
  const z = SIZE_SPECS[size];
  const noteStyle = { fontSize: z.fontSize * 0.9, color: '#8a1f1a', fontStyle: 'italic' };
  if (title) return { text: title, ...(notes?.length ? { subtitle: [...notes], subtitleFontSize: noteStyle.fontSize, subtitleColor: noteStyle.color, subtitleFontStyle: noteStyle.fontStyle } : {}) };
  if (notes?.length) return { text: notes.length === 1 ? notes[0] : [...notes], ...noteStyle };
  return null;
}
