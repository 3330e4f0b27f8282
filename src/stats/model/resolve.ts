/**
 * Semantic pass: from a structurally valid spec to a ModelDefinition. Checks unique names, bin counts
 * against the axes, modifier data lengths, parameter sharing, POI, bounds, constraints; places every
 * parameter in the flat vector.
 *
 * Parameter order
 * - native specs ('declared-first'): parameters listed in `spec.parameters` in that order, then the
 *   remaining ones in order of first appearance (channels, samples, modifiers as written).
 * - pyhf workspaces ('pyhf'): grouped by modifier type in pyhf's order (histosys, lumi, normfactor, normsys,
 *   shapefactor, shapesys, staterror); within a group by first appearance over sorted channels × sorted
 *   samples × modifiers sorted by (name, type), except shapesys/staterror which are sorted by name. The
 *   caller sorts channels/samples/modifiers; per-bin parameters are named `name[i]`.
 */
import type { Constraint } from '../types.js';
import { InvalidModel, InvalidSpecification } from '../../util/errors.js';
import type {
  FunctionSampleDefinition,
  ModelDefinition,
  ResolvedChannel,
  ResolvedFunctionSample,
  ResolvedModifier,
  ResolvedParameter,
  ResolvedSample,
} from './definition.js';
import { MODIFIER_REGISTRY, PYHF_TYPE_ORDER, type ModifierUse, type ParameterDefaults } from './modifiers/index.js';
import type {
  BinContents,
  ChannelSpec,
  HistosysInterpolation,
  ModelSpec,
  ModifierSpec,
  ModifierType,
  NormsysInterpolation,
  ObservationSpec,
} from './spec.js';
import { joinPath } from './schemaErrors.js';

/** Per-component user settings for one parameter (native `parameters` entries or a pyhf measurement config). */
export interface ParameterOverride {
  readonly name: string;
  /** JSON path of the declaration, for error messages. */
  readonly path: string;
  /** One value (broadcast) or one per component. */
  readonly inits?: readonly number[];
  readonly bounds?: readonly (readonly [number, number])[];
  readonly fixed?: boolean;
  readonly constraintType?: Constraint['type'];
  readonly sigmas?: readonly number[];
  readonly taus?: readonly number[];
  /** Means of the auxiliary measurement (pyhf `auxdata` for Gaussian constraints). */
  readonly means?: readonly number[];
}

export interface ResolveInput {
  readonly name: string;
  readonly channels: readonly ChannelSpec[];
  readonly poi: string | null;
  readonly observations?: readonly ObservationSpec[];
  readonly overrides: readonly ParameterOverride[];
  readonly order: 'declared-first' | 'pyhf';
  readonly interpolation: { readonly normsys: NormsysInterpolation; readonly histosys: HistosysInterpolation };
  readonly functionSamples: readonly FunctionSampleDefinition[];
  /** What to do with an override naming no parameter of the model. */
  readonly unusedOverrides: 'error' | 'ignore';
  /** Path prefix of `channels` in the source document (for messages). @default 'channels' */
  readonly channelsPath?: string;
}

export interface ResolveResult {
  readonly definition: ModelDefinition;
  /** Overrides that named no parameter (only with unusedOverrides = 'ignore'). */
  readonly ignoredOverrides: readonly string[];
}

/** Shape of nested bin contents, or null when ragged. */
function nestedShape(data: BinContents): number[] | null {
  if (!Array.isArray(data)) return [];
  if (data.length === 0) return [0];
  const first = data[0];
  if (!Array.isArray(first)) {
    return data.every((x) => !Array.isArray(x)) ? [data.length] : null;
  }
  const inner = nestedShape(first as BinContents);
  if (inner === null) return null;
  for (const x of data) {
    const s = nestedShape(x as BinContents);
    if (s === null || s.length !== inner.length || s.some((v, i) => v !== inner[i])) return null;
  }
  return [data.length, ...inner];
}

/**
 * Flatten bin contents for a channel of the given shape (row-major, last axis innermost). Accepts a flat
 * array of Π shape numbers, or nested arrays of exactly `shape`.
 */
