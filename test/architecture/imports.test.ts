/**
 * The import graph of src/: no cycles, and no import from a lower layer to a higher one.
 *
 * Layers (lowest first): util (shared helpers, errors) → stats, datasets, plot (generic; they know nothing of neutrinos
 * or of each other's internals) → physics → detectors → analyses, publish → cli. The root index.ts is the public
 * surface and may import anything. A module may import its own layer and any lower one.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Rank of each top-level folder of src/. */
const RANK: Readonly<Record<string, number>> = {
  util: 0,
  types: 0,
  stats: 1,
  datasets: 1,
  plot: 1,
  physics: 2,
  detectors: 3,
  analyses: 4,
  publish: 4,
  explore: 4,
  node: 4,
  cli: 5,
};

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (/\.ts$/.test(e)) out.push(p);
  }
  return out;
}

/** Relative module specifiers a file imports (static `import … from`, `export … from`, dynamic `import('…')`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

/** Node built-ins a file imports (`node:fs`, `fs`, `worker_threads`, …), statically or dynamically, types excluded. */
function builtinsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?from\s*)?['"]([^'"]+)['"]|(?<![\w.])import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    const bare = spec.replace(/^node:/, '').split('/')[0]!;
    if (spec.startsWith('node:') || builtinModules.includes(bare)) found.push(spec);
  }
  return found;
}

/** Relative imports that are values (not `import type`): what a bundler follows. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?from\s*)?['"](\.[^'"]+)['"]|(?<![\w.])import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push(toSource(file, (m[1] ?? m[2])!));
  return specs;
}

/** Every file reachable from `roots` by value imports, with the path that reaches it. */
function reachable(roots: readonly string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = roots.map((r) => [r, [relative(SRC, r)]]);
  while (queue.length > 0) {
    const [f, path] = queue.shift()!;
    if (seen.has(f)) continue;
    seen.set(f, path);
    for (const d of valueImportsOf(f)) if (!seen.has(d) && graph.has(d)) queue.push([d, [...path, relative(SRC, d)]]);
  }
  return seen;
}

/** The layers that compute (and run in a page, src/explore): no Node built-in, directly or through what they import. */
const BROWSER_CLEAN = ['stats', 'physics', 'detectors', 'analyses'];

function toSource(from: string, spec: string): string {
  const abs = resolve(dirname(from), spec);
  return abs.replace(/\.js$/, '.ts');
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : '(root)';
}

const files = listTs(SRC).filter((f) => !f.endsWith('.d.ts'));
const graph = new Map<string, string[]>(files.map((f) => [f, importsOf(f).map((s) => toSource(f, s))]));
/**
 * The imports that exist at run time (static value imports and dynamic `import()`); `import type` is erased by the
 * compiler. A registry and the modules it lists may name each other's types (src/analyses/experiments/index.ts lists the
 * bindings, which take the config type whose `experiment:` values come from the registry); only a run-time cycle
 * is an initialisation-order hazard.
 */
const runtimeGraph = new Map<string, string[]>(files.map((f) => [f, valueImportsOf(f)]));

function upwardImports(g: ReadonlyMap<string, readonly string[]>): string[] {
  const upward: string[] = [];
  for (const [f, deps] of g) {
    const lf = layerOf(f);
    if (lf === '(root)') continue;
    for (const d of deps) {
      const ld = layerOf(d);
      if (ld === '(root)' || RANK[ld]! > RANK[lf]!) upward.push(`${relative(SRC, f)} (${lf}) → ${relative(SRC, d)} (${ld})`);
    }
  }
  return upward;
}

/** Tarjan's strongly connected components; a component with > 1 file (or a self-import) is a cycle. */
function findCycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(relative(SRC, w));
      } while (w !== v);
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const f of g.keys()) if (!idx.has(f)) visit(f);
  return cycles;
}

describe('import graph of src/', () => {
  it('has a known layer for every folder', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => l !== '(root)' && RANK[l] === undefined);
    expect(unknown).toEqual([]);
  });

  it('resolves every relative import to a source file', () => {
    const missing: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) if (!graph.has(d)) missing.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
    expect(missing).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('generic layers do not import each other (stats, datasets, plot are independent)', () => {
    const cross: string[] = [];
    for (const [f, deps] of graph) {
      const lf = layerOf(f);
      if (RANK[lf] !== 1) continue;
      for (const d of deps) {
        const ld = layerOf(d);
        if (RANK[ld] === 1 && ld !== lf) cross.push(`${relative(SRC, f)} → ${relative(SRC, d)}`);
      }
    }
    expect(cross).toEqual([]);
  });

  it('has no import cycle at run time (type-only imports aside)', () => {
    expect(findCycles(runtimeGraph)).toEqual([]);
  });

  it('stats, physics, detectors and analyses import no Node built-in, directly or through any module they import', () => {
    const roots = files.filter((f) => BROWSER_CLEAN.includes(layerOf(f)));
    expect(roots.length).toBeGreaterThan(50);
    const offending: string[] = [];
    for (const [f, path] of reachable(roots)) for (const b of builtinsOf(f)) offending.push(`${path.join(' → ')} imports ${b}`);
    expect(offending).toEqual([]);
  });

  it('the page code of the explorer (src/explore/page) imports no Node built-in, directly or indirectly', () => {
    const roots = files.filter((f) => relative(SRC, f).startsWith('explore/page/'));
    expect(roots.length).toBeGreaterThan(0);
    const offending: string[] = [];
    for (const [f, path] of reachable(roots)) for (const b of builtinsOf(f)) offending.push(`${path.join(' → ')} imports ${b}`);
    expect(offending).toEqual([]);
  });

  it('the built-in check sees node: and bare built-ins and ignores type-only imports (it can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explore-imports-'));
    try {
      const f = join(dir, 'x.ts');
      writeFileSync(f, "import { readFileSync } from 'node:fs';\nimport * as os from 'os';\nimport type { Worker } from 'node:worker_threads';\nconst m = await import('node:path');\nimport './y.js';\n");
      expect(builtinsOf(f)).toEqual(['node:fs', 'os', 'node:path']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects a planted cycle and an upward import (the checks can fail)', () => {
    const a = join(SRC, 'stats/a.ts');
    const b = join(SRC, 'stats/b.ts');
    const c = join(SRC, 'physics/c.ts');
    const g = new Map<string, string[]>([
      [a, [b]],
      [b, [a, c]],
      [c, []],
    ]);
    expect(findCycles(g)).toEqual([['stats/a.ts', 'stats/b.ts']]);
    expect(upwardImports(g)).toEqual(['stats/b.ts (stats) → physics/c.ts (physics)']);
  });
});
