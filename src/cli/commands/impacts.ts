import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { fmt, makeReporter, parseSets, runCommand, table, withCommonOptions, writeOutputs, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { runImpacts, type ImpactsReport } from '../../analyses/inference.js';
import type { HypothesisName } from '../../analyses/assemble.js';
import { rankingFigure } from '../../plot/ranking.js';
import { configLabel } from '../../analyses/config.js';
import { paramLabel } from '../../analyses/plots.js';
import type { ImpactsResultJson } from '../../analyses/results.js';

interface ImpactsOpts extends CommonOptions {
  hypothesis?: string;
  max?: string;
}

const pair = (p: readonly [number, number] | null): string => (p ? `${fmt(p[0], 3)} / ${fmt(p[1], 3)}` : '—');

function text(r: ImpactsReport): string {
  return [
    `POI ${r.poi} = ${fmt(r.poi_value)} ± ${fmt(r.total)} (Hessian)${r.dm_mass_MeV !== undefined ? ` at ${fmt(r.dm_mass_MeV)} MeV` : ''}; stat only ± ${fmt(r.stat_only)}`,
    '',
    table([
      ['nuisance (ranked)', 'pull', 'constraint', 'post-fit −/+', 'pre-fit −/+', 'Cov(POI,θ)/σθ'],
      ...r.impacts.map((i) => [i.name, fmt(i.pull, 3), fmt(i.constraint, 3), pair(i.postfit), pair(i.prefit), fmt(i.covariance_estimate, 3)]),
    ]),
    '',
    table([['uncertainty group', `impact on ${r.poi}`, 'parameters'], ...r.groups.map((g) => [g.name, fmt(g.impact, 3), g.parameters.join(', ')]), ['stat only', fmt(r.stat_only, 3), ''], ['total', fmt(r.total, 3), '']]),
    `(groups and stat add in quadrature up to ${fmt(r.breakdown_residual, 3)}; ${r.n_fits} fits)`,
    ...r.messages.map((m) => `warning: ${m}`),
  ].join('\n');
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('impacts')
      .description('nuisance impacts on the POI (pulls, constraints, ±1σ refits), ranking figure, grouped uncertainty breakdown')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--hypothesis <name>', 'sm or dm (default: dm when the config has a signal section, else sm)')
      .option('--max <n>', 'rows of the ranking figure', '20'),
  ).action(async (file: string, opts: ImpactsOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const max = Number(opts.max);
      if (!(Number.isInteger(max) && max > 0)) throw new InvalidSpecification(`expected a positive integer, got "${opts.max}"`, '--max');
      if (opts.hypothesis !== undefined && opts.hypothesis !== 'sm' && opts.hypothesis !== 'dm') throw new InvalidSpecification(`expected sm or dm, got "${opts.hypothesis}"`, '--hypothesis');
      const loaded = loadAnalysisConfig(file, parseSets(opts.set));
      const exp = await buildExperiment(loaded.config);
      const r = runImpacts(exp, loaded, opts.hypothesis as HypothesisName | undefined);
      const out = { command: 'impacts', config: loaded.config.name, ...r } satisfies ImpactsResultJson;
      await writeOutputs(opts, { ranking: rankingFigure({ title: `${configLabel(loaded.config)}: pulls and impacts on ${paramLabel(r.poi)}`, poiLabel: `Δ(${paramLabel(r.poi)})`, rows: r.impacts.map((i) => ({ ...i, name: paramLabel(i.name) })), max }) }, out);
      rep.result(out, () => text(r));
    });
  });
}
