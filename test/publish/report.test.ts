import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { CLI } from '../../scripts/cli-path.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = CLI;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
/** The report and the screenshot land here (kept after the run as a CI artifact). */
const OUT = process.env.CEVNSFIT_REPORT_TEST_OUT ?? join(root, 'test-artifacts', 'report');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cevnsfit report', () => {
  let summary: { index: string; analyses: Array<{ name: string; command: string; config_sha256: string; figures: string[]; explorer?: string; figure_note?: string }> };

  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    // The limit runs on three masses (a reduced grid) and is collected from its --out directory; the other two
    // analyses are run by the report itself.
    // SVG only: the report redraws its figure from result.json.
    const lim = run(['limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.mass_MeV=[10,75,138]', '--workers', '1', '--json', '--out', join(OUT, 'csi2017-dm-limit'), '--format', 'svg']);
    expect(lim.status, lim.stderr).toBe(0);
    const r = run(['report', 'fits/csi2017-dm.yaml', 'fits/lar2020-sm.yaml', join(OUT, 'csi2017-dm-limit'), '--out', OUT, '--json']);
    expect(r.status, r.stderr).toBe(0);
    summary = JSON.parse(r.stdout);
  }, 300_000);

  it('writes one self-contained page: Vega inlined, every figure spec embedded, no external reference', () => {
    expect(summary.analyses.map((a) => [a.name, a.command])).toEqual([
      ['csi2017-dm', 'compare'],
      ['lar2020-sm', 'fit'],
      ['csi2017-dm-limit', 'limit'],
    ]);
    // the collected SVG-only limit run: its figure redrawn from result.json, not "0 figures"
    expect(summary.analyses[2]!.figures).toEqual(['limits']);
    expect(summary.analyses[2]!.figure_note).toMatch(/redrawn from result\.json/);
    const html = readFileSync(join(OUT, 'index.html'), 'utf8');
    expect(html).toContain('vega'); // runtime inlined
    // the analyses run by the report link to their panel of one explorer page (cevnsfit explore); collected runs do not
    expect(summary.analyses.map((a) => a.explorer ?? null)).toEqual(['explore/index.html#a0', 'explore/index.html#a1', null]);
    expect(html).toContain('<a class="explorer" href="explore/index.html#a0">');
    expect(readFileSync(join(OUT, 'explore', 'index.html'), 'utf8')).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    // provenance: config sha256 of the file as run, dataset sha256s, cevnsfit version
    const cfg = readFileSync(join(root, 'fits/lar2020-sm.yaml'), 'utf8');
    expect(summary.analyses[1]!.config_sha256).toBe(createHash('sha256').update(cfg).digest('hex'));
    expect(html).toContain(summary.analyses[1]!.config_sha256);
    // the collected limit run kept no config.yaml: its hash is the config's, from result.json's provenance (not sha256 of '')
    const limCfg = readFileSync(join(root, 'fits/csi2017-dm-limit.yaml'));
    expect(summary.analyses[2]!.config_sha256).toBe(createHash('sha256').update(limCfg).digest('hex'));
    expect(html).toContain(`Config <code>fits/csi2017-dm-limit.yaml</code> (sha256 <code>${summary.analyses[2]!.config_sha256}</code>`);
    const manifest = JSON.parse(readFileSync(join(root, 'datasets/coherent-lar-2020/manifest.json'), 'utf8')) as { files: Array<{ sha256: string }> };
    for (const f of manifest.files) expect(html).toContain(f.sha256);
    // downloads of the JSON and the HEPData files as data: URLs
    expect(html).toMatch(/download="result.json" href="data:application\/json;base64,/);
    expect(html).toMatch(/download="submission.yaml" href="data:application\/x-yaml;base64,/);
  });

  it.runIf(HAVE_CHROMIUM)(
    'loads in headless Chromium with no console error and no network request; every plot renders with non-zero size',
    async () => {
      const { chromium } = await import('playwright-core');
      const profile = mkdtempSync(join(tmpdir(), 'cevnsfit-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1400, height: 900 },
      });
      try {
        const pageUrl = pathToFileURL(join(OUT, 'index.html')).href;
        const blocked: string[] = [];
        await context.route('**/*', (route) => {
          const url = route.request().url();
          if (url === pageUrl) return route.continue();
          blocked.push(url);
          return route.abort();
        });
        const page = context.pages()[0] ?? (await context.newPage());
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pageUrl, { waitUntil: 'load' });
        const nPlots = await page.locator('.plot').count();
        expect(nPlots).toBe(summary.analyses.reduce((s, a) => s + a.figures.length, 0));
        await page.waitForFunction((n) => document.body.dataset.plotsRendered === String(n), nPlots, { timeout: 60_000 });
        const sizes = await page.$$eval('.plot', (els) => els.map((el) => {
          const svg = el.querySelector('svg');
          const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
          return { id: el.id, w: r.width, h: r.height, marks: el.querySelectorAll('path, line, rect').length, rendered: (el as HTMLElement).dataset.rendered };
        }));
        for (const s of sizes) {
          expect(s.rendered, s.id).toBe('true');
          expect(s.w, s.id).toBeGreaterThan(100);
          expect(s.h, s.id).toBeGreaterThan(100);
          expect(s.marks, s.id).toBeGreaterThan(10);
        }
        expect(errors).toEqual([]);
        expect(blocked).toEqual([]);
        await page.screenshot({ path: join(OUT, 'screenshot.png'), fullPage: true });
        expect(statSync(join(OUT, 'screenshot.png')).size).toBeGreaterThan(10_000);
        // Control: the interception does see a request when one is made.
        await page.goto('http://cevnsfit.invalid/').catch(() => undefined);
        expect(blocked).toEqual(['http://cevnsfit.invalid/']);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it.runIf(!HAVE_CHROMIUM)('browser test: Chromium is required in CI', () => {
    const how = `no Chromium at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (bash .ci/run does) or set CHROMIUM_PATH`;
    if (IN_CI) throw new Error(`the report browser test cannot run: ${how}`);
    console.warn(`SKIPPED the report browser test: ${how}`);
  });

  afterAll(() => {
    /* the output directory is kept as an artifact */
  });
});

describe('cevnsfit report on a collected directory whose result.json is not of its kind', () => {
  it('fails with the file and the missing key named, and writes no page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-report-bad-'));
    try {
      const run1 = join(dir, 'fit-run');
      mkdirSync(run1);
      // a fit result without its "parameters"
      writeFileSync(join(run1, 'result.json'), JSON.stringify({ command: 'fit', config: 'toy', status: { converged: true }, yields: {}, observed: 3 }));
      const r = run(['report', run1, '--out', join(dir, 'report'), '--json']);
      expect(r.status).toBe(1);
      const err = (JSON.parse(r.stdout) as { error: { message: string } }).error.message;
      expect(err).toContain(join(run1, 'result.json'));
      expect(err).toContain('key "parameters" missing');
      expect(existsSync(join(dir, 'report', 'index.html'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
