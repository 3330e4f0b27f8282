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
import { spectrumFigure, xyFigure, type XYCurve, type XYPoint } from '../plot/figures.js';
import { COMPONENT_COLORS, HYPOTHESIS_COLORS, curveColor, overlayColor, sampleColor, sampleLabel } from '../plot/style.js';
import type { CompareReport, MassYScanReport, Scan1DReport } from './run.js';

/** Axis label with unit for a channel axis. */
function axisLabel(a: { name: string; unit: string }): string {
  const u = a.unit === '1' || a.unit === '' ? '' : ` (${a.unit === 'us' ? 'µs' : a.unit})`;
  const name = a.name === 'time_us' ? 'arrival time t' : a.name === 'pe' ? 'energy' : a.name;
  return `${name}${u}`;
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
export function spectrumPlots(model: CompiledModel, data: ObservedData, pars: Float64Array, signalChannels: readonly string[], title: string): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const yields = model.sampleYields(pars);
  for (const ch of model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    const cy = yields.find((y) => y.channel === ch.name)!;
    const obs = data.main.subarray(ch.offset, ch.offset + ch.nBins);
    ch.axes.forEach((ax, i) => {
      out[`${ch.name}-${ax.name}`] = spectrumFigure(ax.edges, {
        title: `${title}: ${ch.name}`,
        x: { title: axisLabel(ax) },
        stack: cy.samples.map((s, k) => ({ name: sampleLabel(s.sample), values: projectOnAxis(s.perBin, ch.shape, i), color: sampleColor(s.sample, k) })),
        observed: projectOnAxis(obs, ch.shape, i),
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
      const others = ch.axes.filter((_, k) => k !== a && window[ch.axes[k]!.name]).map((o) => `${o.name} ∈ [${window[o.name]![0]}, ${window[o.name]![1]})`);
      const label = cut && others.length ? `after cuts: ${others.join(', ')}` : 'before cuts';
      out[`${channel}-${ax.name}-${cut ? 'after' : 'before'}-cuts`] = spectrumFigure(ax.edges, {
        title: `${title} — ${label}`,
        x: { title: axisLabel(ax) },
        stack: cy.samples.map((s, k) => ({ name: sampleLabel(s.sample), values: project(s.perBin), color: sampleColor(s.sample, k) })),
        observed: project(obs),
        markers: window[ax.name] ? [...window[ax.name]!] : [],
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
export function compareTimePlots(c: CompareReport, title: string): Record<string, Figure> {
  const out: Record<string, Figure> = {};
  const hyps = (['sm', 'dm', 'nsi'] as const).filter((h) => c.hypotheses[h]);
  const label = { sm: 'SM best fit', dm: 'SM + DM best fit', nsi: 'SM + NSI best fit' } as const;
  for (const ch of Object.keys(c.hypotheses.sm.pulls.time_projection)) {
    const ref = c.hypotheses.sm.pulls.time_projection[ch]!;
    const preds = hyps.map((h) => {
      const tp = c.hypotheses[h]!.pulls.time_projection[ch]!;
      const extra = h === 'dm' && c.hypotheses.dm?.dm ? ` (m_A′ = ${c.hypotheses.dm.dm.mass_MeV.toPrecision(3)} MeV)` : '';
      return { name: label[h] + extra, values: tp.expected, color: HYPOTHESIS_COLORS[h], dash: h !== 'sm' };
    });
    out[`compare-${ch}-time`] = spectrumFigure(ref.edges_us, {
      title: `${title}: channel ${ch}, time projection`,
      x: { title: 'arrival time t (µs)' },
      yTitle: 'events / bin',
      predictions: preds,
      observed: ref.observed,
      pullsAgainst: preds,
    });
  }
  return out;
}

/** Δ(−2lnL) along one parameter, with the 1σ and 95 % lines. */
export function scan1DPlot(s: Scan1DReport, title: string): Figure {
  return xyFigure({
    title,
    x: { title: s.param },
    y: { title: 'Δ(−2 ln L)' },
    curves: [{ name: 'profile Δ(−2lnL)', x: s.values, y: s.delta_twice_nll, color: '#000000' }],
    hlines: [
      { name: '68.3 % (Δ = 1)', y: 1, color: '#888888', dash: true },
      { name: '95 % (Δ = 3.84)', y: 3.84, color: COMPONENT_COLORS.dm, dash: true },
    ],
  });
}

/** Existing limits (digitised) to overlay. */
export interface OverlayCurve {
  readonly name: string;
  readonly massesMeV: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Side excluded by the curve (src/datasets/limits.ts LimitCurve.excluded); absent for a target such as the relic line. */
  readonly excluded?: 'above' | 'below';
}

/** Scan report fields this plot reads; `converged` (per grid point, optional) marks fits that did not converge. */
export type MassYForPlot = Pick<MassYScanReport, 'masses_MeV' | 'Y' | 'delta_twice_nll' | 'best' | 'thresholds'> & { readonly converged?: ReadonlyArray<boolean | null> };

/**
 * Allowed regions in m_A′ × Y (68.3 % and 95 % CL for two parameters) as contour lines interpolated in
 * (log10 m, log10 Y) by marching squares, with the best fit, a benchmark mass, existing limits, and grid points
 * whose fit failed (null) or did not converge drawn as crosses.
 */
export function massYPlot(
  s: MassYForPlot,
  title: string,
  opts: { overlays?: readonly OverlayCurve[]; benchmarkMassMeV?: number; couplingAxis?: string; massLabel?: string } = {},
): Figure {
  const massLabel = opts.massLabel ?? 'm_A′';
  const lx = s.masses_MeV.map(Math.log10);
  const ly = s.Y.map(Math.log10);
  const curves: XYCurve[] = [];
  const levels = [
    { name: '68.3 % CL allowed', level: s.thresholds.cl68, color: '#0072B2', dash: false },
    { name: '95 % CL allowed', level: s.thresholds.cl95, color: '#56B4E9', dash: true },
  ];
  for (const l of levels) {
    const lines = isoContours(lx, ly, s.delta_twice_nll, l.level);
    // One curve per contour piece; pieces are separated by a null so they are not bridged.
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
    curves.push({ name: lines.length ? l.name : `${l.name} (no contour on the grid)`, x, y, color: l.color, dash: l.dash, width: 2.5 });
  }
  (opts.overlays ?? []).forEach((o, k) => curves.push({ name: o.name, x: o.massesMeV, y: Array.from(o.y), color: overlayColor(k), width: 1.4 }));
  const points: XYPoint[] = [];
  if (Number.isFinite(s.best.mass_MeV)) points.push({ name: `best fit (${s.best.mass_MeV.toPrecision(3)} MeV, Y = ${s.best.Y.toExponential(2)})`, x: s.best.mass_MeV, y: s.best.Y, color: COMPONENT_COLORS.dm });
  const ny = s.Y.length;
  let bad = 0;
  s.delta_twice_nll.forEach((v, k) => {
    const failed = v === null || s.converged?.[k] === false;
    if (failed) {
      bad++;
      points.push({ name: 'fit failed / not converged', x: s.masses_MeV[Math.floor(k / ny)]!, y: s.Y[k % ny]!, color: '#555555', shape: 'cross' });
    }
  });
  // Log-axis domains of the grid; a single mass or Y value gets a factor-2 margin each side.
  const span = (v: readonly number[]): [number, number] => {
    const a = Math.min(...v);
    const b = Math.max(...v);
    return b > a ? [a, b] : [a / 2, b * 2];
  };
  const xd = span(s.masses_MeV);
  const yd = span(s.Y);
  return xyFigure({
    title: bad ? `${title} (${bad} grid points failed or not converged)` : title,
    x: { title: `${massLabel} (MeV)`, scale: 'log', domain: xd },
    y: { title: opts.couplingAxis ?? 'Y = ε² α_D (m_χ/m_A′)⁴', scale: 'log', domain: yd },
    curves,
    points,
    ...(opts.benchmarkMassMeV !== undefined ? { vlines: [{ name: `benchmark ${massLabel} = ${opts.benchmarkMassMeV} MeV`, x: opts.benchmarkMassMeV, color: '#333333' }] } : {}),
    interactive: true,
  });
}

/** One exclusion curve for the combined limit plot. */
export interface CurveForPlot {
  readonly name: string;
  /** Per-mass status ('ok' or a failure); failed masses are gaps in the curve and counted in the title. */
  readonly status?: readonly string[];
  readonly massesMeV: readonly number[];
  readonly observed: ReadonlyArray<number | null>;
  /** Expected band: arrays of length 5 (−2σ … +2σ) per mass. */
  readonly expected: ReadonlyArray<ReadonlyArray<number | null>>;
}

/** All exclusion curves on one plot (observed solid, expected median dashed, ±1σ/±2σ bands for a single curve). */
export function limitPlot(
  curves: readonly CurveForPlot[],
  overlays: readonly OverlayCurve[],
  title: string,
  cl: number,
  axes: { readonly coupling: string; readonly massLabel: string } = { coupling: 'Y = ε² α_D (m_χ/m_A′)⁴', massLabel: 'm_A′' },
): Figure {
  const bands =
    curves.length === 1
      ? [
          { name: 'expected ±2σ', x: curves[0]!.massesMeV, lo: curves[0]!.expected.map((e) => e[0] ?? null), hi: curves[0]!.expected.map((e) => e[4] ?? null), color: '#f5e663' },
          { name: 'expected ±1σ', x: curves[0]!.massesMeV, lo: curves[0]!.expected.map((e) => e[1] ?? null), hi: curves[0]!.expected.map((e) => e[3] ?? null), color: '#6fcf6f' },
        ]
      : [];
  const lines: XYCurve[] = [];
  curves.forEach((c, k) => {
    const color = curveColor(k);
    lines.push({ name: `${c.name} expected`, x: c.massesMeV, y: c.expected.map((e) => e[2] ?? null), color, dash: true });
    if (c.observed.some((v) => v !== null)) lines.push({ name: `${c.name} observed`, x: c.massesMeV, y: c.observed, color });
  });
  overlays.forEach((o, k) => lines.push({ name: o.name, x: o.massesMeV, y: Array.from(o.y), color: overlayColor(k), width: 1.4 }));
  // y range: the analysis curves and bands decide; existing limits are clipped to it.
  const ys: number[] = [];
  for (const c of curves) for (const v of [...c.observed, ...c.expected.flat()]) if (v !== null && v !== undefined && v > 0 && Number.isFinite(v)) ys.push(v);
  for (const o of overlays) for (let i = 0; i < o.y.length; i++) if (o.y[i]! > 0 && o.massesMeV[i]! >= 1 && o.massesMeV[i]! <= 300) ys.push(o.y[i]!);
  const lo = ys.length ? 10 ** Math.floor(Math.log10(Math.min(...ys))) : 1e-12;
  // At least one decade, also when every value is the same power of ten.
  const hi = Math.max(ys.length ? 10 ** Math.ceil(Math.log10(Math.max(...ys))) : 1e-4, lo * 10);
  const clip = (y: ReadonlyArray<number | null>) => y.map((v) => (v === null || v < lo || v > hi ? null : v));
  const failed = curves.map((c) => [c.name, (c.status ?? []).filter((st) => st !== 'ok').length] as const).filter(([, n]) => n > 0);
  return xyFigure({
    title: failed.length ? `${title} (failed masses: ${failed.map(([n, k]) => `${n} ${k}`).join(', ')})` : title,
    x: { title: `${axes.massLabel} (MeV)`, scale: 'log', domain: [1, 300] },
    y: { title: `${axes.coupling}, ${Math.round(cl * 100)} % CL`, scale: 'log', domain: [lo, hi] },
    bands,
    curves: lines.map((l) => ({ ...l, y: clip(Array.from(l.y)) })),
    interactive: true,
  });
}
