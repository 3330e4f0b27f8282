import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { makeReporter, parseSets, runCommand, withCommonOptions, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { writeExplorer } from '../../explore/build.js';
import { CEVNSFIT_VERSION } from '../version.js';

/** `cevnsfit explore <config…> --out DIR`: the offline, interactive explorer page (src/explore, docs/explorer.md). */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('explore')
      .description('write DIR/index.html: a live, offline explorer of the analyses (sliders, fits in a Web Worker, scans, CLs, pyhf drop zone)')
      .argument('<configs...>', 'analysis configs (fits/*.yaml)'),
  ).action(async (files: string[], opts: CommonOptions) =>
    runCommand(opts, async () => {
      if (!opts.out) throw new InvalidSpecification('give the output directory with --out DIR', '--out');
      const rep = makeReporter({ ...opts, out: undefined });
      const r = await writeExplorer(files, opts.out, { sets: parseSets(opts.set), version: CEVNSFIT_VERSION });
      rep.result({ command: 'explore', index: r.index, bytes: r.bytes, bundle_bytes: r.bundle_bytes, data_bytes: r.data_bytes, analyses: r.analyses }, () =>
        [`wrote ${r.index} (${(r.bytes / 1e6).toFixed(2)} MB: engine ${(r.bundle_bytes / 1e6).toFixed(2)} MB, data ${(r.data_bytes / 1e6).toFixed(2)} MB)`, ...r.analyses.map((a) => `  ${a.name}: ${a.hypotheses.join(', ')}; datasets ${a.datasets.join(', ')}`)].join('\n'),
      );
    }),
  );
}
