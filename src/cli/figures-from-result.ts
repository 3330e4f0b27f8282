/**
 * Figures redrawn from a run's result.json alone (no model, no data): what `cevnsfit report` shows for a collected
 * --out directory that holds no Vega specs (a run with `--format svg` or png). Limits, mass × coupling scans, 1-D
 * profile scans and the time projections of `compare` carry everything their figures need; fit and count spectra
 * need the model and are not redrawn (the report embeds their static SVG files instead).
 */
import { compareTimePlots, massYPlot, scan1DPlot, type FigureOptions } from '../analyses/plots.js';
import { isResultKind, type ResultHead } from '../analyses/results.js';
import type { Figure } from '../plot/render.js';
import { existingLimitOverlays, limitFigure } from './commands/shardable.js';

/**
 * The figures of a result (checked with parseResultJson), keyed by the file stem the command writes; {} when the
 * result cannot be redrawn. `label`: the config's name in figures (limits and mass × coupling scans carry theirs).
 */
export function figuresFromResult(result: ResultHead, label?: string, fo: FigureOptions = {}): Record<string, Figure> {
  if (isResultKind(result, 'limit') && result.curves.length) {
    const bench = result.plot?.overlay_benchmark ?? null;
    return { limits: limitFigure(result.curves, bench ? existingLimitOverlays(bench) : [], fo) };
  }
  if (isResultKind(result, 'scan-mass-Y')) {
    // `plot` is absent in results of older runs: the figure then has the default axes and no overlays
    const p = result.plot as typeof result.plot | undefined;
    return {
      'scan-mass-Y': massYPlot(result, p?.label ?? label, {
        ...(p ? { couplingAxis: p.couplingAxis, massLabel: p.massLabel, benchmarkMassMeV: p.benchmarkMassMeV, overlays: p.overlayBenchmark ? existingLimitOverlays(p.overlayBenchmark) : [] } : {}),
        ...fo,
      }),
    };
  }
  if (isResultKind(result, 'scan-1d')) return { [`scan-${result.param}`]: scan1DPlot(result, label ?? '', fo) };
  if (isResultKind(result, 'compare') && result.hypotheses.sm) return compareTimePlots(result, label ?? '', fo);
  return {};
}
