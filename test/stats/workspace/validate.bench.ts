/**
 * Structural validation of a large valid pyhf workspace with pyhf's schema (src/stats/workspace/validate.ts): 200
 * channels × 10 samples × 5 modifiers (normfactor, staterror, normsys, histosys, shapesys; 20 bins). The validator
 * collects every error (scripts/build-pyhf-validator.mjs, `allErrors`), so the failing branches of the modifier `anyOf`
 * are checked in full also for a valid modifier; this is the cost of that on a valid document.
 */
import { bench, describe } from 'vitest';
import { parseWorkspace } from '../../../src/stats/workspace/validate.js';

const bins = (v: number) => Array.from({ length: 20 }, () => v);
const workspace = {
  channels: Array.from({ length: 200 }, (_, c) => ({
    name: `c${c}`,
    samples: Array.from({ length: 10 }, (_, s) => ({
      name: `s${s}`,
      data: bins(1),
      modifiers: [
        { name: 'mu', type: 'normfactor', data: null },
        { name: 'st', type: 'staterror', data: bins(0.1) },
        { name: `sys${s}`, type: 'normsys', data: { hi: 1.1, lo: 0.9 } },
        { name: `h${s}`, type: 'histosys', data: { hi_data: bins(1.1), lo_data: bins(0.9) } },
        { name: `sh${c}`, type: 'shapesys', data: bins(0.1) },
      ],
    })),
  })),
  observations: Array.from({ length: 200 }, (_, c) => ({ name: `c${c}`, data: bins(1) })),
  measurements: [{ name: 'm', config: { poi: 'mu', parameters: [] } }],
  version: '1.0.0',
};

describe('pyhf workspace validation', () => {
  bench('valid workspace, 2000 samples × 5 modifiers', () => {
    parseWorkspace(workspace);
  });
});
