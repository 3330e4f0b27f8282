/**
 * Declarative analysis configs (fits/*.yaml), schema versions 1.0.0 and 1.1.0 (1.1.0 adds `parameters.<name>.group`;
 * a 1.0.0 config that uses it is rejected, naming the key and the version it needs).
 *
 * Two passes, as for models: a strict zod schema (unknown keys are errors; the message names the key path
 * and what was expected), then experiment-specific checks in the analysis builders (region axis names,
 * which nuisances an experiment knows). `--set name=value` overrides are applied between the two: a
 * dotted path (`signal.mass_MeV=75`, `limit.cl=0.95`) edits the config before validation; a bare name
 * that is a model parameter (`Rn=5.5`) sets that parameter's value.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseWithSchema } from '../stats/model/schemaErrors.js';
import { InvalidSpecification } from '../util/errors.js';
import { toQuantity } from '../util/quantity.js';
import { baseName as basename, dirName as dirname, readTextFile, resolvePath as resolve } from '../util/host.js';
import { DEFAULT_FAMILY, FAMILIES, familyOf } from './families/index.js';
import type { CommonSignalOptions } from './families/types.js';
import { checkIndependentMembers } from './experiments/independence.js';
import { EXPERIMENT_KINDS, EXPERIMENT_NAMES, experimentKind, type combinationSchema, type ExperimentName } from './experiments/index.js';

export const ANALYSIS_SCHEMA_VERSION = '1.2.0';
/** Schema versions this code reads (older ones lack the keys of newer ones). */
export const ANALYSIS_SCHEMA_VERSIONS = ['1.0.0', '1.1.0', '1.2.0'] as const;

/** The experiment kinds (`experiment:`), from the registry src/analyses/experiments/index.ts. */
export const EXPERIMENTS = EXPERIMENT_NAMES;
export type { ExperimentName };

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const positive = finite.refine((v) => v > 0, { message: 'expected a positive number' });
const range = z
  .tuple([finite, finite])
  .refine((r) => r[1] > r[0], { message: 'expected [low, high] with high > low' });

/**
 * A grid of values: explicit list, or {from, to, n, log} with optional extra nodes `include` (e.g. kinematic
 * thresholds where a rate changes abruptly, so that interpolation between grid points never straddles them).
 */
const gridSchema = z.union([
  z.array(finite).min(1),
  z.strictObject({ from: positive, to: positive, n: z.number().int().min(1).max(10000), log: z.boolean().default(true), include: z.array(positive).optional() }),
]);
export type GridSpec = z.infer<typeof gridSchema>;

/**
 * One model parameter's settings (`parameters.<name>`), in the parameter's own unit (fm for `Rn`, µs for
 * `t_offset_us`, 1 for normalisations, σ units for released ±1σ shape nuisances; each experiment documents its
 * parameters and `fit --json` reports them):
 *  - `value`: nominal value = initial value = mean of the Gaussian prior;
 *  - `bounds`: [low, high] of the fit;
 *  - `fixed`: fix it at `value` (`fixed: false` frees a parameter that the experiment fixes by default, e.g. `Rn`);
 *  - `sigma`: Gaussian prior width (absolute, same unit); 0 fixes the parameter;
 *  - `source`: citation or reasoning for the prior;
 *  - `group` (schema 1.1.0): the uncertainty group of the parameter for the grouped breakdown of `impacts` (flux,
 *    quenching, form factor, efficiency, timing, BRN/NIN, steady state …; free text, parameters of one group are frozen
 *    together).
 */
const parameterSchema = z.strictObject({
  value: finite.optional(),
  bounds: range.optional(),
  fixed: z.boolean().optional(),
  sigma: finite.refine((v) => v >= 0, { message: 'expected sigma >= 0' }).optional(),
  source: z.string().optional(),
  group: z.string().min(1).optional(),
});
export type ParameterConfig = z.infer<typeof parameterSchema>;

