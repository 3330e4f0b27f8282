/**
 * Model parameters of an analysis in one place: each experiment DECLARES its parameters (nominal value, bounds,
 * default prior, unit, source), the config's `parameters:` section overrides them, and this module resolves the two
 * into ParameterSpecs of the statistics layer. The rules are the same in every experiment:
 *  - `value` is the nominal value, the fit's initial value and the mean of the Gaussian prior;
 *  - `sigma` is the absolute prior width in the parameter's unit; 0 fixes the parameter; without a prior (declared
 *    sigma null and none configured) a free parameter is unconstrained;
 *  - `fixed: true` fixes it at `value`; `fixed: false` frees a parameter the experiment fixes by default (e.g. `Rn`:
 *    "profile R_n" means `parameters.Rn.fixed: false` in every experiment, with the experiment's default prior);
 *  - unknown names are errors listing the experiment's parameters.
 */
import type { ParameterSpec } from '../stats/model/spec.js';
import { InvalidSpecification } from '../util/errors.js';
import type { ParameterConfig } from './config.js';

/** An experiment's declaration of one parameter. */
export interface ParameterDeclaration {
  readonly name: string;
  /** Unit of value, bounds and sigma ('1' for normalisations, 'sigma' for ±1σ shape nuisances, 'fm', 'us' …). */
  readonly unit: string;
  readonly value: number;
  readonly bounds: readonly [number, number];
  /** Default Gaussian prior width (absolute, in `unit`); null = no prior. */
  readonly sigma: number | null;
  /** Fixed unless the config frees it. @default false */
  readonly fixed?: boolean;
  /** Citation or reasoning of the default. */
  readonly source: string;
  /**
   * What the parameter physically belongs to, for combinations: parameters may be shared across experiments only
   * within one scope (e.g. 'source:SNS' for the SNS ν flux, 'nucleus:CsI' for R_n of Cs/I). Absent = never shared.
   */
  readonly scope?: string;
}

/** A declaration after the config's overrides. */
export interface ResolvedParameter {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly bounds: readonly [number, number];
  readonly fixed: boolean;
  /** Prior width when constrained and free, else null. */
  readonly sigma: number | null;
  readonly source: string;
  readonly scope?: string;
  /** The statistics-layer spec. */
  readonly spec: ParameterSpec;
}

/** Resolved parameters by name, in declaration order. */
export class ResolvedParameters {
  readonly list: readonly ResolvedParameter[];
  private readonly byName: ReadonlyMap<string, ResolvedParameter>;

  constructor(list: readonly ResolvedParameter[]) {
    this.list = list;
    this.byName = new Map(list.map((p) => [p.name, p]));
  }

  get(name: string): ResolvedParameter {
    const p = this.byName.get(name);
    if (!p) throw new InvalidSpecification(`internal: no parameter "${name}" was declared`, `parameters.${name}`);
    return p;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** True when the parameter floats in fits. */
  free(name: string): boolean {
    return !this.get(name).fixed;
  }

  specs(): ParameterSpec[] {
    return this.list.map((p) => p.spec);
  }

  /** Scopes of the declared parameters (name → scope), for combinations. */
  scopes(): Record<string, string | null> {
    return Object.fromEntries(this.list.map((p) => [p.name, p.scope ?? null]));
  }
}

/**
 * Apply `parameters:` of a config to an experiment's declarations.
 * @param experiment name used in error messages
 */
export function resolveParameters(decls: readonly ParameterDeclaration[], config: Readonly<Record<string, ParameterConfig>>, experiment: string): ResolvedParameters {
  const known = decls.map((d) => d.name);
  for (const name of Object.keys(config)) {
    if (!known.includes(name)) {
      throw new InvalidSpecification(`unknown parameter of ${experiment}; its parameters are ${known.join(', ')}`, `parameters.${name}`);
    }
  }
  return new ResolvedParameters(
    decls.map((d) => {
      const c = config[d.name] ?? {};
      const key = `parameters.${d.name}`;
      const bounds = c.bounds ?? d.bounds;
      const value = c.value ?? d.value;
      if (!(value >= bounds[0] && value <= bounds[1])) {
        throw new InvalidSpecification(`value ${value} ${d.unit} is outside the bounds [${bounds[0]}, ${bounds[1]}]`, c.value !== undefined ? `${key}.value` : `${key}.bounds`);
      }
      const sigma = c.sigma ?? d.sigma;
      const fixed = c.fixed ?? (d.fixed === true || sigma === 0);
      if (c.fixed === false && c.sigma === 0) throw new InvalidSpecification('fixed: false with sigma: 0 (sigma 0 fixes the parameter)', `${key}.sigma`);
      const constrained = !fixed && sigma !== null && sigma > 0;
      const spec: ParameterSpec = {
        name: d.name,
        init: value,
        bounds: [bounds[0], bounds[1]],
        ...(fixed ? { fixed: true } : {}),
        ...(constrained ? { constraint: { type: 'gaussian' as const, sigma: sigma!, mean: value } } : {}),
      };
      return {
        name: d.name,
        unit: d.unit,
        value,
        bounds,
        fixed,
        sigma: constrained ? sigma : null,
        source: c.source ?? d.source,
        ...(d.scope !== undefined ? { scope: d.scope } : {}),
        spec,
      };
    }),
  );
}
