/**
 * Reading pyhf HistFactory JSON workspaces into a CompiledModel.
 *
 * Conventions (as pyhf ≥ 0.7, so parameter names and data vectors can be compared directly):
 * - channels and samples are sorted by name; modifiers by (name, type); each channel gets one axis
 *   `bin` with unit edges 0…n;
 * - parameter order: grouped by modifier type (histosys, lumi, normfactor, normsys, shapefactor, shapesys,
 *   staterror), first appearance within a group (shapesys/staterror: sorted by name); per-bin parameters
 *   are named `name[i]` (e.g. `uncorr_bkguncrt[0]`);
 * - data vector = observations in (sorted) channel order, then auxiliary data in parameter order;
 * - interpolation defaults are pyhf's: normsys code4, histosys code4p (override with `interpolation`);
 * - measurement parameter configs: inits, bounds, fixed, auxdata (Gaussian/Poisson means), sigmas
 *   (Gaussian widths, required for lumi), factors (Poisson τ). A config for a parameter the model does not
 *   have is ignored, like pyhf, and reported in `ignoredParameterConfigs`.
 */
import type { ObservedData } from '../types.js';
import { DataFormatError, InvalidSpecification } from '../../util/errors.js';
import { readTextFile } from '../../util/host.js';
import { CompiledModel } from '../model/compiled.js';
import { moduleForPyhfType } from '../model/modifiers/index.js';
import { resolveModel, type ParameterOverride } from '../model/resolve.js';
import type { ChannelSpec, HistosysInterpolation, ModifierSpec, NormsysInterpolation, ObservationSpec, SampleSpec } from '../model/spec.js';
import type { PyhfModifier, PyhfWorkspace } from './schema.js';
import { parseWorkspace } from './validate.js';

export { parseWorkspace };

export interface WorkspaceOptions {
  /** Measurement to use (by name). @default the first measurement */
  readonly measurement?: string;
  /** @default { normsys: 'code4', histosys: 'code4p' } (pyhf's defaults) */
  readonly interpolation?: { readonly normsys?: NormsysInterpolation; readonly histosys?: HistosysInterpolation };
}

export interface LoadedWorkspace {
  readonly model: CompiledModel;
  /** Observed data (main bins in sorted channel order) with the nominal auxiliary data. */
  readonly data: ObservedData;
  readonly measurement: string;
  readonly poi: string;
  /** Measurement parameter configs naming no parameter of the model (ignored, as in pyhf). */
  readonly ignoredParameterConfigs: readonly string[];
}


