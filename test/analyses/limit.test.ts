import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
import { loadAnalysisConfig, parseAnalysisConfig, type AnalysisConfig, type LoadedAnalysis } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { computeLimits } from '../../src/analyses/limit.js';
import type { DmSignalTemplates, ExperimentAnalysis } from '../../src/analyses/types.js';
import { normalQuantile, normalSf } from '../../src/stats/distributions/index.js';
import { upperLimit } from '../../src/stats/infer/index.js';

/**
 * Single-bin counting experiment: background b known exactly, DM template s events at Y_ref = 1e-10.
 * Closed forms (Cowan et al. arXiv:1007.1727): with n observed, μ̂ = (n − b)/s, and for μ ≥ μ̂ (μ̂ ≥ 0)
 *   q̃_μ = 2[μs + b − n − n ln((μs + b)/n')],  n' = max(n, b) when μ̂ < 0 (q̃ uses μ̂ = 0),
 *   q_μ,A = 2[μs − b ln(1 + μs/b)]  (Asimov n = b),
 *   CLs = Φ̄(t + √q_A)/Φ̄(t) with t = √q̃ − √q_A (q̃ ≤ q_A) or (q̃ − q_A)/(2√q_A) (q̃ > q_A);
 *   expected band nσ: CLs = Φ̄(−n + √q_A)/Φ̄(−n).
 */
function countingExperiment(n: number, b: number, s: number, config: AnalysisConfig): ExperimentAnalysis {
  const dm = (massMeV: number): DmSignalTemplates => ({ massMeV, chiMassMeV: massMeV / 3, coupling: { name: 'Y', symbol: 'Y', formula: 'Y = ε² α_D (m_χ/m_A′)⁴' }, countPower: 2, referenceCoupling: 1e-10, perChannel: new Map([['sr', Float64Array.of(s)]]), byProduction: { pi0: s } });
  return {
    experiment: 'ccm',
    config,
    background: {
      channels: [{ name: 'sr', axes: [{ name: 'x', unit: '1', edges: [0, 1] }], samples: [{ name: 'bkg', data: [b], modifiers: [{ type: 'normfactor', name: 'b_norm' }] }] }],
      parameters: [{ name: 'b_norm', init: 1, bounds: [0, 10], fixed: true }],
      functionSamples: [],
      observations: [{ channel: 'sr', data: [n] }],
      signalChannels: ['sr'],
      cevnsSamples: [],
      facts: {},
    },
    dmSignal: (_sig, m) => dm(m),
  };
}

function countingConfig(data: 'asimov' | 'observed', method: 'cls' | 'clsb' = 'cls'): LoadedAnalysis {
  return parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'count', experiment: 'ccm', data, signal: { mass_MeV: 50 }, limit: { cl: 0.9, method, mass_MeV: [50] } }, 'count.yaml');
}

