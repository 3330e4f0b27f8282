/**
 * The public API of the package (`import … from 'cevnsfit'`, i.e. src/index.ts) is pinned: the sorted runtime export
 * names and the sorted type-only export names are compared with test/api/public-api.snapshot.json. Adding or removing a
 * public name is a deliberate act: update the snapshot with
 *
 *     UPDATE_API_SNAPSHOT=1 npx vitest run test/api
 *
 * and say in the commit why the public surface changed (docs/api.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const INDEX = resolve(HERE, '../../src/index.ts');
const SNAPSHOT = resolve(HERE, 'public-api.snapshot.json');
const UPDATE_HINT = 'If the change is deliberate, update the snapshot: UPDATE_API_SNAPSHOT=1 npx vitest run test/api (see docs/api.md).';

interface ApiSnapshot {
  runtime: string[];
  types: string[];
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

/** Every name src/index.ts exports, read from its syntax (the file lists each name explicitly). */
function declaredExports(): { names: string[]; exportStar: string[] } {
  const sf = ts.createSourceFile(INDEX, readFileSync(INDEX, 'utf8'), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const exportStar: string[] = [];
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      if (!st.exportClause) exportStar.push(st.getText(sf));
      else if (ts.isNamespaceExport(st.exportClause)) names.push(st.exportClause.name.text);
      else for (const el of st.exportClause.elements) names.push(el.name.text);
    } else if (hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
      } else if (
        (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) &&
        st.name
      ) {
        names.push(st.name.text);
      }
    }
  }
  return { names, exportStar };
}

function currentApi(): ApiSnapshot {
  const runtime = Object.keys(api).sort();
  const rt = new Set(runtime);
  // Names exported by the file that do not exist at run time are types (interfaces, type aliases, `export type`).
  const types = [...new Set(declaredExports().names.filter((n) => !rt.has(n)))].sort();
  return { runtime, types };
}

function diff(kind: string, expected: string[], actual: string[]): string[] {
  const e = new Set(expected);
  const a = new Set(actual);
  const added = actual.filter((n) => !e.has(n));
  const removed = expected.filter((n) => !a.has(n));
  const out: string[] = [];
  if (added.length) out.push(`${kind} exports added (not in the snapshot): ${added.join(', ')}`);
  if (removed.length) out.push(`${kind} exports removed (still in the snapshot): ${removed.join(', ')}`);
  return out;
}

describe('public API (src/index.ts)', () => {
  it('lists every public name explicitly (no `export *`)', () => {
    const { exportStar } = declaredExports();
    expect(exportStar, `src/index.ts must list each public name; replace: ${exportStar.join(' | ')}`).toEqual([]);
  });

  it('exports exactly the names of test/api/public-api.snapshot.json', () => {
    const now = currentApi();
    if (process.env.UPDATE_API_SNAPSHOT === '1') {
      writeFileSync(SNAPSHOT, JSON.stringify(now, null, 2) + '\n');
      return;
    }
    const pinned = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as ApiSnapshot;
    const problems = [...diff('runtime', pinned.runtime, now.runtime), ...diff('type', pinned.types, now.types)];
    if (problems.length) expect.fail(`The public API changed.\n${problems.join('\n')}\n${UPDATE_HINT}`);
    // Same sets; also the same (sorted) order, so the snapshot file stays canonical.
    expect(now).toEqual(pinned);
  });

  it('has a sane snapshot: some functions at run time, types disjoint from runtime names', () => {
    const now = currentApi();
    expect(typeof api.compileModel).toBe('function');
    expect(typeof api.upperLimit).toBe('function');
    expect(now.runtime.length).toBeGreaterThan(50);
    expect(now.types.length).toBeGreaterThan(50);
    expect(now.types.filter((n) => now.runtime.includes(n))).toEqual([]);
  });
});

describe('package.json exports map', () => {
  const pkg = JSON.parse(readFileSync(resolve(HERE, '../../package.json'), 'utf8')) as {
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, unknown>;
  };
  /** The source file tsc compiles to a dist/ path (rootDir src, outDir dist). */
  const sourceOf = (dist: string): string => resolve(HERE, '../..', dist.replace(/^\.?\/?dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts'));

  it('exposes only the library, the CLI and package.json (no deep dist/ paths)', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './cli', './package.json']);
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(pkg.exports['./cli']).toBe('./dist/bin/cevnsfit.cjs');
    expect(pkg.exports['./package.json']).toBe('./package.json');
  });

  it('points at the files built from src/index.ts and src/cli/program.ts, consistent with main, types and bin', () => {
    const lib = pkg.exports['.'] as { types: string; import: string };
    expect(sourceOf(lib.import)).toBe(INDEX);
    expect(sourceOf(lib.types)).toBe(INDEX);
    expect(pkg.exports['./cli']).toBe('./dist/bin/cevnsfit.cjs'); // scripts/build-cli.mjs: src/cli/bin.cjs running the bundle of src/cli/program.ts
    expect(existsSync(resolve(HERE, '../../src/cli/bin.cjs'))).toBe(true);
    expect(existsSync(resolve(HERE, '../../src/cli/program.ts'))).toBe(true);
    expect(`./${pkg.main}`).toBe(lib.import);
    expect(`./${pkg.types}`).toBe(lib.types);
    expect(`./${pkg.bin.cevnsfit}`).toBe(pkg.exports['./cli']);
  });
});
