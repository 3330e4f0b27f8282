/**
 * COHERENT CENNS-10 liquid argon, Analysis A (PRL 126 (2021) 012002, arXiv:2003.10630; release arXiv:2006.12659,
 * Zenodo 3903810; constants from LArParametersAnlA.yaml).
 *
 * Response: E_ee = QF(T)·T with QF = a + b·T[keVnr] (a = 0.246 ± 0.006, b = 0.00078 ± 0.00009 /keVnr), Gaussian
 * resolution σ/E = 0.58/√(E_ee[keVee]), efficiency from CENNS10AnlAEfficiency.txt applied at the reconstructed energy
 * (linear interpolation between the 0.5-keVee bin centres; above the last centre (39.75 keVee) held at its last value —
 * an assumption, the table stops at 40 keVee), F90: for each reconstructed-energy bin the F90 distribution of the released
 * SM CEvNS template (cevnspdf.txt, summed over time); energy bins where that template is empty (≥ 50 keVee) reuse the
 * highest non-empty bin's F90 distribution (assumption: nuclear-recoil F90 varies slowly above 40 keVee).
 * Binning: 12 E bins (0–120 keVee) × 8 F90 bins (0.5–0.9) × 10 t bins (−0.1–4.9 µs) = release layout.
 */
import { TARGET_LAR, type Target } from '../physics/targets.js';
import type { StoppedPionSource } from '../physics/flux.js';
import type { BeamPulse } from '../physics/timing.js';
import { gaussLegendre } from '../physics/numerics.js';
import { InvalidSpecification } from '../util/errors.js';
import { makeRecoilGrid, type EnergyResponseModel } from './response.js';
import { DetectorModel, uniformEdges, type DetectorBinning } from './template.js';
import { piDarEndpointsKeV } from '../physics/kinematics.js';
import { SNS_LAR2020_PULSE, SNS_LAR2020_SOURCE } from './sources.js';
import type { Lar2020Release } from '../datasets/lar2020.js';

/** Explicit LAr-2020 configuration. */
export interface Lar2020Config {
  readonly name: string;
  readonly target: Target;
  readonly massKg: number;
  readonly source: StoppedPionSource;
  readonly pulse: BeamPulse;
  /** QF = a + b·T[keVnr]. */
  readonly quenching: { readonly a: number; readonly b: number; readonly sigmaA: number; readonly sigmaB: number };
  /** σ/E = resolutionCoefficient/√(E[keVee]). */
  readonly resolutionCoefficient: number;
  /** Efficiency table: reconstructed-energy bin centres (keVee) and efficiencies. */
  readonly efficiency: { readonly energyKeVee: Float64Array; readonly value: Float64Array };
  /** F90 fractions per energy bin (nEnergy × nF90), rows summing to 1. */
  readonly f90Fractions: Float64Array;
  readonly binning: DetectorBinning;
  readonly citations: Readonly<Record<string, string>>;
}

/** Nuisances: QF parameters a and b. */
export interface Lar2020Nuisance {
  readonly qfA: number;
  readonly qfB: number;
}

/** Release binning of Analysis A. */
export const LAR2020_BINNING: DetectorBinning = {
  energyEdges: uniformEdges(0, 120, 10),
  energyUnit: 'keVee',
  f90Edges: uniformEdges(0.5, 0.9, 0.05),
  timeEdgesUs: uniformEdges(-0.1, 4.9, 0.5),
};

/**
 * F90 fractions per energy bin from a released 3-D template (values in E-outer, F90, t-inner order).
 * Empty energy rows copy the nearest lower non-empty row (throws if the first rows are all empty up to the end).
 */
