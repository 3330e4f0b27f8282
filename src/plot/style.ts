/**
 * House style of every cevnsfit figure, in one place: one colour per physics component, fonts and sizes,
 * decade ticks for log axes, and the Vega-Lite config block shared by all specs.
 */

/** The physics components that have a fixed colour in every plot. */
export type Component = 'cevns' | 'delayed_nu' | 'prompt_nu' | 'brn' | 'nin' | 'ss' | 'dm' | 'nsi' | 'excess';

/** One colour per component (colour-blind-safe Okabe–Ito based palette). */
export const COMPONENT_COLORS: Readonly<Record<Component, string>> = {
  cevns: '#0072B2', // blue
  delayed_nu: '#56B4E9', // sky blue
  prompt_nu: '#009E73', // green
  brn: '#E69F00', // orange
  nin: '#CC79A7', // purple-pink
  ss: '#999999', // grey
  dm: '#D55E00', // vermillion
  nsi: '#7B3294', // violet
  excess: '#F0E442', // yellow
};

/** Human label of each component for legends. */
export const COMPONENT_LABELS: Readonly<Record<Component, string>> = {
  cevns: 'CEvNS',
  delayed_nu: 'delayed ν (CEvNS)',
  prompt_nu: 'prompt ν (CEvNS)',
  brn: 'BRN',
  nin: 'NIN',
  ss: 'steady state',
  dm: 'DM',
  nsi: 'NSI',
  excess: 'excess',
};

/** Colour of the observed data (points and error bars). */
export const DATA_COLOR = '#000000';

/** Colours of hypotheses overlaid on data (SM, SM+DM, SM+NSI). */
export const HYPOTHESIS_COLORS: Readonly<Record<'sm' | 'dm' | 'nsi', string>> = { sm: COMPONENT_COLORS.cevns, dm: COMPONENT_COLORS.dm, nsi: COMPONENT_COLORS.nsi };

/** Colours of analysis curves on a limit plot (distinct from the component colours' meaning). */
const CURVE_PALETTE = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
/** Colours of existing (published) limits, drawn thinner: hues apart from CURVE_PALETTE's (brown, grey, olive, cyan, purple …). */
const OVERLAY_PALETTE = ['#8c564b', '#7f7f7f', '#bcbd22', '#17becf', '#9467bd', '#c49c94', '#393b79'];

export function curveColor(i: number): string {
  return CURVE_PALETTE[i % CURVE_PALETTE.length]!;
}
export function overlayColor(i: number): string {
  return OVERLAY_PALETTE[i % OVERLAY_PALETTE.length]!;
}

/**
 * Map a model sample name to its component: exact names used by the experiments (`cevns`, `prompt_nu`,
 * `delayed_nu`, `brn`, `nin`, `ss`, `dm`, …) and a few common spellings. Unknown names get null.
 */
export function componentOf(sample: string): Component | null {
  const s = sample.toLowerCase();
  if (s === 'ss' || s.startsWith('ss_') || s.includes('steady')) return 'ss';
  if (s.startsWith('brn')) return 'brn';
  if (s.startsWith('nin')) return 'nin';
  if (s.startsWith('prompt')) return 'prompt_nu';
  if (s.startsWith('delayed')) return 'delayed_nu';
  if (s === 'dm' || s.startsWith('dm_') || s.includes('dark')) return 'dm';
  if (s.startsWith('nsi')) return 'nsi';
  if (s === 'excess') return 'excess';
  if (s.includes('cevns') || s === 'nu' || s.startsWith('nu_')) return 'cevns';
  return null;
}

const FALLBACK = ['#444444', '#8c564b', '#bcbd22', '#17becf', '#aec7e8'];

/** Colour of a sample: its component colour, else a neutral fallback cycled by index. */
export function sampleColor(sample: string, index: number): string {
  const c = componentOf(sample);
  return c ? COMPONENT_COLORS[c] : FALLBACK[index % FALLBACK.length]!;
}

/** Legend label of a sample (an unknown sample name with its underscores as spaces: never an internal id). */
export function sampleLabel(sample: string): string {
  const c = componentOf(sample);
  return c ? COMPONENT_LABELS[c] : sample.replace(/_/g, ' ');
}

