// Measure the explorer page in Debian's Chromium: size of index.html, the #selftest timings (performance.now in the
// page's Web Worker: the DM templates at masses not computed before, the fits, the scan) and the memory of the page's
// main thread and of its Web Worker, each after garbage collection (test/explore/heap.mjs), over several loads.
// Prints one JSON object with medians over the loads, the 1-minute load average before and after, and every run.
//   npx tsc -p tsconfig.json && node scripts/explore-measure.mjs [config …] [--runs N] [--cold]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { measurePageMemory } from '../test/explore/heap.mjs';
import { CLI } from './cli-path.mjs';

const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 3;
// --cold: the self-test without the page's warm-up (#selftest-cold), i.e. the first template after loading
const ci = args.indexOf('--cold');
const cold = ci >= 0 && args.splice(ci, 1).length > 0;
const configs = args.length ? args : ['fits/csi2017-dm.yaml', 'fits/lar2020-sm.yaml'];
const out = mkdtempSync(join(tmpdir(), 'cevnsfit-explore-measure-'));
const b = spawnSync(process.execPath, [CLI, 'explore', ...configs, '--out', out, '--json'], { encoding: 'utf8' });
if (b.status !== 0) throw new Error(b.stderr);
const built = JSON.parse(b.stdout);
const loadBefore = loadavg()[0];
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
    await page.goto(`${pathToFileURL(built.index).href}#selftest${cold ? '-cold' : ''}`);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 300_000 });
    const contract = JSON.parse(await page.textContent('#selftest'));
    const detail = JSON.parse(await page.textContent('#selftest-detail'));
    if (!cold) await page.waitForFunction(() => document.body.dataset.warm !== undefined, null, { timeout: 300_000 });
    const memory = await measurePageMemory(ctx, page);
    // A new mass typed on the main thread (after its idle warm-up): templates, model assembly and redraw.
    const panel = page.locator('section.analysis:has(input.mass:not([disabled]))').first();
    const massChangeMs = [];
    if ((await panel.count()) > 0) {
      const m0 = Number(await panel.locator('input.mass').inputValue());
      for (const f of [0.72, 0.62, 0.52, 0.42]) {
        await panel.locator('input.mass').fill(String(+(f * m0).toPrecision(6)));
        await panel.locator('input.mass').dispatchEvent('change');
        massChangeMs.push(Number(await panel.getAttribute('data-mass-ms')));
      }
    }
    results.push({ timings_ms: contract.timings_ms, per_analysis: detail.per_analysis, mass_change_main_thread_ms: massChangeMs, memory });
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)];
const summary = {
  configs,
  warm_up: !cold,
  index_bytes: built.bytes,
  runs,
  median_ms: {
    template_new_mass: median(results.map((r) => r.timings_ms.template)),
    // the templates at the further new masses of the self-test, all loads pooled
    template_more_masses: median(results.flatMap((r) => (r.per_analysis.find((a) => a.template_more_masses)?.template_more_masses ?? []).map((t) => t.ms))),
    mass_change_main_thread: median(results.flatMap((r) => r.mass_change_main_thread_ms)),
    warm_up: median(results.map((r) => r.per_analysis.find((a) => a.template_more_masses)?.warm_up_ms ?? 0)),
    fit: median(results.map((r) => r.timings_ms.fit)),
    scan: median(results.map((r) => r.timings_ms.scan)),
    ...Object.fromEntries(results[0].per_analysis.flatMap((a, i) => Object.keys(a.fit_ms).map((h) => [`${a.name}:${h}`, median(results.map((r) => r.per_analysis[i].fit_ms[h]))]))),
  },
  memory_MB_max: {
    page_heap_used: Math.max(...results.map((r) => r.memory.page.heap_used_MB)),
    page_used: Math.max(...results.map((r) => r.memory.page.used_MB)),
    worker_heap_used: Math.max(...results.flatMap((r) => r.memory.workers.map((w) => w.heap_used_MB))),
    worker_used: Math.max(...results.flatMap((r) => r.memory.workers.map((w) => w.used_MB))),
  },
  load_average_1min: { before: loadBefore, after: loadavg()[0] },
  cores: cpus().length,
  results,
};
console.log(JSON.stringify(summary, null, 2));
