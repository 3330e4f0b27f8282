/**
 * Strict numeric-table reading shared by every dataset loader.
 *
 * Every problem is reported as a DataFormatError naming the file and the 1-based line, and nothing is
 * returned unless the whole table parsed: callers never see a half-loaded table.
 */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../util/errors.js';

/** How fields are separated. `whitespace` = any run of spaces/tabs; `auto` = decided from the first data line. */
export type Delimiter = 'comma' | 'whitespace' | 'tab' | 'auto';

/** Options of {@link parseNumericTable}. */
export interface TableOptions {
  /** Field separator (default `auto`: comma if the first data line has a comma, tab if it has a tab, else whitespace). */
  delimiter?: Delimiter;
  /** Number of leading non-comment lines to skip as a header (default 0). */
  headerLines?: number;
  /** Lines whose first non-blank character starts with this prefix are comments (default `#`); `null` disables comments. */
  commentPrefix?: string | null;
  /** Required number of fields on every data row. */
  columns: number;
  /** Required number of data rows (a shorter table is reported as truncated). */
  rows?: number;
  /** Columns (0-based) that hold counts: each value must be >= 0. */
  nonNegativeColumns?: readonly number[];
  /** Columns (0-based) whose values must be integers (e.g. event counts). */
  integerColumns?: readonly number[];
  /**
   * Columns (0-based) that may be left empty (e.g. a CSV holding two curves of different length).
   * Empty fields become NaN in the returned column and are flagged in `present`; no other NaN is ever returned.
   */
  optionalColumns?: readonly number[];
}

/** A parsed table: one Float64Array per column, plus the 1-based source line of every row. */
export interface NumericTable {
  /** File name used in error messages. */
  file: string;
  /** Number of data rows. */
  rows: number;
  /** `columns[c][r]` is the value in column c of data row r. */
  columns: Float64Array[];
  /** `lines[r]` is the 1-based line number of data row r in the file. */
  lines: Int32Array;
  /** Header lines that were skipped (verbatim, without line terminator). */
  header: string[];
  /** Only for optional columns: `present[c][r]` is 1 if the field was non-empty. */
  present: Map<number, Uint8Array>;
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parse one numeric field strictly; throws a DataFormatError naming the file, line and column. */
export function parseNumberField(token: string, file: string, line: number, column: number): number {
  if (!NUMBER_RE.test(token)) {
    if (/^[+-]?nan$/i.test(token)) throw new DataFormatError(file, line, `column ${column + 1}: NaN value "${token}"`);
    if (/^[+-]?inf(inity)?$/i.test(token)) throw new DataFormatError(file, line, `column ${column + 1}: infinite value "${token}"`);
    throw new DataFormatError(file, line, `column ${column + 1}: non-numeric field "${token}"`);
  }
  const v = Number(token);
  if (!Number.isFinite(v)) throw new DataFormatError(file, line, `column ${column + 1}: value "${token}" is not a finite number`);
  return v;
}

function splitFields(body: string, delim: Exclude<Delimiter, 'auto'>): string[] {
  switch (delim) {
    case 'comma':
      return body.split(',').map((s) => s.trim());
    case 'tab':
      return body.split('\t').map((s) => s.trim());
    case 'whitespace':
      return body.trim().split(/\s+/);
  }
}

function detectDelimiter(line: string): Exclude<Delimiter, 'auto'> {
  if (line.includes(',')) return 'comma';
  if (line.includes('\t')) return 'tab';
  return 'whitespace';
}

/**
 * Parse the text of a numeric table. `file` is only used in error messages.
 * Blank lines are ignored; CRLF line ends are accepted. A final line without a terminating newline is fine
 * as long as it has the right number of fields (otherwise it is reported as a truncated row).
 */
export function parseNumericTable(text: string, file: string, opts: TableOptions): NumericTable {
  const commentPrefix = opts.commentPrefix === undefined ? '#' : opts.commentPrefix;
  const headerLines = opts.headerLines ?? 0;
  const optional = new Set(opts.optionalColumns ?? []);
  const nonNeg = opts.nonNegativeColumns ?? [];
  const integer = opts.integerColumns ?? [];
  if (text.length === 0) throw new DataFormatError(file, null, 'file is empty');

  const rawLines = text.split(/\r?\n/);
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) rawLines.pop();
  const lastIndex = rawLines.length - 1;

  const header: string[] = [];
  const rows: number[][] = [];
  const lineNos: number[] = [];
  let delim: Exclude<Delimiter, 'auto'> | null = opts.delimiter && opts.delimiter !== 'auto' ? opts.delimiter : null;

