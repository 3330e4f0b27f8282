/**
 * The analysis commands' JSON contracts (key names given in the issue) and their behaviour as a CLI:
 * exactly one JSON object on stdout with --json, result files under --out, clear errors.
 * Runs the compiled CLI (dist/, built by `npm test` before vitest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseResultJson } from '../../src/analyses/results.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** stdout must be exactly one JSON object (one line), and a result passes the guard of its contract (src/analyses/results.ts). */
function oneJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  const obj = JSON.parse(lines[0]!);
  expect(typeof obj).toBe('object');
  if ('command' in obj) parseResultJson(obj, 'stdout');
  return obj;
}

describe('analysis CLI (needs dist/: npm test builds it first)', { timeout: 60_000 }, () => {
  it('count --json gives the cut-and-count keys; --set Rn=5.5 lowers the delayed-ν prediction', () => {
    const a = run(['count', 'fits/csi2017-cut-and-count.yaml', '--json']);
    expect(a.status).toBe(0);
    const r = oneJson(a.stdout);
    for (const k of ['observed', 'steady_state', 'delayed_nu', 'prompt_nu', 'brn', 'excess', 'significance', 'significance_profile']) expect(typeof r[k]).toBe('number');
    expect(r.observed).toBe(97);
    expect(r.steady_state).toBe(49);
    const b = oneJson(run(['count', 'fits/csi2017-cut-and-count.yaml', '--json', '--set', 'Rn=5.5']).stdout);
    expect(b.delayed_nu as number).toBeLessThan(r.delayed_nu as number);
    expect(b.significance as number).toBeGreaterThan(r.significance as number);
  });

  it('fit --json has status.converged, twice_nll, parameters and yields by sample name; --out writes result.json and SVGs', () => {
    const out = mkdtempSync(join(tmpdir(), 'cevnsfit-fit-'));
    const a = run(['fit', 'fits/lar2020-sm.yaml', '--json', '--out', out]);
    expect(a.status).toBe(0);
    const r = oneJson(a.stdout) as { status: { converged: boolean }; twice_nll: number; parameters: Record<string, { value: number; error: number | null }>; yields: Record<string, { value: number; error: number }> };
    expect(r.status.converged).toBe(true);
    expect(Number.isFinite(r.twice_nll)).toBe(true);
    for (const s of ['cevns', 'brn_prompt', 'brn_delayed', 'ss']) {
      expect(r.yields[s]!.value).toBeGreaterThan(0);
      expect(r.yields[s]!.error).toBeGreaterThan(0);
    }
    // Sum of fitted yields ≈ observed total (Poisson MLE with a free normalisation conserves the total).
    const total = Object.values(r.yields).reduce((s, y) => s + y.value, 0);
    expect(total).toBeGreaterThan(3752 * 0.98);
    expect(total).toBeLessThan(3752 * 1.02);
    const saved = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(saved.twice_nll).toBe(r.twice_nll);
    const svg = readFileSync(join(out, 'lar-energy_keVee.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('keVee');
  });

  it('compare --json has hypotheses.sm/dm/nsi with twice_nll, and DM fits better than NSI on the CsI-2017 window', () => {
    const a = run(['compare', 'fits/csi2017-dm.yaml', '--json', '--set', 'scan.mass_MeV=[30,138]']);
    expect(a.status).toBe(0);
    const r = oneJson(a.stdout) as { hypotheses: Record<string, { twice_nll: number; parameters: Record<string, number> }> };
    for (const h of ['sm', 'dm', 'nsi']) expect(Number.isFinite(r.hypotheses[h]!.twice_nll)).toBe(true);
    expect(r.hypotheses.dm!.twice_nll).toBeLessThan(r.hypotheses.sm!.twice_nll);
    expect(r.hypotheses.dm!.twice_nll).toBeLessThan(r.hypotheses.nsi!.twice_nll);
  });

  it('significance --json has z and q0 with z = √q0', () => {
    const r = oneJson(run(['significance', 'fits/lar2020-sm.yaml', '--json']).stdout) as { z: number; q0: number };
    expect(r.z).toBeCloseTo(Math.sqrt(r.q0), 10);
    expect(r.z).toBeGreaterThan(3);
  });

  it('limit --json has cl and points [{mass, y_obs, y_exp[5]}]', () => {
    const r = oneJson(run(['limit', 'fits/csi2017-dm-limit.yaml', '--json', '--workers', '1', '--set', 'limit.mass_MeV=[10,100]']).stdout) as {
      cl: number;
      points: Array<{ mass: number; y_obs: number | null; y_exp: number[] }>;
    };
    expect(r.cl).toBe(0.9);
    expect(r.points.map((p) => p.mass)).toEqual([10, 100]);
    for (const p of r.points) {
      expect(p.y_obs).toBeGreaterThan(0);
      expect(p.y_exp).toHaveLength(5);
      for (let i = 1; i < 5; i++) expect(p.y_exp[i]!).toBeGreaterThanOrEqual(p.y_exp[i - 1]!);
    }
  });

  it('scan --param mass,Y gives the same grid in worker threads as in one thread', () => {
    const args = ['scan', 'fits/csi2017-dm.yaml', '--param', 'mass,Y', '--json', '--set', 'scan.mass_MeV=[30,100,138]', '--set', 'scan.Y={from: 1.0e-10, to: 1.0e-8, n: 4}'];
    const one = oneJson(run([...args, '--workers', '1']).stdout) as { delta_twice_nll: Array<number | null>; best: { mass_MeV: number }; masses_MeV: number[] };
    const two = oneJson(run([...args, '--workers', '2']).stdout) as typeof one;
    expect(one.masses_MeV).toEqual([30, 100, 138]);
    expect(one.delta_twice_nll).toHaveLength(12);
    expect(two.delta_twice_nll).toEqual(one.delta_twice_nll);
    // Δ is relative to the Y-free profile minimum, so every grid point lies at or above it (0 only if Ŷ is on the grid).
    expect(Math.min(...one.delta_twice_nll.filter((v): v is number => v !== null))).toBeGreaterThanOrEqual(0);
    expect(two.best).toEqual(one.best);
  });

  it('a config error names the key and exits non-zero with one JSON error object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-cfg-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'schemaVersion: 1.0.0\nname: bad\nexperiment: csi2017\nsignal:\n  mass_MeV: -3\n');
    const a = run(['fit', f, '--json']);
    expect(a.status).not.toBe(0);
    const r = oneJson(a.stdout) as { error: { message: string } };
    expect(r.error.message).toMatch(/signal\.mass_MeV/);
    expect(a.stderr).toMatch(/signal\.mass_MeV.*positive/);
  });

  it('a combination of overlapping data sets (CsI-2017 inside CsI-2021) exits non-zero naming both members', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-cfg-'));
    const f = join(dir, 'overlap.yaml');
    const m = (c: string, n: string): string => `    - { config: ${join(root, 'fits', c)}, name: ${n} }\n`;
    writeFileSync(f, `schemaVersion: 1.0.0\nname: overlap\nexperiment: combination\ndata: observed\ncombination:\n  members:\n${m('csi2017-dm-limit.yaml', 'csi2017')}${m('csi2021-dm-limit.yaml', 'csi2021')}signal: { family: dark-photon, mass_MeV: 75, chi_mass_ratio: 3, alpha_D: 0.5 }\n`);
    const a = run(['limit', f, '--json']);
    expect(a.status).not.toBe(0);
    const r = oneJson(a.stdout) as { error: { message: string } };
    expect(r.error.message).toMatch(/combination\.members: members csi2017 and csi2021 overlap.*counted twice/);
  });
});