/** Keys of `signal:` common to every family (./families/types.ts CommonSignalOptions). */
const commonSignalOptions = {
  /** Scanned/fitted mediator mass (MeV) for `fit`/`significance`/`compare`; its meaning is the family's massLabel. */
  mass_MeV: positive.default(138),
  /** Production channels to include (`eta` needs `eta_per_pot`: the beam files have no η list). */
  production: z.array(z.enum(['pi0', 'eta', 'piminus', 'brem'])).min(1).default(['pi0', 'piminus', 'brem']),
  /** η per POT for the `eta` channel (a stated, cited yield; no default). */
  eta_per_pot: z.number().refine((v) => Number.isFinite(v) && v >= 0, { message: 'expected a finite number >= 0' }).optional(),
  /** η kinematics: at rest in the nucleon–nucleon c.m. of the beam (`nn-threshold`), at rest in the lab, or with the π⁰ velocities of the beam file. */
  eta_kinematics: z.enum(['nn-threshold', 'at-rest', 'pi0-velocity']).default('nn-threshold'),
  /** Where `eta_per_pot` comes from (reported with the result). */
  eta_source: z.string().optional(),
  /**
   * π⁻ capture model: `heavy-nucleus` (stopped π⁻ × ~2 % radiative capture × phase space, see
   * src/physics/dm/setups.ts) or `reference-code` (every stopped π⁻ yields an A′ with probability ε², as in
   * the arXiv:2006.09386 scripts).
   */
  piminus_capture: z.enum(['heavy-nucleus', 'reference-code']).default('heavy-nucleus'),
  /** π⁰ → γX normalisation: `physical` BR, or `reference-code` (the arXiv:2006.09386 scripts' ≈ 10/(1−x²)³ larger flux, docs/physics.md §8.1 item 1). */
  pi0_normalisation: z.enum(['physical', 'reference-code']).default('physical'),
  /**
   * Line shape of the mediator in meson decays (schema 1.2.0): `narrow-width` (M → γX on shell; the arXiv:2006.09386
   * treatment, the default) or `breit-wigner` (M → γX* → γχχ̄ through the propagator, open while 2m_χ < m_M;
   * docs/physics.md §2.8).
   */
  mediator_lineshape: z.enum(['narrow-width', 'breit-wigner']).optional(),
};

/** `signal:` = the common keys plus the keys of the family named by `family` (default dark-photon). */
const signalSchema = z.discriminatedUnion(
  'family',
  [...FAMILIES.values()].map((f) => z.strictObject({ family: z.literal(f.name), ...commonSignalOptions, ...f.options })) as unknown as [
    z.ZodObject<{ family: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ family: z.ZodLiteral<string> }>[],
  ],
);
/** A validated `signal:` section: the common keys and the family's own keys. */
export type SignalConfig = CommonSignalOptions & Readonly<Record<string, unknown>>;

const nsiSchema = z.strictObject({
  /** Light vector mediator mass (MeV) coupling to quarks and to ν_e (g_e) and ν_μ (g_μ). */
  mediator_mass_MeV: positive.default(10),
  /** Which couplings the NSI hypothesis fits (each with a universal quark coupling, see the experiment). */
  couplings: z.array(z.enum(['g_e', 'g_mu'])).min(1).default(['g_e', 'g_mu']),
});
export type NsiConfig = z.infer<typeof nsiSchema>;

/** A validated `combination:` section (its schema is the registry entry's section, ./experiments/index.ts). */
export type CombinationConfig = z.infer<typeof combinationSchema> & {
  /** The members' validated configs (filled at load time, in `members` order). */
  readonly loaded?: ReadonlyArray<{ readonly name: string; readonly file: string; readonly config: AnalysisConfig }>;
};

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

/** Each registered kind's own top-level section (e.g. `combination:`), optional at the first pass. */
const kindSections: Readonly<Record<string, z.ZodOptional<z.ZodType>>> = Object.fromEntries(
  EXPERIMENT_KINDS.flatMap((k): Array<[string, z.ZodOptional<z.ZodType>]> => ('section' in k ? [[k.section.key, k.section.schema.optional()]] : [])),
);