/** A pyhf modifier as the native entry of the module that reads its type (src/stats/model/modifiers/). */
function convertModifier(m: PyhfModifier): ModifierSpec {
  const module = moduleForPyhfType(m.type);
  if (module === undefined) throw new InvalidSpecification(`no native modifier reads pyhf type '${m.type}'`, 'modifiers');
  return module.pyhf!.read!(m) as ModifierSpec;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A workspace's model in the generic form the model builder (and the workspace writer) take: channels in
 * native spec form (one `bin` axis each), observations, per-component parameter settings of the chosen
 * measurement, POI and interpolation codes. Channels, samples and modifiers are in pyhf's sorted order.
 */
export interface WorkspaceModelInput {
  /** Measurement name. */
  readonly name: string;
  readonly poi: string;
  readonly channels: readonly ChannelSpec[];
  readonly observations: readonly ObservationSpec[];
  readonly overrides: readonly ParameterOverride[];
  readonly interpolation: { readonly normsys: NormsysInterpolation; readonly histosys: HistosysInterpolation };
}

/**
 * Refuse a workspace whose nominal expectation (sum of the samples' nominal histograms) is negative in a bin, or zero
 * in a bin with observed events: no parameter point can then give a finite likelihood near the nominal model, and a
 * fit would report −2lnL = ∞ or a meaningless CLs. The error names the channel, the bin and the sample(s).
 */
function checkNominalExpectation(ws: PyhfWorkspace, obsByName: ReadonlyMap<string, readonly number[]>): void {
  ws.channels.forEach((c, ci) => {
    const obs = obsByName.get(c.name);
    const nb = c.samples[0]!.data.length;
    for (let b = 0; b < nb; b++) {
      let total = 0;
      for (const s of c.samples) total += s.data[b]!;
      if (total < 0) {
        const neg = c.samples.map((s, si) => ({ s, si })).filter(({ s }) => s.data[b]! < 0);
        const { s, si } = neg.reduce((a, x) => (x.s.data[b]! < a.s.data[b]! ? x : a));
        throw new InvalidSpecification(
          `channel '${c.name}', bin ${b}: the nominal expectation is negative (${total}); sample '${s.name}' contributes ${s.data[b]}${neg.length > 1 ? ` (negative also in ${neg.filter((x) => x.s !== s).map((x) => `'${x.s.name}'`).join(', ')})` : ''}`,
          `channels[${ci}].samples[${si}].data[${b}]`,
        );
      }
      if (total === 0 && obs !== undefined && (obs[b] ?? 0) > 0) {
        throw new InvalidSpecification(
          `channel '${c.name}', bin ${b}: the nominal expectation is zero (samples ${c.samples.map((s) => `'${s.name}'`).join(', ')}) but ${obs[b]} events are observed`,
          `channels[${ci}].samples[*].data[${b}]`,
        );
      }
    }
  });
}

/** Validate a pyhf workspace object and convert it to the generic model input (no model is built). */
export function workspaceModelInput(input: unknown, options: WorkspaceOptions = {}): WorkspaceModelInput {
  const ws = parseWorkspace(input);
  // Semantic checks with paths in the ORIGINAL document order.
  const seenCh = new Set<string>();
  ws.channels.forEach((c, ci) => {
    if (seenCh.has(c.name)) throw new InvalidSpecification(`duplicate channel '${c.name}'`, `channels[${ci}].name`);
    seenCh.add(c.name);
    const nb = c.samples[0]!.data.length;
    c.samples.forEach((s, si) => {
      const sPath = `channels[${ci}].samples[${si}]`;
      if (s.data.length !== nb) throw new InvalidSpecification(`sample has ${s.data.length} bins, channel '${c.name}' has ${nb}`, `${sPath}.data`);
      s.modifiers.forEach((m, mi) => {
        const mPath = `${sPath}.modifiers[${mi}].data`;
        if (m.type === 'histosys') {
          if (m.data.lo_data.length !== nb) throw new InvalidSpecification(`lo_data has ${m.data.lo_data.length} bins, expected ${nb}`, `${mPath}.lo_data`);
          if (m.data.hi_data.length !== nb) throw new InvalidSpecification(`hi_data has ${m.data.hi_data.length} bins, expected ${nb}`, `${mPath}.hi_data`);
        }
        if ((m.type === 'shapesys' || m.type === 'staterror') && m.data.length !== nb) {
          throw new InvalidSpecification(`${m.type} data has ${m.data.length} bins, expected ${nb}`, mPath);
        }
      });
    });
  });
  const obsByName = new Map<string, number[]>();
  ws.observations.forEach((o, oi) => {
    if (obsByName.has(o.name)) throw new InvalidSpecification(`duplicate observation '${o.name}'`, `observations[${oi}].name`);
    if (!seenCh.has(o.name)) throw new InvalidSpecification(`observation for unknown channel '${o.name}'`, `observations[${oi}].name`);
    obsByName.set(o.name, o.data);
  });
  checkNominalExpectation(ws, obsByName);
  let mIndex = 0;
  if (options.measurement !== undefined) {
    mIndex = ws.measurements.findIndex((m) => m.name === options.measurement);
    if (mIndex < 0) {
      throw new InvalidSpecification(`no measurement named '${options.measurement}' (available: ${ws.measurements.map((m) => m.name).join(', ')})`, 'measurements');
    }
  }
  const meas = ws.measurements[mIndex]!;
  const mPath = `measurements[${mIndex}].config`;

  // Sorted (pyhf) order.
  const channels: ChannelSpec[] = [...ws.channels].sort(byName).map((c) => ({
    name: c.name,
    axes: [{ name: 'bin', unit: '1', edges: Array.from({ length: c.samples[0]!.data.length + 1 }, (_, i) => i) }],
    samples: [...c.samples].sort(byName).map(
      (s): SampleSpec => ({
        name: s.name,
        data: s.data,
        modifiers: [...s.modifiers]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
          .map(convertModifier),
      }),
    ),
  }));
  const observations = channels.map((c) => {
    const d = obsByName.get(c.name);
    if (d === undefined) throw new InvalidSpecification(`no observation for channel '${c.name}'`, 'observations');
    return { channel: c.name, data: d };
  });
  const overrides: ParameterOverride[] = meas.config.parameters.map((p, i) => ({
    name: p.name,
    path: `${mPath}.parameters[${i}]`,
    ...(p.inits !== undefined ? { inits: p.inits } : {}),
    ...(p.bounds !== undefined ? { bounds: p.bounds } : {}),
    ...(p.fixed !== undefined ? { fixed: p.fixed } : {}),
    ...(p.sigmas !== undefined ? { sigmas: p.sigmas } : {}),
    ...(p.factors !== undefined ? { taus: p.factors } : {}),
    ...(p.auxdata !== undefined ? { means: p.auxdata } : {}),
  }));
  return {
    name: meas.name,
    poi: meas.config.poi,
    channels,
    observations,
    overrides,
    interpolation: { normsys: options.interpolation?.normsys ?? 'code4', histosys: options.interpolation?.histosys ?? 'code4p' },
  };
}

/** Build a model (and the observed data) from a pyhf workspace object. */
export function loadWorkspace(input: unknown, options: WorkspaceOptions = {}): LoadedWorkspace {
  const w = workspaceModelInput(input, options);
  const mIndex = options.measurement === undefined ? 0 : (input as PyhfWorkspace).measurements.findIndex((m) => m.name === options.measurement);
  const mPath = `measurements[${mIndex}].config`;
  let resolved;
  try {
    resolved = resolveModel({
      name: w.name,
      channels: w.channels,
      poi: w.poi,
      observations: w.observations,
      overrides: w.overrides,
      order: 'pyhf',
      interpolation: w.interpolation,
      functionSamples: [],
      unusedOverrides: 'ignore',
      channelsPath: 'channels(sorted)',
    });
  } catch (e) {
    if (e instanceof InvalidSpecification && e.path === 'poi') throw new InvalidSpecification(e.message.replace(/^poi: /, ''), `${mPath}.poi`);
    throw e;
  }
  const model = new CompiledModel(resolved.definition);
  return { model, data: model.observedData(), measurement: w.name, poi: w.poi, ignoredParameterConfigs: resolved.ignoredOverrides };
}

/** Read a workspace JSON file (through the file host); a file that is not JSON raises DataFormatError naming the file. */
export function loadWorkspaceFile(path: string, options: WorkspaceOptions = {}): LoadedWorkspace {
  return loadWorkspaceText(readTextFile(path), path, options);
}

/** A workspace from its JSON text; `where` (a file name) is named in the error when the text is not JSON. */
export function loadWorkspaceText(text: string, where: string, options: WorkspaceOptions = {}): LoadedWorkspace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataFormatError(where, null, `not valid JSON (${(e as Error).message})`);
  }
  return loadWorkspace(json, options);
}
