/**
 * pyhf's standard HistFactory validation cases, loaded through our workspace reader and tested with our
 * asymptotic CLs calculator (issue 2: "results on standard HistFactory examples agree with pyhf to 1%").
 *
 * Fixtures: fixtures/pyhf-validation/<case>.json = { case, structure?, source, settings, workspace, reference }.
 * `workspace` is a plain pyhf 1.0.0 workspace (our strict schema rejects extra keys, so the citation lives in
 * the wrapper's `source`, never inside the workspace). Specs and numbers are data transcribed from
 * scikit-hep/pyhf (read with the search tool):
 *  - tests/test_validation.py @ 00109dadafdb9d143cfcf2d92b25d25afd92a9a9 — the eight `expected_result_*`
 *    fixtures (1bin_shapesys, 1bin_lumi, 1bin_normsys, 2bin_histosys, 2bin_2channel, 2bin_2channel_couplednorm,
 *    2bin_2channel_coupledhistosys, 2bin_2channel_coupledshapefactor) and the ROOT reference of
 *    `test_shapesys_nuisparfilter_validation`;
 *  - validation/data/*.json for the bin contents (file and commit recorded per fixture).
 *
 * Conventions the references were produced with (recorded in each fixture's `settings`):
 *  - the eight regression cases call `pyhf.infer.hypotest(..., qtilde=False)`, i.e. the test statistic q_μ
 *    (not q̃_μ), with the POI bounds of `suggested_bounds()` = normfactor default [0, 10] and pyhf's interpolation
 *    defaults of that time, normsys code1 (exponential) and histosys code0 (piecewise linear); pyhf ≥ 0.7 and our
 *    loader default to code4/code4p, so the fixtures pass the legacy codes explicitly (the last test below shows
 *    that the codes matter at the > 1% level for these models, so the choice is not cosmetic);
 *  - the ROOT/RooStats case uses q̃_μ (pyhf's default) and code4/code4p, set explicitly in that pyhf test.
 * Tolerance: 1% relative on the observed and all five expected CLs values (the smallest reference,
 * 7.5e-10, is also required to 1% relative; no absolute fallback was needed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hypotest, type HypotestResult } from '../../../src/stats/infer/index.js';
import { loadWorkspace } from '../../../src/stats/workspace/index.js';

/**
 * Agreement with the references (largest relative deviation over CLs_obs and CLs_exp, measured with this code):
 * 1bin_lumi 1.1e-5, 1bin_normsys 1.4e-4, 1bin_shapesys 5.5e-7, 2bin_2channel 2.3e-6, coupledhistosys 4.1e-6,
 * couplednorm 2.8e-4, coupledshapefactor 3.9e-6, 2bin_histosys 7.2e-5, shapesys_nuisparfilter_root 4.5e-9.
 * The references are printed to ≥ 10 digits, so the limit is the minimisers' agreement: 3e-4 covers the largest.
 */
const TOLERANCE_REL = 3e-4;
/** How far the default pyhf ≥ 0.7 interpolation codes must miss the legacy references (they miss by ≥ 3.7 %). */
const MISS_REL = 0.01;
/** pyhf's normfactor default bounds, used by every reference here (`suggested_bounds()`). */
const PYHF_POI_BOUNDS: readonly [number, number] = [0, 10];

const fixtureSchema = z.strictObject({
  case: z.string(),
  /** Parameter / aux-data counts that pyhf's test asserts for the same model. */
  structure: z.strictObject({ nPars: z.number().int(), nAux: z.number().int().optional() }).optional(),
  source: z.strictObject({ repo: z.string(), files: z.array(z.string()).min(1), producedBy: z.string() }),
  settings: z.strictObject({
    testStat: z.enum(['qmu', 'qmuTilde']),
    interpolation: z.strictObject({ normsys: z.enum(['code1', 'code4']), histosys: z.enum(['code0', 'code4p']) }),
    mu: z.number(),
  }),
  workspace: z.unknown(),
  reference: z.strictObject({ clsObs: z.number().positive(), clsExp: z.array(z.number().positive()).length(5) }),
});
type Fixture = z.infer<typeof fixtureSchema>;