/** Figure sizes: `single` = one journal column (3.4 in wide), `double` = the full page width (7.0 in). */
export const FIGURE_SIZES = ['single', 'double'] as const;
export type FigureSize = (typeof FIGURE_SIZES)[number];

/**
 * Geometry and type of each size, in points (1 px of the SVG = 1 pt of the PDF; 72 pt = 1 in). `width` and
 * `height` are the data frame; axis labels and titles come on top, so that the whole figure is `totalWidth` wide.
 */
export interface SizeSpec {
  readonly totalWidth: number;
  readonly width: number;
  readonly height: number;
  readonly pullHeight: number;
  readonly fontSize: number;
  readonly titleFontSize: number;
  readonly lineWidth: number;
  readonly pointSize: number;
  /** Legend columns below the frame. */
  readonly legendColumns: number;
}
export const SIZE_SPECS: Readonly<Record<FigureSize, SizeSpec>> = {
  single: { totalWidth: 3.4 * 72, width: 3.4 * 72 - 52, height: 150, pullHeight: 50, fontSize: 7.5, titleFontSize: 8.5, lineWidth: 1.3, pointSize: 14, legendColumns: 2 },
  double: { totalWidth: 7.0 * 72, width: 7.0 * 72 - 67, height: 270, pullHeight: 85, fontSize: 10, titleFontSize: 11, lineWidth: 1.8, pointSize: 30, legendColumns: 3 },
};
/** Size of figures when none is asked for (`--figure-size`). */
export const DEFAULT_FIGURE_SIZE: FigureSize = 'double';

/** Plot sizes (pt) and font of the default size (kept for builders that do not take a size). */
export const SIZES = {
  width: SIZE_SPECS.double.width,
  height: SIZE_SPECS.double.height,
  pullHeight: SIZE_SPECS.double.pullHeight,
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  lineWidth: SIZE_SPECS.double.lineWidth,
} as const;

/** Raster resolution of `--format png` (dots per inch; the SVG is in points). */
export const PNG_DPI = 300;

/** Dash patterns: observed/measured solid, expected dashed, targets (relic line) dotted, markers dash-dot. */
export const DASH = { solid: [1, 0], dashed: [6, 3], dotted: [1.5, 2.5], dashdot: [4, 1.5, 1, 1.5] } as const;

/** Decades 10^k inside [lo, hi] (and the 1-2-5 steps between when the range spans fewer than 3 decades). */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) throw new Error(`log axis needs 0 < lo < hi, got [${lo}, ${hi}]`);
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.ceil(Math.log10(hi) - 1e-9);
  const steps = b - a < 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  const stride = Math.max(1, Math.ceil((b - a + 1) / 9));
  for (let e = a; e <= b; e += stride) for (const m of steps) {
    const v = m * 10 ** e;
    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** Minor ticks of a log axis: 2…9 × 10^k inside [lo, hi] that are not major ticks. */
export function logMinorTicks(lo: number, hi: number): number[] {
  const major = new Set(logTicks(lo, hi));
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.ceil(Math.log10(hi) - 1e-9);
  // Ticks every decade are enough on axes spanning many decades (a minor tick per decade would be noise).
  const decadeStride = Math.max(1, Math.ceil((b - a + 1) / 9));
  const out: number[] = [];
  for (let e = a; e <= b; e++) {
    const mult = decadeStride > 1 ? [1] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
    for (const m of mult) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && !major.has(v)) out.push(v);
    }
  }
  return out;
}

const SUPERSCRIPT_DIGITS = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
/** An integer as Unicode superscript characters ("−12" → "⁻¹²"). */
export function superscriptInt(n: number): string {
  return (n < 0 ? '⁻' : '') + String(Math.abs(Math.round(n))).split('').map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join('');
}

/** The label of a log-axis tick: plain numbers 1, 10, 100 on axes inside [0.01, 10⁴], else 10ⁿ (and m×10ⁿ). */
export function logTickLabel(v: number, plain: boolean): string {
  if (plain) return String(Number(v.toPrecision(6)));
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = Math.round(v / 10 ** e);
  return `${m === 1 ? '' : `${m}×`}10${superscriptInt(e)}`;
}

/**
 * Vega expression labelling the ticks of a log axis (values from `logTicks`): a lookup of the precomputed labels,
 * so the figure never shows "1e-5" next to "0.001".
 */
