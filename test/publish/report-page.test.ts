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
