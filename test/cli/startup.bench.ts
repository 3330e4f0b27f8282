/**
 * Start-up benchmark (issue 13): wall time of whole processes — bare `node -e 0`, `cevnsfit --help`, and a small
 * `cevnsfit workspace fit` (pyhf's two-bin hello world) — median of 15 runs each; "module loading" is the difference
 * to bare node; the target (issue 20) is ≤ 0.15 s above bare node for the workspace fit. `npm run bench:startup`
 * measures the same with the two processes in turn and a breakdown (docs/cli.md, "Start-up"). The CLI is the shipped
 * executable (package.json "bin").
 * Run with `npm run bench` (needs dist/). The load average is printed: on a shared machine the figures scale with it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { pyhfHelloWorld } from '../stats/fixtures.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const ws = join(mkdtempSync(join(tmpdir(), 'cevnsfit-startup-')), 'hello.json');
writeFileSync(ws, JSON.stringify(pyhfHelloWorld()));

function median(args: string[], n = 15): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    t.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)]!;
}

const opts = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };

describe('process start-up', () => {
  bench(
    'bare node vs cevnsfit --help vs cevnsfit workspace fit (medians of 15)',
    () => {
      const load = loadavg()[0]!.toFixed(2);
      const bare = median(['-e', '0']);
      const help = median([cli, '--help']);
      const fit = median([cli, 'workspace', 'fit', ws, '--json']);
      console.log(
        `[startup.bench] load ${load}: node -e 0 ${bare.toFixed(0)} ms; --help ${help.toFixed(0)} ms (+${(help - bare).toFixed(0)} ms); workspace fit ${fit.toFixed(0)} ms (+${(fit - bare).toFixed(0)} ms) — target ≤ 150 ms above bare node`,
      );
    },
    opts,
  );
});
