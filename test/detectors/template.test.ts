import { describe, expect, it } from 'vitest';
import { DetectorModel, projectTemplate } from '../../src/detectors/template.js';
import { makeRecoilGrid, InterpolatedResponse, buildResponseMatrix } from '../../src/detectors/response.js';
import { gaussianPulse, pulseTiming, promptNeutrinoTiming } from '../../src/physics/timing.js';
import { ccmProjectionConfig, createProjectionModel, jsns2ProjectionConfig, nuElectronComponents } from '../../src/detectors/projections.js';
import { piDarFluxComponents } from '../../src/physics/flux.js';

function toyModel() {
  const grid = makeRecoilGrid(0, 10, 1, 4, 'keVnr');
  return new DetectorModel<number>({
    name: 'toy', grid, nominalNuisance: 1, nuisanceKey: (n) => String(n),
    binning: { energyEdges: Float64Array.from([0, 5, 10]), energyUnit: 'keVnr', timeEdgesUs: Float64Array.from([0, 1, 2]) },
    energyResponse: (scale) => ({ nBins: 2, discontinuities: () => [5], binProbabilities: (e, out) => { out[0] = e < 5 ? scale : 0; out[1] = e >= 5 ? scale : 0; } }),
  });
}

describe('template builder', () => {
  it('keeps energy–time correlation: low-energy component early, high-energy late', () => {
    const m = toyModel();
    const flat = (lo: number, hi: number) => Float64Array.from(m.grid.energies, (e) => (e >= lo && e < hi ? 1 : 0));
    const early = { fractions: Float64Array.from([1, 0]) };
    const late = { fractions: Float64Array.from([0, 1]) };
    const t = m.buildTemplate([{ name: 'lo', spectrum: flat(0, 5), timing: early }, { name: 'hi', spectrum: flat(5, 10), timing: late }]);
    // a factorised N(E)P(t) would put 2.5 events in every cell
    expect(Array.from(t).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([5, 0, 0, 5]);
    expect(Array.from(projectTemplate(m.shape, t, 'time'))).toEqual([5, 5].map((x) => expect.closeTo(x, 9)));
  });

  it('timing CDFs become bin fractions; matrices are cached per nuisance and interpolate linearly', () => {
    const m = toyModel();
    const tim = pulseTiming(gaussianPulse(1, 0.2));
    const t = m.buildTemplate([{ name: 'c', spectrum: Float64Array.from(m.grid.energies, () => 1), timing: tim }]);
    expect(t[0]! + t[2]!).toBeCloseTo(10 * 0.5, 5); // 10 events, half before the pulse mean
    expect(m.responseMatrix(2)).toBe(m.responseMatrix(2));
    const ip = new InterpolatedResponse([1, 3], (v) => m.responseMatrix(v));
    const mid = ip.at(2);
    const direct = buildResponseMatrix({ nBins: 2, discontinuities: () => [5], binProbabilities: (e, out) => { out[0] = e < 5 ? 2 : 0; out[1] = e >= 5 ? 2 : 0; } }, m.grid);
    mid.data.forEach((v, i) => expect(v).toBeCloseTo(direct.data[i]!, 12));
  });

  it('rejects malformed components with a clear message', () => {
    const m = toyModel();
    expect(() => m.buildTemplate([{ name: 'bad', spectrum: new Float64Array(3), timing: { fractions: Float64Array.from([1, 0]) } }])).toThrow(/spectrum has 3 values/);
    expect(() => m.buildTemplate([{ name: 'bad', spectrum: Float64Array.from(m.grid.energies, () => NaN), timing: { fractions: Float64Array.from([1, 0]) } }])).toThrow(/not finite/);
  });
});

describe('template builder on a sparse response (products over the non-zero span of each row)', () => {
  it('equals the full matrix product, bit for bit, and still rejects a non-finite spectrum value where the response is 0', async () => {
    const { createCsi2017Model, CSI2017_CONFIG } = await import('../../src/detectors/csi2017.js');
    const m = createCsi2017Model(CSI2017_CONFIG);
    const matrix = m.responseMatrix();
    const nK = matrix.nNodes;
    let zeros = 0;
    for (const v of matrix.data) if (v === 0) zeros++;
    expect(zeros / matrix.data.length).toBeGreaterThan(0.9); // most of the CsI-2017 response is 0: the case at stake
    // A spectrum with structure everywhere (a deterministic pseudo-random sequence) and a time-fraction pattern.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const spectrum = Float64Array.from({ length: nK }, () => rnd() * 1e-3);
    const fractions = Float64Array.from({ length: m.shape.nTime }, () => rnd());
    const t = m.buildTemplateWithMatrix([{ name: 'c', spectrum, timing: { fractions } }], matrix);
    // Reference: the dense sum over every node, then × time fractions (the definition of the template).
    for (let e = 0; e < m.shape.nEnergy; e++) {
      let s = 0;
      for (let k = 0; k < nK; k++) s += matrix.data[e * nK + k]! * spectrum[k]!;
      for (let k = 0; k < m.shape.nTime; k++) expect(t[e * m.shape.nTime + k]).toBe(s === 0 ? 0 : 0 + s * fractions[k]!);
    }
    const e0 = m.energyCounts(spectrum, matrix);
    expect(e0.some((x) => x > 0)).toBe(true);
    // A NaN at a node no energy bin responds to (node 0: below threshold) is still an error, as in the full product.
    expect(matrix.data.filter((_, i) => i % nK === 0).every((v) => v === 0)).toBe(true);
    const bad = spectrum.slice();
    bad[0] = NaN;
    expect(() => m.buildTemplateWithMatrix([{ name: 'bad', spectrum: bad, timing: { fractions } }], matrix)).toThrow(/node 0 is not finite/);
  });
});

describe('projection detectors', () => {
  it('JSNS2 ν–e template: all prompt-ν events arrive in the two bunches; recoils stop at the π-DAR endpoint', () => {
    const cfg = { ...jsns2ProjectionConfig(1, 0.5), binning: { energyEdges: Float64Array.from([0, 10, 30, 60]), energyUnit: 'MeVee' as const, timeEdgesUs: Float64Array.from([-0.5, 0.3, 2, 20]) }, gridMax: 60 };
    const model = createProjectionModel(cfg);
    const flux = piDarFluxComponents(cfg.source);
    const comps = nuElectronComponents(model, cfg, flux.slice(0, 1), () => promptNeutrinoTiming(cfg.pulse));
    const t = model.buildTemplate(comps);
    const time = projectTemplate(model.shape, t, 'time');
    expect(time[0]! / (time[0]! + time[1]!)).toBeCloseTo(0.5, 2);
    const en = projectTemplate(model.shape, t, 'energy');
    expect(en[2]).toBe(0); // ν_μ line 29.8 MeV: T_max = 29.5 MeV < 30
    expect(en[0]).toBeGreaterThan(0);
  });

  it('CCM config carries its cited numbers (7 t, 20 m, 800 MeV) and builds', () => {
    const cfg = ccmProjectionConfig(3, 0.04);
    expect([cfg.massKg, cfg.source.distanceM, cfg.source.protonEnergyGeV]).toEqual([7000, 20, 0.8]);
    const model = createProjectionModel(cfg);
    expect(model.shape.nEnergy).toBe(11);
    expect(model.shape.nTime).toBe(13);
  });
});
