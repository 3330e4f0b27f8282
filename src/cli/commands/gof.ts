import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { fmt, makeReporter, parseSets, runCommand, table, withCommonOptions, writeOutputs, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { progressBar } from '../../util/progress.js';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { runGof } from '../../analyses/inference.js';
import type { GofResultJson } from '../../analyses/results.js';
import type { HypothesisName } from '../../analyses/assemble.js';
import { xyFigure } from '../../plot/figures.js';
import { curveColor } from '../../plot/style.js';

interface GofOpts extends CommonOptions {
  toys?: string;
  seed?: string;
  workers?: string;
  hypothesis?: string;
}

/** Parse a positive integer option; the error names the option. */
export function positiveInt(v: string | undefined, key: string): number {
  const n = Number(v);
  if (v === undefined || !(Number.isInteger(n) && n > 0)) throw new InvalidSpecification(`expected a positive integer, got "${v ?? ''}"`, key);
  return n;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('gof')
      .description('saturated-model goodness of fit (Baker–Cousins with constraint terms), toy p-values per channel and in total')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .requiredOption('--toys <n>', 'number of toys generated at the best fit')
      .option('--seed <n>', 'seed of the toys', '1')
      .option('--workers <n>', 'lanes of the worker pool (default: the cores not busy with other work)')
      .option('--hypothesis <name>', 'sm or dm (the DM signal at signal.mass_MeV)', 'sm'),
  ).action(async (file: string, opts: GofOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const toys = positiveInt(opts.toys, '--toys');
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new InvalidSpecification(`expected an integer, got "${opts.seed}"`, '--seed');
      const workers = opts.workers !== undefined ? positiveInt(opts.workers, '--workers') : undefined;
      if (opts.hypothesis !== 'sm' && opts.hypothesis !== 'dm') throw new InvalidSpecification(`expected sm or dm, got "${opts.hypothesis}"`, '--hypothesis');
      const loaded = loadAnalysisConfig(file, parseSets(opts.set));
      const exp = await buildExperiment(loaded.config);
      const bar = progressBar('toys', toys, { enabled: !opts.json && Boolean(process.stdout.isTTY) });
      const r = await runGof(exp, loaded, opts.hypothesis as HypothesisName, { toys, seed, ...(workers !== undefined ? { workers } : {}), onProgress: (d) => bar.tick(d) });
      bar.finish();
      const out = { command: 'gof', config: loaded.config.name, ...r } satisfies GofResultJson;
      // Figure: the toy distribution (empirical survival function) with the observed statistic.
      const sorted = [...r.toy_statistics].sort((a, b) => a - b);
      const sf = sorted.map((_, i) => 1 - i / sorted.length);
      await writeOutputs(opts, {
        gof: xyFigure({
          title: `${loaded.config.name}: saturated-model statistic, ${r.n_toys} toys (p = ${fmt(r.p_value, 3)})`,
          x: { title: 't = −2 ln(L/L_sat)' },
          y: { title: 'fraction of toys with t ≥ x' },
          curves: [{ name: 'toys', x: sorted, y: sf, color: curveColor(1) }],
          vlines: [{ name: `observed t = ${fmt(r.statistic, 4)}`, x: r.statistic, color: curveColor(2) }],
        }),
      }, out);
      rep.result(out, () =>
        [
          `saturated-model goodness of fit (${r.hypothesis.toUpperCase()} best fit${r.converged ? '' : ', NOT CONVERGED'}), ${r.n_toys} toys (seed ${r.seed}, ${r.n_failed} failed)`,
          table([
            ['', 'statistic', 'bins', 'p (toys)', '± '],
            ...r.per_channel.map((c) => [c.name, fmt(c.statistic), String(c.n_bins), fmt(c.p_value, 3), fmt(c.p_error, 2)]),
            ['constraints', fmt(r.constraints), '', '', ''],
            ['total', fmt(r.statistic), String(r.n_bins), fmt(r.p_value, 3), fmt(r.p_error, 2)],
          ]),
          `asymptotic χ² p-value (bins − free parameters dof) for orientation: ${fmt(r.p_value_chi2, 3)}`,
        ].join('\n'),
      );
    });
  });
}
