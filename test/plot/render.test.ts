import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFormats, renderSvg, svgToPdf, svgToPng, writeFigures, toVega } from '../../src/plot/render.js';
import { spectrumFigure, xyFigure } from '../../src/plot/figures.js';
import { COMPONENT_COLORS, SIZES, componentOf, logTicks, sampleColor } from '../../src/plot/style.js';

type Layer = { data: { values: Array<Record<string, number | string>> }; mark: { type: string } | string };
const markType = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);

describe('house style', () => {
  it('gives each of the eight components its own colour and maps the experiments\' sample names to them', () => {
    const c = ['cevns', 'delayed_nu', 'prompt_nu', 'brn', 'nin', 'ss', 'dm', 'nsi'] as const;
    expect(new Set(c.map((k) => COMPONENT_COLORS[k])).size).toBe(8);
    expect(componentOf('ss')).toBe('ss');
    expect(componentOf('brn_prompt')).toBe('brn');
    expect(componentOf('nin')).toBe('nin');
    expect(componentOf('prompt_nu')).toBe('prompt_nu');
    expect(componentOf('delayed_nu')).toBe('delayed_nu');
    expect(componentOf('cevns')).toBe('cevns');
    expect(componentOf('dm')).toBe('dm');
    expect(sampleColor('brn', 0)).toBe(sampleColor('brn_delayed', 5));
  });

  it('puts log ticks on decades (1-2-5 steps on short ranges)', () => {
    expect(logTicks(1, 300)).toEqual([1, 10, 100]);
    expect(logTicks(1, 20)).toEqual([1, 2, 5, 10, 20]);
    expect(logTicks(1e-11, 1e-4)).toEqual([1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4]);
    expect(() => logTicks(0, 1)).toThrow(/0 < lo < hi/);
  });
});

describe('spectrumFigure', () => {
  const fig = spectrumFigure([0, 1, 2], {
    title: 't',
    x: { title: 'energy (PE)' },
    stack: [
      { name: 'steady state', values: [2, 4], color: COMPONENT_COLORS.ss },
      { name: 'CEvNS', values: [3, 1], color: COMPONENT_COLORS.cevns },
    ],
    observed: [9, 1],
  });
  const spec = fig.spec as { vconcat: Array<{ layer: Layer[]; height: number }> };

  it('stacks the components and draws the pulls (n − ν)/√ν against the stack total in a panel underneath', () => {
    expect(spec.vconcat).toHaveLength(2);
    const rects = spec.vconcat[0]!.layer.find((l) => markType(l) === 'rect')!.data.values;
    // bin 0: steady state 0..2, CEvNS 2..5; bin 1: 0..4, 4..5
    expect(rects.map((r) => [r.name, r.y0, r.y1])).toEqual([
      ['steady state', 0, 2],
      ['steady state', 0, 4],
      ['CEvNS', 2, 5],
      ['CEvNS', 4, 5],
    ]);
    const pulls = spec.vconcat[1]!.layer.find((l) => markType(l) === 'point')!.data.values.map((r) => r.pull as number);
    // total 5 in both bins: (9 − 5)/√5 and (1 − 5)/√5
    expect(pulls[0]).toBeCloseTo(4 / Math.sqrt(5), 12);
    expect(pulls[1]).toBeCloseTo(-4 / Math.sqrt(5), 12);
    expect(spec.vconcat[1]!.height).toBe(SIZES.pullHeight);
  });

  it('renders headless to SVG with the axis title, and the legend inside the frame at its top right', async () => {
    const svg = await renderSvg(fig);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('energy (PE)');
    expect(svg).toContain('>pull<');
    const legend = /<g class="mark-group role-legend"[^>]*><g transform="translate\(([\d.]+),/.exec(svg);
    expect(legend).not.toBeNull();
    expect(Number(legend![1])).toBeGreaterThan(SIZES.width / 2);
    expect(Number(legend![1])).toBeLessThan(SIZES.width);
  }, 30_000);
});

describe('formats', () => {
  const fig = xyFigure({
    title: 'limit',
    x: { title: 'm_A′ (MeV)', scale: 'log', domain: [1, 300] },
    y: { title: 'Y', scale: 'log', domain: [1e-12, 1e-6] },
    curves: [{ name: 'observed ν', x: [1, 10, 100, 300], y: [1e-10, null, 1e-9, 1e-8], color: '#000000', dash: true }],
  });

  it('splits a curve at undefined points instead of bridging them', async () => {
    const rows = ((await toVega(fig)) as { data: Array<{ name: string; values?: Array<{ seg: string }> }> }).data.flatMap((d) => d.values ?? []);
    expect(new Set(rows.map((r) => r.seg)).size).toBe(2);
  });

  it('parses --format and names the option on bad input', () => {
    expect(parseFormats(undefined)).toEqual(['svg']);
    expect(parseFormats('svg, PNG,pdf,svg')).toEqual(['svg', 'png', 'pdf']);
    expect(() => parseFormats('svg,jpg')).toThrow(/--format.*svg, png, pdf, vega.*"svg,jpg"|svg, png, pdf, vega.*"svg,jpg"/);
  });

  it('writes SVG, PNG (300 dpi: 300/72 × the SVG size in pt) and a vector PDF of the SVG size with an embedded Unicode font', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-fig-'));
    const paths = await writeFigures(dir, { limits: fig }, ['svg', 'png', 'pdf', 'vega']);
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(['limits.svg', 'limits.png', 'limits.pdf', 'limits.vg.json']);
    const svg = readFileSync(join(dir, 'limits.svg'), 'utf8');
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!.map(Number);
    const png = readFileSync(join(dir, 'limits.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(Math.abs(png.readUInt32BE(16) - (300 / 72) * w!)).toBeLessThanOrEqual(1);
    expect(Math.abs(png.readUInt32BE(20) - (300 / 72) * h!)).toBeLessThanOrEqual(1);
    const pdf = readFileSync(join(dir, 'limits.pdf')).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(new RegExp(`/MediaBox \\[0 0 ${w} ${h}\\]`));
    if (existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) expect(pdf).toContain('DejaVuSans');
    expect(JSON.parse(readFileSync(join(dir, 'limits.vg.json'), 'utf8')).$schema).toMatch(/vega\/v/);
  });

  it('draws text in the PNG (a font is found): the title row is not blank', async () => {
    const svg = await renderSvg(fig);
    const noText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');
    expect(Buffer.from(await svgToPng(svg)).equals(Buffer.from(await svgToPng(noText)))).toBe(false);
    await expect(svgToPdf('<svg></svg>')).rejects.toThrow(/width\/height/);
  });
});
