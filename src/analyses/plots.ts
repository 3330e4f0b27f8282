/**
 * Result figures built from analysis results, on the Vega-Lite layer of src/plot: stacked spectra with data and
 * pulls, the time projection of the hypotheses in a comparison, profile scans, allowed regions as interpolated
 * contours, and exclusion curves with existing limits. Each function returns figures keyed by file stem;
 * src/plot/render.ts writes them as SVG, PNG, PDF or Vega JSON.
 */
import type { CompiledModel } from '../stats/model/compiled.js';
import type { ObservedData } from '../stats/types.js';
import type { Figure } from '../plot/render.js';
import { isoContours } from '../plot/contour.js';
import { spectrumFigure, xyFigure, type XYBand, type XYCurve, type XYPoint, type XYRegion } from '../plot/figures.js';
import { COMPONENT_COLORS, HYPOTHESIS_COLORS, curveColor, overlayColor, sampleColor, sampleLabel, type FigureSize } from '../plot/style.js';

/** Figure options of the CLI: journal size (`--figure-size`) and expected bands (`--bands`; default: single curves only). */
export interface FigureOptions {
  readonly size?: FigureSize;
  readonly bands?: boolean;
}

/**
 * Physics text in the figures' markup (src/plot/style.ts typesetRuns): a subscript of several letters gets braces
 * ("ε_eff" → "ε_{eff}"); single-character subscripts ("α_D", "m_A′") already read right.
 */
export function typesetPhysics(s: string): string {
  return s.replace(/_([A-Za-z]{2,})/g, '_{$1}');
}

/** Typeset names of model parameters for axis titles; unknown names have their underscores turned into spaces. */
const PARAM_LABELS: Readonly<Record<string, string>> = {
  Rn: 'R_{n} (fm)',
  nu_flux: 'ν flux normalisation',
  cevns_norm: 'CEvNS normalisation',
  eff: 'efficiency',
  brn_norm: 'BRN normalisation',
  brn_prompt_norm: 'prompt BRN normalisation',
  brn_delayed_norm: 'delayed BRN normalisation',
  cevns_f90: 'CEvNS F_{90} shape (σ)',
  cevns_t_mean: 'CEvNS t_{mean} shape (σ)',
  brn_energy: 'BRN energy shape (σ)',
  brn_t_mean: 'BRN t_{mean} shape (σ)',
  brn_t_width: 'BRN t_{width} shape (σ)',
  nin_norm: 'NIN normalisation',
  ss_norm: 'steady-state normalisation',
  qf: 'quenching factor',
  t_offset_us: 't_{offset} (µs)',
  g_e: 'g_{e}',
  g_mu: 'g_{μ}',
  mu: 'μ',
  mu_dm: 'μ_{DM}',
  Y: 'Y',
  eps_eff: 'ε_{eff}',
};
export function paramLabel(name: string): string {
  const slash = name.lastIndexOf('/');
  const base = slash >= 0 ? name.slice(slash + 1) : name;
  const prefix = slash >= 0 ? `${name.slice(0, slash).replace(/_/g, ' ')}: ` : '';
  return prefix + (PARAM_LABELS[base] ?? base.replace(/_/g, ' '));
}
import type { CompareReport, MassYScanReport, Scan1DReport } from './run.js';

/** Axis label with unit for a channel axis: "t (µs)", "E (PE)", "E (keVnr)", "F_{90}"; never the internal name. */
export function axisLabel(a: { name: string; unit: string }): string {
  const u = a.unit === '1' || a.unit === '' ? '' : ` (${a.unit === 'us' ? 'µs' : a.unit})`;
  const stem = a.name.replace(/_(keVnr|keVee|MeVee|MeV|PE|us|ns)$/, '');
  const name = /^time/.test(stem) ? 't' : stem === 'pe' || /^energy/.test(stem) ? 'E' : stem === 'f90' ? 'F_{90}' : stem.replace(/_/g, ' ');
  return `${name}${u}`;
}

