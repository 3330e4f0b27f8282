/**
 * Modifier registry (HistFactory semantics, pyhf defaults). Each modifier type supplies
 *  - `shape`: scalar parameter or one parameter per bin of the channel;
 *  - `sharing`: whether one name may appear on several samples/channels;
 *  - `defaults(uses)`: the parameter set it requires (inits, bounds, fixed, constraint, nominal aux) given
 *    every place the name is used (staterror needs all samples of its channel to form the combined
 *    relative uncertainty);
 *  - `build(use, params)`: the builder that turns one use into a compiled op (typed arrays, parameter indices).
 * The appliers (op → expected counts and gradient) live in compiled.ts, one branch per op kind.
 */
import type { Constraint } from '../types.js';
import { InvalidModel } from '../../util/errors.js';
import type { ResolvedModifier } from './definition.js';
import type { HistosysInterpolation, ModifierType, NormsysInterpolation } from './spec.js';

/** One occurrence of a modifier on a sample, with its data flattened. */
export interface ModifierUse {
  readonly type: ModifierType;
  readonly name: string;
  readonly channel: number;
  readonly channelName: string;
  readonly sample: string;
  /** Nominal of the sample (flat). */
  readonly nominal: Float64Array;
  /** normsys: [lo, hi]; histosys: lo and hi templates; shapesys/staterror: absolute uncertainties; scale: [power]. */
  readonly scalars?: readonly number[];
  readonly lo?: Float64Array;
  readonly hi?: Float64Array;
  readonly uncertainty?: Float64Array;
  /** JSON path of the modifier, for error messages. */
  readonly path: string;
}

/** The parameter set a modifier name requires (one entry per component). */
export interface ParameterDefaults {
  readonly shape: 'scalar' | 'perBin';
  readonly n: number;
  readonly init: number[];
  readonly lo: number[];
  readonly hi: number[];
  readonly fixed: boolean[];
  readonly constraint: Constraint[];
  /** Mean of the auxiliary measurement per component (NaN when unconstrained). */
  readonly mean: number[];
}

export interface ModifierKind {
  readonly shape: 'scalar' | 'perBin';
  /** 'shared': any samples/channels; 'channel': several samples of one channel; 'sample': exactly one sample. */
  readonly sharing: 'shared' | 'channel' | 'sample';
  defaults(uses: readonly ModifierUse[], nBinsOfChannel: number): ParameterDefaults;
  build(
    use: ModifierUse,
    paramIndex: (component: number | null) => number,
    interp: { normsys: NormsysInterpolation; histosys: HistosysInterpolation },
  ): ResolvedModifier;
}

const none: Constraint = { type: 'none' };
const unitGaussian: Constraint = { type: 'gaussian', sigma: 1 };

function repeat<T>(n: number, v: T): T[] {
  return Array.from({ length: n }, () => v);
}

function scalarDefaults(init: number, lo: number, hi: number, constraint: Constraint, mean: number): ParameterDefaults {
  return { shape: 'scalar', n: 1, init: [init], lo: [lo], hi: [hi], fixed: [false], constraint: [constraint], mean: [mean] };
}

function perBinParams(use: ModifierUse, paramIndex: (c: number | null) => number): Int32Array {
  const idx = new Int32Array(use.nominal.length);
  for (let b = 0; b < idx.length; b++) idx[b] = paramIndex(b);
  return idx;
}

const normfactor: ModifierKind = {
  shape: 'scalar',
  sharing: 'shared',
  defaults: () => scalarDefaults(1, 0, 10, none, NaN),
  build: (use, p) => ({ op: 'factor', type: 'normfactor', name: use.name, param: p(null), power: 1 }),
};

const scale: ModifierKind = {
  shape: 'scalar',
  sharing: 'shared',
  defaults: () => scalarDefaults(1, 0, 10, none, NaN),
  build: (use, p) => ({ op: 'factor', type: 'scale', name: use.name, param: p(null), power: use.scalars![0]! }),
};

const lumi: ModifierKind = {
  shape: 'scalar',
  sharing: 'shared',
  // The width comes from the measurement / parameter declaration; resolve.ts insists that one is given.
  defaults: () => scalarDefaults(1, 0, 10, { type: 'gaussian', sigma: NaN }, 1),
  build: (use, p) => ({ op: 'factor', type: 'lumi', name: use.name, param: p(null), power: 1 }),
};

const normsys: ModifierKind = {
  shape: 'scalar',
  sharing: 'shared',
  defaults: () => scalarDefaults(0, -5, 5, unitGaussian, 0),
  build: (use, p, interp) => {
    const [lo, hi] = use.scalars as [number, number];
    return { op: 'normsys', name: use.name, param: p(null), lo, hi, code: interp.normsys };
  },
};

