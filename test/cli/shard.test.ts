/**
 * Sharded runs: `--shard i/N` then `cevnsfit merge` must give exactly the single run — the same JSON numbers bit for
 * bit and the same plots — for limits (asymptotic and Feldman–Cousins toys), toy significances and mass × Y scans;
 * and merge must refuse missing, duplicate, mismatched, truncated and corrupt partials with clear errors.
 * Runs the compiled CLI (dist/, built by `npm test` before vitest).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
function ok(args: string[]): string {
  const r = run(args);
  if (r.status !== 0) throw new Error(`cevnsfit ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
/** The run-describing keys (wall time, pool lanes) are not part of the result; everything else must match exactly. */
// JSON.parse/JSON.stringify round-trips every double exactly, so comparing the re-serialised texts is bit for bit.
const withoutTiming = (json: string): string =>
  JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === 'timing_ms' || k === 'workers' || k === 'provenance' ? undefined : v));
/** result.json without its provenance (command line and date differ between the single and the merged run). */
const withoutProvenance = (json: string): string => JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === 'provenance' ? undefined : v));

/** Single run and N shards + merge of `args`; returns both result.json texts and the plot names. */
function singleVsMerged(args: string[], n: number, single: string[] = []): { single: string; merged: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-shard-'));
  ok([...args, ...single, '--out', join(dir, 'single'), '--json']);
  for (let i = 1; i <= n; i++) ok([...args, '--shard', `${i}/${n}`, '--out', join(dir, 'parts'), '--json']);
  const status = JSON.parse(ok(['merge', '--status', join(dir, 'parts'), '--json']));
  expect(status.counts).toEqual({ done: n });
  ok(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--json']);
  return { single: readFileSync(join(dir, 'single', 'result.json'), 'utf8'), merged: readFileSync(join(dir, 'merged', 'result.json'), 'utf8'), dir };
}

function samePlots(dir: string): void {
  const svgs = readdirSync(join(dir, 'single')).filter((f) => f.endsWith('.svg'));
  expect(svgs.length).toBeGreaterThan(0);
  for (const f of svgs) expect(readFileSync(join(dir, 'merged', f), 'utf8')).toBe(readFileSync(join(dir, 'single', f), 'utf8'));
}

const LIMIT = ['limit', 'fits/ccm-projection.yaml', '--set', 'limit.mass_MeV={from: 2, to: 250, n: 7, log: true}', '--workers', '1'];

describe('sharded runs merge to the single run (needs dist/)', { timeout: 300_000 }, () => {
  it('limit (asymptotic CLs), 3 shards: identical JSON and limits.svg', () => {
    const r = singleVsMerged(LIMIT, 3);
    expect(withoutTiming(r.merged)).toBe(withoutTiming(r.single));
    expect(JSON.parse(r.merged).points).toHaveLength(7);
    samePlots(r.dir);
  });

  it('limit (Feldman–Cousins toys, per-mass RNG streams), 2 shards: identical JSON', () => {
    const fc = ['limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.method=fc', '--set', 'limit.toys=12', '--set', 'limit.mass_MeV={from: 10, to: 200, n: 3, log: true}', '--workers', '1', '--no-overlays'];
    const r = singleVsMerged(fc, 2);
    expect(withoutTiming(r.merged)).toBe(withoutTiming(r.single));
    expect(JSON.parse(r.merged).method).toBe('fc');
    samePlots(r.dir);
  });

  it('significance --toys, 3 shards of toy blocks: identical JSON', () => {
    const r = singleVsMerged(['significance', 'fits/csi2017-dm.yaml', '--toys', '10', '--seed', '7'], 3);
    expect(withoutProvenance(r.merged)).toBe(withoutProvenance(r.single));
    const j = JSON.parse(r.merged);
    expect(j.toys).toMatchObject({ n: 10, seed: 7 });
    expect(j.method).toBe('toys');
  });

  it('scan --param mass,Y, 2 shards: identical JSON and scan-mass-Y.svg', () => {
    const scan = ['scan', 'fits/csi2017-dm.yaml', '--param', 'mass,Y', '--set', 'scan.mass_MeV={from: 10, to: 200, n: 4, log: true}', '--set', 'scan.Y={from: 1.0e-10, to: 1.0e-8, n: 3, log: true}', '--workers', '1'];
    const r = singleVsMerged(scan, 2);
    expect(withoutProvenance(r.merged)).toBe(withoutProvenance(r.single));
    samePlots(r.dir);
  });
});

describe('merge refuses broken sets of partials (needs dist/)', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-shard-bad-'));
  const parts = join(dir, 'parts');
  const p = (i: number, n = 3) => join(parts, `partial-${String(i).padStart(4, '0')}-of-${String(n).padStart(4, '0')}.json`);
  const shard = (i: number, extra: string[] = [], out = parts) => ok([...LIMIT, ...extra, '--shard', `${i}/3`, '--out', out, '--json']);
  const mergeErr = (files: string[]): string => {
    const r = run(['merge', ...files, '--json']);
    expect(r.status).toBe(1);
    return JSON.parse(r.stdout).error.message as string;
  };

  it('shards write partials with hash, version, shard and slice', () => {
    for (const i of [1, 2, 3]) shard(i);
    const j = JSON.parse(readFileSync(p(2), 'utf8'));
    expect(j).toMatchObject({ format: 'cevnsfit-partial', command: 'limit', version: '0.1.0', shard: { index: 2, count: 3 }, slice: { kind: 'round-robin', total: 7, indices: [1, 4] } });
    expect(j.config_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('missing shard', () => expect(mergeErr([p(1), p(3)])).toMatch(/missing shard\(s\) 2\/3/));
  it('duplicate shard', () => expect(mergeErr([p(1), p(2), p(2), p(3)])).toMatch(/duplicate shard 2\/3/));

  it('mismatched config hash (a different --set)', () => {
    const other = join(dir, 'other');
    shard(2, ['--set', 'limit.cl=0.95'], other);
    expect(mergeErr([p(1), join(other, 'partial-0002-of-0003.json'), p(3)])).toMatch(/config hash .* different runs/);
  });

  it('mismatched version', () => {
    const f = join(dir, 'v.json');
    writeFileSync(f, readFileSync(p(2), 'utf8').replace('"version":"0.1.0"', '"version":"0.0.9"'));
    expect(mergeErr([p(1), f, p(3)])).toMatch(/v\.json was written by cevnsfit 0\.0\.9, this is cevnsfit 0\.1\.0/);
  });

  it('partials that agree with each other but come from another version are refused', () => {
    const other = join(dir, 'other-version');
    mkdirSync(other, { recursive: true });
    for (const i of [1, 2, 3]) writeFileSync(join(other, `partial-000${i}-of-0003.json`), readFileSync(p(i), 'utf8').replace('"version":"0.1.0"', '"version":"0.2.0"'));
    expect(mergeErr([other])).toMatch(/partial-0001-of-0003\.json was written by cevnsfit 0\.2\.0, this is cevnsfit 0\.1\.0: re-run the shards/);
  });

  it('partials carry the provenance of their shard', () => {
    const j = JSON.parse(readFileSync(p(1), 'utf8'));
    expect(Object.keys(j.provenance).sort()).toEqual(['cevnsfit_version', 'command_line', 'config_sha256', 'dataset_manifest_sha256', 'date', 'node_version']);
    expect(j.provenance.command_line).toMatch(/--shard 1\/3/);
  });

  it('truncated partial', () => {
    const f = join(dir, 't.json');
    const text = readFileSync(p(2), 'utf8');
    writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    expect(mergeErr([p(1), f, p(3)])).toMatch(/t\.json: truncated or corrupt partial result/);
  });

  it('corrupt partial (valid JSON, a number changed)', () => {
    const f = join(dir, 'c.json');
    const j = JSON.parse(readFileSync(p(2), 'utf8'));
    j.items[0].value.y_exp[2] *= 1.0000001;
    writeFileSync(f, JSON.stringify(j));
    expect(mergeErr([p(1), f, p(3)])).toMatch(/c\.json: corrupt partial result: payload checksum mismatch/);
  });

  it('a shard SIGKILLed mid-run leaves no partial; status shows it failed (process gone), merge reports it missing', async () => {
    const killed = join(dir, 'killed');
    const child = spawn(process.execPath, [cli, ...LIMIT, '--shard', '1/2', '--out', killed], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        if (d.toString().includes('started')) resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(readdirSync(killed).filter((f) => f.startsWith('partial-'))).toEqual([]);
    const st = JSON.parse(ok(['merge', '--status', killed, '--json']));
    expect(st.shards.map((s: { state: string }) => s.state)).toEqual(['failed', 'missing']);
    expect(st.shards[0].reason).toBe('process gone');
    expect(run(['merge', '--status', killed]).stdout).toMatch(/1\/2 {2}failed \(process gone\)/);
    ok([...LIMIT, '--shard', '2/2', '--out', killed]);
    expect(mergeErr([killed])).toMatch(/missing shard\(s\) 1\/2/);
    ok([...LIMIT, '--shard', '1/2', '--out', killed]); // the failed shard re-run alone
    expect(JSON.parse(ok(['merge', killed, '--json'])).points).toHaveLength(7);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('shard options', { timeout: 60_000 }, () => {
  it('--shard needs i/N with 1 ≤ i ≤ N and --out', () => {
    expect(JSON.parse(run([...LIMIT, '--shard', '4/3', '--json', '--out', tmpdir()]).stdout).error.message).toMatch(/--shard: expected i\/N with 1 ≤ i ≤ N/);
    expect(JSON.parse(run([...LIMIT, '--shard', '1/3', '--json']).stdout).error.message).toMatch(/give --out DIR/);
    expect(existsSync(cli)).toBe(true);
  });
});

describe('submit slurm (needs dist/)', { timeout: 60_000 }, () => {
  it('writes a job-array script and a merge script, and submits the merge with afterok on the array', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-submit-'));
    // a stand-in sbatch: records its arguments, prints a job id like `sbatch --parsable`
    const fake = join(dir, 'sbatch');
    writeFileSync(fake, `#!/bin/sh\necho "$@" >> ${join(dir, 'calls')}\nn=$(wc -l < ${join(dir, 'calls')})\necho $((1000 + n))\n`, { mode: 0o755 });
    const out = join(dir, 'run');
    const r = JSON.parse(
      ok(['submit', 'slurm', '--shards', '5', '--out', out, '--partition', 'short', '--time', '00:10:00', '--mem', '2G', '--data-dir', '/data/cevns', '--sbatch', fake, '--json', '--', 'limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.toys=500']),
    );
    expect(r).toMatchObject({ submitted: true, shards: 5, job_ids: { shards: '1001', merge: '1002' } });
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls[0]).toBe(`--parsable ${out}/slurm/shards.sbatch`);
    expect(calls[1]).toMatch(new RegExp(`--parsable --dependency=afterok:1001 .*${out}/slurm/merge.sbatch$`));
    const shards = readFileSync(join(out, 'slurm', 'shards.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=1-5', '#SBATCH --partition=short', '#SBATCH --time=00:10:00', '#SBATCH --mem=2G', `cd ${root.replace(/\/$/, '')}`, 'export CEVNS_DATA_DIR=/data/cevns']) expect(shards).toContain(line);
    expect(shards).toContain(`${process.execPath} ${cli} limit fits/csi2017-dm-limit.yaml --set limit.toys=500 --shard "\${SLURM_ARRAY_TASK_ID}/5" --workers 1 --out ${out} --json`);
    const merge = readFileSync(join(out, 'slurm', 'merge.sbatch'), 'utf8');
    expect(merge).toContain(`${process.execPath} ${cli} merge ${out} --out ${out}/merged --json`);
  });

  it('--dry-run submits nothing; options that submit sets per shard are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-submit-'));
    const r = JSON.parse(ok(['submit', 'slurm', '--shards', '2', '--out', dir, '--dry-run', '--sbatch', '/nonexistent', '--json', '--', 'significance', 'fits/csi2017-dm.yaml', '--toys', '100']));
    expect(r.submitted).toBe(false);
    expect(readFileSync(join(dir, 'slurm', 'shards.sbatch'), 'utf8')).not.toContain('--workers'); // significance has no pool
    const bad = run(['submit', 'slurm', '--shards', '2', '--out', dir, '--dry-run', '--json', '--', 'limit', 'fits/csi2017-dm-limit.yaml', '--shard', '1/2']);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/--shard is set by submit for every shard/);
    const notShardable = run(['submit', 'slurm', '--shards', '2', '--out', dir, '--dry-run', '--json', '--', 'compare', 'fits/csi2017-dm.yaml']);
    expect(JSON.parse(notShardable.stdout).error.message).toMatch(/expected a shardable command/);
  });
});