/** Channel names in titles: "C" → "channel C"; combined channels "csi2017/C" → "csi2017, channel C". */
export function channelTitle(name: string): string {
  const k = name.lastIndexOf('/');
  return k >= 0 ? `${name.slice(0, k).replace(/_/g, ' ')}, channel ${name.slice(k + 1).replace(/_/g, ' ')}` : `channel ${name.replace(/_/g, ' ')}`;
}

/** Project a flattened channel array onto one axis. */
export function projectOnAxis(values: ArrayLike<number>, shape: readonly number[], axis: number): Float64Array {
  const n = shape[axis]!;
  let inner = 1;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  const out = new Float64Array(n);
  for (let b = 0; b < values.length; b++) out[Math.floor(b / inner) % n]! += values[b]!;
  return out;
}

/** Stacked fitted samples and data with a pull panel, projected on each axis of each signal channel. */
export function spectrumPlots(model: CompiledModel, data: ObservedData, pars: Float64Array, signalChannels: readonly string[], title: string, fo: FigureOptions = {}): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const yields = model.sampleYields(pars);
  for (const ch of model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    const cy = yields.find((y) => y.channel === ch.name)!;
    const obs = data.main.subarray(ch.offset, ch.offset + ch.nBins);
    ch.axes.forEach((ax, i) => {
      out[`${ch.name}-${ax.name}`] = spectrumFigure(ax.edges, {
        title: signalChannels.length > 1 ? `${title}, ${channelTitle(ch.name)}` : title,
        x: { title: axisLabel(ax) },
        stack: cy.samples.map((s, k) => ({ name: sampleLabel(s.sample), values: projectOnAxis(s.perBin, ch.shape, i), color: sampleColor(s.sample, k) })),
        observed: projectOnAxis(obs, ch.shape, i),
        ...(fo.size ? { size: fo.size } : {}),
      });
    });
  }
  return out;
}

/**
 * Spectra before and after cuts, like the collaborations' figures: for each axis of the channel, the projection
 * over the full range of the other axes ("before cuts") and with the other axes restricted to the window ("after
 * cuts"); the window on the projected axis itself is marked with dashed lines. `window` maps axis name → [lo, hi).
 */
export function cutSpectrumPlots(
  model: CompiledModel,
  data: ObservedData,
  pars: Float64Array,
  channel: string,
  window: Readonly<Record<string, readonly [number, number]>>,
  title: string,
  fo: FigureOptions = {},
): Record<string, Figure> {
  const ch = model.channels.find((c) => c.name === channel);
  if (!ch) throw new Error(`no channel ${channel}`);
  const cy = model.sampleYields(pars).find((y) => y.channel === channel)!;
  const obs = data.main.subarray(ch.offset, ch.offset + ch.nBins);
  const inWindow = ch.axes.map((ax) => {
    const w = window[ax.name];
    return Array.from({ length: ax.edges.length - 1 }, (_, i) => !w || (ax.edges[i]! >= w[0] - 1e-9 && ax.edges[i + 1]! <= w[1] + 1e-9));
  });
  const strides = ch.shape.map((_, a) => ch.shape.slice(a + 1).reduce((p, n) => p * n, 1));
  const out: Record<string, Figure> = {};
  ch.axes.forEach((ax, a) => {
    for (const cut of [false, true]) {
      const keep = (b: number) => !cut || ch.shape.every((n, k) => k === a || inWindow[k]![Math.floor(b / strides[k]!) % n]!);
      const project = (v: ArrayLike<number>) => {
        const p = new Float64Array(ch.shape[a]!);
        for (let b = 0; b < v.length; b++) if (keep(b)) p[Math.floor(b / strides[a]!) % ch.shape[a]!]! += v[b]!;
        return p;
      };
      const others = ch.axes.filter((_, k) => k !== a && window[ch.axes[k]!.name]).map((o) => {
        const sym = axisLabel({ name: o.name, unit: '1' });
        const unit = o.unit === 'us' ? ' µs' : o.unit === '1' ? '' : ` ${o.unit}`;
        return `${window[o.name]![0]} ≤ ${sym} < ${window[o.name]![1]}${unit}`;
      });
      const label = cut && others.length ? `after cuts (${others.join(', ')})` : 'before cuts';
      out[`${channel}-${ax.name}-${cut ? 'after' : 'before'}-cuts`] = spectrumFigure(ax.edges, {
        title: `${title}, ${label}`,
        x: { title: axisLabel(ax) },
        stack: cy.samples.map((s, k) => ({ name: sampleLabel(s.sample), values: project(s.perBin), color: sampleColor(s.sample, k) })),
        observed: project(obs),
        markers: window[ax.name] ? [...window[ax.name]!] : [],
        ...(fo.size ? { size: fo.size } : {}),
      });
    }
  });
  return out;
}