/** Bisection for an increasing function (independent of the engine's Brent). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (lo + hi);
    if (f(m) > 0) hi = m;
    else lo = m;
  }
  return 0.5 * (lo + hi);
}

function closedForm(n: number, b: number, s: number, alpha: number, kind: 'cls' | 'clsb'): { observed: number; expected: number[] } {
  const qA = (mu: number): number => 2 * (mu * s - b * Math.log(1 + (mu * s) / b));
  const muHat = Math.max(0, (n - b) / s);
  const nll = (mu: number): number => mu * s + b - n * Math.log(mu * s + b); // −ln L up to constants
  const qObs = (mu: number): number => (mu < muHat ? 0 : 2 * (nll(mu) - nll(muHat)));
  const cl = (sq: number, sqa: number): number => {
    const t = sq * sq <= sqa * sqa ? sq - sqa : (sq * sq - sqa * sqa) / (2 * sqa);
    const clsb = normalSf(t + sqa);
    return kind === 'cls' ? clsb / normalSf(t) : clsb;
  };
  const observed = bisect((mu) => alpha - cl(Math.sqrt(qObs(mu)), Math.sqrt(qA(mu))), 1e-9, 1e4);
  const expected = [-2, -1, 0, 1, 2].map((k) => {
    const target = bisect((sa) => alpha - (kind === 'cls' ? normalSf(-k + sa) / normalSf(-k) : normalSf(-k + sa)), 0, 50);
    return bisect((mu) => Math.sqrt(qA(mu)) - target, 1e-9, 1e4);
  });
  return { observed, expected };
}

describe('limit engine: single-bin counting experiment vs closed forms', () => {
  const b = 25;
  const s = 10;
  it('expected CLs band (Asimov data n = b) equals the closed form', async () => {
    const loaded = countingConfig('asimov');
    const exp = countingExperiment(b, b, s, loaded.config);
    const c = await computeLimits(loaded, { experiment: exp, workers: 1 });
    const want = closedForm(b, b, s, 0.1, 'cls');
    const p = c.points[0]!;
    expect(p.status).toBe('ok');
    expect(p.coupling_obs).toBeNull();
    for (let i = 0; i < 5; i++) expect(p.mu_exp![i]).toBeCloseTo(want.expected[i]!, 3);
    // median: √q_A = Φ⁻¹(1 − α/2) = 1.6449 (CLs = 2Φ̄(√q_A) at t = 0)
    expect(Math.sqrt(2 * (p.mu_exp![2] * s - b * Math.log(1 + (p.mu_exp![2] * s) / b)))).toBeCloseTo(normalQuantile(0.95), 3);
    expect(p.mu_obs).toBeCloseTo(p.mu_exp![2], 10);
    // Y = Y_ref √μ
    expect(p.coupling_exp![2]).toBeCloseTo(1e-10 * Math.sqrt(want.expected[2]!), 15);
  });

  it.each([
    ['cls', 33],
    ['cls', 20],
    ['clsb', 33],
  ] as const)('observed %s limit with n = %d equals the closed form', async (kind, n) => {
    const loaded = countingConfig('observed', kind);
    const exp = countingExperiment(n, b, s, loaded.config);
    const c = await computeLimits(loaded, { experiment: exp, workers: 1 });
    const want = closedForm(n, b, s, 0.1, kind);
    const p = c.points[0]!;
    expect(p.status).toBe('ok');
    expect(p.mu_obs!).toBeCloseTo(want.observed, 3);
    for (let i = 0; i < 5; i++) expect(p.mu_exp![i]).toBeCloseTo(want.expected[i]!, 3);
    expect(p.coupling_obs).toBeCloseTo(1e-10 * Math.sqrt(want.observed), 14);
  });

  it('agrees with the generic upperLimit of src/stats/infer (slow reference)', async () => {
    const loaded = countingConfig('observed');
    const exp = countingExperiment(33, b, s, loaded.config);
    const a = assembleHypothesis(exp, 'dm', { massMeV: 50 });
    const ref = upperLimit(a.model, a.data, { cl: 0.9 });
    const c = await computeLimits(loaded, { experiment: exp, workers: 1 });
    expect(c.points[0]!.mu_obs!).toBeCloseTo(ref.observed, 3);
    for (let i = 0; i < 5; i++) expect(c.points[0]!.mu_exp![i]).toBeCloseTo(ref.expected[i]!, 3);
  });

  it("CL_{s+b} with a deficit excluding every μ > 0: status 'excluded-all' with Y = 0, not 'ok' (issue 10)", async () => {
    // n = 15 on b = 25 (s = 10): μ̂ = −1, σ_μ ≈ 0.5, CL_{s+b}(μ → 0) → Φ̄(2) ≈ 0.02 < 0.1.
    const loaded = countingConfig('observed', 'clsb');
    const exp = countingExperiment(15, b, s, loaded.config);
    const c = await computeLimits(loaded, { experiment: exp, workers: 1 });
    const p = c.points[0]!;
    expect(p.status).toBe('excluded-all');
    expect(p.mu_obs).toBe(0);
    expect(p.coupling_obs).toBe(0);
    expect(p.message).toMatch(/CL_\{s\+b\} < 0\.1/);
  });

  it('a mass without signal gives y = null with a reason', async () => {
    const loaded = countingConfig('asimov');
    const exp = countingExperiment(b, b, 0, loaded.config);
    const c = await computeLimits(loaded, { experiment: exp, workers: 1 });
    expect(c.points[0]!.status).toBe('no-signal');
    expect(c.points[0]!.coupling_exp).toBeNull();
    expect(c.points[0]!.message).toMatch(/no DM events/);
  });
});

const fits = (f: string): string => fileURLToPath(new URL(`../../fits/${f}`, import.meta.url));

describe('limit engine on the CCM projection', () => {
  it('matches the generic upperLimit at two masses', async () => {
    const loaded = loadAnalysisConfig(fits('ccm-projection.yaml'));
    const exp = await buildExperiment(loaded.config);
    const masses = [3, 60];
    const c = await computeLimits(loaded, { experiment: exp, workers: 1, massesMeV: masses });
    masses.forEach((m, k) => {
      const a = assembleHypothesis(exp, 'dm', { massMeV: m });
      const ref = upperLimit(a.model, a.data, { cl: 0.9 });
      for (let i = 0; i < 5; i++) expect(c.points[k]!.mu_exp![i]! / ref.expected[i]!).toBeCloseTo(1, 3);
    });
  }, 60_000);

  it('exposure scaling: background-dominated (stat only) Y ∝ exposure^(−1/4)', async () => {
    const sets = (pot: number): Map<string, string | number | boolean> =>
      new Map<string, string | number | boolean>([
        ['options.protons_on_target', pot],
        ['parameters.nu_flux.fixed', true],
        ['parameters.brn_norm.fixed', true],
        ['parameters.ss_norm.fixed', true],
      ]);
    const one = await computeLimits(loadAnalysisConfig(fits('ccm-projection.yaml'), sets(2.25e22)), { workers: 1, massesMeV: [20] });
    const two = await computeLimits(loadAnalysisConfig(fits('ccm-projection.yaml'), sets(4.5e22)), { workers: 1, massesMeV: [20] });
    const ratio = one.points[0]!.coupling_exp![2] / two.points[0]!.coupling_exp![2];
    expect(ratio).toBeGreaterThan(2 ** 0.25 * 0.99);
    expect(ratio).toBeLessThan(2 ** 0.25 * 1.01);
    expect(Math.abs(ratio - 2 ** 0.5)).toBeGreaterThan(0.1);
  }, 60_000);

  it('exposure scaling: background-free JSNS2 region (60–990 MeV, no K-DAR) gives Y ∝ exposure^(−1/2)', async () => {
    const sets = (pot: number): Map<string, string | number | boolean> =>
      new Map<string, string | number | boolean>([
        ['options.protons_on_target', pot],
        ['options.kdar_per_pidar_numu', 0],
        ['region.energy_MeV', '[60, 990]'],
      ]);
    const one = await computeLimits(loadAnalysisConfig(fits('jsns2-projection.yaml'), sets(1.12e23)), { workers: 1, massesMeV: [30] });
    const two = await computeLimits(loadAnalysisConfig(fits('jsns2-projection.yaml'), sets(2.24e23)), { workers: 1, massesMeV: [30] });
    expect(one.points[0]!.status).toBe('ok');
    const ratio = one.points[0]!.coupling_exp![2] / two.points[0]!.coupling_exp![2];
    expect(ratio).toBeCloseTo(2 ** 0.5, 3);
  }, 60_000);
});

describe('worker pool', () => {
  // Worker threads load compiled JavaScript: the threaded curve comes from dist/ (built by `npx tsc -p .`).
  const limitJs = fileURLToPath(new URL('../../dist/analyses/limit.js', import.meta.url));
  it('gives the same curve as the in-thread computation, in mass order', async () => {
    if (!existsSync(limitJs)) throw new Error('dist/analyses/limit.js is missing: build first (npx tsc -p .)');
    await import(pathToFileURL(fileURLToPath(new URL('../../dist/node/host.js', import.meta.url))).href); // dist's Node host (threads, files, datasets)
    const dist = await import(pathToFileURL(limitJs).href);
    const loaded = loadAnalysisConfig(fits('ccm-projection.yaml'), new Map([['limit.mass_MeV', '{from: 1, to: 300, n: 16, log: true}']]));
    const progress: number[] = [];
    const inThread = await computeLimits(loaded, { workers: 1 });
    const threaded = await dist.computeLimits(loaded, { workers: 2, onProgress: (d: number, t: number) => progress.push(d / t) });
    expect(threaded.timing.workers).toBe(2);
    expect(inThread.timing.workers).toBe(1);
    expect(threaded.points).toEqual(inThread.points);
    expect(threaded.points.map((p: { massMeV: number }) => p.massMeV)).toEqual([...inThread.points.map((p) => p.massMeV)]);
    expect(progress).toEqual(Array.from({ length: 16 }, (_, d) => (d + 1) / 16));
  }, 120_000);

  it('a slice of the grid (a shard) gives exactly those points of the full curve', async () => {
    const loaded = loadAnalysisConfig(fits('ccm-projection.yaml'), new Map([['limit.mass_MeV', '{from: 1, to: 300, n: 6, log: true}']]));
    const full = await computeLimits(loaded, { workers: 1 });
    const part = await computeLimits(loaded, { workers: 1, indices: [4, 1] });
    expect(part.points).toEqual([full.points[4], full.points[1]]);
  }, 120_000);
});

describe('Feldman–Cousins limits (method fc, toys)', () => {
  // Feldman & Cousins, PRD 57 (1998) 3873, Table IV (90 % CL, Poisson signal with known background b):
  // b = 0: n = 0 → [0, 2.44]; n = 3 → [1.10, 7.42] (the interval starts above 0; the upper end is what a limit reports).
  // Toy-based belts with 1000 toys per μ and a discrete statistic: agreement within 5 % is expected.
  const fcConfig = (): LoadedAnalysis =>
    parseAnalysisConfig({ schemaVersion: '1.0.0', name: 'fc', experiment: 'ccm', data: 'observed', signal: { mass_MeV: 50 }, limit: { cl: 0.9, method: 'fc', mass_MeV: [50], toys: 1000, seed: 1 } }, 'fc.yaml');
  for (const [n, ref] of [
    [0, 2.44],
    [3, 7.42],
  ] as const) {
    it(`n = ${n}, b ≈ 0 reproduces the FC table's upper limit ${ref}`, async () => {
      const loaded = fcConfig();
      const c = await computeLimits(loaded, { workers: 1, experiment: countingExperiment(n, 1e-6, 1, loaded.config) });
      const p = c.points[0]!;
      expect(p.status).toBe('ok');
      expect(p.mu_obs!).toBeGreaterThan(ref * 0.95);
      expect(p.mu_obs!).toBeLessThan(ref * 1.05);
      expect(p.coupling_obs!).toBeCloseTo(1e-10 * Math.sqrt(p.mu_obs!), 20);
    }, 60_000);
  }
  it('is reproducible for a fixed seed', async () => {
    const loaded = fcConfig();
    const a = await computeLimits(loaded, { workers: 1, experiment: countingExperiment(2, 1, 1, loaded.config) });
    const b = await computeLimits(loaded, { workers: 1, experiment: countingExperiment(2, 1, 1, loaded.config) });
    expect(a.points[0]!.mu_obs).toBe(b.points[0]!.mu_obs);
    expect(a.points[0]!.mu_exp).toEqual(b.points[0]!.mu_exp);
  }, 60_000);
});

