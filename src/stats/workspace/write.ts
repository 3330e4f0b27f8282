/**
 * Writing pyhf HistFactory JSON workspaces (schema version 1.0.0) from a model in generic form (a native
 * ModelSpec, or the channels + per-component parameter settings that the reader produces).
 *
 * Mapping (each exact unless stated):
 * - channels: bins flattened row-major (last axis fastest, as the native spec); axes are not part of pyhf's
 *   schema and are returned in the metadata so that a reader can reshape;
 * - normfactor, normsys, histosys, shapesys, staterror, shapefactor, lumi: same modifier, data flattened;
 *   `scale` with power 1 is a normfactor (other powers: refused);
 * - a normfactor θ with a Gaussian prior N(m, s) (pyhf normfactors are unconstrained) becomes a histosys
 *   α ~ N(0, 1) with θ = m + s·α: the sample is written at m·nominal with lo/hi templates (m ∓ s)·nominal.
 *   The templates are symmetric, so every pyhf interpolation code gives the linear factor exactly. Exact when
 *   the sample carries no other additive (histosys) modifier; otherwise the cross terms θ·Δ_other are dropped
 *   (exact at the nominal point and to first order) and the metadata says so;
 * - parameter settings → measurement parameter configs: inits, bounds, fixed (per-bin settings repeated to one
 *   value per bin, as pyhf requires); normsys/histosys priors must have width 1 (pyhf cannot configure
 *   `sigmas` for them), a shifted mean becomes `auxdata`; lumi needs `sigmas` and gets `auxdata`; Poisson
 *   factors of shapesys → `factors`; staterror widths → `sigmas`. Log-normal or Poisson priors on a
 *   normfactor, and priors on shapefactors, are refused;
 * - interpolation: pyhf ≥ 0.7 defaults to normsys code4 and histosys code4p; the native spec defaults to
 *   code1/code0. The codes of the source model are returned in the metadata, with the modifiers for which the
 *   choice matters (normsys always; histosys with asymmetric templates) — pass them to pyhf as
 *   `modifier_settings` or to our reader as `interpolation`.
 * The result is validated by building it with the reader's conventions before it is returned.
 */
import { InvalidSpecification } from '../../util/errors.js';
import type { ResolvedParameter } from '../model/definition.js';
import { flattenBins, resolveModel, specParameterOverrides, type ParameterOverride } from '../model/resolve.js';
import { joinPath } from '../model/schemaErrors.js';
import { MODIFIER_REGISTRY } from '../model/modifiers/index.js';
import type { ModifierMapping } from '../model/modifiers/index.js';
import type { AxisSpec, BinContents, ChannelSpec, ModelSpec, ModifierSpec, ModifierType, SampleSpec } from '../model/spec.js';
import type { WorkspaceModelInput } from './read.js';
import type { PyhfModifier, PyhfParameterConfig, PyhfWorkspace } from './schema.js';

/** A parameter whose meaning changed in the export (the workspace holds α; the physical value is mean + sigma·α). */
export interface ReparametrisedParameter {
  readonly name: string;
  /** What the parameter is in the source model. */
  readonly source: 'normfactor with a Gaussian prior';
  /** Written as. */
  readonly written_as: 'histosys';
  readonly mean: number;
  readonly sigma: number;
  /** Physical value from the workspace parameter. */
  readonly relation: string;
  /** False when a sample carries it together with other additive modifiers (cross terms dropped). */
  readonly exact: boolean;
  readonly note: string | null;
}

export interface WrittenChannelInfo {
  readonly name: string;
  /** Axes of the source channel; the workspace bins are these flattened row-major (last axis fastest). */
  readonly axes: readonly AxisSpec[];
  readonly n_bins: number;
}

export interface WorkspaceWriteMeta {
  readonly measurement: string;
  readonly poi: string;
  readonly channels: readonly WrittenChannelInfo[];
  readonly interpolation: {
    readonly normsys: string;
    readonly histosys: string;
    /** What to pass to `pyhf.Workspace.model(modifier_settings=…)` to get the source model's interpolation. */
    readonly pyhf_modifier_settings: { readonly normsys: { readonly interpcode: string }; readonly histosys: { readonly interpcode: string } };
    /** Modifiers whose likelihood changes if a reader uses pyhf's defaults (code4/code4p) instead. */
    readonly differs_from_pyhf_defaults: readonly string[];
  };
  readonly reparametrised: readonly ReparametrisedParameter[];
  /** Parameter settings dropped because no modifier uses them (only with unusedParameterConfigs: 'drop'). */
  readonly dropped_parameter_configs: readonly string[];
  /**
   * −2lnL(workspace, α) − (−2lnL(source, θ(α))): the Gaussian normalisations of the reparametrised priors,
   * −Σ 2·ln σ (a constant; 0 when nothing was reparametrised). Likelihood ratios are unchanged.
   */
  readonly twice_nll_offset: number;
}

