/**
 * Installing datasets from a mirror into the (git-ignored) data directory, checking their state, and
 * resolving them for loaders. Every file is verified against the manifest's sha256.
 *
 * Data directory: `<package root>/datasets/<name>/files/` by default; if $CEVNS_DATA_DIR (or the
 * `dataDir` option) is set, `<dataDir>/<name>/` instead.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { CevnsfitError, DatasetUnavailable, InvalidSpecification } from '../util/errors.js';
import { DATASET_NAMES, loadManifest, manifestsDir, type Manifest } from './manifest.js';

/** A mirror file whose content does not match the manifest: installing it is refused. */
export class ChecksumMismatch extends CevnsfitError {
  constructor(
    public readonly file: string,
    public readonly expected: string,
    public readonly actual: string,
  ) {
    super(`checksum mismatch for ${file}: expected sha256 ${expected}, got ${actual}; refusing to install it (the mirror copy is corrupt or a different version)`);
  }
}

/** Where to look for installed data; `dataDir` overrides $CEVNS_DATA_DIR. */
export interface StoreOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Directory holding the installed files of one dataset. */
export function datasetDir(name: string, opts: StoreOptions = {}): string {
  const env = opts.env ?? process.env;
  const root = opts.dataDir ?? (env.CEVNS_DATA_DIR && env.CEVNS_DATA_DIR !== '' ? env.CEVNS_DATA_DIR : undefined);
  return root !== undefined ? resolve(root, name) : join(manifestsDir(), name, 'files');
}

/** sha256 of a file, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export type FileState = 'ok' | 'missing' | 'corrupt';
export type DatasetState = 'installed' | 'missing' | 'corrupt';

export interface FileStatus {
  path: string;
  state: FileState;
  expectedSha256: string;
  /** Present when the file exists. */
  actualSha256?: string;
}

export interface DatasetStatus {
  name: string;
  dir: string;
  /** `corrupt` if any file is corrupt, else `missing` if any file is missing, else `installed`. */
  state: DatasetState;
  files: FileStatus[];
}

/** Check every file of a dataset against its manifest. */
export function datasetStatus(name: string, opts: StoreOptions = {}): DatasetStatus {
  const m = loadManifest(name);
  const dir = datasetDir(name, opts);
  const files: FileStatus[] = m.files.map((f) => {
    const p = join(dir, f.path);
    if (!existsSync(p) || !statSync(p).isFile()) return { path: f.path, state: 'missing', expectedSha256: f.sha256 };
    const actual = sha256File(p);
    return { path: f.path, state: actual === f.sha256 ? 'ok' : 'corrupt', expectedSha256: f.sha256, actualSha256: actual };
  });
  const state: DatasetState = files.some((f) => f.state === 'corrupt') ? 'corrupt' : files.some((f) => f.state === 'missing') ? 'missing' : 'installed';
  return { name, dir, state, files };
}

/** The command that installs a dataset (used in error messages): with the default mirror when there is one. */
export function installCommand(name: string): string {
  const mirror = defaultMirror();
  if (mirror !== null) return `cevnsfit data install ${name} --from ${mirror}`;
  return `cevnsfit data install ${name} --from <mirror directory>   (or set CEVNS_DATA_MIRROR and run \`cevnsfit data install ${name}\`)`;
}

/**
 * The mirror used when a dataset is missing: $CEVNS_DATA_MIRROR, else the directory `shared/datasets` beside the package root
 * when that directory exists; null when there is none.
 */
export function defaultMirror(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CEVNS_DATA_MIRROR && env.CEVNS_DATA_MIRROR !== '') return resolve(env.CEVNS_DATA_MIRROR);
  const shared = resolve(manifestsDir(), '..', '..', 'shared', 'datasets');
  return existsSync(shared) && statSync(shared).isDirectory() ? shared : null;
}

/**
 * Install a missing dataset from the default mirror, with one line on stderr, when $CEVNSFIT_AUTO_INSTALL is 1 (the
 * CLI sets it unless it is set already; library calls never install on their own). Null when nothing was installed.
 */
function autoInstall(name: string, opts: StoreOptions): DatasetStatus | null {
  const env = opts.env ?? process.env;
  if (env.CEVNSFIT_AUTO_INSTALL !== '1') return null;
  const mirror = defaultMirror(env);
  if (mirror === null) return null;
  process.stderr.write(`cevnsfit: dataset ${name} is not installed: installing it from ${mirror} (sha256-verified) … `);
  try {
    const r = installDatasets([name], { ...opts, from: mirror });
    process.stderr.write(`${r.datasets[0]!.files.length} files → ${r.datasets[0]!.dir}\n`);
  } catch (e) {
    process.stderr.write('failed\n');
    throw e;
  }
  return datasetStatus(name, opts);
}

