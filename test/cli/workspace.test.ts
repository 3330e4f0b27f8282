/**
 * `cevnsfit workspace …` on pyhf's README workspace (two bins, shapesys background uncertainty).
 * Reference numbers (pyhf README.rst, `pyhf cls` output for the same JSON): CLs_obs = 0.05251497423736956,
 * CLs_exp = [0.0026062609501074576, 0.01382005356161206, 0.06445320535890459, 0.23525643861460702,
 * 0.573036205919389]; 95% CL limits from the pyhf toms748_scan docstring: observed 1.01156939, expected
 * [0.5600747, 0.75702605, 1.06234693, 1.50116923, 2.05078912]. Agreement required: 1%.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/workspace.js';
import { pyhfHelloWorld } from '../stats/fixtures.js';
import { CLI } from '../../scripts/cli-path.mjs';

const helloWorld = pyhfHelloWorld();

const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-ws-'));
const wsFile = join(dir, 'likelihood.json');
writeFileSync(wsFile, JSON.stringify(helloWorld));
const badFile = join(dir, 'bad.json');
const bad = structuredClone(helloWorld) as { channels: { samples: { data?: unknown }[] }[] };
bad.channels[0].samples[1].data = 'fifty';
writeFileSync(badFile, JSON.stringify(bad));

/** Run the command in-process; returns captured stdout, stderr and the exit code it set. */
async function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const program = new Command().exitOverride();
  register(program);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'cevnsfit', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, code };
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);
/** Measured agreement with pyhf (same model as test/stats/infer/pyhf-reference.test.ts): CLs 1.3e-4, limits 3.3e-4 relative. */
const CLS_TOL = 2e-4;
const LIMIT_TOL = 5e-4;

afterEach(() => {
  process.exitCode = 0;
});

describe('cevnsfit workspace', () => {
  it('cls --json prints exactly one JSON object that matches pyhf (CLs to 2e-4 relative)', async () => {
    const r = await run(['workspace', 'cls', wsFile, '--mu', '1', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out).sort()).toEqual(['cls_exp', 'cls_obs']);
    expect(rel(out.cls_obs, 0.05251497423736956)).toBeLessThan(CLS_TOL);
    const ref = [0.0026062609501074576, 0.01382005356161206, 0.06445320535890459, 0.23525643861460702, 0.573036205919389];
    expect(out.cls_exp).toHaveLength(5);
    for (let k = 0; k < 5; k++) expect(rel(out.cls_exp[k], ref[k])).toBeLessThan(CLS_TOL);
  });

  it('upper-limit --json matches pyhf to 5e-4 relative', async () => {
    const r = await run(['workspace', 'upper-limit', wsFile, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.cl).toBe(0.95);
    expect(rel(out.obs_limit, 1.01156939)).toBeLessThan(LIMIT_TOL);
    const ref = [0.5600747, 0.75702605, 1.06234693, 1.50116923, 2.05078912];
    for (let k = 0; k < 5; k++) expect(rel(out.exp_limits[k], ref[k])).toBeLessThan(LIMIT_TOL);
    expect(out.converged).toBe(true);
  });

  it('upper-limit --cl 0.9 gives a lower limit than 0.95', async () => {
    const r90 = JSON.parse((await run(['workspace', 'upper-limit', wsFile, '--cl', '0.9', '--json'])).stdout);
    expect(r90.cl).toBe(0.9);
    expect(r90.obs_limit).toBeLessThan(1.01156939 * 0.99);
  });

  it('fit --json reports best fit, errors and status with pyhf parameter names', async () => {
    const r = await run(['workspace', 'fit', wsFile, '--json', '--minos']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.parameters.map((p: { name: string }) => p.name)).toEqual(['mu', 'uncorr_bkguncrt[0]', 'uncorr_bkguncrt[1]']);
    expect(out.status.converged).toBe(true);
    // Observed data lie below the background expectation: μ̂ sits on its lower bound 0.
    expect(out.parameters[0].value).toBe(0);
    expect(out.status.at_limit).toContain('mu');
    expect(out.minos.upper).toBeGreaterThan(0);
  });

  it('an invalid workspace fails with a message naming the JSON path', async () => {
    const r = await run(['workspace', 'cls', badFile, '--mu', '1', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/channels\[0\]\.samples\[1\]\.data/);
    expect(JSON.parse(r.stdout).error.type).toBe('InvalidSpecification');
  });

  it('a non-numeric --mu is rejected naming the option', async () => {
    const r = await run(['workspace', 'cls', wsFile, '--mu', 'one']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--mu/);
  });

  it('the shipped executable (dist/bin/cevnsfit.cjs, the bundle) and the unbundled modules (node dist/cli/main.js) give the same JSON', () => {
    const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    for (const entry of [CLI, main]) {
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does) before this test`);
    }
    const outputs = [CLI, main].map((entry) => {
      const p = spawnSync(process.execPath, [entry, 'workspace', 'cls', wsFile, '--mu', '1', '--json'], { encoding: 'utf8' });
      expect(p.status, p.stderr).toBe(0);
      return p.stdout;
    });
    expect(outputs[0]).toBe(outputs[1]);
    expect(rel(JSON.parse(outputs[0]!).cls_obs, 0.05251497423736956)).toBeLessThan(CLS_TOL);
  });
});
