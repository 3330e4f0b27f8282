/**
 * The code, tests, configs and manifests cite the project's own notes as `docs/physics.md §N[.M] [item K]` and
 * `docs/data.md §N[.M]`. This test reads every such citation and checks that it lands on a numbered heading of that
 * document (and, with "item K", on a numbered list item K directly under that heading). It also checks that nothing in
 * src/ points at notes outside the repository.
 *
 * Generic on purpose: other files add citations all the time; the scanner finds them wherever they are.
 * Recognised forms (all seen in the tree):
 *   docs/physics.md §4.3            docs/physics.md §2.2, §2.3, §3.2      docs/physics.md §6.2–6.3 (range, both ends
 *   docs/physics.md §8.1 item 5     docs/data.md §1.4–1.5                 and everything between are checked)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOTES = ['docs/physics.md', 'docs/data.md'] as const;
type NoteFile = (typeof NOTES)[number];

/** Where citations are searched, relative to the package root. */
const SCANNED_ROOTS = ['src', 'test', 'fits', 'datasets', 'README.md', 'docs'];
/** Text files that can carry citations. */
const SCANNED_EXTENSIONS = /\.(ts|mts|js|mjs|json|ya?ml|md|txt)$/;
/** Never scanned: build output, dependencies, installed data files, and this file (its examples are synthetic). */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'files', '.git', 'coverage']);
const THIS_FILE = 'test/docs/citations.test.ts';

/**
 * Citations known to point at the wrong place, in files this test does not own. Each entry must still occur (a stale
 * entry fails, so the list shrinks to empty once the source is fixed) and its corrected target must resolve.
 */
const KNOWN_MISCITATIONS: ReadonlyArray<{ file: string; cited: string; correct: string; why: string }> = [];

// ---- outline of a notes document ------------------------------------------------------------------------------

interface Section {
  readonly id: string;
  readonly line: number;
  /** Numbers of the ordered-list items directly under this heading (before the next heading). */
  readonly items: Set<number>;
}

interface Outline {
  readonly sections: Map<string, Section>;
  /** Problems with the document itself (duplicate section numbers). */
  readonly problems: string[];
}

const HEADING = /^(#{1,6})\s+(\d+(?:\.\d+)*)\.?\s+\S/;
const LIST_ITEM = /^ {0,3}(\d+)\.\s+\S/;

/** Numbered headings (`## 2. Title`, `### 2.4 Title`) and the numbered list items under each. */
function parseOutline(text: string, name: string): Outline {
  const sections = new Map<string, Section>();
  const problems: string[] = [];
  let current: Section | null = null;
  let inFence = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) return;
    const h = HEADING.exec(line);
    if (h) {
      const id = h[2]!;
      if (sections.has(id)) problems.push(`${name}:${i + 1}: section §${id} is defined twice (first at line ${sections.get(id)!.line})`);
      current = { id, line: i + 1, items: new Set() };
      sections.set(id, current);
      return;
    }
    if (/^#{1,6}\s/.test(line)) {
      current = null; // an unnumbered heading ends the previous numbered section
      return;
    }
    const item = LIST_ITEM.exec(line);
    if (item && current) current.items.add(Number(item[1]));
  });
  return { sections, problems };
}

// ---- citations --------------------------------------------------------------------------------------------------

/** One reference to a section (and optionally an item) of a notes document. */
interface Reference {
  readonly doc: NoteFile;
  readonly section: string;
  readonly item?: number;
}

/** A citation as written, with the references it expands to. */
interface Citation {
  readonly text: string;
  readonly refs: Reference[];
  /** A § follows the document name but could not be read as a section number. */
  readonly unparsed?: string;
}

const DOC_MENTION = /docs\/(physics|data)\.md/g;
const REF_AT_START = /^\s*(?:,|;|and\b|\()?\s*§\s?(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?\s?(\d+(?:\.\d+)*))?(?:\s+items?\s+(\d+)(?:\s*[–-]\s*(\d+))?)?/;

/** Sections from a to b for a range like 6.2–6.4 (same parent) or 6–7 (top level); otherwise just the two ends. */
function expandRange(a: string, b: string): string[] {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length === pb.length && pa.slice(0, -1).every((v, i) => v === pb[i]) && pb.at(-1)! >= pa.at(-1)!) {
    const out: string[] = [];
    for (let k = pa.at(-1)!; k <= pb.at(-1)!; k++) out.push([...pa.slice(0, -1), k].join('.'));
    return out;
  }
  return [a, b];
}

