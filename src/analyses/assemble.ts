/**
 * Hypothesis assembly: an experiment's background model plus (for DM) a signal sample per signal channel,
 * or (for NSI) function samples replacing the CEvNS samples, compiled into one StatModel with its data.
 *
 * Signal hypotheses are data: the DM sample is the template at a reference coupling Y_ref with a free
 * normalisation `mu_dm` (the POI). Because DM counts scale as Y² at fixed masses and α_D
 * (N ∝ ε⁴α_D, Y = ε²α_D(m_χ/m_A′)⁴), a fitted μ maps to Y = Y_ref·√μ without recomputing any template.
 */
import { compileModel } from '../stats/model/compile.js';
import type { CompiledModel } from '../stats/model/compiled.js';
import type { FunctionSampleDefinition } from '../stats/model/definition.js';
import type { ChannelSpec, ModelSpec, ParameterSpec, SampleSpec } from '../stats/model/spec.js';
import type { ObservedData } from '../stats/types.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import type { DmSignalTemplates, ExperimentAnalysis } from './types.js';

export type HypothesisName = 'sm' | 'dm' | 'nsi';

/** Name of the DM signal-strength parameter (the POI of the DM hypothesis). */
export const DM_POI = 'mu_dm';
/** Name of the DM sample added to each signal channel. */
export const DM_SAMPLE = 'dm';

export interface AssembledModel {
  readonly hypothesis: HypothesisName;
  readonly model: CompiledModel;
  readonly data: ObservedData;
  /** DM templates used (dm hypothesis only). */
  readonly dm: DmSignalTemplates | null;
  /** Names of the NSI coupling parameters (nsi hypothesis only). */
  readonly nsiCouplings: readonly string[];
  /** The native spec the model was compiled from (static samples, parameters after --set, observations). */
  readonly spec: ModelSpec;
  /** The function samples compiled together with `spec`. */
  readonly functionSamples: readonly FunctionSampleDefinition[];
}

export interface AssembleOptions {
  /** Mediator mass (MeV) for the DM hypothesis; default: config.signal.mass_MeV. */
  readonly massMeV?: number;
  /** DM templates computed beforehand (e.g. in a worker); skips `exp.dmSignal`. */
  readonly dmTemplates?: DmSignalTemplates;
  /** Parameter values from `--set name=value` (override inits; fixed parameters stay fixed at the new value). */
  readonly parameterSets?: ReadonlyMap<string, number>;
  /** Data to use instead of the observations (e.g. Asimov or toys). */
  readonly mainData?: ArrayLike<number>;
  /** Upper bound of mu_dm. @default chosen from the observed counts */
  readonly muMax?: number;
  /** Parameter of interest of the compiled model. @default mu_dm for the DM hypothesis, none otherwise */
  readonly poi?: string;
}

/** The family coupling c at signal strength μ of templates given at `reference` (counts ∝ c^power: c = c_ref·μ^(1/power)). */
export function couplingFromMu(mu: number, reference: number, power: number): number {
  return reference * Math.max(0, mu) ** (1 / power);
}

/** The signal strength of templates given at `reference` for the family coupling c (counts ∝ c^power: μ = (c/c_ref)^power). */
export function muFromCoupling(c: number, reference: number, power: number): number {
  return (c / reference) ** power;
}

/** The coupling ↔ signal-strength rule of a DM template set: its reference coupling and the family's count power. */
export function couplingOfTemplates(mu: number, dm: Pick<DmSignalTemplates, 'referenceCoupling' | 'countPower'>): number {
  return couplingFromMu(mu, dm.referenceCoupling, dm.countPower);
}

/** Inverse of {@link couplingOfTemplates}. */
export function muOfTemplates(c: number, dm: Pick<DmSignalTemplates, 'referenceCoupling' | 'countPower'>): number {
  return muFromCoupling(c, dm.referenceCoupling, dm.countPower);
}

function applyParameterSets(params: ParameterSpec[], sets: ReadonlyMap<string, number> | undefined, known: ReadonlySet<string>): ParameterSpec[] {
  if (!sets || sets.size === 0) return params;
  const out = params.map((p) => ({ ...p }));
  for (const [name, value] of sets) {
    if (!known.has(name)) {
      throw new InvalidSpecification(`unknown parameter "${name}"; parameters of this model: ${[...known].sort().join(', ')} (settings use dotted paths, e.g. signal.mass_MeV=75)`, `--set ${name}`);
    }
    const i = out.findIndex((p) => p.name === name);
    if (i < 0) out.push({ name, init: value });
    else {
      const p = out[i]!;
      const b = p.bounds;
      if (b && (value < b[0] || value > b[1])) {
        throw new InvalidSpecification(`value ${value} is outside the parameter's bounds [${b[0]}, ${b[1]}]`, `--set ${name}`);
      }
      // A fixed parameter stays fixed, now at the new value; a constrained one keeps its prior (centred on its mean).
      out[i] = { ...p, init: value };
    }
  }
  return out;
}

