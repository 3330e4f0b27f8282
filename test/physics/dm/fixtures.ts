/**
 * Shared deterministic fixtures for the DM tests and bench: a synthetic π⁰ list (no file I/O), a CsI-like detector
 * setup with a step-function energy response in keVnr, and the COHERENT-2017-like 0.5 µs time binning.
 */
import { buildResponseMatrix, makeRecoilGrid, type EnergyResponseModel } from '../../../src/detectors/response.js';
import { MASS_PI0_MEV } from '../../../src/physics/constants.js';
import { TARGET_CSI } from '../../../src/physics/targets.js';
import { gaussianPulse } from '../../../src/physics/timing.js';
import { prepareRecoilContext } from '../../../src/physics/dm/recoil.js';
import {
  DEFAULT_BREM_SUPPRESSION,
  RADIATIVE_FRACTION_HEAVY_NUCLEUS,
  preparePhotonSpectrum,
  preparePi0Sample,
  type PiMinusCaptureModel,
} from '../../../src/physics/dm/production.js';
import type { DmExperimentSetup } from '../../../src/physics/dm/signal.js';
import { responseMatrixBinner } from '../../../src/detectors/dmbinning.js';

/** Synthetic π⁰ list: kinetic energies from a smooth deterministic quantile function (mean ≈ 110 MeV), 1e5 "POT". */
export function syntheticPi0(rows: number): { energyMeV: Float64Array; momentumMeV: Float64Array; protonsOnTarget: number; source: string } {
  const e = new Float64Array(rows);
  const p = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const u = (i + 0.5) / rows;
    const ke = -110 * Math.log(1 - u); // exponential quantile, mean 110 MeV
    e[i] = MASS_PI0_MEV + ke;
    p[i] = Math.sqrt(e[i]! * e[i]! - MASS_PI0_MEV * MASS_PI0_MEV);
  }
  return { energyMeV: e, momentumMeV: p, protonsOnTarget: 1e5, source: 'synthetic' };
}

/** Step-function response: observed energy = recoil energy (keVnr), bins of `width` from `lo`, efficiency 1. */
export function stepResponse(lo: number, width: number, n: number): EnergyResponseModel {
  const edges: number[] = [];
  for (let i = 0; i <= n; i++) edges.push(lo + i * width);
  return {
    nBins: n,
    binProbabilities(recoil, out) {
      out.fill(0);
      const b = Math.floor((recoil - lo) / width);
      if (b >= 0 && b < n) out[b] = 1;
    },
    discontinuities: () => edges,
  };
}

export const TIME_EDGES_US = Array.from({ length: 25 }, (_, i) => 0.5 * i);

export const PI_MINUS_TEST_MODEL: PiMinusCaptureModel = {
  name: 'test-heavyNucleus',
  capturesPerPot: 0.0457,
  radiativeFraction: RADIATIVE_FRACTION_HEAVY_NUCLEUS,
  phaseSpace: 'vectorE0plus',
  source: 'test fixture',
};

/** CsI-like setup: 14.6 kg CsI at 19.3 m, 1.76e23 POT, Gaussian pulse (0.69, 0.14) µs, 25 recoil bins of 2.4 keVnr. */
export function csiLikeSetup(pi0Rows = 10484, opts: { withBrem?: boolean } = {}) {
  const grid = makeRecoilGrid(0, 320, 2.4, 6, 'keVnr');
  const recoil = prepareRecoilContext(TARGET_CSI, 14.6, grid.energies, 'keVnr', 'nuclear');
  const photonsE = Float64Array.from({ length: 100 }, (_, i) => 3.4 + 4.74 * i);
  const photonsN = Float64Array.from(photonsE, (e) => 3e5 * Math.exp(-e / 15));
  const setup: DmExperimentSetup = {
    name: 'csi-like',
    distanceM: 19.3,
    protonsOnTarget: 1.76e23,
    pulse: gaussianPulse(0.69, 0.14),
    recoil,
    sources: {
      pi0: preparePi0Sample(syntheticPi0(pi0Rows)),
      piMinus: PI_MINUS_TEST_MODEL,
      ...(opts.withBrem === false ? {} : { brem: { photons: preparePhotonSpectrum({ energyMeV: photonsE, counts: photonsN, protonsOnTarget: 1e5, source: 'synthetic' }), suppression: DEFAULT_BREM_SUPPRESSION } }),
    },
  };
  const response = buildResponseMatrix(stepResponse(0, 2.4, 25), grid);
  const binner = responseMatrixBinner(response, TIME_EDGES_US);
  return { setup, grid, response, binner };
}
