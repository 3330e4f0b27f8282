/**
 * The report page: one self-contained, offline `index.html` per report (inline CSS, the Vega runtime read from
 * node_modules at build time, the figures' Vega specs, the results, configs, provenance and downloads as data:
 * URLs). No network request: nothing is loaded from outside the file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Provenance } from './provenance.js';
import { TYPESET_BROWSER_JS } from '../plot/style.js';
import { isResultKind, type ResultHead } from '../analyses/results.js';

export interface ReportFigure {
  readonly name: string;
  /** Compiled Vega spec (as written by `--format vega`, or redrawn from result.json). */
  readonly vega: unknown;
  /** Relative path of a static rendering next to index.html (SVG), if any. */
  readonly file?: string;
}

/** A figure shown as its static SVG file only (a collected run without Vega specs that cannot be redrawn). */
export interface StaticFigure {
  readonly name: string;
  readonly svg: string;
  readonly file: string;
}

export interface ReportFile {
  /** Path relative to the report directory. */
  readonly path: string;
  readonly content: Uint8Array | string;
  readonly mime: string;
}

export interface ReportAnalysis {
  readonly name: string;
  readonly description: string;
  readonly configFile: string;
  readonly configText: string;
  readonly configSha256: string;
  readonly command: string;
  /** The run's result.json (checked with parseResultJson, src/analyses/results.ts). */
  readonly result: ResultHead;
  readonly figures: readonly ReportFigure[];
  /** Static SVGs shown as images (see StaticFigure). */
  readonly staticFigures?: readonly StaticFigure[];
  /** Where the figures come from when not from the run's own Vega specs, or why there are none. */
  readonly figureNote?: string;
  readonly downloads: readonly ReportFile[];
  /** Run time of the analysis (ms), or null when collected from an earlier run. */
  readonly ms: number | null;
  /** Relative link to this analysis in the offline explorer page (`cevnsfit explore`), when the report built one. */
  readonly explorer?: string;
}

function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(x: unknown, digits = 4): string {
  if (typeof x !== 'number') return x === null || x === undefined ? '—' : esc(x);
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
}

/** −2 ln L and its differences: to 0.01 (absolute), whatever their size. */
function fmtNll(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : fmt(x);
}

/** Masses (MeV): three significant digits, never an exponent ("1.06", "75.1", "138", "300"). */
function fmtMass(x: unknown): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return fmt(x);
  return Math.abs(x) >= 1000 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
}

/** A table cell already formatted (HTML), so the table does not format it again. */
class Cell {
  constructor(readonly html: string) {}
}
const cell = (html: string) => new Cell(html);

const METHOD_NAMES: Readonly<Record<string, string>> = { cls: 'CLs', clsb: 'CLs+b', fc: 'Feldman–Cousins' };

/** Tables longer than this are collapsed under a <details> summary. */
const LONG_TABLE_ROWS = 12;