export function flattenBins(data: BinContents, shape: readonly number[], path: string): Float64Array {
  const total = shape.reduce((a, b) => a * b, 1);
  const s = nestedShape(data);
  if (s === null) throw new InvalidSpecification('ragged nested bin contents (rows of different lengths)', path);
  const flat = (data as unknown[]).flat(Infinity) as number[];
  const isFlat = s.length === 1;
  const matches = isFlat ? flat.length === total : s.length === shape.length && s.every((v, i) => v === shape[i]);
  if (!matches) {
    throw new InvalidSpecification(
      `bin count mismatch: the channel has shape [${shape.join(', ')}] (${total} bins) but the data have ` +
        (isFlat ? `${flat.length} entries` : `shape [${s.join(', ')}]`),
      path,
    );
  }
  return Float64Array.from(flat);
}

interface Use extends ModifierUse {
  readonly type: ModifierType;
  readonly order: number;
}

function pick(values: readonly number[] | undefined, i: number): number | undefined {
  if (values === undefined) return undefined;
  return values.length === 1 ? values[0] : values[i];
}

/** A sample on its way through the pass: nominal bins, its modifier uses, its function (for function samples). */
interface PendingSample {
  name: string;
  channel: number;
  nominal: Float64Array;
  uses: Use[];
  fs: FunctionSampleDefinition | null;
}

/** Modifier uses by parameter name, with the names in order of first appearance and a running use counter. */
interface UseIndex {
  readonly byName: Map<string, Use[]>;
  readonly firstAppearance: string[];
  counter: number;
}

/** A parameter (set) implied by modifier uses or a function sample. */
interface ParamSet {
  base: string;
  defaults: ParameterDefaults;
  types: ModifierType[];
  firstOrder: number;
}

/** Channels with their shapes and offsets in the flat bin vector; checks names and bin edges. */
function resolveChannels(input: ResolveInput, chPath: string): { channels: ResolvedChannel[]; channelIndex: Map<string, number>; nBinsTotal: number } {
  const channels: ResolvedChannel[] = [];
  const channelIndex = new Map<string, number>();
  let offset = 0;
  input.channels.forEach((ch, ci) => {
    const cPath = joinPath(chPath, ci);
    if (channelIndex.has(ch.name)) throw new InvalidSpecification(`duplicate channel name '${ch.name}'`, joinPath(cPath, 'name'));
    const shape: number[] = [];
    const axisNames = new Set<string>();
    ch.axes.forEach((ax, ai) => {
      const aPath = joinPath(joinPath(cPath, 'axes'), ai);
      if (axisNames.has(ax.name)) throw new InvalidSpecification(`duplicate axis name '${ax.name}'`, joinPath(aPath, 'name'));
      axisNames.add(ax.name);
      for (let i = 1; i < ax.edges.length; i++) {
        if (!(ax.edges[i]! > ax.edges[i - 1]!)) {
          throw new InvalidSpecification(`bin edges must be strictly increasing (edge ${i - 1} = ${ax.edges[i - 1]}, edge ${i} = ${ax.edges[i]})`, joinPath(joinPath(aPath, 'edges'), i));
        }
      }
      shape.push(ax.edges.length - 1);
    });
    const nBins = shape.reduce((a, b) => a * b, 1);
    channelIndex.set(ch.name, ci);
    channels.push({ name: ch.name, axes: ch.axes, shape, nBins, offset });
    offset += nBins;
  });
  return { channels, channelIndex, nBinsTotal: offset };
}

/** Overrides by name (a name declared twice is an error). */
function indexOverrides(overrides: readonly ParameterOverride[]): Map<string, ParameterOverride> {
  const overrideByName = new Map<string, ParameterOverride>();
  for (const ov of overrides) {
    if (overrideByName.has(ov.name)) throw new InvalidSpecification(`parameter '${ov.name}' is declared twice`, ov.path);
    overrideByName.set(ov.name, ov);
  }
  return overrideByName;
}

