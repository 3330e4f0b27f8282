import { describe, it, expect } from 'vitest';
import { reportHtml, vegaRuntime, type ReportAnalysis } from '../../src/publish/report.js';
import type { Provenance } from '../../src/publish/provenance.js';

const prov: Provenance = { cevnsfit_version: '9.9.9', node_version: 'v20', date: '2026-01-01T00:00:00.000Z', command_line: 'cevnsfit report x.yaml --out r/', datasets: [{ name: 'd', state: 'installed', files: [{ path: 'f.txt', sha256: 'a'.repeat(64), state: 'ok' }] }] };

function analysis(over: Partial<ReportAnalysis> = {}): ReportAnalysis {
  return {
    name: 'toy',
    description: 'a <b>toy</b>',
    configFile: 'toy.yaml',
    configText: 'name: toy\n# </script><script>alert(1)</script>\n',
    configSha256: 'b'.repeat(64),
    command: 'fit',
    result: { command: 'fit', status: { converged: false, message: 'EDM above tolerance', at_limit: ['brn_norm'] }, parameters: { mu: { value: 1.25, error: 0.5 } }, yields: { cevns: { value: 10, error: 2 } }, observed: 12 },
    figures: [{ name: 'spec</script>', vega: { marks: [{ type: 'text', encode: { enter: { text: { value: '</script><b>' } } } }] } }],
    downloads: [{ path: 'toy/result.json', content: '{"a":1}', mime: 'application/json' }],
    ms: 1234,
    ...over,
  };
}

describe('reportHtml', () => {
  const html = reportHtml([analysis()], prov, 'var vega = {};');

  it('escapes configs, names and embedded specs so nothing ends the page\'s scripts early', () => {
    // Exactly the three script blocks of the page: the runtime, the specs, the renderer.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('a &lt;b&gt;toy&lt;/b&gt;');
    const specs = JSON.parse(/<script id="specs" type="application\/json">([^<]*)<\/script>/.exec(html)![1]!) as Record<string, { marks: Array<{ encode: { enter: { text: { value: string } } } }> }>;
    expect(specs['a0-p0']!.marks[0]!.encode.enter.text.value).toBe('</script><b>');
  });

  it('shows the health first: not converged and parameters at a bound are flagged', () => {
    expect(html).toContain('<span class="badge bad">fit NOT converged: EDM above tolerance</span>');
    expect(html).toContain('<span class="badge bad">at bound: brn_norm</span>');
  });

  it('carries provenance and the downloads as data: URLs, and forbids network access by CSP', () => {
    expect(html).toContain('cevnsfit 9.9.9');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('b'.repeat(64));
    expect(html).toContain(`href="data:application/json;base64,${Buffer.from('{"a":1}').toString('base64')}"`);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('inlines the Vega runtime of node_modules', () => {
    const js = vegaRuntime();
    expect(js.length).toBeGreaterThan(100_000);
    expect(js).toMatch(/vega/);
  });
});

describe('report sections', () => {
  const masses = Array.from({ length: 20 }, (_, i) => 1 + i * 15.7);
  const scan = analysis({
    name: 'scan',
    command: 'scan',
    result: {
      command: 'scan',
      kind: 'mass-Y',
      masses_MeV: [1, 2],
      Y: [1e-9, 1e-8],
      delta_twice_nll: [0, null, 3, 4],
      converged: [true, null, false, true],
      best: { mass_MeV: 1, Y: 1e-9, twice_nll: 1234.5678 },
      twice_nll_sm: 1240.1,
    },
  });
  const limit = analysis({
    name: 'lim',
    command: 'limit',
    result: { command: 'limit', curves: [{ name: 'x', label: 'X', cl: 0.9, method: 'cls', data: 'observed', mass_label: 'm_A′', coupling: { name: 'Y' }, points: masses.map((m) => ({ mass: m, coupling_obs: 1.23456e-10, coupling_exp: [1, 2, 3, 4, 5].map((k) => k * 1e-10), status: 'ok' })) }] },
  });
  const fit = analysis({
    result: { command: 'fit', status: { converged: true, message: 'ok' }, parameters: {}, yields: {}, observed: 3, twice_nll: 87.123456, gof: { chi2: 10.5, n_bins: 12, p_value: 0.57 }, best_fit: { mass_MeV: 1, Y: 1e-9, twice_nll: 87.1, on_grid_edge: true } },
  });
  const html = reportHtml([scan, limit, fit], prov, 'var vega = {};');
  const sec = (id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));

  it('puts health and warnings first: grid edge, failed and non-converged points', () => {
    const s = sec('a0');
    expect(s).toContain('2 of 4 scan points failed or not converged');
    // a DM fit profiled over the mass grid whose best mass is the first one
    expect(sec('a2')).toMatch(/best fit on the grid edge at 1 MeV/);
    expect(sec('a2').indexOf('grid edge')).toBeLessThan(sec('a2').indexOf('class="desc"'));
    expect(s.indexOf('class="health"')).toBeLessThan(s.indexOf('class="desc"'));
  });

  it('shows figures before tables, collapses long tables, and formats −2lnL to 0.01 and masses to 3 digits', () => {
    const s = sec('a1');
    expect(s.indexOf('class="plots"')).toBeLessThan(s.indexOf('<table'));
    expect(s).toMatch(/<details class="long"><summary>X: 90 % CL CLs limits on Y \(observed data\) \(20 rows\)<\/summary><table>/);
    expect(s).toContain('<td>16.7</td>');
    expect(s).toContain('<td class="num">1.23e-10</td>');
    expect(sec('a0')).toContain('−2 ln L = 1234.57');
    expect(sec('a0')).toContain('SM −2 ln L = 1240.10');
    expect(sec('a2')).toContain('−2 ln L = 87.12');
  });
});

