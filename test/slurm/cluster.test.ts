/**
 * Integration test on a real (one-node, local) Slurm: `cevnsfit submit slurm` runs a sharded limit (20 masses,
 * 4 shards) and a sharded toy significance as job arrays with dependent merge jobs; the merged results must equal
 * single-process runs bit for bit (apart from the run-describing timing_ms / workers keys).
 *
 * Needs root (scripts/slurm-local.sh installs slurm-wlm and munge with apt-get when absent and starts the daemons).
 * Skipped unless CEVNSFIT_TEST_SLURM=1: run it with `npm run test:slurm`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const script = join(root, 'scripts/slurm-local.sh');
const env: NodeJS.ProcessEnv = { ...process.env };

function cevnsfit(args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`cevnsfit ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
// timing_ms, workers and provenance (command line, date) describe the run, not the result
const withoutTiming = (json: string): string => JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === 'timing_ms' || k === 'workers' || k === 'provenance' ? undefined : v));

/** Wait until Slurm no longer lists the job (finished), or fail after `ms`. */
async function waitForJob(id: string, ms: number): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const q = spawnSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8', env });
    if (q.stdout.trim() === '') break;
    if (Date.now() - t0 > ms) throw new Error(`job ${id} still ${q.stdout.trim()} after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const s = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8', env });
  return /JobState=(\w+)/.exec(s.stdout)?.[1] ?? 'UNKNOWN';
}

async function submitAndMerge(command: string[], shards: number): Promise<{ merged: string; dir: string; state: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-slurm-'));
  const sub = JSON.parse(cevnsfit(['submit', 'slurm', '--shards', String(shards), '--out', dir, '--time', '00:20:00', '--json', '--', ...command]));
  expect(sub.submitted).toBe(true);
  const state = await waitForJob(sub.job_ids.merge, 900_000);
  const status = JSON.parse(cevnsfit(['merge', '--status', dir, '--json']));
  expect(status.counts).toEqual({ done: shards });
  return { merged: readFileSync(join(dir, 'merged', 'result.json'), 'utf8'), dir, state };
}

describe.runIf(process.env.CEVNSFIT_TEST_SLURM === '1')('local Slurm cluster (npm run test:slurm)', { timeout: 1_200_000 }, () => {
  beforeAll(() => {
    const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const m = /export SLURM_CONF=(\S+)/.exec(out);
    if (!m) throw new Error(`slurm-local.sh start printed no SLURM_CONF: ${out}`);
    env.SLURM_CONF = m[1]!;
  }, 600_000);
  afterAll(() => {
    execFileSync('bash', [script, 'stop'], { stdio: 'inherit' });
  });

  it('sharded limit (20 masses, 4 shards) merges to the single-process curve', async () => {
    const limit = ['limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.mass_MeV={from: 1, to: 300, n: 20, log: true}'];
    const r = await submitAndMerge(limit, 4);
    expect(r.state).toBe('COMPLETED');
    const single = cevnsfit([...limit, '--workers', '1', '--out', join(r.dir, 'single'), '--json']);
    expect(withoutTiming(r.merged)).toBe(withoutTiming(single));
    expect(JSON.parse(r.merged).points).toHaveLength(20);
    expect(readFileSync(join(r.dir, 'merged', 'limits.svg'), 'utf8')).toBe(readFileSync(join(r.dir, 'single', 'limits.svg'), 'utf8'));
    expect(existsSync(join(r.dir, 'logs', 'shard-4.log'))).toBe(true);
  });

  it('sharded toy significance (16 toys, 4 shards) merges to the single-process result', async () => {
    const sig = ['significance', 'fits/csi2017-dm.yaml', '--toys', '16', '--seed', '3'];
    const r = await submitAndMerge(sig, 4);
    expect(r.state).toBe('COMPLETED');
    expect(withoutTiming(r.merged)).toBe(withoutTiming(cevnsfit([...sig, '--json'])));
  });
});
