import { mkdirSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { CevnsfitError } from './errors.js';

const FS_CODES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  EMFILE: 'too many open files',
  EXDEV: 'not on the same file system',
};

/** "ENOSPC (no space left on the device)" for a Node file-system error; its message otherwise. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code && FS_CODES[code]) return `${code} (${FS_CODES[code]})`;
  return e instanceof Error ? e.message : String(e);
}

/** A file that could not be written: names the path and the system error (ENOSPC, EACCES, ENOTDIR, …). */
export class FileWriteError extends CevnsfitError {
  constructor(
    public readonly path: string,
    public readonly code: string | undefined,
    detail: string,
  ) {
    super(`cannot write ${path}: ${detail}`);
  }
}

let stalled = false;

/**
 * Test hook (documented in docs/cli.md): with CEVNSFIT_TEST_STALL_AFTER_FIRST_WRITE=<ms>, the process sleeps that
 * long after its first atomic file write, so a test can kill it deterministically in the middle of writing --out.
 */
function testStall(): void {
  const ms = Number(process.env.CEVNSFIT_TEST_STALL_AFTER_FIRST_WRITE);
  if (stalled || !(ms > 0)) return;
  stalled = true;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Write a file atomically: the content goes to a temporary sibling first, then is renamed over the target,
 * so a reader never sees a half-written result and an interrupted run never leaves a truncated file.
 * @throws FileWriteError naming the path (disk full, permission, a path component that is a file)
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    throw new FileWriteError(path, (e as NodeJS.ErrnoException).code, describeFsError(e));
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
  testStall();
}

/** JSON.stringify that refuses NaN/Infinity instead of silently writing `null`. */
export function toJsonStrict(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(`refusing to serialise non-finite number ${v} at key "${key}"`);
      }
      if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) {
        return Array.from(v as ArrayLike<number>);
      }
      return v;
    },
    indent,
  );
}