/**
 * The time projection of the data in the fitted region with the SM, SM+DM and SM+NSI best fits overlaid and
 * the pulls of each underneath (issue: the excess sits in the prompt bins; NSI rescales the ν rate and cannot
 * put events there). One figure per signal channel with a time axis.
 */
export function compareTimePlots(c: CompareReport, title: string, fo: FigureOptions = {}): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const hyps = (['sm', 'dm', 'nsi'] as const).filter((h) => c.hypotheses[h]);
  const label = { sm: 'SM', dm: 'SM + DM', nsi: 'SM + NSI' } as const;
  for (const ch of Object.keys(c.hypotheses.sm.pulls.time_projection)) {
    const ref = c.hypotheses.sm.pulls.time_projection[ch]!;
    const preds = hyps.map((h) => {
      const tp = c.hypotheses[h]!.pulls.time_projection[ch]!;
      const dm = h === 'dm' ? c.hypotheses.dm?.dm : undefined;
      const extra = dm ? ` (${typesetPhysics((dm as { mass_label?: string }).mass_label ?? 'm_A′')} = ${formatMass(dm.mass_MeV)} MeV)` : '';
      return { name: label[h] + extra, values: tp.expected, color: HYPOTHESIS_COLORS[h], dash: h !== 'sm' };
    });
    out[`compare-${ch}-time`] = spectrumFigure(ref.edges_us, {
      title: `${title}, ${channelTitle(ch)}: best fits`,
      x: { title: 't (µs)' },
      yTitle: 'events / bin',
      predictions: preds,
      observed: ref.observed,
      pullsAgainst: preds,
      ...(fo.size ? { size: fo.size } : {}),
    });
  }
  return out;
}

/** A mass in MeV for text: 3 significant digits, no exponent ("138 MeV", "9.87 MeV", "0.512 MeV"). */
export function formatMass(m: number): string {
  if (!Number.isFinite(m)) return '—';
  return m >= 1000 ? String(Math.round(m)) : String(Number(m.toPrecision(3)));
}

/** Δ(−2lnL) along one parameter, with the 1σ and 95 % lines. */
export function scan1DPlot(s: Scan1DReport, title: string, fo: FigureOptions = {}): Figure {
  return xyFigure({
    title,
    x: { title: paramLabel(s.param) },
    y: { title: 'Δ(−2 ln L)' },
    curves: [{ name: 'profile likelihood', x: s.values, y: s.delta_twice_nll, color: '#000000' }],
    hlines: [
      { name: '68.3 % CL (Δ = 1)', y: 1, color: '#888888', dash: true },
      { name: '95 % CL (Δ = 3.84)', y: 3.84, color: COMPONENT_COLORS.dm, dash: true },
    ],
    ...(fo.size ? { size: fo.size } : {}),
  });
}

/** Existing limits (digitised) to overlay. */
export interface OverlayCurve {
  readonly name: string;
  readonly massesMeV: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Side the experiment excludes ('above': upper limits, drawn as a shaded region); absent: a target line (relic). */
  readonly excluded?: 'above' | 'below';
}

/** Scan report fields this plot reads; `converged` (per grid point, optional) marks fits that did not converge. */
export type MassYForPlot = Pick<MassYScanReport, 'masses_MeV' | 'Y' | 'delta_twice_nll' | 'best' | 'thresholds'> & { readonly converged?: ReadonlyArray<boolean | null> };

