// Vitest settings for mutation runs (stryker.config.mjs; docs/testing.md "Mutation testing").
// Tests: the unit and physics-accuracy tests of the two mutated layers, test/stats and test/physics. The tests of the
// layers above (test/analyses, test/detectors, ...) also execute src/stats and src/physics, but they fit whole
// analyses: per-test coverage would rerun them for nearly every mutant and multiply a folder's run time several-fold
// on the shared machine. CEVNSFIT_MUTATE_TESTS=all widens the set to every test that imports src/ (then left out:
// the tests that spawn the built CLI -- dist/ is not rebuilt from the mutated sandbox source, so they could never
// see a mutant -- the golden locks for the same reason, the slurm tests and benchmarks).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// CEVNSFIT_MUTATE_TESTS: unset = test/stats + test/physics; 'all' = every test importing src/; otherwise a
// comma-separated list of test files (e.g. a file's own tests, for a quick run whose score is a lower bound).
const choice = process.env.CEVNSFIT_MUTATE_TESTS;
const all = choice === 'all';
const listed = choice && !all ? choice.split(',').map((f) => f.trim()).filter(Boolean) : null;

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: listed ?? (all ? ['test/**/*.test.ts'] : ['test/stats/**/*.test.ts', 'test/physics/**/*.test.ts']),
      // Instrumented code on a shared machine runs several times slower than in `npm test`.
      testTimeout: 300_000,
      hookTimeout: 300_000,
      exclude: ['**/node_modules/**', 'test/golden/**', 'test/slurm/**', 'test/cli/**', 'test/publish/report.test.ts', 'test/publish/hepdata.test.ts'],
    },
  }),
);
