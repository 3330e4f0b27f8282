/**
 * `significance --global` and `compare --toys` on CsI-2017 (compiled CLI, dist/): the JSON contract, sharded runs
 * merging bit for bit to the single run, the local significance agreeing between the two commands, and bad input
 * (no scan grid, no toys) refused with the option named, exit code 1 and nothing written.
 * A reduced mass grid keeps the runs short; the full-grid numbers are in docs/inference.md (npm run bench:global).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectResult, resultKind } from '../../src/analyses/results.js';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const GRID = ['--set', 'scan.mass_MeV={from: 20, to: 300, n: 8, log: true}'];

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
function ok(args: string[]): string {
  const r = run(args);
  if (r.status !== 0) throw new Error(`cevnsfit ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe('significance --global / compare --toys (needs dist/)', { timeout: 300_000 }, () => {
  it('bad input: no scan grid, no toys — the option named, exit 1, nothing written', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cevnsfit-lee-')), 'out');
    const a = run(['significance', 'fits/csi2017-dm-limit.yaml', '--global', '--toys', '10', '--out', dir, '--shard', '1/2']);
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/--global.*scan grid/);
    expect(existsSync(dir)).toBe(false);
    const b = run(['significance', 'fits/csi2017-dm.yaml', '--global', '--out', dir]);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/--toys/);
    expect(existsSync(dir)).toBe(false);
    const c = run(['compare', 'fits/csi2017-dm-limit.yaml', '--toys', '5', '--out', dir]);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/--toys.*scan grid/);
    expect(existsSync(dir)).toBe(false);
  });

  it('3 shards + merge give the single run bit for bit; JSON contract; local agrees with compare', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-lee-'));
    const args = ['significance', 'fits/csi2017-dm.yaml', '--global', '--toys', '9', '--seed', '4', ...GRID];
    ok([...args, '--workers', '2', '--out', join(dir, 'single'), '--json']);
    for (let i = 1; i <= 3; i++) ok([...args, '--shard', `${i}/3`, '--workers', '1', '--out', join(dir, 'parts'), '--json']);
    ok(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--json']);
    // provenance (command line, date) describes the run, not the result
    const withoutProvenance = (t: string): string => JSON.stringify(JSON.parse(t), (k, v: unknown) => (k === 'provenance' ? undefined : v));
    const single = readFileSync(join(dir, 'single', 'result.json'), 'utf8');
    expect(withoutProvenance(readFileSync(join(dir, 'merged', 'result.json'), 'utf8'))).toBe(withoutProvenance(single));
    const j = JSON.parse(single);
    expect(resultKind(expectResult(j, 'single/result.json', 'significance-global'))).toBe('significance-global');
    expect(Object.keys(j.local).sort()).toEqual(expect.arrayContaining(['z', 'p', 'mass_MeV']));
    expect(j.global).toMatchObject({ method: 'toys', n_toys: 9 });
    for (const k of ['z', 'p', 'p_error', 'trials_factor']) expect(typeof j.global[k]).toBe('number');
    for (const k of ['z', 'p', 'n_upcrossings', 'reference_level']) expect(typeof j.gross_vitells[k]).toBe('number');
    // One-sided local significance: Z = √q0, p = ½ P(χ²₁ > q0).
    expect(j.local.z).toBeCloseTo(Math.sqrt(j.local.q0), 6);
    expect(j.global.p).toBeGreaterThanOrEqual(j.local.p);

    const cmp = JSON.parse(ok(['compare', 'fits/csi2017-dm.yaml', ...GRID, '--json']));
    expect(cmp.local.mass_MeV).toBe(j.local.mass_MeV);
    expect(Math.abs(cmp.local.q0 - j.local.q0)).toBeLessThan(1e-4);
    expect(cmp.global).toBeNull();
    // The χ²(2 dof) number is kept under its old keys and labelled.
    expect(cmp.naive_chi2_2dof.z).toBe(cmp.hypotheses.dm.z_vs_sm);
    expect(cmp.comparison.dm_vs_nsi).toMatchObject({ delta: cmp.dm_minus_nsi, p_if_nsi: null, p_if_dm: null, n_toys: 0 });
  });

  it('compare --toys: global and the calibrated DM-vs-NSI comparison', () => {
    const j = JSON.parse(ok(['compare', 'fits/csi2017-dm.yaml', ...GRID, '--toys', '4', '--cox-toys', '2', '--seed', '2', '--workers', '1', '--json']));
    expect(j.global).toMatchObject({ method: 'toys', n_toys: 4 });
    expect(j.gross_vitells.reference_level).toBe(1);
    const d = j.comparison.dm_vs_nsi;
    expect(d).toMatchObject({ delta: j.dm_minus_nsi, n_toys: 2 });
    for (const k of ['p_if_nsi', 'p_if_dm']) expect(d[k]).toBeGreaterThan(0);
    // Under DM-true toys DM fits better than under NSI-true toys.
    expect(d.median_delta.dm_true).toBeGreaterThan(d.median_delta.nsi_true);
  });

  it('submit slurm passes --workers to the shards of a global significance', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-lee-'));
    ok(['submit', 'slurm', '--shards', '2', '--cpus-per-task', '2', '--out', dir, '--dry-run', '--json', '--', 'significance', 'fits/csi2017-dm.yaml', '--global', '--toys', '100']);
    expect(readFileSync(join(dir, 'slurm', 'shards.sbatch'), 'utf8')).toContain('--global --toys 100 --shard "${SLURM_ARRAY_TASK_ID}/2" --workers 2');
  });
});
