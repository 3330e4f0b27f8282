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
/** Muted colours of existing (published) limits, drawn thinner. */
const OVERLAY_PALETTE = ['#7f7f7f', '#b07aa1', '#9c755f', '#76b7b2', '#bab0ac', '#59a14f', '#edc948'];

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

/** Legend label of a sample. */
export function sampleLabel(sample: string): string {
  const c = componentOf(sample);
  return c ? COMPONENT_LABELS[c] : sample;
}

/** Plot sizes (px) and font. */
export const SIZES = { width: 560, height: 340, pullHeight: 130, font: 'DejaVu Sans, Helvetica, Arial, sans-serif', lineWidth: 2 } as const;

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

/** Vega expression formatting a log-axis tick: plain numbers in [1e-3, 1e4), else "1e-9" style. */
export const LOG_LABEL_EXPR = "abs(datum.value) >= 1e-3 && abs(datum.value) < 1e4 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";

/** Shared Vega-Lite config: fonts, sizes, legend placement outside the data. */
export const VEGA_CONFIG = {
  font: SIZES.font,
  background: 'white',
  padding: 8,
  view: { stroke: '#333333' },
  axis: { labelFontSize: 12, titleFontSize: 14, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6', tickColor: '#333333', domainColor: '#333333' },
  legend: { orient: 'right', labelFontSize: 12, titleFontSize: 12, labelLimit: 320, symbolStrokeWidth: 2 },
  title: { fontSize: 15, fontWeight: 'normal', anchor: 'start' },
  line: { strokeWidth: SIZES.lineWidth },
} as const;
