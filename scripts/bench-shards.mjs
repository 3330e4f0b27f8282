#!/usr/bin/env node
// Benchmark of sharded runs (npm run bench:shards): a Feldman–Cousins 90 % CL limit for CsI-2017 over MASSES masses
// × TOYS toys, run as 1, 2 and 4 shards (concurrent processes on this machine, one pool lane each), then merged.
// Reports wall time per shard count, speed-up, the merge cost, the load average, and a projection to 100 nodes.
// Checks that every merged curve equals the 1-shard curve bit for bit (timing keys aside).
//
//   node scripts/bench-shards.mjs [--masses 30] [--toys 500] [--shards 1,2,4] [--config fits/csi2017-dm-limit.yaml]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, load, root, runCliTimed } from './bench-util.mjs';
import { CLI } from './cli-path.mjs';

const cli = CLI;
const masses = Number(arg('masses', '30'));
const toys = Number(arg('toys', '500'));
const shardCounts = arg('shards', '1,2,4').split(',').map(Number);
const config = arg('config', 'fits/csi2017-dm-limit.yaml');
const base = ['limit', config, '--set', 'limit.method=fc', '--set', `limit.toys=${toys}`, '--set', `limit.mass_MeV={from: 1, to: 300, n: ${masses}, log: true}`, '--workers', '1', '--no-overlays'];
const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-bench-shards-'));

// Fixed cost of a shard (process start, module loading, experiment build, background-only fit, first template): the
// CPU time of the same command over a single mass with the asymptotic method.
const fixedRun = await runCliTimed(['limit', config, '--set', `limit.mass_MeV=[150]`, '--workers', '1', '--no-overlays', '--json']);
console.log(`fixed cost of a shard (1 mass, asymptotic): ${(fixedRun.cpu / 1000).toFixed(2)} s CPU, ${(fixedRun.wall / 1000).toFixed(2)} s wall`);

const strip = (t) => JSON.stringify(JSON.parse(t), (k, v) => (k === 'timing_ms' || k === 'workers' ? undefined : v));
console.log(`bench:shards — FC limit, ${config}, ${masses} masses × ${toys} toys; ${shardCounts.join('/')} shards as concurrent processes; load average at start: ${load()}`);
const rows = [];
let reference = null;
for (const n of shardCounts) {
  const out = join(dir, `n${n}`);
  const loadBefore = load();
  const t0 = performance.now();
  const shardRuns = await Promise.all(Array.from({ length: n }, (_, k) => runCliTimed([...base, '--shard', `${k + 1}/${n}`, '--out', out])));
  const perShard = shardRuns.map((r) => r.wall);
  const cpu = shardRuns.map((r) => r.cpu);
  const wall = performance.now() - t0;
  const m0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'merge', out, '--out', join(out, 'merged'), '--json'], { cwd: root, encoding: 'utf8' });
  const merge = performance.now() - m0;
  if (r.status !== 0) throw new Error(`merge failed: ${r.stderr}`);
  const merged = strip(readFileSync(join(out, 'merged', 'result.json'), 'utf8'));
  reference ??= merged;
  const identical = merged === reference;
  rows.push({ n, wall, merge, perShard, cpu, identical, loadBefore, loadAfter: load() });
  console.log(
    `${n} shard(s): wall ${(wall / 1000).toFixed(1)} s (shards ${perShard.map((t) => (t / 1000).toFixed(1)).join(', ')} s; CPU ${cpu.map((t) => (t / 1000).toFixed(1)).join(', ')} s), merge ${(merge / 1000).toFixed(2)} s, identical to 1 shard: ${identical}; load ${loadBefore} → ${load()}`,
  );
}
const t1 = rows.find((r) => r.n === 1);
if (t1) {
  for (const r of rows) {
    const maxCpu = Math.max(...r.cpu);
    console.log(`speed-up ${r.n} shard(s): wall ${(t1.wall / r.wall).toFixed(2)}×; dedicated-core estimate (1-shard CPU / slowest shard's CPU) ${(Math.max(...t1.cpu) / maxCpu).toFixed(2)}× (ideal ${Math.min(r.n, masses)}×)`);
  }
  // Projection to 100 nodes from CPU times (what a dedicated node takes): a shard costs the fixed cost measured above
  // plus its masses × the FC cost per mass from the 1-shard run; a 100-node run takes fixed + ceil(masses/100) masses
  // plus the measured merge.
  const fixed = fixedRun.cpu;
  const perMass = (Math.max(...t1.cpu) - fixed) / masses;
  const mergeCost = Math.max(...rows.map((r) => r.merge));
  for (const grid of [masses, 1000]) {
    const t100 = fixed + Math.ceil(grid / 100) * perMass + mergeCost;
    console.log(`projection, ${grid} masses on 100 nodes: ${(t100 / 1000).toFixed(1)} s (one process: ${((fixed + grid * perMass) / 1000).toFixed(0)} s); per mass ${(perMass / 1000).toFixed(2)} s CPU, fixed per shard ${(fixed / 1000).toFixed(2)} s, merge ${(mergeCost / 1000).toFixed(2)} s wall`);
  }
}
console.log(`partials and merged results under ${dir}`);