/**
 * Existing limits: the region any of them excludes is shaded once (light grey; log-log interpolation of each
 * curve inside its own mass range, the lowest wins), and each experiment's boundary is a thin line in its colour;
 * targets (the relic line) are dotted black lines.
 */
function overlayLayers(overlays: readonly OverlayCurve[], lineStyle: string): { regions: XYRegion[]; curves: XYCurve[] } {
  const regions: XYRegion[] = [];
  const curves: XYCurve[] = [];
  const excl = overlays.filter((o) => o.excluded === 'above');
  if (excl.length) {
    const grid = [...new Set(excl.flatMap((o) => Array.from(o.massesMeV)))].sort((a, b) => a - b);
    const lowest = grid.map((m) => {
      let best: number | null = null;
      for (const o of excl) {
        const v = interpLogLog(o.massesMeV, o.y, m);
        if (v !== null && (best === null || v < best)) best = v;
      }
      return best;
    });
    regions.push({ name: 'excluded by existing limits', kind: 'above', x: grid, y: lowest, color: '#bdbdbd', opacity: 0.45, edgeWidth: 0 });
  }
  let k = 0;
  overlays.forEach((o) => {
    if (o.excluded) curves.push({ name: o.name, x: o.massesMeV, y: Array.from(o.y), color: overlayColor(k++), width: 0.9, style: lineStyle });
    else curves.push({ name: o.name, x: o.massesMeV, y: Array.from(o.y), color: '#000000', dash: 'dotted', style: o.name });
  });
  return { regions, curves };
}

/** y(m) of a curve by linear interpolation in (log m, log y); null outside its mass range. */
function interpLogLog(ms: ArrayLike<number>, ys: ArrayLike<number>, m: number): number | null {
  for (let i = 0; i + 1 < ms.length; i++) {
    const a = ms[i]!;
    const b = ms[i + 1]!;
    if (m >= Math.min(a, b) && m <= Math.max(a, b)) {
      if (a === b) return Math.min(ys[i]!, ys[i + 1]!);
      const t = (Math.log(m) - Math.log(a)) / (Math.log(b) - Math.log(a));
      return Math.exp(Math.log(ys[i]!) + t * (Math.log(ys[i + 1]!) - Math.log(ys[i]!)));
    }
  }
  return ms.length === 1 && ms[0] === m ? ys[0]! : null;
}

/** Close contour pieces that end on the grid boundary: pad the grid with a ring of "outside" points. */
function paddedGrid(lx: readonly number[], ly: readonly number[], values: ArrayLike<number | null>): { x: number[]; y: number[]; v: Array<number | null> } {
  const ext = (a: readonly number[]) => {
    const d0 = a.length > 1 ? a[1]! - a[0]! : 1;
    const d1 = a.length > 1 ? a[a.length - 1]! - a[a.length - 2]! : 1;
    return [a[0]! - d0, ...a, a[a.length - 1]! + d1];
  };
  const x = ext(lx);
  const y = ext(ly);
  const nx = lx.length;
  const ny = ly.length;
  const v: Array<number | null> = [];
  for (let i = 0; i < nx + 2; i++) for (let j = 0; j < ny + 2; j++) v.push(i === 0 || j === 0 || i === nx + 1 || j === ny + 1 ? null : (values[(i - 1) * ny + (j - 1)] ?? null));
  return { x, y, v };
}

/**
 * Allowed regions in m × coupling (68.3 % and 95 % CL for two parameters) as filled regions whose outlines are
 * contours interpolated in (log10 m, log10 Y) by marching squares, with the best fit (never clipped), a benchmark
 * mass, existing limits as shaded excluded regions, and a note counting grid points whose fit failed or did not
 * converge (they count as outside the regions).
 */
