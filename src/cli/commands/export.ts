/**
 * `cevnsfit export <config> --out ws.json`: the analysis likelihood at one physics point (config + --set) as a
 * pyhf JSON workspace, with its metadata (function-sample treatment, reparametrised priors, interpolation
 * codes, channel axes) in the companion file `ws.meta.json`. `--out DIR` (no .json ending) writes
 * DIR/workspace.json, DIR/workspace.meta.json and DIR/result.json.
 */
import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { basename, dirname, join } from 'node:path';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { exportAnalysis } from '../../analyses/export.js';
import type { HypothesisName } from '../../analyses/assemble.js';
import { toJsonStrict, writeFileAtomic } from '../../util/atomic.js';
import { InvalidSpecification } from '../../util/errors.js';
import { makeReporter, parseSets, runCommand, shownPath, withCommonOptions, type CommonOptions } from '../common.js';

interface ExportOpts extends CommonOptions {
  hypothesis?: string;
  fix?: string;
}

/** Paths of the workspace, its metadata and (directory mode) the result summary. */
export function exportPaths(out: string): { workspace: string; meta: string; result: string | null } {
  if (out.toLowerCase().endsWith('.json')) {
    const stem = basename(out).slice(0, -'.json'.length);
    return { workspace: out, meta: join(dirname(out), `${stem}.meta.json`), result: null };
  }
  return { workspace: join(out, 'workspace.json'), meta: join(out, 'workspace.meta.json'), result: join(out, 'result.json') };
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('export')
      .description('write the analysis likelihood at the config point (+ --set) as a pyhf JSON workspace (--out ws.json; metadata in ws.meta.json)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--hypothesis <name>', 'sm, dm or nsi (default: dm when the config has a signal section, else sm)')
      .option('--fix <names>', 'comma-separated function-sample parameters to write fixed at their nominal value instead of as ±1σ histosys'),
  ).action(async (file: string, opts: ExportOpts) => {
    await runCommand(opts, async () => {
      if (!opts.out) throw new InvalidSpecification('give the output: --out ws.json (workspace + ws.meta.json) or --out DIR', '--out');
      const paths = exportPaths(opts.out);
      const rep = makeReporter({ ...(opts.json ? { json: true } : {}), ...(paths.result ? { out: opts.out } : {}) });
      const loaded = loadAnalysisConfig(file, parseSets(opts.set));
      const h = opts.hypothesis ?? (loaded.config.signal ? 'dm' : 'sm');
      if (h !== 'sm' && h !== 'dm' && h !== 'nsi') throw new InvalidSpecification(`expected sm, dm or nsi, got "${h}"`, '--hypothesis');
      const exp = await buildExperiment(loaded.config);
      const fix = (opts.fix ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      const e = exportAnalysis(exp, h as HypothesisName, { parameterSets: loaded.parameterSets, fixFunctionParameters: fix });
      writeFileAtomic(paths.workspace, toJsonStrict(e.workspace) + '\n');
      writeFileAtomic(paths.meta, toJsonStrict(e.meta) + '\n');
      const nBins = e.workspace.channels.reduce((a, c) => a + c.samples[0]!.data.length, 0);
      const result = {
        command: 'export',
        config: loaded.config.name,
        hypothesis: h,
        workspace_file: shownPath(paths.workspace),
        meta_file: shownPath(paths.meta),
        poi: e.meta.poi,
        channels: e.workspace.channels.map((c) => ({ name: c.name, n_bins: c.samples[0]!.data.length, samples: c.samples.map((s) => s.name) })),
        n_bins: nBins,
        function_samples: e.meta.function_samples,
        reparametrised: e.meta.reparametrised,
        interpolation: e.meta.interpolation,
      };
      rep.result(result, () => {
        const lines = [`wrote ${paths.workspace} (pyhf 1.0.0; POI ${e.meta.poi}; ${e.workspace.channels.length} channel(s), ${nBins} bins) and ${paths.meta}`];
        for (const f of e.meta.function_samples) {
          lines.push(`  function sample ${f.channel}/${f.sample}: ` + f.parameters.map((p) => (p.treatment === 'histosys' ? `${p.name} → histosys (${p.relation})` : `${p.name} fixed at ${p.nominal}`)).join('; '));
        }
        for (const r of e.meta.reparametrised) lines.push(`  ${r.name}: Gaussian-prior normfactor → histosys, ${r.relation}${r.exact ? '' : ` — ${r.note}`}`);
        if (e.meta.interpolation.differs_from_pyhf_defaults.length > 0) {
          lines.push(
            `  interpolation: model uses normsys ${e.meta.interpolation.normsys}, histosys ${e.meta.interpolation.histosys}; with pyhf's defaults these differ: ${e.meta.interpolation.differs_from_pyhf_defaults.join(', ')} (pyhf: modifier_settings in the meta file)`,
          );
        }
        return lines.join('\n');
      });
    });
  });
}
