/**
 * The binding kit shared by the experiment bindings (src/analyses/experiments/*): parameter declarations, option
 * schemas, sums, bin edges and factorised templates. One place for each.
 */
import type { z } from 'zod';
import { uniformEdges } from '../../detectors/template.js';
import { parseWithSchema } from '../../stats/model/schemaErrors.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig } from '../config.js';
import { resolveParameters, type ParameterDeclaration, type ResolvedParameters } from '../parameters.js';

export type { ParameterDeclaration, ResolvedParameters } from '../parameters.js';

/** Σ of an array. */
export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/**
 * A normalisation parameter (unit 1, nominal 1): `sigma` is the default relative prior width (null = free without
 * prior), `fixed` fixes it by default.
 */
export function normalisation(name: string, sigma: number | null, source: string, opts: { bounds?: readonly [number, number]; fixed?: boolean; scope?: string } = {}): ParameterDeclaration {
  const upper = Math.max(5, sigma !== null ? 1 + 8 * sigma : 5);
  return { name, unit: '1', value: 1, bounds: opts.bounds ?? [0, upper], sigma, source, ...(opts.fixed ? { fixed: true } : {}), ...(opts.scope ? { scope: opts.scope } : {}) };
}

/** A released ±1σ shape nuisance (unit σ, nominal 0, unit Gaussian prior by default). */
export function shapeNuisance(name: string, source: string, bounds: readonly [number, number] = [-5, 5]): ParameterDeclaration {
  return { name, unit: 'sigma', value: 0, bounds, sigma: 1, source };
}

/**
 * The neutron rms radius R_n (fm) of a target's nuclei: fixed at `value` unless the config frees it
 * (`parameters.Rn.fixed: false`), then with the Gaussian prior `sigma` (fm). Its scope is the nucleus, so a
 * combination may share it only between detectors of the same nuclei.
 */
export function neutronRadius(nucleus: string, value: number, sigma: number, bounds: readonly [number, number], source: string): ParameterDeclaration {
  return { name: 'Rn', unit: 'fm', value, bounds, sigma, fixed: true, source, scope: `nucleus:${nucleus}` };
}

/** Resolve an experiment's declarations with the config's `parameters:` section. */
export function bindParameters(decls: readonly ParameterDeclaration[], config: AnalysisConfig): ResolvedParameters {
  return resolveParameters(decls, config.parameters, config.experiment);
}

/** Validate `options:` with an experiment's zod schema; errors name the `options.` key. */
export function parseOptions<T>(schema: z.ZodType<T>, config: AnalysisConfig): T {
  try {
    return parseWithSchema(schema, config.options, `options of ${config.experiment}`);
  } catch (e) {
    if (e instanceof InvalidSpecification) {
      const path = e.path && e.path !== '(root)' ? `options.${e.path}` : 'options';
      throw new InvalidSpecification(e.message.replace(/^[^:]*: /, ''), path);
    }
    throw e;
  }
}

/** Uniform edges on [lo, hi] with a bin width that must divide the range; errors name `key`. */
export function edgesWithWidth(range: readonly [number, number], width: number, key: string): Float64Array {
  const n = Math.round((range[1] - range[0]) / width);
  if (n < 1 || Math.abs(range[0] + n * width - range[1]) > 1e-9 * Math.max(1, Math.abs(range[1]))) {
    throw new InvalidSpecification(`bin width ${width} does not divide the region [${range[0]}, ${range[1]}]`, key);
  }
  return uniformEdges(range[0], range[1], width);
}

/**
 * Factorised shape of a 2-D histogram (row-major, nRows × nCols): out[i][j] = row_i · col_j / N with the row and
 * column projections and the same total N. Used for steady-state backgrounds measured in an anti-coincidence window.
 */
export function factorisedFromProjections(values: ArrayLike<number>, nRows: number, nCols: number): Float64Array {
  const row = new Float64Array(nRows);
  const col = new Float64Array(nCols);
  let n = 0;
  for (let i = 0; i < nRows; i++)
    for (let j = 0; j < nCols; j++) {
      const v = values[i * nCols + j]!;
      row[i] = row[i]! + v;
      col[j] = col[j]! + v;
      n += v;
    }
  const out = new Float64Array(nRows * nCols);
  if (n > 0) for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) out[i * nCols + j] = (row[i]! * col[j]!) / n;
  return out;
}
