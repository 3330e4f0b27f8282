#!/usr/bin/env node
// Whole-process time of `cevnsfit workspace fit` on pyhf's hello-world workspace (two bins, shapesys), against bare
// `node -e 0` and — when a `pyhf` executable is on PATH — pyhf's own CLI on the same file (`pyhf fit`).
// The two node commands run in turn (A B A B …, after one warm-up each), so a change in the machine's load hits both;
// the overhead is the median of the per-pair differences, checked against the target of issue 20: at most 0.15 s of
// module loading over bare Node. Wall times are medians of N runs (default 15; `node scripts/bench-startup.mjs 31`);
// on Linux the CPU time (user + system, from /proc/self/stat of the children, 10 ms ticks) is given as a mean, the
// better guide on a shared machine. The load average is printed: compare within one run of this script.
// docs/cli.md, "Start-up"; docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_MS = 150;
const breakdown = process.argv.includes('--breakdown');
const n = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 15);
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

/**
 * `--breakdown`: what the overhead is made of. A fresh process loads the modules of `workspace fit` in the CLI's order,
 * one group at a time, and reads its own CPU time (process.cpuUsage) after each; medians over n processes. Groups are
 * cumulative: each counts only what the earlier ones did not load. The last step is the command itself (read and
 * validate the workspace, build the model, fit, print) with every module loaded.
 */
function moduleBreakdown() {
  const dist = new URL('../dist/', import.meta.url).href;
  const shims = new URL('../src/node/cjs/', import.meta.url).href;
  const steps = [
    ['commander (require)', `createRequire(${JSON.stringify(dist)})('commander')`],
    ['cli/commands/index, version', `await import('${dist}cli/commands/index.js'); await import('${dist}cli/version.js')`],
    ['node/system (+ stats/parallel/pool, util/host, util/errors)', `await import('${dist}node/system.js')`],
    ['cli/common (+ cli/output, util/atomic, publish/runinfo, plot/style)', `await import('${dist}cli/common.js')`],
    ['jstat (require shim)', `await import('${shims}jstat.cjs')`],
    ['ml-matrix (require shim)', `await import('${shims}ml-matrix.cjs')`],
    ['pyhf schema validator (generated, ajv)', `await import('${dist}stats/workspace/generated/pyhfWorkspace.js')`],
    ['stats/model/modifiers (8 modifiers, 7 interpolation modules)', `await import('${dist}stats/model/modifiers/index.js')`],
    ['stats/model/compiled (+ params, fused channel, function samples, count groups)', `await import('${dist}stats/model/compiled.js')`],
    ['stats/workspace/read (+ validate, model/resolve)', `await import('${dist}stats/workspace/read.js')`],
    ['cli/commands/workspace', `await import('${dist}cli/commands/workspace.js')`],
    ['stats/infer/mle (+ optimize: 6 modules, rng, distributions)', `await import('${dist}stats/infer/mle.js')`],
    [
      'run: read + validate, build the model, fit, print',
      `{ const { Command } = createRequire(${JSON.stringify(dist)})('commander'); const { registerFor } = await import('${dist}cli/commands/index.js');` +
        ` const p = new Command(); const argv = ['node', 'cevnsfit', 'workspace', 'fit', ${JSON.stringify(ws)}]; await registerFor(p, argv); await p.parseAsync(argv); }`,
    ],
  ];
  const code =
    `import { createRequire } from 'node:module'; const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };` +
    ` const t = [cpu()]; ${steps.map(([, c]) => `${c}; t.push(cpu());`).join(' ')} process.stderr.write('@@' + JSON.stringify(t) + '\\n');`;
  const per = steps.map(() => []);
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    const line = r.stderr.split('\n').find((l) => l.startsWith('@@'));
    if (r.status !== 0 || !line) throw new Error(`breakdown run failed: ${r.stderr}`);
    const t = JSON.parse(line.slice(2));
    steps.forEach((_, k) => per[k].push(t[k + 1] - t[k]));
  }
  console.log(`\nbreakdown: CPU ms per step in a fresh process, medians of ${n} (load ${loadavg()[0].toFixed(2)})`);
  let sum = 0;
  steps.forEach(([name], k) => {
    const m = median(per[k]);
    sum += m;
    console.log(`${m.toFixed(1).padStart(7)}  ${name}`);
  });
  console.log(`${sum.toFixed(1).padStart(7)}  sum`);
}

/** CPU seconds (user + system) of the children waited for so far, or null where /proc is missing. */
function childrenCpu() {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime (fields 16, 17) in USER_HZ = 100 ticks/s
}

/** One run: wall ms and CPU ms (null without /proc). */
function run(cmd, args) {
  const c0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
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
if (breakdown) moduleBreakdown();
