/**
 * COHERENT CsI[Na] 2017 detector (Science 357 (2017) 1123; data release arXiv:1804.09459).
 *
 * Response: PE = LY × QF × E_r (13.348 PE/keVee × 0.0878 = 1.172 PE/keVnr), acceptance
 * ε(PE) = a/(1 + exp(−k(PE − x0))) × step(PE) with step = 0 below 5 PE, ½ for 5 ≤ PE < 6, 1 above (release values,
 * docs/data.md §1.6; the release file coherent_parameters.yaml is absent locally, values via pyCEvNS —
 * UNVERIFIED against the release). Optional Poisson photo-statistics: P(n | μ = LY·QF·E_r), acceptance at n.
 * Binning: 25 × 2-PE bins (0–50 PE) × 24 × 0.5-µs bins (0–12 µs) (docs/data.md §1.2).
 */
import { TARGET_CSI, type Target } from '../physics/targets.js';
import type { StoppedPionSource } from '../physics/flux.js';
import type { BeamPulse } from '../physics/timing.js';
import { piDarEndpointsKeV } from '../physics/kinematics.js';
import { InvalidSpecification } from '../util/errors.js';
import { makeRecoilGrid, type EnergyResponseModel } from './response.js';
import { DetectorModel, uniformEdges, type DetectorBinning } from './template.js';
import { SNS_CSI2017_PULSE, SNS_CSI2017_SOURCE } from './sources.js';

/** Logistic acceptance with a low-PE step. */
export interface LogisticAcceptance {
  readonly a: number;
  /** Slope (1/PE). */
  readonly k: number;
  /** Midpoint (PE). */
  readonly x0: number;
  /** Acceptance is 0 below this PE. */
  readonly zeroBelowPE: number;
  /** Acceptance is halved between zeroBelowPE and this PE. */
  readonly halfBelowPE: number;
}

/** Explicit CsI-2017 configuration (no hidden defaults: every field is required). */
export interface Csi2017Config {
  readonly name: string;
  readonly target: Target;
  readonly massKg: number;
  readonly source: StoppedPionSource;
  readonly pulse: BeamPulse;
  readonly lightYieldPePerKeVee: number;
  readonly quenchingFactor: number;
  readonly acceptance: LogisticAcceptance;
  readonly peSmearing: 'none' | 'poisson';
  readonly binning: DetectorBinning;
  readonly citations: Readonly<Record<string, string>>;
}

/** Nuisance of the CsI-2017 response. */
export interface Csi2017Nuisance {
  /** Quenching factor (nominal 0.0878 ± 0.0166). */
  readonly quenchingFactor: number;
}

/** Nominal CsI-2017 configuration. */
export const CSI2017_CONFIG: Csi2017Config = {
  name: 'COHERENT CsI[Na] 2017',
  target: TARGET_CSI,
  massKg: 14.57,
  source: SNS_CSI2017_SOURCE,
  pulse: SNS_CSI2017_PULSE,
  lightYieldPePerKeVee: 13.348,
  quenchingFactor: 0.0878,
  acceptance: { a: 0.6655, k: 0.4942, x0: 10.8507, zeroBelowPE: 5, halfBelowPE: 6 },
  peSmearing: 'none',
  binning: { energyEdges: uniformEdges(0, 50, 2), energyUnit: 'PE', timeEdgesUs: uniformEdges(0, 12, 0.5) },
  citations: {
    massKg: 'COHERENT 2017: 14.57 kg (abstract: 14.6 kg) — 14.57 UNVERIFIED',
    lightYieldPePerKeVee: '13.348 PE/keVee (pyCEvNS / release; UNVERIFIED against the release YAML)',
    quenchingFactor: '8.78 ± 1.66 % (COHERENT 2017; ± from third-party; UNVERIFIED)',
    acceptance: 'data-release acceptance a=0.6655, k=0.4942, x0=10.8507, step at 5/6 PE (docs/data.md §1.6)',
    binning: '2-PE × 0.5-µs bins, 25 × 24 (release file layout)',
  },
};

