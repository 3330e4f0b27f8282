import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../src/util/errors.js';
import { efficiencyE, histogramEvents, loadCsi2021, normaliseOverRange, parseCoefficientFile, scintillationMeVee, type Csi2021Release } from '../../src/datasets/csi2021.js';
import { project2D, total, uniformEdges } from '../../src/datasets/histogram.js';
import { dataOptions, resolved, tempDir, writeFile } from './helpers.js';

let r: Csi2021Release;
beforeAll(() => {
  r = loadCsi2021(resolved('coherent-csi-2021', dataOptions()));
});

/** Slow, obviously-correct histogramming (linear scan over bins) to check the binary-search kernel. */
function slowHistogram(pe: Float64Array, t: Float64Array, pEdges: number[], tEdges: number[]): number[] {
  const out = new Array<number>((pEdges.length - 1) * (tEdges.length - 1)).fill(0);
  for (let k = 0; k < pe.length; k++) {
    for (let i = 0; i + 1 < pEdges.length; i++) {
      for (let j = 0; j + 1 < tEdges.length; j++) {
        if (pe[k]! >= pEdges[i]! && pe[k]! < pEdges[i + 1]! && t[k]! >= tEdges[j]! && t[k]! < tEdges[j + 1]!) out[i * (tEdges.length - 1) + j]! += 1;
      }
    }
  }
  return out;
}

describe('CsI-2021 event lists (real files)', () => {
  it('hold 5142 C and 4890 AC events', () => {
    expect(r.eventsC.count).toBe(5142);
    expect(r.eventsAC.count).toBe(4890);
    expect(r.eventsC.pe).toBeInstanceOf(Float64Array);
  });

  it('give 1578 C / 1295 AC events in PE < 60, 0 <= t < 6 us', () => {
    const c = r.eventsC.histogram([0, 60], [0, 6]);
    const a = r.eventsAC.histogram([0, 60], [0, 6]);
    expect(total(c)).toBe(1578);
    expect(total(a)).toBe(1295);
    expect(c.outside).toBe(5142 - 1578);
  });

  it('histogram onto a non-uniform binning reproduces independent (numpy) projections', () => {
    const pe = [0, 8, 12, 16, 20, 24, 32, 40, 50, 60];
    const t = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 2, 4, 6];
    const c = r.eventsC.histogram(pe, t);
    expect(Array.from(project2D(c, 0).values)).toEqual([11, 147, 224, 177, 144, 237, 210, 231, 197]);
    expect(Array.from(project2D(c, 1).values)).toEqual([34, 31, 42, 42, 52, 58, 56, 41, 314, 491, 417]);
    const a = r.eventsAC.histogram(pe, t);
    expect(Array.from(project2D(a, 0).values)).toEqual([4, 98, 144, 123, 105, 202, 182, 216, 221]);
    expect(c.axes[0].unit).toBe('PE');
    expect(c.axes[1].unit).toBe('us');
  });

  it('binary-search histogramming equals a slow linear scan on the real events', () => {
    const pe = [5, 7.5, 13, 21.25, 40, 100, 250];
    const t = [0, 0.3, 0.9, 1.7, 3.3, 6];
    expect(Array.from(r.eventsAC.histogram(pe, t).values)).toEqual(slowHistogram(r.eventsAC.pe, r.eventsAC.tUs, pe, t));
  });

  it('puts events on an edge in the upper bin and counts events outside', () => {
    const h = histogramEvents(Float64Array.from([0, 1, 2, 2.5, 3]), Float64Array.from([0, 0, 0, 0, 0]), [0, 1, 2, 3], [0, 1]);
    expect(Array.from(h.values)).toEqual([1, 1, 2]);
    expect(h.outside).toBe(1);
  });
});

