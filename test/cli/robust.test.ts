/**
 * Runs that never mix, hide or misreport a failure (docs/cli.md): `--out` as one transaction (a killed or failing run
 * leaves the previous directory byte-identical; another command or config is refused without --force; foreign
 * directories are refused; errors name the path), exit codes (3 for an unhealthy result, --strict), workspaces with
 * a negative or zero nominal expectation refused with channel, sample and bin, and the provenance of result.json.
 * Runs the compiled CLI (dist/, built by `npm test` before vitest).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pyhfHelloWorld } from '../stats/fixtures.js';
import { makeReporter, runCommand, EXIT } from '../../src/cli/common.js';
import { OutTransaction } from '../../src/cli/output.js';
import { DATASET_NAMES } from '../../src/datasets/manifest.js';
import { datasetStatus, requireDataset } from '../../src/datasets/store.js';
import { dataOptions } from '../datasets/helpers.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hello = pyhfHelloWorld();
const wsA = join(dir, 'a.json');
const wsB = join(dir, 'b.json');
writeFileSync(wsA, JSON.stringify(hello));
writeFileSync(wsB, JSON.stringify(hello));

function run(args: string[], env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Every file under `d` (hidden ones included) with its bytes, for byte-identical comparisons. */
function snapshot(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string, rel: string): void => {
    for (const e of readdirSync(p).sort()) {
      const full = join(p, e);
      if (statSync(full).isDirectory()) walk(full, `${rel}${e}/`);
      else out[`${rel}${e}`] = readFileSync(full).toString('base64');
    }
  };
  walk(d, '');
  return out;
}

const siblingsOf = (d: string): string[] => readdirSync(join(d, '..')).filter((e) => e.startsWith(`.${d.split('/').pop()}.cevnsfit-`));

