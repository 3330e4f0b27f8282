/**
 * vitest globalSetup: one temporary directory per test run. The tests (and the CLI processes they start) create their
 * scratch directories under `os.tmpdir()`; TMPDIR points it at a fresh directory here, which the teardown removes, so a
 * run leaves nothing behind in the system's temporary directory, also when a test fails before its own clean-up.
 * The worker processes inherit TMPDIR: they are started after the global set-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-vitest-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
