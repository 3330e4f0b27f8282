/**
 * `cevnsfit submit slurm [options] -- <command line>`: run a sharded command on a Slurm cluster as a job array (one
 * task per shard, `--shard $SLURM_ARRAY_TASK_ID/N`) and a merge job that starts when every task succeeded
 * (`--dependency=afterok:<array job id>`). Nothing relies on the submitting shell: the scripts `cd` to the work
 * directory, set (or explicitly unset) CEVNS_DATA_DIR and call the Node binary and the cevnsfit entry point by absolute
 * path. With --dry-run the scripts are written and printed but not submitted.
 *
 * Files under --out DIR: DIR/slurm/shards.sbatch, DIR/slurm/merge.sbatch, DIR/logs/shard-<i>.log,
 * DIR/logs/merge.log, DIR/partial-<i>-of-<N>.json (shards), DIR/merged/ (result.json and plots of the merge).
 * A failed shard is re-run alone with `sbatch --array=<i> DIR/slurm/shards.sbatch` (or the printed command line with
 * `--shard i/N`); then run the merge script (or `cevnsfit merge DIR --out DIR/merged`).
 */
import type { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.js';
import { CevnsfitError, InvalidSpecification } from '../../util/errors.js';
import { makeReporter, runCommand, withCommonOptions, type CommonOptions } from '../common.js';
import { cevnsfitExecutable } from '../executable.js';

interface SubmitOpts extends CommonOptions {
  shards?: string;
  partition?: string;
  time?: string;
  mem?: string;
  cpusPerTask?: string;
  workDir?: string;
  dataDir?: string;
  node?: string;
  dryRun?: boolean;
  sbatch?: string;
}

const SHARDABLE = new Set(['limit', 'significance', 'scan']);

/** Quote for a POSIX shell. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The two sbatch scripts of a sharded run. */
export interface SlurmScripts {
  readonly shards: string;
  readonly merge: string;
}

/** Settings of {@link slurmScripts} (all paths absolute). */
export interface SlurmSettings {
  readonly command: readonly string[];
  readonly shards: number;
  readonly outDir: string;
  readonly workDir: string;
  readonly dataDir: string | null;
  readonly node: string;
  readonly cli: string;
  readonly partition?: string;
  readonly time?: string;
  readonly mem?: string;
  readonly cpusPerTask: number;
}

export function slurmScripts(s: SlurmSettings): SlurmScripts {
  const name = `cevnsfit-${s.command[0]}`;
  const common = [
    ...(s.partition ? [`#SBATCH --partition=${s.partition}`] : []),
    ...(s.time ? [`#SBATCH --time=${s.time}`] : []),
    ...(s.mem ? [`#SBATCH --mem=${s.mem}`] : []),
    '#SBATCH --nodes=1',
    '#SBATCH --ntasks=1',
  ];
  const env = [
    'set -euo pipefail',
    `cd ${shq(s.workDir)}`,
    s.dataDir ? `export CEVNS_DATA_DIR=${shq(s.dataDir)}` : `unset CEVNS_DATA_DIR  # datasets from the package's own datasets/ directory`,
  ];
  const shards = [
    '#!/bin/bash',
    `#SBATCH --job-name=${name}`,
    `#SBATCH --array=1-${s.shards}`,
    `#SBATCH --cpus-per-task=${s.cpusPerTask}`,
    `#SBATCH --output=${s.outDir}/logs/shard-%a.log`,
    ...common,
    '# One task per shard; re-run a failed shard alone with: sbatch --array=<i> <this script>',
    ...env,
    `exec ${shq(s.node)} ${shq(s.cli)} ${s.command.map(shq).join(' ')} --shard "\${SLURM_ARRAY_TASK_ID}/${s.shards}"${s.command[0] === 'significance' && !s.command.includes('--global') ? '' : ` --workers ${s.cpusPerTask}`} --out ${shq(s.outDir)} --json`,
    '',
  ].join('\n');
  const merge = [
    '#!/bin/bash',
    `#SBATCH --job-name=${name}-merge`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${s.outDir}/logs/merge.log`,
    ...common,
    ...env,
    `${shq(s.node)} ${shq(s.cli)} merge --status ${shq(s.outDir)}`,
    `exec ${shq(s.node)} ${shq(s.cli)} merge ${shq(s.outDir)} --out ${shq(s.outDir + '/merged')} --json`,
    '',
  ].join('\n');
  return { shards, merge };
}

function sbatch(bin: string, args: readonly string[]): string {
  let out: string;
  try {
    out = execFileSync(bin, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new CevnsfitError(`${bin} ${args.join(' ')} failed: ${(err.stderr ?? '').trim() || err.message}`);
  }
  const id = out.trim().split(';')[0]!;
  if (!/^\d+$/.test(id)) throw new CevnsfitError(`${bin} printed no job id (got "${out.trim()}")`);
  return id;
}

export function register(program: Command): void {
  const submit = program.command('submit').description('submit a sharded command to a batch system');
  withCommonOptions(
    submit
      .command('slurm')
      .description('write (and submit) a Slurm job array of shards and a dependent merge job: cevnsfit submit slurm --shards N --out DIR -- limit fits/x.yaml')
      .argument('<command...>', 'the cevnsfit command line to shard (after --), e.g. -- limit fits/csi2017-dm-limit.yaml --set limit.toys=500')
      .requiredOption('--shards <n>', 'number of shards (array tasks)')
      .option('--partition <p>', 'Slurm partition')
      .option('--time <t>', 'time limit per task (Slurm format, e.g. 01:00:00)')
      .option('--mem <m>', 'memory per task (e.g. 2G)')
      .option('--cpus-per-task <c>', 'CPUs per task (= --workers of each shard)', '1')
      .option('--work-dir <dir>', 'working directory of the jobs (default: the current directory)')
      .option('--data-dir <dir>', 'installed datasets (default: $CEVNS_DATA_DIR, else the package datasets/ directory)')
      .option('--node <path>', 'Node binary of the jobs (default: the one running this command)')
      .option('--sbatch <path>', 'sbatch binary', 'sbatch')
      .option('--dry-run', 'write and print the scripts, do not submit'),
  ).action(async (command: string[], opts: SubmitOpts) => {
    await runCommand(opts, async () => {
      const n = Number(opts.shards);
      if (!(Number.isInteger(n) && n >= 1)) throw new InvalidSpecification(`expected a positive integer, got "${opts.shards}"`, '--shards');
      const cpus = Number(opts.cpusPerTask);
      if (!(Number.isInteger(cpus) && cpus >= 1)) throw new InvalidSpecification(`expected a positive integer, got "${opts.cpusPerTask}"`, '--cpus-per-task');
      if (!opts.out) throw new InvalidSpecification('give --out DIR: the shards write their partials and logs there', '--out');
      if (!SHARDABLE.has(command[0] ?? '')) throw new InvalidSpecification(`expected a shardable command (${[...SHARDABLE].join(', ')}) after --, got "${command.join(' ')}"`, 'command');
      for (const bad of ['--shard', '--out', '--workers', '--json']) {
        if (command.some((a) => a === bad || a.startsWith(bad + '='))) throw new InvalidSpecification(`${bad} is set by submit for every shard; remove it from the command line`, 'command');
      }
      const outDir = resolve(opts.out);
      const dataDir = opts.dataDir ? resolve(opts.dataDir) : process.env.CEVNS_DATA_DIR ? resolve(process.env.CEVNS_DATA_DIR) : null;
      const settings: SlurmSettings = {
        command,
        shards: n,
        outDir,
        workDir: resolve(opts.workDir ?? process.cwd()),
        dataDir,
        node: opts.node ?? process.execPath,
        cli: cevnsfitExecutable(),
        ...(opts.partition ? { partition: opts.partition } : {}),
        ...(opts.time ? { time: opts.time } : {}),
        ...(opts.mem ? { mem: opts.mem } : {}),
        cpusPerTask: cpus,
      };
      const scripts = slurmScripts(settings);
      const shardsFile = `${outDir}/slurm/shards.sbatch`;
      const mergeFile = `${outDir}/slurm/merge.sbatch`;
      writeFileAtomic(shardsFile, scripts.shards);
      writeFileAtomic(mergeFile, scripts.merge);
      writeFileAtomic(`${outDir}/logs/.keep`, '');
      let jobs: { shards: string; merge: string } | null = null;
      if (!opts.dryRun) {
        const arrayId = sbatch(opts.sbatch ?? 'sbatch', ['--parsable', shardsFile]);
        const mergeId = sbatch(opts.sbatch ?? 'sbatch', ['--parsable', `--dependency=afterok:${arrayId}`, '--kill-on-invalid-dep=yes', mergeFile]);
        jobs = { shards: arrayId, merge: mergeId };
      }
      makeReporter({ ...opts, out: undefined }).result(
        { command: 'submit', scheduler: 'slurm', shards: n, out: outDir, scripts: { shards: shardsFile, merge: mergeFile }, submitted: jobs !== null, ...(jobs ? { job_ids: jobs } : {}), merged: `${outDir}/merged/result.json` },
        () =>
          [
            ...(opts.dryRun ? [`# ${shardsFile}`, scripts.shards, `# ${mergeFile}`, scripts.merge, 'dry run: nothing submitted'] : []),
            ...(jobs ? [`submitted job array ${jobs.shards} (${n} shards) and merge job ${jobs.merge} (afterok:${jobs.shards})`, `status: cevnsfit merge --status ${outDir}`, `result: ${outDir}/merged/result.json`] : []),
          ].join('\n'),
      );
    }, { out: 'shared' });
  });
}