describe('--out is one transaction (needs dist/)', { timeout: 120_000 }, () => {
  it('a run killed after its first file leaves the previous directory byte-identical', async () => {
    const out = join(dir, 'killed');
    expect(run(['workspace', 'fit', wsA, '--out', out, '--json']).status).toBe(0);
    const before = snapshot(out);
    expect(Object.keys(before).sort()).toEqual(['.cevnsfit-out.json', 'result.json']);
    // The test hook makes the run sleep after its first file, so the kill lands mid-run deterministically.
    const child = spawn(process.execPath, [cli, 'workspace', 'fit', wsA, '--set', 'mu=0.5', '--out', out, '--json'], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, CEVNSFIT_TEST_STALL_AFTER_FIRST_WRITE: '60000' },
    });
    const tmp = join(dir, `.killed.cevnsfit-tmp-${child.pid}`);
    for (let i = 0; i < 600 && !(existsSync(tmp) && readdirSync(tmp).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(tmp)).toEqual(['result.json']);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(snapshot(out)).toEqual(before);
    // The next run removes the dead run's temporary directory and replaces the output as a whole.
    expect(run(['workspace', 'fit', wsA, '--set', 'mu=0.5', '--out', out, '--json']).status).toBe(0);
    expect(existsSync(tmp)).toBe(false);
    expect(siblingsOf(out)).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).parameters[0]).toMatchObject({ name: 'mu', value: 0.5, fixed: true });
  });

  it('a failing run leaves the previous directory untouched and no temporary directory', () => {
    const out = join(dir, 'failing');
    expect(run(['workspace', 'fit', wsA, '--out', out]).status).toBe(0);
    const before = snapshot(out);
    const r = run(['workspace', 'fit', wsA, '--set', 'no_such_parameter=1', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`(${out} is unchanged)`);
    expect(snapshot(out)).toEqual(before);
    expect(siblingsOf(out)).toEqual([]);
  });

  it('a re-run replaces the directory as a whole; a second config or another command is refused without --force', () => {
    const out = join(dir, 'used');
    expect(run(['workspace', 'fit', wsA, '--out', out]).status).toBe(0);
    writeFileSync(join(out, 'stale.svg'), '<svg/>'); // a file of an earlier run of the same command
    expect(run(['workspace', 'fit', wsA, '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'stale.svg'))).toBe(false);
    const before = snapshot(out);
    const second = run(['workspace', 'fit', wsB, '--out', out, '--json']);
    expect(second.status).toBe(1);
    expect(JSON.parse(second.stdout).error.message).toMatch(/holds the output of `cevnsfit workspace fit a\.json`, not of `cevnsfit workspace fit b\.json`.*--force/);
    const other = run(['workspace', 'cls', wsA, '--mu', '1', '--out', out]);
    expect(other.status).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(run(['workspace', 'fit', wsB, '--out', out, '--force']).status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, '.cevnsfit-out.json'), 'utf8'))).toMatchObject({ command: 'workspace fit', inputs: ['b.json'] });
  });

  it('refuses a non-empty directory cevnsfit did not write, a file, and an input as --out; errors name the path', () => {
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'x');
    const r = run(['workspace', 'fit', wsA, '--out', foreign]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--out ${foreign}: is not empty and was not written by cevnsfit (thesis.tex)`);
    expect(readdirSync(foreign)).toEqual(['thesis.tex']);
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    expect(run(['workspace', 'fit', wsA, '--out', file]).stderr).toContain(`--out ${file}: exists and is not a directory (ENOTDIR)`);
    expect(run(['workspace', 'fit', wsA, '--out', join(file, 'sub', 'out')]).stderr).toContain(`--out ${file}/sub/out: ${file} is not a directory (ENOTDIR)`);
    expect(run(['workspace', 'fit', wsA, '--out', dir]).stderr).toContain(`--out ${dir}: is not empty and was not written by cevnsfit`);
    const parts = join(dir, 'parts');
    mkdirSync(parts);
    expect(run(['merge', parts, '--out', parts]).stderr).toContain(`--out ${parts}: is also an input of this command`);
    const emptyDir = join(dir, 'empty');
    mkdirSync(emptyDir);
    expect(run(['workspace', 'fit', wsA, '--out', emptyDir]).status).toBe(0);
  });

  it.runIf(process.getuid?.() !== 0)('a directory without write permission: EACCES with the path', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    const r = run(['workspace', 'fit', wsA, '--out', join(ro, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/EACCES/);
    expect(r.stderr).toContain(join(ro, 'out'));
  });
});

describe('result.json provenance (needs dist/)', { timeout: 60_000 }, () => {
  it('has version, command line, config sha256, dataset manifest sha256s, Node version and date', () => {
    const out = join(dir, 'prov');
    expect(run(['workspace', 'fit', wsA, '--out', out]).status).toBe(0);
    const p = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).provenance;
    expect(Object.keys(p).sort()).toEqual(['cevnsfit_version', 'command_line', 'config_sha256', 'dataset_manifest_sha256', 'date', 'node_version']);
    expect(p.cevnsfit_version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(p.command_line).toBe(`cevnsfit workspace fit ${wsA} --out ${out}`);
    expect(p.config_sha256).toEqual({ [wsA]: createHash('sha256').update(readFileSync(wsA)).digest('hex') });
    expect(p.dataset_manifest_sha256['coherent-csi-2017']).toBe(createHash('sha256').update(readFileSync(join(root, 'datasets/coherent-csi-2017/manifest.json'))).digest('hex'));
    expect(p.node_version).toBe(process.version);
    expect(Date.now() - Date.parse(p.date)).toBeLessThan(60_000);
  });
});

describe('workspaces with an impossible nominal expectation are refused at load (needs dist/)', { timeout: 60_000 }, () => {
  it('negative total expectation: exit 1, channel, sample and bin named', () => {
    const ws = structuredClone(hello);
    ws.channels[0].samples[1].data = [50, -20];
    const f = join(dir, 'negative.json');
    writeFileSync(f, JSON.stringify(ws));
    const r = run(['workspace', 'fit', f, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toBe(
      "channels[0].samples[1].data[1]: channel 'singlechannel', bin 1: the nominal expectation is negative (-9); sample 'background' contributes -20",
    );
    expect(run(['workspace', 'cls', f, '--mu', '1']).status).toBe(1);
  });

  it('zero expectation where events are observed: exit 1, bin named', () => {
    const ws = structuredClone(hello);
    ws.channels[0].samples[0].data = [12, 0];
    ws.channels[0].samples[1].data = [50, 0];
    const f = join(dir, 'zero.json');
    writeFileSync(f, JSON.stringify(ws));
    const r = run(['workspace', 'upper-limit', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("channel 'singlechannel', bin 1: the nominal expectation is zero (samples 'signal', 'background') but 48 events are observed");
    // zero expected and zero observed is a valid bin
    ws.observations[0].data = [51, 0];
    writeFileSync(f, JSON.stringify(ws));
    expect(run(['workspace', 'fit', f]).status).toBe(0);
  });
});

describe('exit codes from the result health (in-process)', () => {
  async function capture(opts: { strict?: boolean }, health: Parameters<ReturnType<typeof makeReporter>['result']>[2]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    process.exitCode = 0;
    try {
      await runCommand(opts, () => makeReporter(opts).result({ a: 1 }, () => 'a', health));
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { code, stderr };
  }

  it('healthy → 0; unhealthy main result → 3 with the reason on stderr', async () => {
    expect((await capture({}, undefined)).code).toBe(EXIT.ok);
    const u = await capture({}, { unhealthy: ['the SM fit did not converge'] });
    expect(u.code).toBe(EXIT.unhealthy);
    expect(u.stderr).toBe('cevnsfit: unhealthy result: the SM fit did not converge\n');
  });

  it('some failed points → 0 and a summary line; with --strict → 3', async () => {
    const f = { failed: { count: 2, total: 60, what: 'limit mass points (status not ok)' } };
    const a = await capture({}, f);
    expect(a.code).toBe(EXIT.ok);
    expect(a.stderr).toBe('cevnsfit: 2 of 60 limit mass points (status not ok) failed\n');
    expect((await capture({ strict: true }, f)).code).toBe(EXIT.unhealthy);
    expect((await capture({ strict: true }, { failed: { count: 0, total: 60, what: 'x' } })).code).toBe(EXIT.ok);
  });
});

describe('a missing dataset is installed from the mirror by the command that needs it (needs dist/)', { timeout: 180_000 }, () => {
  it('installs it with one line on stderr, sha256-verified; with CEVNSFIT_AUTO_INSTALL=0 says exactly what to run', () => {
    const mirror = join(dir, 'mirror');
    for (const name of DATASET_NAMES) {
      const src = requireDataset(name, dataOptions());
      for (const [rel, abs] of Object.entries(src.files)) {
        mkdirSync(join(mirror, name, rel, '..'), { recursive: true });
        copyFileSync(abs, join(mirror, name, rel));
      }
    }
    const dataDir = join(dir, 'fresh-data');
    const env = { CEVNS_DATA_DIR: dataDir, CEVNS_DATA_MIRROR: mirror };
    const off = spawnSync(process.execPath, [cli, 'count', 'fits/csi2017-cut-and-count.yaml'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env, CEVNSFIT_AUTO_INSTALL: '0' } });
    expect(off.status).toBe(1);
    expect(off.stderr).toContain(`Install it with: cevnsfit data install coherent-csi-2017 --from ${mirror}`);
    const r = spawnSync(process.execPath, [cli, 'count', 'fits/csi2017-cut-and-count.yaml', '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`cevnsfit: dataset coherent-csi-2017 is not installed: installing it from ${mirror} \\(sha256-verified\\) … 8 files → `));
    expect(JSON.parse(r.stdout).command).toBe('count');
    expect(datasetStatus('coherent-csi-2017', { dataDir }).state).toBe('installed');
    // a corrupt mirror copy is refused, nothing installed
    const lar = join(mirror, 'coherent-lar-2020', 'brnpdf.txt');
    writeFileSync(lar, 'tampered\n');
    const bad = spawnSync(process.execPath, [cli, 'fit', 'fits/lar2020-sm.yaml'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/checksum mismatch for .*brnpdf\.txt/);
    expect(datasetStatus('coherent-lar-2020', { dataDir }).state).toBe('missing');
  });
});

describe('OutTransaction (in-process)', () => {
  it('a previous output renamed aside by a run killed between its two renames is put back', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    const out = join(dir, 'between');
    const aside = join(dir, `.between.cevnsfit-old-${dead}`);
    const stale = join(dir, `.between.cevnsfit-tmp-${dead}`);
    mkdirSync(aside);
    writeFileSync(join(aside, 'result.json'), '{"previous":true}\n');
    writeFileSync(join(aside, '.cevnsfit-out.json'), JSON.stringify({ format: 'cevnsfit-out', command: 'fit', inputs: ['x.yaml'], version: '0.1.0', date: '' }));
    mkdirSync(stale);
    expect(() => OutTransaction.begin(out, 'fit', ['y.yaml'])).toThrow(/holds the output of `cevnsfit fit x\.yaml`/);
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe('{"previous":true}\n');
    expect(existsSync(aside)).toBe(false);
    expect(existsSync(stale)).toBe(false);
    const tx = OutTransaction.begin(out, 'fit', ['x.yaml']);
    writeFileSync(join(tx.dir, 'result.json'), '{"next":true}\n');
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe('{"previous":true}\n');
    tx.commit();
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe('{"next":true}\n');
    expect(readdirSync(dir).filter((e) => e.startsWith('.between.'))).toEqual([]);
  });
});