/** Read a sample's modifiers through their modules and record the uses (on the sample and by name). */
function collectModifiers(uses: UseIndex, channels: readonly ResolvedChannel[], sample: PendingSample, mods: readonly ModifierSpec[], sPath: string): void {
  const ch = channels[sample.channel]!;
  const seen = new Set<string>();
  mods.forEach((m, mi) => {
    const mPath = joinPath(joinPath(sPath, 'modifiers'), mi);
    const key = `${m.type}/${m.name}`;
    if (seen.has(key)) throw new InvalidSpecification(`duplicate modifier '${m.name}' of type ${m.type} on sample '${sample.name}'`, mPath);
    seen.add(key);
    const base = { type: m.type, name: m.name, channel: sample.channel, channelName: ch.name, sample: sample.name, nominal: sample.nominal, path: mPath, order: uses.counter++ };
    const module = MODIFIER_REGISTRY[m.type];
    const payload = module.read(m as never, { shape: ch.shape, path: mPath, flatten: (bins, path) => flattenBins(bins as BinContents, ch.shape, path) });
    const use: Use = { ...base, ...payload };
    sample.uses.push(use);
    const list = uses.byName.get(m.name);
    if (list === undefined) {
      uses.byName.set(m.name, [use]);
      uses.firstAppearance.push(m.name);
    } else list.push(use);
  });
}

/** The samples written in the channels (unique names per channel), with their modifier uses. */
function collectChannelSamples(input: ResolveInput, chPath: string, channels: readonly ResolvedChannel[], sampleNames: readonly Set<string>[], uses: UseIndex, pending: PendingSample[]): void {
  input.channels.forEach((ch, ci) => {
    const cPath = joinPath(chPath, ci);
    ch.samples.forEach((s, si) => {
      const sPath = joinPath(joinPath(cPath, 'samples'), si);
      if (sampleNames[ci]!.has(s.name)) throw new InvalidSpecification(`duplicate sample name '${s.name}' in channel '${ch.name}'`, joinPath(sPath, 'name'));
      sampleNames[ci]!.add(s.name);
      const nominal = flattenBins(s.data, channels[ci]!.shape, joinPath(sPath, 'data'));
      const ps: PendingSample = { name: s.name, channel: ci, nominal, uses: [], fs: null };
      pending.push(ps);
      collectModifiers(uses, channels, ps, s.modifiers ?? [], sPath);
    });
  });
}

/** A function sample's interpolation grid: one strictly increasing node list per parameter, covering its bounds. */
function checkFunctionSampleGrid(fs: FunctionSampleDefinition, fPath: string, overrideByName: ReadonlyMap<string, ParameterOverride>): void {
  if (fs.grid === undefined) return;
  if (fs.grid.length !== fs.parameters.length) throw new InvalidSpecification(`grid needs one node list per parameter (${fs.parameters.length})`, joinPath(fPath, 'grid'));
  fs.grid.forEach((g, gi) => {
    const gPath = joinPath(joinPath(fPath, 'grid'), gi);
    if (g.length < 2) throw new InvalidSpecification('a grid axis needs at least two nodes', gPath);
    for (let i = 1; i < g.length; i++) if (!(g[i]! > g[i - 1]!)) throw new InvalidSpecification('grid nodes must be strictly increasing', joinPath(gPath, i));
    const [lo, hi] = overrideByName.get(fs.parameters[gi]!)!.bounds![0]!;
    if (g[0]! > lo || g[g.length - 1]! < hi) {
      throw new InvalidSpecification(`grid [${g[0]}, ${g[g.length - 1]}] does not cover the bounds [${lo}, ${hi}] of '${fs.parameters[gi]}'`, gPath);
    }
  });
}

/**
 * Function samples: parameters must be declared scalars with init and bounds; the nominal is the function at the
 * initial values. Returns the function-sample parameter names in order of first appearance.
 */