/** The keys every config may have (the registered kinds add their sections, `kindSections`). */
const analysisShape = {
  schemaVersion: z.enum(ANALYSIS_SCHEMA_VERSIONS),
  name: z.string().min(1),
  /** Name in figure legends and titles, typeset (`_{…}` subscript, `^{…}` superscript); default: `defaultLabel`. */
  label: z.string().min(1).optional(),
  description: z.string().optional(),
  experiment: z.enum(EXPERIMENT_NAMES),
  /** observed: fit the release's data; asimov: projections on the background-only expectation. */
  data: z.enum(['observed', 'asimov']).default('observed'),
  /** Analysis region: axis name → [low, high] edges (axis names depend on the experiment). */
  region: z.record(z.string(), range).default({}),
  /** Experiment-specific options (exposure, thresholds, control channels …); checked by the experiment. */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Model parameters by name (names depend on the experiment; see each experiment's module comment). */
  parameters: z.record(z.string(), parameterSchema).default({}),
  signal: signalSchema.optional(),
  nsi: nsiSchema.optional(),
  limit: limitSchema.optional(),
  scan: scanSchema.optional(),
};
export const analysisConfigSchema = z.strictObject({ ...analysisShape, ...kindSections });
export type AnalysisConfig = Omit<z.infer<z.ZodObject<typeof analysisShape>>, 'signal'> & {
  readonly signal?: SignalConfig;
  readonly combination?: CombinationConfig;
};

/**
 * The config's name in figures: its `label:`, else the experiment's display name (a combination: its members'
 * labels joined by " + "), with "(projection)" for Asimov data.
 */
export function configLabel(config: Pick<AnalysisConfig, 'label' | 'experiment' | 'data'> & { readonly combination?: CombinationConfig }): string {
  if (config.label) return config.label;
  const members = config.combination?.loaded;
  const base = config.experiment === 'combination' && members?.length ? members.map((m) => configLabel({ ...m.config, data: 'observed' })).join(' + ') : experimentKind(config.experiment).label;
  return config.data === 'asimov' ? `${base} (projection)` : base;
}

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
  if (!g.include?.length) return out;
  // Extra nodes inside the range, merged in ascending order; a node within 1e-9 (relative) of a grid point is that point.
  const extra = g.include.filter((x) => x > Math.min(g.from, g.to) && x < Math.max(g.from, g.to) && !out.some((v) => Math.abs(v - x) <= 1e-9 * x));
  return Float64Array.from([...out, ...extra]).sort();
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
  rejectLegacyKeys(obj, file);
  try {
    convertQuantities(obj, '', null);
  } catch (e) {
    if (e instanceof InvalidSpecification) throw new InvalidSpecification(e.message.slice(e.path.length + 2), `${basename(file)}: ${e.path}`);
    throw e;
  }
  const sig = obj.signal;
  if (sig && typeof sig === 'object' && !Array.isArray(sig) && (sig as Record<string, unknown>).family === undefined) (sig as Record<string, unknown>).family = DEFAULT_FAMILY;
  const config = parseWithSchema(analysisConfigSchema, obj, `analysis config ${basename(file)}`) as AnalysisConfig;
  if (config.schemaVersion === '1.0.0') {
    for (const [name, p] of Object.entries(config.parameters)) {
      if (p.group !== undefined) throw new InvalidSpecification(`unknown key "group" in schema 1.0.0 (parameter groups need schemaVersion: 1.1.0)`, `${basename(file)}: parameters.${name}.group`);
    }
  }
  if (config.signal) {
    if (config.signal.mediator_lineshape !== undefined && config.schemaVersion !== '1.2.0') {
      throw new InvalidSpecification(`unknown key "mediator_lineshape" in schema ${config.schemaVersion} (it needs schemaVersion: 1.2.0)`, `${basename(file)}: signal.mediator_lineshape`);
    }
    if (config.signal.production.includes('eta') && config.signal.eta_per_pot === undefined) {
      throw new InvalidSpecification('the eta channel needs an η yield: set signal.eta_per_pot (η per POT, with its source in signal.eta_source)', `${basename(file)}: signal.eta_per_pot`);
    }
    try {
      familyOf(config.signal.family).check?.(config.signal);
    } catch (e) {
      if (e instanceof RangeError) throw new InvalidSpecification(e.message.replace(/^signal\.\w+: /, ''), `${basename(file)}: ${/^(signal\.\w+)/.exec(e.message)?.[1] ?? 'signal'}`);
      throw e;
    }
  }
  if (config.experiment === 'combination') return { config: loadMembers(config, file), file, parameterSets };
  if (config.combination) throw new InvalidSpecification('a `combination:` section needs experiment: combination', `${basename(file)}: combination`);
  return { config, file, parameterSets };
}

