/**
 * The CLI entry loads only the module of the command it runs (src/cli/commands/index.ts): `--help` loads no command
 * module, a workspace fit loads nothing of the neutrino layers, an analysis command does. Checked by tracing the
 * modules a process resolves (fixtures/trace-imports.mjs) in the unbundled modules (`node dist/cli/main.js`); the
 * shipped executable runs the same module graph from one bundle, whose lazily imported modules stay lazy
 * (scripts/build-cli.mjs). What the shipped executable loads is traced with fixtures/trace-builtins.cjs. Start-up
 * times are measured in test/cli/startup.bench.ts and scripts/bench-startup.mjs (docs/cli.md, "Start-up").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';
import { pyhfHelloWorld } from '../stats/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const unbundled = join(root, 'dist/cli/main.js');
const cli = CLI;
const trace = join(root, 'test/cli/fixtures/trace-imports.mjs');
const traceBuiltins = join(root, 'test/cli/fixtures/trace-builtins.cjs');
const hello = join(mkdtempSync(join(tmpdir(), 'cevnsfit-main-')), 'hello.json');
writeFileSync(hello, JSON.stringify(pyhfHelloWorld()));

function traced(args: string[]): { modules: string[]; others: string[]; stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', trace, unbundled, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const lines = r.stderr.split('\n');
  const modules = lines.filter((l) => l.startsWith('[import] ')).map((l) => l.slice(9));
  const others = [...new Set(lines.filter((l) => l.startsWith('[other] ')).map((l) => l.slice(8)))].sort();
  return { modules, others, stdout: r.stdout, status: r.status };
}
const layers = (mods: string[]) => new Set(mods.map((m) => m.split('/').slice(1, 3).join('/')));

describe('lazy command loading (needs dist/)', { timeout: 60_000 }, () => {
  it('--help lists every command without loading any command module', () => {
    const r = traced(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['data', 'workspace', 'count', 'fit', 'significance', 'compare', 'scan', 'limit', 'merge', 'submit']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.modules.some((m) => m.includes('cli/commands/analysis'))).toBe(false);
    expect(r.modules.some((m) => m.includes('cli/commands/workspace'))).toBe(false);
    expect([...layers(r.modules)].sort()).toEqual(['cli/commands', 'cli/main.js', 'cli/program.js', 'cli/version.js'].sort());
  });

  it('a workspace fit loads the statistics core only (no analyses, detectors, physics or datasets)', () => {
    const r = traced(['workspace', 'fit', hello, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('parameters');
    const l = [...layers(r.modules)];
    for (const upper of ['analyses', 'detectors', 'physics', 'datasets']) expect(l.some((x) => x.startsWith(upper))).toBe(false);
    expect(r.modules.some((m) => m.includes('cli/commands/analysis'))).toBe(false);
  });

  it('the shipped executable runs a workspace fit from its bundle: no ES module, no other file, and no node:child_process, node:crypto, node:os or node:worker_threads (docs/cli.md, "Start-up")', () => {
    const args = [cli, 'workspace', 'fit', hello, '--json'];
    const esm = spawnSync(process.execPath, ['--import', trace, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(esm.status, esm.stderr).toBe(0);
    // The entry file itself passes the resolution hook (as every entry does under --import); nothing else does.
    expect(esm.stderr.split('\n').filter((l) => l.startsWith('[import] ') || l.startsWith('[other] '))).toEqual(['[import] dist/bin/cevnsfit.cjs']);
    // Without --import (whose hooks run in a worker thread): the built-ins and CommonJS files.
    const r = spawnSync(process.execPath, ['-r', traceBuiltins, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('parameters');
    const lines = r.stderr.split('\n');
    const json = (prefix: string): string[] => JSON.parse(lines.find((l) => l.startsWith(prefix))!.slice(prefix.length)) as string[];
    expect(json('[files] ')).toEqual([cli]);
    const builtins = json('[builtins] ');
    expect(builtins).toContain('vm');
    for (const b of ['child_process', 'crypto', 'os', 'worker_threads']) expect(builtins).not.toContain(b);
  });

  it('the unbundled modules of a workspace fit leave out the workspace writer and the profile likelihood', () => {
    const r = traced(['workspace', 'fit', hello, '--json']);
    expect(r.status).toBe(0);
    expect(r.modules).not.toContain('dist/stats/workspace/write.js');
    expect(r.modules).not.toContain('dist/stats/infer/profile.js');
  });

  it('the code cache built with the bundle is accepted by this Node (else every start compiles the bundle again)', () => {
    const r = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8', env: { ...process.env, CEVNSFIT_CODE_CACHE: 'check' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('cevnsfit code cache: accepted\n');
  });

  it('an analysis command loads its module', () => {
    const r = traced(['limit', '--help']);
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => m.includes('cli/commands/analysis'))).toBe(true);
    expect(r.stdout).toMatch(/--shard <i\/N>/);
  });

  it('an unknown command is an error that suggests the right one', () => {
    const r = spawnSync(process.execPath, [cli, 'limt'], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command 'limt'/);
    expect(r.stderr).toMatch(/limit/);
  });

  it('--version is the package version (carried into partial results)', () => {
    const r = spawnSync(process.execPath, [cli, '--version'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });
});
