#!/usr/bin/env node
// Whole-process wall time of `cevnsfit workspace fit` on pyhf's hello-world workspace (two bins, shapesys), against
// bare `node -e 0` and — when a `pyhf` executable is on PATH — pyhf's own CLI on the same file (`pyhf fit`).
// Medians of N runs (default 9; `node scripts/bench-startup.mjs 15`), with the load average: on a busy machine the
// absolute numbers are inflated, compare within one run of this script. docs/cli.md, "Start-up".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const n = Number(process.argv[2] ?? 9);
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ws = join(mkdtempSync(join(tmpdir(), 'cevnsfit-startup-')), 'hello.json');
writeFileSync(
  ws,
  JSON.stringify({
    channels: [
      {
        name: 'singlechannel',
        samples: [
          { name: 'signal', data: [12.0, 11.0], modifiers: [{ name: 'mu', type: 'normfactor', data: null }] },
          { name: 'background', data: [50.0, 52.0], modifiers: [{ name: 'uncorr_bkguncrt', type: 'shapesys', data: [3.0, 7.0] }] },
        ],
      },
    ],
    observations: [{ name: 'singlechannel', data: [51.0, 48.0] }],
    measurements: [{ name: 'Measurement', config: { poi: 'mu', parameters: [] } }],
    version: '1.0.0',
  }),
);

function median(cmd, args) {
  const t = [];
  spawnSync(cmd, args, { stdio: 'ignore' }); // warm-up (file cache)
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const load = loadavg().map((x) => x.toFixed(2)).join(' ');
const bare = median(process.execPath, ['-e', '0']);
const ours = median(process.execPath, [cli, 'workspace', 'fit', ws]);
const havePyhf = spawnSync('pyhf', ['--version'], { stdio: 'ignore' }).status === 0;
console.log(`load average ${load}; medians of ${n} runs (wall, whole process)`);
console.log(`node -e 0                      ${bare.toFixed(0).padStart(6)} ms`);
console.log(`cevnsfit workspace fit         ${ours.toFixed(0).padStart(6)} ms  (+${(ours - bare).toFixed(0)} ms over bare node)`);
if (havePyhf) {
  const py = median('pyhf', ['fit', ws]);
  console.log(`pyhf fit                       ${py.toFixed(0).padStart(6)} ms  (cevnsfit / pyhf = ${(ours / py).toFixed(2)})`);
} else console.log('pyhf fit                       (no `pyhf` on PATH: not measured)');