/** A dataset whose files are installed and verified. */
export interface ResolvedDataset {
  name: string;
  dir: string;
  manifest: Manifest;
  /** Absolute path of every manifest file, keyed by its manifest path. */
  files: Record<string, string>;
}

/**
 * Resolve an installed dataset, verifying every file's sha256.
 * @throws DatasetUnavailable naming the install command when a file is missing or corrupt.
 */
export function requireDataset(name: string, opts: StoreOptions = {}): ResolvedDataset {
  let st = datasetStatus(name, opts);
  if (st.state === 'missing') st = autoInstall(name, opts) ?? st;
  if (st.state !== 'installed') {
    const bad = st.files.filter((f) => f.state !== 'ok');
    const list = bad
      .slice(0, 3)
      .map((f) => `${f.path} (${f.state})`)
      .join(', ');
    const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
    throw new DatasetUnavailable(`dataset ${name} is ${st.state} in ${st.dir}: ${list}${more}. Install it with: ${installCommand(name)}`);
  }
  const manifest = loadManifest(name);
  const files: Record<string, string> = {};
  for (const f of manifest.files) files[f.path] = join(st.dir, f.path);
  return { name, dir: st.dir, manifest, files };
}

export interface InstallOptions extends StoreOptions {
  /** Mirror directory (holds `<name>/<file>`); defaults to $CEVNS_DATA_MIRROR. */
  from?: string;
}

export interface InstalledFile {
  path: string;
  action: 'copied' | 'skipped';
  sha256: string;
}

export interface InstallResult {
  mirror: string;
  datasets: Array<{ name: string; dir: string; files: InstalledFile[] }>;
}

/** Resolve the mirror directory from options/environment; throws when neither is given. */
export function resolveMirror(opts: InstallOptions): string {
  const env = opts.env ?? process.env;
  const from = opts.from ?? (env.CEVNS_DATA_MIRROR && env.CEVNS_DATA_MIRROR !== '' ? env.CEVNS_DATA_MIRROR : undefined);
  if (from === undefined) throw new InvalidSpecification('no mirror given: pass --from DIR or set CEVNS_DATA_MIRROR', '--from');
  const abs = resolve(from);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new InvalidSpecification(`mirror directory ${abs} does not exist`, '--from');
  return abs;
}

/**
 * Install datasets from a mirror. Every mirror file is verified before anything is copied (a mismatch
 * anywhere aborts the whole install with ChecksumMismatch); files already installed with the right hash
 * are skipped; each copy goes to a temporary sibling, is re-verified, then renamed into place.
 */
export function installDatasets(names: readonly string[], opts: InstallOptions = {}): InstallResult {
  if (names.length === 0) throw new InvalidSpecification(`name at least one dataset or use --all (known: ${DATASET_NAMES.join(', ')})`, 'names');
  const mirror = resolveMirror(opts);
  const plans = names.map((name) => {
    const manifest = loadManifest(name);
    const dir = datasetDir(name, opts);
    const files = manifest.files.map((f) => {
      const target = join(dir, f.path);
      const done = existsSync(target) && statSync(target).isFile() && sha256File(target) === f.sha256;
      const source = join(mirror, name, f.path);
      return { f, target, source, done };
    });
    return { name, dir, files };
  });
  // Verify all sources first: nothing is copied if any needed mirror file is missing or corrupt.
  for (const p of plans) {
    for (const x of p.files) {
      if (x.done) continue;
      if (!existsSync(x.source)) throw new DatasetUnavailable(`mirror file ${x.source} is missing (dataset ${p.name}); check --from / CEVNS_DATA_MIRROR`);
      const actual = sha256File(x.source);
      if (actual !== x.f.sha256) throw new ChecksumMismatch(x.source, x.f.sha256, actual);
    }
  }
  const result: InstallResult = { mirror, datasets: [] };
  for (const p of plans) {
    const files: InstalledFile[] = [];
    for (const x of p.files) {
      if (x.done) {
        files.push({ path: x.f.path, action: 'skipped', sha256: x.f.sha256 });
        continue;
      }
      mkdirSync(dirname(x.target), { recursive: true });
      const tmp = `${x.target}.${process.pid}.${threadId}.${Date.now()}.tmp`;
      try {
        copyFileSync(x.source, tmp);
        const actual = sha256File(tmp);
        if (actual !== x.f.sha256) throw new ChecksumMismatch(x.source, x.f.sha256, actual);
        renameSync(tmp, x.target);
      } finally {
        if (existsSync(tmp)) rmSync(tmp, { force: true });
      }
      files.push({ path: x.f.path, action: 'copied', sha256: x.f.sha256 });
    }
    result.datasets.push({ name: p.name, dir: p.dir, files });
  }
  return result;
}