describe('CsI-2021 BRN/NIN PDFs', () => {
  it('PE PDFs are normalised to 1 over PE < 60 on 1-PE bins', () => {
    for (const h of [r.brnPe, r.ninPe]) {
      expect(h.values.length).toBe(250);
      let s = 0;
      for (let i = 0; i < 60; i++) s += h.values[i]!;
      expect(s).toBeCloseTo(1, 5);
      expect(total(h)).toBeGreaterThan(1.3); // tail above 60 PE is not part of the normalisation
    }
  });

  it('time shapes have 10 ns bins from -0.25 us and can be renormalised over [0, 6) us', () => {
    expect(r.brnTime.axis.edges[0]).toBeCloseTo(-0.25, 12);
    expect(r.brnTime.axis.edges[1]! - r.brnTime.axis.edges[0]!).toBeCloseTo(0.01, 12);
    expect(total(r.brnTime)).toBeCloseTo(27.632, 2);
    const n = normaliseOverRange(r.ninTime, 0, 6);
    let s = 0;
    for (let i = 25; i < 625; i++) s += n.values[i]!;
    expect(s).toBeCloseTo(1, 12);
  });
});

describe('CsI-2021 efficiency and quenching coefficients', () => {
  it('maps the second "+1 sigma" efficiency set to -1 sigma', () => {
    const e = r.efficiency;
    expect(e.minusRelabelled).toBe(true);
    expect([e.nominal.a, e.nominal.b, e.nominal.c, e.nominal.d]).toEqual([1.32045, 0.285979, 10.8646, -0.333322]);
    expect(e.plus1Sigma.c).toBe(9.84596);
    expect(e.minus1Sigma.c).toBe(11.8832);
    expect(e.minus1Sigma.label).toBe('Syst model, +1 sigma'); // as written in the file
  });

  it('efficiency values agree with independently computed values and are clipped to [0, 1]', () => {
    const n = r.efficiency.nominal;
    expect(efficiencyE(n, 10)).toBeCloseTo(0.246, 3);
    expect(efficiencyE(n, 20)).toBeCloseTo(0.897, 3);
    expect(efficiencyE(n, 60)).toBeCloseTo(0.987, 3);
    expect(efficiencyE(n, 7.0)).toBe(0); // crosses zero at 7.07 PE
    expect(efficiencyE(n, 7.1)).toBeGreaterThan(0);
    expect(efficiencyE({ ...n, a: 2 }, 200)).toBe(1);
  });

  it('quenching sets give the independently computed QF(E) = Eee/Enr of the nominal model', () => {
    const q = r.quenching;
    expect(q.modes).toHaveLength(2);
    const qf = (keVnr: number) => scintillationMeVee(q.nominal, keVnr / 1000) / (keVnr / 1000);
    expect(qf(5)).toBeCloseTo(0.0743, 4);
    expect(qf(10)).toBeCloseTo(0.0882, 4);
    expect(qf(20)).toBeCloseTo(0.1036, 4);
    expect(qf(50)).toBeCloseTo(0.0966, 4);
    expect(q.modes[0]!.plus1Sigma.a).toBe(0.0613632);
    expect(q.modes[0]!.minus1Sigma.a).toBe(0.0495624);
    expect(q.modes[1]!.minus1Sigma.d).toBe(1050.68);
    // each mode brackets the nominal model at 20 keVnr
    for (const m of q.modes) {
      const lo = Math.min(scintillationMeVee(m.plus1Sigma, 0.02), scintillationMeVee(m.minus1Sigma, 0.02));
      const hi = Math.max(scintillationMeVee(m.plus1Sigma, 0.02), scintillationMeVee(m.minus1Sigma, 0.02));
      expect(scintillationMeVee(q.nominal, 0.02)).toBeGreaterThan(lo);
      expect(scintillationMeVee(q.nominal, 0.02)).toBeLessThan(hi);
    }
  });
});

