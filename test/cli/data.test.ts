import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from '../../src/cli/commands/data.js';
import { requireDataset, sha256File } from '../../src/datasets/store.js';
import { dataOptions, tempDir } from '../datasets/helpers.js';

const NAME = 'coherent-csi-2017';
let mirror: string;

beforeAll(() => {
  const src = requireDataset(NAME, dataOptions());
  mirror = tempDir('cevns-cli-mirror-');
  mkdirSync(join(mirror, NAME));
  for (const [rel, abs] of Object.entries(src.files)) copyFileSync(abs, join(mirror, NAME, rel));
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Run `cevnsfit <args>` in-process; returns captured stdout, stderr and the exit code set. */
async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ out: string; err: string; code: number }> {
  const saved: Record<string, string | undefined> = {};
  for (const k of ['CEVNS_DATA_DIR', 'CEVNS_DATA_MIRROR']) {
    saved[k] = process.env[k];
    delete process.env[k];
    if (env[k] !== undefined) process.env[k] = env[k];
  }
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const program = new Command();
    program.exitOverride();
    register(program);
    await program.parseAsync(args, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
    for (const k of Object.keys(saved)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { out, err, code };
}

describe('cevnsfit data install / list', () => {
  it('installs with --json (one JSON object), then skips verified files on a second run', async () => {
    const dataDir = tempDir();
    const a = await run(['data', 'install', NAME, '--from', mirror, '--set', `dataDir=${dataDir}`, '--json']);
    expect(a.code).toBe(0);
    const lines = a.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!) as { datasets: Array<{ name: string; files: Array<{ action: string }> }> };
    expect(j.datasets[0]!.name).toBe(NAME);
    expect(j.datasets[0]!.files.every((f) => f.action === 'copied')).toBe(true);
    const b = await run(['data', 'install', NAME, '--from', mirror, '--set', `dataDir=${dataDir}`]);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/coherent-csi-2017: 8 files verified \(0 copied, 8 already installed\)/);
  });

  it('lists installed / missing / corrupt with per-file detail, as text and JSON; --out writes result.json', async () => {
    const dataDir = tempDir();
    await run(['data', 'install', NAME, '--from', mirror, '--set', `dataDir=${dataDir}`]);
    const victim = join(dataDir, NAME, 'arrivalTimePDF_promptNeutrons.txt');
    writeFileSync(victim, 'garbage\n');
    const outDir = tempDir();
    const j = await run(['data', 'list', '--json', '--set', `dataDir=${dataDir}`, '--out', outDir]);
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.out) as { datasets: Array<{ name: string; state: string; files: Array<{ path: string; state: string; actualSha256?: string }> }> };
    const csi = parsed.datasets.find((d) => d.name === NAME)!;
    expect(csi.state).toBe('corrupt');
    expect(csi.files.filter((f) => f.state === 'corrupt').map((f) => f.path)).toEqual(['arrivalTimePDF_promptNeutrons.txt']);
    expect(parsed.datasets.find((d) => d.name === 'coherent-lar-2020')!.state).toBe('missing');
    expect({ ...JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8')), provenance: undefined }).toEqual({ ...parsed, provenance: undefined });
    const t = await run(['data', 'list', '--set', `dataDir=${dataDir}`]);
    expect(t.out).toMatch(/coherent-csi-2017\s+corrupt\s+7\/8 files ok/);
    expect(t.out).toContain(`corrupt  arrivalTimePDF_promptNeutrons.txt: expected sha256 `);
    expect(t.out).toContain(`found ${sha256File(victim)}`);
    expect(t.out).toMatch(/coherent-lar-2020\s+missing\s+0\/21 files ok/);
  });

  it('refuses a corrupt mirror file with a clear message and exit code 1', async () => {
    const bad = tempDir('cevns-cli-bad-');
    mkdirSync(join(bad, NAME));
    for (const f of ['data_coincidence_beamOn.txt', 'data_anticoincidence_beamOn.txt', 'data_coincidence_beamOff.txt', 'data_anticoincidence_beamOff.txt', 'arrivalTimePDF_promptNeutrinos.txt', 'arrivalTimePDF_delayedNeutrinos.txt', 'arrivalTimePDF_promptNeutrons.txt', 'promptPDF.txt'])
      copyFileSync(join(mirror, NAME, f), join(bad, NAME, f));
    writeFileSync(join(bad, NAME, 'promptPDF.txt'), readFileSync(join(bad, NAME, 'promptPDF.txt'), 'utf8').replace('0.5,', '0.5 ,'));
    const dataDir = tempDir();
    const r = await run(['data', 'install', NAME, '--from', bad, '--set', `dataDir=${dataDir}`, '--json']);
    expect(r.code).toBe(1);
    const e = JSON.parse(r.out) as { error: { type: string; message: string } };
    expect(e.error.type).toBe('ChecksumMismatch');
    expect(e.error.message).toMatch(/checksum mismatch for .*promptPDF\.txt: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}; refusing/);
    expect(r.err).toMatch(/cevnsfit: checksum mismatch/);
    expect(existsSync(join(dataDir, NAME))).toBe(false);
  });

  it('uses $CEVNS_DATA_MIRROR and $CEVNS_DATA_DIR when no options are given', async () => {
    const root = tempDir();
    const r = await run(['data', 'install', NAME], { CEVNS_DATA_MIRROR: mirror, CEVNS_DATA_DIR: root });
    expect(r.code).toBe(0);
    expect(existsSync(join(root, NAME, 'promptPDF.txt'))).toBe(true);
  });

  it('explains missing mirror, bad names, names with --all, and unknown --set keys', async () => {
    const dataDir = tempDir();
    const a = await run(['data', 'install', NAME, '--set', `dataDir=${dataDir}`]);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/no mirror given: pass --from DIR or set CEVNS_DATA_MIRROR/);
    const b = await run(['data', 'install', 'nope', '--from', mirror]);
    expect(b.err).toMatch(/unknown dataset "nope"/);
    const c = await run(['data', 'install', NAME, '--all', '--from', mirror]);
    expect(c.err).toMatch(/give dataset names or --all, not both/);
    const d = await run(['data', 'list', '--set', 'colour=red']);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/--set colour: unknown setting "colour"/);
    const e = await run(['data', 'install', '--from', mirror]);
    expect(e.err).toMatch(/name at least one dataset or use --all/);
  });
});
