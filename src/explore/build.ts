/**
 * `cevnsfit explore`: one self-contained, offline HTML page per set of analysis configs. The library's own code is
 * bundled for the browser with esbuild (src/explore/page/main.ts as entry: the same modules the CLI runs, no second
 * copy), the configs are validated here, and the dataset releases the analyses read (found by building each analysis
 * with a recording dataset provider) are embedded as JSON with base64 typed arrays (src/explore/page/codec.ts).
 *
 * Content-Security-Policy of the page: `default-src 'none'` (no network: connect-src, img-src, font-src … all none);
 * the engine script is allowed by its sha256; `worker-src blob:` for the Web Worker started from the engine's own
 * text; `'unsafe-eval'` because the compiled likelihood generates its fused per-channel pass with `new Function`
 * (src/stats/model/fusedChannel.ts) — the page then evaluates exactly the code the CLI evaluates, so its fits equal
 * the CLI's. Styles are inline.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configLabel, loadAnalysisConfig, type LoadedAnalysis } from '../analyses/config.js';
import { assembleHypothesis, type HypothesisName } from '../analyses/assemble.js';
import { currentDatasetProvider, DATASET_KEYS, setDatasetProvider, type DatasetKey, type DatasetProvider } from '../analyses/datasource.js';
import { buildExperiment } from '../analyses/experiments/index.js';
import { dmMassGridOf } from '../analyses/massprofile.js';
import { InvalidSpecification } from '../util/errors.js';
import { encodeValue } from './page/codec.js';
import type { PageAnalysis, PageData } from './page/engine.js';

export interface ExploreOptions {
  readonly sets?: ReadonlyMap<string, string | number | boolean>;
  readonly version: string;
  /** Minify the engine. @default true (false keeps names readable for debugging) */
  readonly minify?: boolean;
}

export interface ExploreResult {
  readonly html: string;
  readonly bytes: number;
  readonly analyses: ReadonlyArray<{ name: string; hypotheses: readonly HypothesisName[]; datasets: readonly DatasetKey[] }>;
  readonly bundle_bytes: number;
  readonly data_bytes: number;
}

/** The page's entry module: the TypeScript source under vitest, the compiled JavaScript from dist/. */
function entryPoint(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const f of ['page/main.ts', 'page/main.js']) if (existsSync(join(here, f))) return join(here, f);
  throw new Error(`explorer page entry not found next to ${here}`);
}

/** Bundle the page code for the browser (esbuild, one IIFE, minified). */
export async function bundlePage(minify = true): Promise<string> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [entryPoint()],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

/** Which hypotheses an analysis offers. */
function hypothesesOf(l: LoadedAnalysis): HypothesisName[] {
  const out: HypothesisName[] = ['sm'];
  if (l.config.signal) out.push('dm');
  if (l.config.nsi) out.push('nsi');
  return out;
}

/** Build an analysis with a recording provider: the releases it reads (also those its DM templates need). */
async function recordDatasets(l: LoadedAnalysis, hyps: readonly HypothesisName[]): Promise<Set<DatasetKey>> {
  const base = currentDatasetProvider();
  if (!base) throw new Error('no dataset provider installed (import src/node/host.ts)');
  const used = new Set<DatasetKey>();
  const recording = Object.fromEntries(DATASET_KEYS.map((k) => [k, () => (used.add(k), base[k]())])) as unknown as DatasetProvider;
  setDatasetProvider(recording);
  try {
    const exp = await buildExperiment(l.config);
    for (const h of hyps) assembleHypothesis(exp, h, { parameterSets: l.parameterSets });
  } finally {
    setDatasetProvider(base);
  }
  return used;
}