/** All citations of the notes in a piece of text. A bare `docs/physics.md` (no §) cites the document as a whole. */
function findCitations(text: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(DOC_MENTION)) {
    const doc = `docs/${m[1]}.md` as NoteFile;
    let rest = text.slice(m.index! + m[0].length, m.index! + m[0].length + 200);
    const refs: Reference[] = [];
    let consumed = 0;
    for (;;) {
      const r = REF_AT_START.exec(rest);
      if (!r) break;
      const sections = r[2] !== undefined ? expandRange(r[1]!, r[2]) : [r[1]!];
      if (r[3] !== undefined) {
        const lo = Number(r[3]);
        const hi = r[4] !== undefined ? Number(r[4]) : lo;
        for (const section of sections) for (let k = lo; k <= hi; k++) refs.push({ doc, section, item: k });
      } else {
        for (const section of sections) refs.push({ doc, section });
      }
      consumed += r[0].length;
      rest = rest.slice(r[0].length);
    }
    const written = (m[0] + text.slice(m.index! + m[0].length, m.index! + m[0].length + consumed)).replace(/\s+/g, ' ').trim();
    const tail = text.slice(m.index! + m[0].length);
    if (refs.length === 0 && /^[\s,;(:]{0,3}§/.test(tail)) out.push({ text: written, refs, unparsed: tail.slice(0, 40) });
    else out.push({ text: written, refs });
  }
  return out;
}

/** Why a reference does not resolve, or null if it does. */
function unresolved(ref: Reference, outline: Outline): string | null {
  const s = outline.sections.get(ref.section);
  if (!s) return `no heading numbered ${ref.section} in ${ref.doc}`;
  if (ref.item !== undefined && !s.items.has(ref.item)) {
    const have = [...s.items].sort((a, b) => a - b);
    return `no item ${ref.item} under §${ref.section} of ${ref.doc} (items there: ${have.length ? have.join(', ') : 'none'})`;
  }
  return null;
}

// ---- scanning the tree --------------------------------------------------------------------------------------------

function listFiles(rel: string): string[] {
  const abs = join(ROOT, rel);
  if (!existsSync(abs)) return [];
  const st = statSync(abs);
  if (st.isFile()) return SCANNED_EXTENSIONS.test(rel) ? [rel] : [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...listFiles(join(rel, entry.name)));
    } else if (entry.isFile() && SCANNED_EXTENSIONS.test(entry.name)) {
      out.push(join(rel, entry.name));
    }
  }
  return out;
}

interface Located extends Citation {
  readonly file: string;
  readonly line: number;
}

function scanTree(): Located[] {
  const found: Located[] = [];
  for (const file of SCANNED_ROOTS.flatMap(listFiles)) {
    const rel = relative(ROOT, join(ROOT, file)).split('\\').join('/');
    if (rel === THIS_FILE || (NOTES as readonly string[]).includes(rel)) continue;
    readFileSync(join(ROOT, rel), 'utf8')
      .split(/\r?\n/)
      .forEach((line, i) => {
        for (const c of findCitations(line)) found.push({ ...c, file: rel, line: i + 1 });
      });
  }
  return found;
}

function loadOutlines(): Map<NoteFile, Outline> {
  const m = new Map<NoteFile, Outline>();
  for (const doc of NOTES) m.set(doc, parseOutline(readFileSync(join(ROOT, doc), 'utf8'), doc));
  return m;
}

// ---- tests ----------------------------------------------------------------------------------------------------------

