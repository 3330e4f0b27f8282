import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DataFormatError } from '../../src/util/errors.js';
import { parseNumericTable, readNumericTable, checkBinCentres } from '../../src/datasets/parse.js';
import { uniformEdges } from '../../src/datasets/histogram.js';
import { tempDir, writeFile } from './helpers.js';

/** Expect fn to throw a DataFormatError whose message names `file:line` and matches `detail`. */
function expectError(fn: () => unknown, file: string, line: number | null, detail: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a DataFormatError').toBeInstanceOf(DataFormatError);
  const e = err as DataFormatError;
  expect(e.file).toBe(file);
  expect(e.line).toBe(line);
  expect(e.message.startsWith(line === null ? `${file}: ` : `${file}:${line}: `)).toBe(true);
  expect(e.message).toMatch(detail);
}

describe('parseNumericTable', () => {
  it('reads comma, whitespace and tab tables with comments, header and blank lines', () => {
    const t = parseNumericTable('# c\n\nhead er\n1, 2\n3,4\r\n', 'f', { columns: 2, headerLines: 1, delimiter: 'auto' });
    expect(t.rows).toBe(2);
    expect(Array.from(t.columns[0]!)).toEqual([1, 3]);
    expect(Array.from(t.lines)).toEqual([4, 5]);
    expect(t.header).toEqual(['head er']);
    const w = parseNumericTable('1  2.5e-3\n-4 .5', 'w', { columns: 2, delimiter: 'auto' });
    expect(Array.from(w.columns[1]!)).toEqual([2.5e-3, 0.5]);
    const tab = parseNumericTable('1\t2\n3\t4\n', 't', { columns: 2, delimiter: 'tab' });
    expect(Array.from(tab.columns[1]!)).toEqual([2, 4]);
  });

  it('names file and line for a non-numeric field', () => {
    expectError(() => parseNumericTable('1,2\n3,abc\n', 'a.txt', { columns: 2 }), 'a.txt', 2, /column 2: non-numeric field "abc"/);
    expectError(() => parseNumericTable('1,2\n3,4x\n', 'a.txt', { columns: 2 }), 'a.txt', 2, /non-numeric/);
  });

  it('rejects NaN and infinities with file and line', () => {
    expectError(() => parseNumericTable('1 2\n3 nan\n', 'n.txt', { columns: 2 }), 'n.txt', 2, /NaN value "nan"/);
    expectError(() => parseNumericTable('1 NaN\n', 'n.txt', { columns: 2 }), 'n.txt', 1, /NaN/);
    expectError(() => parseNumericTable('1 -inf\n', 'n.txt', { columns: 2 }), 'n.txt', 1, /infinite/);
    expectError(() => parseNumericTable('1 1e999\n', 'n.txt', { columns: 2 }), 'n.txt', 1, /not a finite number/);
  });

  it('reports a wrong column count, a truncated last row and a truncated file', () => {
    expectError(() => parseNumericTable('1,2,3\n4,5\n6,7,8\n', 'c.txt', { columns: 3 }), 'c.txt', 2, /expected 3 fields, found 2/);
    // last line cut mid-row (no final newline)
    expectError(() => parseNumericTable('1,2,3\n4,5', 'c.txt', { columns: 3 }), 'c.txt', 2, /truncated row: expected 3 fields, found 2/);
    expectError(() => parseNumericTable('1,2\n3,4\n', 'r.txt', { columns: 2, rows: 3 }), 'r.txt', 2, /expected 3 data rows, found 2 \(truncated file or missing rows\)/);
    expectError(() => parseNumericTable('1,2\n3,4\n5,6\n', 'r.txt', { columns: 2, rows: 2 }), 'r.txt', 3, /expected 2 data rows, found 3/);
    expectError(() => parseNumericTable('', 'e.txt', { columns: 2 }), 'e.txt', null, /empty/);
    expectError(() => parseNumericTable('# only a comment\n', 'e.txt', { columns: 2 }), 'e.txt', null, /no data rows/);
  });

  it('rejects negative and non-integer counts in count columns', () => {
    expectError(() => parseNumericTable('1,2\n3,-1\n', 'k.txt', { columns: 2, nonNegativeColumns: [1] }), 'k.txt', 2, /negative count -1/);
    expectError(() => parseNumericTable('1,2\n3,1.5\n', 'k.txt', { columns: 2, integerColumns: [1] }), 'k.txt', 2, /integer count/);
  });

  it('allows empty fields only in declared optional columns, flagged in `present`', () => {
    const t = parseNumericTable('1,2,3\n,,4\n', 'o.csv', { columns: 3, optionalColumns: [0, 1] });
    expect(Array.from(t.present.get(0)!)).toEqual([1, 0]);
    expectError(() => parseNumericTable('1,,3\n', 'o.csv', { columns: 3 }), 'o.csv', 1, /column 2: empty field/);
  });

  it('reads from disk and names the path in errors', () => {
    const dir = tempDir();
    const p = writeFile(join(dir, 'x.txt'), '1 2\n3 x\n');
    expectError(() => readNumericTable(p, { columns: 2 }), p, 2, /non-numeric/);
    expectError(() => readNumericTable(join(dir, 'absent.txt'), { columns: 2 }), join(dir, 'absent.txt'), null, /cannot read file \(ENOENT\)/);
  });

  it('checkBinCentres detects a row-order or binning mismatch', () => {
    // PE-outer / t-inner centres for 2 x 3 bins
    const good = '1,0.25\n1,0.75\n1,1.25\n3,0.25\n3,0.75\n3,1.25\n';
    const t = parseNumericTable(good, 'g', { columns: 2 });
    expect(() => checkBinCentres(t, 0, uniformEdges(0, 4, 2), 3, 'PE', 1e-9)).not.toThrow();
    expect(() => checkBinCentres(t, 1, uniformEdges(0, 1.5, 3), 1, 't', 1e-9)).not.toThrow();
    // transposed order: t outer
    const bad = parseNumericTable('1,0.25\n3,0.25\n1,0.75\n3,0.75\n1,1.25\n3,1.25\n', 'b', { columns: 2 });
    expectError(() => checkBinCentres(bad, 0, uniformEdges(0, 4, 2), 3, 'PE', 1e-9), 'b', 2, /expected bin centre 1/);
  });
});