/** Escape text for a <script> element (no `</script` or `<!--` inside). */
function scriptSafe(s: string): string {
  return s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:0 18px 40px;color:#222}
header{display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
.analysis{border-top:2px solid #ccc;margin-top:18px}
.controls{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:6px 0}
.controls input[type=text]{font:inherit}
.body{display:flex;gap:18px;flex-wrap:wrap}
.plots{display:flex;flex-wrap:wrap;gap:8px}
.sliders{min-width:440px}
.slider{display:grid;grid-template-columns:200px 170px 70px;gap:6px;align-items:center;font-size:12px}
.track{position:relative}
.track input{width:100%;position:relative;z-index:1;margin:0}
.prior{position:absolute;top:-1px;height:18px;background:#f5b56a;opacity:.8;border-radius:4px}
.message{min-height:1.2em}
.error{color:#b00020;font-weight:600}
.ok{color:#1b5e20}.bad{color:#b00020}
.fit-table td{padding:0 8px;font-size:12px}
#dropzone{border:2px dashed #888;padding:14px;margin:14px 0;border-radius:6px}
#dropzone.over{background:#eef}
pre{white-space:pre-wrap;word-break:break-all;font-size:11px}
`;

/** Build the page for a list of analysis configs. */
export async function buildExplorer(files: readonly string[], opts: ExploreOptions): Promise<ExploreResult> {
  if (files.length === 0) throw new InvalidSpecification('give at least one analysis config', 'explore');
  const analyses: PageAnalysis[] = [];
  const summary: Array<{ name: string; hypotheses: HypothesisName[]; datasets: DatasetKey[] }> = [];
  const used = new Set<DatasetKey>();
  for (const f of files) {
    const l = loadAnalysisConfig(f, opts.sets ?? new Map());
    if (l.config.experiment === 'combination') throw new InvalidSpecification('combinations are not supported by the explorer yet; give the member configs', `${f}: experiment`);
    const hyps = hypothesesOf(l);
    const ds = await recordDatasets(l, hyps);
    for (const k of ds) used.add(k);
    let massRange: [number, number] | null = null;
    if (l.config.signal) {
      const g = dmMassGridOf(l).masses;
      massRange = [Math.min(...g), Math.max(...g)];
    }
    analyses.push({ name: l.config.name, label: configLabel(l.config), file: f, description: l.config.description ?? '', config: l.config, parameterSets: [...l.parameterSets], hypotheses: hyps, massRange });
    summary.push({ name: l.config.name, hypotheses: hyps, datasets: [...ds] });
  }
  const provider = currentDatasetProvider()!;
  const datasets: Partial<Record<DatasetKey, unknown>> = {};
  for (const k of DATASET_KEYS) if (used.has(k)) datasets[k] = encodeValue(provider[k]());
  const data: PageData = { version: opts.version, analyses, datasets };
  const dataText = scriptSafe(JSON.stringify(data));
  const bundle = scriptSafe(await bundlePage(opts.minify ?? process.env.CEVNSFIT_EXPLORE_MINIFY !== '0'));
  const hash = createHash('sha256').update(bundle, 'utf8').digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${hash}' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `cevnsfit explorer: ${analyses.map((a) => a.name).join(', ')}`;
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>cevnsfit explorer</h1><span id="status">loading…</span></header>
<p>Move a parameter and the spectra and −2lnL follow; “Fit”, “Profile scan” and “CLs” run the library's full procedures in a Web Worker. Everything runs offline in this page (cevnsfit ${escapeHtml(opts.version)}).</p>
<main id="analyses"></main>
<section id="dropzone"><h2>pyhf workspace</h2><p>Drop a pyhf JSON workspace here (or <input type="file" id="workspace-file" accept=".json,application/json">): it is validated, fitted, and its CLs at μ = 1 and 95 % CL upper limit computed.</p><div id="workspace-result"></div></section>
<pre id="selftest"></pre><pre id="selftest-detail" hidden></pre>
<script type="application/json" id="cevnsfit-data">${dataText}</script>
<script id="cevnsfit-engine">${bundle}</script>
</body></html>
`;
  return { html, bytes: Buffer.byteLength(html, 'utf8'), analyses: summary, bundle_bytes: Buffer.byteLength(bundle, 'utf8'), data_bytes: Buffer.byteLength(dataText, 'utf8') };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Write DIR/index.html. */
export async function writeExplorer(files: readonly string[], outDir: string, opts: ExploreOptions): Promise<ExploreResult & { index: string }> {
  const r = await buildExplorer(files, opts);
  mkdirSync(outDir, { recursive: true });
  const index = join(outDir, 'index.html');
  writeFileSync(index, r.html);
  return { ...r, index };
}