/** Parameter names used by a set of channels and function samples (modifier names and function parameters). */
function usedParameterNames(channels: readonly ChannelSpec[], fs: readonly FunctionSampleDefinition[], declared: readonly ParameterSpec[]): Set<string> {
  const names = new Set<string>(declared.map((p) => p.name));
  for (const c of channels) for (const s of c.samples) for (const m of s.modifiers ?? []) names.add(m.name);
  for (const f of fs) {
    for (const p of f.parameters) names.add(p);
    for (const m of f.modifiers ?? []) names.add(m.name);
  }
  return names;
}

/** Build the model and data of one hypothesis. */
export function assembleHypothesis(exp: ExperimentAnalysis, hypothesis: HypothesisName, opts: AssembleOptions = {}): AssembledModel {
  const bg = exp.background;
  let channels: ChannelSpec[] = bg.channels.map((c) => ({ ...c, samples: [...c.samples] }));
  let functionSamples: FunctionSampleDefinition[] = [...bg.functionSamples];
  let parameters: ParameterSpec[] = [...bg.parameters];
  let poi: string | null = null;
  let dm: DmSignalTemplates | null = null;
  let nsiCouplings: readonly string[] = [];

  if (hypothesis === 'dm') {
    const signal = exp.config.signal;
    if (!signal) throw new InvalidSpecification('the DM hypothesis needs a `signal` section in the config', 'signal');
    const mass = opts.massMeV ?? signal.mass_MeV;
    dm = opts.dmTemplates ?? exp.dmSignal(signal, mass);
    let total = 0;
    for (const t of dm.perChannel.values()) for (let i = 0; i < t.length; i++) total += t[i]!;
    if (!(total > 0) || !Number.isFinite(dm.referenceCoupling)) {
      throw new InvalidModel(`no DM signal is expected at m_A' = ${mass} MeV in ${exp.experiment} (all production channels closed or outside the region)`);
    }
    channels = channels.map((c) => {
      const t = dm!.perChannel.get(c.name);
      if (!t) return c;
      const sample: SampleSpec = { name: DM_SAMPLE, data: Array.from(t), modifiers: [{ type: 'normfactor', name: DM_POI }] };
      return { ...c, samples: [...c.samples, sample] };
    });
    let nObs = 0;
    for (const o of bg.observations) nObs += sumNested(o.data);
    const muMax = opts.muMax ?? Math.max(100, (20 * Math.max(nObs, 1)) / total);
    parameters.push({ name: DM_POI, init: 0, bounds: [0, muMax] });
    poi = DM_POI;
  } else if (hypothesis === 'nsi') {
    const nsiCfg = exp.config.nsi;
    if (!nsiCfg) throw new InvalidSpecification('the NSI hypothesis needs an `nsi` section in the config', 'nsi');
    if (!exp.nsi) throw new InvalidModel(`experiment ${exp.experiment} does not support the NSI hypothesis`);
    const n = exp.nsi(nsiCfg);
    const replaced = new Set(bg.cevnsSamples);
    functionSamples = functionSamples.filter((f) => !(bg.signalChannels.includes(f.channel) && replaced.has(f.name)));
    channels = channels.map((c) => (bg.signalChannels.includes(c.name) ? { ...c, samples: c.samples.filter((s) => !replaced.has(s.name)) } : c));
    functionSamples.push(...n.functionSamples);
    parameters.push(...n.parameters);
    nsiCouplings = n.couplings;
  }

  const known = usedParameterNames(channels, functionSamples, parameters);
  parameters = applyParameterSets(parameters, opts.parameterSets, known);
  // Parameters whose modifiers were all removed (e.g. NSI replacing CEvNS) must not be declared.
  const used = usedParameterNames(channels, functionSamples, []);
  parameters = parameters.filter((p) => used.has(p.name));

  const spec: ModelSpec = {
    schemaVersion: '1.0.0',
    name: `${exp.config.name}:${hypothesis}`,
    poi,
    channels,
    parameters,
    observations: [...bg.observations],
  };
  const model = compileModel(spec, { functionSamples, ...(opts.poi !== undefined ? { poi: opts.poi } : {}) });
  const data = opts.mainData ? model.dataFromMain(opts.mainData) : model.observedData();
  return { hypothesis, model, data, dm, nsiCouplings, spec, functionSamples };
}

function sumNested(d: unknown): number {
  if (typeof d === 'number') return d;
  if (Array.isArray(d)) return d.reduce((a: number, x) => a + sumNested(x), 0);
  return 0;
}