export interface WrittenWorkspace {
  readonly workspace: PyhfWorkspace;
  readonly meta: WorkspaceWriteMeta;
}

const PYHF_DEFAULT_INTERPOLATION = { normsys: 'code4', histosys: 'code4p' } as const;

interface Use {
  /** The pyhf modifier type the use is written as. */
  readonly type: string;
  readonly path: string;
}

/** Relative asymmetry test for histosys templates: |(hi − nom) − (nom − lo)| > 1e-12·max(|nom|, |hi|, |lo|). */
function isAsymmetric(nom: Float64Array, lo: Float64Array, hi: Float64Array): boolean {
  for (let b = 0; b < nom.length; b++) {
    const scale = Math.max(Math.abs(nom[b]!), Math.abs(lo[b]!), Math.abs(hi[b]!));
    if (Math.abs(hi[b]! - nom[b]! - (nom[b]! - lo[b]!)) > 1e-12 * scale) return true;
  }
  return false;
}

const scaled = (a: Float64Array, f: number): number[] => Array.from(a, (v) => v * f);

/** The pyhf mapping of a native modifier type (its module's `pyhf`), or an error naming the entry. */
function pyhfMapping(type: ModifierType, path: string): ModifierMapping {
  const mapping = MODIFIER_REGISTRY[type].pyhf;
  if (mapping === null) throw new InvalidSpecification(`pyhf has no modifier of type ${type}`, path);
  return mapping;
}

export interface WriteOptions {
  /**
   * Parameter settings that name no parameter of the model: an error (native specs), or dropped and listed in
   * the metadata (workspaces read from pyhf JSON, where pyhf ignores them). @default 'error'
   */
  readonly unusedParameterConfigs?: 'error' | 'drop';
}

/** A normfactor with a Gaussian prior N(mean, sigma), written as a histosys in α. */
interface Converted {
  readonly mean: number;
  readonly sigma: number;
}

/** What the channel pass records for the metadata. */
interface ChannelNotes {
  /** Reparametrised name → reasons for inexactness. */
  readonly reparamExact: Map<string, string[]>;
  /** Histosys names with asymmetric templates. */
  readonly histosysAsym: Set<string>;
  readonly normsysNames: Set<string>;
}

/** The resolved parameters grouped by base name, in parameter order. */
function parametersByBase(parameters: readonly ResolvedParameter[]): Map<string, ResolvedParameter[]> {
  const resolvedByBase = new Map<string, ResolvedParameter[]>();
  for (const p of parameters) {
    const list = resolvedByBase.get(p.base);
    if (list) list.push(p);
    else resolvedByBase.set(p.base, [p]);
  }
  return resolvedByBase;
}

/** Modifier uses per name, as the pyhf types they are written as (each module's refusals applied). */
function modifierUses(input: WorkspaceModelInput): Map<string, Use[]> {
  const usesByName = new Map<string, Use[]>();
  input.channels.forEach((ch, ci) =>
    ch.samples.forEach((s, si) =>
      (s.modifiers ?? []).forEach((m, mi) => {
        const path = `channels[${ci}].samples[${si}].modifiers[${mi}]`;
        const mapping = pyhfMapping(m.type, path);
        mapping.check?.(m as never, path); // the module's refusals (e.g. scale with a power other than 1)
        const list = usesByName.get(m.name) ?? [];
        list.push({ type: mapping.type, path });
        usesByName.set(m.name, list);
      }),
    ),
  );
  return usesByName;
}

/**
 * Check that pyhf can express the priors of every modifier name, and find the normfactors with a Gaussian prior
 * (written as a histosys in α).
 */
