// Vitest settings for mutation runs (stryker.config.mjs): the unit and physics-accuracy tests that import src/.
// Left out: tests that spawn the built CLI (dist/ is not rebuilt from the mutated sandbox source, so they could
// never see a mutant), the golden locks (same reason), the slurm tests and benchmarks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Instrumented code on a shared machine runs several times slower than in `npm test`.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    exclude: ['**/node_modules/**', 'test/golden/**', 'test/slurm/**', 'test/cli/**', 'test/publish/report.test.ts', 'test/publish/hepdata.test.ts'],
  },
});
