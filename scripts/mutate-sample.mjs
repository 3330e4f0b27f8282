#!/usr/bin/env node
// Sampled mutation testing (`npm run mutate:sample`; docs/testing.md "Scores per folder").
//
// A full Stryker run of src/stats + src/physics takes 9-22 h on the shared machine, so the score of the folders that
// were never run in full is estimated from a seeded random sample of their mutants:
//
//   plan   enumerate every mutant of the strata below with Stryker's own instrumenter (the same code and options
//          Stryker uses, so the list is exactly Stryker's), shuffle each stratum with a seeded generator and keep the
//          first K. The sample for K is a prefix of the one for a larger K (same seed), so enlarging K reuses the
//          results of a smaller run through the incremental file.
//   run    run Stryker on exactly the sampled mutants: each one is selected by a mutate range equal to its location
//          (`--mutate 'file:startLine:startCol-endLine:endCol,...'`). A range selects every mutant whose node lies
//          inside it, so the plugin scripts/stryker-sample-ignorer.mjs marks every node strictly inside a range as
//          ignored (not run) unless it is itself a sampled location or contains one. Mutants on the very node of a
//          sampled one (other operators or replacements of the same expression) cannot be separated from it: they
//          run too and are reported as "extra", outside the score.
//   score  match the sampled mutants with reports/mutation/mutation.json (file, location, mutator, replacement) and
//          print per stratum and per folder: counts, the sample's score with a 95 % Wilson interval and the folder's
//          stratified estimate (files run in full exact, the rest from the sample, weighted by mutant counts).
//
// Usage:
//   node scripts/mutate-sample.mjs plan  --seed 20261207 --k 30 [--strata a,b] [--out reports/mutate-sample/plan.json]
//   node scripts/mutate-sample.mjs run   --plan reports/mutate-sample/plan.json [--dry]
//   node scripts/mutate-sample.mjs score --plan reports/mutate-sample/plan.json [--report reports/mutation/mutation.json]
//                                        [--json] [--save reports/mutate-sample/score-NAME.json]
//   node scripts/mutate-sample.mjs check --plan FILE        (which mutants a run selects: instrumenter only, no tests)
//   node scripts/mutate-sample.mjs count                     (every mutant per stratum and file, no sampling)
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// ---------------------------------------------------------------------------------------------------------------
// Strata: the folders of docs/testing.md's "Not run" table, without the files already run in full ("Scores").
// `full` lists, per folder, the files run in full and their exact results (first run and latest run) from the
// "Scores" table: killed + timeout = detected; scored = detected + survived + no coverage (static ignored excluded).
// ---------------------------------------------------------------------------------------------------------------
const STRATA = [
  {
    name: 'infer',
    folder: 'src/stats/infer',
    files: (f) => f.startsWith('src/stats/infer/') && !/\/(teststat|asymptotic|hypotest)\.ts$/.test(f),
  },
  {
    name: 'model',
    folder: 'src/stats/model',
    files: (f) => /^src\/stats\/model\/[^/]+\.ts$/.test(f),
  },
  { name: 'modifiers', folder: 'src/stats/model', files: (f) => f.startsWith('src/stats/model/modifiers/') },
  {
    name: 'optimize',
    folder: 'src/stats/optimize',
    files: (f) => /^src\/stats\/optimize\/(minimize|bfgs|hesse)\.ts$/.test(f),
  },
  { name: 'workspace', folder: 'src/stats/workspace', files: (f) => f.startsWith('src/stats/workspace/') && !f.includes('/generated/') },
  { name: 'parallel', folder: 'src/stats/parallel', files: (f) => f.startsWith('src/stats/parallel/') },
  {
    name: 'dm',
    folder: 'src/physics/dm',
    files: (f) => f.startsWith('src/physics/dm/') && !/\/(xsec|kinematics)\.ts$/.test(f),
  },
  {
    name: 'physics',
    folder: 'src/physics',
    files: (f) => /^src\/physics\/[^/]+\.ts$/.test(f) && !/\/(cevns|formfactor|kinematics)\.ts$/.test(f),
  },
];

