import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Missing datasets are installed from the mirror before the tests run (test/setup/datasets.ts).
    globalSetup: ['test/setup/datasets.ts'],
  },
});
