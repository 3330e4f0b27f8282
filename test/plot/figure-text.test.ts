/**
 * Every figure type, rendered to SVG as the CLI writes it: no text node shows markup or an internal name (no "_",
 * no config id unless the config's label is that id), and the single-column size is one journal column wide.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configLabel, loadAnalysisConfig, type LoadedAnalysis } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
import { compareTimePlots, cutSpectrumPlots, limitPlot, massYPlot, scan1DPlot, spectrumPlots } from '../../src/analyses/plots.js';
import type { CompareReport, Scan1DReport } from '../../src/analyses/run.js';
import { renderSvg, svgToPng, type Figure } from '../../src/plot/render.js';
import { typesetRuns, textWidth } from '../../src/plot/style.js';
import { existingLimitOverlays, relicOverlay } from '../../src/cli/commands/shardable.js';
import { familyOf } from '../../src/analyses/families/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const fits = readdirSync(join(root, 'fits')).filter((f) => f.endsWith('.yaml'));
const configs = new Map<string, LoadedAnalysis>(fits.map((f) => [f, loadAnalysisConfig(join(root, 'fits', f))]));
const cfg = (f: string) => configs.get(f)!;
/** Config ids that must not appear in figure text (unless a config's label is its id). */
const ids = [...configs.values()].map((l) => l.config.name).filter((id) => ![...configs.values()].some((l) => configLabel(l.config) === id));

/** Text of every <text> element of an SVG (tspans joined), entities decoded. */
function textNodes(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const t = m[1]!.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    out.push(t);
  }
  return out;
}

const svgWidth = (svg: string) => Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);

// Mass × Y scan: Δ(−2lnL) = ((log10 m − 1.5)/0.3)² + ((log10 Y + 8)/0.8)², one failed point.
const masses = Array.from({ length: 30 }, (_, i) => 10 ** ((Math.log10(300) * i) / 29));
const ys = Array.from({ length: 40 }, (_, j) => 10 ** (-11 + (7 * j) / 39));
const grid: Array<number | null> = masses.flatMap((m) => ys.map((y) => ((Math.log10(m) - 1.5) / 0.3) ** 2 + ((Math.log10(y) + 8) / 0.8) ** 2));
grid[7] = null;
const scan = { masses_MeV: masses, Y: ys, delta_twice_nll: grid, best: { mass_MeV: 31.6, Y: 1e-8, twice_nll: 0 }, thresholds: { cl68: 2.2957, cl95: 5.9915 } };

function limitCurve(file: string, scale: number, failed = false) {
  const l = cfg(file).config;
  const m = [1, 10, 100, 300];
  return {
    name: l.name,
    label: configLabel(l),
    massesMeV: m,
    status: m.map((_, i) => (failed && i === 1 ? 'failed' : 'ok')),
    observed: m.map((x, i) => (failed && i === 1 ? null : scale * 1e-11 * (1 + x / 50) ** 2)),
    expected: m.map((x) => [0.5, 0.7, 1, 1.4, 2].map((k) => k * scale * 1e-11 * (1 + x / 50) ** 2)),
  };
}