function collectFunctionSamples(
  input: ResolveInput,
  channels: readonly ResolvedChannel[],
  channelIndex: ReadonlyMap<string, number>,
  sampleNames: readonly Set<string>[],
  overrideByName: ReadonlyMap<string, ParameterOverride>,
  uses: UseIndex,
  pending: PendingSample[],
): string[] {
  const functionParamNames: string[] = [];
  input.functionSamples.forEach((fs, fi) => {
    const fPath = `functionSamples[${fi}]`;
    const ci = channelIndex.get(fs.channel);
    if (ci === undefined) throw new InvalidSpecification(`unknown channel '${fs.channel}'`, joinPath(fPath, 'channel'));
    if (sampleNames[ci]!.has(fs.name)) throw new InvalidSpecification(`duplicate sample name '${fs.name}' in channel '${fs.channel}'`, joinPath(fPath, 'name'));
    sampleNames[ci]!.add(fs.name);
    if (fs.parameters.length === 0) throw new InvalidSpecification('a function sample needs at least one parameter', joinPath(fPath, 'parameters'));
    const values = new Float64Array(fs.parameters.length);
    fs.parameters.forEach((p, pi) => {
      const ov = overrideByName.get(p);
      if (ov === undefined || ov.inits === undefined || ov.bounds === undefined) {
        throw new InvalidSpecification(`function-sample parameter '${p}' must be declared in parameters with init and bounds`, joinPath(joinPath(fPath, 'parameters'), pi));
      }
      values[pi] = ov.inits[0]!;
      if (!functionParamNames.includes(p)) functionParamNames.push(p);
    });
    checkFunctionSampleGrid(fs, fPath, overrideByName);
    const raw = fs.evaluate(values);
    const nominal = Float64Array.from(raw as ArrayLike<number>);
    if (nominal.length !== channels[ci]!.nBins) {
      throw new InvalidModel(`function sample '${fs.name}' returned ${nominal.length} bins; channel '${fs.channel}' has ${channels[ci]!.nBins}`);
    }
    if (nominal.some((v) => !Number.isFinite(v))) throw new InvalidModel(`function sample '${fs.name}' returned a non-finite value at the initial parameters`);
    const ps: PendingSample = { name: fs.name, channel: ci, nominal, uses: [], fs };
    pending.push(ps);
    collectModifiers(uses, channels, ps, fs.modifiers ?? [], joinPath(fPath, 'modifiers'));
  });
  return functionParamNames;
}

/** One parameter set from the uses of `name`: checks the sharing rules of its modifier types and their defaults. */
function parameterSetOf(name: string, uses: readonly Use[], channels: readonly ResolvedChannel[], overrideByName: ReadonlyMap<string, ParameterOverride>, functionParamNames: readonly string[]): ParamSet {
  const types = [...new Set(uses.map((u) => u.type))];
  const shapes = new Set(types.map((t) => MODIFIER_REGISTRY[t].shape));
  if (shapes.size > 1) {
    throw new InvalidSpecification(`name '${name}' is used by modifiers with a scalar and a per-bin parameter (${types.join(', ')}); use distinct names`, uses[0]!.path);
  }
  if (functionParamNames.includes(name)) {
    if (shapes.has('perBin')) throw new InvalidSpecification(`function-sample parameter '${name}' is also a per-bin modifier`, uses[0]!.path);
  }
  let defaults: ParameterDefaults | null = null;
  for (const t of types) {
    const kind = MODIFIER_REGISTRY[t];
    const ofType = uses.filter((u) => u.type === t);
    const channelsUsed = new Set(ofType.map((u) => u.channel));
    if (kind.sharing === 'sample' && ofType.length > 1) {
      throw new InvalidSpecification(`${t} '${name}' may be attached to one sample only (it is also on ${ofType[0]!.channelName}/${ofType[0]!.sample}); use distinct names`, ofType[1]!.path);
    }
    if (kind.sharing === 'channel' && channelsUsed.size > 1) {
      throw new InvalidSpecification(`${t} '${name}' is used in several channels; use one name per channel`, ofType.find((u) => u.channel !== ofType[0]!.channel)!.path);
    }
    if (kind.shape === 'perBin') {
      const nbs = new Set(ofType.map((u) => channels[u.channel]!.nBins));
      if (nbs.size > 1) throw new InvalidSpecification(`${t} '${name}' is shared by channels with different bin counts`, ofType[1]!.path);
    }
    const d = kind.defaults(ofType, channels[ofType[0]!.channel]!.nBins);
    if (defaults === null) defaults = d;
    else if (!overrideByName.has(name) && JSON.stringify(d) !== JSON.stringify(defaults)) {
      throw new InvalidSpecification(
        `parameter '${name}' is used by modifiers of types ${types.join(' and ')} that need different parameter settings; declare it in parameters or use distinct names`,
        uses[0]!.path,
      );
    }
  }
  return { base: name, defaults: defaults!, types, firstOrder: uses[0]!.order };
}