describe('coefficient-file parsing is robust and names file and line', () => {
  const EFF_HEAD = '# Energy-dependent efficiency curve\n# eff_E(x) = a/( 1 + exp(-b*(x-c))) + d\n# x is reconstructed recoil energy in PE\n# Coefficients given as: a b c d\n\n';
  const parseEff = (p: string) => parseCoefficientFile(p, 'eff_E(x) = a/(1+exp(-b*(x-c)))+d', /x is reconstructed recoil energy in PE/i);

  it('rejects a coefficient line with 3 numbers, a non-numeric coefficient, or a missing header', () => {
    const dir = tempDir();
    const a = writeFile(join(dir, 'a.txt'), EFF_HEAD + '# Nominal\n1 0.3 10\n');
    expect(() => parseEff(a)).toThrow(new RegExp(`${a}:7: expected 4 coefficients, found 3`));
    const b = writeFile(join(dir, 'b.txt'), EFF_HEAD + '# Nominal\n1 0.3 ten -0.3\n');
    expect(() => parseEff(b)).toThrow(/b\.txt:7: column 3: non-numeric field "ten"/);
    const c = writeFile(join(dir, 'c.txt'), '# Nominal\n1 0.3 10 -0.3\n');
    expect(() => parseEff(c)).toThrow(DataFormatError);
    expect(() => parseEff(c)).toThrow(/c\.txt: header does not state the expected formula/);
    const d = writeFile(join(dir, 'd.txt'), EFF_HEAD.replace('a b c d', 'd c b a') + '# Nominal\n1 0.3 10 -0.3\n');
    expect(() => parseEff(d)).toThrow(/d\.txt:4: unexpected coefficient order/);
    const e = writeFile(join(dir, 'e.txt'), EFF_HEAD + '1 0.3 10 -0.3\n');
    expect(() => parseEff(e)).toThrow(/e\.txt:6: coefficient line without a label/);
  });
});

describe('CsI-2021 loader on edited copies', () => {
  function editedCopy(file: string, edit: (t: string) => string): string {
    const src = resolved('coherent-csi-2021', dataOptions());
    const dir = tempDir();
    for (const [rel, abs] of Object.entries(src.files)) copyFileSync(abs, join(dir, rel));
    const p = join(dir, file);
    writeFileSync(p, edit(readFileSync(p, 'utf8')));
    return dir;
  }

  it('keeps correctly labelled +/-1 sigma sets as they are (no relabelling)', () => {
    const dir = editedCopy('effCoefficients.txt', (t) => t.replace(/# Syst model, \+1 sigma\n1\.297/, '# Syst model, -1 sigma\n1.297'));
    const e = loadCsi2021(dir).efficiency;
    expect(e.minusRelabelled).toBe(false);
    expect(e.minus1Sigma.c).toBe(11.8832);
    expect(e.minus1Sigma.label).toBe('Syst model, -1 sigma');
  });

  it('rejects an asymmetric duplicated "+1 sigma" set, naming the line', () => {
    const dir = editedCopy('effCoefficients.txt', (t) => t.replace('1.297  0.286592 11.8832 -0.31028', '1.297  0.286592 12.5 -0.31028'));
    expect(() => loadCsi2021(dir)).toThrow(/effCoefficients\.txt:12: two systematic sets share the label "Syst model, \+1 sigma" and are not symmetric/);
  });

  it('rejects a quenching file lacking a -1 sigma set', () => {
    const dir = editedCopy('scintRespCoefficients.txt', (t) => t.replace('# Syst model 1, -1 sigma\n0.0555126 4.67765 -130.309 1050.68', ''));
    expect(() => loadCsi2021(dir)).toThrow(/scintRespCoefficients\.txt: syst model 1 lacks its -1 sigma set/);
  });

  it('rejects an event list with a non-numeric time, naming file and line', () => {
    const dir = editedCopy('dataBeamOnAC.txt', (t) => t.replace('128.411 1.894', '128.411 1.8.94'));
    expect(() => loadCsi2021(dir)).toThrow(/dataBeamOnAC\.txt:4: column 2: non-numeric field "1\.8\.94"/);
  });

  it('rejects a PE PDF that lost its normalisation', () => {
    const dir = editedCopy('ninPE.txt', (t) => t.replace(/^10\.5 .*$/m, '10.5 0.5'));
    expect(() => loadCsi2021(dir)).toThrow(/ninPE\.txt: PE PDF sums to .* over PE < 60, expected 1/);
  });
});
