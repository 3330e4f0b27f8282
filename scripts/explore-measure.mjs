// Measure the explorer page in Debian's Chromium: size of index.html, and the #selftest timings (performance.now in
// the page's Web Worker) and main-thread heap, over several loads. Prints one JSON object.
//   npx tsc -p tsconfig.json && node scripts/explore-measure.mjs [config …] [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 3;
const configs = args.length ? args : ['fits/csi2017-dm.yaml', 'fits/lar2020-sm.yaml'];
const out = mkdtempSync(join(tmpdir(), 'cevnsfit-explore-measure-'));
const b = spawnSync(process.execPath, ['dist/cli/main.js', 'explore', ...configs, '--out', out, '--json'], { encoding: 'utf8' });
if (b.status !== 0) throw new Error(b.stderr);
const built = JSON.parse(b.stdout);
const profile = mkdtempSync(join(tmpdir(), 'cevnsfit-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const results = [];
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  for (let r = 0; r < runs; r++) {
    await page.goto(`${pathToFileURL(built.index).href}#selftest`);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 300_000 });
    const contract = JSON.parse(await page.textContent('#selftest'));
    const detail = JSON.parse(await page.textContent('#selftest-detail'));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    results.push({ timings_ms: contract.timings_ms, per_analysis: detail.per_analysis, heap_used_MB: heap.usedSize / 1e6 });
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
const summary = {
  configs,
  index_bytes: built.bytes,
  runs,
  median_ms: {
    template_new_mass: median(results.map((r) => r.timings_ms.template)),
    fit: median(results.map((r) => r.timings_ms.fit)),
    scan: median(results.map((r) => r.timings_ms.scan)),
    ...Object.fromEntries(results[0].per_analysis.flatMap((a, i) => Object.keys(a.fit_ms).map((h) => [`${a.name}:${h}`, median(results.map((r) => r.per_analysis[i].fit_ms[h]))]))),
  },
  heap_used_MB_max: Math.max(...results.map((r) => r.heap_used_MB)),
  load_average_1min: loadavg()[0],
  cores: cpus().length,
  results,
};
console.log(JSON.stringify(summary, null, 2));
