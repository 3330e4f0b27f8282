/**
 * `cevnsfit relic` (src/cli/commands/relic.ts; needs dist/): exactly one JSON object with --json, the thermal target per
 * χ type and mass, p-wave targets above s-wave ones, and bad input named by its option with a non-zero exit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const run = (args: string[]) => spawnSync(process.execPath, [cli, 'relic', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('cevnsfit relic', { timeout: 120_000 }, () => {
  it('--json: one object with ε and Y per χ type and mass', () => {
    const r = run(['--chi', 'scalar,pseudo-dirac', '--masses', '10,30', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { command: string; points: Array<{ chi: string; m_chi_MeV: number; Y: number; converged: boolean; x_f: number }> };
    expect(out.command).toBe('relic');
    expect(out.points).toHaveLength(4);
    for (const p of out.points) {
      expect(p.converged).toBe(true);
      expect(p.x_f).toBeGreaterThan(10);
    }
    const y = (chi: string, m: number) => out.points.find((p) => p.chi === chi && p.m_chi_MeV === m)!.Y;
    // p-wave (scalar) needs a larger coupling than s-wave (pseudo-Dirac) by ~x_f
    expect(y('scalar', 10) / y('pseudo-dirac', 10)).toBeGreaterThan(10);
  });
  it('bad input: names the option, exits non-zero, no NaN', () => {
    const a = run(['--chi', 'axion', '--json']);
    expect(a.status).not.toBe(0);
    expect(JSON.parse(a.stdout).error.message).toMatch(/--chi.*axion/);
    const b = run(['--masses', '10,-1']);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toMatch(/--masses/);
    const c = run(['--masses', '500']);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toMatch(/450 MeV/);
  });
});