export function massYPlot(
  s: MassYForPlot,
  title: string | undefined,
  opts: { overlays?: readonly OverlayCurve[]; benchmarkMassMeV?: number; couplingAxis?: string; massLabel?: string } & FigureOptions = {},
): Figure {
  const massLabel = typesetPhysics(opts.massLabel ?? 'm_A′');
  // Closed outlines: a region touching the grid edge is closed half a cell outside it (and clipped by the frame).
  const pad = paddedGrid(s.masses_MeV.map(Math.log10), s.Y.map(Math.log10), s.delta_twice_nll);
  const regions: XYRegion[] = [];
  const levels = [
    { name: '95 % CL allowed', level: s.thresholds.cl95, color: '#9ecae1', edge: '#3182bd' },
    { name: '68.3 % CL allowed', level: s.thresholds.cl68, color: '#2171b5', edge: '#08306b' },
  ];
  const notes: string[] = [];
  for (const l of levels) {
    const lines = isoContours(pad.x, pad.y, pad.v, l.level);
    const x: number[] = [];
    const y: Array<number | null> = [];
    for (const line of lines) {
      for (const [u, v] of line) {
        x.push(10 ** u);
        y.push(10 ** v);
      }
      x.push(NaN);
      y.push(null);
    }
    if (!lines.length) notes.push(`no ${l.name.replace(' allowed', '')} region on the grid`);
    regions.push({ name: l.name, kind: 'polygon', x, y, color: l.color, opacity: 0.75, edge: l.edge, edgeWidth: 0.8 });
  }
  const ov = overlayLayers(opts.overlays ?? [], 'existing limit');
  const points: XYPoint[] = [];
  if (Number.isFinite(s.best.mass_MeV)) points.push({ name: 'best fit', x: s.best.mass_MeV, y: s.best.Y, color: COMPONENT_COLORS.dm, shape: 'diamond' });
  let bad = 0;
  s.delta_twice_nll.forEach((v, k) => {
    if (v === null || s.converged?.[k] === false) bad++;
  });
  if (bad) notes.push(`${bad} of ${s.delta_twice_nll.length} grid points failed or did not converge (counted as outside)`);
  // Log-axis domains of the grid; a single mass or Y value gets a factor-2 margin each side.
  const span = (v: readonly number[]): [number, number] => {
    const a = Math.min(...v);
    const b = Math.max(...v);
    return b > a ? [a, b] : [a / 2, b * 2];
  };
  const xd = span(s.masses_MeV);
  const yd = span(s.Y);
  const curves: XYCurve[] = [...ov.curves];
  if (opts.benchmarkMassMeV !== undefined) {
    const name = `benchmark ${massLabel} = ${formatMass(opts.benchmarkMassMeV)} MeV`;
    curves.push({ name, x: [opts.benchmarkMassMeV, opts.benchmarkMassMeV], y: yd, color: '#333333', dash: 'dashdot', style: name, width: 1 });
  }
  return xyFigure({
    ...(title ? { title } : {}),
    x: { title: `${massLabel} (MeV)`, scale: 'log', domain: xd },
    y: { title: typesetPhysics(opts.couplingAxis ?? 'Y = ε² α_D (m_χ/m_A′)⁴'), scale: 'log', domain: yd },
    regions: [...ov.regions, ...regions],
    curves,
    points,
    notes,
    interactive: true,
    ...(opts.size ? { size: opts.size } : {}),
  });
}

/** One exclusion curve for the combined limit plot. */
export interface CurveForPlot {
  readonly name: string;
  /** Name in the legend (the config's label); default `name`. */
  readonly label?: string;
  /** Per-mass status ('ok' or a failure); failed masses are gaps in the curve and counted in a note. */
  readonly status?: readonly string[];
  readonly massesMeV: readonly number[];
  readonly observed: ReadonlyArray<number | null>;
  /** Expected band: arrays of length 5 (−2σ … +2σ) per mass. */
  readonly expected: ReadonlyArray<ReadonlyArray<number | null>>;
}

/**
 * All exclusion curves on one plot: one colour per curve (experiment), observed solid and expected median dashed
 * with a separate line-style legend; ±1σ/±2σ expected bands per curve when asked (`bands: true`; by default only
 * for a single curve, in the usual green and yellow); existing limits as shaded excluded regions; failed masses
 * are gaps, counted in a note.
 */
