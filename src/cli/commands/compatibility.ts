import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { fmt, makeReporter, parseSets, runCommand, table, withCommonOptions, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { progressBar } from '../../util/progress.js';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { runCompatibility } from '../../analyses/inference.js';
import type { CompatibilityResultJson } from '../../analyses/results.js';
import { positiveInt } from './gof.js';

interface CompatOpts extends CommonOptions {
  toys?: string;
  seed?: string;
  workers?: string;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('compatibility')
      .description('channel compatibility of a combination: signal strength per member vs the common fit, Δ(−2lnL) with a toy p-value')
      .argument('<fit>', 'combination config (experiment: combination, with a signal section)')
      .option('--toys <n>', 'toy p-value with n toys at the common best fit (default: asymptotic χ² only)')
      .option('--seed <n>', 'seed of the toys', '1')
      .option('--workers <n>', 'lanes of the worker pool (default: the cores not busy with other work)'),
  ).action(async (file: string, opts: CompatOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const toys = opts.toys !== undefined ? positiveInt(opts.toys, '--toys') : 0;
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new InvalidSpecification(`expected an integer, got "${opts.seed}"`, '--seed');
      const workers = opts.workers !== undefined ? positiveInt(opts.workers, '--workers') : undefined;
      const loaded = loadAnalysisConfig(file, parseSets(opts.set));
      if (loaded.config.experiment !== 'combination') throw new InvalidSpecification(`compatibility needs an experiment: combination config, got ${loaded.config.experiment}`, `${file}: experiment`);
      const exp = await buildExperiment(loaded.config);
      const bar = progressBar('toys', Math.max(toys, 1), { enabled: toys > 0 && !opts.json && Boolean(process.stdout.isTTY) });
      const r = await runCompatibility(exp, loaded, toys > 0 ? { toys, seed, ...(workers !== undefined ? { workers } : {}), onProgress: (d) => bar.tick(d) } : { toys: 0, seed });
      bar.finish();
      const out = { command: 'compatibility', config: loaded.config.name, ...r } satisfies CompatibilityResultJson;
      rep.result(out, () =>
        [
          `signal strength ${r.poi} at ${fmt(r.mass_MeV)} MeV: common vs one per member`,
          table([
            ['fit', r.poi, 'error', r.coupling.name, ''],
            ['common', fmt(r.common.value), fmt(r.common.error), fmt(r.coupling.common, 3), r.common.converged ? '' : 'NOT CONVERGED'],
            ...r.separate.map((s) => [s.group, fmt(s.value), fmt(s.error), fmt(r.coupling.separate[s.group], 3), s.at_bound ? 'at bound' : '']),
          ]),
          `Δ(−2lnL) = ${fmt(r.delta_twice_nll, 4)} with ${r.dof} dof: p = ${fmt(r.p_value_asymptotic, 3)} (χ², Wilks)` +
            (r.toys ? `; p = ${fmt(r.toys.p_value, 3)} ± ${fmt(r.toys.p_error, 2)} from ${r.toys.n} toys (seed ${r.toys.seed}, ${r.toys.n_failed} failed)` : ''),
          ...r.messages.map((m) => `note: ${m}`),
        ].join('\n'),
      );
    });
  });
}
