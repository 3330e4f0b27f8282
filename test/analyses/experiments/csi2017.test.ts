/**
 * CsI-2017 analysis binding: region and data bookkeeping against the release (docs/data.md §1.4–1.5), the
 * talk's cut-and-count (docs/physics.md §6.2–6.3), closed forms for the counting likelihood, the steady-state model,
 * SM / DM / NSI fits on fits/csi2017-dm.yaml (docs/physics.md §6.4–6.6) and --set overrides.
 * Needs the coherent-csi-2017 and sns-beam datasets (`cevnsfit data install`); skipped otherwise.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig } from '../../../src/analyses/config.js';
import { assembleHypothesis } from '../../../src/analyses/assemble.js';
import type { ExperimentAnalysis } from '../../../src/analyses/types.js';
import { build, factorisedSteadyState, parseCsi2017Region, selectRegion } from '../../../src/analyses/experiments/csi2017.js';
import { countingSignificance } from '../../../src/analyses/experiments/csi2017-counting.js';
import { loadCsi2017 } from '../../../src/datasets/csi2017.js';
import { CSI2017_CONFIG } from '../../../src/detectors/csi2017.js';
import { compileModel } from '../../../src/stats/model/compile.js';
import { fit, type FitResult } from '../../../src/stats/infer/index.js';
import { Rng } from '../../../src/stats/rng.js';
import { tryLoad } from '../../detectors/helpers.js';

const FITS = fileURLToPath(new URL('../../../fits/', import.meta.url));
const rel = tryLoad(() => loadCsi2017());
const cfg = (name: string, sets: Record<string, string | number> = {}) => loadAnalysisConfig(`${FITS}${name}.yaml`, new Map(Object.entries(sets)));
const inline = (over: Partial<Record<keyof AnalysisConfig, unknown>>) => parseAnalysisConfig({ schemaVersion: '1.0.0', name: 't', experiment: 'csi2017', ...over }, 't.yaml').config;
const val = (r: FitResult, n: string) => r.bestfit[r.names.indexOf(n)]!;
const err = (r: FitResult, n: string) => r.errors![r.names.indexOf(n)]!;

describe('CsI-2017 config validation (second pass, no data needed)', () => {
  it('region: defaults to PE [6,50) × t [0,12) µs; unknown axes and off-grid edges name the key', () => {
    const r = parseCsi2017Region({});
    expect([r.e0, r.e1, r.t0, r.t1]).toEqual([3, 25, 0, 24]);
    const w = parseCsi2017Region({ pe: [16, 30], time_us: [0, 1.5] });
    expect([w.e0, w.e1, w.t0, w.t1, w.nPe, w.nTime]).toEqual([8, 15, 0, 3, 7, 3]);
    expect(() => parseCsi2017Region({ energy: [0, 10] })).toThrow(/region\.energy/);
    expect(() => parseCsi2017Region({ pe: [15, 30] })).toThrow(/region\.pe.*2-PE grid/);
    expect(() => parseCsi2017Region({ time_us: [0, 12.5] })).toThrow(/region\.time_us/);
  });
  it('unknown parameters and options name the key', () => {
    expect(() => build(inline({ parameters: { flux: { sigma: 0.1 } } }))).toThrow(/parameters\.flux/);
    expect(() => build(inline({ parameters: { Rn: { value: 9 } } }))).toThrow(/parameters\.Rn\.value/);
    expect(() => build(inline({ options: { smearing: 'poisson' } }))).toThrow(/options\.smearing/);
    expect(() => build(inline({ options: { cevns_timing: 'fast' } }))).toThrow(/options\.cevns_timing/);
  });
});

describe('CsI-2017 cut-and-count (fits/csi2017-cut-and-count.yaml)', () => {
  let exp: ExperimentAnalysis;
  beforeAll(() => {
    exp = build(cfg('csi2017-cut-and-count').config);
  });

  it('observations are the release cells of PE [16,30) × t [0,1.5) (docs/data.md §1.5 cell table)', () => {
    const [c, ac] = exp.background.observations;
    // rows PE 17…29, columns t 0.25/0.75/1.25 µs, as listed in the notes (python one-liner on the release files)
    expect(c!.data).toEqual([6, 10, 8, 2, 8, 7, 3, 7, 6, 0, 3, 5, 1, 3, 5, 2, 5, 4, 6, 5, 1]);
    expect(ac!.data).toEqual([4, 4, 2, 5, 2, 3, 7, 0, 0, 1, 2, 5, 1, 1, 1, 3, 1, 2, 3, 0, 2]);
  });

  // The talk (docs/physics.md §6.2–6.3) quotes whole events and 0.1σ: ν 19 (delayed) + 0 (prompt), BRN 3, excess 26,
  // 2.4σ at R_n = 4.7 fm and 3.0σ at 5.5 fm. Measured here (cevnsfit count fits/csi2017-cut-and-count.yaml --json):
  //   R_n = 4.7: delayed 19.13, prompt 0.32, BRN 3.04, excess 25.50, Z = 2.32 (whole-event arithmetic: 26, 2.37)
  //   R_n = 5.5: delayed 13.19, prompt 0.25, BRN 3.04, excess 31.52, Z = 2.95 (whole-event arithmetic: 32, 3.00)
  // Differences: the talk formed the excess from whole-event components (26 instead of 25.5 → +0.05σ); our prompt ν
  // is the 29.79 MeV line (reaches 14.3–15.0 keVnr, so 0.3 events fall in the window) where the reference code used
  // 29 MeV (0.10); the reference code's delayed ν is 19.35 (CODE-RUN, docs/physics.md §6.2), 1.1 % above ours.
  it('talk convention (ν in 14–26 keVnr): whole-event components and Z at 0.1σ match the talk at both radii', () => {
    const a = exp.cutAndCount!(new Map());
    const b = exp.cutAndCount!(new Map([['Rn', 5.5]]));
    for (const r of [a, b]) {
      expect(r.observed).toBe(97); // release cells, exact
      expect(r.steady_state).toBe(49);
      expect(Math.round(r.prompt_nu)).toBe(0);
      expect(Math.round(r.brn)).toBe(3); // promptPDF × acceptance × 7.48 GW·h × 0.989 (t < 1.5 µs), docs/data.md §1.5
      expect(r.excess).toBeCloseTo(r.observed - r.steady_state - r.prompt_nu - r.delayed_nu - r.brn, 10);
    }
    expect(Math.round(a.delayed_nu)).toBe(19);
    expect(a.details.excess_whole_events).toBe(26);
    expect(Math.round(10 * (a.details.significance_whole_events as number)) / 10).toBe(2.4);
    expect(Math.round(10 * (b.details.significance_whole_events as number)) / 10).toBe(3.0);
    // unrounded Z (2.32, 2.95) within the talk's 0.1σ; the residual −0.08 / −0.05 is the rounding explained above
    expect(Math.abs(a.significance - 2.4)).toBeLessThan(0.1);
    expect(Math.abs(b.significance - 3.0)).toBeLessThan(0.1);
    // larger R_n: stronger form-factor suppression, fewer ν, larger Z (physical ordering, docs/physics.md §6.3)
    expect(b.delayed_nu).toBeLessThan(a.delayed_nu);
    expect(b.significance).toBeGreaterThan(a.significance);
    // profile likelihood: lower than the simple estimate (AC statistics and ν/BRN priors are profiled)
    expect(a.significance_profile).toBeLessThan(a.significance);
    expect(b.significance_profile).toBeGreaterThan(a.significance_profile);
  });

  it('delayed ν in 14–26 keVnr agrees with the reference code (19.35, docs/physics.md §6.2) at the talk\'s whole-event precision', () => {
    // Reference: pyCEvNS run with R_n = 4.7 fm, efficiency applied. Measured 19.13; difference 0.22 (1.1 %): couplings
    // and nuclear constants of the two codes (tree-level here), well below the 10 % flux prior.
    expect(Math.abs(exp.cutAndCount!(new Map()).delayed_nu - 19.35)).toBeLessThan(0.5);
  });

  it('the recoil window mapped onto the PE edges reproduces the PE-window prediction (two independent code paths)', () => {
    // fits/csi2017-cut-and-count-pe.yaml predicts ν through the detector's PE response; region.recoil_keVnr through a
    // one-bin keVnr window. At [16, 30) PE / 1.172 PE/keVnr they integrate the same recoil interval with the same acceptance.
    const pe = build(cfg('csi2017-cut-and-count-pe').config).cutAndCount!(new Map());
    const k = CSI2017_CONFIG.lightYieldPePerKeVee * CSI2017_CONFIG.quenchingFactor;
    const mapped = build(cfg('csi2017-cut-and-count', { 'region.recoil_keVnr': `[${16 / k}, ${30 / k}]` }).config).cutAndCount!(new Map());
    expect(mapped.delayed_nu).toBeCloseTo(pe.delayed_nu, 9);
    expect(mapped.prompt_nu).toBeCloseTo(pe.prompt_nu, 9);
    // PE variant measured: delayed 20.06, prompt 0.68, excess 24.22, Z = 2.19 — the PE window starts 0.35 keVnr lower,
    // where the spectrum is steepest, so it predicts more ν and a smaller excess than the talk's window.
    const talk = exp.cutAndCount!(new Map());
    expect(pe.delayed_nu).toBeGreaterThan(talk.delayed_nu);
    expect(pe.significance).toBeLessThan(talk.significance);
    expect(pe.details.nu_prediction_window).toBe('the PE window of the counts');
    expect(() => build(cfg('csi2017-cut-and-count', { 'region.recoil_keVnr': '[26, 14]' }).config).cutAndCount!(new Map())).toThrow(/region\.recoil_keVnr/);
  });

  it('counting likelihood with fixed ν, BRN equals the closed-form on/off profile likelihood ratio', () => {
    const k = 22.4; // fixed known background (ν + BRN)
    const z = countingSignificance({ observedC: 97, observedAC: 49, nu: k, brn: 0, nuSigma: 0, brnSigma: 0 });
    // H0: maximise 97 ln(b + k) − (b + k) + 49 ln b − b  ⇒  2b² + (2k − 146) b − 49k = 0; H1: b = 49, s = 97 − 49 − k.
    const A = 2, B = 2 * k - 146, C = -49 * k;
    const b0 = (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A);
    const lnL = (muC: number, muAC: number) => 97 * Math.log(muC) - muC + 49 * Math.log(muAC) - muAC;
    const q0 = 2 * (lnL(97, 49) - lnL(b0 + k, b0));
    expect(z.z).toBeCloseTo(Math.sqrt(q0), 3);
    // with k = 0 it is Li & Ma (ApJ 272 (1983) 317) eq. 17 at α = 1
    const lm = Math.sqrt(2 * (97 * Math.log((2 * 97) / 146) + 49 * Math.log((2 * 49) / 146)));
    expect(countingSignificance({ observedC: 97, observedAC: 49, nu: 0, brn: 0, nuSigma: 0, brnSigma: 0 }).z).toBeCloseTo(lm, 3);
    // priors on ν and BRN can only lower the significance
    expect(countingSignificance({ observedC: 97, observedAC: 49, nu: k, brn: 0, nuSigma: 0.1, brnSigma: 0 }).z).toBeLessThan(z.z);
  });

  it('data: asimov observes the nominal expectation, so the SM fit returns the nominal parameters', () => {
    const e = build(inline({ data: 'asimov', region: { pe: [16, 30], time_us: [0, 1.5] } }));
    const a = assembleHypothesis(e, 'sm');
    const r = fit(a.model, a.data);
    for (const n of ['ss_norm', 'nu_flux', 'brn_norm', 'qf']) expect(val(r, n)).toBeCloseTo(a.model.params.init[a.model.params.index(n)]!, 3);
  });

  it('--set Rn=5.5 changes the model: the assembled delayed_nu yield drops and equals the PE-window cut-and-count value', () => {
    // the binned likelihood always uses the PE window (region.recoil_keVnr only moves the cut-and-count ν prediction)
    const pe = build(cfg('csi2017-cut-and-count-pe').config);
    const y = (sets: Map<string, number>) => {
      const a = assembleHypothesis(exp, 'sm', { parameterSets: sets });
      const ch = a.model.sampleYields(a.model.params.init).find((c) => c.channel === 'coincidence')!;
      return ch.samples.find((s) => s.sample === 'delayed_nu')!.total;
    };
    const d47 = y(new Map());
    const d55 = y(new Map([['Rn', 5.5]]));
    expect(d55).toBeLessThan(0.8 * d47);
    expect(d55).toBeCloseTo(pe.cutAndCount!(new Map([['Rn', 5.5]])).delayed_nu, 9);
    expect(() => exp.cutAndCount!(new Map([['R_n', 5.5]]))).toThrow(/--set R_n/);
  });
});

describe('CsI-2017 steady state and SM fit on the full release region', () => {
  let exp: ExperimentAnalysis;
  beforeAll(() => {
    exp = build(inline({ parameters: { Rn: { value: 4.7 } } }));
  });

  it('observations equal the release totals minus PE < 6 (docs/data.md §1.4 projections)', () => {
    const [c, ac] = exp.background.observations;
    const s = (d: unknown) => (d as number[]).reduce((a, b) => a + b, 0);
    expect(s(c!.data)).toBe(1207 - (6 + 5 + 10));
    expect(s(ac!.data)).toBe(1032 - (0 + 4 + 14));
  });

  it('the factorised PE × time shape describes the AC data and the beam-off C data (Poisson deviance, seeded toy p-values > 0.01)', () => {
    const nP = 22;
    const nT = 24;
    const deviance = (n: ArrayLike<number>, mu: ArrayLike<number>) => {
      let g = 0;
      for (let i = 0; i < n.length; i++) g += 2 * (mu[i]! - n[i]! + (n[i]! > 0 ? n[i]! * Math.log(n[i]! / mu[i]!) : 0));
      return g;
    };
    // p-value of a deviance from Poisson toys around `mu` (refitting the factorised shape in each toy when `refit`);
    // the χ² approximation is poor here (most cells hold 0–5 counts).
    const toyP = (g0: number, mu: Float64Array, refit: boolean) => {
      const rng = new Rng(20170);
      const toy = new Float64Array(mu.length);
      let k = 0;
      const n = 300;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < mu.length; i++) toy[i] = rng.poisson(mu[i]!);
        if (deviance(toy, refit ? factorisedSteadyState(toy, nP, nT) : mu) >= g0) k++;
      }
      return k / n;
    };
    const ac = Float64Array.from(exp.background.observations[1]!.data as number[]);
    const E = factorisedSteadyState(ac, nP, nT);
    expect(toyP(deviance(ac, E), E, true)).toBeGreaterThan(0.01);
    // beam-off C window: pure steady state, statistically independent of AC beam-on
    const cOff = selectRegion(parseCsi2017Region({}), rel!.coincidenceBeamOff.values, 24);
    const scale = cOff.reduce((a, b) => a + b, 0) / ac.reduce((a, b) => a + b, 0);
    const mu = E.map((v) => v * scale);
    expect(toyP(deviance(cOff, mu), mu, false)).toBeGreaterThan(0.01);
  });

  it('the AC channel alone pins ss_norm: 1 ± 1/√N_AC (Poisson closed form); the joint SM fit converges and agrees', () => {
    const bg = exp.background;
    const acOnly = compileModel({
      schemaVersion: '1.0.0', poi: null,
      channels: bg.channels.filter((c) => c.name === 'anticoincidence'),
      parameters: bg.parameters.filter((p) => p.name === 'ss_norm'),
      observations: bg.observations.filter((o) => o.channel === 'anticoincidence'),
    });
    const rAc = fit(acOnly, acOnly.observedData());
    expect(val(rAc, 'ss_norm')).toBeCloseTo(1, 4);
    expect(err(rAc, 'ss_norm')).toBeCloseTo(1 / Math.sqrt(1014), 3);
    const sm = assembleHypothesis(exp, 'sm');
    const r = fit(sm.model, sm.data);
    expect(r.status.converged).toBe(true);
    // fitted SS total (= ss_norm × N_AC) agrees with the AC count within the AC-only error
    expect(Math.abs(val(r, 'ss_norm') - 1)).toBeLessThan(err(rAc, 'ss_norm'));
    // C (SS-dominated: ~1000 of 1186 events) adds information: 1/σ² ≈ 1/σ_AC² + N_AC²/N_C ⇒ σ ≈ 0.023 vs 0.031 (AC alone)
    const sigmaComb = 1 / Math.sqrt(1014 + 1014 ** 2 / 1186);
    expect(err(r, 'ss_norm')).toBeLessThan(err(rAc, 'ss_norm'));
    expect(Math.abs(err(r, 'ss_norm') / sigmaComb - 1)).toBeLessThan(0.15);
    // the fitted CEvNS yield is compatible with the SM (nu_flux within 2σ of its 10 % prior)
    expect(Math.abs(val(r, 'nu_flux') - 1)).toBeLessThan(0.2);
  });
});

describe('CsI-2017 SM CEvNS measurement in the 2017 ROI (free cevns_norm)', () => {
  it('smPoi is declared only when cevns_norm is freed; the fitted CEvNS in PE [6,30) × t < 6 µs matches COHERENT\'s 134 ± 22 of 173 predicted', () => {
    expect(build(inline({ region: { pe: [16, 30], time_us: [0, 1.5] } })).background.smPoi).toBeUndefined();
    // Science 357 (2017) 1123: 134 ± 22 fitted vs 173 ± 48 predicted (paper body not retrievable; quoted by third
    // parties, docs/data.md §1.6). Free normalisation with the flux and QF at nominal, as a rate measurement.
    const exp = build(inline({ region: { pe: [6, 30], time_us: [0, 6] }, parameters: { cevns_norm: { fixed: false }, nu_flux: { fixed: true }, qf: { fixed: true } } }));
    expect(exp.background.smPoi).toBe('cevns_norm');
    const a = assembleHypothesis(exp, 'sm');
    const r = fit(a.model, a.data);
    expect(r.status.converged).toBe(true);
    const c = a.model.sampleYields(r.bestfit).find((y) => y.channel === 'coincidence')!;
    const cevns = c.samples.filter((s) => s.sample.endsWith('_nu')).reduce((x, s) => x + s.total, 0);
    expect(Math.abs(cevns - 134)).toBeLessThan(22);
    expect(Math.abs(val(r, 'cevns_norm') - 134 / 173)).toBeLessThan(0.1);
    expect(Math.abs(err(r, 'cevns_norm') / val(r, 'cevns_norm') - 22 / 134)).toBeLessThan(0.05);
  });
});

describe('CsI-2017 SM vs DM vs NSI (fits/csi2017-dm.yaml)', () => {
  let exp: ExperimentAnalysis;
  let config: AnalysisConfig;
  let sm: FitResult;
  beforeAll(() => {
    config = cfg('csi2017-dm').config;
    exp = build(config);
    const a = assembleHypothesis(exp, 'sm');
    sm = fit(a.model, a.data);
  });

  it('data show the timing anomaly of docs/physics.md §6.4 and the SM fit misses it: deficit at 0.5–1.5 µs, surplus at 1.5–6 µs', () => {
    const [c, ac] = exp.background.observations.map((o) => o.data as number[]);
    const a = assembleHypothesis(exp, 'sm');
    const fitted = a.model.sampleYields(sm.bestfit).find((y) => y.channel === 'coincidence')!;
    const win = (arr: ArrayLike<number>, t0: number, t1: number) => {
      let s = 0;
      for (let p = 0; p < 7; p++) for (let t = t0; t < t1; t++) s += arr[p * 24 + t]!;
      return s;
    };
    const beam = (t0: number, t1: number) => win(c!, t0, t1) - win(ac!, t0, t1);
    expect(beam(1, 3)).toBe(52); // notes: +31 +21
    expect(beam(3, 12)).toBe(4);
    const resid = (t0: number, t1: number) => win(c!, t0, t1) - win(fitted.perBin, t0, t1);
    expect(resid(1, 3)).toBeGreaterThan(10);
    expect(resid(3, 12)).toBeLessThan(-5);
  });

  it('DM template at light mediators peaks in [0.5, 1.0) µs (prompt π⁰ decay; docs/physics.md §6.6 item 3: 0.03/0.90/0.06)', () => {
    for (const m of [10, 30]) {
      const t = exp.dmSignal(config.signal!, m).perChannel.get('coincidence')!;
      const proj = new Float64Array(24);
      for (let i = 0; i < t.length; i++) proj[i % 24] += t[i]!;
      const tot = proj.reduce((a, b) => a + b, 0);
      expect(proj.indexOf(Math.max(...proj))).toBe(1);
      expect(proj[1]! / tot).toBeGreaterThan(0.85);
      expect((proj[0]! + proj[1]! + proj[2]!) / tot).toBeGreaterThan(0.99);
    }
  });

  it('DM over a coarse mass grid: preferred over SM by Δ(−2lnL) ≈ 8 (talk with cuts: 9.8), nearly flat in mass, signal in the 0.5–1.5 µs prompt bins', () => {
    const res = [10, 30, 75, 138, 200].map((m) => {
      const a = assembleHypothesis(exp, 'dm', { massMeV: m });
      const r = fit(a.model, a.data);
      expect(r.status.converged).toBe(true);
      const dm = a.model.sampleYields(r.bestfit).find((y) => y.channel === 'coincidence')!.samples.find((s) => s.sample === 'dm')!;
      let prompt = 0;
      for (let p = 0; p < 7; p++) prompt += dm.perBin[p * 24 + 1]! + dm.perBin[p * 24 + 2]!;
      return { m, d: sm.twiceNll - r.twiceNll, promptFrac: prompt / dm.total, n: dm.total };
    });
    const best = res.reduce((a, b) => (b.d > a.d ? b : a));
    expect(best.d).toBeGreaterThan(5);
    expect(best.d).toBeLessThan(14);
    expect(best.promptFrac).toBeGreaterThan(0.9);
    expect(best.n).toBeGreaterThan(10); // ≈ the 26-event excess of the window minus what the nuisances absorb
    // docs/physics.md §6.5: the likelihood is almost flat in mass (1.2 units between 138 MeV and low masses)
    for (const r of res) expect(best.d - r.d).toBeLessThan(2);
  });

  it('NSI (light vector mediator, g_e and g_mu) fits worse than DM at 138 MeV; at g = 0 it is exactly the SM', () => {
    const dmA = assembleHypothesis(exp, 'dm');
    const dm = fit(dmA.model, dmA.data);
    const nsiA = assembleHypothesis(exp, 'nsi');
    // g = 0 at the SM's initial point: same −2lnL (same templates: grid node vs direct evaluation)
    const smA = assembleHypothesis(exp, 'sm');
    const at = (m: typeof smA, over: Record<string, number>) => m.model.twiceNll(m.model.params.vector(over), m.data);
    expect(at(nsiA, { g_e: 0, g_mu: 0 })).toBeCloseTo(at(smA, {}), 6);
    const nsi = fit(nsiA.model, nsiA.data, { minimizer: { nStarts: 4, seed: 7 } });
    expect(dm.status.converged && nsi.status.converged).toBe(true);
    const dDm = sm.twiceNll - dm.twiceNll;
    const dNsi = sm.twiceNll - nsi.twiceNll;
    expect(dNsi).toBeGreaterThan(-1e-3); // nested: NSI contains the SM
    // docs/physics.md §6.6: a rescaling of CEvNS cannot put events at 0.5–1.5 µs without adding them after 1.5 µs
    expect(dDm - dNsi).toBeGreaterThan(2);
  });

  it('reference-code π⁻ capture at 138 MeV: DM counts per Y² agree with the reference chain within its own 28 % prediction uncertainty', () => {
    // Independent number: the reference code needs g = 8.8e-8 for 26 DM events in the §6.2 window (PE [16,30),
    // t < 1.5 µs) at m_A′ = 138 MeV (docs/physics.md §6.5 CODE-RUN), i.e. Y = 8.131e-3·g = 7.16e-10 in the Lagrangian
    // convention of §1.3. Measured here: Y = 6.81e-10 for 26 window events (templates at Y_ref, counts ∝ Y²), so our
    // counts per Y² are (7.16/6.81)² = 1.105 times the reference's. At 138 MeV only π⁻ capture (reference normalisation:
    // every stopped π⁻ converts) and brem contribute; the difference is the reference's Monte-Carlo χ flux and its
    // form factor/efficiency, within the σ = 0.28 the reference itself puts on its predicted counts.
    // (The talk's best-fit Y = 6.7e-10 comes from a different likelihood — ν-only background, per-bin 28 % systematics,
    // no BRN — so it is not compared with our fitted Ŷ = 6.28e-10.)
    const c2 = cfg('csi2017-dm', { 'signal.piminus_capture': 'reference-code' }).config;
    const e2 = build(c2);
    const t = e2.dmSignal(c2.signal!, 138);
    const ch = t.perChannel.get('coincidence')!;
    let win = 0;
    for (let p = 0; p < 7; p++) for (let k = 0; k < 3; k++) win += ch[p * 24 + k]!;
    const y26 = t.referenceCoupling * Math.sqrt(26 / win);
    const countsRatio = (7.16e-10 / y26) ** 2;
    expect(Math.abs(countsRatio - 1)).toBeLessThan(0.28);
    // and the heavy-nucleus default is far below it (2 % radiative capture × phase space near threshold)
    const t1 = exp.dmSignal(config.signal!, 138);
    expect(t1.referenceCoupling).toBeGreaterThan(5 * t.referenceCoupling);
  });
});
