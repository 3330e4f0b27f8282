import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataFormatError } from '../../src/util/errors.js';
import { loadCcmBeam, loadJsns2Beam, loadSnsBeam, PI0_MASS_MEV, validatePi0Table, type CcmBeam, type Jsns2Beam, type Pi0List, type SnsBeam } from '../../src/datasets/beams.js';
import { parseNumericTable } from '../../src/datasets/parse.js';
import { total } from '../../src/datasets/histogram.js';
import type { StoreOptions } from '../../src/datasets/store.js';
import { dataOptions, resolved, tempDir } from './helpers.js';

let opts: StoreOptions;
let sns: SnsBeam;
let ccm: CcmBeam;
let jsns: Jsns2Beam;
beforeAll(() => {
  opts = dataOptions();
  sns = loadSnsBeam(resolved('sns-beam', opts));
  ccm = loadCcmBeam(resolved('ccm-beam', opts));
  jsns = loadJsns2Beam(resolved('jsns2-beam', opts));
});

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function meanCosZ(p: Pi0List): number {
  let s = 0;
  for (let i = 0; i < p.count; i++) s += p.pzMeV[i]! / Math.hypot(p.pxMeV[i]!, p.pyMeV[i]!, p.pzMeV[i]!);
  return s / p.count;
}

