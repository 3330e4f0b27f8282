// StrykerJS mutation testing of src/stats and src/physics (`npm run mutate`; docs/testing.md).
// Stryker copies the project into .stryker-tmp/sandbox-* and mutates only that copy: the working tree is never edited.
// Run on part of the code with e.g. `npm run mutate -- --mutate 'src/physics/dm/production.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: ['src/stats/**/*.ts', 'src/physics/**/*.ts', '!src/**/*.d.ts'],
  testRunner: 'vitest',
  vitest: {
    configFile: 'vitest.mutate.config.mjs',
    // Only the test files that import (transitively) the mutated files run in the dry run ...
    related: true,
  },
  // ... and per-test coverage then runs, for each mutant, only the tests that executed its code.
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Results of earlier runs are reused for unchanged code and tests; the file is a local cache (git-ignored).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // dist/ is copied: worker-pool tests load the compiled workers (they run unmutated code; mutants are in src/).
  ignorePatterns: ['reports', 'coverage', 'test-artifacts', 'report', '.stryker-tmp'],
  // Loaded machine: generous time-out per mutant (infinite loops from mutated loop bounds end here).
  timeoutMS: 60_000,
  timeoutFactor: 3,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 75, break: null },
};
