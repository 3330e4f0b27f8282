/**
 * Combined likelihoods (src/analyses/experiments/combination.ts):
 *  - a combination of ONE member reproduces that member (fits and limits);
 *  - a combination of two independent members (nothing shared but the signal) has −2lnL equal to the sum of the
 *    members' at every parameter point, and at the best fit of the SM (no common parameter at all);
 *  - shared parameters must be the same physical quantity (scope) with the same settings;
 *  - members must hold independent data (test/analyses/independence.test.ts).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
import { loadAnalysisConfig, parseAnalysisConfig, type LoadedAnalysis } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { combineAnalyses } from '../../src/analyses/experiments/combination.js';
import { computeLimits } from '../../src/analyses/limit.js';
import { fit } from '../../src/stats/infer/mle.js';
import { InvalidSpecification } from '../../src/util/errors.js';

const fitsDir = fileURLToPath(new URL('../../fits/', import.meta.url));
const signal = { family: 'dark-photon', mass_MeV: 75, chi_mass_ratio: 3, alpha_D: 0.5 };

function combination(members: Array<{ config: string; name?: string }>, extra: Record<string, unknown> = {}, data: 'observed' | 'asimov' = 'observed'): LoadedAnalysis {
  return parseAnalysisConfig(
    { schemaVersion: '1.0.0', name: 'combo', experiment: 'combination', data, combination: { members, ...extra }, signal, limit: { cl: 0.9, method: 'cls', mass_MeV: [10, 75] } },
    `${fitsDir}combo-test.yaml`,
  );
}

describe('combination of one member', () => {
  it('reproduces the member: same −2lnL of the SM and DM fits, same limits', async () => {
    const combo = combination([{ config: 'csi2017-dm-limit.yaml', name: 'csi' }]);
    const member = combo.config.combination!.loaded![0]!;
    const memberLoaded: LoadedAnalysis = { config: member.config, file: member.file, parameterSets: new Map() };
    const expC = await buildExperiment(combo.config);
    const expM = await buildExperiment(member.config);
    for (const h of ['sm', 'dm'] as const) {
      const a = assembleHypothesis(expC, h, { massMeV: 75 });
      const b = assembleHypothesis(expM, h, { massMeV: 75 });
      expect(a.model.params.names).toEqual(b.model.params.names.map((n) => (n === 'mu_dm' ? n : `csi/${n}`)));
      const fa = fit(a.model, a.data, { hesse: false });
      const fb = fit(b.model, b.data, { hesse: false });
      expect(fa.twiceNll).toBeCloseTo(fb.twiceNll, 9);
    }
    const lc = await computeLimits(combo, { workers: 1, experiment: expC });
    const lm = await computeLimits(memberLoaded, { workers: 1, experiment: expM, massesMeV: [10, 75] });
    for (let i = 0; i < 2; i++) {
      expect(lc.points[i]!.coupling_obs! / lm.points[i]!.coupling_obs!).toBeCloseTo(1, 8);
      expect(lc.points[i]!.coupling_exp![2] / lm.points[i]!.coupling_exp![2]).toBeCloseTo(1, 8);
    }
  });
});

describe('combination of two independent members', () => {
  it('−2lnL is the sum of the members’ at any point and at the SM best fit', async () => {
    const combo = combination([{ config: 'csi2017-dm-limit.yaml' }, { config: 'lar2020-dm-limit.yaml' }]);
    const expC = await buildExperiment(combo.config);
    const [m1, m2] = combo.config.combination!.loaded!;
    const exp1 = await buildExperiment(m1!.config);
    const exp2 = await buildExperiment(m2!.config);
    const a = assembleHypothesis(expC, 'sm');
    const a1 = assembleHypothesis(exp1, 'sm');
    const a2 = assembleHypothesis(exp2, 'sm');
    expect(a.model.params.names.length).toBe(a1.model.params.names.length + a2.model.params.names.length);
    // A point away from the nominal one: every free parameter moved by a different amount.
    const at = (p: typeof a1.model.params) => Float64Array.from(p.init, (v, i) => v + 0.13 * ((i % 3) - 1) * Math.min(p.hi[i]! - v, v - p.lo[i]!, 0.5));
    const p1 = at(a1.model.params);
    const p2 = at(a2.model.params);
    const pc = Float64Array.from(a.model.params.names, (n) => {
      const [m, q] = n.split('/') as [string, string];
      return m === 'csi2017' ? p1[a1.model.params.index(q)]! : p2[a2.model.params.index(q)]!;
    });
    const sumAt = a1.model.twiceNll(p1, a1.data) + a2.model.twiceNll(p2, a2.data);
    expect(a.model.twiceNll(pc, a.data)).toBeCloseTo(sumAt, 8);
    // Minima: each from two starts (nominal, and the other fit's solution), so that the comparison is at the
    // precision of the minimum itself rather than of one minimiser run.
    const f = fit(a.model, a.data, { hesse: false });
    const sub = (m: typeof a1, prefix: string) => Float64Array.from(m.model.params.names, (n) => f.bestfit[a.model.params.index(`${prefix}/${n}`)]!);
    const best = (m: typeof a1, init: Float64Array) => Math.min(fit(m.model, m.data, { hesse: false }).twiceNll, fit(m.model, m.data, { hesse: false, init }).twiceNll);
    const b1 = best(a1, sub(a1, 'csi2017'));
    const b2 = best(a2, sub(a2, 'lar2020'));
    expect(f.twiceNll).toBeGreaterThanOrEqual(b1 + b2 - 1e-6);
    expect(f.twiceNll).toBeCloseTo(b1 + b2, 5);
  });

  it('puts both members’ DM templates on one reference coupling (REFERENCE_EVENTS in total)', async () => {
    const combo = combination([{ config: 'csi2017-dm-limit.yaml' }, { config: 'lar2020-dm-limit.yaml' }]);
    const expC = await buildExperiment(combo.config);
    const [m1, m2] = combo.config.combination!.loaded!;
    const t = expC.dmSignal(combo.config.signal!, 75);
    const t1 = (await buildExperiment(m1!.config)).dmSignal(m1!.config.signal!, 75);
    const t2 = (await buildExperiment(m2!.config)).dmSignal(m2!.config.signal!, 75);
    const total = (m: ReadonlyMap<string, Float64Array>) => [...m.values()].reduce((s, v) => s + v.reduce((x, y) => x + y, 0), 0);
    expect(total(t.perChannel)).toBeCloseTo(10, 9);
    // Each member's share at the common reference follows N_i(c) = 10 (c/c_i)²: Y means the same in both.
    const c = t.referenceCoupling;
    expect(total(new Map([...t.perChannel].filter(([k]) => k.startsWith('csi2017/'))))).toBeCloseTo(10 * (c / t1.referenceCoupling) ** 2, 9);
    expect(total(new Map([...t.perChannel].filter(([k]) => k.startsWith('lar2020/'))))).toBeCloseTo(10 * (c / t2.referenceCoupling) ** 2, 9);
  });
});

describe('shared parameters', () => {
  const code = async (f: () => Promise<unknown>): Promise<string> => {
    try {
      await f();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidSpecification);
      return (e as Error).message;
    }
    throw new Error('expected an InvalidSpecification');
  };

  it('are one parameter when scope and settings agree (R_n of Cs/I in two CsI likelihoods)', async () => {
    // Two analyses of the same CsI-2017 events may not form a combination config (test/analyses/independence.test.ts):
    // the sharing mechanics are checked on the model-level combination of the two built likelihoods.
    const ok = combination([{ config: 'lar2020-dm-limit.yaml' }, { config: 'csi2021-sm.yaml' }]);
    const members = [
      { name: 'a', analysis: await buildExperiment(loadAnalysisConfig(`${fitsDir}csi2017-dm-limit.yaml`).config) },
      { name: 'b', analysis: await buildExperiment(loadAnalysisConfig(`${fitsDir}csi2017-cut-and-count.yaml`).config) },
    ];
    const exp = combineAnalyses(ok.config, members, [{ parameter: 'Rn', members: ['a', 'b'], reason: 'same nuclei' }]);
    const names = exp.background.parameters.map((p) => p.name);
    expect(names.filter((n) => n.endsWith('Rn'))).toEqual(['Rn']);
    expect(exp.background.functionSamples.every((f) => f.parameters.includes('Rn'))).toBe(true);
  });

  it('are refused when the settings differ (R_n 4.7 fm vs 4.86 fm) and name the key', async () => {
    // CsI-2017 and CsI-2021 overlap in data, so no config may combine them (test/analyses/independence.test.ts); the
    // parameter rule is checked on the model-level combination of the two built likelihoods.
    const ok = combination([{ config: 'lar2020-dm-limit.yaml' }, { config: 'csi2021-sm.yaml' }]);
    const c17 = loadAnalysisConfig(`${fitsDir}csi2017-dm-limit.yaml`);
    const c21 = loadAnalysisConfig(`${fitsDir}csi2021-sm.yaml`);
    const members = [
      { name: 'csi2017', analysis: await buildExperiment(c17.config) },
      { name: 'csi2021', analysis: await buildExperiment(c21.config) },
    ];
    expect(await code(async () => combineAnalyses(ok.config, members, [{ parameter: 'Rn', members: ['csi2017', 'csi2021'], reason: 'same nuclei' }]))).toMatch(/parameter "Rn" has different settings in csi2017.*and csi2021/);
  });

  it('are refused across sources (ν flux of LANSCE vs SNS) and name the key', async () => {
    const combo = combination([{ config: 'ccm-projection.yaml' }, { config: 'lar-tonne-projection.yaml' }], { shared: [{ parameter: 'nu_flux', members: ['ccm', 'lar-tonne'], reason: 'wrong' }] }, 'asimov');
    expect(await code(() => buildExperiment(combo.config))).toMatch(/combination\.shared\[0\]\.members.*source:LANSCE.*source:SNS/);
  });

  it('refuse unknown members, duplicate names and mixed data', () => {
    expect(() => combination([{ config: 'ccm-projection.yaml' }], { shared: [{ parameter: 'nu_flux', members: ['ccm', 'nope'], reason: 'x' }] }, 'asimov')).toThrow(/unknown member "nope"/);
    expect(() => combination([{ config: 'ccm-projection.yaml' }, { config: 'ccm-projection.yaml' }], {}, 'asimov')).toThrow(/two members are named "ccm"/);
    expect(() => combination([{ config: 'ccm-projection.yaml' }], {}, 'observed')).toThrow(/differs from the combination/);
  });
});
