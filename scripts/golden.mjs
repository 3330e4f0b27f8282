#!/usr/bin/env node
// Regenerate the golden regression files test/golden/<case>.json from the built CLI (`npm run golden` builds first).
// Run it when a change of the locked numbers is intended, review `git diff test/golden`, and commit the files.
// Usage: node scripts/golden.mjs [case-name ...]   (default: every case in test/golden/cases.mjs)
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, CLI, DEFAULT_TOLERANCE, GOLDEN_DIR, commandLine, runCase, select, version } from '../test/golden/cases.mjs';

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run \`npm run build\` (npm run golden does)`);
  process.exit(1);
}
const wanted = process.argv.slice(2);
const cases = wanted.length ? CASES.filter((c) => wanted.includes(c.name)) : CASES;
const unknown = wanted.filter((w) => !CASES.some((c) => c.name === w));
if (unknown.length) {
  console.error(`unknown golden case(s): ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`);
  process.exit(1);
}
const v = version();
let failed = 0;
await Promise.all(
  cases.map(async (c) => {
    const t0 = Date.now();
    try {
      const result = await runCase(c);
      const file = join(GOLDEN_DIR, `${c.name}.json`);
      const body = {
        about: 'Golden regression values; regenerate with `npm run golden` when a change is intended (see docs/testing.md).',
        command: commandLine(c),
        args: c.args,
        cevnsfit_version: v,
        tolerance: { ...DEFAULT_TOLERANCE, ...(c.tolerance ?? {}) },
        values: select(result, c.paths),
      };
      writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
      console.log(`${c.name}: ${Object.keys(body.values).length} values in ${((Date.now() - t0) / 1000).toFixed(1)} s → test/golden/${c.name}.json`);
    } catch (e) {
      failed++;
      console.error(`${c.name}: ${commandLine(c)} failed: ${e.stderr || e.message}`);
    }
  }),
);
process.exit(failed ? 1 : 0);
