/**
 * Declarative analysis configs (fits/*.yaml), schema version 1.0.0.
 *
 * Two passes, as for models: a strict zod schema (unknown keys are errors; the message names the key path
 * and what was expected), then experiment-specific checks in the analysis builders (region axis names,
 * which nuisances an experiment knows). `--set name=value` overrides are applied between the two: a
 * dotted path (`signal.mass_MeV=75`, `limit.cl=0.95`) edits the config before validation; a bare name
 * that is a model parameter (`Rn=5.5`) sets that parameter's value.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseWithSchema } from '../stats/model/schemaErrors.js';
import { InvalidSpecification } from '../util/errors.js';

export const ANALYSIS_SCHEMA_VERSION = '1.0.0';

export const EXPERIMENTS = ['csi2017', 'csi2021', 'lar2020', 'ccm', 'jsns2', 'lar-tonne'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const positive = finite.refine((v) => v > 0, { message: 'expected a positive number' });
const range = z
  .tuple([finite, finite])
  .refine((r) => r[1] > r[0], { message: 'expected [low, high] with high > low' });

/** A grid of values: explicit list, or {from, to, n, log}. */
const gridSchema = z.union([
  z.array(finite).min(1),
  z.strictObject({ from: positive, to: positive, n: z.number().int().min(1).max(10000), log: z.boolean().default(true) }),
]);
export type GridSpec = z.infer<typeof gridSchema>;

/** A nuisance parameter's settings. `sigma` is relative (e.g. 0.1 = 10 %) unless stated by the experiment. */
const nuisanceSchema = z.strictObject({
  /** Relative Gaussian prior width (0 = fixed at nominal). */
  sigma: finite.refine((v) => v >= 0, { message: 'expected sigma >= 0' }).optional(),
  /** Fix the parameter at its nominal value. */
  fixed: z.boolean().optional(),
  /** Citation or reasoning for the prior. */
  source: z.string().optional(),
});
export type NuisanceConfig = z.infer<typeof nuisanceSchema>;

const signalSchema = z.strictObject({
  /** Single mediator: the produced A′ is also the scattering mediator. */
  mediator: z.enum(['single']).default('single'),
  /** Dark-photon mass m_A′ (MeV) for `fit`/`significance`/`compare`. */
  mass_MeV: positive.default(138),
  /** m_χ = m_A′ / chi_mass_ratio. */
  chi_mass_ratio: positive.default(3),
  /** Dark coupling α_D = g_D²/4π. */
  alpha_D: positive.default(0.5),
  chi_spin: z.enum(['dirac', 'scalar']).default('dirac'),
  /** Production channels to include. */
  production: z.array(z.enum(['pi0', 'piminus', 'brem'])).min(1).default(['pi0', 'piminus', 'brem']),
  /**
   * π⁻ capture model: `heavy-nucleus` (stopped π⁻ × ~2 % radiative capture × phase space, see
   * src/physics/dm/setups.ts) or `reference-code` (every stopped π⁻ yields an A′ with probability ε², as in
   * the arXiv:2006.09386 scripts).
   */
  piminus_capture: z.enum(['heavy-nucleus', 'reference-code']).default('heavy-nucleus'),
  /** π⁰ → γX normalisation: `physical` BR, or `reference-code` (the arXiv:2006.09386 scripts' ≈ 10/(1−x²)³ larger flux, docs/physics.md §8.1 item 1). */
  pi0_normalisation: z.enum(['physical', 'reference-code']).default('physical'),
  /** A′ lifetime: 'prompt' (from the Lagrangian width) or a fixed lifetime in µs. */
  lifetime_us: z.union([z.literal('prompt'), positive]).default('prompt'),
});
export type SignalConfig = z.infer<typeof signalSchema>;

const nsiSchema = z.strictObject({
  /** Light vector mediator mass (MeV) coupling to quarks and to ν_e (g_e) and ν_μ (g_μ). */
  mediator_mass_MeV: positive.default(10),
  /** Which couplings the NSI hypothesis fits (each with a universal quark coupling, see the experiment). */
  couplings: z.array(z.enum(['g_e', 'g_mu'])).min(1).default(['g_e', 'g_mu']),
});
export type NsiConfig = z.infer<typeof nsiSchema>;