export function f90FractionsFromTemplate(values: ArrayLike<number>, nEnergy: number, nF90: number, nTime: number): Float64Array {
  if (values.length !== nEnergy * nF90 * nTime) throw new InvalidSpecification(`template has ${values.length} values, expected ${nEnergy}×${nF90}×${nTime}`, 'lar2020.f90Template');
  const out = new Float64Array(nEnergy * nF90);
  let lastGood = -1;
  for (let e = 0; e < nEnergy; e++) {
    let tot = 0;
    for (let f = 0; f < nF90; f++) {
      let s = 0;
      for (let t = 0; t < nTime; t++) s += values[(e * nF90 + f) * nTime + t]!;
      out[e * nF90 + f] = s;
      tot += s;
    }
    if (tot > 0) {
      for (let f = 0; f < nF90; f++) out[e * nF90 + f] = out[e * nF90 + f]! / tot;
      lastGood = e;
    } else if (lastGood >= 0) {
      for (let f = 0; f < nF90; f++) out[e * nF90 + f] = out[lastGood * nF90 + f]!;
    } else {
      // leading empty rows: filled after the first non-empty row is found
      out.fill(NaN, e * nF90, (e + 1) * nF90);
    }
  }
  if (lastGood < 0) throw new InvalidSpecification('template is empty', 'lar2020.f90Template');
  let first = 0;
  while (Number.isNaN(out[first * nF90]!)) first++;
  for (let e = 0; e < first; e++) for (let f = 0; f < nF90; f++) out[e * nF90 + f] = out[first * nF90 + f]!;
  return out;
}

/**
 * LAr-2020 configuration from released tables (efficiency table columns and the SM CEvNS template values).
 * @param efficiencyKeVee bin centres of CENNS10AnlAEfficiency.txt (keVee)
 * @param efficiency efficiency column
 * @param cevnsTemplate cevnspdf.txt values (960, release order)
 */
export function lar2020Config(efficiencyKeVee: ArrayLike<number>, efficiency: ArrayLike<number>, cevnsTemplate: ArrayLike<number>): Lar2020Config {
  const b = LAR2020_BINNING;
  return {
    name: 'COHERENT CENNS-10 LAr (Analysis A)',
    target: TARGET_LAR,
    massKg: 24.4,
    source: SNS_LAR2020_SOURCE,
    pulse: SNS_LAR2020_PULSE,
    quenching: { a: 0.246, b: 0.00078, sigmaA: 0.006, sigmaB: 0.00009 },
    resolutionCoefficient: 0.58,
    efficiency: { energyKeVee: Float64Array.from(efficiencyKeVee), value: Float64Array.from(efficiency) },
    f90Fractions: f90FractionsFromTemplate(cevnsTemplate, b.energyEdges.length - 1, b.f90Edges!.length - 1, b.timeEdgesUs.length - 1),
    binning: b,
    citations: {
      massKg: 'LArParametersAnlA.yaml fiducialMass 24.4 ± 0.61 kg',
      quenching: 'LArParametersAnlA.yaml larQF a = 0.246 ± 0.006, b = 0.00078 ± 0.00009 /keVnr',
      resolutionCoefficient: 'LArParametersAnlA.yaml energy resolution σ/E = 0.58/√E[keVee]',
      efficiency: 'CENNS10AnlAEfficiency.txt (held at last value above 40 keVee: assumption)',
      f90Fractions: 'cevnspdf.txt F90 distribution per energy bin (summed over t)',
      pulse: 'LArParametersAnlA.yaml POT trace mean 440 ns, width 150 ns',
    },
  };
}

function interpTable(x: Float64Array, y: Float64Array, v: number): number {
  const n = x.length;
  if (v <= x[0]!) return y[0]! * Math.max(0, v / x[0]!); // linear from 0 at 0 keVee to the first centre
  if (v >= x[n - 1]!) return y[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= v) lo = mid;
    else hi = mid;
  }
  const f = (v - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! * (1 - f) + y[hi]! * f;
}

