import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAnalysisConfig } from '../../../src/analyses/config.js';
import { PROJECTION_CHANNEL, PROJECTION_PULSES } from '../../../src/analyses/experiments/projections.js';
import { build as buildCcm } from '../../../src/analyses/experiments/ccm.js';
import { build as buildJsns2 } from '../../../src/analyses/experiments/jsns2.js';
import { build as buildLarTonne } from '../../../src/analyses/experiments/lar-tonne.js';
import type { AnalysisConfig } from '../../../src/analyses/config.js';

/** The projection module of a config's experiment. */
const build = (c: AnalysisConfig) => (c.experiment === 'ccm' ? buildCcm(c) : c.experiment === 'jsns2' ? buildJsns2(c) : buildLarTonne(c));
import { projectTemplate } from '../../../src/detectors/template.js';
import { radiativeCouplings } from '../../../src/physics/cevns.js';
import { E_NU_K_DAR_MEV, E_NU_PI_DAR_MEV, FERMI_CONSTANT_PER_MEV2, HBARC2_MEV2_CM2, MASS_ELECTRON_MEV, SIN2_THETA_W_LOW_Q2 } from '../../../src/physics/constants.js';
import { helmFormFactor, momentumTransferMeV } from '../../../src/physics/formfactor.js';
import { TARGET_LAB_SCINTILLATOR, TARGET_LAR } from '../../../src/physics/targets.js';
import { promptNeutrinoTiming } from '../../../src/physics/timing.js';
import { InvalidSpecification } from '../../../src/util/errors.js';

const fits = (f: string): string => fileURLToPath(new URL(`../../../fits/${f}`, import.meta.url));
const load = (f: string, sets: Record<string, string | number | boolean> = {}) => loadAnalysisConfig(fits(f), new Map(Object.entries(sets)));
const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};
const sampleData = (exp: ReturnType<typeof build>, name: string): number[] => exp.background.channels[0]!.samples.find((s) => s.name === name)!.data as number[];

/** Simpson integration (independent of the library's quadrature). */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  if (!(b > a)) return 0;
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('CCM projection', () => {
  const loaded = load('ccm-projection.yaml');
  const exp = build(loaded.config);

  it('prompt CEvNS total = targets × fluence × ∫dσ/dT at the 29.79 MeV line × time fraction (hand calculation)', () => {
    const o = loaded.config.options as { protons_on_target: number; nu_per_flavor_per_pot: number };
    const L = 20 * 100; // cm (CCM, arXiv:2105.14020)
    const fluence = (o.nu_per_flavor_per_pot * o.protons_on_target) / (4 * Math.PI * L * L);
    const { gVp, gVn } = radiativeCouplings();
    const E = E_NU_PI_DAR_MEV;
    let perNucleusWindow = 0;
    for (const tn of TARGET_LAR.nuclei) {
      const nuc = tn.nucleus;
      const nuclei = tn.nucleiPerKg * 7000;
      const M = nuc.massMeV;
      // dσ/dT = G_F² M/(4π) Q² F² (1 − T/E − MT/(2E²) + T²/(2E²)),  Q = 2(Z g_p + N g_n) for R_n = R_p = R_ch
      const dsdT = (T: number): number => {
        const F = helmFormFactor(momentumTransferMeV(T, M), nuc.chargeRadiusFm);
        const Q = 2 * (nuc.Z * gVp + nuc.N * gVn) * F;
        const kin = 1 - T / E - (M * T) / (2 * E * E) + (T * T) / (2 * E * E);
        return ((FERMI_CONSTANT_PER_MEV2 ** 2 * M) / (4 * Math.PI)) * Q * Q * Math.max(kin, 0) * HBARC2_MEV2_CM2;
      };
      const tMax = (2 * E * E) / (M + 2 * E);
      perNucleusWindow += nuclei * fluence * simpson(dsdT, 0.02, Math.min(0.075, tMax));
    }
    const tp = promptNeutrinoTiming(PROJECTION_PULSES.ccm);
    const timeFraction = tp.cdf(0.39) - tp.cdf(0);
    expect(sum(sampleData(exp, 'prompt_nu')) / (perNucleusWindow * timeFraction)).toBeCloseTo(1, 3);
    expect(perNucleusWindow).toBeGreaterThan(100); // a physical scale check: O(10³) prompt events over 3 years
  });

  it('steady state = rate × mass × ΔE × open window, BRN = configured total; observations are the Asimov sum', () => {
    const o = loaded.config.options as Record<string, number>;
    const pulses = o.protons_on_target! / ((o.beam_current_uA! * 1e-6) / (1.602176634e-19 * o.rep_rate_Hz!));
    expect(sum(sampleData(exp, 'ss'))).toBeCloseTo(o.ss_rate_per_kg_keVnr_s! * 7000 * 55 * 0.39e-6 * pulses, 6);
    expect(sum(sampleData(exp, 'brn'))).toBeCloseTo(o.brn_events!, 6);
    const obs = exp.background.observations[0]!.data as number[];
    const all = exp.background.channels[0]!.samples.map((s) => s.data as number[]);
    obs.forEach((v, i) => expect(v).toBeCloseTo(all.reduce((a, d) => a + d[i]!, 0), 8));
    expect(exp.background.parameters.map((p) => [p.name, p.constraint])).toEqual([
      ['nu_flux', { type: 'gaussian', sigma: 0.1, mean: 1 }],
      ['brn_norm', { type: 'gaussian', sigma: 0.5, mean: 1 }],
      ['ss_norm', { type: 'gaussian', sigma: 0.05, mean: 1 }],
    ]);
  });

  it('rejects unknown options, region axes, nuisances and observed data with the key named', () => {
    const cases: Array<[Record<string, string | number | boolean>, string]> = [
      [{ 'options.bogus': 1 }, 'options.bogus'],
      [{ 'region.pe': '[1, 2]' }, 'region.pe'],
      [{ 'parameters.foo.sigma': 0.1 }, 'parameters.foo'],
      [{ 'options.energy_bin_keVnr': 7 }, 'options.energy_bin_keVnr'],
    ];
    for (const [sets, path] of cases) {
      let err: unknown;
      try {
        build(load('ccm-projection.yaml', sets).config);
      } catch (e) {
        err = e;
      }
      expect(err, path).toBeInstanceOf(InvalidSpecification);
      expect((err as InvalidSpecification).path).toBe(path);
    }
    expect(() => build({ ...loaded.config, data: 'observed' })).toThrow(/data: projections have no observed data/);
  });
});

