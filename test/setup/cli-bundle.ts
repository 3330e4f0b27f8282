/**
 * vitest globalSetup: the tests that run the command line run the shipped executable, dist/bin/cevnsfit.cjs, which runs
 * a bundle of the compiled modules (scripts/build-cli.mjs; docs/cli.md, "Start-up"). After `npx tsc` alone the bundle
 * would be older than dist/: it is rebuilt here when it is missing or older than any file it was made from. Without
 * dist/ (no build yet) nothing happens; the tests that need the CLI then fail naming `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function stale(): boolean {
  const bundle = join(root, 'dist/bin/cli.bundle.cjs');
  const inputs = join(root, 'dist/bin/cli.bundle.inputs.json');
  if (!existsSync(bundle) || !existsSync(inputs) || !existsSync(join(root, 'dist/bin/cevnsfit.cjs'))) return true;
  const built = statSync(bundle).mtimeMs;
  const files = JSON.parse(readFileSync(inputs, 'utf8')) as string[];
  return files.some((f) => !existsSync(join(root, f)) || statSync(join(root, f)).mtimeMs > built);
}

export default function setup(): void {
  if (!existsSync(join(root, 'dist/cli/program.js')) || !stale()) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`[cli-bundle] node scripts/build-cli.mjs failed:\n${r.stderr}`);
  process.stderr.write(`[cli-bundle] dist/ is newer than the CLI bundle: ${r.stdout.trim()}\n`);
}
