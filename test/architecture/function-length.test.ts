/**
 * No function in src/ longer than MAX_LINES: every function-like node with a body (declarations, methods, accessors,
 * constructors, function expressions, arrow functions) is measured with the TypeScript compiler's parser, from the
 * line of its start to the line of its end. A longer function is split along its sections into named helpers.
 * Generated code (src/**\/generated/) is exempt.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const MAX_LINES = 120;

/** Functions allowed over the limit for now, as `file:name` (file relative to src/). */
const ALLOWED: ReadonlySet<string> = new Set<string>([]);

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (e !== 'generated') out.push(...listTs(p));
    } else if (/\.ts$/.test(e) && !e.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface LongFunction {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

/** The name a function is known by: its own, or that of the variable, property or assignment it is bound to. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
  if (ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  return '(anonymous)';
}

/** Function-like nodes with a body longer than `max` lines in one source text. */
function longFunctions(fileName: string, text: string, max: number): LongFunction[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max) found.push({ file: fileName, line: start + 1, name: nameOf(fn), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every source file and its long functions, parsed once (parsing all of src/ takes seconds on a loaded machine). */
let parsed: { files: string[]; long: LongFunction[] } | null = null;
function parseSrc(): { files: string[]; long: LongFunction[] } {
  if (!parsed) {
    const files = listTs(SRC);
    parsed = { files, long: files.flatMap((f) => longFunctions(relative(SRC, f), readFileSync(f, 'utf8'), MAX_LINES)) };
  }
  return parsed;
}

describe('function length in src/', () => {
  it(`no function-like node is longer than ${MAX_LINES} lines`, { timeout: 120_000 }, () => {
    const { files, long } = parseSrc();
    expect(files.length).toBeGreaterThan(100);
    const offending = long.filter((l) => !ALLOWED.has(`${l.file}:${l.name}`)).map((l) => `src/${l.file}:${l.line} ${l.name} (${l.lines} lines)`);
    expect(offending).toEqual([]);
  });

  it('every allow-list entry still names a long function (the list only shrinks)', { timeout: 120_000 }, () => {
    const { long } = parseSrc();
    for (const entry of ALLOWED) expect(long.map((l) => `${l.file}:${l.name}`), entry).toContain(entry);
  });

  it('measures declarations, methods, arrows and function expressions, and names them (the check can fail)', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = [
      `export function longDecl(): void {\n${body(119)}\n}`, // 121 lines
      `function shortDecl(): void {\n${body(118)}\n}`, // 120 lines: allowed
      `const arrow = (): void => {\n${body(125)}\n};`,
      `class C {\n  method(): void {\n${body(130)}\n  }\n}`,
      `const o = { prop: function (): void {\n${body(121)}\n} };`,
      `function outer(): void {\n  const inner = (): void => {\n${body(200)}\n  };\n}`,
      'declare function noBody(): void;',
    ].join('\n');
    const found = longFunctions('x.ts', text, MAX_LINES).map((l) => `${l.name}:${l.lines}`);
    expect(found).toEqual(['longDecl:121', 'arrow:127', 'method:132', 'prop:123', 'outer:204', 'inner:202']);
  });
});
