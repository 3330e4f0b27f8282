/**
 * Dark-matter signal components on a detector's binning: the binners that turn the physics layer's DM components
 * (recoil spectrum + arrival-time distribution per χ energy slice, src/physics/dm/signal.ts) into expected counts
 * with a detector response. They live in the detector layer because they apply the detector's response; the physics
 * layer only defines the DmBinner contract.
 */
import { InvalidParameters } from '../util/errors.js';
import { binFractions, type BeamPulse } from '../physics/timing.js';
import type { Target } from '../physics/targets.js';
import { prepareRecoilContext, type RecoilMode } from '../physics/dm/recoil.js';
import type { DmBinner, DmExperimentSetup, DmProductionSources } from '../physics/dm/signal.js';
import type { ResponseMatrix } from './response.js';
import type { DetectorModel } from './template.js';

/** Detector-side inputs of a DM setup. */
export interface DmDetectorInputs<N> {
  readonly detector: DetectorModel<N>;
  readonly target: Target;
  readonly massKg: number;
  readonly distanceM: number;
  readonly protonsOnTarget: number;
  readonly pulse: BeamPulse;
  readonly mode: RecoilMode;
}

/**
 * Binner backed by the detector template builder (src/detectors/template.ts): components become TemplateComponents
 * (spectrum at the detector grid nodes + arrival-time distribution); the detector applies its energy response,
 * time efficiency and F90 fractions. Output layout = the detector's template layout.
 */
export function detectorBinner<N>(detector: DetectorModel<N>, nuisance: N = detector.nominalNuisance): DmBinner {
  const matrix = detector.responseMatrix(nuisance);
  const scratch = new Float64Array(detector.shape.size);
  return {
    size: detector.shape.size,
    accumulate(components, out) {
      if (components.length === 0) return;
      const comps = components.map((c) => ({ name: `${c.channel}#${c.slice}`, spectrum: c.countsPerUnit, timing: c.timing }));
      detector.buildTemplateWithMatrix(comps, matrix, scratch);
      for (let i = 0; i < out.length; i++) out[i] += scratch[i]!;
    },
  };
}

/** A DM setup on a detector model, with its binner. */
export function detectorDmSetup<N>(name: string, inputs: DmDetectorInputs<N>, sources: DmProductionSources): { setup: DmExperimentSetup; binner: DmBinner } {
  const grid = inputs.detector.grid;
  if (inputs.mode === 'nuclear' && !grid.unit.startsWith('keV')) throw new InvalidParameters(`${name}: nuclear-recoil DM needs a keVnr grid, detector grid is in ${grid.unit}`);
  const recoil = prepareRecoilContext(inputs.target, inputs.massKg, grid.energies, grid.unit, inputs.mode);
  return {
    setup: { name, distanceM: inputs.distanceM, protonsOnTarget: inputs.protonsOnTarget, pulse: inputs.pulse, recoil, sources },
    binner: detectorBinner(inputs.detector),
  };
}

// ------------------------------------------------------------------------------------------------
// Energy response matrix ⊗ time CDF: the detector supplies the response (quenching, resolution, efficiency);
// this only does the linear algebra.
// ------------------------------------------------------------------------------------------------

/**
 * Binner = energy response matrix (src/detectors/response.ts: M[b,k], counts in bin b per unit dN/dE_r at grid node k)
 * ⊗ time-bin fractions of each component's CDF.
 * Template layout: energy outer, time inner: out[e·nTime + t].
 */
export function responseMatrixBinner(response: ResponseMatrix, timeEdgesUs: ArrayLike<number>): DmBinner {
  const nE = response.nBins;
  const nR = response.nNodes;
  const nT = timeEdgesUs.length - 1;
  const matrix = response.data;
  if (matrix.length !== nE * nR) throw new InvalidParameters(`responseMatrixBinner: matrix has ${matrix.length} entries, expected ${nE}×${nR}`);
  if (nT < 1) throw new InvalidParameters('responseMatrixBinner: need ≥ 2 time edges');
  const eBins = new Float64Array(nE);
  const tFrac = new Float64Array(nT);
  return {
    size: nE * nT,
    accumulate(components, out) {
      for (const c of components) {
        if (c.countsPerUnit.length !== nR) throw new InvalidParameters(`responseMatrixBinner: component recoil grid has ${c.countsPerUnit.length} points, response expects ${nR}`);
        let any = false;
        for (let e = 0; e < nE; e++) {
          let s = 0;
          const row = e * nR;
          for (let r = 0; r < nR; r++) s += matrix[row + r]! * c.countsPerUnit[r]!;
          eBins[e] = s;
          if (s !== 0) any = true;
        }
        if (!any) continue;
        binFractions(c.cdf, timeEdgesUs, tFrac);
        for (let e = 0; e < nE; e++) {
          const v = eBins[e]!;
          if (v === 0) continue;
          const row = e * nT;
          for (let t = 0; t < nT; t++) out[row + t] += v * tFrac[t]!;
        }
      }
    },
  };
}

