// Helpers shared by the whole-process benchmarks (bench-shards.mjs, bench-global.mjs): command-line options, the load
// average, and a CLI run timed under /usr/bin/time so that its CPU time (user + system) is known — on a machine shared
// with other work, the CPU time of a process is what a dedicated core would take as wall time.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLI } from './cli-path.mjs';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** The value after `--name` on the command line, or `def`. */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/** The 1-, 5- and 15-minute load averages, two decimals. */
export const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const haveTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;

/**
 * Runs `cevnsfit ARGS` (the shipped executable) from the repository root; resolves to `{ wall, cpu }` in ms (cpu NaN
 * without /usr/bin/time), rejects with its stderr when it exits non-zero.
 */
export function runCliTimed(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cmd = haveTime ? ['/usr/bin/time', ['-f', 'CPU %U %S', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
    const p = spawn(cmd[0], cmd[1], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      const m = /CPU ([\d.]+) ([\d.]+)/.exec(err);
      resolve({ wall: performance.now() - t0, cpu: m ? 1000 * (Number(m[1]) + Number(m[2])) : NaN });
    });
  });
}
