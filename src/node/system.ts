/**
 * The light part of the Node host: file access (node:fs, node:path) and worker threads and machine facts
 * (node:worker_threads, node:os), injected into src/util/host.ts and src/stats/parallel/pool.ts. Importing this
 * module installs them. The CLI installs it for every command (a pyhf workspace fit needs no more); the full host
 * (./host.ts) adds the dataset loaders.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setThreadHost, type ThreadHost } from '../stats/parallel/pool.js';
import { setFileHost, type FileHost } from '../util/host.js';

export const nodeFileHost: FileHost = {
  readText: (path) => readFileSync(path, 'utf8'),
  resolve: (dir, rel) => resolve(dir, rel),
};

// node:os and node:worker_threads are fetched when first asked for (process.getBuiltinModule, Node ≥ 20.16): a
// command that never starts a worker does not pay their import (docs/cli.md, "Start-up").
const os = (): typeof import('node:os') => process.getBuiltinModule('node:os');
const workerThreads = (): typeof import('node:worker_threads') => process.getBuiltinModule('node:worker_threads');

export const nodeThreadHost: ThreadHost = {
  cores: () => os().availableParallelism(),
  load1: () => os().loadavg()[0] ?? 0,
  defaultWorkerUrl: () => new URL('./worker.js', import.meta.url),
  workerAvailable: (url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)),
  spawn: (url) => new (workerThreads().Worker)(url),
};

/** Install file access and threads (idempotent). */
export function installNodeSystem(): void {
  setFileHost(nodeFileHost);
  setThreadHost(nodeThreadHost);
}

installNodeSystem();
