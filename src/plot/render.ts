/**
 * Rendering of figures. A figure is a Vega-Lite spec (the same spec is embedded interactively in the report page);
 * in Node it is compiled to Vega and rendered headless to SVG (vega View.toSVG), then to PNG with resvg
 * (@resvg/resvg-js, prebuilt binary inside the npm package) and to PDF with PDFKit + svg-to-pdfkit (vector).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as VegaNs from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../util/atomic.js';
import { InvalidSpecification } from '../util/errors.js';
import { PNG_DPI, textWidth, typesetSvg, vegaConfig, type FigureSize } from './style.js';

// The rendering libraries are loaded on first use: importing them costs about a second of CLI start-up
// (measured in docs/benchmarks.md), which commands that write no figure should not pay.
let libs: Promise<{ vega: typeof import('vega'); compile: typeof import('vega-lite').compile; Resvg: typeof import('@resvg/resvg-js').Resvg; PDFDocument: typeof import('pdfkit'); SVGtoPDF: typeof import('svg-to-pdfkit').default }> | null = null;
function load() {
  libs ??= (async () => {
    const [vega, vl, resvg, pdfkit, s2p] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js'), import('pdfkit'), import('svg-to-pdfkit')]);
    // Headless text measurement in the house font (and typeset markup) instead of Vega's 0.8 em per character.
    const tm = (vega as unknown as { textMetrics: unknown }).textMetrics as { width: (item: { fontSize?: number }, text: unknown) => number };
    tm.width = (item, text) => textWidth(text === null || text === undefined ? '' : String(text), item.fontSize ?? 11);
    return { vega, compile: vl.compile, Resvg: resvg.Resvg, PDFDocument: pdfkit.default, SVGtoPDF: s2p.default };
  })();
  return libs;
}

/** A figure: a Vega-Lite spec without the shared config (added at compile time). */
export interface Figure {
  readonly spec: Record<string, unknown>;
  /** Journal size of the figure (./style.ts SIZE_SPECS); the default size when absent. */
  readonly size?: FigureSize;
}

/**
 * Minor ticks of log axes: builders put `usermeta: { minorTicks: { bottom: [...], left: [...] } }` on the spec;
 * after compiling, every group with an axis of that orient gets a second axis on the same scale with short,
 * unlabelled ticks at those values (Vega-Lite has no minor ticks of its own).
 */
function addMinorTicks(node: unknown, minor: Readonly<Record<string, readonly number[]>>): void {
  if (Array.isArray(node)) {
    for (const n of node) addMinorTicks(n, minor);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (Array.isArray(o.axes)) {
    const axes = o.axes as Array<Record<string, unknown>>;
    const extra: Array<Record<string, unknown>> = [];
    const seen = new Set<string>();
    for (const a of axes) {
      const values = minor[String(a.orient)];
      const key = `${String(a.scale)}|${String(a.orient)}`;
      if (!values?.length || a.grid === true || seen.has(key)) continue;
      seen.add(key);
      extra.push({ scale: a.scale, orient: a.orient, values: [...values], labels: false, domain: false, grid: false, ticks: true, tickSize: 2.5, tickWidth: 0.6, tickColor: '#000000', aria: false, zindex: 0 });
    }
    axes.push(...extra);
  }
  if (Array.isArray(o.marks)) addMinorTicks(o.marks, minor);
}

/** Figure formats; `vega` writes the compiled Vega spec as `<name>.vg.json` (what the report page embeds). */
export const FORMATS = ['svg', 'png', 'pdf', 'vega'] as const;
export type Format = (typeof FORMATS)[number];

/** Parse `--format svg,png,pdf` (default svg); unknown or empty entries are errors naming the option. */
export function parseFormats(s: string | undefined): Format[] {
  if (s === undefined) return ['svg'];
  const parts = s.split(',').map((p) => p.trim().toLowerCase());
  const out: Format[] = [];
  for (const p of parts) {
    if (!(FORMATS as readonly string[]).includes(p)) throw new InvalidSpecification(`expected a comma-separated list of ${FORMATS.join(', ')}, got "${s}"`, '--format');
    if (!out.includes(p as Format)) out.push(p as Format);
  }
  return out;
}

/** The Vega spec (with the house config) of a figure. */
export async function toVega(fig: Figure): Promise<VegaNs.Spec> {
  const { compile } = await load();
  const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...fig.spec, config: vegaConfig(fig.size) } as unknown as TopLevelSpec;
  const vg = compile(spec).spec as VegaNs.Spec;
  const meta = (fig.spec.usermeta as { minorTicks?: Record<string, number[]> } | undefined)?.minorTicks;
  if (meta) addMinorTicks(vg, meta);
  // Several legends below the frame stack vertically at its left edge instead of running off to the right.
  const cfg = ((vg as Record<string, unknown>).config ??= {}) as Record<string, Record<string, unknown>>;
  // Legends in one corner stack vertically too.
  const corner = { direction: 'vertical', margin: 0 };
  cfg.legend = { ...(cfg.legend ?? {}), layout: { bottom: { anchor: 'start', direction: 'vertical', margin: 2 }, 'top-right': corner, 'top-left': corner, 'bottom-right': corner, 'bottom-left': corner } };
  return vg;
}

