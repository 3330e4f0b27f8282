import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidSpecification } from '../../src/util/errors.js';
import { loadLar2020, parseLarParameters, type Lar2020Release } from '../../src/datasets/lar2020.js';
import { project3D, total } from '../../src/datasets/histogram.js';
import { openSource, readBinnedTable } from '../../src/datasets/source.js';
import type { ResolvedDataset } from '../../src/datasets/store.js';
import { dataOptions, resolved, tempDir } from './helpers.js';

let ds: ResolvedDataset;
let r: Lar2020Release;
beforeAll(() => {
  ds = resolved('coherent-lar-2020', dataOptions());
  r = loadLar2020(ds);
});

function editedCopy(file: string, edit: (t: string) => string): string {
  const dir = tempDir();
  for (const [rel, abs] of Object.entries(ds.files)) copyFileSync(abs, join(dir, rel));
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('LAr-2020 3-D histograms (real files)', () => {
  it('have axes E 0..120 keVee (12), F90 0.5..0.9 (8), t -0.1..4.9 us (10)', () => {
    const [e, f, t] = r.data.axes;
    expect([e.unit, f.unit, t.unit]).toEqual(['keVee', '1', 'us']);
    expect([e.edges.length, f.edges.length, t.edges.length]).toEqual([13, 9, 11]);
    expect([e.edges[0], e.edges[12]]).toEqual([0, 120]);
    expect(f.edges[0]).toBeCloseTo(0.5, 12);
    expect(f.edges[8]).toBeCloseTo(0.9, 12);
    expect(t.edges[0]).toBeCloseTo(-0.1, 12);
    expect(t.edges[10]).toBeCloseTo(4.9, 12);
    expect(r.data.values.length).toBe(960);
  });

  it('data total 3752 and template totals CEvNS 128, prompt BRN 497, delayed BRN 33, SS 3152', () => {
    expect(total(r.data)).toBe(3752);
    expect(total(r.templates.cevns)).toBeCloseTo(128, 3);
    expect(total(r.templates.brnPrompt)).toBeCloseTo(497, 3);
    expect(total(r.templates.brnDelayed)).toBeCloseTo(33, 3);
    expect(total(r.templates.steadyState)).toBeCloseTo(3152, 3);
  });

  it('E-outer/F90/t-inner order: SS flat in time, prompt BRN only in the first 3 time bins, delayed BRN in 1.4-1.9 us', () => {
    const ss = project3D(r.templates.steadyState, 2).values;
    for (const v of ss) expect(v).toBeCloseTo(315.2, 3);
    const brnT = Array.from(project3D(r.templates.brnPrompt, 2).values);
    expect(brnT.slice(3).every((v) => v === 0)).toBe(true);
    expect(brnT.slice(0, 3).map((v) => Number(v.toFixed(1)))).toEqual([56.2, 328.9, 112.0]);
    const del = Array.from(project3D(r.templates.brnDelayed, 2).values);
    expect(del[3]).toBeCloseTo(33, 3);
    const cevE = Array.from(project3D(r.templates.cevns, 0).values);
    expect(cevE.slice(5).reduce((a, b) => a + b, 0)).toBeLessThan(1e-3); // essentially nothing above 50 keVee
    expect(cevE[0]).toBeCloseTo(78.7, 1);
  });

  it('the released 1-D energy projection equals data - 0.993578 x SS projected from our 3-D arrays', () => {
    // energydata1d.txt was produced by the collaboration; agreement checks our reading of the 3-D row order.
    const s = openSource('coherent-lar-2020', ds);
    const e1 = readBinnedTable(s, 'energydata1d.txt', 1);
    const dataE = project3D(r.data, 0).values;
    const ssE = project3D(r.templates.steadyState, 0).values;
    for (let i = 0; i < 12; i++) expect(e1.values[i]!).toBeCloseTo(dataE[i]! - 0.993578 * ssE[i]!, 2);
    const t1 = readBinnedTable(s, 'timingdata1d.txt', 3); // best-fit CEvNS column = 159.506/128 x template projection
    const cevT = project3D(r.templates.cevns, 2).values;
    for (let k = 0; k < 10; k++) expect(t1.values[k]!).toBeCloseTo((cevT[k]! * 159.506) / 128, 1);
  });

  it('has all eight shape variations, with the +1 sigma BRN timing-mean file summing to 523.67', () => {
    expect(r.shapeVariations).toHaveLength(8);
    const byName = Object.fromEntries(r.shapeVariations.map((v) => [v.name, total(v.histogram)]));
    expect(byName['cevnspdf+1sigF90']).toBeCloseTo(128, 2);
    expect(byName['brnpdf-1sigEnergy']).toBeCloseTo(497, 2);
    expect(byName['brnpdf+1sigBRNTimingMean']).toBeCloseTo(523.67, 2);
    expect(r.shapeVariations.filter((v) => v.direction === 'oneSided').map((v) => v.systematic).sort()).toEqual(['timingMean', 'timingWidth']);
  });
});

describe('LAr-2020 efficiency table and parameters', () => {
  it('efficiency: 80 bins of 0.5 keVee; keVnr column obeys Eee = (a + b T) T with the YAML QF', () => {
    const e = r.efficiency;
    expect(e.efficiency.length).toBe(80);
    expect(e.axis.edges[80]).toBe(40);
    const { a, bPerKeVnr } = r.parameters.quenching;
    for (let i = 1; i < 80; i++) {
      const T = e.energyKeVnr[i]!;
      // agreement to 0.2 % (the table was made with a slightly different QF evaluation)
      expect(Math.abs((a.value + bPerKeVnr.value * T) * T / e.energyKeVee[i]! - 1)).toBeLessThan(2e-3);
    }
    expect(e.efficiency[79]).toBeCloseTo(0.96, 2);
  });

  it('parameters YAML: typed values with units converted', () => {
    const p = r.parameters;
    expect(p.exposurePot / 1.38e23).toBeCloseTo(1, 12);
    expect(p.distanceM).toBe(27.5);
    expect(p.fiducialMassKg).toEqual({ value: 24.4, uncertainty: 0.61 });
    expect(p.neutrinosPerFlavorPerPot.value).toBe(0.09);
    expect(p.potTrace).toEqual({ meanNs: { value: 440, uncertainty: 200 }, widthNs: 150 });
    expect(p.predicted.cevns).toEqual({ value: 128, uncertainty: 17 });
    expect(p.bestFit.cevns).toEqual({ value: 159, uncertainty: 43 });
    expect(p.predicted.steadyState.value).toBe(3154);
  });

  it('parameters YAML: unknown keys, missing keys and wrong units are errors naming the key', () => {
    const src = ds.files['LArParametersAnlA.yaml']!;
    const dir = tempDir();
    const text = readFileSync(src, 'utf8');
    const write = (t: string) => {
      const p = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(p, t);
      return p;
    };
    expect(() => parseLarParameters(write(text + '\nsurpriseKey:\n  value: 1\n'))).toThrow(InvalidSpecification);
    expect(() => parseLarParameters(write(text.replace('distanceToTarget:', 'distanceToTargt:')))).toThrow(/distanceToTarget|distanceToTargt/);
    expect(() => parseLarParameters(write(text.replace('units: m\n', 'units: cm\n')))).toThrow(/distanceToTarget\.units: units "cm", expected "m"/);
    expect(() => parseLarParameters(write('a: [1, 2\n'))).toThrow(/invalid YAML/);
  });

  it('a non-integer count in the data file is rejected with file and line', () => {
    const dir = editedCopy('datanobkgsub.txt', (t) => t.replace(/^5 0\.525 0\.65 44$/m, '5 0.525 0.65 44.5'));
    expect(() => loadLar2020(dir)).toThrow(/datanobkgsub\.txt:2: column 4: expected an integer count, found 44\.5/);
  });

  it('a template with a wrong F90 label (row order) is rejected with file and line', () => {
    const dir = editedCopy('brnpdf.txt', (t) => t.replace(/^5 0\.525 0\.65 /m, '5 0.575 0.65 '));
    expect(() => loadLar2020(dir)).toThrow(/brnpdf\.txt:2: column 2 \(F90\): expected bin centre 0\.525/);
  });
});