/**
 * Parameter sets from the modifier uses, then the function-sample parameters no modifier uses (scalar, unconstrained
 * by default; appended to `uses.firstAppearance`).
 */
function parameterSets(uses: UseIndex, channels: readonly ResolvedChannel[], overrideByName: ReadonlyMap<string, ParameterOverride>, functionParamNames: readonly string[]): Map<string, ParamSet> {
  const paramSets = new Map<string, ParamSet>();
  for (const name of uses.firstAppearance) paramSets.set(name, parameterSetOf(name, uses.byName.get(name)!, channels, overrideByName, functionParamNames));
  for (const name of functionParamNames) {
    if (!paramSets.has(name)) {
      paramSets.set(name, {
        base: name,
        defaults: { shape: 'scalar', n: 1, init: [NaN], lo: [NaN], hi: [NaN], fixed: [false], constraint: [{ type: 'none' }], mean: [NaN] },
        types: [],
        firstOrder: Number.MAX_SAFE_INTEGER,
      });
      uses.firstAppearance.push(name);
    }
  }
  return paramSets;
}

/** The order of the parameter sets (see the module comment), and the overrides that name none (when ignored). */
function parameterOrder(input: ResolveInput, paramSets: ReadonlyMap<string, ParamSet>, firstAppearance: readonly string[]): { order: string[]; ignoredOverrides: string[] } {
  const ignoredOverrides: string[] = [];
  for (const ov of input.overrides) {
    if (!paramSets.has(ov.name)) {
      if (input.unusedOverrides === 'ignore') ignoredOverrides.push(ov.name);
      else throw new InvalidSpecification(`parameter '${ov.name}' is declared but not used by any modifier or function sample`, ov.path);
    }
  }
  let order: string[];
  if (input.order === 'declared-first') {
    const declared = input.overrides.map((o) => o.name).filter((n) => paramSets.has(n));
    order = [...declared, ...firstAppearance.filter((n) => !declared.includes(n))];
  } else {
    const rank = (n: string) => {
      const ts = paramSets.get(n)!.types;
      return ts.length === 0 ? PYHF_TYPE_ORDER.length : Math.min(...ts.map((t) => PYHF_TYPE_ORDER.indexOf(t)));
    };
    const sortedByName = (t: ModifierType) => t === 'shapesys' || t === 'staterror';
    order = [...firstAppearance].sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      if (ra !== rb) return ra - rb;
      if (sortedByName(PYHF_TYPE_ORDER[ra]!)) return a < b ? -1 : a > b ? 1 : 0;
      return firstAppearance.indexOf(a) - firstAppearance.indexOf(b);
    });
  }
  return { order, ignoredOverrides };
}

/** Every override array has one value (broadcast) or one per component. */
function checkOverrideLengths(ov: ParameterOverride, base: string, n: number): void {
  const ovPath = ov.path;
  const checkLen = (arr: readonly unknown[] | undefined, key: string) => {
    if (arr !== undefined && arr.length !== 1 && arr.length !== n) {
      throw new InvalidSpecification(`'${base}' has ${n} component(s) but ${arr.length} values were given`, joinPath(ovPath, key));
    }
  };
  checkLen(ov.inits, 'inits');
  checkLen(ov.bounds, 'bounds');
  checkLen(ov.sigmas, 'sigmas');
  checkLen(ov.taus, 'taus');
  checkLen(ov.means, 'auxdata');
}

/**
 * The constraint of component `i` (override, else the modifier default) and the mean of its auxiliary measurement
 * (NaN when unconstrained; `init` when no mean is given). Checks widths, τ and the log-normal mean.
 */