export function limitPlot(
  curves: readonly CurveForPlot[],
  overlays: readonly OverlayCurve[],
  title: string | undefined,
  cl: number,
  axes: { readonly coupling: string; readonly massLabel: string } = { coupling: 'Y = ε² α_D (m_χ/m_A′)⁴', massLabel: 'm_A′' },
  fo: FigureOptions = {},
): Figure {
  const showBands = fo.bands ?? curves.length === 1;
  const bands: XYBand[] = [];
  if (showBands) {
    const single = curves.length === 1;
    curves.forEach((c, k) => {
      const color = curveColor(k);
      const band = (name: string, lo: number, hi: number, fill: string, opacity: number, legend: boolean): XYBand => ({
        name,
        x: c.massesMeV,
        lo: c.expected.map((e) => e[lo] ?? null),
        hi: c.expected.map((e) => e[hi] ?? null),
        color: fill,
        opacity,
        legend,
      });
      if (single) bands.push(band('expected ±2σ', 0, 4, '#f5e663', 1, true), band('expected ±1σ', 1, 3, '#6fcf6f', 1, true));
      else bands.push(band(`${c.name} ±2σ`, 0, 4, color, 0.12, false), band(`${c.name} ±1σ`, 1, 3, color, 0.22, false));
    });
  }
  const lines: XYCurve[] = [];
  curves.forEach((c, k) => {
    const color = curveColor(k);
    const name = c.label ?? c.name;
    lines.push({ name, x: c.massesMeV, y: c.expected.map((e) => e[2] ?? null), color, dash: true, style: 'expected (median)' });
    if (c.observed.some((v) => v !== null)) lines.push({ name, x: c.massesMeV, y: c.observed, color, style: 'observed' });
  });
  const ov = overlayLayers(overlays, 'observed');
  // y range: the analysis curves and bands decide; existing limits are clipped to it.
  const ys: number[] = [];
  for (const c of curves) for (const v of [...c.observed, ...c.expected.flat()]) if (v !== null && v !== undefined && v > 0 && Number.isFinite(v)) ys.push(v);
  for (const o of overlays) for (let i = 0; i < o.y.length; i++) if (o.y[i]! > 0 && o.massesMeV[i]! >= 1 && o.massesMeV[i]! <= 300) ys.push(o.y[i]!);
  const lo = ys.length ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : 1e-12;
  // At least one decade, also when every value is the same power of ten.
  const hi = Math.max(ys.length ? 10 ** Math.ceil(Math.log10(Math.max(...ys))) : 1e-4, lo * 10);
  const clip = (y: ReadonlyArray<number | null>) => y.map((v) => (v === null || v < lo || v > hi ? null : v));
  const failed = curves.map((c) => [c.label ?? c.name, (c.status ?? []).filter((st) => st !== 'ok').length, c.massesMeV.length] as const).filter(([, n]) => n > 0);
  const notes = failed.map(([n, k, t]) => `${n}: ${k} of ${t} masses failed (gaps)`);
  // The bands use a separate fill legend only for a single curve; per-curve shading is explained in a note.
  if (showBands && curves.length > 1) notes.push('shaded: expected ±1σ (dark) and ±2σ (light) of each curve');
  return xyFigure({
    ...(title ? { title } : {}),
    x: { title: `${typesetPhysics(axes.massLabel)} (MeV)`, scale: 'log', domain: [1, 300] },
    y: { title: `${typesetPhysics(axes.coupling)}, ${Math.round(cl * 100)} % CL`, scale: 'log', domain: [lo, hi] },
    bands: bands.map((b) => ({ ...b, lo: clip(Array.from(b.lo)), hi: clip(Array.from(b.hi)) })),
    regions: ov.regions,
    curves: [...lines.map((l) => ({ ...l, y: clip(Array.from(l.y)) })), ...ov.curves.map((l) => ({ ...l, y: clip(Array.from(l.y)) }))],
    notes,
    interactive: true,
    ...(fo.size ? { size: fo.size } : {}),
  });
}
