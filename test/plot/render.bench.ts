import { bench, describe } from 'vitest';
import { limitPlot } from '../../src/analyses/plots.js';
import { renderSvg, svgToPdf, svgToPng } from '../../src/plot/render.js';

// A limit figure like `cevnsfit limit` draws: one curve of 100 masses with its bands, six existing limits.
const masses = Array.from({ length: 100 }, (_, i) => 300 ** (i / 99));
const y = masses.map((m) => 1e-10 * (1 + (m / 100) ** 4));
const fig = limitPlot(
  [{ name: 'csi', massesMeV: masses, observed: y, expected: y.map((v) => [0.5, 0.7, 1, 1.4, 2].map((k) => k * v)) }],
  Array.from({ length: 6 }, (_, k) => ({ name: `existing ${k}`, massesMeV: masses, y: masses.map((m) => 1e-11 * (k + 1) * m ** 0.5), ...(k < 5 ? { excluded: 'above' as const } : {}) })),
  'limits',
  0.9,
);
let svg = '';

describe('figure rendering (limit figure, 100 masses + 6 overlays)', () => {
  bench('Vega-Lite spec -> SVG (headless vega View.toSVG)', async () => {
    svg = await renderSvg(fig);
  }, { time: 2000, setup: async () => { svg = await renderSvg(fig); } });
  bench('SVG -> PNG (resvg, 300 dpi)', async () => {
    await svgToPng(svg);
  }, { time: 2000, setup: async () => { svg = await renderSvg(fig); } });
  bench('SVG -> PDF (PDFKit + svg-to-pdfkit)', async () => {
    await svgToPdf(svg);
  }, { time: 2000, setup: async () => { svg = await renderSvg(fig); } });
});
