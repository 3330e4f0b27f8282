// The benchmark model of issue 2: 1000 bins (energy 50 × time 20), 10 nuisance parameters + POI (scripts/bench-models.mjs).
import { compileModel, type CompiledModel } from '../../../src/stats/model/index.js';
import { benchSpec } from '../../../scripts/bench-models.mjs';

export function benchModel(): CompiledModel {
  return compileModel(benchSpec(null));
}
