/**
 * `cevnsfit validate` as a CLI: one JSON object with --json, result.json under --out, seeded (two runs agree),
 * clear errors for bad options. Small toy counts only — the real numbers come from `npm run validate`.
 * Runs the compiled CLI (dist/, built by `npm test` before vitest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const run = (args: string[]) => spawnSync(process.execPath, [cli, 'validate', ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });

describe('cevnsfit validate', { timeout: 300_000 }, () => {
  it('--json: one object with coverage rows per method, checks and runtime; --out writes the same; seeded', () => {
    const out = mkdtempSync(join(tmpdir(), 'cevns-validate-'));
    const args = ['--toys', '30', '--masses', '75', '--wilks-toys', '0', '--mu-true', '3', '--json'];
    const a = run([...args, '--out', out]);
    const lines = a.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!);
    expect(r.command).toBe('validate');
    expect(r.coverage.map((c: { method: string }) => c.method)).toEqual(['CLs+b', 'CLs+b (toys)', 'FC', 'CLs']);
    for (const c of r.coverage) {
      expect(c.mass_MeV).toBe(75);
      expect(c.mu_true).toBe(3);
      expect(c.toys).toBe(30);
    }
    // Every coverage toy is either counted or reported as failed.
    expect(r.coverage[0].coverage.n + r.coverage[0].failed).toBe(30);
    expect(typeof r.runtime_s).toBe('number');
    expect(a.status).toBe(r.passed ? 0 : 3);
    const file = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(file.coverage).toEqual(r.coverage);
    const b = JSON.parse(run(args).stdout);
    expect(b.coverage).toEqual(r.coverage);
  });

  it('bad options name the option', () => {
    const a = run(['--toys', '0', '--json']);
    expect(a.status).toBe(1);
    expect(JSON.parse(a.stdout).error.message).toMatch(/--toys: expected a positive integer/);
    expect(run(['--masses', '30,abc']).stderr).toMatch(/--masses: expected positive masses in MeV/);
    expect(run(['--mu-true', '-1']).stderr).toMatch(/--mu-true: expected a positive number/);
  });
});
