import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { makeReporter, parseSets, runCommand, shownPath, withCommonOptions, type CommonOptions } from '../common.js';
import { activeOutput } from '../output.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { CevnsfitError, InvalidSpecification } from '../../util/errors.js';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { isResultKind, parseResultJson } from '../../analyses/results.js';
import { parseFormats, toVega } from '../../plot/render.js';
import { figuresFromResult } from '../figures-from-result.js';
import { parse as parseYaml } from 'yaml';
import { provenance, sha256Text } from '../../publish/provenance.js';
import { reportHtml, vegaRuntime, type ReportAnalysis, type ReportFile } from '../../publish/report.js';
import { writeExplorer } from '../../explore/build.js';
import { CEVNSFIT_VERSION } from '../version.js';
import { cevnsfitExecutable } from '../executable.js';

interface ReportOpts extends CommonOptions {
  workers?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An analysis run by the report failed. */
export class ReportAnalysisFailed extends CevnsfitError {
  override readonly name = 'ReportAnalysisFailed';
}

/** Which command a config is reported with: limit configs → limit; DM configs → compare; others → fit. */
export function reportCommandFor(config: { limit?: unknown; signal?: unknown }): 'limit' | 'compare' | 'fit' {
  return config.limit ? 'limit' : config.signal ? 'compare' : 'fit';
}

const MIME: Record<string, string> = { json: 'application/json', yaml: 'application/x-yaml', svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' };

/** `label:` of a config text, if any (the config's name in figures). */
function labelOf(configText: string): string | undefined {
  if (!configText) return undefined;
  try {
    const raw = parseYaml(configText) as { label?: unknown } | null;
    return typeof raw?.label === 'string' ? raw.label : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The config of a collected run that kept no config.yaml, from its result.json provenance (`config_sha256`, file →
 * sha256; several for a combination, joined as `file: hash`): the file name(s) and hash, or null when the run recorded
 * none — never the hash of an empty text.
 */
function provenanceConfig(json: unknown): { file: string; sha256: string } | null {
  const map = (json as { provenance?: { config_sha256?: unknown } } | null)?.provenance?.config_sha256;
  if (map === null || typeof map !== 'object') return null;
  const entries = Object.entries(map as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
  if (entries.length === 0) return null;
  if (entries.length === 1) return { file: entries[0]![0], sha256: entries[0]![1] };
  return { file: entries.map(([f]) => f).join(', '), sha256: entries.map(([f, h]) => `${f}: ${h}`).join(', ') };
}

async function collect(outDir: string, sub: string, configFile: string, configText: string, ms: number | null): Promise<ReportAnalysis> {
  const dir = join(outDir, sub);
  const resultPath = join(dir, 'result.json');
  if (!existsSync(resultPath)) throw new ReportAnalysisFailed(`${dir}: no result.json (expected the --out directory of a cevnsfit run)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resultPath, 'utf8'));
  } catch (e) {
    throw new ReportAnalysisFailed(`${resultPath}: not valid JSON (${(e as Error).message})`);
  }
  const result = parseResultJson(json, resultPath);
  const fromRun = configText ? null : provenanceConfig(json);
  const files = readdirSync(dir).sort();
  let figures: ReportAnalysis['figures'] = files
    .filter((f) => f.endsWith('.vg.json'))
    .map((f) => {
      const stem = f.slice(0, -'.vg.json'.length);
      const svg = files.includes(`${stem}.svg`) ? `${sub}/${stem}.svg` : undefined;
      return { name: stem, vega: JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown, ...(svg ? { file: svg } : {}) };
    });
  let staticFigures: ReportAnalysis['staticFigures'] = [];
  let figureNote: string | undefined;
  if (!figures.length) {
    // A run written without Vega specs (e.g. --format svg): redraw what result.json holds; show other SVGs as images.
    const redrawn = figuresFromResult(result, labelOf(configText));
    const svgs = files.filter((f) => f.endsWith('.svg'));
    figures = await Promise.all(
      Object.entries(redrawn).map(async ([name, fig]) => ({ name, vega: await toVega(fig), ...(svgs.includes(`${name}.svg`) ? { file: `${sub}/${name}.svg` } : {}) })),
    );
    staticFigures = svgs.filter((f) => !(f.slice(0, -4) in redrawn)).map((f) => ({ name: f.slice(0, -4), svg: readFileSync(join(dir, f), 'utf8'), file: `${sub}/${f}` }));
    if (figures.length) figureNote = `Figures redrawn from result.json: the run wrote no Vega specs (${svgs.length ? 'SVG only' : 'no figures'}).`;
    else if (staticFigures.length) figureNote = `Static SVG figures of the run (no Vega specs; ${result.command} figures need the model and cannot be redrawn from result.json).`;
    else figureNote = `No figures: the run wrote none (it was made without figure formats) and ${result.command} results cannot be redrawn from result.json.`;
  }
  const downloads: ReportFile[] = [{ path: `${sub}/result.json`, content: readFileSync(resultPath), mime: MIME.json! }];
  const hep = join(dir, 'hepdata');
  if (existsSync(hep)) for (const f of readdirSync(hep).sort()) downloads.push({ path: `${sub}/hepdata/${f}`, content: readFileSync(join(hep, f)), mime: MIME.yaml! });
  let description = '';
  const m = /^description:\s*(.*)$/m.exec(configText);
  if (m) description = m[1]!.trim();
  return {
    name: result.config ?? (isResultKind(result, 'limit') ? result.curves.map((c) => c.name).join(' + ') : sub),
    description,
    configFile: configText ? configFile : (fromRun?.file ?? configFile),
    configText,
    configSha256: configText ? sha256Text(configText) : (fromRun?.sha256 ?? ''),
    command: result.command,
    result,
    figures,
    ...(staticFigures.length ? { staticFigures } : {}),
    ...(figureNote ? { figureNote } : {}),
    downloads,
    ms,
  };
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('report')
      .description('run analyses (or collect earlier --out directories) into one self-contained offline index.html with tables, interactive plots, configs, provenance and downloads')
      .argument('<inputs...>', 'analysis configs (fits/*.yaml) to run, or --out directories of earlier runs (with result.json) to collect')
      .option('--workers <n>', 'worker threads of limit runs'),
  ).action(async (inputs: string[], opts: ReportOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter({ ...opts, out: undefined });
      if (!opts.out) throw new InvalidSpecification('the report needs an output directory', '--out');
      const out = opts.out;
      const formats = parseFormats(opts.format);
      const figFormats = [...new Set(['svg', 'vega', ...formats])].join(',');
      const sets = parseSets(opts.set);
      const cli = cevnsfitExecutable();
      let analyses: ReportAnalysis[] = [];
      const used = new Set<string>();
      /** Configs run here (not collected), with their position in `analyses`: they get an explorer page. */
      const explorable: Array<{ file: string; at: number }> = [];
      for (const input of inputs) {
        if (existsSync(input) && statSync(input).isDirectory()) {
          // A run kept inside the report directory has been copied into the new one (src/cli/output.ts).
          const dir = activeOutput()?.toTemp(input) ?? input;
          const configPath = join(dir, 'config.yaml');
          const text = existsSync(configPath) ? readFileSync(configPath, 'utf8') : '';
          // Collected runs stay where they are; paths in the page are relative to the report directory.
          analyses.push(await collect(out, relative(out, dir) || '.', shownPath(configPath), text, null));
          continue;
        }
        const loaded = loadAnalysisConfig(input, sets);
        const text = readFileSync(input, 'utf8');
        const cmd = reportCommandFor(loaded.config);
        let sub = loaded.config.name;
        for (let i = 2; used.has(sub); i++) sub = `${loaded.config.name}-${i}`;
        used.add(sub);
        const dir = join(out, sub);
        const args = [cli, cmd, input, '--json', '--out', dir, '--format', figFormats, ...(opts.set ?? []).flatMap((s) => ['--set', s]), ...(opts.figureSize ? ['--figure-size', opts.figureSize] : []), ...(cmd === 'limit' && opts.workers ? ['--workers', opts.workers] : [])];
        rep.info(`report: cevnsfit ${cmd} ${input} …`);
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
        const ms = performance.now() - t0;
        if (r.status !== 0) {
          let msg = r.stderr.trim().split('\n').pop() ?? `exit code ${r.status}`;
          try {
            msg = (JSON.parse(r.stdout) as { error: { message: string } }).error.message;
          } catch {
            /* keep stderr */
          }
          throw new ReportAnalysisFailed(`cevnsfit ${cmd} ${input} failed: ${msg}`);
        }
        writeFileAtomic(join(dir, 'config.yaml'), text);
        if (loaded.config.experiment !== 'combination') explorable.push({ file: input, at: analyses.length });
        analyses.push(await collect(out, sub, basename(input), text, ms));
      }
      // One explorer page for the configs run here (src/explore); each analysis links to its panel.
      if (explorable.length > 0) {
        rep.info(`report: cevnsfit explore ${explorable.map((e) => e.file).join(' ')} …`);
        await writeExplorer(
          explorable.map((e) => e.file),
          join(out, 'explore'),
          { sets, version: CEVNSFIT_VERSION },
        );
        const link = new Map(explorable.map((e, i) => [e.at, `explore/index.html#a${i}`]));
        analyses = analyses.map((a, k) => (link.has(k) ? { ...a, explorer: link.get(k)! } : a));
      }
      const prov = provenance();
      const html = reportHtml(analyses, prov, vegaRuntime());
      writeFileAtomic(join(out, 'index.html'), html);
      const summary = {
        command: 'report',
        index: shownPath(join(out, 'index.html')),
        bytes: Buffer.byteLength(html),
        analyses: analyses.map((a) => ({
          name: a.name,
          command: a.command,
          config_sha256: a.configSha256,
          figures: a.figures.map((f) => f.name),
          static_figures: (a.staticFigures ?? []).map((f) => f.name),
          ...(a.figureNote ? { figure_note: a.figureNote } : {}),
          downloads: a.downloads.map((d) => d.path),
          run_ms: a.ms,
          ...(a.explorer ? { explorer: a.explorer } : {}),
        })),
        provenance: { ...prov, datasets: prov.datasets.map((d) => ({ name: d.name, state: d.state })) },
      };
      writeFileAtomic(join(out, 'report.json'), JSON.stringify(summary, null, 2) + '\n');
      rep.result(summary, () => [`wrote ${summary.index} (${(summary.bytes / 1e6).toFixed(2)} MB)`, ...summary.analyses.map((a) => `  ${a.name}: ${a.command}, ${plural(a.figures.length + a.static_figures.length, 'figure')}, ${plural(a.downloads.length, 'download')}${a.figure_note ? ` (${a.figure_note})` : ''}`)].join('\n'));
    });
  });
}
