/**
 * The CLI entry loads only the module of the command it runs (src/cli/commands/index.ts): `--help` loads no command
 * module, a workspace fit loads nothing of the neutrino layers, an analysis command does. Checked by tracing the
 * modules a process resolves (fixtures/trace-imports.mjs). Start-up times are measured in test/cli/startup.bench.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pyhfHelloWorld } from '../stats/fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const trace = join(root, 'test/cli/fixtures/trace-imports.mjs');
const hello = join(mkdtempSync(join(tmpdir(), 'cevnsfit-main-')), 'hello.json');
writeFileSync(hello, JSON.stringify(pyhfHelloWorld()));

function traced(args: string[]): { modules: string[]; others: string[]; stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--import', trace, cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
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
    expect([...layers(r.modules)].sort()).toEqual(['cli/commands', 'cli/main.js', 'cli/version.js'].sort());
  });

  it('a workspace fit loads the statistics core only (no analyses, detectors, physics or datasets)', () => {
    const r = traced(['workspace', 'fit', hello, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('parameters');
    const l = [...layers(r.modules)];
    for (const upper of ['analyses', 'detectors', 'physics', 'datasets']) expect(l.some((x) => x.startsWith(upper))).toBe(false);
    expect(r.modules.some((m) => m.includes('cli/commands/analysis'))).toBe(false);
  });

  it('a workspace fit imports no package as an ES module (commander is required; jstat and ml-matrix through their require() shims), and no node:crypto, node:os or node:worker_threads (docs/cli.md, "Start-up")', () => {
    const r = traced(['workspace', 'fit', hello, '--json']);
    expect(r.status).toBe(0);
    expect(r.others).toEqual(['node:fs', 'node:module', 'node:path', 'node:url', 'src/node/cjs/jstat.cjs', 'src/node/cjs/ml-matrix.cjs']);
    expect(r.modules).not.toContain('dist/stats/workspace/write.js');
    expect(r.modules).not.toContain('dist/stats/infer/profile.js');
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
