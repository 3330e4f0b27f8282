/**
 * `cevnsfit workspace fit|cls|upper-limit <ws.json>`: inference on a pyhf HistFactory JSON workspace.
 * A thin shell: the workspace reader builds the model and data; src/stats/infer does the statistics.
 * Conventions as pyhf: q̃_μ with the asymptotic calculator, POI bounds from the workspace ([0, 10] for a
 * normfactor unless the measurement sets bounds).
 */
import type { Command } from 'commander';
// The inference modules are imported by each subcommand (a fit does not load the toy, FC and CLs machinery): start-up
// time of `workspace fit` (docs/cli.md, "Start-up").
import { loadWorkspaceFile, type LoadedWorkspace } from '../../stats/workspace/read.js'; // not index.js: the writer is not needed
import { InvalidSpecification } from '../../util/errors.js';
import { makeReporter, parseSets, runCommand, withCommonOptions, type CommonOptions } from '../common.js';

interface WorkspaceCommandOptions extends CommonOptions {
  measurement?: string;
}

/** Parse a finite number from a CLI option; the error names the option. */
function parseNumber(value: string | undefined, option: string): number {
  const v = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(v)) throw new InvalidSpecification(`expected a finite number, got "${value}"`, option);
  return v;
}

function load(file: string, opts: WorkspaceCommandOptions): LoadedWorkspace {
  return loadWorkspaceFile(file, opts.measurement ? { measurement: opts.measurement } : {});
}

/** `--set name=value` fixes a model parameter at a value for this command. */
function fixedFromSets(ws: LoadedWorkspace, sets: string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of parseSets(sets)) {
    if (typeof value !== 'number') throw new InvalidSpecification(`expected a number for parameter "${name}", got "${String(value)}"`, `--set ${name}`);
    ws.model.params.index(name);
    out[name] = value;
  }
  return out;
}

const fmt = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(5) : x.toExponential(4));