function resolveConstraint(ps: ParamSet, ov: ParameterOverride | undefined, ovPath: string, i: number, full: string, mean: number, init: number): { constraint: Constraint; auxMean: number } {
  const defC = ps.defaults.constraint[i]!;
  const cType = ov?.constraintType ?? defC.type;
  let constraint: Constraint;
  let auxMean = mean;
  switch (cType) {
    case 'none':
      constraint = { type: 'none' };
      auxMean = NaN;
      break;
    case 'gaussian': {
      const sigma = pick(ov?.sigmas, i) ?? (defC.type === 'gaussian' ? defC.sigma : NaN);
      constraint = { type: 'gaussian', sigma };
      if (!Number.isFinite(auxMean)) auxMean = init;
      break;
    }
    case 'lognormal': {
      const sigma = pick(ov?.sigmas, i) ?? (defC.type === 'lognormal' ? defC.sigma : NaN);
      constraint = { type: 'lognormal', sigma };
      if (!Number.isFinite(auxMean)) auxMean = init;
      if (!(auxMean > 0)) throw new InvalidSpecification(`log-normal constraint of '${full}' needs a positive mean (got ${auxMean})`, ovPath);
      break;
    }
    case 'poisson': {
      const tau = pick(ov?.taus, i) ?? (defC.type === 'poisson' ? defC.tau : NaN);
      constraint = { type: 'poisson', tau };
      if (!Number.isFinite(auxMean)) auxMean = init;
      break;
    }
  }
  if (constraint.type === 'gaussian' || constraint.type === 'lognormal') {
    if (!(constraint.sigma > 0) || !Number.isFinite(constraint.sigma)) {
      throw new InvalidSpecification(
        `parameter '${full}' needs a ${constraint.type} width sigma > 0` + (ps.types.includes('lumi') ? ' (lumi: give sigmas in the measurement/parameter declaration)' : '') + ` (got ${constraint.sigma})`,
        ovPath,
      );
    }
  }
  if (constraint.type === 'poisson' && !(constraint.tau > 0 && Number.isFinite(constraint.tau))) {
    throw new InvalidSpecification(`parameter '${full}' needs a Poisson tau > 0 (got ${constraint.tau})`, ovPath);
  }
  return { constraint, auxMean };
}

/** Component `i` of a parameter set: name, bounds, init, fixed, constraint and auxiliary nominal. */
function resolveComponent(base: string, ps: ParamSet, ov: ParameterOverride | undefined, i: number): ResolvedParameter {
  const d = ps.defaults;
  const ovPath = ov?.path ?? base;
  const full = d.shape === 'scalar' ? base : `${base}[${i}]`;
  const bounds = ov?.bounds ? (ov.bounds.length === 1 ? ov.bounds[0]! : ov.bounds[i]!) : ([d.lo[i]!, d.hi[i]!] as const);
  const [lo, hi] = bounds;
  const mean = pick(ov?.means, i) ?? d.mean[i]!;
  let init = pick(ov?.inits, i) ?? (ps.types.includes('lumi') && Number.isFinite(mean) ? mean : d.init[i]!);
  const fixed = ov?.fixed ?? d.fixed[i]!;
  const { constraint, auxMean } = resolveConstraint(ps, ov, ovPath, i, full, mean, init);
  if (!Number.isFinite(init)) init = NaN;
  if (!(lo < hi)) throw new InvalidSpecification(`bounds of '${full}' must satisfy lo < hi (got [${lo}, ${hi}])`, joinPath(ovPath, 'bounds'));
  if (!(init >= lo && init <= hi)) throw new InvalidSpecification(`init of '${full}' (${init}) lies outside its bounds [${lo}, ${hi}]`, joinPath(ovPath, 'init'));
  const auxNominal = constraint.type === 'none' ? NaN : constraint.type === 'poisson' ? constraint.tau * auxMean : auxMean;
  return { name: full, base, component: d.shape === 'scalar' ? null : i, init, lo, hi, fixed, constraint, auxNominal };
}

