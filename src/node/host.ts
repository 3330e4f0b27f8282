/**
 * The Node host: file access (node:fs, node:path), worker threads and machine facts (node:worker_threads, node:os)
 * and the dataset loaders (installed, verified releases) injected into the library (src/util/host.ts,
 * src/stats/parallel/pool.ts, src/analyses/datasource.ts). Importing this module installs them; the CLI, the package
 * index and the pool's worker threads import it, the computing layers never do (they stay browser-clean).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setDatasetProvider, type DatasetProvider } from '../analyses/datasource.js';
import { loadCcmBeam, loadJsns2Beam, loadSnsBeam } from '../datasets/beams.js';
import { loadCsi2017 } from '../datasets/csi2017.js';
import { loadCsi2021 } from '../datasets/csi2021.js';
import { loadLar2020 } from '../datasets/lar2020.js';
import { loadDarkPhotonLimits } from '../datasets/limits.js';
import { setThreadHost, type ThreadHost } from '../stats/parallel/pool.js';
import { setFileHost, type FileHost } from '../util/host.js';

export const nodeFileHost: FileHost = {
  readText: (path) => readFileSync(path, 'utf8'),
  resolve: (dir, rel) => resolve(dir, rel),
};

export const nodeThreadHost: ThreadHost = {
  cores: () => availableParallelism(),
  load1: () => loadavg()[0] ?? 0,
  defaultWorkerUrl: () => new URL('./worker.js', import.meta.url),
  workerAvailable: (url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)),
  spawn: (url) => new Worker(url),
};

/** The installed, verified releases (each loader reads its dataset's files). */
export const nodeDatasetProvider: DatasetProvider = {
  csi2017: () => loadCsi2017(),
  csi2021: () => loadCsi2021(),
  lar2020: () => loadLar2020(),
  snsBeam: () => loadSnsBeam(),
  ccmBeam: () => loadCcmBeam(),
  jsns2Beam: () => loadJsns2Beam(),
  darkPhotonLimits: () => loadDarkPhotonLimits(),
};

/** Install the Node host (idempotent). */
export function installNodeHost(): void {
  setFileHost(nodeFileHost);
  setThreadHost(nodeThreadHost);
  setDatasetProvider(nodeDatasetProvider);
}

installNodeHost();
