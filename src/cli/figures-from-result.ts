/**
 * Figures redrawn from a run's result.json alone (no model, no data): what `cevnsfit report` shows for a collected
 * --out directory that holds no Vega specs (a run with `--format svg` or png). Limits, mass × coupling scans, 1-D
 * profile scans and the time projections of `compare` carry everything their figures need; fit and count spectra
 * need the model and are not redrawn (the report embeds their static SVG files instead).
 */
import { compareTimePlots, massYPlot, scan1DPlot, type FigureOptions } from '../analyses/plots.js';
import type { CompareReport, MassYScanReport, Scan1DReport } from '../analyses/run.js';
import type { Figure } from '../plot/render.js';
import { existingLimitOverlays, limitFigure, type LimitCurveJson, type MassYPlotSettings } from './commands/shardable.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The figures of a result, keyed by the file stem the command writes; {} when the result cannot be redrawn.
 * `label`: the config's name in figures (limits and mass × coupling scans carry theirs in the result).
 */
export function figuresFromResult(result: Obj, label?: string, fo: FigureOptions = {}): Record<string, Figure> {
  if (result.command === 'limit' && Array.isArray(result.curves) && result.curves.length) {
    const curves = result.curves as LimitCurveJson[];
    const bench = isObj(result.plot) && isObj(result.plot.overlay_benchmark) ? (result.plot.overlay_benchmark as { alphaD: number; ratio: number }) : null;
    return {
      limits: limitFigure(curves, bench ? existingLimitOverlays(bench) : [], fo),
    };
  }
  if (result.command === 'scan' && result.kind === 'mass-Y' && Array.isArray(result.masses_MeV)) {
    const s = result as unknown as MassYScanReport & { plot?: MassYPlotSettings };
    const p = s.plot;
    return {
      'scan-mass-Y': massYPlot(s, p?.label ?? label, {
        ...(p ? { couplingAxis: p.couplingAxis, massLabel: p.massLabel, benchmarkMassMeV: p.benchmarkMassMeV, overlays: p.overlayBenchmark ? existingLimitOverlays(p.overlayBenchmark) : [] } : {}),
        ...fo,
      }),
    };
  }
  if (result.command === 'scan' && result.kind === '1d' && typeof result.param === 'string') {
    const s = result as unknown as Scan1DReport;
    return { [`scan-${s.param}`]: scan1DPlot(s, label ?? '', fo) };
  }
  if (result.command === 'compare' && isObj(result.hypotheses) && isObj(result.hypotheses.sm)) {
    return compareTimePlots(result as unknown as CompareReport, label ?? '', fo);
  }
  return {};
}
