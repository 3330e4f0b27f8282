/**
 * COHERENT CsI[Na] full data set (PRL 129 (2022) 081801, arXiv:2110.07730; ancillary files).
 *
 * Response (docs/data.md §2.3): E_ee(E_r) from the released 4th-order scintillation polynomial (MeVnr → MeVee) with two
 * independent ±1σ modes; mean PE = LY × E_ee[keVee] (LY = 13.35 PE/keVee); PE resolution: gamma distribution
 * P(x) ∝ x^b e^{−a(1+b)x}, a = 0.0749/E_ee[keVee], b = 9.56·E_ee[keVee] (shape 1 + b, rate a(1 + b), mean 1/a);
 * energy efficiency eff_E(x) = a/(1+exp(−b(x−c))) + d clipped to [0,1] with a ±1σ mode (second file set = −1σ);
 * time efficiency eff_T(t) = 1 for t < 0.52 µs, exp(−0.0494 µs⁻¹ (t − 0.52)) after (UNVERIFIED; third-party consumers).
 * Coefficients come from the release via the dataset loader (`csi2021ConfigFromRelease`).
 */
import jStat from '#jstat';
import { TARGET_CSI, type Target } from '../physics/targets.js';
import type { StoppedPionSource } from '../physics/flux.js';
import type { BeamPulse } from '../physics/timing.js';
import { gaussLegendre } from '../physics/numerics.js';
import { InvalidSpecification } from '../util/errors.js';
import type { Csi2021Release } from '../datasets/csi2021.js';
import { makeRecoilGrid, type EnergyResponseModel } from './response.js';
import { DetectorModel, type DetectorBinning } from './template.js';
import { piDarEndpointsKeV } from '../physics/kinematics.js';
import { SNS_CSI2017_PULSE, SNS_CSI2021_SOURCE } from './sources.js';