export function register(program: Command): void {
  const ws = program.command('workspace').description('fits, CLs and upper limits for a pyhf JSON workspace (q̃_μ, asymptotic calculator)');

  withCommonOptions(
    ws
      .command('fit <workspace>')
      .description('maximum-likelihood fit: best fit, Hessian errors and minimiser status')
      .option('--measurement <name>', 'measurement to use (default: the first)')
      .option('--minos', 'also compute asymmetric profile-likelihood (MINOS) errors of the POI'),
  ).action(async (file: string, opts: WorkspaceCommandOptions & { minos?: boolean }) =>
    runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const w = load(file, opts);
      const fixedValues = fixedFromSets(w, opts.set);
      const { fit } = await import('../../stats/infer/mle.js');
      const r = fit(w.model, w.data, { fixedValues });
      if (!r.status.converged) rep.info(`warning: the fit did not converge: ${r.status.message}`);
      const minosErr = opts.minos ? (await import('../../stats/infer/profile.js')).minos(w.model, w.data, r, [w.poi], { fit: { fixedValues } })[0] : null;
      const parameters = r.names.map((name, i) => ({ name, value: r.bestfit[i], error: r.errors ? r.errors[i] : null, fixed: r.fixed[i] === 1 }));
      const result = {
        measurement: w.measurement,
        poi: w.poi,
        parameters,
        twice_nll: Number.isFinite(r.twiceNll) ? r.twiceNll : null,
        minos: minosErr ? { name: minosErr.name, lower: minosErr.lower, upper: minosErr.upper, lower_valid: minosErr.lowerValid, upper_valid: minosErr.upperValid } : null,
        status: {
          converged: r.status.converged,
          edm: r.status.edm,
          n_calls: r.status.nCalls,
          at_limit: r.status.atLimit,
          cov_posdef: r.status.covPosDef,
          message: r.status.message,
        },
      };
      rep.result(result, () => {
        const lines = [`measurement ${w.measurement}, POI ${w.poi}; −2lnL = ${fmt(r.twiceNll)}; ${r.status.converged ? 'converged' : 'NOT converged'} (EDM ${r.status.edm.toExponential(2)}, ${r.status.nCalls} calls)`];
        for (const p of parameters) lines.push(`  ${p.name.padEnd(28)} ${fmt(p.value).padStart(12)}${p.fixed ? '   (fixed)' : ` ± ${p.error === null ? '?' : fmt(p.error)}`}`);
        if (minosErr) lines.push(`  MINOS ${minosErr.name}: ${fmt(minosErr.lower)} / +${fmt(minosErr.upper)}${minosErr.lowerValid && minosErr.upperValid ? '' : ` (${minosErr.message})`}`);
        if (r.status.atLimit.length) lines.push(`  at a bound: ${r.status.atLimit.join(', ')}`);
        return lines.join('\n');
      }, { unhealthy: [...(r.status.converged ? [] : [`the fit did not converge (${r.status.message})`]), ...(Number.isFinite(r.twiceNll) ? [] : [`−2lnL is ${r.twiceNll}`])] });
    }),
  );

  withCommonOptions(
    ws
      .command('cls <workspace>')
      .description('observed and expected CLs at one POI value (q̃_μ, asymptotic); --json prints {"cls_obs", "cls_exp"}')
      .requiredOption('--mu <value>', 'tested POI value')
      .option('--measurement <name>', 'measurement to use (default: the first)'),
  ).action(async (file: string, opts: WorkspaceCommandOptions & { mu: string }) =>
    runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const mu = parseNumber(opts.mu, '--mu');
      const w = load(file, opts);
      const { hypotest } = await import('../../stats/infer/hypotest.js');
      const r = hypotest(w.model, w.data, mu, { testStat: 'qmuTilde', fit: { fixedValues: fixedFromSets(w, opts.set) } });
      if (!r.valid) rep.info(`warning: ${r.messages.join('; ')}`);
      rep.result(
        { cls_obs: r.clsObs, cls_exp: [...r.clsExp] },
        () => [`CLs at ${w.poi} = ${mu} (q̃_μ, asymptotic): observed ${fmt(r.clsObs)}`, `expected (−2σ, −1σ, median, +1σ, +2σ): ${r.clsExp.map(fmt).join(', ')}`].join('\n'),
        { unhealthy: r.valid ? [] : [`CLs not valid: ${r.messages.join('; ')}`] },
      );
    }),
  );

  withCommonOptions(
    ws
      .command('upper-limit <workspace>')
      .description('observed and expected CLs upper limits on the POI (q̃_μ, asymptotic)')
      .option('--cl <level>', 'confidence level', '0.95')
      .option('--measurement <name>', 'measurement to use (default: the first)'),
  ).action(async (file: string, opts: WorkspaceCommandOptions & { cl: string }) =>
    runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const cl = parseNumber(opts.cl, '--cl');
      if (!(cl > 0 && cl < 1)) throw new InvalidSpecification(`expected a confidence level in (0, 1), got ${cl}`, '--cl');
      const w = load(file, opts);
      const { upperLimit } = await import('../../stats/infer/upperlimit.js');
      const r = upperLimit(w.model, w.data, { cl, testStat: 'qmuTilde', fit: { fixedValues: fixedFromSets(w, opts.set) } });
      if (!r.converged) rep.info(`warning: ${r.messages.join('; ')}`);
      rep.result(
        { poi: w.poi, cl, obs_limit: r.observed, exp_limits: [...r.expected], converged: r.converged },
        () => [`${cl * 100}% CL upper limit on ${w.poi} (CLs, q̃_μ, asymptotic): observed ${fmt(r.observed)}`, `expected (−2σ, −1σ, median, +1σ, +2σ): ${r.expected.map(fmt).join(', ')}`].join('\n'),
        { unhealthy: r.converged ? [] : [`the upper limit did not converge: ${r.messages.join('; ')}`] },
      );
    }),
  );
}