// Files of these folders run in full (docs/testing.md "Scores"): [first run, latest run] as
// { detected: killed + timeout, scored: killed + timeout + survived + no coverage, mutants }.
const FULL = {
  'src/stats/infer': {
    files: 'teststat, asymptotic, hypotest',
    first: { detected: 153, scored: 221, mutants: 225 },
    latest: { detected: 207, scored: 231, mutants: 234 },
  },
  'src/stats/model': {
    files: 'interp/ (7 files)',
    first: { detected: 258, scored: 301, mutants: 337 },
    latest: { detected: 282, scored: 301, mutants: 337 },
  },
  'src/stats/optimize': {
    files: 'shim, roots',
    // shim: 63/88 first, 80/88 latest; roots: 133/162 (own tests, one run)
    first: { detected: 63 + 133, scored: 88 + 162, mutants: 88 + 162 },
    latest: { detected: 80 + 133, scored: 88 + 162, mutants: 88 + 162 },
  },
  'src/physics/dm': {
    files: 'xsec, kinematics',
    first: { detected: 110, scored: 119, mutants: 122 },
    latest: { detected: 114, scored: 119, mutants: 122 },
  },
  'src/physics': {
    files: 'cevns, formfactor, kinematics',
    first: { detected: 309, scored: 400, mutants: 400 },
    latest: { detected: 385, scored: 400, mutants: 400 },
  },
};

// ---------------------------------------------------------------------------------------------------------------
function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[key] = true;
      else {
        out[key] = next;
        i++;
      }
    } else out._.push(a);
  }
  return out;
}

function die(msg) {
  process.stderr.write(`mutate-sample: ${msg}\n`);
  process.exit(2);
}

