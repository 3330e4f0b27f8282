/**
 * Nuisance-parameter ranking figure (the layout physicists know from CMS Combine's impact plots and cabinetry's
 * ranking): one row per nuisance, ranked by post-fit impact, largest on top. Left panel: the pull (θ̂ − θ₀)/σ_pre with
 * the constraint σ_post/σ_pre as its error bar, on a ±1σ band. Right panel: the shift of the POI when the nuisance is
 * fixed at θ̂ ± σ_post (filled bars) and θ̂ ± σ_pre (open bars). Unconstrained parameters have no pull (no point).
 * No physics here; house style from ./style.ts.
 */
import type { Figure } from './render.js';
import { curveColor, DATA_COLOR } from './style.js';

/** One ranked row (as src/stats/infer/impacts.ts reports it). */
export interface RankingRow {
  readonly name: string;
  readonly pull: number | null;
  readonly constraint: number | null;
  readonly prefit: readonly [number, number] | null;
  readonly postfit: readonly [number, number];
}

export interface RankingOptions {
  readonly title: string;
  /** Axis title of the impacts (e.g. "Δ(CEvNS normalisation)"). */
  readonly poiLabel: string;
  /** Rows in rank order (largest impact first). At most `max` are drawn. */
  readonly rows: readonly RankingRow[];
  /** @default 20 */
  readonly max?: number;
}

const UP = curveColor(1);
const DOWN = curveColor(2);
const BAND = '#e6e6e6';
const ROW_PX = 26;

/** Pulls and impacts side by side, rows ranked. */
export function rankingFigure(o: RankingOptions): Figure {
  const rows = o.rows.slice(0, o.max ?? 20);
  const order = rows.map((r) => r.name);
  const height = Math.max(120, ROW_PX * rows.length);
  const pullRows = rows.filter((r) => r.pull !== null).map((r) => ({ name: r.name, pull: r.pull!, lo: r.pull! - (r.constraint ?? 0), hi: r.pull! + (r.constraint ?? 0) }));
  const pullMax = Math.max(2, ...pullRows.map((r) => Math.max(Math.abs(r.lo), Math.abs(r.hi)))) * 1.1;
  // One legend entry per direction; filled bars are the post-fit shifts, open bars the pre-fit ones (subtitle).
  const labels = { post: ['θ fixed at θ̂ + σ', 'θ fixed at θ̂ − σ'], pre: ['θ fixed at θ̂ + σ', 'θ fixed at θ̂ − σ'] };
  const impactRows: Array<Record<string, string | number>> = [];
  for (const r of rows) {
    impactRows.push({ name: r.name, kind: labels.post[0]!, v: r.postfit[1], fill: 'post' }, { name: r.name, kind: labels.post[1]!, v: r.postfit[0], fill: 'post' });
    if (r.prefit) impactRows.push({ name: r.name, kind: labels.pre[0]!, v: r.prefit[1], fill: 'pre' }, { name: r.name, kind: labels.pre[1]!, v: r.prefit[0], fill: 'pre' });
  }
  const impMax = Math.max(1e-12, ...impactRows.map((r) => Math.abs(r.v as number))) * 1.1;
  const Y = { field: 'name', type: 'nominal', sort: order, title: null, axis: { labelLimit: 220, grid: false } };
  const color = {
    field: 'kind',
    type: 'nominal',
    title: null,
    scale: { domain: labels.post, range: [UP, DOWN] },
    legend: { orient: 'bottom', columns: 2, symbolType: 'square' },
  };
  const pulls = {
    width: 220,
    height,
    layer: [
      { data: { values: [{ a: -1, b: 1 }] }, mark: { type: 'rect', color: BAND }, encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [-pullMax, pullMax], nice: false } }, x2: { field: 'b' } } },
      {
        data: { values: pullRows },
        mark: { type: 'rule', color: DATA_COLOR, strokeWidth: 1.5 },
        encoding: { y: Y, x: { field: 'lo', type: 'quantitative', title: '(θ̂ − θ₀)/σ_{pre}', scale: { domain: [-pullMax, pullMax], nice: false } }, x2: { field: 'hi' } },
      },
      {
        data: { values: pullRows },
        mark: { type: 'point', filled: true, color: DATA_COLOR, size: 50, opacity: 1 },
        encoding: { y: Y, x: { field: 'pull', type: 'quantitative' }, tooltip: [{ field: 'name' }, { field: 'pull', format: '.3f' }] },
      },
    ],
  };
  const impactsPanel = {
    width: 260,
    height,
    layer: [
      {
        data: { values: impactRows.filter((r) => r.fill === 'pre') },
        mark: { type: 'bar', filled: false, strokeWidth: 1.5, height: { band: 0.8 } },
        encoding: {
          y: { ...Y, axis: { labels: false, ticks: false, grid: false } },
          x: { field: 'v', type: 'quantitative', title: o.poiLabel, scale: { domain: [-impMax, impMax], nice: false } },
          x2: { datum: 0 },
          color,
          tooltip: [{ field: 'name' }, { field: 'kind' }, { field: 'v', format: '.4~g' }],
        },
      },
      {
        data: { values: impactRows.filter((r) => r.fill === 'post') },
        mark: { type: 'bar', opacity: 0.85, height: { band: 0.5 } },
        encoding: { y: { ...Y, axis: { labels: false, ticks: false, grid: false } }, x: { field: 'v', type: 'quantitative' }, x2: { datum: 0 }, color, tooltip: [{ field: 'name' }, { field: 'kind' }, { field: 'v', format: '.4~g' }] },
      },
    ],
  };
  const title = { text: o.title, subtitle: ['left: pull ± constraint (no point: unconstrained)', 'right: POI shift, filled bars σ post-fit, open bars σ pre-fit'] };
  return { spec: { title, hconcat: [pulls, impactsPanel], spacing: 12, resolve: { scale: { y: 'shared', color: 'shared' } } } };
}
