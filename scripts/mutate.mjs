#!/usr/bin/env node
/**
 * Mutation check: apply each single-line mutation of scripts/mutations.json to the source, run the test files listed
 * for it, and report the mutations the tests did not catch ("survivors"). The source file is always restored — after
 * each mutation, on errors, and on SIGINT/SIGTERM.
 *
 *   npm run mutate                      # all mutations
 *   npm run mutate -- --only id1,id2    # selected mutations
 *   npm run mutate -- --json            # one JSON object on stdout
 *   npm run mutate -- --list            # list the mutations
 *
 * Exit status: 0 when no listed mutation survives, 1 otherwise, 2 on a setup error (unknown id, a `from` text that
 * is not found exactly once, a baseline test failure).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = flag('--json');
const say = (msg) => (json ? process.stderr : process.stdout).write(msg + '\n');

const listFile = join(root, value('--file') ?? 'scripts/mutations.json');
const { mutations: all } = JSON.parse(readFileSync(listFile, 'utf8'));
const only = value('--only')?.split(',').map((s) => s.trim());
if (only) {
  const unknown = only.filter((id) => !all.some((m) => m.id === id));
  if (unknown.length) {
    console.error(`mutate: unknown mutation id(s): ${unknown.join(', ')} (see ${listFile})`);
    process.exit(2);
  }
}
const selected = only ? all.filter((m) => only.includes(m.id)) : all;

if (flag('--list')) {
  for (const m of selected) say(`${m.id.padEnd(36)} ${m.file}  [${m.tests.join(' ')}]${m.dependsOn ? `  (depends on ${m.dependsOn.join(', ')})` : ''}`);
  process.exit(0);
}

/** Index of the `occurrence`-th match (1-based), or an error message. */
function locate(text, m) {
  const hits = [];
  for (let i = text.indexOf(m.from); i >= 0; i = text.indexOf(m.from, i + 1)) hits.push(i);
  if (m.occurrence === undefined) {
    if (hits.length !== 1) return `"${m.from}" occurs ${hits.length} times in ${m.file} (expected once; give "occurrence")`;
    return hits[0];
  }
  if (hits.length < m.occurrence) return `"${m.from}" occurs ${hits.length} times in ${m.file}, occurrence ${m.occurrence} asked`;
  return hits[m.occurrence - 1];
}

// Restore state: the file currently mutated and its original text.
let current = null;
const restore = () => {
  if (current) {
    writeFileSync(current.path, current.original);
    current = null;
  }
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    restore();
    process.exit(130);
  });
}
process.on('exit', restore);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
function runTests(files) {
  const r = spawnSync(process.execPath, [vitest, 'run', '--bail=1', ...files], { cwd: root, encoding: 'utf8', timeout: 20 * 60 * 1000 });
  return { ok: r.status === 0, status: r.status, signal: r.signal, tail: `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-15).join('\n') };
}

// Check every mutation's text before touching anything.
const plan = [];
for (const m of selected) {
  const path = join(root, m.file);
  if (!existsSync(path)) {
    console.error(`mutate: ${m.id}: file ${m.file} does not exist`);
    process.exit(2);
  }
  const pending = (m.dependsOn ?? []).filter((f) => !existsSync(join(root, f)));
  if (pending.length) {
    plan.push({ m, pending });
    continue;
  }
  const text = readFileSync(path, 'utf8');
  const at = locate(text, m);
  if (typeof at === 'string') {
    const hint = text.includes(m.to) ? ' — the file contains the mutated text: a previous run may have been killed; restore it with git checkout' : '';
    console.error(`mutate: ${m.id}: ${at}${hint}`);
    process.exit(2);
  }
  plan.push({ m, path, at });
}

// Baseline: the listed tests must pass on the unmutated code, or "killed" would mean nothing.
const baselineFiles = [...new Set(plan.filter((p) => !p.pending).flatMap((p) => p.m.tests))];
say(`baseline: ${baselineFiles.length} test files`);
const base = runTests(baselineFiles);
if (!base.ok) {
  console.error(`mutate: the tests fail without any mutation; fix them first\n${base.tail}`);
  process.exit(2);
}

const results = [];
const start = Date.now();
for (const p of plan) {
  const { m } = p;
  if (p.pending) {
    results.push({ id: m.id, file: m.file, status: 'pending', reason: `depends on ${p.pending.join(', ')} (not present yet)` });
    say(`PENDING  ${m.id} (needs ${p.pending.join(', ')})`);
    continue;
  }
  const original = readFileSync(p.path, 'utf8');
  const t0 = Date.now();
  let r;
  try {
    current = { path: p.path, original };
    writeFileSync(p.path, original.slice(0, p.at) + m.to + original.slice(p.at + m.from.length));
    r = runTests(m.tests);
  } finally {
    restore();
  }
  if (readFileSync(p.path, 'utf8') !== original) {
    console.error(`mutate: failed to restore ${m.file}`);
    process.exit(2);
  }
  const status = r.ok ? 'survived' : 'killed';
  results.push({ id: m.id, file: m.file, status, seconds: (Date.now() - t0) / 1000, tests: m.tests });
  say(`${status === 'killed' ? 'killed  ' : 'SURVIVED'} ${m.id} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const survivors = results.filter((r) => r.status === 'survived').map((r) => r.id);
const summary = {
  command: 'mutate',
  mutations: results.length,
  killed: results.filter((r) => r.status === 'killed').length,
  survived: survivors.length,
  pending: results.filter((r) => r.status === 'pending').length,
  survivors,
  seconds: (Date.now() - start) / 1000,
  results,
};
if (json) process.stdout.write(JSON.stringify(summary) + '\n');
else say(`\n${summary.killed} killed, ${summary.survived} survived, ${summary.pending} pending of ${summary.mutations} mutations in ${summary.seconds.toFixed(0)} s${survivors.length ? `\nsurvivors: ${survivors.join(', ')}` : ''}`);
process.exitCode = survivors.length ? 1 : 0;