function convertedNormfactors(
  usesByName: ReadonlyMap<string, readonly Use[]>,
  resolvedByBase: ReadonlyMap<string, readonly ResolvedParameter[]>,
  overrideByName: ReadonlyMap<string, ParameterOverride>,
  poi: string,
): Map<string, Converted> {
  const converted = new Map<string, Converted>();
  for (const [name, uses] of usesByName) {
    const types = new Set(uses.map((u) => u.type));
    const params = resolvedByBase.get(name)!;
    const declPath = overrideByName.get(name)?.path ?? name;
    if (types.size > 1 && !(types.size === 2 && types.has('normsys') && types.has('histosys'))) {
      throw new InvalidSpecification(`'${name}' is used by modifiers of types ${[...types].join(' and ')}; pyhf shares a name only between normsys and histosys`, uses[0]!.path);
    }
    const c = params[0]!.constraint;
    if (types.has('normfactor')) {
      if (c.type === 'gaussian') {
        const mean = params[0]!.auxNominal;
        if (!(mean !== 0 && Number.isFinite(mean))) throw new InvalidSpecification(`normfactor '${name}' has a Gaussian prior with mean ${mean}; pyhf export needs a non-zero mean`, declPath);
        if (name === poi) throw new InvalidSpecification(`the parameter of interest '${name}' has a Gaussian prior; a pyhf POI must be an unconstrained normfactor`, declPath);
        converted.set(name, { mean, sigma: c.sigma });
      } else if (c.type !== 'none') {
        throw new InvalidSpecification(`normfactor '${name}' has a ${c.type} prior, which pyhf cannot express (only Gaussian priors are mapped, to a histosys)`, declPath);
      }
    }
    if (types.has('shapefactor') && params.some((p) => p.constraint.type !== 'none')) {
      throw new InvalidSpecification(`shapefactor '${name}' has a prior, which pyhf cannot express`, declPath);
    }
    if (types.has('normsys') || types.has('histosys')) {
      if (c.type !== 'gaussian' || c.sigma !== 1) {
        throw new InvalidSpecification(
          `'${name}' (${[...types].join('/')}) has a ${c.type === 'gaussian' ? `Gaussian prior of width ${c.sigma}` : `${c.type} prior`}; pyhf constrains it by N(auxdata, 1) — express the prior in units of its ±1σ templates (width 1)`,
          declPath,
        );
      }
    }
  }
  return converted;
}

/**
 * One sample in pyhf form: written at m·nominal (m = product of the means of its converted normfactors), each
 * modifier through its module, converted normfactors as symmetric histosys templates; notes go to `notes`.
 */
function writeSample(ch: ChannelSpec, shape: readonly number[], s: SampleSpec, sPath: string, converted: ReadonlyMap<string, Converted>, notes: ChannelNotes): { name: string; data: number[]; modifiers: PyhfModifier[] } {
  const nom = flattenBins(s.data, shape, joinPath(sPath, 'data'));
  const mods = s.modifiers ?? [];
  const convertedOf = (mod: ModifierSpec) => (MODIFIER_REGISTRY[mod.type].pyhf?.type === 'normfactor' ? converted.get(mod.name) : undefined);
  let m = 1;
  for (const mod of mods) m *= convertedOf(mod)?.mean ?? 1;
  const additive = mods.filter((mod) => MODIFIER_REGISTRY[mod.type].additive || convertedOf(mod) !== undefined).map((mod) => mod.name);
  const modifiers: PyhfModifier[] = mods.map((mod, mi): PyhfModifier => {
    const mPath = joinPath(joinPath(sPath, 'modifiers'), mi);
    const cv = convertedOf(mod);
    if (cv) {
      const others = additive.filter((n) => n !== mod.name);
      if (others.length > 0) {
        const list = notes.reparamExact.get(mod.name) ?? [];
        list.push(`${ch.name}/${s.name} also carries ${others.join(', ')}`);
        notes.reparamExact.set(mod.name, list);
      } else if (!notes.reparamExact.has(mod.name)) notes.reparamExact.set(mod.name, []);
      return { name: mod.name, type: 'histosys', data: { lo_data: scaled(nom, (m * (cv.mean - cv.sigma)) / cv.mean), hi_data: scaled(nom, (m * (cv.mean + cv.sigma)) / cv.mean) } };
    }
    const out = pyhfMapping(mod.type, mPath).write(mod as never, { flatten: (bins, p) => flattenBins(bins as BinContents, shape, p), path: mPath, scale: m }) as PyhfModifier;
    // modifiers whose likelihood depends on the interpolation code (see WorkspaceWriteMeta.interpolation)
    if (out.type === 'normsys') notes.normsysNames.add(mod.name);
    if (out.type === 'histosys') {
      const d = out.data;
      if (isAsymmetric(Float64Array.from(scaled(nom, m)), Float64Array.from(d.lo_data), Float64Array.from(d.hi_data))) notes.histosysAsym.add(mod.name);
    }
    return out;
  });
  return { name: s.name, data: scaled(nom, m), modifiers };
}

