#!/usr/bin/env node
// Whole-process time of the shipped `cevnsfit` executable (package.json "bin"; `--cli=PATH` times another entry, e.g.
// `--cli=dist/cli/main.js`, the unbundled modules) running `workspace fit` on pyhf's hello-world workspace (two bins,
// shapesys), against bare `node -e 0` and — when a `pyhf` executable is on PATH — pyhf's own CLI on the same file (`pyhf fit`).
// The two node commands run in turn (A B A B …, after one warm-up each), so a change in the machine's load hits both;
// the overhead is the median of the per-pair differences, checked against the target of issue 20: at most 0.15 s of
// module loading over bare Node. Wall times are medians of N runs (default 15; `node scripts/bench-startup.mjs 31`);
// on Linux the CPU time (user + system, from /proc/self/stat of the children, 10 ms ticks) is given as a mean, the
// better guide on a shared machine. The load average is printed: compare within one run of this script.
// docs/cli.md, "Start-up"; docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './cli-path.mjs';

const TARGET_MS = 150;
const breakdown = process.argv.includes('--breakdown');
const n = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 15);
const cliArg = process.argv.find((a) => a.startsWith('--cli='));
const cli = cliArg ? resolve(cliArg.slice(6)) : CLI; // default: the shipped executable
/** pyhf's hello-world workspace (two bins, one normfactor, one shapesys): scripts/pyhf-hello-world.json. */
const ws = fileURLToPath(new URL('./pyhf-hello-world.json', import.meta.url));

/**
 * `--breakdown`: what the overhead is made of, as a ladder of whole processes, each doing more than the one before:
 * bare node; `cevnsfit --version` (the loader reads the bundle and its code cache, compiles, sets up the command line
 * with commander and the command table); `cevnsfit workspace fit --help` (+ the workspace command's module and what
 * it imports: reader, pyhf schema validator, model, modifiers); `cevnsfit workspace fit hello.json` (+ the fit module,
 * and the work: read and validate, build the model, fit, print). The same ladder without the code cache
 * (CEVNSFIT_CODE_CACHE=0) shows what the cache saves. CPU: means of n runs, all commands in turn; a step is the difference of two means of 10 ms ticks, so a step of a
 * few ms is within the noise.
 */
function breakdownLadder() {
  const ladder = [
    ['cevnsfit --version', [cli, '--version']],
    ['cevnsfit workspace fit --help', [cli, 'workspace', 'fit', '--help']],
    ['cevnsfit workspace fit hello.json', [cli, 'workspace', 'fit', ws]],
  ];
  const variants = [
    ['with the code cache', {}],
    ['without (CEVNSFIT_CODE_CACHE=0)', { CEVNSFIT_CODE_CACHE: '0' }],
  ];
  const cpu = { bare: [] };
  for (const [v] of variants) for (const [name] of ladder) cpu[`${v}|${name}`] = [];
  const load0 = loadavg()[0];
  for (let i = 0; i < n; i++) {
    cpu.bare.push(run(process.execPath, bareArgs).cpu);
    for (const [v, env] of variants) for (const [name, args] of ladder) cpu[`${v}|${name}`].push(run(process.execPath, args, env).cpu);
  }
  const bareCpu = mean(cpu.bare);
  console.log(`\nbreakdown: CPU ms over bare node (${bareCpu.toFixed(0)} ms), means of ${n} processes of each, in turn (load ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)})`);
  console.log(`${''.padEnd(36)}${variants.map(([v]) => v.padStart(34)).join('')}`);
  for (const [k, [name]] of ladder.entries()) {
    const cells = variants.map(([v]) => {
      const total = mean(cpu[`${v}|${name}`]) - bareCpu;
      const step = k === 0 ? total : total - (mean(cpu[`${v}|${ladder[k - 1][0]}`]) - bareCpu);
      const signed = (x) => `${Math.round(x) < 0 ? '−' : '+'}${Math.abs(Math.round(x))}`;
      return `${signed(total)} (step ${signed(step)})`.padStart(34);
    });
    console.log(`${name.padEnd(36)}${cells.join('')}`);
  }
}

/** CPU seconds (user + system) of the children waited for so far, or null where /proc is missing. */
function childrenCpu() {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime (fields 16, 17) in USER_HZ = 100 ticks/s
}

/** One run: wall ms and CPU ms (null without /proc). */
function run(cmd, args, env = {}) {
  const c0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  const c1 = childrenCpu();
  return { wall, cpu: c0 === null ? null : (c1 - c0) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;

const bareArgs = ['-e', '0'];
const fitArgs = [cli, 'workspace', 'fit', ws];
const loadBefore = loadavg()[0];
run(process.execPath, bareArgs); // warm-up (file cache)
run(process.execPath, fitArgs);
const bare = [];
const fit = [];
for (let i = 0; i < n; i++) {
  bare.push(run(process.execPath, bareArgs));
  fit.push(run(process.execPath, fitArgs));
}
const loadAfter = loadavg()[0];
const overWall = median(fit.map((f, i) => f.wall - bare[i].wall));
const haveCpu = bare[0].cpu !== null;
const overCpu = haveCpu ? mean(fit.map((f) => f.cpu)) - mean(bare.map((b) => b.cpu)) : null;

console.log(`load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} (1 min); ${n} runs of each, in turn; wall: medians, CPU: means`);
console.log(`node -e 0                  wall ${ms(median(bare.map((b) => b.wall)))}${haveCpu ? `   CPU ${ms(mean(bare.map((b) => b.cpu)))}` : ''}`);
console.log(`cevnsfit workspace fit     wall ${ms(median(fit.map((f) => f.wall)))}${haveCpu ? `   CPU ${ms(mean(fit.map((f) => f.cpu)))}` : ''}`);
console.log(
  `workspace fit over bare node: wall +${overWall.toFixed(0)} ms (median of the pair differences)${haveCpu ? `, CPU +${overCpu.toFixed(0)} ms` : ''}; ` +
    `target ≤ ${TARGET_MS} ms: ${overWall <= TARGET_MS ? 'met' : 'NOT met'} on wall${haveCpu ? `, ${overCpu <= TARGET_MS ? 'met' : 'NOT met'} on CPU` : ''}` +
    (loadAfter > 1.5 ? ' (the machine is loaded: wall times are inflated)' : ''),
);
if (spawnSync('pyhf', ['--version'], { stdio: 'ignore' }).status === 0) {
  const py = median(Array.from({ length: n }, () => run('pyhf', ['fit', ws]).wall));
  const ours = median(fit.map((f) => f.wall));
  console.log(`pyhf fit                   wall ${ms(py)}   (cevnsfit / pyhf = ${(ours / py).toFixed(2)})`);
} else console.log('pyhf fit                   (no `pyhf` on PATH: not measured)');
if (breakdown) breakdownLadder();