const histosys: ModifierKind = {
  shape: 'scalar',
  sharing: 'shared',
  defaults: () => scalarDefaults(0, -5, 5, unitGaussian, 0),
  build: (use, p, interp) => {
    const nb = use.nominal.length;
    const up = new Float64Array(nb);
    const dn = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      up[b] = use.hi![b]! - use.nominal[b]!;
      dn[b] = use.nominal[b]! - use.lo![b]!;
    }
    return { op: 'histosys', name: use.name, param: p(null), up, dn, code: interp.histosys };
  },
};

/**
 * shapesys (Barlow–Beeston-lite): γ_b with Poisson auxiliary count of nominal τ_b = (nominal_b/σ_b)².
 * Bins with nominal ≤ 0 or σ ≤ 0 get τ = 1 and a fixed γ (pyhf convention), so they do not float.
 */
const shapesys: ModifierKind = {
  shape: 'perBin',
  sharing: 'sample',
  defaults: (uses, nb) => {
    const use = uses[0]!;
    const init = repeat(nb, 1);
    const fixed: boolean[] = [];
    const constraint: Constraint[] = [];
    for (let b = 0; b < nb; b++) {
      const nom = use.nominal[b]!;
      const sig = use.uncertainty![b]!;
      const valid = nom > 0 && sig > 0;
      fixed.push(!valid);
      constraint.push({ type: 'poisson', tau: valid ? (nom / sig) ** 2 : 1 });
    }
    return { shape: 'perBin', n: nb, init, lo: repeat(nb, 1e-10), hi: repeat(nb, 10), fixed, constraint, mean: repeat(nb, 1) };
  },
  build: (use, p) => ({ op: 'perBin', type: 'shapesys', name: use.name, params: perBinParams(use, p) }),
};

/**
 * staterror: one γ_b per bin shared by all samples of the channel carrying the modifier, Gaussian with
 * σ_b = sqrt(Σ_s δ_sb²) / Σ_s ν_sb (sums over those samples; δ = absolute uncertainty). Bins with σ_b = 0
 * are fixed and given σ = 1 (pyhf convention: the constant constraint term is kept).
 */
const staterror: ModifierKind = {
  shape: 'perBin',
  sharing: 'channel',
  defaults: (uses, nb) => {
    const fixed: boolean[] = [];
    const constraint: Constraint[] = [];
    for (let b = 0; b < nb; b++) {
      let sumNom = 0;
      let sumVar = 0;
      for (const u of uses) {
        sumNom += u.nominal[b]!;
        sumVar += u.uncertainty![b]! ** 2;
      }
      const sigma = sumNom > 0 ? Math.sqrt(sumVar) / sumNom : 0;
      fixed.push(sigma === 0);
      constraint.push({ type: 'gaussian', sigma: sigma === 0 ? 1 : sigma });
    }
    return { shape: 'perBin', n: nb, init: repeat(nb, 1), lo: repeat(nb, 1e-10), hi: repeat(nb, 10), fixed, constraint, mean: repeat(nb, 1) };
  },
  build: (use, p) => ({ op: 'perBin', type: 'staterror', name: use.name, params: perBinParams(use, p) }),
};

const shapefactor: ModifierKind = {
  shape: 'perBin',
  sharing: 'shared',
  defaults: (_uses, nb) => ({
    shape: 'perBin',
    n: nb,
    init: repeat(nb, 1),
    lo: repeat(nb, 0),
    hi: repeat(nb, 10),
    fixed: repeat(nb, false),
    constraint: repeat(nb, none),
    mean: repeat(nb, NaN),
  }),
  build: (use, p) => ({ op: 'perBin', type: 'shapefactor', name: use.name, params: perBinParams(use, p) }),
};

/** The modifier registry: type → builder/defaults. */
export const MODIFIER_REGISTRY: Readonly<Record<ModifierType, ModifierKind>> = {
  normfactor,
  normsys,
  histosys,
  shapesys,
  staterror,
  lumi,
  shapefactor,
  scale,
};

/** pyhf's modifier-type order (alphabetical), which sets its parameter order; `scale` (ours) goes last. */
export const PYHF_TYPE_ORDER: readonly ModifierType[] = [
  'histosys',
  'lumi',
  'normfactor',
  'normsys',
  'shapefactor',
  'shapesys',
  'staterror',
  'scale',
];

export function assertKnownModifier(type: string, path: string): asserts type is ModifierType {
  if (!(type in MODIFIER_REGISTRY)) throw new InvalidModel(`${path}: unknown modifier type '${type}'`);
}