function table(head: readonly string[], rows: ReadonlyArray<readonly unknown[]>, caption?: string): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const td = (c: unknown, i: number) => (c instanceof Cell ? `<td${i ? ' class="num"' : ''}>${c.html}</td>` : i === 0 ? `<td>${esc(c)}</td>` : `<td class="num">${typeof c === 'string' ? esc(c) : fmt(c)}</td>`);
  const tr = rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  const long = rows.length > LONG_TABLE_ROWS;
  const t = `<table>${caption && !long ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
  return long ? `<details class="long"><summary>${esc(caption ?? 'table')} (${rows.length} rows)</summary>${t}</details>` : t;
}

/** Best fits of a result that carry the `on_grid_edge` flag, with what they are. */
function gridPoints(r: ResultHead): Array<{ what: string; point: { readonly on_grid_edge: boolean; readonly mass_MeV?: number; readonly value?: number } | null | undefined }> {
  if (isResultKind(r, 'fit') || isResultKind(r, 'compare')) {
    return [
      { what: 'best fit', point: r.best_fit },
      { what: 'best fit allowed', point: r.best_fit_allowed },
    ];
  }
  if (isResultKind(r, 'scan-setting')) return [{ what: 'best', point: r.best }];
  return [];
}

/**
 * Health badges, shown first in each section: fits converged or not, parameters at a bound, best fits on the
 * edge of their grid, failed or non-converged scan points and limit masses, invalid results with their messages.
 */
function health(r: ResultHead): string {
  const bad: string[] = [];
  const good: string[] = [];
  if (isResultKind(r, 'fit')) {
    const st = r.status;
    (st.converged ? good : bad).push(st.converged ? 'fit converged' : `fit NOT converged: ${st.message}`);
    if (st.at_limit?.length) bad.push(`at bound: ${st.at_limit.join(', ')}`);
  }
  if (isResultKind(r, 'compare')) for (const [n, h] of Object.entries(r.hypotheses)) if (h) (h.converged ? good : bad).push(`${n.toUpperCase()} ${h.converged ? 'converged' : 'NOT converged'}`);
  if (isResultKind(r, 'limit'))
    for (const c of r.curves) {
      const failed = c.points.filter((p) => p.status !== 'ok').length;
      (failed ? bad : good).push(`${c.name}: ${c.points.length - failed}/${c.points.length} masses ok`);
    }
  const scan = isResultKind(r, 'scan-1d') || isResultKind(r, 'scan-mass-Y') ? r : isResultKind(r, 'scan-setting') ? { delta_twice_nll: r.delta_twice_nll, converged: undefined } : null;
  if (scan) {
    const d = scan.delta_twice_nll;
    const conv: ReadonlyArray<boolean | null> = scan.converged ?? [];
    const n = d.filter((v, k) => v === null || conv[k] === false).length;
    (n ? bad : good).push(n ? `${n} of ${d.length} scan points failed or not converged` : `all ${d.length} scan points converged`);
  }
  for (const { what, point } of gridPoints(r)) {
    if (!point?.on_grid_edge) continue;
    const where = typeof point.mass_MeV === 'number' ? ` at ${fmtMass(point.mass_MeV)} MeV` : typeof point.value === 'number' ? ` at ${fmt(point.value)}` : '';
    bad.push(`${what} on the grid edge${where}: the best fit may lie outside the grid`);
  }
  if ((isResultKind(r, 'significance') || isResultKind(r, 'significance-global')) && r.valid === false) bad.push(`not valid: ${r.messages.join('; ')}`);
  return [...bad.map((b) => `<span class="badge bad">${esc(b)}</span>`), ...good.map((g) => `<span class="badge ok">${esc(g)}</span>`)].join(' ');
}

function resultTables(r: ResultHead): string {
  const out: string[] = [];
  if (isResultKind(r, 'fit')) {
    if (r.dm) out.push(`<p>Dark photon: m<sub>A′</sub> = ${fmtMass(r.dm.mass_MeV)} MeV, m<sub>χ</sub> = ${fmtMass(r.dm.chi_mass_MeV)} MeV, Y = ${fmt(r.dm.Y?.value, 3)} ± ${fmt(r.dm.Y?.error, 2)}</p>`);
    out.push(table(['parameter', 'value', 'error'], Object.entries(r.parameters).map(([k, v]) => [k, v.value, v.error])));
    out.push(table(['sample (signal region)', 'fitted events', 'error'], [...Object.entries(r.yields).map(([k, v]) => [k, v.value, v.error]), ['observed', r.observed, '']]));
    if (r.gof) out.push(`<p>Goodness of fit (Baker–Cousins): χ² = ${fmtNll(r.gof.chi2)} for ${fmt(r.gof.n_bins)} bins, p = ${fmt(r.gof.p_value, 3)}; −2 ln L = ${fmtNll(r.twice_nll)}</p>`);
  } else if (isResultKind(r, 'compare')) {
    const rows = Object.entries(r.hypotheses)
      .filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null)
      .map(([n, h]) => {
        const best = h.dm
          ? `m<sub>A′</sub> = ${fmtMass(h.dm.mass_MeV)} MeV, Y = ${fmt(h.dm.Y, 3)}`
          : n === 'nsi'
            ? Object.entries(h.parameters)
                .filter(([k]) => k.startsWith('g_'))
                .map(([k, v]) => `g<sub>${esc(k.slice(2) === 'mu' ? 'μ' : k.slice(2))}</sub> = ${fmt(v, 3)}`)
                .join(', ')
            : '';
        return [n.toUpperCase(), cell(fmtNll(h.twice_nll)), cell(fmtNll(h.delta_twice_nll)), h.extra_dof, cell(fmt(h.p_value_sm, 3)), cell(fmt(h.z_vs_sm, 3)), cell(best)];
      });
    out.push(table(['hypothesis', '−2 ln L', 'Δ(−2 ln L) vs SM', 'extra dof', 'p(SM), naive χ²', 'Z (σ), naive', 'best fit'], rows));
    if (r.local) out.push(`<p>DM local significance at m = ${fmt(r.local.mass_MeV, 4)} MeV: Z = ${fmt(r.local.z, 3)} σ (p = ${fmt(r.local.p, 3)})${r.global ? `; global over the mass grid: Z = ${fmt(r.global.z, 3)} σ (p = ${fmt(r.global.p, 3)} ± ${fmt(r.global.p_error, 2)}, ${fmt(r.global.n_toys)} toys)` : ''}</p>`);
    const d = r.comparison?.dm_vs_nsi;
    if (r.dm_minus_nsi !== null && r.dm_minus_nsi !== undefined) out.push(`<p>−2 ln L(NSI) − (−2 ln L(DM)) = ${fmtNll(r.dm_minus_nsi)} (positive: DM fits better)${d && d.n_toys > 0 ? `; P(Δ ≥ observed | NSI) = ${fmt(d.p_if_nsi, 3)}, P(Δ ≤ observed | DM) = ${fmt(d.p_if_dm, 3)} (${fmt(d.n_toys)} toys each)` : ''}</p>`);
  } else if (isResultKind(r, 'limit')) {
    for (const c of r.curves) {
      const cname = c.coupling.name;
      out.push(
        table(
          [`${c.mass_label} (MeV)`, `${cname} observed`, `${cname} exp −2σ`, '−1σ', 'median', '+1σ', '+2σ', 'status'],
          c.points.map((p) => [fmtMass(p.mass), cell(fmt(p.coupling_obs, 3)), ...(p.coupling_exp ?? [null, null, null, null, null]).map((v) => cell(fmt(v, 3))), p.status]),
          `${c.label ?? c.name}: ${Math.round(c.cl * 100)} % CL ${METHOD_NAMES[c.method] ?? c.method} limits on ${cname} (${c.data} data)`,
        ),
      );
    }
  } else if (isResultKind(r, 'count')) {
    out.push(
      table(
        ['component (window)', 'events'],
        [
          ['observed (C, beam on)', r.observed],
          ['steady state (AC)', r.steady_state],
          ['delayed ν (CEvNS)', r.delayed_nu],
          ['prompt ν (CEvNS)', r.prompt_nu],
          ['beam-related neutrons', r.brn],
          ['excess', r.excess],
          ['significance excess/√(2 SS + ν + BRN) (σ)', r.significance],
          ['profile-likelihood significance (σ)', r.significance_profile],
        ],
      ),
    );
  } else if (isResultKind(r, 'scan-1d') || isResultKind(r, 'scan-mass-Y') || isResultKind(r, 'scan-setting')) {
    if (r.best) {
      const parts = Object.entries(r.best).map(([k, v]) =>
        k === 'twice_nll' ? `−2 ln L = ${fmtNll(v)}` : k === 'mass_MeV' ? `mass = ${fmtMass(v)} MeV` : `${esc(k)} = ${fmt(v, 3)}`,
      );
      const sm = isResultKind(r, 'scan-mass-Y') || isResultKind(r, 'scan-setting') ? r.twice_nll_sm : null;
      out.push(`<p>Best grid point: ${parts.join(', ')}${typeof sm === 'number' ? `; SM −2 ln L = ${fmtNll(sm)}` : ''}</p>`);
    }
  }
  return out.join('\n');
}

function dataUrl(f: ReportFile): string {
  const buf = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
  return `data:${f.mime};base64,${buf.toString('base64')}`;
}

function section(a: ReportAnalysis, k: number): string {
  const id = `a${k}`;
  const plots = a.figures
    .map((f, j) => `<figure><div class="plot" id="${id}-p${j}" data-spec="${id}-p${j}" role="img" aria-label="${esc(f.name)}"></div><figcaption>${esc(f.name)}${f.file ? ` — <a href="${esc(f.file)}">SVG</a>` : ''}</figcaption></figure>`)
    .concat((a.staticFigures ?? []).map((f) => `<figure><img class="static" alt="${esc(f.name)}" src="data:image/svg+xml;base64,${Buffer.from(f.svg, 'utf8').toString('base64')}"><figcaption>${esc(f.name)} — <a href="${esc(f.file)}">SVG</a> (static)</figcaption></figure>`))
    .join('\n');
  const downloads = a.downloads.map((f) => `<li><a download="${esc(f.path.split('/').pop())}" href="${dataUrl(f)}">${esc(f.path)}</a> (<a href="${esc(f.path)}">file</a>)</li>`).join('\n');
  return `<section id="${id}">