/** Load and validate the members of a combination (paths relative to the combination file). */
function loadMembers(config: AnalysisConfig, file: string): AnalysisConfig {
  const comb = config.combination;
  const where = basename(file);
  if (!comb) throw new InvalidSpecification('experiment: combination needs a `combination:` section listing its members', `${where}: combination`);
  const loaded = comb.members.map((m, i) => {
    const path = resolve(dirname(file), m.config);
    let member: LoadedAnalysis;
    try {
      member = loadAnalysisConfig(path);
    } catch (e) {
      if (e instanceof InvalidSpecification) throw new InvalidSpecification(`member ${m.config}: ${e.message}`, `${where}: combination.members[${i}]`);
      throw e;
    }
    if (member.config.experiment === 'combination') throw new InvalidSpecification('a member cannot itself be a combination', `${where}: combination.members[${i}].config`);
    if (member.config.data !== config.data) {
      throw new InvalidSpecification(`member data "${member.config.data}" differs from the combination's "${config.data}"`, `${where}: combination.members[${i}]`);
    }
    const name = m.name ?? member.config.experiment;
    // One signal for all members: the combination's (or none).
    const { signal: _dropped, ...rest } = member.config;
    void _dropped;
    return { name, file: path, config: { ...rest, ...(config.signal ? { signal: config.signal } : {}) } as AnalysisConfig };
  });
  const names = loaded.map((l) => l.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InvalidSpecification(`two members are named "${dup}"; give them distinct \`name:\`s`, `${where}: combination.members`);
  comb.shared.forEach((sh, i) => {
    for (const m of sh.members) if (!names.includes(m)) throw new InvalidSpecification(`unknown member "${m}"; members are ${names.join(', ')}`, `${where}: combination.shared[${i}].members`);
  });
  checkIndependentMembers(loaded.map((l) => ({ name: l.name, releases: experimentKind(l.config.experiment).dataReleases })), `${where}: combination.members`);
  return { ...config, combination: { ...comb, loaded } };
}

/**
 * Config keys name their unit as a suffix (`mass_MeV`, `time_us`, `recoil_keVnr`, `distance_m`, `mass_kg` …). Such a
 * key may be given a string with units ("19.3 m", "150 ns", "0.2 GeV", "14 keVnr"): it is converted to the key's unit
 * and dimension-checked (src/util/quantity.ts, mathjs) before validation; plain numbers are in the key's unit.
 */
const UNIT_SUFFIXES: ReadonlyArray<readonly [RegExp, string]> = [
  [/_keVnr$/, 'keVnr'],
  [/_keVee$/, 'keVee'],
  [/_MeVee$/, 'MeVee'],
  [/_MeV$/, 'MeV'],
  [/_GeV$/, 'GeV'],
  [/_us$/, 'us'],
  [/_ns$/, 'ns'],
  [/_kg_day$/, 'kg day'],
  [/_kg$/, 'kg'],
  [/_m$/, 'm'],
  [/_fm$/, 'fm'],
  [/_GWh$/, 'GWh'],
  [/_Hz$/, 'Hz'],
  [/_uA$/, 'uA'],
];

function unitOfKey(key: string): string | null {
  for (const [re, unit] of UNIT_SUFFIXES) if (re.test(key)) return unit;
  return null;
}

/** Convert strings with units under unit-suffixed keys (also inside lists and {from, to} grids), in place. */
function convertQuantities(node: unknown, path: string, unit: string | null): unknown {
  if (typeof node === 'string' && unit !== null && /^[-+.\d]/.test(node.trim()) && /[A-Za-zµ]/.test(node)) return toQuantity(node, unit === 'us' ? 'us' : unit, path);
  if (Array.isArray(node)) return node.map((v, i) => convertQuantities(v, `${path}[${i}]`, unit));
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      const keyUnit = unitOfKey(k);
      // {from, to, n} grids inherit the unit of their key; other nested keys name their own.
      const inherited = keyUnit ?? ((k === 'from' || k === 'to') ? unit : null);
      o[k] = convertQuantities(v, path ? `${path}.${k}` : k, inherited);
    }
    return o;
  }
  return node;
}

/** Keys of schema 1.0.0 drafts that moved: a clear error naming the new key instead of "unknown key". */
function rejectLegacyKeys(obj: Record<string, unknown>, file: string): void {
  const where = basename(file);
  if ('physics' in obj) {
    throw new InvalidSpecification('`physics:` was replaced by `parameters:`: physics.Rn_fm → parameters.Rn.value (fm); physics.profile_Rn: true → parameters.Rn.fixed: false', `${where}: physics`);
  }
  if ('nuisances' in obj) {
    throw new InvalidSpecification('`nuisances:` was replaced by `parameters:` (same names; `sigma` is now the absolute prior width in the parameter\'s unit, e.g. parameters.qf.sigma: 0.0166)', `${where}: nuisances`);
  }
  const sig = obj.signal;
  if (sig && typeof sig === 'object' && !Array.isArray(sig)) {
    const s = sig as Record<string, unknown>;
    if ('mediator' in s) throw new InvalidSpecification(`signal.mediator was replaced by signal.family (${[...FAMILIES.keys()].join(', ')})`, `${where}: signal.mediator`);
    if ('chi_spin' in s) throw new InvalidSpecification('signal.chi_spin was replaced by the family: dark-photon (Dirac χ) or dark-photon-scalar (complex-scalar χ)', `${where}: signal.chi_spin`);
    if ('lifetime_us' in s && (s.family === undefined || s.family === DEFAULT_FAMILY)) {
      throw new InvalidSpecification('an explicit A′ lifetime is the family dark-photon-long-lived (signal.family: dark-photon-long-lived, signal.lifetime_us: τ in µs)', `${where}: signal.lifetime_us`);
    }
  }
}

/** Read a YAML analysis config through the file host (src/util/host.ts) and validate it. */
export function loadAnalysisConfig(file: string, sets: ReadonlyMap<string, string | number | boolean> = new Map()): LoadedAnalysis {
  let text: string;
  try {
    text = readTextFile(file);
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
