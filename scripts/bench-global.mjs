#!/usr/bin/env node
// Benchmark of the global significance (npm run bench:global): `significance fits/csi2017-dm.yaml --global --toys N`
// over the config's DM mass grid,
//  1. as one process with a pool of WORKERS lanes (the "one machine" number), and
//  2. as 1, 2 and 4 shards (concurrent processes, one lane each), merged; every merged result must equal the
//     1-shard result bit for bit.
// Each process runs under /usr/bin/time so its CPU time is known: on a machine shared with other work the CPU time
// of a shard is what a dedicated core would take as wall time. Reports wall and CPU times, CPU per toy, the
// per-shard fixed cost (set-up: experiment, DM templates of every mass, observed scan), the load average, and the
// projection to 1000 toys.
//
//   node scripts/bench-global.mjs [--toys 1000] [--shard-toys 1000] [--shards 1,2,4] [--workers 2] [--config fits/csi2017-dm.yaml] [--seed 1]
// --shard-toys sets the toys of the shard stage (default --toys); --workers 0 skips the one-process stage and
// --shards '' the shard stage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, load, root, runCliTimed } from './bench-util.mjs';
import { CLI } from './cli-path.mjs';

const cli = CLI;
const toys = Number(arg('toys', '1000'));
const shardCounts = arg('shards', '1,2,4').split(',').filter(Boolean).map(Number);
const workers = Number(arg('workers', '2'));
const config = arg('config', 'fits/csi2017-dm.yaml');
const seed = arg('seed', '1');
const shardToys = Number(arg('shard-toys', String(toys)));
const base = ['significance', config, '--global', '--toys', String(toys), '--seed', seed];
const shardBase = ['significance', config, '--global', '--toys', String(shardToys), '--seed', seed];
const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-bench-global-'));
const s = (ms) => (ms / 1000).toFixed(1);

console.log(`bench:global — ${config}, ${toys} background-only toys (${shardToys} in the shard stage); cores 2 expected; load average at start: ${load()}`);
// Fixed cost: the same command with 1 toy (process start, templates of every mass, observed scan).
const fixed = await runCliTimed([...base.slice(0, 4), '1', '--seed', seed, '--workers', '1', '--json']);
console.log(`fixed cost (1 toy, 1 lane): wall ${s(fixed.wall)} s, CPU ${s(fixed.cpu)} s`);

if (workers > 0) {
const single = await runCliTimed([...base, '--workers', String(workers), '--out', join(dir, 'pool'), '--json']);
const cpuPerToy = (single.cpu - fixed.cpu) / Math.max(1, toys - 1);
const res = JSON.parse(readFileSync(join(dir, 'pool', 'result.json'), 'utf8'));
console.log(`result (${toys} toys): local Z = ${res.local.z.toFixed(3)} at ${res.local.mass_MeV.toFixed(1)} MeV; global Z = ${res.global.z.toFixed(3)} (p = ${res.global.p.toPrecision(3)} ± ${res.global.p_error.toPrecision(2)}, ${res.global.n_toys} toys); Gross–Vitells Z = ${res.gross_vitells.z.toFixed(3)} (p = ${res.gross_vitells.p.toPrecision(3)})`);
console.log(
  `one process, ${workers} lanes: wall ${s(single.wall)} s, CPU ${s(single.cpu)} s (${(cpuPerToy).toFixed(0)} ms CPU per toy); ` +
    `dedicated ${workers}-core estimate ${s(single.cpu / workers)} s; projected 1000 toys ${s((fixed.cpu + 1000 * cpuPerToy) / workers)} s; load ${load()}`,
);
}

const strip = (t) => JSON.stringify(JSON.parse(t));
let reference = null;
const rows = [];
for (const n of shardCounts) {
  const out = join(dir, `n${n}`);
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: n }, (_, k) => runCliTimed([...shardBase, '--shard', `${k + 1}/${n}`, '--workers', '1', '--out', out, '--json'])));
  const wall = performance.now() - t0;
  const r = spawnSync(process.execPath, [cli, 'merge', out, '--out', join(out, 'merged'), '--json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`merge failed: ${r.stderr}`);
  const merged = strip(readFileSync(join(out, 'merged', 'result.json'), 'utf8'));
  reference ??= merged;
  const cpu = runs.map((x) => x.cpu);
  rows.push({ n, wall, cpu, identical: merged === reference });
  console.log(`${n} shard(s): wall ${s(wall)} s; CPU per shard ${cpu.map(s).join(', ')} s (slowest ${s(Math.max(...cpu))} s); merged = 1-shard result: ${merged === reference}; load ${load()}`);
}
const one = rows.find((r) => r.n === 1);
if (one) {
  for (const r of rows) {
    const slow = Math.max(...r.cpu);
    console.log(`${r.n} shard(s): dedicated-core speed-up (1-shard CPU / slowest shard CPU) ${(Math.max(...one.cpu) / slow).toFixed(2)}× (ideal ${r.n}×; the fixed cost ${s(fixed.cpu)} s per shard is not divided)`);
  }
}
if (rows.some((r) => !r.identical)) process.exitCode = 1;
console.log(`outputs in ${dir}`);
