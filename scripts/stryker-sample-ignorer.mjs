// Stryker ignorer plugin for sampled runs (scripts/mutate-sample.mjs, docs/testing.md "Scores per folder").
// A `--mutate` range selects every mutant whose node lies inside it. For a sampled mutant on a large node (a block,
// an arrow function) that would run every mutant nested in it. This plugin marks each node strictly inside a sampled
// range as ignored, unless the node is itself a sampled location or contains one, so a run tests the sampled
// mutants and only those that share their exact node. Active only when CEVNSFIT_MUTATE_SAMPLE names a plan file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const planFile = process.env.CEVNSFIT_MUTATE_SAMPLE;
/** file (relative, '/') -> array of sampled locations in Babel's convention (lines 1-based, columns 0-based). */
const byFile = new Map();
if (planFile) {
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  for (const s of plan.strata)
    for (const m of s.sample) {
      const { start, end } = m.location;
      const loc = { start: { line: start.line + 1, column: start.column }, end: { line: end.line + 1, column: end.column } };
      if (!byFile.has(m.file)) byFile.set(m.file, []);
      byFile.get(m.file).push(loc);
    }
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
const inside = (outer, inner) => before(outer.start, inner.start) && before(inner.end, outer.end);
const same = (a, b) => inside(a, b) && inside(b, a);

export const sampleIgnorer = {
  shouldIgnore(nodePath) {
    if (!planFile) return undefined;
    const loc = nodePath.node?.loc;
    const fileName = nodePath.hub?.file?.opts?.filename;
    if (!loc || !fileName) return undefined;
    const ranges = byFile.get(path.relative(process.cwd(), fileName).split(path.sep).join('/'));
    if (!ranges) return undefined;
    if (!ranges.some((r) => inside(r, loc))) return undefined; // outside every range: not selected anyway
    if (ranges.some((r) => same(r, loc) || inside(loc, r))) return undefined; // a sampled node or an ancestor of one
    return 'Nested in a sampled mutant\'s range, not itself sampled (scripts/mutate-sample.mjs)';
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'cevnsfit-sample', sampleIgnorer)];