  for (let i = 0; i < rawLines.length; i++) {
    const lineNo = i + 1;
    const raw = rawLines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (commentPrefix !== null && trimmed.startsWith(commentPrefix)) continue;
    if (header.length < headerLines) {
      header.push(raw);
      continue;
    }
    if (delim === null) delim = detectDelimiter(raw);
    const fields = splitFields(raw, delim);
    const truncatedTail = i === lastIndex && !endsWithNewline;
    if (fields.length !== opts.columns) {
      const what = fields.length < opts.columns && truncatedTail ? 'truncated row: ' : '';
      throw new DataFormatError(file, lineNo, `${what}expected ${opts.columns} fields, found ${fields.length}`);
    }
    const row = new Array<number>(opts.columns);
    for (let c = 0; c < opts.columns; c++) {
      const tok = fields[c]!;
      if (tok === '') {
        if (optional.has(c)) {
          row[c] = Number.NaN;
          continue;
        }
        throw new DataFormatError(file, lineNo, `column ${c + 1}: empty field`);
      }
      row[c] = parseNumberField(tok, file, lineNo, c);
    }
    for (const c of nonNeg) {
      const v = row[c]!;
      if (v < 0) throw new DataFormatError(file, lineNo, `column ${c + 1}: negative count ${v}`);
    }
    for (const c of integer) {
      const v = row[c]!;
      if (!Number.isNaN(v) && !Number.isInteger(v)) throw new DataFormatError(file, lineNo, `column ${c + 1}: expected an integer count, found ${v}`);
    }
    rows.push(row);
    lineNos.push(lineNo);
  }

  if (header.length < headerLines) {
    throw new DataFormatError(file, rawLines.length, `truncated file: expected ${headerLines} header line(s), found ${header.length}`);
  }
  if (opts.rows !== undefined && rows.length !== opts.rows) {
    const where = rows.length < opts.rows ? rawLines.length : lineNos[opts.rows]!;
    const why = rows.length < opts.rows ? ' (truncated file or missing rows)' : '';
    throw new DataFormatError(file, where, `expected ${opts.rows} data rows, found ${rows.length}${why}`);
  }
  if (rows.length === 0) throw new DataFormatError(file, null, 'no data rows');

  const n = rows.length;
  const columns: Float64Array[] = [];
  for (let c = 0; c < opts.columns; c++) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) col[r] = rows[r]![c]!;
    columns.push(col);
  }
  const present = new Map<number, Uint8Array>();
  for (const c of optional) {
    const p = new Uint8Array(n);
    for (let r = 0; r < n; r++) p[r] = Number.isNaN(columns[c]![r]!) ? 0 : 1;
    present.set(c, p);
  }
  return { file, rows: n, columns, lines: Int32Array.from(lineNos), header, present };
}

/** Read and parse a numeric table from disk (see {@link parseNumericTable}). */
export function readNumericTable(path: string, opts: TableOptions): NumericTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(path, null, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseNumericTable(text, path, opts);
}

/**
 * Check that a label column holds the centres of the given bin edges, cycling as a row-major index:
 * row r has bin index `floor(r / stride) % (edges.length - 1)`. Throws naming the first offending line.
 * `tol` is an absolute tolerance in the axis unit.
 */
export function checkBinCentres(table: NumericTable, column: number, edges: Float64Array, stride: number, axisName: string, tol: number): void {
  const nb = edges.length - 1;
  const col = table.columns[column]!;
  for (let r = 0; r < table.rows; r++) {
    const b = Math.floor(r / stride) % nb;
    const centre = 0.5 * (edges[b]! + edges[b + 1]!);
    if (Math.abs(col[r]! - centre) > tol) {
      throw new DataFormatError(
        table.file,
        table.lines[r]!,
        `column ${column + 1} (${axisName}): expected bin centre ${centre} for bin ${b}, found ${col[r]} (row order or binning differs from the manifest)`,
      );
    }
  }
}

/** Throw, naming file and line, if a column is not strictly increasing. */
export function checkStrictlyIncreasing(table: NumericTable, column: number, what: string): void {
  const col = table.columns[column]!;
  for (let r = 1; r < table.rows; r++) {
    if (!(col[r]! > col[r - 1]!)) {
      throw new DataFormatError(table.file, table.lines[r]!, `${what} (column ${column + 1}) is not strictly increasing: ${col[r - 1]} then ${col[r]}`);
    }
  }
}