/** The measurement parameter config of one parameter (null when it has nothing to configure). */
function parameterConfigOf(base: string, params: readonly ResolvedParameter[], ov: ParameterOverride | undefined, uses: readonly Use[], cv: Converted | undefined): PyhfParameterConfig | null {
  const n = params.length;
  const types = new Set(uses.map((u) => u.type));
  const cfg: { -readonly [K in keyof PyhfParameterConfig]: PyhfParameterConfig[K] } = { name: base };
  if (cv) {
    const p = params[0]!;
    const toAlpha = (x: number) => (x - cv.mean) / cv.sigma;
    cfg.inits = [toAlpha(p.init)];
    cfg.bounds = [[toAlpha(p.lo), toAlpha(p.hi)]];
    if (p.fixed) cfg.fixed = true;
    return cfg;
  }
  const expand = <T>(v: readonly T[] | undefined): T[] | undefined => (v === undefined ? undefined : v.length === 1 && n > 1 ? Array.from({ length: n }, () => v[0]!) : [...v]);
  const inits = expand(ov?.inits);
  const bounds = expand(ov?.bounds);
  if (inits) cfg.inits = inits;
  if (bounds) cfg.bounds = bounds.map((b) => [b[0], b[1]] as [number, number]);
  if (ov?.fixed !== undefined) cfg.fixed = ov.fixed;
  if (types.has('normsys') || types.has('histosys')) {
    if (params.some((p) => p.auxNominal !== 0)) cfg.auxdata = params.map((p) => p.auxNominal);
  } else if (types.has('lumi')) {
    cfg.sigmas = params.map((p) => (p.constraint.type === 'gaussian' ? p.constraint.sigma : NaN));
    cfg.auxdata = params.map((p) => p.auxNominal);
  } else if (types.has('shapesys')) {
    const taus = expand(ov?.taus);
    if (taus) cfg.factors = taus;
    if (ov?.means !== undefined) cfg.auxdata = params.map((p) => p.auxNominal);
  } else if (types.has('staterror')) {
    const sigmas = expand(ov?.sigmas);
    if (sigmas) cfg.sigmas = sigmas;
    if (ov?.means !== undefined) cfg.auxdata = params.map((p) => p.auxNominal);
  }
  return Object.keys(cfg).length > 1 ? cfg : null;
}

/** The reparametrised parameters for the metadata, with their exactness. */
function reparametrisedList(converted: ReadonlyMap<string, Converted>, reparamExact: ReadonlyMap<string, readonly string[]>): ReparametrisedParameter[] {
  return [...converted].map(([name, cv]) => {
    const reasons = reparamExact.get(name) ?? [];
    return {
      name,
      source: 'normfactor with a Gaussian prior',
      written_as: 'histosys',
      mean: cv.mean,
      sigma: cv.sigma,
      relation: `${name} = ${cv.mean} + ${cv.sigma}·α (α ~ N(0, 1) is the workspace parameter)`,
      exact: reasons.length === 0,
      note: reasons.length === 0 ? null : `approximate: ${reasons.join('; ')} (cross terms dropped; exact at the nominal point and to first order)`,
    };
  });
}

/** The interpolation metadata: the source model's codes and the modifiers whose likelihood differs under pyhf's defaults. */
function interpolationMeta(interpolation: WorkspaceModelInput['interpolation'], notes: ChannelNotes): WorkspaceWriteMeta['interpolation'] {
  const differs: string[] = [];
  if (interpolation.normsys !== PYHF_DEFAULT_INTERPOLATION.normsys) differs.push(...[...notes.normsysNames].map((n) => `normsys ${n}`));
  if (interpolation.histosys !== PYHF_DEFAULT_INTERPOLATION.histosys) differs.push(...[...notes.histosysAsym].map((n) => `histosys ${n}`));
  return {
    normsys: interpolation.normsys,
    histosys: interpolation.histosys,
    pyhf_modifier_settings: { normsys: { interpcode: interpolation.normsys }, histosys: { interpcode: interpolation.histosys } },
    differs_from_pyhf_defaults: differs,
  };
}

