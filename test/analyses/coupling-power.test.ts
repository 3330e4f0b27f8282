/**
 * One coupling rule: every conversion between the signal strength μ and a family's coupling goes through the family's
 * count power (N ∝ c^k). The `dark-photon-epsilon` family reports the kinetic mixing ε of the same physics as
 * `dark-photon` (Y = ε² α_D (m_χ/m_A′)⁴), so its counts go as ε⁴ (k = 4) where the dark photon's go as Y² (k = 2).
 * Running both through templates, fit, profile scan, limit and sharded limit + merge, every ε must satisfy
 * ε² α_D / r⁴ = Y (r = m_A′/m_χ) against the Y of the same quantity — a direct computation that fails if any step
 * takes a square root (k = 2) for a family with k = 4.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { couplingOfTemplates, muOfTemplates } from '../../src/analyses/assemble.js';
import { loadAnalysisConfig, type LoadedAnalysis } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { computeLimits } from '../../src/analyses/limit.js';
import { fitDmOverMasses } from '../../src/analyses/run.js';
import { scanSignalSetting } from '../../src/analyses/settingscan.js';
import type { ExperimentAnalysis } from '../../src/analyses/types.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fits = (f: string): string => join(root, 'fits', f);
const EPS = new Map<string, string | number | boolean>([['signal.family', 'dark-photon-epsilon']]);
const ALPHA_D = 0.5;
const RATIO = 3;
/** Y of the dark photon at kinetic mixing ε (the benchmark α_D = 0.5, m_A′ = 3 m_χ of the configs). */
const yOf = (eps: number): number => (eps * eps * ALPHA_D) / RATIO ** 4;

let yLoaded: LoadedAnalysis;
let eLoaded: LoadedAnalysis;
let exp: ExperimentAnalysis;
let expE: ExperimentAnalysis;
beforeAll(async () => {
  yLoaded = loadAnalysisConfig(fits('csi2017-dm-limit.yaml'));
  eLoaded = loadAnalysisConfig(fits('csi2017-dm-limit.yaml'), EPS);
  expect(yLoaded.config.signal!.alpha_D).toBe(ALPHA_D);
  expect(yLoaded.config.signal!.chi_mass_ratio).toBe(RATIO);
  exp = await buildExperiment(yLoaded.config);
  expE = await buildExperiment(eLoaded.config);
}, 120_000);

describe('a family whose counts scale as c⁴ (dark-photon-epsilon)', () => {
  it('templates: N ∝ ε⁴, and the reference couplings of the two families describe the same model', () => {
    const ty = exp.dmSignal(yLoaded.config.signal!, 75);
    const te = expE.dmSignal(eLoaded.config.signal!, 75);
    expect(te.countPower).toBe(4);
    expect(ty.countPower).toBe(2);
    // both template sets hold the same expected counts (REFERENCE_EVENTS) at their reference couplings
    expect(yOf(te.referenceCoupling) / ty.referenceCoupling).toBeCloseTo(1, 10);
    // N(2ε) = 16 N(ε): μ at twice the reference coupling
    expect(muOfTemplates(2 * te.referenceCoupling, te)).toBeCloseTo(16, 12);
    expect(couplingOfTemplates(16, te) / te.referenceCoupling).toBeCloseTo(2, 12);
    expect(couplingOfTemplates(-1, te)).toBe(0); // a negative fitted μ is coupling 0, never NaN
  });

  it('fit: the fitted ε gives the fitted Y', () => {
    const masses = Float64Array.of(75);
    const fy = fitDmOverMasses(exp, yLoaded, masses).report;
    const fe = fitDmOverMasses(expE, eLoaded, masses).report;
    expect(fe.twice_nll).toBeCloseTo(fy.twice_nll, 8);
    const y = fy.dm!.coupling.value;
    const e = fe.dm!.coupling.value;
    expect(fe.dm!.coupling.name).toBe('epsilon');
    expect(y).toBeGreaterThan(0);
    expect(yOf(e) / y).toBeCloseTo(1, 6);
  }, 120_000);

  it('scan over the mass: the profiled coupling converts with k = 4', () => {
    const grid = Float64Array.of(30, 75);
    const sy = scanSignalSetting(exp, yLoaded, 'mass_MeV', grid);
    const se = scanSignalSetting(expE, eLoaded, 'mass_MeV', grid);
    for (let i = 0; i < grid.length; i++) {
      const py = sy.points[i]!;
      const pe = se.points[i]!;
      expect(pe.twice_nll!).toBeCloseTo(py.twice_nll!, 6);
      if (py.coupling! > 0) expect(yOf(pe.coupling!) / py.coupling!).toBeCloseTo(1, 5);
    }
  }, 180_000);

  it('limit: ε_obs and the expected band give the Y limits point by point', async () => {
    const ly = await computeLimits(yLoaded, { workers: 1, massesMeV: [10, 75] });
    const le = await computeLimits(eLoaded, { workers: 1, massesMeV: [10, 75] });
    for (let i = 0; i < 2; i++) {
      const py = ly.points[i]!;
      const pe = le.points[i]!;
      expect(pe.status).toBe('ok');
      expect(yOf(pe.coupling_obs!) / py.coupling_obs!).toBeCloseTo(1, 6);
      for (let k = 0; k < 5; k++) expect(yOf(pe.coupling_exp![k]!) / py.coupling_exp![k]!).toBeCloseTo(1, 6);
    }
  }, 180_000);
});

describe('the ε family through the CLI: sharded limit + merge (needs dist/)', () => {
  it('the merged ε limits equal the single run and convert to the Y limits', () => {
    const cli = CLI;
    const run = (args: string[]): string => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-eps-'));
    const base = ['limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.mass_MeV=[10, 75]', '--workers', '1', '--no-overlays'];
    const y = JSON.parse(run([...base, '--json']));
    for (const i of [1, 2]) run([...base, '--set', 'signal.family=dark-photon-epsilon', '--shard', `${i}/2`, '--out', join(dir, 'parts'), '--json']);
    run(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--json']);
    const merged = JSON.parse(readFileSync(join(dir, 'merged', 'result.json'), 'utf8'));
    const e = merged.curves ? merged.curves[0] : merged;
    const yc = y.curves ? y.curves[0] : y;
    expect(e.coupling.name).toBe('epsilon');
    expect(e.points[0].y_obs).toBeUndefined(); // the Y-named keys exist only for Y families
    for (let i = 0; i < 2; i++) expect(yOf(e.points[i].coupling_obs) / yc.points[i].coupling_obs).toBeCloseTo(1, 6);
  }, 300_000);
});
