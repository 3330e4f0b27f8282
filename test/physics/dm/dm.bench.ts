/**
 * Benchmark: one DM mass point for COHERENT CsI-2017 (three channels, 25 × 24 bins), unit-coupling templates.
 * Uses the installed sns-beam dataset if present (node dist/cli/main.js data install --all ...), otherwise a synthetic
 * π⁰ list of the same size (10484 rows).
 */
import { bench, describe } from 'vitest';
import { loadSnsBeam } from '../../../src/datasets/beams.js';
import { CSI2017_CONFIG, createCsi2017Model } from '../../../src/detectors/csi2017.js';
import { benchmarkSingleMediator } from '../../../src/physics/dm/model.js';
import { buildUnitDmTemplates, type DmProductionSources } from '../../../src/physics/dm/signal.js';
import { dmSourcesFromBeam, piMinusCaptureModel } from '../../../src/physics/dm/setups.js';
import { detectorDmSetup } from '../../../src/detectors/dmbinning.js';
import { DEFAULT_BREM_SUPPRESSION, preparePhotonSpectrum, preparePi0Sample } from '../../../src/physics/dm/production.js';
import { syntheticPi0 } from './fixtures.js';

let sources: DmProductionSources;
let origin: string;
try {
  sources = dmSourcesFromBeam(loadSnsBeam(), { beam: 'sns' });
  origin = 'installed sns-beam dataset';
} catch {
  const e = Float64Array.from({ length: 100 }, (_, i) => 3.4 + 4.74 * i);
  sources = {
    pi0: preparePi0Sample(syntheticPi0(10484)),
    piMinus: piMinusCaptureModel('sns'),
    brem: { photons: preparePhotonSpectrum({ energyMeV: e, counts: Float64Array.from(e, (x) => 3e5 * Math.exp(-x / 15)), protonsOnTarget: 1e5, source: 'synthetic' }), suppression: DEFAULT_BREM_SUPPRESSION },
  };
  origin = 'synthetic π⁰ list (sns-beam not installed)';
}
const det = createCsi2017Model(CSI2017_CONFIG);
const { setup, binner } = detectorDmSetup('CsI-2017', {
  detector: det,
  target: CSI2017_CONFIG.target,
  massKg: CSI2017_CONFIG.massKg,
  distanceM: CSI2017_CONFIG.source.distanceM,
  protonsOnTarget: CSI2017_CONFIG.source.protonsOnTarget,
  pulse: CSI2017_CONFIG.pulse,
  mode: 'nuclear',
}, sources);

let k = 0;
const masses = [10, 30, 75, 120];
// warm-up + one timing print
{
  for (let i = 0; i < 5; i++) buildUnitDmTemplates(setup, benchmarkSingleMediator(masses[i % 4]!, 1e-4), binner);
  const t0 = performance.now();
  const n = 40;
  for (let i = 0; i < n; i++) buildUnitDmTemplates(setup, benchmarkSingleMediator(masses[i % 4]!, 1e-4), binner);
  console.log(`[dm.bench] CsI-2017 DM mass point (3 channels, ${det.shape.nEnergy}×${det.shape.nTime} bins, ${origin}): ${((performance.now() - t0) / n).toFixed(2)} ms mean (target < 20 ms)`);
}

describe('DM signal', () => {
  bench('CsI-2017 one mass point, 3 channels (unit-coupling templates)', () => {
    buildUnitDmTemplates(setup, benchmarkSingleMediator(masses[k++ % 4]!, 1e-4), binner);
  });
});
