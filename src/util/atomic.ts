import { mkdirSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/**
 * Write a file atomically: the content goes to a temporary sibling first, then is renamed over the target,
 * so a reader never sees a half-written result and an interrupted run never leaves a truncated file.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
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