/** Render a figure to an SVG string headless (no DOM, no canvas), with sub/superscripts typeset (style.ts). */
export async function renderSvg(fig: Figure): Promise<string> {
  const { vega } = await load();
  const view = new vega.View(vega.parse(await toVega(fig)), { renderer: 'none' });
  try {
    return typesetSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Rasterise an SVG string (in points) to PNG at `scale` × its size, default 300 dpi (system fonts; DejaVu Sans preferred). */
export async function svgToPng(svg: string, scale = PNG_DPI / 72): Promise<Uint8Array> {
  const { Resvg } = await load();
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' });
  return r.render().asPng();
}

const TTF_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];

/** Convert an SVG string to a one-page vector PDF of the same size (1 px = 1 pt). */
export async function svgToPdf(svg: string): Promise<Uint8Array> {
  const { PDFDocument, SVGtoPDF } = await load();
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('svgToPdf: the SVG has no width/height attributes');
  const w = Number(m[1]);
  const h = Number(m[2]);
  // Fixed dates keep the PDF bytes deterministic.
  const doc = new PDFDocument({ size: [w, h], margin: 0, autoFirstPage: true, info: { Producer: 'cevnsfit', Creator: 'cevnsfit', CreationDate: new Date(0), ModDate: new Date(0) } });
  // A Unicode TrueType font is needed for ν, ε, ′, ² …; the PDF standard fonts only cover Latin-1.
  const ttf = TTF_CANDIDATES.find((p) => existsSync(p));
  if (ttf) doc.registerFont('body', ttf);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  // A dash pattern with a zero length (Vega's "solid" dash [1, 0]) is solid; PDFKit refuses zero lengths.
  const clean = svg.replace(/\sstroke-dasharray="([^"]*)"/g, (m, d: string) => (d.split(/[\s,]+/).some((v) => Number(v) === 0) ? '' : m));
  SVGtoPDF(doc, clean, 0, 0, { width: w, height: h, assumePt: true, fontCallback: () => (ttf ? 'body' : 'Helvetica') });
  doc.end();
  return done;
}

/** Write each figure as `DIR/<name>.<format>` for every requested format (atomic writes). Returns the paths. */
export async function writeFigures(dir: string, figures: Readonly<Record<string, Figure>>, formats: readonly Format[] = ['svg']): Promise<string[]> {
  const written: string[] = [];
  for (const [name, fig] of Object.entries(figures)) {
    const needSvg = formats.some((f) => f !== 'vega');
    const svg = needSvg ? await renderSvg(fig) : '';
    for (const f of formats) {
      const path = join(dir, f === 'vega' ? `${name}.vg.json` : `${name}.${f}`);
      if (f === 'vega') writeFileAtomic(path, JSON.stringify(await toVega(fig)) + '\n');
      else if (f === 'svg') writeFileAtomic(path, svg);
      else if (f === 'png') writeFileAtomic(path, await svgToPng(svg));
      else writeFileAtomic(path, await svgToPdf(svg));
      written.push(path);
    }
  }
  return written;
}
