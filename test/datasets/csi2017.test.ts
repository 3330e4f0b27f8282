import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../src/util/errors.js';
import { loadCsi2017, type Csi2017Release } from '../../src/datasets/csi2017.js';
import { project2D, sumWindow2D, total } from '../../src/datasets/histogram.js';
import type { ResolvedDataset } from '../../src/datasets/store.js';
import { dataOptions, resolved, tempDir } from './helpers.js';

let ds: ResolvedDataset;
let r: Csi2017Release;
beforeAll(() => {
  ds = resolved('coherent-csi-2017', dataOptions());
  r = loadCsi2017(ds);
});

/** Copy the installed release into a temp dir, applying `edit` to one file. */
function damagedCopy(file: string, edit: (text: string) => string): string {
  const dir = tempDir();
  for (const [rel, abs] of Object.entries(ds.files)) copyFileSync(abs, join(dir, rel));
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('CsI-2017 release (real files)', () => {
  it('has 25 x 24 histograms with explicit edges 0..50 PE and 0..12 us', () => {
    const h = r.coincidenceBeamOn;
    expect(h.axes[0].unit).toBe('PE');
    expect(h.axes[1].unit).toBe('us');
    expect(Array.from(h.axes[0].edges)).toEqual(Array.from({ length: 26 }, (_, i) => 2 * i));
    expect(Array.from(h.axes[1].edges)).toEqual(Array.from({ length: 25 }, (_, i) => 0.5 * i));
    expect(h.values).toBeInstanceOf(Float64Array);
    expect(h.values.length).toBe(600);
  });

  it('reproduces the published totals C-on 1207, AC-on 1032, C-off 507, AC-off 507', () => {
    expect(total(r.coincidenceBeamOn)).toBe(1207);
    expect(total(r.anticoincidenceBeamOn)).toBe(1032);
    expect(total(r.coincidenceBeamOff)).toBe(507);
    expect(total(r.anticoincidenceBeamOff)).toBe(507);
  });

  it('holds 97 C-on and 49 AC-on events in PE [16,30) x t [0,1.5) us (talk numbers)', () => {
    expect(sumWindow2D(r.coincidenceBeamOn, 16, 30, 0, 1.5)).toBe(97);
    expect(sumWindow2D(r.anticoincidenceBeamOn, 16, 30, 0, 1.5)).toBe(49);
    // the pyCEvNS reading [16,32) does not give them (independent numbers from the data notes)
    expect(sumWindow2D(r.coincidenceBeamOn, 16, 32, 0, 1.5)).toBe(104);
  });

  it('has PE-outer row order: projections equal independently computed (numpy) projections', () => {
    expect(Array.from(project2D(r.coincidenceBeamOn, 0).values)).toEqual([6, 5, 10, 50, 103, 137, 119, 94, 81, 56, 41, 43, 37, 50, 44, 45, 25, 33, 36, 35, 36, 25, 26, 40, 30]);
    expect(Array.from(project2D(r.anticoincidenceBeamOn, 1).values)).toEqual([80, 75, 47, 48, 53, 55, 37, 43, 53, 28, 46, 35, 47, 33, 35, 31, 46, 37, 37, 24, 42, 39, 28, 33]);
  });

  it('has arrival-time PDFs on the same 24 time bins, each summing to 1', () => {
    for (const h of Object.values(r.arrivalTimePdf)) {
      expect(h.values.length).toBe(24);
      expect(total(h)).toBeCloseTo(1, 9);
    }
    const p = r.arrivalTimePdf.promptNeutrinos.values;
    expect([p[0], p[1], p[2]].map((x) => Number(x!.toFixed(4)))).toEqual([0.0648, 0.9095, 0.0257]);
  });

  it('has the BRN spectrum on 50 1-PE bins with its unit flagged unverified', () => {
    expect(r.brnSpectrum.values.length).toBe(50);
    expect(r.brnSpectrum.axis.edges[50]).toBe(50);
    expect(total(r.brnSpectrum)).toBeCloseTo(3.9953, 3);
    expect(r.brnSpectrum.unit).toMatch(/unverified/);
  });
});

describe('CsI-2017 loader rejects damaged files, naming file and line', () => {
  it('a row missing from a histogram (row count does not match 25 x 24)', () => {
    const dir = damagedCopy('data_coincidence_beamOn.txt', (t) => t.split('\n').slice(1).join('\n'));
    expect(() => loadCsi2017(dir)).toThrow(DataFormatError);
    expect(() => loadCsi2017(dir)).toThrow(/data_coincidence_beamOn\.txt:599: expected 600 data rows, found 599/);
  });

  it('rows out of order (labels no longer match the PE-outer layout)', () => {
    const dir = damagedCopy('data_coincidence_beamOn.txt', (t) => {
      const l = t.split('\n');
      [l[0], l[24]] = [l[24]!, l[0]!];
      return l.join('\n');
    });
    expect(() => loadCsi2017(dir)).toThrow(/data_coincidence_beamOn\.txt:1: column 1 \(PE\): expected bin centre 1 for bin 0, found 3/);
  });

  it('a truncated histogram file, cut mid-row', () => {
    const dir = damagedCopy('data_anticoincidence_beamOff.txt', (t) => t.slice(0, t.indexOf('\n', 3000) + 5));
    expect(() => loadCsi2017(dir)).toThrow(/data_anticoincidence_beamOff\.txt:\d+: truncated row: expected 3 fields, found [12]/);
  });

  it('a negative count', () => {
    const dir = damagedCopy('data_coincidence_beamOff.txt', (t) => t.replace(/^1\.0, 0\.75, 0$/m, '1.0, 0.75, -2'));
    expect(() => loadCsi2017(dir)).toThrow(/data_coincidence_beamOff\.txt:2: column 3: negative count -2/);
  });

  it('a NaN in a PDF', () => {
    const dir = damagedCopy('arrivalTimePDF_promptNeutrons.txt', (t) => t.replace(/^1\.25, .*$/m, '1.25, nan'));
    expect(() => loadCsi2017(dir)).toThrow(/arrivalTimePDF_promptNeutrons\.txt:3: column 2: NaN value/);
  });

  it('a PDF that no longer sums to 1', () => {
    const dir = damagedCopy('arrivalTimePDF_delayedNeutrinos.txt', (t) => t.replace(/^0\.25, .*$/m, '0.25, 0.5'));
    expect(() => loadCsi2017(dir)).toThrow(/arrivalTimePDF_delayedNeutrinos\.txt: arrival-time PDF sums to/);
  });
});
