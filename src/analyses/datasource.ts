/**
 * The released datasets the experiment bindings read, through an injected provider: in Node the provider runs the
 * dataset loaders (src/datasets, installed and verified files; src/node/host.ts installs it), in a page it hands
 * out the releases embedded in the page (src/explore). The bindings never touch files.
 */
import type { CcmBeam, Jsns2Beam, SnsBeam } from '../datasets/beams.js';
import type { Csi2017Release } from '../datasets/csi2017.js';
import type { Csi2021Release } from '../datasets/csi2021.js';
import type { Lar2020Release } from '../datasets/lar2020.js';
import type { DarkPhotonLimits } from '../datasets/limits.js';
import type { Manifest } from '../datasets/manifest.js';
import { DatasetUnavailable } from '../util/errors.js';

/** One accessor per release the analyses use. */
export interface DatasetProvider {
  csi2017(): Csi2017Release;
  csi2021(): Csi2021Release;
  lar2020(): Lar2020Release;
  snsBeam(): SnsBeam;
  ccmBeam(): CcmBeam;
  jsns2Beam(): Jsns2Beam;
  darkPhotonLimits(): DarkPhotonLimits;
}

export type DatasetKey = keyof DatasetProvider;
export const DATASET_KEYS: readonly DatasetKey[] = ['csi2017', 'csi2021', 'lar2020', 'snsBeam', 'ccmBeam', 'jsns2Beam', 'darkPhotonLimits'];

let provider: DatasetProvider | null = null;

/** Install (or, with null, remove) the dataset provider. */
export function setDatasetProvider(p: DatasetProvider | null): void {
  provider = p;
}

/** The installed provider (the one in use when a binding asks for a release). */
export function currentDatasetProvider(): DatasetProvider | null {
  return provider;
}

/** The releases, through the installed provider; without one every accessor raises DatasetUnavailable. */
export function datasets(): DatasetProvider {
  if (provider) return provider;
  const none = (key: string) => (): never => {
    throw new DatasetUnavailable(`no dataset provider in this environment: the release "${key}" is not available here`);
  };
  return Object.fromEntries(DATASET_KEYS.map((k) => [k, none(k)])) as unknown as DatasetProvider;
}

let manifestReader: ((name: string) => Manifest) | null = null;

/** Install (or, with null, remove) the reader of dataset manifests (datasets/<name>/manifest.json in Node). */
export function setManifestReader(r: ((name: string) => Manifest) | null): void {
  manifestReader = r;
}

/** The manifest of a data release (its detector and running period: src/analyses/experiments/independence.ts). */
export function releaseManifest(name: string): Manifest {
  if (!manifestReader) throw new DatasetUnavailable(`no manifest reader in this environment: the manifest of "${name}" is not available here`);
  return manifestReader(name);
}
