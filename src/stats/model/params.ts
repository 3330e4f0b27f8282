/**
 * Flat parameter bookkeeping: one Float64Array of parameters, names `base` or `base[i]` (pyhf convention),
 * slices per base name, and the single helper that fixes / releases parameters (`withFixed`).
 */
import type { Constraint, ParameterConfig } from '../types.js';
import { InvalidParameters } from '../../util/errors.js';
import type { ResolvedParameter } from './definition.js';

/** Contiguous range of a (possibly per-bin) parameter in the flat vector. */
export interface ParameterSlice {
  readonly start: number;
  readonly length: number;
}

/** ParameterConfig of a compiled model, plus slices by base name. Immutable; derive variants with `withFixed`. */
export class ModelParameters implements ParameterConfig {
  readonly n: number;

  constructor(
    readonly names: readonly string[],
    readonly init: Float64Array,
    readonly lo: Float64Array,
    readonly hi: Float64Array,
    readonly fixed: Uint8Array,
    readonly constraints: readonly Constraint[],
    readonly poiIndex: number | null,
    private readonly byName: ReadonlyMap<string, number>,
    /** base name → slice (e.g. `staterror_sr` → {start: 3, length: 10}). */
    readonly slices: ReadonlyMap<string, ParameterSlice>,
  ) {
    this.n = names.length;
  }

  /** Build from resolved parameters. */
  static fromResolved(params: readonly ResolvedParameter[], poiIndex: number | null): ModelParameters {
    const byName = new Map<string, number>();
    const slices = new Map<string, { start: number; length: number }>();
    params.forEach((p, i) => {
      byName.set(p.name, i);
      const s = slices.get(p.base);
      if (s === undefined) slices.set(p.base, { start: i, length: 1 });
      else s.length++;
    });
    return new ModelParameters(
      params.map((p) => p.name),
      Float64Array.from(params, (p) => p.init),
      Float64Array.from(params, (p) => p.lo),
      Float64Array.from(params, (p) => p.hi),
      Uint8Array.from(params, (p) => (p.fixed ? 1 : 0)),
      params.map((p) => p.constraint),
      poiIndex,
      byName,
      slices,
    );
  }

  /** Name of the parameter of interest, or null. */
  get poiName(): string | null {
    return this.poiIndex === null ? null : this.names[this.poiIndex]!;
  }

  /** Index of a scalar parameter by full name (`mu`, `uncorr_bkguncrt[1]`); throws InvalidParameters if unknown. */
  index(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) {
      const s = this.slices.get(name);
      const hint = s !== undefined ? ` ('${name}' has ${s.length} components: use '${name}[0]' … '${name}[${s.length - 1}]')` : ` (known parameters: ${this.names.slice(0, 20).join(', ')}${this.n > 20 ? ', …' : ''})`;
      throw new InvalidParameters(`unknown parameter '${name}'${hint}`);
    }
    return i;
  }

  /** Slice of a base name (scalar or per-bin); throws InvalidParameters if unknown. */
  slice(base: string): ParameterSlice {
    const s = this.slices.get(base);
    if (s === undefined) throw new InvalidParameters(`unknown parameter '${base}'`);
    return s;
  }

  /** A copy of the initial values, with optional values by name (`{ mu: 0 }`). */
  vector(values: Readonly<Record<string, number>> = {}): Float64Array {
    const v = Float64Array.from(this.init);
    for (const [k, x] of Object.entries(values)) v[this.index(k)] = x;
    return v;
  }
}

/**
 * Fix or release parameters — the one place where this is done (fixed-POI fits, scans, toys).
 * `changes[name] = value` fixes `name` at `value` (its init becomes `value`); `changes[name] = null` releases
 * a parameter (fixed = 0, init kept). Names may be base names of per-bin parameters (applies to every
 * component). Returns a new config sharing names/constraints with `config`; `config` itself is unchanged,
 * so "restoring" is simply using the original again.
 */
export function withFixed(config: ParameterConfig, changes: Readonly<Record<string, number | null>>): ModelParameters {
  const init = Float64Array.from(config.init);
  const fixed = Uint8Array.from(config.fixed);
  const mp = config instanceof ModelParameters ? config : null;
  for (const [name, value] of Object.entries(changes)) {
    let indices: number[];
    const s = mp?.slices.get(name);
    if (s !== undefined) indices = Array.from({ length: s.length }, (_, k) => s.start + k);
    else indices = [config.index(name)];
    for (const i of indices) {
      if (value === null) {
        fixed[i] = 0;
      } else {
        if (!Number.isFinite(value)) throw new InvalidParameters(`cannot fix '${config.names[i]}' at non-finite value ${value}`);
        if (value < config.lo[i]! || value > config.hi[i]!) {
          throw new InvalidParameters(`cannot fix '${config.names[i]}' at ${value}: outside its bounds [${config.lo[i]}, ${config.hi[i]}]`);
        }
        init[i] = value;
        fixed[i] = 1;
      }
    }
  }
  if (mp !== null) {
    return new ModelParameters(mp.names, init, mp.lo, mp.hi, fixed, mp.constraints, mp.poiIndex, (mp as unknown as { byName: ReadonlyMap<string, number> }).byName, mp.slices);
  }
  const byName = new Map(config.names.map((n, i) => [n, i] as const));
  const slices = new Map(config.names.map((n, i) => [n, { start: i, length: 1 }] as const));
  return new ModelParameters(config.names, init, Float64Array.from(config.lo), Float64Array.from(config.hi), fixed, config.constraints, config.poiIndex, byName, slices);
}
