/**
 * Result figures (SVG) built from analysis results: stacked spectra with data, profile scans and allowed
 * regions, and exclusion curves with existing limits.
 */
import type { CompiledModel } from '../stats/model/compiled.js';
import type { ObservedData } from '../stats/types.js';
import { renderFigure, paletteColor, type Layer } from '../plot/svg.js';
import type { MassYScanReport, Scan1DReport } from './run.js';

/** Axis label with unit for a channel axis. */
function axisLabel(a: { name: string; unit: string }): string {
  const u = a.unit === '1' || a.unit === '' ? '' : ` (${a.unit === 'us' ? 'µs' : a.unit})`;
  return `${a.name}${u}`;
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

/** Stacked fitted samples and data, projected on each axis of each signal channel. Keys are file names. */
export function spectrumPlots(model: CompiledModel, data: ObservedData, pars: Float64Array, signalChannels: readonly string[], title: string): Record<string, string> {
  const out: Record<string, string> = {};
  const yields = model.sampleYields(pars);
  for (const ch of model.channels) {
    if (!signalChannels.includes(ch.name)) continue;
    const cy = yields.find((y) => y.channel === ch.name)!;
    const obs = data.main.subarray(ch.offset, ch.offset + ch.nBins);
    ch.axes.forEach((ax, i) => {
      const samples = cy.samples.map((s, k) => ({ name: s.sample, values: projectOnAxis(s.perBin, ch.shape, i), color: paletteColor(k) }));
      const layers: Layer[] = [
        { kind: 'stack', edges: ax.edges, samples },
        { kind: 'points', name: 'data', edges: ax.edges, values: projectOnAxis(obs, ch.shape, i) },
      ];
      out[`${ch.name}-${ax.name}.svg`] = renderFigure({ title: `${title}: ${ch.name}`, x: { label: axisLabel(ax) }, y: { label: 'events / bin', min: 0 } }, layers);
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
): Record<string, string> {
  const ch = model.channels.find((c) => c.name === channel);
  if (!ch) throw new Error(`no channel ${channel}`);
  const cy = model.sampleYields(pars).find((y) => y.channel === channel)!;
  const obs = data.main.subarray(ch.offset, ch.offset + ch.nBins);
  const inWindow = ch.axes.map((ax) => {
    const w = window[ax.name];
    return Array.from({ length: ax.edges.length - 1 }, (_, i) => !w || (ax.edges[i]! >= w[0] - 1e-9 && ax.edges[i + 1]! <= w[1] + 1e-9));
  });
  const strides = ch.shape.map((_, a) => ch.shape.slice(a + 1).reduce((p, n) => p * n, 1));
  const out: Record<string, string> = {};
  ch.axes.forEach((ax, a) => {
    for (const cut of [false, true]) {
      const keep = (b: number) => !cut || ch.shape.every((n, k) => k === a || inWindow[k]![Math.floor(b / strides[k]!) % n]!);
      const project = (v: ArrayLike<number>) => {
        const p = new Float64Array(ch.shape[a]!);
        for (let b = 0; b < v.length; b++) if (keep(b)) p[Math.floor(b / strides[a]!) % ch.shape[a]!]! += v[b]!;
        return p;
      };
      const layers: Layer[] = [
        { kind: 'stack', edges: ax.edges, samples: cy.samples.map((s, k) => ({ name: s.sample, values: project(s.perBin), color: paletteColor(k) })) },
        { kind: 'points', name: 'data', edges: ax.edges, values: project(obs) },
      ];
      const w = window[ax.name];
      const expTotal = project(cy.perBin);
      const dataTotal = project(obs);
      const top = Math.max(...expTotal, ...dataTotal.map((n) => n + Math.sqrt(n))) * 1.1 + 1;
      if (w) for (const x of w) layers.push({ kind: 'line', name: 'window', x: [x, x], y: [0, top], dash: true, color: '#444', width: 1.5 });
      const others = ch.axes.filter((_, k) => k !== a && window[ch.axes[k]!.name]).map((o) => `${o.name} ∈ [${window[o.name]![0]}, ${window[o.name]![1]})`);
      const label = cut && others.length ? `after cuts: ${others.join(', ')}` : 'before cuts';
      out[`${channel}-${ax.name}-${cut ? 'after' : 'before'}-cuts.svg`] = renderFigure({ title: `${title} — ${label}`, x: { label: axisLabel(ax) }, y: { label: 'events / bin', min: 0 } }, layers);
    }
  });
  return out;
}

/** Δ(−2lnL) along one parameter, with the 1σ and 95 % lines. */
export function scan1DPlot(s: Scan1DReport, title: string): string {
  const y = s.delta_twice_nll.map((v) => (v === null ? NaN : v));
  const lines: Layer[] = [
    { kind: 'line', name: 'profile Δ(−2lnL)', x: s.values, y },
    { kind: 'line', name: '68.3 % (Δ = 1)', x: [s.values[0]!, s.values[s.values.length - 1]!], y: [1, 1], dash: true, color: '#888', width: 1.5 },
    { kind: 'line', name: '95 % (Δ = 3.84)', x: [s.values[0]!, s.values[s.values.length - 1]!], y: [3.84, 3.84], dash: true, color: '#c44e52', width: 1.5 },
  ];
  return renderFigure({ title, x: { label: s.param }, y: { label: 'Δ(−2 ln L)', min: 0 } }, lines);
}

function logEdges(centres: readonly number[]): number[] {
  const n = centres.length;
  if (n === 1) return [centres[0]! / 1.2, centres[0]! * 1.2];
  const e: number[] = [];
  for (let i = 0; i <= n; i++) {
    if (i === 0) e.push(centres[0]! ** 1.5 / centres[1]! ** 0.5);
    else if (i === n) e.push(centres[n - 1]! ** 1.5 / centres[n - 2]! ** 0.5);
    else e.push(Math.sqrt(centres[i - 1]! * centres[i]!));
  }
  return e;
}

/** Allowed regions in m_A′ × Y (68.3 % and 95 % CL, two parameters) with the best-fit point. */
export function massYPlot(s: MassYScanReport, title: string): string {
  const xe = logEdges(s.masses_MeV);
  const ye = logEdges(s.Y);
  const ny = s.Y.length;
  const at = (i: number, j: number) => s.delta_twice_nll[i * ny + j];
  const layers: Layer[] = [
    { kind: 'region', name: '95 % CL allowed', xEdges: xe, yEdges: ye, inside: (i, j) => (at(i, j) ?? Infinity) < s.thresholds.cl95, color: '#8fb3de', opacity: 0.7 },
    { kind: 'region', name: '68.3 % CL allowed', xEdges: xe, yEdges: ye, inside: (i, j) => (at(i, j) ?? Infinity) < s.thresholds.cl68, color: '#2f5f9e', opacity: 0.85 },
  ];
  if (Number.isFinite(s.best.mass_MeV)) layers.push({ kind: 'marker', name: `best fit (${s.best.mass_MeV.toPrecision(3)} MeV, ${s.best.Y.toExponential(2)})`, x: s.best.mass_MeV, y: s.best.Y, color: '#c44e52' });
  return renderFigure(
    { title, x: { label: "m_A' (MeV)", scale: 'log', min: xe[0], max: xe[xe.length - 1] }, y: { label: 'Y = ε² α_D (m_χ/m_A′)⁴', scale: 'log', min: ye[0], max: ye[ye.length - 1] } },
    layers,
  );
}

/** One exclusion curve for the combined limit plot. */
export interface CurveForPlot {
  readonly name: string;
  readonly massesMeV: readonly number[];
  readonly observed: ReadonlyArray<number | null>;
  /** Expected band: arrays of length 5 (−2σ … +2σ) per mass. */
  readonly expected: ReadonlyArray<ReadonlyArray<number | null>>;
}

/** Existing limits (digitised) to overlay. */
export interface OverlayCurve {
  readonly name: string;
  readonly massesMeV: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** All exclusion curves on one plot (observed solid, expected median dashed, ±1σ/±2σ bands for a single curve). */
export function limitPlot(curves: readonly CurveForPlot[], overlays: readonly OverlayCurve[], title: string, cl: number): string {
  const layers: Layer[] = [];
  const nan = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
  if (curves.length === 1) {
    const c = curves[0]!;
    layers.push({ kind: 'band', name: 'expected ±2σ', x: c.massesMeV, lo: c.expected.map((e) => nan(e[0])), hi: c.expected.map((e) => nan(e[4])), color: '#f5e663', opacity: 0.8 });
    layers.push({ kind: 'band', name: 'expected ±1σ', x: c.massesMeV, lo: c.expected.map((e) => nan(e[1])), hi: c.expected.map((e) => nan(e[3])), color: '#6fcf6f', opacity: 0.8 });
  }
  curves.forEach((c, k) => {
    const color = paletteColor(k);
    layers.push({ kind: 'line', name: `${c.name} expected`, x: c.massesMeV, y: c.expected.map((e) => nan(e[2])), color, dash: true });
    if (c.observed.some((v) => v !== null)) layers.push({ kind: 'line', name: `${c.name} observed`, x: c.massesMeV, y: c.observed.map(nan), color });
  });
  // Existing limits in muted colours distinct from the analysis curves' palette, drawn thinner.
  const muted = ['#7f7f7f', '#b07aa1', '#9c755f', '#76b7b2', '#edc948', '#59a14f', '#bab0ac'];
  overlays.forEach((o, k) => layers.push({ kind: 'line', name: o.name, x: o.massesMeV, y: o.y, color: muted[k % muted.length]!, width: 1.4 }));
  return renderFigure(
    { title, x: { label: "m_A' (MeV)", scale: 'log', min: 1, max: 300 }, y: { label: `Y = ε² α_D (m_χ/m_A′)⁴, ${Math.round(cl * 100)} % CL`, scale: 'log' } },
    layers,
  );
}