/** (a, b, c, d) coefficient quadruple. */
export interface Coefficients4 {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

/** Explicit CsI-2021 configuration. */
export interface Csi2021Config {
  readonly name: string;
  readonly target: Target;
  readonly massKg: number;
  readonly source: StoppedPionSource;
  readonly pulse: BeamPulse;
  readonly lightYieldPePerKeVee: number;
  /** Gamma resolution parameters: a = aNumerator/E_ee[keVee], b = bSlope·E_ee[keVee]. */
  readonly resolution: { readonly aNumerator: number; readonly bSlope: number };
  readonly quenching: { readonly nominal: Coefficients4; readonly modes: ReadonlyArray<{ readonly plus: Coefficients4; readonly minus: Coefficients4 }> };
  readonly efficiency: { readonly nominal: Coefficients4; readonly plus: Coefficients4; readonly minus: Coefficients4 };
  readonly timeEfficiency: { readonly flatUntilUs: number; readonly decayPerUs: number };
  readonly binning: DetectorBinning;
  readonly citations: Readonly<Record<string, string>>;
}

/** Nuisances: QF mode amplitudes (in σ) and efficiency amplitude (in σ). */
export interface Csi2021Nuisance {
  readonly qfModes: readonly number[];
  readonly efficiency: number;
}

/** Binning used by third-party reproductions of the 2021 analysis (docs/data.md §2.2, SECONDARY, UNVERIFIED). */
export const CSI2021_CANDIDATE_BINNING: DetectorBinning = {
  energyEdges: Float64Array.from([0, 8, 12, 16, 20, 24, 32, 40, 50, 60]),
  energyUnit: 'PE',
  timeEdgesUs: Float64Array.from([0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 2, 4, 6]),
};

/** Build a CsI-2021 configuration from the loaded release (coefficients) plus explicit published numbers. */
export function csi2021ConfigFromRelease(rel: Csi2021Release, binning: DetectorBinning = CSI2021_CANDIDATE_BINNING, pulse: BeamPulse = SNS_CSI2017_PULSE): Csi2021Config {
  const c4 = (x: { a: number; b: number; c: number; d: number }): Coefficients4 => ({ a: x.a, b: x.b, c: x.c, d: x.d });
  return {
    name: 'COHERENT CsI[Na] 2021',
    target: TARGET_CSI,
    massKg: 14.6,
    source: SNS_CSI2021_SOURCE,
    pulse,
    lightYieldPePerKeVee: 13.35,
    resolution: { aNumerator: 0.0749, bSlope: 9.56 },
    quenching: { nominal: c4(rel.quenching.nominal), modes: rel.quenching.modes.map((m) => ({ plus: c4(m.plus1Sigma), minus: c4(m.minus1Sigma) })) },
    efficiency: { nominal: c4(rel.efficiency.nominal), plus: c4(rel.efficiency.plus1Sigma), minus: c4(rel.efficiency.minus1Sigma) },
    timeEfficiency: { flatUntilUs: 0.52, decayPerUs: 0.0494 },
    binning,
    citations: {
      massKg: '14.6 kg (COHERENT abstract; Newtrinos coherent_csi.jl)',
      lightYieldPePerKeVee: '13.35 PE/keVee (Newtrinos coherent_csi.jl, = 1/0.0749)',
      resolution: 'gamma resolution a=0.0749/Eee, b=9.56·Eee (Newtrinos coherent_csi.jl; supplement UNVERIFIED)',
      quenching: 'scintRespCoefficients.txt (release)',
      efficiency: 'effCoefficients.txt (release; second "+1 sigma" set read as −1σ)',
      timeEfficiency: 'eff_T: 1 below 0.52 µs then exp(−0.0494/µs (t−0.52)) (third-party; UNVERIFIED)',
      pulse: 'CsI-2017 closed-form fit reused (timing offset is a nuisance in the paper)',
    },
  };
}

/** Coefficients shifted by amplitude θ (σ units) between nominal and ±1σ sets (piecewise linear). */
export function shiftCoefficients(nom: Coefficients4, plus: Coefficients4, minus: Coefficients4, theta: number): Coefficients4 {
  const o = theta >= 0 ? plus : minus;
  const t = Math.abs(theta);
  return { a: nom.a + t * (o.a - nom.a), b: nom.b + t * (o.b - nom.b), c: nom.c + t * (o.c - nom.c), d: nom.d + t * (o.d - nom.d) };
}

/** eff_E(pe) = a/(1+exp(−b(pe − c))) + d clipped to [0, 1]. */
export function csi2021EnergyEfficiency(c: Coefficients4, pe: number): number {
  const v = c.a / (1 + Math.exp(-c.b * (pe - c.c))) + c.d;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Electron-equivalent energy (keVee) for a recoil (keVnr) from the polynomial in MeV. */
export function csi2021KeVee(c: Coefficients4, recoilKeV: number): number {
  const x = recoilKeV / 1000;
  return 1000 * x * (c.a + x * (c.b + x * (c.c + x * c.d)));
}

/** Energy response of CsI-2021 at a nuisance value. Integration in PE: 12-point Gauss–Legendre per 2-PE sub-interval. */
export function csi2021EnergyResponse(cfg: Csi2021Config, nu: Csi2021Nuisance): EnergyResponseModel {
  let qf = cfg.quenching.nominal;
  if (nu.qfModes.length !== cfg.quenching.modes.length) throw new InvalidSpecification(`expected ${cfg.quenching.modes.length} QF mode amplitudes, got ${nu.qfModes.length}`, 'csi2021.nuisance.qfModes');
  nu.qfModes.forEach((theta, i) => {
    const m = cfg.quenching.modes[i]!;
    const s = shiftCoefficients(cfg.quenching.nominal, m.plus, m.minus, theta);
    qf = { a: qf.a + s.a - cfg.quenching.nominal.a, b: qf.b + s.b - cfg.quenching.nominal.b, c: qf.c + s.c - cfg.quenching.nominal.c, d: qf.d + s.d - cfg.quenching.nominal.d };
  });
  const eff = shiftCoefficients(cfg.efficiency.nominal, cfg.efficiency.plus, cfg.efficiency.minus, nu.efficiency);
  const edges = cfg.binning.energyEdges;
  const nBins = edges.length - 1;
  // fixed PE quadrature nodes per bin, with the efficiency precomputed
  const gl = gaussLegendre(12);
  const nodes: number[][] = [];
  const wts: number[][] = [];
  for (let b = 0; b < nBins; b++) {
    const xs: number[] = [];
    const ws: number[] = [];
    const nSub = Math.max(1, Math.ceil((edges[b + 1]! - edges[b]!) / 2));
    const h = (edges[b + 1]! - edges[b]!) / nSub;
    for (let s = 0; s < nSub; s++) {
      const mid = edges[b]! + (s + 0.5) * h;
      for (let j = 0; j < 12; j++) {
        const x = mid + 0.5 * h * gl.nodes[j]!;
        xs.push(x);
        ws.push(0.5 * h * gl.weights[j]! * csi2021EnergyEfficiency(eff, x));
      }
    }
    nodes.push(xs);
    wts.push(ws);
  }
  const { aNumerator, bSlope } = cfg.resolution;
  return {
    nBins,
    discontinuities: () => [],
    binProbabilities(recoilKeV, out) {
      out.fill(0);
      const eee = csi2021KeVee(qf, recoilKeV);
      if (!(eee > 0)) return;
      const a = aNumerator / eee;
      const bb = bSlope * eee;
      const shape = 1 + bb;
      const rate = a * (1 + bb);
      const logNorm = shape * Math.log(rate) - jStat.gammaln(shape);
      for (let bin = 0; bin < nBins; bin++) {
        const xs = nodes[bin]!;
        const ws = wts[bin]!;
        let s = 0;
        for (let j = 0; j < xs.length; j++) {
          const x = xs[j]!;
          s += ws[j]! * Math.exp(logNorm + (shape - 1) * Math.log(x) - rate * x);
        }
        out[bin] = s;
      }
    },
  };
}

/** Time efficiency ε_T(t). */
export function csi2021TimeEfficiency(cfg: Csi2021Config): (tUs: number) => number {
  const { flatUntilUs, decayPerUs } = cfg.timeEfficiency;
  return (t) => (t < flatUntilUs ? 1 : Math.exp(-decayPerUs * (t - flatUntilUs)));
}

/** Build the CsI-2021 detector model (grid 0–60 keVnr, 1-keV panels × 6 nodes). */
export function createCsi2021Model(cfg: Csi2021Config): DetectorModel<Csi2021Nuisance> {
  if (!(cfg.massKg > 0)) throw new InvalidSpecification(`expected a positive mass, got ${cfg.massKg}`, 'csi2021.massKg');
  if (cfg.binning.energyUnit !== 'PE') throw new InvalidSpecification(`expected 'PE'`, 'csi2021.binning.energyUnit');
  const grid = makeRecoilGrid(0, 60, 1, 6, 'keVnr', piDarEndpointsKeV(cfg.target));
  return new DetectorModel<Csi2021Nuisance>({
    name: cfg.name,
    grid,
    binning: cfg.binning,
    nominalNuisance: { qfModes: cfg.quenching.modes.map(() => 0), efficiency: 0 },
    nuisanceKey: (n) => `qf=${n.qfModes.join(',')};eff=${n.efficiency}`,
    energyResponse: (n) => csi2021EnergyResponse(cfg, n),
    timeEfficiency: csi2021TimeEfficiency(cfg),
  });
}
