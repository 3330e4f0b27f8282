// Golden regression locks: re-run each command recorded in test/golden/<case>.json with the built CLI and compare the
// locked values. These tests are not physics checks (those live beside the code they test); they only say that a
// result changed. When the change is intended, regenerate with `npm run golden` and commit the diff of test/golden/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module shared with scripts/golden.mjs (no type declarations)
import { CASES, CLI, GOLDEN_DIR, commandLine, runCase, select } from './cases.mjs';

interface GoldenCase { name: string; args: string[]; paths: string[] }
interface GoldenFile { command: string; args: string[]; cevnsfit_version: string; tolerance: { rel: number; abs: number }; values: Record<string, unknown> }

const cases = CASES as GoldenCase[];
const REGENERATE = 'if this change is intended, run `npm run golden` and commit test/golden/*.json (docs/testing.md)';

/** Relative difference |a − b| / max(|a|, |b|), or 0 when both are within `abs` of each other. */
function mismatch(actual: unknown, expected: unknown, tol: { rel: number; abs: number }): string | null {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const d = Math.abs(actual - expected);
    if (d <= tol.abs || d <= tol.rel * Math.max(Math.abs(actual), Math.abs(expected))) return null;
    return `${actual} vs golden ${expected} (relative difference ${(d / Math.max(Math.abs(actual), Math.abs(expected))).toExponential(2)} > ${tol.rel})`;
  }
  return Object.is(actual, expected) ? null : `${JSON.stringify(actual)} vs golden ${JSON.stringify(expected)}`;
}

describe('golden regression values (test/golden/*.json)', () => {
  const results = new Map<string, Record<string, unknown> | Error>();

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) before this test`);
    // All commands at once: each is one single-threaded process (limits run with --workers 1).
    await Promise.all(
      cases.map(async (c) => {
        try {
          results.set(c.name, await runCase(c));
        } catch (e) {
          results.set(c.name, e as Error);
        }
      }),
    );
  }, 600_000);

  it('every case has a golden file and every golden file a case', () => {
    for (const c of cases) expect(existsSync(join(GOLDEN_DIR, `${c.name}.json`)), `test/golden/${c.name}.json missing: run \`npm run golden\``).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: ${commandLine(c)}`, () => {
      const file = join(GOLDEN_DIR, `${c.name}.json`);
      const golden = JSON.parse(readFileSync(file, 'utf8')) as GoldenFile;
      expect(golden.args, `the command of test/golden/${c.name}.json differs from test/golden/cases.mjs: ${REGENERATE}`).toEqual(c.args);
      const r = results.get(c.name);
      if (r instanceof Error) throw new Error(`${commandLine(c)} failed: ${(r as Error & { stderr?: string }).stderr || r.message}`);
      const actual = select(r, c.paths) as Record<string, unknown>;
      const problems: string[] = [];
      for (const key of new Set([...Object.keys(golden.values), ...Object.keys(actual)])) {
        if (!(key in actual)) problems.push(`${key}: missing from the result`);
        else if (!(key in golden.values)) problems.push(`${key}: not in the golden file`);
        else {
          const m = mismatch(actual[key], golden.values[key], golden.tolerance);
          if (m) problems.push(`${key}: ${m}`);
        }
      }
      expect(problems, `${commandLine(c)} no longer reproduces test/golden/${c.name}.json:\n  ${problems.join('\n  ')}\n${REGENERATE}`).toEqual([]);
    });
  }
});
