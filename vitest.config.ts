import { defineConfig } from 'vitest/config';

// test/setup.ts installs the Node host (files, worker threads, datasets; src/node/host.ts) as the CLI and the package
// index do.
export default defineConfig({ test: { setupFiles: ['test/setup.ts'] } });
