import type { Command } from 'commander';

/**
 * Every CLI command lives in a module under src/cli/commands/ that exports `register(program)`. Modules are loaded
 * lazily: only the module of the command being run is imported (a workspace fit never loads the neutrino physics),
 * and `--help` lists the commands from this table without importing any of them. Add a command here with a one-line
 * summary and the loader of its module.
 */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ register: (program: Command) => void }>;
}

const analysis = (): Promise<{ register: (program: Command) => void }> => import('./analysis.js');

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  data: { summary: 'install, verify and list the datasets (COHERENT releases, beam simulations, limit curves)', load: () => import('./data.js') },
  workspace: { summary: 'fits, CLs and upper limits for a pyhf JSON workspace (q̃_μ, asymptotic calculator)', load: () => import('./workspace.js') },
  count: { summary: 'cut-and-count table in the config\'s window (events), with the simple and the profile-likelihood significance', load: analysis },
  fit: { summary: 'maximum-likelihood fit (DM configs: profiled over the mediator-mass grid of `scan`)', load: analysis },
  significance: { summary: 'discovery significance of the signal (DM configs) or of CEvNS (SM configs); --toys, --global (look-elsewhere over the mass grid), --shard i/N', load: analysis },
  compare: { summary: 'SM vs SM+DM vs SM+NSI: best fits, −2lnL, Δ(−2lnL), p-values, pulls and failing time bins', load: analysis },
  scan: { summary: 'profile-likelihood scans: --param NAME (1-D) or --param mass,Y; --shard i/N', load: analysis },
  limit: { summary: 'exclusion curve on Y over the mediator mass (CLs, CLs+b or Feldman–Cousins); --shard i/N', load: analysis },
  merge: { summary: 'merge the partial results of sharded runs into the single-run result; --status DIR', load: () => import('./merge.js') },
  export: { summary: 'write the analysis likelihood at a physics point as a pyhf JSON workspace (+ .meta.json)', load: () => import('./export.js') },
  validate: { summary: 'coverage of the 90 % CL upper limits (CLs+b, FC, CLs) and the Wilks calibration of q0, by seeded toys', load: () => import('./validate.js') },
  report: { summary: 'run or collect analyses into one offline index.html (tables, interactive plots, provenance, JSON and HEPData downloads)', load: () => import('./report.js') },
  impacts: { summary: 'nuisance pulls, constraints and impacts on the POI, ranking figure, grouped uncertainty breakdown', load: () => import('./impacts.js') },
  gof: { summary: 'saturated-model goodness of fit with toys, per channel and in total (--toys N)', load: () => import('./gof.js') },
  compatibility: { summary: 'combinations: signal strength per member vs the common fit, Δ(−2lnL) with a toy p-value', load: () => import('./compatibility.js') },
  explore: { summary: 'write an offline, interactive explorer page (live spectra, fits in a Web Worker, scans, CLs, pyhf drop zone)', load: () => import('./explore.js') },
  relic: { summary: 'thermal-relic targets (Ωh² = 0.12) from the freeze-out solver, per χ type and mass', load: () => import('./relic.js') },
  submit: { summary: 'submit a sharded command to a batch system (slurm): job array + dependent merge job', load: () => import('./submit.js') },
};

/** The command name in argv (first non-option argument after the script), or null. */
export function commandName(argv: readonly string[]): string | null {
  for (const a of argv.slice(2)) if (!a.startsWith('-')) return a;
  return null;
}

/**
 * Register what `argv` needs: the module of its command, or — for `--help`, no command or an unknown one — a stub per
 * command (name and summary) so help and "unknown command" suggestions work without loading any module.
 */
export async function registerFor(program: Command, argv: readonly string[]): Promise<void> {
  const name = commandName(argv);
  const entry = name !== null && Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : null;
  if (entry) {
    await import('../../node/system.js'); // file access and worker threads for the library (analysis commands add the datasets)
    (await entry.load()).register(program);
    return;
  }
  for (const [n, e] of Object.entries(COMMANDS)) program.command(n).description(e.summary);
}

/** Register every command (eager; for tools that need the full command tree, e.g. documentation). */
export async function registerAll(program: Command): Promise<void> {
  const seen = new Set<CommandEntry['load']>();
  await import('../../node/system.js');
  for (const e of Object.values(COMMANDS)) {
    if (seen.has(e.load)) continue;
    seen.add(e.load);
    (await e.load()).register(program);
  }
}