export function logLabelExpr(lo: number, hi: number): string {
  const ticks = logTicks(lo, hi);
  const plain = ticks.every((t) => t >= 1e-2 && t <= 1e4);
  const cases = ticks.map((t) => `abs(datum.value / ${t} - 1) < 1e-6 ? '${logTickLabel(t, plain)}'`).join(' : ');
  return `${cases} : ''`;
}

/** Vega expression formatting a log-axis tick (kept for callers without a known domain): 10ⁿ outside [0.01, 10⁴]. */
export const LOG_LABEL_EXPR = "abs(datum.value) >= 1e-2 && abs(datum.value) <= 1e4 ? format(datum.value, '~g') : '10^' + format(log(datum.value) / LN10, 'd')";

// ---- typeset text --------------------------------------------------------------------------------------------------

/**
 * Figure text uses a small markup for what Unicode cannot spell: `_{…}` subscript, `^{…}` superscript (a single
 * character after `_`/`^` needs no braces). Vega draws text runs without sub/superscripts, so the SVG written by
 * src/plot/render.ts and the report page turn the markup into shifted, smaller <tspan>s (`typesetSvg`).
 */
export interface TextRun {
  readonly text: string;
  readonly shift: 'sub' | 'super' | null;
}

/** Split marked-up text into runs. A lone "_" or "^" not followed by a character is kept as is. */
export function typesetRuns(s: string): TextRun[] {
  const out: TextRun[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ text: buf, shift: null });
    buf = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ((c === '_' || c === '^') && i + 1 < s.length) {
      const shift = c === '_' ? 'sub' : 'super';
      let inner: string;
      if (s[i + 1] === '{') {
        const end = s.indexOf('}', i + 2);
        if (end < 0) {
          buf += c;
          continue;
        }
        inner = s.slice(i + 2, end);
        i = end;
      } else {
        // One code point (surrogate pairs and a following prime ′ stay with it).
        const cp = String.fromCodePoint(s.codePointAt(i + 1)!);
        inner = cp;
        i += cp.length;
        if (s[i + 1] === '′') {
          inner += '′';
          i++;
        }
      }
      flush();
      out.push({ text: inner, shift });
      continue;
    }
    buf += c;
  }
  flush();
  return out;
}

/** Marked-up text as plain text (tooltips, file names): the markup is dropped, the characters kept. */
export function plainText(s: string): string {
  return typesetRuns(s).map((r) => r.text).join('');
}

/** Marked-up text as HTML (<sub>, <sup>); `escape` escapes each run. */
export function typesetHtml(s: string, escape: (t: string) => string): string {
  return typesetRuns(s)
    .map((r) => (r.shift === 'sub' ? `<sub>${escape(r.text)}</sub>` : r.shift === 'super' ? `<sup>${escape(r.text)}</sup>` : escape(r.text)))
    .join('');
}

/** Advance widths (em) of DejaVu Sans, the house font, for the characters whose width differs much from 0.6 em. */
const NARROW: Readonly<Record<string, number>> = {
  ' ': 0.318, i: 0.278, j: 0.278, l: 0.278, f: 0.352, t: 0.392, r: 0.411, I: 0.295, J: 0.295, '.': 0.318, ',': 0.318, ':': 0.337, ';': 0.337,
  '(': 0.39, ')': 0.39, '[': 0.39, ']': 0.39, '-': 0.361, '′': 0.3, '·': 0.318, '/': 0.337, '|': 0.337, "'": 0.275, '!': 0.4,
  m: 0.974, w: 0.818, M: 0.863, W: 0.989, '%': 0.95, '—': 1, '−': 0.838, '=': 0.838, '+': 0.838, '±': 0.838, '×': 0.838, '→': 0.838, '≤': 0.838,
};
function charEm(c: string): number {
  const n = NARROW[c];
  if (n !== undefined) return n;
  if (c >= 'A' && c <= 'Z') return 0.72;
  return 0.62;
}

/**
 * Width (px) of a text line as drawn in the figures: DejaVu Sans advance widths, sub/superscript runs at 70 %.
 * Replaces Vega's headless estimate (0.8 em per character), which leaves wide empty margins beside legends.
 */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const r of typesetRuns(text)) {
    const f = r.shift ? 0.7 : 1;
    for (const c of r.text) w += f * charEm(c);
  }
  return w * fontSize;
}

