import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One temporary directory per run, removed at the end (test/setup/tmpdir.ts); the CLI bundle is rebuilt when dist/
    // is newer (test/setup/cli-bundle.ts); missing datasets are installed from the mirror before the tests run
    // (test/setup/datasets.ts).
    globalSetup: ['test/setup/tmpdir.ts', 'test/setup/cli-bundle.ts', 'test/setup/datasets.ts'],
    // test/setup.ts installs the Node host (files, worker threads, datasets; src/node/host.ts) as the CLI and the
    // package index do.
    setupFiles: ['test/setup.ts'],
    // StrykerJS's sandbox copies (.stryker-tmp/, docs/testing.md) hold a second test/ tree: never collect it.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
  },
});