describe('JSNS2 projection', () => {
  const loaded = load('jsns2-projection.yaml');
  const exp = build(loaded.config);

  it('prompt ν–e total = electrons × K-DAR fluence × ∫dσ/dT(ν_μ e, 236 MeV) (π-DAR line is below threshold)', () => {
    const o = loaded.config.options as Record<string, number>;
    const L = 24 * 100;
    const fluence = ((o.nu_per_flavor_per_pot! * o.protons_on_target!) / (4 * Math.PI * L * L)) * o.kdar_per_pidar_numu!;
    const electrons = TARGET_LAB_SCINTILLATOR.electronsPerKg * 17000;
    const s2 = SIN2_THETA_W_LOW_Q2;
    const gL = -0.5 + s2;
    const gR = s2;
    const E = E_NU_K_DAR_MEV;
    const me = MASS_ELECTRON_MEV;
    const dsdT = (T: number): number => ((2 * FERMI_CONSTANT_PER_MEV2 ** 2 * me) / Math.PI) * (gL * gL + gR * gR * (1 - T / E) ** 2 - (gL * gR * me * T) / (E * E)) * HBARC2_MEV2_CM2;
    const tMax = (2 * E * E) / (me + 2 * E);
    const hand = electrons * fluence * simpson(dsdT, 30, tMax);
    const tp = promptNeutrinoTiming(PROJECTION_PULSES.jsns2);
    // 1 %: the electron-recoil grid of src/detectors/projections.ts has no panel edge at the K-DAR endpoint T_max = 235.7 MeV,
    // so the quadrature across the spectrum's step costs ≈ 0.7 % (reported to the lead).
    expect(Math.abs(sum(sampleData(exp, 'prompt_nu')) / (hand * (tp.cdf(1) - tp.cdf(0))) - 1)).toBeLessThan(0.01);
    // the π-DAR ν_μ line cannot give T > 30 MeV: without K-DAR the prompt sample is empty
    const noK = build(load('jsns2-projection.yaml', { 'options.kdar_per_pidar_numu': 0 }).config);
    expect(sum(sampleData(noK, 'prompt_nu'))).toBe(0);
  });

  it('the DM template shows both J-PARC bunches (540 ns apart)', () => {
    const det = exp.dmSignal(loaded.config.signal!, 30);
    const t = det.perChannel.get(PROJECTION_CHANNEL)!;
    const shape = { nEnergy: 64, nF90: 1, nTime: 20, size: 1280 };
    expect(t.length).toBe(shape.size);
    const time = projectTemplate(shape, t, 'time'); // 50 ns bins on [0, 1) µs
    const first = sum(time.slice(0, 6)); // 0–0.3 µs: bunch 1 at 0.07 µs
    const second = sum(time.slice(10, 17)); // 0.5–0.85 µs: bunch 2 at 0.61 µs
    const all = sum(time);
    expect(first / all).toBeGreaterThan(0.4);
    expect(second / all).toBeGreaterThan(0.4);
    expect(first / second).toBeGreaterThan(0.8);
    expect(first / second).toBeLessThan(1.25);
    expect(sum(time.slice(6, 10)) / all).toBeLessThan(0.1); // the gap between the bunches is nearly empty
  });
});

describe('tonne-scale COHERENT LAr projection', () => {
  it('scales the CENNS-10 BRN and steady-state templates by mass × POT (× distance²) — hand numbers', () => {
    const exp = build(load('lar-tonne-projection.yaml').config);
    // 21 GW·h at 1.0 GeV: 21e9 W·h × 3600 s/h / (1e9 eV × 1.602176634e-19 J/eV) POT; CENNS-10: 24.4 kg, 13.8e22 POT.
    const pot = (21e9 * 3600) / (1e9 * 1.602176634e-19);
    const scale = (610 / 24.4) * (pot / 13.8e22);
    expect(sum(sampleData(exp, 'brn_prompt')) / (497.4 * scale)).toBeCloseTo(1, 2); // brnpdf.txt sums to ≈ 497
    expect(sum(sampleData(exp, 'ss')) / (3152 * scale)).toBeCloseTo(1, 2); // bkgpdf.txt sums to ≈ 3152
    const far = build(load('lar-tonne-projection.yaml', { 'options.distance_m': 55 }).config);
    expect(sum(sampleData(far, 'brn_prompt')) / sum(sampleData(exp, 'brn_prompt'))).toBeCloseTo(0.25, 10);
    expect(sum(sampleData(far, 'ss')) / sum(sampleData(exp, 'ss'))).toBeCloseTo(1, 10);
    expect(sum(sampleData(far, 'prompt_nu')) / sum(sampleData(exp, 'prompt_nu'))).toBeCloseTo(0.25, 10);
  });
});
