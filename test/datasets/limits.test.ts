import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDarkPhotonLimits, type DarkPhotonLimits } from '../../src/datasets/limits.js';
import type { ResolvedDataset } from '../../src/datasets/store.js';
import { dataOptions, resolved, tempDir } from './helpers.js';

let ds: ResolvedDataset;
let r: DarkPhotonLimits;
beforeAll(() => {
  ds = resolved('dark-photon-limits', dataOptions());
  r = loadDarkPhotonLimits(ds);
});

describe('dark-photon limit curves', () => {
  it('loads all 11 curves with masses converted to MeV and the coupling variable stated', () => {
    expect(Object.keys(r.curves).sort()).toEqual(
      ['babar.txt', 'ldmx.txt', 'lsnd.csv', 'lsnd.txt', 'miniboone-e.txt', 'miniboone-n.txt', 'miniboone.csv#1', 'miniboone.csv#2', 'na64.csv', 'na64.txt', 'relic.txt'].sort(),
    );
    const lsnd = r.curves['lsnd.txt']!;
    expect(lsnd.fileMassUnit).toBe('GeV');
    expect(lsnd.couplingVariable).toBe('Y');
    expect(lsnd.massMeV[0]).toBeCloseTo(1, 9); // 0.001 GeV
    expect(lsnd.massMeV[lsnd.massMeV.length - 1]).toBeCloseTo(44.65, 2); // ~ m_pi0 / 3
    const relic = r.curves['relic.txt']!;
    expect(relic.fileMassUnit).toBe('MeV');
    expect(relic.couplingVariable).toBe('epsilon2');
    expect(relic.massMeV[0]).toBeCloseTo(3.009, 3);
    expect(relic.coupling[0]).toBeCloseTo(2.3e-13, 14);
    expect(relic.status).toBe('unverified');
    expect(r.curves['ldmx.txt']!.couplingVariable).toBe('unknown');
    for (const c of Object.values(r.curves)) expect(c.convention.length).toBeGreaterThan(10);
  });

  it('splits miniboone.csv into its two side-by-side curves (32 and 43 points)', () => {
    expect(r.curves['miniboone.csv#1']!.massMeV.length).toBe(32);
    expect(r.curves['miniboone.csv#2']!.massMeV.length).toBe(43);
    expect(r.curves['miniboone.csv#2']!.massMeV[42]).toBeCloseTo(268.04, 6);
  });

  it('rejects a gap inside the first miniboone.csv curve and a zero coupling, naming file and line', () => {
    const copy = (file: string, edit: (t: string) => string) => {
      const dir = tempDir();
      for (const [rel, abs] of Object.entries(ds.files)) copyFileSync(abs, join(dir, rel));
      writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
      return dir;
    };
    const gap = copy('miniboone.csv', (t) => t.replace('0.0090285,1.0286e-09,', ',,'));
    expect(() => loadDarkPhotonLimits(gap)).toThrow(/miniboone\.csv:8: curve 1 \(columns 1-2\) continues after a blank row/);
    const zero = copy('na64.txt', (t) => t.replace('0.1, 3.1864804498472504e-9', '0.1, 0'));
    expect(() => loadDarkPhotonLimits(zero)).toThrow(/na64\.txt:10: coupling 0 must be positive/);
  });
});

describe('excluded side and the collaboration curves', () => {
  it('every limit and projection excludes above; the relic target excludes nothing', () => {
    for (const [name, c] of Object.entries(r.curves)) {
      if (name === 'relic.txt') {
        expect(c.kind).toBe('target');
        expect(c.excluded).toBeUndefined();
      } else {
        expect(c.excluded, name).toBe('above');
      }
    }
  });
  it("COHERENT's CsI limits are limits with a stated source figure, masses increasing, couplings positive", async () => {
    const { coherentCsiLimits } = await import('../../src/datasets/coherent-limits.js');
    const cs = coherentCsiLimits();
    expect(Object.keys(cs).sort()).toEqual(['coherent-csi-2021-scalar', 'coherent-csi-2022-leptophobic']);
    for (const c of Object.values(cs)) {
      expect(c.excluded).toBe('above');
      expect(c.convention).toMatch(/arXiv:\d{4}\.\d{5} Fig\. \d/);
      for (let i = 1; i < c.massMeV.length; i++) expect(c.massMeV[i]!).toBeGreaterThan(c.massMeV[i - 1]!);
      for (const y of c.coupling) expect(y).toBeGreaterThan(0);
    }
    // the published scalar limit (arXiv:2110.11453 Fig. 3) at m_χ ≈ 10 MeV is Y ≈ 3.4e-11
    expect(cs['coherent-csi-2021-scalar']!.coupling[12]).toBeCloseTo(3.4e-11, 12);
  });
});
