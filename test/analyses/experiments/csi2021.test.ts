/**
 * CsI-2021 binding, checked against counts derived independently from the released event lists
 * (docs/data.md §2.2), the released PDFs, the detector layer's direct template evaluation, and the
 * published result (PRL 129 (2022) 081801, arXiv:2110.07730).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { bindCsi2021, build, CSI2021_DEFAULT_RN_FM } from '../../../src/analyses/experiments/csi2021.js';
import { Csi2021CevnsTemplate, rebinFine } from '../../../src/analyses/experiments/csi2021-templates.js';
import { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig } from '../../../src/analyses/config.js';
import { assembleHypothesis } from '../../../src/analyses/assemble.js';
import { fitReport, significance } from '../../../src/analyses/run.js';
import { fit } from '../../../src/stats/infer/index.js';
import { loadCsi2021, type Csi2021Release } from '../../../src/datasets/csi2021.js';
import { CSI2021_CANDIDATE_BINNING, createCsi2021Model, csi2021ConfigFromRelease } from '../../../src/detectors/csi2021.js';
import { SmCevnsTemplates } from '../../../src/detectors/sm.js';
import { radiativeCouplings } from '../../../src/physics/cevns.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../../src/physics/timing.js';
import { InvalidSpecification } from '../../../src/util/errors.js';

const fitsFile = (name: string) => fileURLToPath(new URL(`../../../fits/${name}`, import.meta.url));
const BASE = { schemaVersion: '1.0.0', name: 'csi-test', experiment: 'csi2021' };
const cfg = (extra: Record<string, unknown> = {}): AnalysisConfig => parseAnalysisConfig({ ...BASE, ...extra }, 'test.yaml').config;
const total = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};
const project = (v: ArrayLike<number>, nPe: number, nT: number, axis: 0 | 1) => {
  const o = new Array<number>(axis === 0 ? nPe : nT).fill(0);
  for (let i = 0; i < nPe; i++) for (let j = 0; j < nT; j++) o[axis === 0 ? i : j] += v[i * nT + j]!;
  return o;
};

let rel: Csi2021Release;
beforeAll(() => {
  rel = loadCsi2021();
});

describe('CsI-2021 binding: inputs', () => {
  it('observations: C 1578 / AC 1295 in PE < 60, t < 6 µs, projections as derived in docs/data.md §2.2', () => {
    const b = bindCsi2021(cfg(), rel);
    expect(total(b.observedC)).toBe(1578);
    expect(total(b.observedAC)).toBe(1295);
    expect(project(b.observedC, 9, 11, 0)).toEqual([11, 147, 224, 177, 144, 237, 210, 231, 197]);
    expect(project(b.observedC, 9, 11, 1)).toEqual([34, 31, 42, 42, 52, 58, 56, 41, 314, 491, 417]);
    expect(project(b.observedAC, 9, 11, 0)).toEqual([4, 98, 144, 123, 105, 202, 182, 216, 221]);
    expect(project(b.observedAC, 9, 11, 1)).toEqual([23, 24, 30, 32, 28, 32, 31, 30, 234, 433, 398]);
  });

  it('BRN / NIN: 18.4 / 5.6 events in the ROI, PE shape = released 1-PE PDF summed per bin, ≥ 97 % of BRN before 1 µs', () => {
    const b = bindCsi2021(cfg(), rel);
    expect(total(b.brn)).toBeCloseTo(18.4, 6);
    expect(total(b.nin)).toBeCloseTo(5.6, 6);
    // PE projection: the released brnPE has 1-PE bins (edges 0..250) normalised over PE < 60, so the sum of the bins
    // inside [8, 12) etc. (integer indices) times 18.4 must be the template's PE projection
    const edges = CSI2021_CANDIDATE_BINNING.energyEdges;
    const pe = project(b.brn, 9, 11, 0);
    for (let i = 0; i < 9; i++) {
      let s = 0;
      for (let k = edges[i]!; k < edges[i + 1]!; k++) s += rel.brnPe.values[k]!;
      expect(pe[i]).toBeCloseTo(18.4 * s, 6);
    }
    // docs/data.md §2.1: 99 % of the BRN t_rec PDF lies below 1 µs (ε_T ≈ 1 there)
    const t = project(b.brn, 9, 11, 1);
    expect(t.slice(0, 8).reduce((x, y) => x + y, 0) / 18.4).toBeGreaterThan(0.97);
    // NIN follows the neutrino timing with a long tail (mean 2.24 µs): most of it after 1 µs
    expect(project(b.nin, 9, 11, 1).slice(8).reduce((x, y) => x + y, 0) / 5.6).toBeGreaterThan(0.5);
  });

  it('rebinFine splits a fine bin in proportion to the overlap (closed form)', () => {
    const h = { axis: { name: 't', unit: 'us', edges: Float64Array.from([0, 1, 2]) }, values: Float64Array.from([2, 4]), unit: '' };
    expect(Array.from(rebinFine(h, [0, 0.25, 1.5, 2]))).toEqual([0.5, 1.5 + 2, 2]);
    expect(Array.from(rebinFine(h, [0.5, 1.5], (x) => x))).toEqual([1 * 0.75 + 2 * 1.25]);
  });

  it('SS: factorised AC projections with the AC total, in both channels with one ss_norm', () => {
    const b = bindCsi2021(cfg(), rel);
    expect(total(b.ss)).toBeCloseTo(1295, 9);
    expect(project(b.ss, 9, 11, 0).map((x) => +x.toFixed(9))).toEqual([4, 98, 144, 123, 105, 202, 182, 216, 221]);
    const exp = build(cfg());
    const ssIn = exp.background.channels.map((c) => c.samples.find((s) => s.name === 'ss')!.modifiers);
    expect(ssIn).toEqual([[{ type: 'normfactor', name: 'ss_norm' }], [{ type: 'normfactor', name: 'ss_norm' }]]);
  });

  it('unknown parameters name the key (build resolves the parameters)', () => {
    expect(() => build(cfg({ parameters: { qf: { sigma: 1 } } }))).toThrow(/parameters\.qf/);
  });

  it('second validation pass names the offending key', () => {
    const err = (extra: Record<string, unknown>, path: string) => {
      try {
        bindCsi2021(cfg(extra), rel);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidSpecification);
        expect((e as InvalidSpecification).path).toBe(path);
        return;
      }
      throw new Error(`expected an error at ${path}`);
    };
    err({ region: { energy_keVee: [0, 10] } }, 'region.energy_keVee');
    err({ region: { pe: [0, 10] } }, 'region.pe'); // 10 is not an edge
    err({ region: { pe: [0, 100] } }, 'region.pe'); // outside the ROI
    err({ options: { pe_edges: [0, 20, 10, 60] } }, 'options.pe_edges');
    err({ options: { binning: 'paper' } }, 'options.binning');
  });
});

describe('CsI-2021 binding: CEvNS template', () => {
  it('equals the detector layer at the nodes, interpolates between them, and the SM total is within 333 ± 11 ± 42', () => {
    const dc = csi2021ConfigFromRelease(rel);
    const model = createCsi2021Model(dc);
    const timing = { prompt: promptNeutrinoTiming(dc.pulse), delayed: delayedNeutrinoTiming(dc.pulse) };
    const mk = () => new SmCevnsTemplates({ model, target: dc.target, massKg: dc.massKg, source: dc.source, couplings: radiativeCouplings(), timing });
    const tpl = new Csi2021CevnsTemplate(mk(), model, [-2, -1, 0, 1, 2]);
    const ref = mk();
    const direct = (nu: { qfModes: number[]; efficiency: number }) => {
      const r = ref.evaluate({ radii: { neutronRmsFm: 5.1 } }, nu);
      return r.prompt.map((v, i) => v + r.delayed[i]!);
    };
    const close = (a: Float64Array, b: Float64Array) => {
      for (let i = 0; i < a.length; i++) expect(a[i]!).toBeCloseTo(b[i]!, 9);
    };
    close(tpl.evaluate([0, 0, 0], 5.1), direct({ qfModes: [0, 0], efficiency: 0 }));
    close(tpl.evaluate([1, 0, 0], 5.1), direct({ qfModes: [1, 0], efficiency: 0 }));
    close(tpl.evaluate([0, -2, 0], 5.1), direct({ qfModes: [0, -2], efficiency: 0 }));
    close(tpl.evaluate([0, 0, 1], 5.1), direct({ qfModes: [0, 0], efficiency: 1 }));
    // halfway between nodes: the average of the node templates (piecewise linear)
    const h = tpl.evaluate([0.5, 0, 0], 5.1);
    const a = direct({ qfModes: [0, 0], efficiency: 0 });
    const c = direct({ qfModes: [1, 0], efficiency: 0 });
    for (let i = 0; i < h.length; i++) expect(h[i]!).toBeCloseTo(0.5 * (a[i]! + c[i]!), 9);
    // larger R_n → more form-factor suppression → fewer events
    expect(total(tpl.evaluate([0, 0, 0], 5.5))).toBeLessThan(total(tpl.evaluate([0, 0, 0], 4.5)));
    // SM prediction in the ROI (PE < 60, t < 6 µs) at the default R_n: COHERENT PRL 129 (2022) 081801 quotes
    // 333 ± 11 (theory) ± 42 (experiment) predicted events (recalled; paper body not retrievable, UNVERIFIED)
    const n = total(tpl.evaluate([0, 0, 0], CSI2021_DEFAULT_RN_FM));
    expect(Math.abs(n - 333)).toBeLessThan(Math.hypot(11, 42));
  });

  it('keeps the node templates of recent R_n values: revisiting an R_n, also after the cache has cycled, gives the direct template', () => {
    const dc = csi2021ConfigFromRelease(rel);
    const model = createCsi2021Model(dc);
    const timing = { prompt: promptNeutrinoTiming(dc.pulse), delayed: delayedNeutrinoTiming(dc.pulse) };
    const mk = () => new SmCevnsTemplates({ model, target: dc.target, massKg: dc.massKg, source: dc.source, couplings: radiativeCouplings(), timing });
    const tpl = new Csi2021CevnsTemplate(mk(), model, [-2, -1, 0, 1, 2]);
    const ref = mk();
    const direct = (rn: number, nu: { qfModes: number[]; efficiency: number }) => {
      const r = ref.evaluate({ radii: { neutronRmsFm: rn } }, nu);
      return r.prompt.map((v, i) => v + r.delayed[i]!);
    };
    const nu = { qfModes: [1, 0], efficiency: 0 };
    // a gradient's pattern (R_n, R_n + h, R_n − h, R_n), then more R_n values than the cache holds, then back
    const rns = [4.86, 4.86 + 1e-5, 4.86 - 1e-5, 4.86, 4.5, 5.0, 5.5, 6.0, 4.86, 5.5, 4.86 + 1e-5];
    for (const rn of rns) {
      const got = tpl.evaluate([1, 0, 0], rn);
      const want = direct(rn, nu);
      for (let i = 0; i < got.length; i++) expect(got[i]!, `R_n = ${rn}, bin ${i}`).toBeCloseTo(want[i]!, 9);
    }
  });
});

describe('CsI-2021 binding: fits', () => {
  it('fits/csi2021-sm.yaml: converges; CEvNS 306 ± 20 (published) within 1σ; q0 equals the likelihood difference of two independent fits', () => {
    const loaded = loadAnalysisConfig(fitsFile('csi2021-sm.yaml'));
    const exp = build(loaded.config);
    expect(exp.background.smPoi).toBe('cevns_norm');
    const { report } = fitReport(exp, assembleHypothesis(exp, 'sm'));
    expect(report.status.converged).toBe(true);
    expect(Object.keys(report.yields).sort()).toEqual(['brn', 'cevns', 'nin', 'ss']);
    const y = report.yields;
    // Published (PRL 129 081801, arXiv:2110.07730): 306 ± 20 fitted CEvNS events — recalled and quoted by a third-party
    // reproduction report (search corpus); UNVERIFIED against the paper body. Our binning is a candidate one and the
    // response/timing nuisances are our own, so 1σ of the published error is the tolerance.
    expect(Math.abs(y.cevns!.value - 306)).toBeLessThan(20);
    expect(y.cevns!.error!).toBeLessThan(40);
    // backgrounds stay within their priors; SS ≈ the AC count (same window length)
    expect(Math.abs(y.brn!.value - 18.4)).toBeLessThan(4.6);
    expect(Math.abs(y.nin!.value - 5.6)).toBeLessThan(2.0);
    expect(Math.abs(y.ss!.value / 1295 - 1)).toBeLessThan(0.03);
    // measured: cevns 304.3 ± 32.5, brn 17.0, nin 5.5, ss 1273.8, t_offset_us −0.173 ± 0.039, twice_nll 854.93
    const s = significance(exp, loaded);
    // Independent of the significance code path: q0 = −2lnL(CEvNS off) − (−2lnL)(best fit) from two plain fits, with
    // the CEvNS normalisation fixed at 0 and free (μ̂ > 0 here, so no clipping); Z = √q0 (1007.1727 eq. 52).
    // Published 11.6σ (UNVERIFIED, recalled) differs from the measured 11.02 (q0 121.4): our time/energy binning is a
    // candidate one, not the collaboration's; the difference is documented, not asserted.
    const a = assembleHypothesis(exp, 'sm');
    const free = fit(a.model, a.data, { hesse: false });
    const off = fit(a.model, a.data, { hesse: false, fixedValues: { cevns_norm: 0 } });
    expect(free.status.converged && off.status.converged).toBe(true);
    const q0 = off.twiceNll - free.twiceNll;
    expect(s.q0).toBeCloseTo(q0, 3);
    expect(s.z).toBeCloseTo(Math.sqrt(q0), 3);
  });

  it('with the timing offset fixed the fit is worse by Δ(−2lnL) > 4 (the data constrain the CEvNS arrival time)', () => {
    const fixedExp = build(cfg());
    const freeExp = build(cfg({ parameters: { t_offset_us: { fixed: false } } }));
    const f0 = fitReport(fixedExp, assembleHypothesis(fixedExp, 'sm')).report;
    const f1 = fitReport(freeExp, assembleHypothesis(freeExp, 'sm')).report;
    expect(f0.status.converged && f1.status.converged).toBe(true);
    expect(f0.twice_nll - f1.twice_nll).toBeGreaterThan(4);
    // measured: 865.08 vs 854.93; fixed-offset CEvNS 285.0 ± 31.8, Z 10.55
  });
});

describe('CsI-2021: the uncertainty of the fitted CEvNS count (docs/csi2021.md §1)', () => {
  it('stat-only error = closed-form Poisson curvature; the total error is within 10 % of it (the error is statistical)', () => {
    const loaded = loadAnalysisConfig(fitsFile('csi2021-sm.yaml'));
    const exp = build(loaded.config);
    const a = assembleHypothesis(exp, 'sm');
    const names = a.model.params.names;
    const full = fit(a.model, a.data, { hesse: true });
    const iN = names.indexOf('cevns_norm');
    // stat only: every parameter but cevns_norm fixed at its best fit
    const fixed = Object.fromEntries(names.filter((n) => n !== 'cevns_norm').map((n) => [n, full.bestfit[names.indexOf(n)]!]));
    const stat = fit(a.model, a.data, { hesse: true, init: full.bestfit, fixedValues: fixed });
    expect(stat.status.converged).toBe(true);
    // closed form: −2lnL = 2Σ(ν_i − n_i ln ν_i), ν_i = k·c_i + b_i  ⇒  ∂²/∂k² = 2Σ n_i c_i²/ν_i², σ_k = (Σ n_i c_i²/ν_i²)^(−1/2)
    const k = stat.bestfit[iN]!;
    const ch = a.model.sampleYields(stat.bestfit).find((c) => c.channel === 'coincidence')!;
    const cev = ch.samples.find((x) => x.sample === 'cevns')!.perBin;
    const nu = new Float64Array(a.model.nBins);
    a.model.expected(stat.bestfit, nu);
    const off = a.model.channels.find((c) => c.name === 'coincidence')!.offset;
    let info = 0;
    for (let i = 0; i < cev.length; i++) {
      const c = cev[i]! / k;
      const n = a.data.main[off + i]!;
      info += (n * c * c) / (nu[off + i]! * nu[off + i]!);
    }
    expect(stat.errors![iN]! / (1 / Math.sqrt(info)) - 1).toBeLessThan(1e-3);
    expect(1 - stat.errors![iN]! / (1 / Math.sqrt(info))).toBeLessThan(1e-3);
    // The reported CEvNS yield (expectation with every modifier, full-covariance error) vs its stat-only error: with all
    // nuisances fixed the yield is linear in cevns_norm, so σ_stat(yield) = yield·σ_k/k. On cevns_norm itself the
    // ratio is larger (measured 0.101 / 0.080 = 1.26) because the efficiency mode is anti-correlated with the norm.
    const total = fitReport(exp, a).report.yields.cevns!;
    const statYield = (total.value * stat.errors![iN]!) / k;
    expect(total.error! / statYield).toBeLessThan(1.25);
    // the statistical error alone exceeds the collaboration's quoted ± 20 (docs/csi2021.md §1.4)
    expect(statYield).toBeGreaterThan(20);
  });
});

describe('CsI-2021 DM limit configs', () => {
  it('fits/csi2021-dm-limit(-dirac).yaml: scalar and Dirac χ at m_A′ = 3 m_χ, α_D = 0.5, CEvNS constrained (no free SM POI)', () => {
    const sc = loadAnalysisConfig(fitsFile('csi2021-dm-limit.yaml')).config;
    const di = loadAnalysisConfig(fitsFile('csi2021-dm-limit-dirac.yaml')).config;
    expect([sc.signal!.family, di.signal!.family]).toEqual(['dark-photon-scalar', 'dark-photon']);
    for (const c of [sc, di]) {
      expect([c.signal!.chi_mass_ratio, c.signal!.alpha_D]).toEqual([3, 0.5]);
      expect(build(c).background.smPoi).toBeUndefined();
    }
  });
});

describe('CsI-2021 binding: DM signal', () => {
  it('gives a DM template on the coincidence binning (10 events at Y_ref), prompt in time', () => {
    const c = cfg({ signal: {} });
    const exp = build(c);
    const d = exp.dmSignal(c.signal!, 75);
    const t = d.perChannel.get('coincidence')!;
    expect(t.length).toBe(99);
    expect(total(t)).toBeCloseTo(10, 6);
    // DM from π0 decay arrives with the beam: ≥ 90 % before 1 µs (the first 8 time bins)
    const early = project(t, 9, 11, 1).slice(0, 8).reduce((x, y) => x + y, 0);
    expect(early / 10).toBeGreaterThan(0.9);
    expect(d.byProduction.pi0!).toBeGreaterThan(0);
  });
});