describe('figure text', () => {
  const figures: Record<string, Figure> = {};
  const svgs: Record<string, string> = {};

  beforeAll(async () => {
    // fit spectra (SM model at its nominal point; axes of LAr: energy and time) and count (CsI before/after cuts)
    const lar = cfg('lar2020-sm.yaml');
    const exp = await buildExperiment(lar.config);
    const a = assembleHypothesis(exp, 'sm', { parameterSets: lar.parameterSets });
    Object.assign(figures, spectrumPlots(a.model, a.data, a.model.params.init, exp.background.signalChannels, `${configLabel(lar.config)}, SM fit`));
    const cc = cfg('csi2017-cut-and-count.yaml');
    const full = await buildExperiment({ ...cc.config, region: {} });
    const ac = assembleHypothesis(full, 'sm', { parameterSets: cc.parameterSets });
    for (const ch of full.background.signalChannels) Object.assign(figures, cutSpectrumPlots(ac.model, ac.data, ac.model.params.init, ch, cc.config.region, configLabel(cc.config), { size: 'single' }));
    // compare: the time projections of three hypotheses
    const tp = { C: { edges_us: [0, 1, 2, 4, 8, 12], observed: [10, 20, 8, 5, 4], expected: [11, 18, 9, 5, 3.5], pull: [0, 0, 0, 0, 0] } };
    const hyp = (dm?: { mass_MeV: number; Y: number }) => ({ twice_nll: 1, converged: true, parameters: { nu_flux: 1, g_e: 0 }, extra_dof: 1, delta_twice_nll: 0, p_value_sm: null, z_vs_sm: null, pulls: { pulls: {}, time_projection: tp, failing_time_bins: {} }, yields: {}, ...(dm ? { dm } : {}) });
    const compare = { hypotheses: { sm: hyp(), dm: hyp({ mass_MeV: 75.123, Y: 1e-9 }), nsi: hyp() } } as unknown as CompareReport;
    Object.assign(figures, compareTimePlots(compare, configLabel(cfg('csi2017-dm.yaml').config)));
    // scans: a 1-D profile of a parameter with underscores in its name, and the mass × Y allowed region
    const s1: Scan1DReport = { param: 'nu_flux', values: [0.8, 0.9, 1, 1.1, 1.2], delta_twice_nll: [4, 1, 0, 1, 4] } as unknown as Scan1DReport;
    figures['scan-nu_flux'] = scan1DPlot(s1, configLabel(cfg('csi2017-dm.yaml').config));
    figures['scan-mass-Y'] = massYPlot(scan, configLabel(cfg('csi2017-dm.yaml').config), { benchmarkMassMeV: 138, overlays: existingLimitOverlays({ alphaD: 0.5, ratio: 3 }), size: 'single' });
    // limits: several configs with existing limits and bands per curve; the two-mediator family's axes
    figures.limits = limitPlot(
      [limitCurve('csi2017-dm-limit.yaml', 1), limitCurve('lar2020-dm-limit.yaml', 2, true), limitCurve('coherent-combined-dm-limit.yaml', 0.5)],
      [...existingLimitOverlays({ alphaD: 0.5, ratio: 3 }), relicOverlay({ alphaD: 0.5, ratio: 3, spin: 'diracFermion' })!],
      undefined,
      0.9,
      undefined,
      { bands: true },
    );
    const two = familyOf('two-mediator');
    figures['limits-two-mediator'] = limitPlot([limitCurve('coherent-two-mediator-limit.yaml', 1)], [], undefined, 0.9, { coupling: two.coupling.formula, massLabel: two.massLabel }, { size: 'single' });
    for (const [name, fig] of Object.entries(figures)) svgs[name] = await renderSvg(fig);
    // CEVNSFIT_FIGURE_TEXT_PNG=DIR: also write the figures as PNG there, to look at them.
    const dir = process.env.CEVNSFIT_FIGURE_TEXT_PNG;
    if (dir) for (const [name, svg] of Object.entries(svgs)) writeFileSync(join(dir, `${name}.png`), await svgToPng(svg));
  }, 180_000);

  it('covers every figure type', () => {
    const names = Object.keys(figures);
    for (const re of [/^lar-/, /-before-cuts$/, /-after-cuts$/, /^compare-/, /^scan-nu_flux$/, /^scan-mass-Y$/, /^limits$/, /^limits-two-mediator$/]) expect(names.some((n) => re.test(n)), String(re)).toBe(true);
  });

  it('has no "_" and no config id in any text node (markup typeset, names from labels)', async () => {
    for (const name of Object.keys(figures)) {
      const texts = textNodes(svgs[name]!);
      expect(texts.length, name).toBeGreaterThan(5);
      for (const t of texts) {
        expect(t, `${name}: "${t}"`).not.toContain('_');
        expect(t, `${name}: "${t}"`).not.toMatch(/\^\{/);
        for (const id of ids) expect(t.includes(id), `${name}: "${t}" contains the config id ${id}`).toBe(false);
      }
    }
  });

  it('draws subscripts as shifted tspans, legends from config labels, decades as 10ⁿ, and failed points as a note', async () => {
    const svg = svgs.limits!;
    expect(svg).toMatch(/m<tspan baseline-shift="sub" font-size="70%">A′<\/tspan> \(MeV\)/);
    const texts = textNodes(svg);
    for (const l of ['COHERENT CsI (2017)', 'COHERENT LAr (2020)', 'observed', 'expected (median)', 'excluded by existing limits']) expect(texts).toContain(l);
    // the computed relic target of the config's χ type (src/physics/dm/relic.ts), labelled with it
    expect(texts.some((t) => /^thermal relic \(.+ χ\)$/.test(t))).toBe(true);
    expect(texts.some((t) => /^10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(t))).toBe(true);
    expect(texts.some((t) => /e-\d/.test(t))).toBe(false);
    expect(texts.some((t) => t.includes('COHERENT LAr (2020): 1 of 4 masses failed (gaps)'))).toBe(true);
    const scanTexts = textNodes(svgs['scan-mass-Y']!);
    expect(scanTexts.some((t) => /^1 of 1200 grid points failed or did not converge/.test(t))).toBe(true);
  });

  it('fits one journal column (3.4 in = 244.8 pt) with --figure-size single and the page width (7 in) with double', async () => {
    for (const name of ['scan-mass-Y', 'limits-two-mediator', 'coincidence-pe-after-cuts']) {
      const w = svgWidth(svgs[name]!);
      expect(w, name).toBeGreaterThan(0.9 * 244.8);
      expect(w, name).toBeLessThanOrEqual(244.8 + 3);
    }
    const w = svgWidth(svgs.limits!);
    expect(w).toBeGreaterThan(0.9 * 504);
    expect(w).toBeLessThanOrEqual(504 + 5);
  });
});

describe('typeset markup', () => {
  it('splits sub- and superscripts, keeping a prime with its letter', () => {
    expect(typesetRuns('m_A′ (MeV)')).toEqual([{ text: 'm', shift: null }, { text: 'A′', shift: 'sub' }, { text: ' (MeV)', shift: null }]);
    expect(typesetRuns('ε_{eff}^2')).toEqual([{ text: 'ε', shift: null }, { text: 'eff', shift: 'sub' }, { text: '2', shift: 'super' }]);
    expect(typesetRuns('a_')).toEqual([{ text: 'a_', shift: null }]);
  });

  it('measures text in DejaVu Sans advance widths (sub/superscripts at 70 %)', () => {
    // "il" = 0.278 + 0.278 em; "mA′" with A′ subscript = 0.974 + 0.7·(0.72 + 0.3) em
    expect(textWidth('il', 10)).toBeCloseTo(5.56, 10);
    expect(textWidth('m_A′', 10)).toBeCloseTo(9.74 + 0.7 * 10.2, 10);
  });
});