/** The flat parameter vector in `order`, and the index of each set's first component. */
function resolveParameters(order: readonly string[], paramSets: ReadonlyMap<string, ParamSet>, overrideByName: ReadonlyMap<string, ParameterOverride>): { parameters: ResolvedParameter[]; startOf: Map<string, number> } {
  const parameters: ResolvedParameter[] = [];
  const startOf = new Map<string, number>();
  for (const base of order) {
    const ps = paramSets.get(base)!;
    const ov = overrideByName.get(base);
    if (ov) checkOverrideLengths(ov, base, ps.defaults.n);
    startOf.set(base, parameters.length);
    for (let i = 0; i < ps.defaults.n; i++) parameters.push(resolveComponent(base, ps, ov, i));
  }
  return { parameters, startOf };
}

/** A scale modifier with a non-integer power needs θ ≥ 0. */
function checkScalePowers(usesByName: ReadonlyMap<string, readonly Use[]>, parameters: readonly ResolvedParameter[], startOf: ReadonlyMap<string, number>): void {
  for (const [name, uses] of usesByName) {
    for (const u of uses) {
      if (u.type === 'scale' && !Number.isInteger(u.scalars![0]!)) {
        const p = parameters[startOf.get(name)!]!;
        if (p.lo < 0) throw new InvalidSpecification(`scale '${name}' has a non-integer power ${u.scalars![0]}; its parameter's lower bound must be ≥ 0 (got ${p.lo})`, u.path);
      }
    }
  }
}

/** The index of the parameter of interest (a scalar parameter of the model), or null. */
function resolvePoi(poi: string | null, startOf: ReadonlyMap<string, number>, paramSets: ReadonlyMap<string, ParamSet>, order: readonly string[]): number | null {
  if (poi === null) return null;
  const start = startOf.get(poi);
  if (start === undefined) {
    throw new InvalidSpecification(`the parameter of interest '${poi}' is not a parameter of the model (known: ${order.join(', ')})`, 'poi');
  }
  if (paramSets.get(poi)!.defaults.shape !== 'scalar') throw new InvalidSpecification(`the parameter of interest '${poi}' is a per-bin parameter`, 'poi');
  return start;
}