const limitSchema = z.strictObject({
  /** Confidence level. */
  cl: finite.refine((v) => v > 0 && v < 1, { message: 'expected 0 < cl < 1' }).default(0.9),
  method: z.enum(['cls', 'clsb', 'fc']).default('cls'),
  /** Mediator masses (MeV). */
  mass_MeV: gridSchema.default({ from: 1, to: 300, n: 100, log: true }),
  /** Toys per point for method fc. */
  toys: z.number().int().min(10).default(200),
  seed: z.number().int().default(1),
});
export type LimitConfig = z.infer<typeof limitSchema>;

const scanSchema = z.strictObject({
  mass_MeV: gridSchema.default({ from: 1, to: 300, n: 40, log: true }),
  Y: gridSchema.default({ from: 1e-12, to: 1e-7, n: 40, log: true }),
});

export const analysisConfigSchema = z.strictObject({
  schemaVersion: z.literal(ANALYSIS_SCHEMA_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  experiment: z.enum(EXPERIMENTS),
  /** observed: fit the release's data; asimov: projections on the background-only expectation. */
  data: z.enum(['observed', 'asimov']).default('observed'),
  /** Analysis region: axis name → [low, high] edges (axis names depend on the experiment). */
  region: z.record(z.string(), range).default({}),
  /** Experiment-specific options (exposure, thresholds, control channels …); checked by the experiment. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Physics inputs: neutron rms radius (fm) of the target nuclei, etc. */
  physics: z.strictObject({ Rn_fm: positive.optional(), profile_Rn: z.boolean().default(false) }).default({ profile_Rn: false }),
  /** Nuisance parameters by name (names depend on the experiment). */
  nuisances: z.record(z.string(), nuisanceSchema).default({}),
  signal: signalSchema.optional(),
  nsi: nsiSchema.optional(),
  limit: limitSchema.optional(),
  scan: scanSchema.optional(),
});
export type AnalysisConfig = z.infer<typeof analysisConfigSchema>;

/** A loaded config plus the parameter overrides from --set that name model parameters. */
export interface LoadedAnalysis {
  readonly config: AnalysisConfig;
  readonly file: string;
  /** Bare-name overrides (`Rn=5.5`), applied to model parameters by the analysis. */
  readonly parameterSets: ReadonlyMap<string, number>;
}

/** Expand a grid spec into values. */
export function expandGrid(g: GridSpec): Float64Array {
  if (Array.isArray(g)) return Float64Array.from(g);
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) {
    const f = g.n === 1 ? 0 : i / (g.n - 1);
    out[i] = g.log ? Math.exp(Math.log(g.from) + f * (Math.log(g.to) - Math.log(g.from))) : g.from + f * (g.to - g.from);
  }
  return out;
}

/** Set `value` at a dotted path in a plain object, creating objects on the way. */
function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = cur[k];
    if (next === undefined) cur[k] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new InvalidSpecification(`cannot set "${path}": "${keys.slice(0, i + 1).join('.')}" is not a section`, '--set');
    }
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** Parse and validate a config object (already read from YAML), applying --set overrides. */
export function parseAnalysisConfig(raw: unknown, file: string, sets: ReadonlyMap<string, string | number | boolean> = new Map()): LoadedAnalysis {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidSpecification('expected a mapping at the top level', file);
  const obj = structuredClone(raw) as Record<string, unknown>;
  const parameterSets = new Map<string, number>();
  for (const [name, value] of sets) {
    if (name.includes('.')) {
      let v: unknown = value;
      // Allow YAML/JSON literals for lists and objects, e.g. --set region.pe=[16,30]
      if (typeof value === 'string' && /^[[{]/.test(value)) {
        try {
          v = parseYaml(value);
        } catch {
          throw new InvalidSpecification(`cannot parse value "${value}"`, `--set ${name}`);
        }
      }
      setPath(obj, name, v);
    } else {
      if (typeof value !== 'number') throw new InvalidSpecification(`parameter override needs a number, got "${value}" (settings use dotted paths, e.g. signal.mass_MeV=75)`, `--set ${name}`);
      parameterSets.set(name, value);
    }
  }
  const config = parseWithSchema(analysisConfigSchema, obj, `analysis config ${basename(file)}`);
  return { config, file, parameterSets };
}

/** Read a YAML analysis config from disk and validate it. */
export function loadAnalysisConfig(file: string, sets: ReadonlyMap<string, string | number | boolean> = new Map()): LoadedAnalysis {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidSpecification(`cannot read analysis config: ${(e as Error).message}`, file);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new InvalidSpecification(`invalid YAML: ${(e as Error).message}`, file);
  }
  return parseAnalysisConfig(raw, file, sets);
}
