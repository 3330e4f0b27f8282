/**
 * A small, dependency-free SVG plotting layer for result figures: stacked histograms with data points,
 * exclusion curves with expected bands on log axes, and allowed regions on a 2-D grid.
 * Sized for slides (default 800×560 px, 18 px labels). Every axis takes a label that should carry its unit.
 */

export type Scale = 'linear' | 'log';

export interface AxisSpec {
  label: string;
  scale?: Scale;
  min?: number;
  max?: number;
}

export interface FigureOptions {
  title?: string;
  x: AxisSpec;
  y: AxisSpec;
  width?: number;
  height?: number;
}

const PALETTE = ['#4c72b0', '#dd8452', '#55a868', '#c44e52', '#8172b3', '#937860', '#da8bc3', '#8c8c8c', '#ccb974', '#64b5cd'];

/** Colour i of the default palette (cycled). */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-9 ? `1e${e}` : `${+m.toPrecision(3)}e${e}`;
  }
  return String(+v.toPrecision(4));
}

function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  const m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return m * p;
}

interface Mapper {
  (v: number): number;
  ticks: number[];
  lo: number;
  hi: number;
}

function makeMapper(scale: Scale, lo: number, hi: number, pixLo: number, pixHi: number): Mapper {
  if (!(hi > lo)) hi = lo + (lo === 0 ? 1 : Math.abs(lo));
  let f: Mapper;
  if (scale === 'log') {
    if (!(lo > 0)) throw new Error(`log axis needs positive limits, got [${lo}, ${hi}]`);
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    f = ((v: number) => pixLo + ((Math.log10(Math.max(v, 1e-300)) - a) / (b - a)) * (pixHi - pixLo)) as Mapper;
    const ticks: number[] = [];
    const step = Math.max(1, Math.ceil((Math.floor(b) - Math.ceil(a) + 1) / 8));
    for (let e = Math.ceil(a - 1e-9); e <= b + 1e-9; e += step) ticks.push(10 ** e);
    f.ticks = ticks;
  } else {
    f = ((v: number) => pixLo + ((v - lo) / (hi - lo)) * (pixHi - pixLo)) as Mapper;
    const st = niceStep(hi - lo, 6);
    const ticks: number[] = [];
    for (let v = Math.ceil(lo / st - 1e-9) * st; v <= hi + st * 1e-9; v += st) ticks.push(Math.abs(v) < st * 1e-9 ? 0 : v);
    f.ticks = ticks;
  }
  f.lo = lo;
  f.hi = hi;
  return f;
}

/** One thing drawn on a figure. */
export type Layer =
  /** Stacked step histograms on common edges; samples drawn bottom-up in the given order. */
  | { kind: 'stack'; edges: ArrayLike<number>; samples: Array<{ name: string; values: ArrayLike<number>; color?: string }> }
  /** Data points at bin centres with symmetric error bars (default √n). */
  | { kind: 'points'; name: string; edges: ArrayLike<number>; values: ArrayLike<number>; errors?: ArrayLike<number>; color?: string }
  /** A step line on edges (e.g. a fitted total). */
  | { kind: 'step'; name: string; edges: ArrayLike<number>; values: ArrayLike<number>; color?: string; dash?: boolean }
  /** A polyline (x, y) (e.g. a limit curve). Points with non-finite y are gaps. */
  | { kind: 'line'; name: string; x: ArrayLike<number>; y: ArrayLike<number>; color?: string; dash?: boolean; width?: number }
  /** A filled band between lo and hi along x (e.g. an expected ±1σ band). */
  | { kind: 'band'; name: string; x: ArrayLike<number>; lo: ArrayLike<number>; hi: ArrayLike<number>; color: string; opacity?: number }
  /** Cells of a 2-D grid filled where `inside[i][j]` (x index i, y index j) holds — an allowed region. */
  | { kind: 'region'; name: string; xEdges: ArrayLike<number>; yEdges: ArrayLike<number>; inside: (i: number, j: number) => boolean; color: string; opacity?: number }
  /** A marker (e.g. the best-fit point). */
  | { kind: 'marker'; name: string; x: number; y: number; color?: string };

function layerExtent(l: Layer): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  const push = (arr: number[], v: ArrayLike<number>) => {
    for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) arr.push(v[i]!);
  };
  switch (l.kind) {
    case 'stack': {
      push(x, l.edges);
      const n = l.edges.length - 1;
      const tot = new Float64Array(n);
      for (const s of l.samples) for (let i = 0; i < n; i++) tot[i]! += s.values[i]!;
      push(y, tot);
      y.push(0);
      break;
    }
    case 'points': {
      push(x, l.edges);
      const n = l.values.length;
      for (let i = 0; i < n; i++) {
        const e = l.errors ? l.errors[i]! : Math.sqrt(Math.max(0, l.values[i]!));
        y.push(l.values[i]! + e, l.values[i]! - e);
      }
      break;
    }
    case 'step':
      push(x, l.edges);
      push(y, l.values);
      break;
    case 'line':
      push(x, l.x);
      push(y, l.y);
      break;
    case 'band':
      push(x, l.x);
      push(y, l.lo);
      push(y, l.hi);
      break;
    case 'region':
      push(x, l.xEdges);
      push(y, l.yEdges);
      break;
    case 'marker':
      x.push(l.x);
      y.push(l.y);
      break;
    default: {
      const never: never = l;
      throw new Error(`unknown layer ${(never as { kind: string }).kind}`);
    }
  }
  return { x, y };
}