/** Observed counts in the flat bin vector: one observation per channel, counts ≥ 0; null without observations. */
function resolveObservations(observationSpecs: readonly ObservationSpec[] | undefined, channels: readonly ResolvedChannel[], channelIndex: ReadonlyMap<string, number>, nBinsTotal: number): Float64Array | null {
  if (observationSpecs === undefined) return null;
  const observations = new Float64Array(nBinsTotal);
  const seen = new Set<string>();
  observationSpecs.forEach((o, oi) => {
    const oPath = `observations[${oi}]`;
    const ci = channelIndex.get(o.channel);
    if (ci === undefined) throw new InvalidSpecification(`observation for unknown channel '${o.channel}'`, joinPath(oPath, 'channel'));
    if (seen.has(o.channel)) throw new InvalidSpecification(`duplicate observation for channel '${o.channel}'`, joinPath(oPath, 'channel'));
    seen.add(o.channel);
    const flat = flattenBins(o.data, channels[ci]!.shape, joinPath(oPath, 'data'));
    const bad = flat.findIndex((v) => v < 0);
    if (bad >= 0) throw new InvalidSpecification(`observed counts must be ≥ 0 (got ${flat[bad]})`, joinPath(joinPath(oPath, 'data'), bad));
    observations.set(flat, channels[ci]!.offset);
  });
  const missing = channels.filter((c) => !seen.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new InvalidSpecification(`no observation for channel(s) ${missing.join(', ')}`, 'observations');
  return observations;
}

/** Run the semantic pass and place parameters. Throws InvalidSpecification (with path) or InvalidModel. */
export function resolveModel(input: ResolveInput): ResolveResult {
  const chPath = input.channelsPath ?? 'channels';
  const { channels, channelIndex, nBinsTotal } = resolveChannels(input, chPath);
  const overrideByName = indexOverrides(input.overrides);

  // ---- samples and modifier uses (channel samples first, then function samples)
  const pending: PendingSample[] = [];
  const uses: UseIndex = { byName: new Map(), firstAppearance: [], counter: 0 };
  const sampleNames = channels.map(() => new Set<string>());
  collectChannelSamples(input, chPath, channels, sampleNames, uses, pending);
  const functionParamNames = collectFunctionSamples(input, channels, channelIndex, sampleNames, overrideByName, uses, pending);

  // ---- parameters
  const paramSets = parameterSets(uses, channels, overrideByName, functionParamNames);
  const { order, ignoredOverrides } = parameterOrder(input, paramSets, uses.firstAppearance);
  const { parameters, startOf } = resolveParameters(order, paramSets, overrideByName);
  checkScalePowers(uses.byName, parameters, startOf);
  const paramIndexOf = (base: string) => (component: number | null) => startOf.get(base)! + (component ?? 0);

  // ---- samples
  const samples: ResolvedSample[] = pending.map((ps) => {
    const modifiers: ResolvedModifier[] = ps.uses.map((u) => MODIFIER_REGISTRY[u.type].build(u, paramIndexOf(u.name), input.interpolation));
    let functionSample: ResolvedFunctionSample | null = null;
    if (ps.fs) {
      functionSample = { definition: ps.fs, paramIndices: Int32Array.from(ps.fs.parameters.map((p) => startOf.get(p)!)) };
    }
    return { name: ps.name, channel: ps.channel, nominal: ps.nominal, modifiers, functionSample };
  });

  const poiIndex = resolvePoi(input.poi, startOf, paramSets, order);
  const observations = resolveObservations(input.observations, channels, channelIndex, nBinsTotal);
  return { definition: { name: input.name, channels, samples, parameters, poiIndex, observations }, ignoredOverrides };
}

/** Options for building a model from a native spec. */
export interface ModelBuildOptions {
  /** Samples computed by user code; their parameters must be declared in `spec.parameters`. */
  readonly functionSamples?: readonly FunctionSampleDefinition[];
  /**
   * The parameter of interest, chosen when the model is built (overrides `spec.poi`; null = none). The same model
   * spec can thus be compiled with different POIs, e.g. `compileModel(spec, { poi: 'cevns_norm' })`.
   */
  readonly poi?: string | null;
}

/** The parameter declarations of a native spec as per-component overrides (paths `parameters[i]`). */
export function specParameterOverrides(spec: Pick<ModelSpec, 'parameters'>): ParameterOverride[] {
  return (spec.parameters ?? []).map((p, i) => {
    const c = p.constraint;
    return {
      name: p.name,
      path: `parameters[${i}]`,
      ...(p.init !== undefined ? { inits: [p.init] } : {}),
      ...(p.bounds !== undefined ? { bounds: [p.bounds] } : {}),
      ...(p.fixed !== undefined ? { fixed: p.fixed } : {}),
      ...(c !== undefined ? { constraintType: c.type } : {}),
      ...(c !== undefined && (c.type === 'gaussian' || c.type === 'lognormal') ? { sigmas: [c.sigma] } : {}),
      ...(c !== undefined && c.type === 'poisson' ? { taus: [c.tau] } : {}),
      ...(c !== undefined && c.type !== 'none' && c.mean !== undefined ? { means: [c.mean] } : {}),
    };
  });
}

/** Semantic pass for a native (already structurally parsed) spec. */
export function resolveModelSpec(spec: ModelSpec, options: ModelBuildOptions = {}): ModelDefinition {
  const overrides = specParameterOverrides(spec);
  return resolveModel({
    name: spec.name ?? 'model',
    channels: spec.channels,
    poi: options.poi !== undefined ? options.poi : (spec.poi ?? null),
    ...(spec.observations !== undefined ? { observations: spec.observations } : {}),
    overrides,
    order: 'declared-first',
    interpolation: { normsys: spec.interpolation?.normsys ?? 'code1', histosys: spec.interpolation?.histosys ?? 'code0' },
    functionSamples: options.functionSamples ?? [],
    unusedOverrides: 'error',
  }).definition;
}