/** Energy response of LAr-2020. Reconstructed-energy integral: 8-point Gauss–Legendre on 1-keVee steps. */
export function lar2020EnergyResponse(cfg: Lar2020Config, nu: Lar2020Nuisance): EnergyResponseModel {
  const edges = cfg.binning.energyEdges;
  const nBins = edges.length - 1;
  const gl = gaussLegendre(8);
  const xs: number[] = [];
  const ws: number[] = [];
  const binOfNode: number[] = [];
  for (let b = 0; b < nBins; b++) {
    const nSub = Math.max(1, Math.ceil(edges[b + 1]! - edges[b]!));
    const h = (edges[b + 1]! - edges[b]!) / nSub;
    for (let s = 0; s < nSub; s++) {
      const mid = edges[b]! + (s + 0.5) * h;
      for (let j = 0; j < 8; j++) {
        const x = mid + 0.5 * h * gl.nodes[j]!;
        xs.push(x);
        ws.push(0.5 * h * gl.weights[j]! * interpTable(cfg.efficiency.energyKeVee, cfg.efficiency.value, x));
        binOfNode.push(b);
      }
    }
  }
  const X = Float64Array.from(xs);
  const W = Float64Array.from(ws);
  const B = Int32Array.from(binOfNode);
  const k = cfg.resolutionCoefficient;
  const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
  return {
    nBins,
    discontinuities: () => [],
    binProbabilities(recoilKeV, out) {
      out.fill(0);
      const eee = (nu.qfA + nu.qfB * recoilKeV) * recoilKeV;
      if (!(eee > 0)) return;
      const sigma = k * Math.sqrt(eee);
      // skip nodes further than 8σ
      const lo = eee - 8 * sigma;
      const hi = eee + 8 * sigma;
      for (let j = 0; j < X.length; j++) {
        const x = X[j]!;
        if (x < lo || x > hi) continue;
        const z = (x - eee) / sigma;
        out[B[j]!] = out[B[j]!]! + (W[j]! * invSqrt2Pi * Math.exp(-0.5 * z * z)) / sigma;
      }
      // Gaussian mass below 0 keVee or above the last edge is lost (not observed) — consistent with a binned window.
    },
  };
}

/**
 * Build the LAr-2020 detector model (3-D E × F90 × t templates). Recoil grid 0–400 keVnr in 2-keV panels × 6 nodes:
 * with QF = 0.246 + 0.00078·T, 400 keVnr give 223 keVee, beyond the 120-keVee last edge, so DM recoils that land
 * in any energy bin are kept (a 160-keVnr grid reached only ~60 keVee).
 */
export function createLar2020Model(cfg: Lar2020Config): DetectorModel<Lar2020Nuisance> {
  if (!(cfg.massKg > 0)) throw new InvalidSpecification(`expected a positive mass, got ${cfg.massKg}`, 'lar2020.massKg');
  const grid = makeRecoilGrid(0, 400, 2, 6, 'keVnr', piDarEndpointsKeV(cfg.target));
  return new DetectorModel<Lar2020Nuisance>({
    name: cfg.name,
    grid,
    binning: cfg.binning,
    nominalNuisance: { qfA: cfg.quenching.a, qfB: cfg.quenching.b },
    nuisanceKey: (n) => `a=${n.qfA};b=${n.qfB}`,
    energyResponse: (n) => lar2020EnergyResponse(cfg, n),
    f90Fractions: cfg.f90Fractions,
  });
}

/** LAr-2020 configuration from the loaded release (efficiency table and SM CEvNS template via the dataset loader). */
export function lar2020ConfigFromRelease(rel: Lar2020Release): Lar2020Config {
  const cfg = lar2020Config(rel.efficiency.energyKeVee, rel.efficiency.efficiency, rel.templates.cevns.values);
  const p = rel.parameters;
  return {
    ...cfg,
    massKg: p.fiducialMassKg.value,
    quenching: { a: p.quenching.a.value, b: p.quenching.bPerKeVnr.value, sigmaA: p.quenching.a.uncertainty, sigmaB: p.quenching.bPerKeVnr.uncertainty },
    resolutionCoefficient: p.energyResolutionA,
  };
}