describe('citation parser and resolver (synthetic text)', () => {
  const outline = parseOutline(
    ['## 2. Production', 'text', '### 2.2 Pions', '### 2.3 Capture', '1. first', '2. second', '### 8.1 Weak', '9. nine', '```', '## 7. in a code block', '```'].join('\n'),
    'synthetic.md',
  );

  it('reads lists, ranges and items', () => {
    const refs = (s: string) => findCitations(s).flatMap((c) => c.refs.map((r) => `${r.doc} ${r.section}${r.item !== undefined ? ` #${r.item}` : ''}`));
    expect(refs('(docs/physics.md §2.2, §2.3, §3.2, §4.3)')).toEqual(['docs/physics.md 2.2', 'docs/physics.md 2.3', 'docs/physics.md 3.2', 'docs/physics.md 4.3']);
    expect(refs('see docs/data.md §1.4–1.6.')).toEqual(['docs/data.md 1.4', 'docs/data.md 1.5', 'docs/data.md 1.6']);
    expect(refs('docs/physics.md §8.1 item 5)')).toEqual(['docs/physics.md 8.1 #5']);
    expect(refs('docs/physics.md §3.3. Next sentence §9.9')).toEqual(['docs/physics.md 3.3']);
    expect(refs('docs/physics.md §5 "real-world context"')).toEqual(['docs/physics.md 5']);
    expect(refs('(docs/physics.md (§2.4))')).toEqual(['docs/physics.md 2.4']);
    expect(findCitations('see docs/physics.md for the model')).toEqual([{ text: 'docs/physics.md', refs: [] }]);
    expect(findCitations('docs/data.md §Files')[0]!.unparsed).toBe(' §Files');
  });

  it('resolves existing headings and items, and rejects missing ones', () => {
    expect(unresolved({ doc: 'docs/physics.md', section: '2' }, outline)).toBeNull();
    expect(unresolved({ doc: 'docs/physics.md', section: '2.3', item: 2 }, outline)).toBeNull();
    expect(unresolved({ doc: 'docs/physics.md', section: '2.4' }, outline)).toMatch(/no heading numbered 2\.4/);
    expect(unresolved({ doc: 'docs/physics.md', section: '2.3', item: 3 }, outline)).toMatch(/no item 3 under §2\.3.*items there: 1, 2/);
    // an item belongs to the heading it sits under, not to its neighbours
    expect(unresolved({ doc: 'docs/physics.md', section: '2.2', item: 1 }, outline)).toMatch(/no item 1/);
    // headings inside code blocks do not count
    expect(unresolved({ doc: 'docs/physics.md', section: '7' }, outline)).toMatch(/no heading/);
  });

  it('flags a section number used twice', () => {
    expect(parseOutline('## 1. A\n## 1. B\n', 'dup.md').problems).toEqual(['dup.md:2: section §1 is defined twice (first at line 1)']);
  });
});

describe('the project notes', () => {
  const outlines = loadOutlines();
  const citations = scanTree();

  it('have unique section numbers', () => {
    expect([...outlines.values()].flatMap((o) => o.problems)).toEqual([]);
  });

  it('resolve every citation in src/, test/, fits/, datasets/, README.md and docs/', () => {
    // guard against a scanner that silently finds nothing
    expect(citations.filter((c) => c.file.startsWith('src/')).length).toBeGreaterThan(20);
    expect(citations.some((c) => c.file.startsWith('fits/'))).toBe(true);

    const failures: string[] = [];
    const usedAllowances = new Set<number>();
    for (const c of citations) {
      if (c.unparsed !== undefined) failures.push(`${c.file}:${c.line}: "${c.text}${c.unparsed}": a § that is not a section number`);
      for (const ref of c.refs) {
        const why = unresolved(ref, outlines.get(ref.doc)!);
        if (why === null) continue;
        const k = KNOWN_MISCITATIONS.findIndex((x) => x.file === c.file && c.text.startsWith(x.cited));
        if (k >= 0) {
          usedAllowances.add(k);
          continue;
        }
        failures.push(`${c.file}:${c.line}: "${c.text}": ${why}`);
      }
    }
    KNOWN_MISCITATIONS.forEach((x, k) => {
      if (!usedAllowances.has(k)) failures.push(`KNOWN_MISCITATIONS entry for ${x.file} ("${x.cited}") no longer occurs: remove it from ${THIS_FILE}`);
      for (const c of findCitations(x.correct))
        for (const ref of c.refs) {
          const why = unresolved(ref, outlines.get(ref.doc)!);
          if (why) failures.push(`KNOWN_MISCITATIONS correction "${x.correct}" does not resolve either: ${why}`);
        }
    });
    expect(failures).toEqual([]);
  });

  it('are the only notes src/ cites: no path outside the repository', () => {
    const outside = /physics-notes|coherent-data-notes|\.\.\/shared|\/work\/shared/;
    const hits: string[] = [];
    for (const file of listFiles('src')) {
      readFileSync(join(ROOT, file), 'utf8')
        .split(/\r?\n/)
        .forEach((line, i) => {
          if (outside.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });
});