/** Acceptance ε(PE). */
export function csi2017Acceptance(acc: LogisticAcceptance, pe: number): number {
  if (pe < acc.zeroBelowPE) return 0;
  const v = acc.a / (1 + Math.exp(-acc.k * (pe - acc.x0)));
  return pe < acc.halfBelowPE ? 0.5 * v : v;
}

function validate(cfg: Csi2017Config): void {
  const pos = (v: number, key: string): void => {
    if (!(v > 0) || !Number.isFinite(v)) throw new InvalidSpecification(`expected a positive finite number, got ${v}`, `csi2017.${key}`);
  };
  pos(cfg.massKg, 'massKg');
  pos(cfg.lightYieldPePerKeVee, 'lightYieldPePerKeVee');
  pos(cfg.quenchingFactor, 'quenchingFactor');
  if (cfg.peSmearing !== 'none' && cfg.peSmearing !== 'poisson') throw new InvalidSpecification(`expected 'none' or 'poisson', got ${String(cfg.peSmearing)}`, 'csi2017.peSmearing');
  if (cfg.binning.energyUnit !== 'PE') throw new InvalidSpecification(`expected 'PE'`, 'csi2017.binning.energyUnit');
}

/** Energy response of CsI-2017 at a quenching factor. */
export function csi2017EnergyResponse(cfg: Csi2017Config, nuisance: Csi2017Nuisance): EnergyResponseModel {
  const edges = cfg.binning.energyEdges;
  const nBins = edges.length - 1;
  const pePerKeVnr = cfg.lightYieldPePerKeVee * nuisance.quenchingFactor;
  const acc = cfg.acceptance;
  if (cfg.peSmearing === 'none') {
    const disc: number[] = [];
    for (const e of edges) disc.push(e / pePerKeVnr);
    disc.push(acc.zeroBelowPE / pePerKeVnr, acc.halfBelowPE / pePerKeVnr);
    return {
      nBins,
      discontinuities: () => disc,
      binProbabilities(recoilKeV, out) {
        out.fill(0);
        const pe = pePerKeVnr * recoilKeV;
        if (pe < edges[0]! || pe >= edges[nBins]!) return;
        let b = 0;
        while (pe >= edges[b + 1]!) b++;
        out[b] = csi2017Acceptance(acc, pe);
      },
    };
  }
  // Poisson photo-statistics on integer PE n; bins collect the integers inside [lo, hi).
  const nMax = Math.ceil(edges[nBins]!) - 1;
  const binOf = new Int32Array(nMax + 1).fill(-1);
  for (let n = 0; n <= nMax; n++) for (let b = 0; b < nBins; b++) if (n >= edges[b]! && n < edges[b + 1]!) binOf[n] = b;
  const accN = new Float64Array(nMax + 1);
  for (let n = 0; n <= nMax; n++) accN[n] = csi2017Acceptance(acc, n);
  return {
    nBins,
    discontinuities: () => [],
    binProbabilities(recoilKeV, out) {
      out.fill(0);
      const mu = pePerKeVnr * recoilKeV;
      let p = Math.exp(-mu);
      for (let n = 0; n <= nMax; n++) {
        if (n > 0) p *= mu / n;
        const b = binOf[n]!;
        if (b >= 0) out[b] = out[b]! + p * accN[n]!;
      }
    },
  };
}

/** Build the CsI-2017 detector model (grid 0–50 keVnr, 1-keV panels × 6 nodes, panels split at π-DAR endpoints). */
export function createCsi2017Model(cfg: Csi2017Config): DetectorModel<Csi2017Nuisance> {
  validate(cfg);
  const grid = makeRecoilGrid(0, 50, 1, 6, 'keVnr', piDarEndpointsKeV(cfg.target));
  return new DetectorModel<Csi2017Nuisance>({
    name: cfg.name,
    grid,
    binning: cfg.binning,
    nominalNuisance: { quenchingFactor: cfg.quenchingFactor },
    nuisanceKey: (n) => `qf=${n.quenchingFactor}`,
    energyResponse: (n) => csi2017EnergyResponse(cfg, n),
  });
}
