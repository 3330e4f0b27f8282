/**
 * What the library needs from its host environment, injected at the edges so that the computing layers (stats,
 * physics, detectors, analyses) import no Node built-in and run unchanged in a browser page:
 *  - reading a text file by path (analysis configs, pyhf workspaces, shard partials);
 *  - resolving a path relative to another.
 * The Node entry points (src/node/host.ts, imported by the CLI, the package index and the pool's worker threads)
 * install a host backed by node:fs and node:path; a page installs none and passes contents instead of paths.
 */
import { CevnsfitError } from './errors.js';

export interface FileHost {
  /** The UTF-8 text of a file; throws (with the system's message) when it cannot be read. */
  readText(path: string): string;
  /** `rel` resolved against the directory `dir` (absolute when the host has a working directory). */
  resolve(dir: string, rel: string): string;
}

let fileHost: FileHost | null = null;

/** Install (or, with null, remove) the file host. */
export function setFileHost(h: FileHost | null): void {
  fileHost = h;
}

/** True when a file host is installed (Node), false in a page. */
export function hasFileHost(): boolean {
  return fileHost !== null;
}

/** Read a text file through the installed host. */
export function readTextFile(path: string): string {
  if (!fileHost) throw new CevnsfitError(`cannot read ${path}: no file access in this environment (pass the file's contents instead)`);
  return fileHost.readText(path);
}

/** The last segment of a path (`/` or `\` separated). */
export function baseName(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1] ?? path;
}

/** The directory part of a path ('.' when it has none). */
export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/** `rel` against `dir` through the host; without a host, a plain `/`-join (absolute `rel` kept). */
export function resolvePath(dir: string, rel: string): string {
  if (fileHost) return fileHost.resolve(dir, rel);
  return rel.startsWith('/') ? rel : `${dir.replace(/\/$/, '')}/${rel}`;
}
