/**
 * One-line toy models for tests and examples (the equivalents of pyhf.simplemodels).
 */
import { InvalidSpecification } from '../../util/errors.js';
import { compileModel } from './compile.js';
import type { CompiledModel } from './compiled.js';
import type { ModelSpec } from './spec.js';

function unitAxis(n: number) {
  return [{ name: 'bin', unit: '1', edges: Array.from({ length: n + 1 }, (_, i) => i) }];
}

/**
 * Single channel `singlechannel`: sample `signal` scaled by the POI `mu` (normfactor) and sample
 * `background` with per-bin uncorrelated uncertainties (shapesys `uncorr_bkguncrt`, Barlow–Beeston-lite
 * Poisson constraints with τ_b = (bkg_b/σ_b)²). Parameters: `mu`, `uncorr_bkguncrt[0..n-1]` (pyhf names and order).
 */
export function uncorrelatedBackground(signal: readonly number[], bkg: readonly number[], bkgUncertainty: readonly number[]): CompiledModel {
  if (signal.length !== bkg.length || bkg.length !== bkgUncertainty.length) {
    throw new InvalidSpecification(`signal (${signal.length}), bkg (${bkg.length}) and bkgUncertainty (${bkgUncertainty.length}) must have equal lengths`, 'bkg');
  }
  const spec: ModelSpec = {
    schemaVersion: '1.0.0',
    name: 'uncorrelatedBackground',
    poi: 'mu',
    channels: [
      {
        name: 'singlechannel',
        axes: unitAxis(signal.length),
        samples: [
          { name: 'signal', data: [...signal], modifiers: [{ type: 'normfactor', name: 'mu' }] },
          { name: 'background', data: [...bkg], modifiers: [{ type: 'shapesys', name: 'uncorr_bkguncrt', data: [...bkgUncertainty] }] },
        ],
      },
    ],
  };
  return compileModel(spec);
}

/**
 * Single channel with `signal` (normfactor `mu`) and `background` whose per-bin uncertainties are fully
 * correlated (histosys `correlated_bkg_uncertainty` with templates bkg_up/bkg_down).
 */
export function correlatedBackground(signal: readonly number[], bkg: readonly number[], bkgUp: readonly number[], bkgDown: readonly number[]): CompiledModel {
  const spec: ModelSpec = {
    schemaVersion: '1.0.0',
    name: 'correlatedBackground',
    poi: 'mu',
    channels: [
      {
        name: 'single_channel',
        axes: unitAxis(signal.length),
        samples: [
          { name: 'signal', data: [...signal], modifiers: [{ type: 'normfactor', name: 'mu' }] },
          { name: 'background', data: [...bkg], modifiers: [{ type: 'histosys', name: 'correlated_bkg_uncertainty', data: { lo: [...bkgDown], hi: [...bkgUp] } }] },
        ],
      },
    ],
  };
  return compileModel(spec);
}

export const simpleModels = { uncorrelatedBackground, correlatedBackground } as const;