function listTs(dir) {
  const out = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...listTs(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** Every mutant of the given files, from Stryker's instrumenter with Stryker's default mutator options. */
async function enumerate(files) {
  const { Instrumenter } = await import('@stryker-mutator/instrumenter');
  const quiet = () => {};
  const logger = {
    isDebugEnabled: () => false,
    isTraceEnabled: () => false,
    isInfoEnabled: () => false,
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (...a) => process.stderr.write(`${a.join(' ')}\n`),
    error: (...a) => process.stderr.write(`${a.join(' ')}\n`),
    fatal: quiet,
  };
  const instrumenter = new Instrumenter(logger);
  const input = files.map((f) => ({ name: path.join(ROOT, f), mutate: true, content: readFileSync(path.join(ROOT, f), 'utf8') }));
  const result = await instrumenter.instrument(input, { plugins: null, excludedMutations: [], ignorers: [] });
  return result.mutants.map((m) => ({
    file: path.relative(ROOT, m.fileName).split(path.sep).join('/'),
    mutatorName: m.mutatorName,
    replacement: m.replacement,
    // Stryker's internal location: lines 0-based, columns 0-based (the report adds 1 to both).
    location: m.location,
  }));
}

// Deterministic generator (mulberry32) and Fisher-Yates shuffle.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strataFiles() {
  const all = [...listTs('src/stats'), ...listTs('src/physics')];
  return STRATA.map((s) => ({ ...s, fileList: all.filter(s.files) }));
}

const locKey = (loc) => `${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}`;
const mutantKey = (m) => `${m.file}@${locKey(m.location)}#${m.mutatorName}#${m.replacement}`;

async function plan(opts) {
  const seed = Number(opts.seed ?? 20261207);
  const k = Number(opts.k ?? 30);
  if (!Number.isInteger(seed) || !Number.isInteger(k) || k < 1) die('--seed and --k must be integers (k >= 1)');
  const only = typeof opts.strata === 'string' ? opts.strata.split(',') : null;
  const strata = strataFiles().filter((s) => !only || only.includes(s.name));
  const out = { seed, k, created: new Date().toISOString(), strata: [] };
  for (const [index, s] of strata.entries()) {
    const mutants = await enumerate(s.fileList);
    // One generator per stratum, seeded from (seed, stratum name): adding or removing a stratum leaves the others'
    // samples unchanged.
    let h = seed >>> 0;
    for (const ch of s.name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    const rand = mulberry32(h);
    const order = mutants.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const perFile = {};
    for (const m of mutants) perFile[m.file] = (perFile[m.file] ?? 0) + 1;
    out.strata.push({
      name: s.name,
      folder: s.folder,
      files: perFile,
      mutants: mutants.length,
      sample: order.slice(0, Math.min(k, mutants.length)).map((i) => mutants[i]),
    });
    process.stderr.write(`${s.name}: ${mutants.length} mutants in ${s.fileList.length} files, ${Math.min(k, mutants.length)} sampled (${index + 1}/${strata.length})\n`);
  }
  const file = opts.out ?? `reports/mutate-sample/plan-seed${seed}-k${k}.json`;
  mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
  writeFileSync(path.join(ROOT, file), `${JSON.stringify(out, null, 1)}\n`);
  process.stderr.write(`plan written to ${file}\n`);
}

function readPlan(opts) {
  if (typeof opts.plan !== 'string') die('--plan FILE is required');
  const file = path.join(ROOT, opts.plan);
  if (!existsSync(file)) die(`plan file ${opts.plan} not found (make it with: plan --seed S --k K)`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Stryker's `--mutate` ranges (lines 1-based, columns 0-based) for the distinct locations of the sample. */
function ranges(p) {
  const seen = new Set();
  const out = [];
  for (const s of p.strata)
    for (const m of s.sample) {
      const { start, end } = m.location;
      const r = `${m.file}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`;
      if (!seen.has(r)) {
        seen.add(r);
        out.push(r);
      }
    }
  return out;
}

function run(opts) {
  const p = readPlan(opts);
  const r = ranges(p);
  const incremental = opts.incrementalFile ?? 'reports/stryker-incremental-sample.json';
  const cmd = [
    '-n', '10', 'npx', 'stryker', 'run', 'stryker.sample.config.mjs', '--ignoreStatic', '--concurrency', '1',
    '--incrementalFile', incremental, '--mutate', r.join(','),
  ];
  process.stderr.write(`${r.length} mutate ranges for ${p.strata.reduce((a, s) => a + s.sample.length, 0)} sampled mutants\n`);
  process.stderr.write(`nice ${cmd.slice(0, 11).join(' ')} --mutate '<${r.length} ranges>'\n`);
  if (opts.dry) {
    process.stdout.write(`${r.join('\n')}\n`);
    return;
  }
  const child = spawn('nice', cmd, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CEVNSFIT_MUTATE_SAMPLE: path.join(ROOT, opts.plan) },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// 95 % Wilson score interval for x successes in n trials.
function wilson(x, n, z = 1.959963984540054) {
  if (n === 0) return [0, 1];
  const ph = x / n;
  const den = 1 + (z * z) / n;
  const centre = (ph + (z * z) / (2 * n)) / den;
  const half = (z / den) * Math.sqrt((ph * (1 - ph)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function score(opts) {
  const p = readPlan(opts);
  const reportFile = path.join(ROOT, opts.report ?? 'reports/mutation/mutation.json');
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const byKey = new Map();
  for (const [name, f] of Object.entries(report.files)) {
    const rel = path.relative(ROOT, path.resolve(ROOT, name)).split(path.sep).join('/');
    for (const m of f.mutants) {
      // The report's positions are 1-based in line and column.
      const loc = {
        start: { line: m.location.start.line - 1, column: m.location.start.column - 1 },
        end: { line: m.location.end.line - 1, column: m.location.end.column - 1 },
      };
      byKey.set(mutantKey({ file: rel, location: loc, mutatorName: m.mutatorName, replacement: m.replacement }), {
        ...m,
        file: rel,
      });
    }
  }
  const sampledKeys = new Set();
  const strata = [];
  for (const s of p.strata) {
    const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, missing: 0, other: 0 };
    const survivors = [];
    for (const m of s.sample) {
      const key = mutantKey(m);
      sampledKeys.add(key);
      const r = byKey.get(key);
      if (!r) c.missing++;
      else if (r.status in c) c[r.status]++;
      else c.other++;
      if (r && (r.status === 'Survived' || r.status === 'NoCoverage'))
        survivors.push({
          status: r.status,
          at: `${m.file}:${m.location.start.line + 1}:${m.location.start.column + 1}`,
          mutator: m.mutatorName,
          replacement: r.replacement,
        });
    }
    const detected = c.Killed + c.Timeout;
    const scored = detected + c.Survived + c.NoCoverage;
    strata.push({ name: s.name, folder: s.folder, mutants: s.mutants, n: s.sample.length, ...c, detected, scored, score: scored ? detected / scored : NaN, wilson: wilson(detected, scored), survivors });
  }
  // Everything else the run tested (mutants on the same node as a sampled one): outside the score.
  const extra = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
  let ignoredNested = 0;
  for (const [key, r] of byKey) {
    if (sampledKeys.has(key)) continue;
    if (r.status === 'Ignored' && /^Nested in a sampled/.test(r.statusReason ?? '')) ignoredNested++;
    else if (r.status in extra) extra[r.status]++;
    else extra.other++;
  }
  // Folder estimate: files run in full exact + the sampled strata (stratified, weights = mutant counts). The interval
  // adds the strata's Wilson bounds with these weights (conservative for more than one stratum).
  const folders = [];
  for (const folder of [...new Set(strata.map((s) => s.folder))]) {
    const parts = strata.filter((s) => s.folder === folder);
    const full = FULL[folder];
    const row = { folder, strata: parts.map((s) => s.name), sampledMutants: parts.reduce((a, s) => a + s.mutants, 0) };
    for (const which of ['first', 'latest']) {
      const f = full?.[which] ?? { detected: 0, scored: 0, mutants: 0 };
      // Each sampled stratum stands for its mutants times the sample's fraction of scored (not static-ignored) ones.
      let num = f.detected;
      let lo = f.detected;
      let hi = f.detected;
      let den = f.scored;
      for (const s of parts) {
        const w = s.n ? (s.mutants * s.scored) / s.n : 0;
        num += w * s.score;
        lo += w * s.wilson[0];
        hi += w * s.wilson[1];
        den += w;
      }
      row[which] = { estimate: num / den, interval: [lo / den, hi / den], fullMutants: f.mutants };
    }
    row.mutants = row.sampledMutants + (full?.first.mutants ?? 0);
    row.fullFiles = full?.files ?? '—';
    folders.push(row);
  }
  const result = { plan: opts.plan, seed: p.seed, k: p.k, report: path.relative(ROOT, reportFile), strata, extra: { ...extra, ignoredNested }, folders };
  if (opts.save) {
    mkdirSync(path.dirname(path.join(ROOT, opts.save)), { recursive: true });
    writeFileSync(path.join(ROOT, opts.save), `${JSON.stringify(result, null, 1)}\n`);
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
    return;
  }
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  const iv = ([a, b]) => `${(100 * a).toFixed(1)}–${(100 * b).toFixed(1)} %`;
  process.stdout.write(`seed ${p.seed}, K ${p.k}, report ${result.report}\n\n`);
  process.stdout.write('| stratum | mutants | n | killed | timeout | survived | no cov. | static ign. | missing | score | 95 % Wilson |\n|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (const s of strata)
    process.stdout.write(`| ${s.name} | ${s.mutants} | ${s.n} | ${s.Killed} | ${s.Timeout} | ${s.Survived} | ${s.NoCoverage} | ${s.Ignored} | ${s.missing} | ${pct(s.score)} | ${iv(s.wilson)} |\n`);
  process.stdout.write(`\nextra (same node as a sampled mutant, outside the score): ${JSON.stringify(extra)}; nested nodes ignored: ${ignoredNested}\n\n`);
  process.stdout.write('| folder | mutants | full-run files | estimate (full: first runs) | estimate (full: latest runs) |\n|---|---|---|---|---|\n');
  for (const f of folders)
    process.stdout.write(`| ${f.folder} | ${f.mutants} | ${f.fullFiles} | ${pct(f.first.estimate)} (${iv(f.first.interval)}) | ${pct(f.latest.estimate)} (${iv(f.latest.interval)}) |\n`);
  process.stdout.write('\nsurvivors / no coverage:\n');
  for (const s of strata) for (const v of s.survivors) process.stdout.write(`  [${s.name}] ${v.status} ${v.at} ${v.mutator} → ${JSON.stringify(v.replacement)}\n`);
}

/** Instrument with the run's mutate ranges and the ignorer (no tests): which mutants a run would test. */
async function check(opts) {
  const p = readPlan(opts);
  process.env.CEVNSFIT_MUTATE_SAMPLE = path.join(ROOT, opts.plan);
  const { sampleIgnorer } = await import('./stryker-sample-ignorer.mjs');
  const { Instrumenter } = await import('@stryker-mutator/instrumenter');
  const q = () => {};
  const logger = { isDebugEnabled: () => false, debug: q, info: q, trace: q, warn: q, error: (...a) => process.stderr.write(`${a.join(' ')}\n`) };
  const files = new Map();
  for (const s of p.strata)
    for (const m of s.sample) {
      if (!files.has(m.file)) files.set(m.file, []);
      files.get(m.file).push(m.location);
    }
  const input = [...files].map(([f, locs]) => ({ name: path.join(ROOT, f), content: readFileSync(path.join(ROOT, f), 'utf8'), mutate: locs }));
  const res = await new Instrumenter(logger).instrument(input, { plugins: null, excludedMutations: [], ignorers: [sampleIgnorer] });
  const sampled = new Set(p.strata.flatMap((s) => s.sample.map(mutantKey)));
  const c = { selected: 0, sampledSelected: 0, extraSameNode: 0, ignoredNested: 0, sampledIgnored: 0 };
  for (const m of res.mutants) {
    const k = mutantKey({ file: path.relative(ROOT, m.fileName).split(path.sep).join('/'), location: m.location, mutatorName: m.mutatorName, replacement: m.replacement });
    if (m.status === 'Ignored') {
      c.ignoredNested++;
      if (sampled.has(k)) c.sampledIgnored++;
    } else {
      c.selected++;
      if (sampled.has(k)) c.sampledSelected++;
      else c.extraSameNode++;
    }
  }
  process.stdout.write(`${JSON.stringify({ sampled: sampled.size, ...c })}\n`);
  if (c.sampledSelected !== sampled.size) die('not every sampled mutant is selected');
}

async function count() {
  for (const s of strataFiles()) {
    const mutants = await enumerate(s.fileList);
    const perFile = {};
    for (const m of mutants) perFile[m.file] = (perFile[m.file] ?? 0) + 1;
    process.stdout.write(`${s.name} (${s.folder}): ${mutants.length}  ${Object.entries(perFile).map(([f, n]) => `${path.basename(f, '.ts')} ${n}`).join(', ')}\n`);
  }
}

const opts = args(process.argv.slice(2));
const command = opts._[0];
if (command === 'plan') await plan(opts);
else if (command === 'run') run(opts);
else if (command === 'score') score(opts);
else if (command === 'count') await count();
else if (command === 'check') await check(opts);
else die('usage: mutate-sample.mjs plan|run|score|count [options] (see the header of scripts/mutate-sample.mjs)');