function axisRange(spec: AxisSpec, vals: number[], padTop: boolean): [number, number] {
  const scale = spec.scale ?? 'linear';
  const usable = scale === 'log' ? vals.filter((v) => v > 0) : vals;
  let lo = spec.min ?? (usable.length ? Math.min(...usable) : scale === 'log' ? 1 : 0);
  let hi = spec.max ?? (usable.length ? Math.max(...usable) : scale === 'log' ? 10 : 1);
  if (padTop && spec.max === undefined) hi = scale === 'log' ? hi * 3 : hi + 0.08 * (hi - lo);
  if (scale === 'log' && spec.min === undefined && padTop) lo = lo / 2;
  if (!(hi > lo)) hi = lo + 1;
  return [lo, hi];
}

/** Render layers into a complete SVG document. */
export function renderFigure(opts: FigureOptions, layers: Layer[]): string {
  const W = opts.width ?? 800;
  const H = opts.height ?? 560;
  const m = { l: 95, r: 30, t: opts.title ? 50 : 25, b: 75 };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const l of layers) {
    const e = layerExtent(l);
    xs.push(...e.x);
    ys.push(...e.y);
  }
  const [x0, x1] = axisRange(opts.x, xs, false);
  const [y0, y1] = axisRange(opts.y, ys, true);
  const X = makeMapper(opts.x.scale ?? 'linear', x0, x1, m.l, W - m.r);
  const Y = makeMapper(opts.y.scale ?? 'linear', y0, y1, H - m.b, m.t);
  const clampY = (v: number) => Math.min(H - m.b, Math.max(m.t, Y(v)));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`);
  out.push(`<defs><clipPath id="plotarea"><rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}"/></clipPath></defs>`);
  if (opts.title) out.push(`<text x="${W / 2}" y="30" text-anchor="middle" font-size="20">${esc(opts.title)}</text>`);
  const legend: Array<{ name: string; color: string; style: 'fill' | 'line' | 'point' | 'dash' }> = [];
  out.push('<g clip-path="url(#plotarea)">');
  for (const l of layers) {
    switch (l.kind) {
      case 'stack': {
        const n = l.edges.length - 1;
        const base = new Float64Array(n);
        l.samples.forEach((s, k) => {
          const color = s.color ?? paletteColor(k);
          let d = '';
          for (let i = 0; i < n; i++) {
            const top = base[i]! + s.values[i]!;
            const xa = X(l.edges[i]!);
            const xb = X(l.edges[i + 1]!);
            d += `M${xa.toFixed(2)},${clampY(base[i]!).toFixed(2)}L${xa.toFixed(2)},${clampY(top).toFixed(2)}L${xb.toFixed(2)},${clampY(top).toFixed(2)}L${xb.toFixed(2)},${clampY(base[i]!).toFixed(2)}Z`;
            base[i] = top;
          }
          out.push(`<path d="${d}" fill="${color}" fill-opacity="0.85" stroke="${color}" stroke-width="0.5"/>`);
          legend.push({ name: s.name, color, style: 'fill' });
        });
        break;
      }
      case 'points': {
        const color = l.color ?? 'black';
        for (let i = 0; i < l.values.length; i++) {
          const v = l.values[i]!;
          const e = l.errors ? l.errors[i]! : Math.sqrt(Math.max(0, v));
          const xc = X(0.5 * (l.edges[i]! + l.edges[i + 1]!));
          out.push(`<line x1="${xc.toFixed(2)}" x2="${xc.toFixed(2)}" y1="${clampY(v - e).toFixed(2)}" y2="${clampY(v + e).toFixed(2)}" stroke="${color}" stroke-width="1.5"/>`);
          out.push(`<circle cx="${xc.toFixed(2)}" cy="${clampY(v).toFixed(2)}" r="3.5" fill="${color}"/>`);
        }
        legend.push({ name: l.name, color, style: 'point' });
        break;
      }
      case 'step': {
        const color = l.color ?? 'black';
        let d = '';
        for (let i = 0; i < l.values.length; i++) {
          const yv = clampY(l.values[i]!).toFixed(2);
          d += `${i === 0 ? 'M' : 'L'}${X(l.edges[i]!).toFixed(2)},${yv}L${X(l.edges[i + 1]!).toFixed(2)},${yv}`;
        }
        out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${l.dash ? ' stroke-dasharray="6,4"' : ''}/>`);
        legend.push({ name: l.name, color, style: l.dash ? 'dash' : 'line' });
        break;
      }
      case 'line': {
        const color = l.color ?? 'black';
        let d = '';
        let pen = false;
        for (let i = 0; i < l.x.length; i++) {
          const xv = l.x[i]!;
          const yv = l.y[i]!;
          const ok = Number.isFinite(xv) && Number.isFinite(yv) && ((opts.y.scale ?? 'linear') !== 'log' || yv > 0);
          if (!ok) {
            pen = false;
            continue;
          }
          d += `${pen ? 'L' : 'M'}${X(xv).toFixed(2)},${Y(yv).toFixed(2)}`;
          pen = true;
        }
        out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${l.width ?? 2.5}"${l.dash ? ' stroke-dasharray="8,5"' : ''}/>`);
        legend.push({ name: l.name, color, style: l.dash ? 'dash' : 'line' });
        break;
      }
      case 'band': {
        const pts: string[] = [];
        for (let i = 0; i < l.x.length; i++) if (Number.isFinite(l.hi[i]!)) pts.push(`${X(l.x[i]!).toFixed(2)},${Y(l.hi[i]!).toFixed(2)}`);
        for (let i = l.x.length - 1; i >= 0; i--) if (Number.isFinite(l.lo[i]!)) pts.push(`${X(l.x[i]!).toFixed(2)},${Y(l.lo[i]!).toFixed(2)}`);
        out.push(`<polygon points="${pts.join(' ')}" fill="${l.color}" fill-opacity="${l.opacity ?? 0.6}" stroke="none"/>`);
        legend.push({ name: l.name, color: l.color, style: 'fill' });
        break;
      }
      case 'region': {
        const nx = l.xEdges.length - 1;
        const ny = l.yEdges.length - 1;
        let d = '';
        for (let i = 0; i < nx; i++)
          for (let j = 0; j < ny; j++)
            if (l.inside(i, j)) {
              const xa = X(l.xEdges[i]!);
              const xb = X(l.xEdges[i + 1]!);
              const ya = Y(l.yEdges[j]!);
              const yb = Y(l.yEdges[j + 1]!);
              d += `M${xa.toFixed(2)},${ya.toFixed(2)}H${xb.toFixed(2)}V${yb.toFixed(2)}H${xa.toFixed(2)}Z`;
            }
        out.push(`<path d="${d}" fill="${l.color}" fill-opacity="${l.opacity ?? 0.5}" stroke="none"/>`);
        legend.push({ name: l.name, color: l.color, style: 'fill' });
        break;
      }
      case 'marker': {
        const color = l.color ?? 'black';
        const cx = X(l.x);
        const cy = Y(l.y);
        out.push(`<path d="M${cx - 7},${cy}L${cx + 7},${cy}M${cx},${cy - 7}L${cx},${cy + 7}" stroke="${color}" stroke-width="3"/>`);
        legend.push({ name: l.name, color, style: 'point' });
        break;
      }
    }
  }
  out.push('</g>');
  // Frame, ticks, labels.
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="black" stroke-width="1.2"/>`);
  for (const t of X.ticks) {
    const px = X(t);
    if (px < m.l - 0.5 || px > W - m.r + 0.5) continue;
    out.push(`<line x1="${px.toFixed(2)}" x2="${px.toFixed(2)}" y1="${H - m.b}" y2="${H - m.b - 8}" stroke="black"/>`);
    out.push(`<text x="${px.toFixed(2)}" y="${H - m.b + 24}" text-anchor="middle" font-size="16">${esc(fmtTick(t))}</text>`);
  }
  for (const t of Y.ticks) {
    const py = Y(t);
    if (py < m.t - 0.5 || py > H - m.b + 0.5) continue;
    out.push(`<line x1="${m.l}" x2="${m.l + 8}" y1="${py.toFixed(2)}" y2="${py.toFixed(2)}" stroke="black"/>`);
    out.push(`<text x="${m.l - 8}" y="${(py + 5).toFixed(2)}" text-anchor="end" font-size="16">${esc(fmtTick(t))}</text>`);
  }
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 22}" text-anchor="middle" font-size="18">${esc(opts.x.label)}</text>`);
  out.push(`<text transform="translate(24,${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle" font-size="18">${esc(opts.y.label)}</text>`);
  // Legend (top right, inside the frame).
  const seen = new Set<string>();
  let ly = m.t + 14;
  // Legend box width from the longest label (≈ 0.55 em per character at 15 px).
  const longest = Math.max(0, ...legend.map((e) => e.name.length));
  const lx = Math.max(m.l + 10, W - m.r - 45 - Math.ceil(longest * 8.3));
  for (const e of legend) {
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    if (e.style === 'fill') out.push(`<rect x="${lx}" y="${ly - 10}" width="22" height="13" fill="${e.color}" fill-opacity="0.85"/>`);
    else if (e.style === 'point') out.push(`<circle cx="${lx + 11}" cy="${ly - 4}" r="4" fill="${e.color}"/>`);
    else out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${e.color}" stroke-width="2.5"${e.style === 'dash' ? ' stroke-dasharray="6,4"' : ''}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 1}" font-size="15">${esc(e.name)}</text>`);
    ly += 20;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
