/**
 * jstat and ml-matrix are imported as `#jstat` and `#ml-matrix` (package.json "imports"): under Node these resolve to
 * CommonJS shims in src/node/cjs/ that require() the packages, which spares start-up Node 20's scan of their
 * CommonJS builds for export names (docs/cli.md, "Start-up"); elsewhere (the browser bundle) to the packages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import jStatShim from '#jstat';
import * as mlMatrixShim from '#ml-matrix';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'package.json'));

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? listTs(p) : /\.ts$/.test(e) && !e.endsWith('.d.ts') ? [p] : [];
  });
}

describe('require() shims for jstat and ml-matrix', () => {
  it('no source file imports jstat or ml-matrix by the package name', () => {
    const direct = listTs(join(ROOT, 'src')).filter((f) => /(?:from\s*|import\()\s*['"](?:jstat|ml-matrix)['"]/.test(readFileSync(f, 'utf8')));
    expect(direct.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the shims hand out the packages themselves', () => {
    expect(jStatShim).toBe(require('jstat'));
    const mlMatrix = require('ml-matrix') as Record<string, unknown>;
    for (const name of ['Matrix', 'CholeskyDecomposition', 'EigenvalueDecomposition', 'inverse'] as const) expect(mlMatrixShim[name]).toBe(mlMatrix[name]);
  });

  it('every name the code imports from #ml-matrix is exported by the shim', () => {
    const used = new Set<string>();
    for (const f of listTs(join(ROOT, 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]#ml-matrix['"]/g)) {
        for (const n of m[1]!.split(',')) if (n.trim() && !n.trim().startsWith('type ')) used.add(n.trim().split(/\s+as\s+/)[0]!);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    for (const n of used) expect(Object.keys(mlMatrixShim)).toContain(n);
  });
});
