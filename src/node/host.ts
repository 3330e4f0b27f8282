/**
 * The Node host: file access and worker threads (./system.ts) plus the dataset loaders (installed, verified releases)
 * injected into the library (src/util/host.ts, src/stats/parallel/pool.ts, src/analyses/datasource.ts). Importing
 * this module installs them; the analysis commands of the CLI, the package index, the pool's worker threads and the
 * tests import it, the computing layers never do (they stay browser-clean).
 */
import { setDatasetProvider, setManifestReader, type DatasetProvider } from '../analyses/datasource.js';
import { loadManifest } from '../datasets/manifest.js';
import { loadCcmBeam, loadJsns2Beam, loadSnsBeam } from '../datasets/beams.js';
import { loadCsi2017 } from '../datasets/csi2017.js';
import { loadCsi2021 } from '../datasets/csi2021.js';
import { loadLar2020 } from '../datasets/lar2020.js';
import { loadDarkPhotonLimits } from '../datasets/limits.js';
import { installNodeSystem } from './system.js';

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

/** Install the Node host: files, threads and datasets (idempotent). */
export function installNodeHost(): void {
  installNodeSystem();
  setDatasetProvider(nodeDatasetProvider);
  setManifestReader(loadManifest);
}

installNodeHost();