<h2>${esc(a.name)} <small>cevnsfit ${esc(a.command)}</small></h2>
<p class="health">${health(a.result)}</p>
<p class="desc">${esc(a.description)}</p>
${a.explorer ? `<p><a class="explorer" href="${esc(a.explorer)}">Open in the explorer</a>: move parameters and see spectra and −2lnL follow, refit, scan and compute CLs offline in the browser.</p>` : ''}
${a.figureNote ? `<p class="small">${esc(a.figureNote)}</p>` : ''}
<div class="plots">${plots}</div>
${resultTables(a.result)}
<details><summary>Config <code>${esc(a.configFile)}</code> (sha256 <code>${esc(a.configSha256)}</code>)</summary><pre>${esc(a.configText)}</pre></details>
<details><summary>Downloads (JSON, HEPData)</summary><ul>${downloads}</ul></details>
${a.ms !== null ? `<p class="small">Run time ${(a.ms / 1000).toFixed(1)} s.</p>` : '<p class="small">Collected from an earlier run.</p>'}
</section>`;
}

const CSS = `
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#0b3d6b;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;font-size:13px}main{padding:8px 24px 40px;max-width:1400px}
nav a{color:#cfe3ff;margin-right:14px}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 18px;margin:18px 0}
h2 small{font-weight:normal;color:#666;font-size:14px}table{border-collapse:collapse;margin:10px 0;font-size:13px}
caption{text-align:left;font-weight:bold;padding:4px 0}th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f0f0f0}
td.num{text-align:right;font-variant-numeric:tabular-nums}.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;margin:2px}
.ok{background:#e3f4e3;color:#1d5e1d}.bad{background:#fde2e1;color:#8a1f1a}.plots{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:6px 0}figcaption{font-size:12px;color:#555}pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}
.small{font-size:12px;color:#666}code{font-size:12px}.desc{color:#444}
details.long>summary{cursor:pointer;font-weight:bold;font-size:13px;margin:8px 0}img.static{max-width:100%}
`;

/** The complete page. `vegaJs` is the Vega runtime source (inlined); pass `vegaRuntime()`. */
export function reportHtml(analyses: readonly ReportAnalysis[], prov: Provenance, vegaJs: string): string {
  const specs: Record<string, unknown> = {};
  analyses.forEach((a, k) => a.figures.forEach((f, j) => (specs[`a${k}-p${j}`] = f.vega)));
  // JSON inside <script>: escape "<" so no "</script>" can end the block early.
  const specJson = JSON.stringify(specs).replace(/</g, '\\u003c');
  const provRows = prov.datasets.flatMap((d) => d.files.map((f) => [d.name, f.path, f.sha256, f.state]));
  const nav = analyses.map((a, k) => `<a href="#a${k}">${esc(a.name)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>cevnsfit report</title><style>${CSS}</style></head>
<body><header><h1>cevnsfit report</h1>
<p>cevnsfit ${esc(prov.cevnsfit_version)} · Node ${esc(prov.node_version)} · ${esc(prov.date)}</p>
<p>Command: <code style="color:#fff">${esc(prov.command_line)}</code></p>
<nav>${nav}<a href="#provenance">provenance</a></nav></header>
<main>
${analyses.map(section).join('\n')}
<section id="provenance"><h2>Provenance</h2>
<p>cevnsfit ${esc(prov.cevnsfit_version)}, report generated ${esc(prov.date)} by <code>${esc(prov.command_line)}</code>. Config sha256s are listed with each analysis. Datasets: the sha256 of every file from its manifest; "ok" means the installed file was hashed and matches.</p>
${table(['dataset', 'file', 'sha256 (manifest)', 'installed file'], provRows)}
</section>
</main>
<script>${vegaJs.replace(/<\/script/gi, '<\\/script')}</script>
<script id="specs" type="application/json">${specJson}</script>
<script>
${TYPESET_BROWSER_JS}
(function () {
  var specs = JSON.parse(document.getElementById('specs').textContent);
  var pending = [];
  document.querySelectorAll('.plot[data-spec]').forEach(function (el) {
    var view = new vega.View(vega.parse(specs[el.dataset.spec]), { renderer: 'svg', container: el, hover: true });
    // Sub- and superscript markup of the figure text (src/plot/style.ts), after every render (zoom redraws).
    view.addEventListener('mouseup', function () { setTimeout(function () { cevnsTypeset(el); }, 0); });
    view.addEventListener('wheel', function () { setTimeout(function () { cevnsTypeset(el); }, 0); });
    pending.push(view.runAsync().then(function () { cevnsTypeset(el); el.dataset.rendered = 'true'; }, function (e) { console.error('plot ' + el.id + ': ' + e); }));
  });
  Promise.all(pending).then(function () { document.body.dataset.plotsRendered = String(pending.length); });
})();
</script>
</body></html>
`;
}

/** The Vega runtime (minified build shipped in the `vega` npm package), to inline into the page. */
export function vegaRuntime(): string {
  // The package exports only its ESM entry (build/vega.module.js); the UMD build sits beside it.
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('vega')), 'vega.min.js'), 'utf8');
}