describe('pi0 lists (real files)', () => {
  it('have 10484 (SNS), 6325 (CCM), 61424 (JSNS2) rows and pass the kinematic checks', () => {
    expect(sns.pi0.count).toBe(10484);
    expect(ccm.pi0.count).toBe(6325);
    expect(jsns.pi0.count).toBe(61424);
    // invariant mass within 5 keV at SNS/CCM energies; JSNS2 has GeV pions printed with 6 digits (rounding ~0.15 MeV)
    expect(sns.pi0.maxMassDeviationMeV).toBeLessThan(0.005);
    expect(ccm.pi0.maxMassDeviationMeV).toBeLessThan(0.005);
    expect(jsns.pi0.maxMassDeviationMeV).toBeLessThan(0.2);
    for (const b of [sns, ccm, jsns]) expect(b.pi0.maxAngleDeviationDeg).toBeLessThan(1e-3);
  });

  it('mean kinetic energy and mean pz/|p| agree with independent (numpy) values: 110/85/243 MeV, -0.21/-0.21/-0.26', () => {
    expect(Math.abs(mean(sns.pi0.kineticEnergyMeV) - 110)).toBeLessThan(1);
    expect(Math.abs(mean(ccm.pi0.kineticEnergyMeV) - 85)).toBeLessThan(1);
    expect(Math.abs(mean(jsns.pi0.kineticEnergyMeV) - 243)).toBeLessThan(1);
    expect(meanCosZ(sns.pi0)).toBeCloseTo(-0.21, 2);
    expect(meanCosZ(ccm.pi0)).toBeCloseTo(-0.21, 2);
    expect(meanCosZ(jsns.pi0)).toBeCloseTo(-0.26, 2);
  });

  it('reject a row whose energy breaks E^2 - p^2 = m^2, naming file and line', () => {
    const m = PI0_MASS_MEV;
    // a pion at rest along -z: p = (0, 0, -10) MeV, E = sqrt(m^2 + 100), theta = 0
    const E = Math.sqrt(m * m + 100);
    const good = `0\t0\t0\t-10\t${E.toPrecision(6)}\t${(E - m).toPrecision(6)}\n`;
    expect(() => validatePi0Table(parseNumericTable(good, 'ok.txt', { columns: 6 }))).not.toThrow();
    const badE = good + `0\t0\t0\t-10\t${(E + 0.1).toPrecision(6)}\t${(E + 0.1 - m).toPrecision(6)}\n`;
    expect(() => validatePi0Table(parseNumericTable(badE, 'bad.txt', { columns: 6 }))).toThrow(/bad\.txt:2: pi0 kinematics: invariant mass 135\.\d+ MeV differs/);
    const badAngle = `90\t0\t0\t-10\t${E.toPrecision(6)}\t${(E - m).toPrecision(6)}\n`;
    expect(() => validatePi0Table(parseNumericTable(badAngle, 'ang.txt', { columns: 6 }))).toThrow(/ang\.txt:1: pi0 kinematics: angle 90 deg does not match arccos\(-pz\/\|p\|\) = 0\.0000 deg/);
    // theta is measured from -z: a pion along +z has theta = 180
    const back = `180\t0\t0\t10\t${E.toPrecision(6)}\t${(E - m).toPrecision(6)}\n`;
    expect(() => validatePi0Table(parseNumericTable(back, 'b.txt', { columns: 6 }))).not.toThrow();
    const badKe = `0\t0\t0\t-10\t${E.toPrecision(6)}\t${(E - m + 1).toPrecision(6)}\n`;
    expect(() => validatePi0Table(parseNumericTable(badKe, 'k.txt', { columns: 6 }))).toThrow(/k\.txt:1: pi0 kinematics: kinetic energy/);
  });

  it('the SNS loader rejects a real file with one corrupted energy (file and line named)', () => {
    const src = resolved('sns-beam', opts);
    const dir = tempDir();
    for (const [rel, abs] of Object.entries(src.files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      copyFileSync(abs, join(dir, rel));
    }
    const p = join(dir, 'Pi0_Info.txt');
    const lines = readFileSync(p, 'utf8').split('\n');
    const f = lines[4999]!.split('\t');
    f[4] = (Number(f[4]) * 1.01).toPrecision(6);
    lines[4999] = f.join('\t');
    writeFileSync(p, lines.join('\n'));
    expect(() => loadSnsBeam(dir)).toThrow(DataFormatError);
    expect(() => loadSnsBeam(dir)).toThrow(/Pi0_Info\.txt:5000: pi0 kinematics: invariant mass/);
  });
});

describe('photon spectra and timing', () => {
  it('brem spectra totals and energy ranges agree with independent values', () => {
    expect(total({ values: sns.brem.y })).toBe(402631);
    expect(total({ values: ccm.brem.y })).toBe(207902);
    expect(total({ values: jsns.brem.y })).toBe(3527133);
    expect(sns.brem.x.length).toBe(100);
    expect(jsns.brem.x.length).toBe(81);
    expect(sns.brem.x[0]).toBeCloseTo(3.39, 2);
    expect(jsns.brem.x[80]).toBeCloseTo(1386.8, 1);
  });

  it('CCM total photon spectra sit on 42 log bins (1-1000 MeV) and 42 linear bins, totals consistent', () => {
    expect(ccm.photonTotalLog.values.length).toBe(42);
    expect(ccm.photonTotalLog.axis.edges[0]).toBeCloseTo(1, 12);
    expect(ccm.photonTotalLinear.axis.edges[42]).toBeCloseTo(1000, 9);
    expect(total(ccm.photonTotalLog)).toBeCloseTo(2.15e6, -4);
    // the same photons binned two ways
    expect(total(ccm.photonTotalLinear) / total(ccm.photonTotalLog)).toBeCloseTo(1, 2);
  });

  it('SNS per-parent photon lists have direction cosines in [-1, 1] and energies above 1.65 MeV', () => {
    expect(Object.keys(sns.photonsBySource).sort()).toEqual(['em', 'ep', 'pi0', 'pim', 'pip', 'proton', 'triton']);
    expect(sns.photonsBySource.triton!.count).toBe(24);
    for (const l of Object.values(sns.photonsBySource)) expect(Math.min(...l.energyMeV)).toBeGreaterThan(1.65);
    expect(total({ values: sns.photonTotal.y })).toBe(725580);
  });

  it('JSNS2 per-parent photon columns sum to the totals file (checked by the loader) and carry the header names', () => {
    expect(Object.keys(jsns.photonsByParent)).toEqual(['ep', 'neutron', 'proton', 'pim', 'pip', 'kaon0L', 'sigma0', 'kaon0S', 'kaonP', 'pi0', 'mum']);
    expect(jsns.photonTotal.x.length).toBe(46);
    expect(total({ values: jsns.photonTotal.y })).toBeCloseTo(5.44e6, -4);
  });

  it('CCM timing PDFs: 40 bins of 0.03 us summing to 1; prompt flat ~0.091 over 0.03-0.33 us', () => {
    for (const h of [ccm.timing.prompt, ccm.timing.delayed]) {
      expect(h.values.length).toBe(40);
      expect(total(h)).toBeCloseTo(1, 9);
    }
    expect(ccm.timing.prompt.values[5]).toBeCloseTo(0.091, 3);
    expect(ccm.timing.prompt.values[20]).toBe(0);
  });

  it('JSNS2 timing (ns) and neutrino spectra (MeV) are increasing digitised curves', () => {
    expect(jsns.timing.prompt.x.length).toBe(91);
    expect(jsns.timing.delayed.x.length).toBe(60);
    expect(jsns.timing.prompt.xUnit).toBe('ns');
    expect(jsns.timing.prompt.x[90]).toBeCloseTo(1989.9, 1);
    expect(jsns.neutrinoSpectra.nuE.x.length).toBe(115);
    expect(jsns.neutrinoSpectra.nuMuNoDelta.x.length).toBe(149);
    expect(jsns.neutrinoSpectra.nubarMu.x.length).toBe(80);
    expect(jsns.neutrinoSpectra.nuE.x[114]).toBeCloseTo(300.9, 1);
  });
});