/** Write a model given in generic form as a pyhf workspace. Throws InvalidSpecification naming the offending key. */
export function writeWorkspace(input: WorkspaceModelInput, options: WriteOptions = {}): WrittenWorkspace {
  // Semantic validation and the resolved parameter settings (defaults filled in).
  const { definition, ignoredOverrides } = resolveModel({
    name: input.name,
    channels: input.channels,
    poi: input.poi,
    observations: input.observations,
    overrides: input.overrides,
    order: 'declared-first',
    interpolation: input.interpolation,
    functionSamples: [],
    unusedOverrides: options.unusedParameterConfigs === 'drop' ? 'ignore' : 'error',
  });
  const resolvedByBase = parametersByBase(definition.parameters);
  const overrideByName = new Map<string, ParameterOverride>(input.overrides.map((o) => [o.name, o]));
  const usesByName = modifierUses(input);
  const converted = convertedNormfactors(usesByName, resolvedByBase, overrideByName, input.poi);

  // ---- channels
  const notes: ChannelNotes = { reparamExact: new Map(), histosysAsym: new Set(), normsysNames: new Set() };
  const channels = input.channels.map((ch, ci) => {
    const shape = ch.axes.map((a) => a.edges.length - 1);
    return { name: ch.name, samples: ch.samples.map((s, si) => writeSample(ch, shape, s, `channels[${ci}].samples[${si}]`, converted, notes)) };
  });

  // ---- measurement parameter configs
  const parameters: PyhfParameterConfig[] = [];
  for (const [base, params] of resolvedByBase) {
    const cfg = parameterConfigOf(base, params, overrideByName.get(base), usesByName.get(base) ?? [], converted.get(base));
    if (cfg) parameters.push(cfg);
  }
  if (!parameters.some((p) => p.name === input.poi)) parameters.unshift({ name: input.poi });

  // ---- observations
  const obsByChannel = new Map(input.observations.map((o) => [o.channel, o]));
  const observations = input.channels.map((ch, ci) => {
    const o = obsByChannel.get(ch.name)!; // resolveModel checked that every channel has one
    const oi = input.observations.indexOf(o);
    return { name: ch.name, data: Array.from(flattenBins(o.data, definition.channels[ci]!.shape, `observations[${oi}].data`)) };
  });

  const workspace: PyhfWorkspace = {
    channels,
    measurements: [{ name: input.name, config: { poi: input.poi, parameters } }],
    observations,
    version: '1.0.0',
  };
  const interpolation = interpolationMeta(input.interpolation, notes);
  const reparametrised = reparametrisedList(converted, notes.reparamExact);
  return {
    workspace,
    meta: {
      measurement: input.name,
      poi: input.poi,
      channels: input.channels.map((ch, ci) => ({ name: ch.name, axes: ch.axes, n_bins: definition.channels[ci]!.nBins })),
      interpolation,
      reparametrised,
      dropped_parameter_configs: ignoredOverrides,
      twice_nll_offset: reparametrised.reduce((a, r) => a - 2 * Math.log(r.sigma), 0),
    },
  };
}

/** Native spec defaults (resolveModelSpec): normsys code1, histosys code0. */
const NATIVE_DEFAULT_INTERPOLATION = { normsys: 'code1', histosys: 'code0' } as const;

/**
 * Write a native model spec (with observations) as a pyhf workspace.
 * @param options.poi POI of the measurement (pyhf requires one); default `spec.poi`.
 * @param options.measurement measurement name; default `spec.name` or 'measurement'.
 */
export function specToWorkspace(spec: ModelSpec, options: { readonly poi?: string; readonly measurement?: string } = {}): WrittenWorkspace {
  const poi = options.poi ?? spec.poi ?? null;
  if (poi === null) throw new InvalidSpecification('a pyhf workspace needs a parameter of interest; the model has none (give one)', 'poi');
  if (spec.observations === undefined) throw new InvalidSpecification('a pyhf workspace needs observations for every channel; the model has none', 'observations');
  return writeWorkspace({
    name: options.measurement ?? spec.name ?? 'measurement',
    poi,
    channels: spec.channels,
    observations: spec.observations,
    overrides: specParameterOverrides(spec),
    interpolation: { normsys: spec.interpolation?.normsys ?? NATIVE_DEFAULT_INTERPOLATION.normsys, histosys: spec.interpolation?.histosys ?? NATIVE_DEFAULT_INTERPOLATION.histosys },
  });
}