const HAS_MARKUP = /[_^]/;

/** Turn the markup in the <text> elements of a Vega SVG into <tspan>s with baseline shifts (70 % size). */
export function typesetSvg(svg: string): string {
  return svg.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/g, (m, open: string, body: string, close: string) => {
    if (!HAS_MARKUP.test(body)) return m;
    const runs = typesetRuns(body);
    if (runs.every((r) => r.shift === null)) return m;
    const inner = runs
      .map((r) => (r.shift ? `<tspan baseline-shift="${r.shift}" font-size="70%">${r.text}</tspan>` : r.text))
      .join('');
    return `${open}${inner}${close}`;
  });
}

/**
 * The same transformation in the browser, as source text for the report page: applied to the SVG a Vega view
 * renders (text nodes are re-typeset after every render).
 */
export const TYPESET_BROWSER_JS = `function cevnsTypeset(root){
  var texts = root.querySelectorAll('text');
  for (var k = 0; k < texts.length; k++) {
    var t = texts[k];
    if (t.childElementCount || !/[_^]/.test(t.textContent)) continue;
    var s = t.textContent, runs = [], buf = '';
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if ((c === '_' || c === '^') && i + 1 < s.length) {
        var inner;
        if (s[i + 1] === '{') { var e = s.indexOf('}', i + 2); if (e < 0) { buf += c; continue; } inner = s.slice(i + 2, e); i = e; }
        else { inner = String.fromCodePoint(s.codePointAt(i + 1)); i += inner.length; if (s[i + 1] === '\\u2032') { inner += '\\u2032'; i++; } }
        if (buf) runs.push([buf, null]); buf = ''; runs.push([inner, c === '_' ? 'sub' : 'super']); continue;
      }
      buf += c;
    }
    if (buf) runs.push([buf, null]);
    t.textContent = '';
    runs.forEach(function (r) {
      if (!r[1]) { t.appendChild(document.createTextNode(r[0])); return; }
      var sp = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
      sp.setAttribute('baseline-shift', r[1]); sp.setAttribute('font-size', '70%'); sp.textContent = r[0]; t.appendChild(sp);
    });
  }
}`;

// ---- Vega config ---------------------------------------------------------------------------------------------------

/** Shared Vega-Lite config of a size: fonts, frame, axes with outward ticks, legends without titles. */
export function vegaConfig(size: FigureSize = DEFAULT_FIGURE_SIZE): Record<string, unknown> {
  const z = SIZE_SPECS[size];
  return {
    font: SIZES.font,
    background: 'white',
    padding: size === 'single' ? 3 : 6,
    view: { stroke: '#000000', strokeWidth: 0.8 },
    axis: {
      labelFontSize: z.fontSize,
      titleFontSize: z.titleFontSize,
      titleFontWeight: 'normal',
      titleColor: '#000000',
      labelColor: '#000000',
      grid: false,
      tickColor: '#000000',
      domainColor: '#000000',
      tickSize: size === 'single' ? 4 : 5,
      tickWidth: 0.8,
      domainWidth: 0.8,
      labelPadding: 2,
      titlePadding: size === 'single' ? 3 : 5,
      labelFlush: false,
      labelOverlap: true,
    },
    legend: {
      labelFontSize: z.fontSize,
      titleFontSize: z.fontSize,
      labelLimit: 0,
      symbolStrokeWidth: z.lineWidth,
      symbolSize: size === 'single' ? 60 : 110,
      rowPadding: size === 'single' ? 1 : 2,
      columnPadding: size === 'single' ? 6 : 12,
      padding: size === 'single' ? 2 : 4,
      labelOffset: 3,
      offset: size === 'single' ? 4 : 8,
    },
    title: { fontSize: z.titleFontSize, fontWeight: 'normal', anchor: 'start', offset: 4 },
    text: { fontSize: z.fontSize },
    line: { strokeWidth: z.lineWidth },
  };
}

/** Shared Vega-Lite config of the default size. */
export const VEGA_CONFIG = vegaConfig(DEFAULT_FIGURE_SIZE);