const fixtureDir = new URL('./fixtures/pyhf-validation/', import.meta.url);
const fixtures: Fixture[] = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => fixtureSchema.parse(JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8'))));

const relDev = (ours: number, ref: number) => Math.abs(ours / ref - 1);

/** Largest relative deviation over CLs_obs and the five expected values. */
function maxRelDev(r: HypotestResult, ref: Fixture['reference']): number {
  return Math.max(relDev(r.clsObs, ref.clsObs), ...r.clsExp.map((v, k) => relDev(v, ref.clsExp[k]!)));
}

function run(fx: Fixture, interpolation: Fixture['settings']['interpolation'] = fx.settings.interpolation) {
  const ws = loadWorkspace(fx.workspace, { interpolation });
  const result = hypotest(ws.model, ws.data, fx.settings.mu, { testStat: fx.settings.testStat, calculator: { type: 'asymptotic' } });
  return { ws, result };
}

describe('pyhf validation cases (CLs at μ = 1, asymptotic)', () => {
  it('has every case the brief names plus the ROOT reference', () => {
    expect(fixtures.map((f) => f.case)).toEqual([
      '1bin_lumi',
      '1bin_normsys',
      '1bin_shapesys',
      '2bin_2channel',
      '2bin_2channel_coupledhistosys',
      '2bin_2channel_couplednorm',
      '2bin_2channel_coupledshapefactor',
      '2bin_histosys',
      'shapesys_nuisparfilter_root',
    ]);
  });

  it.each(fixtures.map((f) => [f.case, f] as const))('%s agrees with the reference to 3e-4 relative', (_name, fx) => {
    const { ws, result } = run(fx);
    // Same model structure and POI range as the reference.
    const poi = ws.model.params.poiIndex!;
    expect([ws.model.params.lo[poi], ws.model.params.hi[poi]]).toEqual(PYHF_POI_BOUNDS);
    if (fx.structure) {
      expect(ws.model.params.n).toBe(fx.structure.nPars);
      if (fx.structure.nAux !== undefined) expect(ws.model.nAux).toBe(fx.structure.nAux);
    }
    expect(result.valid, result.messages.join('; ')).toBe(true);
    expect(result.testStat).toBe(fx.settings.testStat);
    expect(relDev(result.clsObs, fx.reference.clsObs), `CLs_obs ${result.clsObs} vs ${fx.reference.clsObs}`).toBeLessThan(TOLERANCE_REL);
    result.clsExp.forEach((v, k) => {
      expect(relDev(v, fx.reference.clsExp[k]!), `CLs_exp[${k}] ${v} vs ${fx.reference.clsExp[k]}`).toBeLessThan(TOLERANCE_REL);
    });
  });

  it('the ROOT case ignores the measurement config for the absent lumi parameter, as pyhf does', () => {
    const fx = fixtures.find((f) => f.case === 'shapesys_nuisparfilter_root')!;
    expect(run(fx).ws.ignoredParameterConfigs).toEqual(['lumi']);
  });

  // The comparison discriminates: with pyhf ≥ 0.7's default codes (code4 / code4p) the legacy references are
  // missed by more than 1% where normsys/histosys pulls are non-trivial (measured: couplednorm 3.7%,
  // coupledhistosys 96%), so the interpolation option really reaches the model.
  it.each(['2bin_2channel_couplednorm', '2bin_2channel_coupledhistosys'])('%s: code4/code4p misses the code1/code0 reference by > 1%%', (name) => {
    const fx = fixtures.find((f) => f.case === name)!;
    const { result } = run(fx, { normsys: 'code4', histosys: 'code4p' });
    expect(maxRelDev(result, fx.reference)).toBeGreaterThan(MISS_REL);
  });
});
