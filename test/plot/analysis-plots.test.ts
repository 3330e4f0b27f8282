import { describe, it, expect } from 'vitest';
import { massYPlot, limitPlot } from '../../src/analyses/plots.js';
import { renderSvg } from '../../src/plot/render.js';

type Row = { name: string; x: number; y: number | null; seg?: string; shape?: string };
function rows(spec: Record<string, unknown>): Row[] {
  return (spec.layer as Array<{ data: { values: Row[] } }>).flatMap((l) => l.data.values);
}

// Δ(−2lnL) = ((log10 m − 1.5)/0.3)² + ((log10 Y + 8)/0.8)²: circle-like allowed region around (31.6 MeV, 1e-8).
const masses = Array.from({ length: 30 }, (_, i) => 10 ** ((Math.log10(300) * i) / 29));
const ys = Array.from({ length: 40 }, (_, j) => 10 ** (-11 + (7 * j) / 39));
const grid = masses.flatMap((m) => ys.map((y) => ((Math.log10(m) - 1.5) / 0.3) ** 2 + ((Math.log10(y) + 8) / 0.8) ** 2));
const scan = { masses_MeV: masses, Y: ys, delta_twice_nll: grid as Array<number | null>, best: { mass_MeV: 31.6, Y: 1e-8, twice_nll: 0 }, thresholds: { cl68: 2.2957, cl95: 5.9915 } };

describe('massYPlot', () => {
  it('draws the 68 % and 95 % regions as interpolated contour lines on the analytic ellipse, with the benchmark mass', () => {
    const fig = massYPlot(scan, 'region', { benchmarkMassMeV: 138, overlays: [{ name: 'LSND (existing)', massesMeV: [10, 100], y: [1e-10, 1e-9] }] });
    const r = rows(fig.spec);
    for (const [name, level] of [['68.3 % CL allowed', 2.2957], ['95 % CL allowed', 5.9915]] as const) {
      const pts = r.filter((p) => p.name === name);
      expect(pts.length).toBeGreaterThan(20);
      // Contour points lie on the analytic level set to within the linear-interpolation error along a cell edge,
      // A·h²/4 (A: coefficient of the squared log coordinate, h: cell size in decades).
      const bound = Math.max((Math.log10(300) / 29) ** 2 / 0.3 ** 2, (7 / 39) ** 2 / 0.8 ** 2) / 4;
      for (const p of pts) {
        const f = ((Math.log10(p.x) - 1.5) / 0.3) ** 2 + ((Math.log10(p.y!) + 8) / 0.8) ** 2;
        expect(Math.abs(f - level)).toBeLessThanOrEqual(bound * (1 + 1e-9));
      }
    }
    expect(r.some((p) => p.name === 'benchmark m_A′ = 138 MeV' && p.x === 138)).toBe(true);
    expect(r.some((p) => p.name === 'LSND (existing)')).toBe(true);
  });

  it('fills the regions, summarises failed and non-converged grid points in a note instead of marking them, and typesets the axes', async () => {
    const d = [...grid] as Array<number | null>;
    d[5] = null;
    const converged = d.map((_, k) => k !== 100);
    const fig = massYPlot({ ...scan, delta_twice_nll: d, converged }, 'region');
    expect(rows(fig.spec).filter((p) => p.shape === 'cross')).toEqual([]);
    expect((fig.spec.title as { subtitle: string[] }).subtitle).toEqual(['2 of 1200 grid points failed or did not converge (counted as outside)']);
    const layers = fig.spec.layer as Array<{ mark: { type: string; fillOpacity?: number }; data: { values: Row[] } }>;
    const filled = layers.filter((l) => l.mark.type === 'line' && l.mark.fillOpacity !== undefined).map((l) => l.data.values[0]!.name);
    expect(filled).toEqual(['95 % CL allowed', '68.3 % CL allowed']);
    const svg = await renderSvg(fig);
    expect(svg).toContain('m<tspan baseline-shift="sub" font-size="70%">A′</tspan> (MeV)');
  }, 30_000);
});

describe('limitPlot', () => {
  it('draws the ±1σ/±2σ bands of a single curve and leaves gaps where a limit is missing', () => {
    const fig = limitPlot(
      [{ name: 'csi', massesMeV: [1, 10, 100], observed: [1e-9, null, 1e-8], expected: [[1, 2, 3, 4, 5].map((k) => k * 1e-10), [null, null, null, null, null], [1, 2, 3, 4, 5].map((k) => k * 1e-9)] }],
      [],
      'limits',
      0.9,
    );
    const r = rows(fig.spec) as Array<Row & { lo?: number; hi?: number }>;
    const band1 = r.filter((p) => p.name === 'expected ±1σ');
    expect(band1.map((p) => [p.lo, p.hi])).toEqual([
      [2e-10, 4e-10],
      [2e-9, 4e-9],
    ]);
    const observed = r.filter((p) => p.name === 'csi' && (p as Row & { style?: string }).style === 'observed');
    expect(observed.map((p) => p.x)).toEqual([1, 100]);
    expect(new Set(observed.map((p) => p.seg)).size).toBe(2);
  });

  it('counts failed masses in a note', () => {
    const fig = limitPlot([{ name: 'csi', massesMeV: [1, 10], status: ['ok', 'failed'], observed: [1e-9, null], expected: [[null, null, 1e-9, null, null], [null, null, null, null, null]] }], [], 'limits', 0.9);
    expect(fig.spec.title).toEqual({ text: 'limits', subtitle: ['csi: 1 of 2 masses failed (gaps)'], subtitleFontSize: expect.any(Number), subtitleColor: expect.any(String), subtitleFontStyle: 'italic' });
  });
});
