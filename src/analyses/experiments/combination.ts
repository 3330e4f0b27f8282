/**
 * Combined likelihoods (`experiment: combination`): the members' background models become one model by
 * concatenating channels and renaming every member parameter `<member>/<name>`, except the parameters that the
 * config shares by name (pyhf's Workspace.combine works the same way). Rules:
 *  - a shared parameter must be declared by every member listed, with the same physical scope (e.g. the ν flux of
 *    one source, R_n of one nucleus — never across nuclei; src/analyses/parameters.ts) and the same settings (value,
 *    bounds, prior): the config states why they are one quantity;
 *  - the signal coupling is always one parameter: every member's DM templates are put on one common reference
 *    coupling (src/analyses/dmsignal.ts rescaleToReference), so the signal strength means the same coupling in every
 *    member;
 *  - members keep their own data, samples and priors; channel, sample and function-sample names get the prefix too;
 *  - members must use independent data: two members whose data releases hold events of the same detector's running
 *    are refused (src/analyses/experiments/independence.ts), checked when the config is loaded and again in `build`.
 * The result is an ExperimentAnalysis, so fit, significance, scan and limit work on it unchanged.
 */
import type { FunctionSampleDefinition } from '../../stats/model/definition.js';
import type { ChannelSpec, ModifierSpec, ObservationSpec, ParameterSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig, SignalConfig } from '../config.js';
import { REFERENCE_EVENTS, rescaleToReference } from '../dmsignal.js';
import type { BackgroundModel, DmSignalTemplates, ExperimentAnalysis } from '../types.js';
import { sum } from './common.js';
import { checkIndependentMembers } from './independence.js';
import type { ExperimentRegistry } from './index.js';

/** A member's built analysis with its prefix. */
export interface CombinationMember {
  readonly name: string;
  readonly analysis: ExperimentAnalysis;
}

/**
 * Build a combination from a loaded combination config; members are built through `registry` (the registry of
 * ./index.ts, passed in by it so that this module does not import the registry back).
 */
export async function build(config: AnalysisConfig, registry: ExperimentRegistry): Promise<ExperimentAnalysis> {
  const comb = config.combination;
  if (config.experiment !== 'combination' || !comb?.loaded) throw new InvalidSpecification('expected a loaded combination config (experiment: combination)', 'combination');
  checkIndependentMembers(comb.loaded.map((m) => ({ name: m.name, releases: registry.kindOf(m.config.experiment).dataReleases })), 'combination.members');
  const members: CombinationMember[] = [];
  for (const m of comb.loaded) members.push({ name: m.name, analysis: await registry.buildExperiment(m.config) });
  return combineAnalyses(config, members, comb.shared);
}

/** The combination of built members (exported for tests). */
export function combineAnalyses(config: AnalysisConfig, members: readonly CombinationMember[], shared: ReadonlyArray<{ parameter: string; members: readonly string[]; reason: string }>): ExperimentAnalysis {
  // ---- which names stay shared, per member
  const sharedIn = new Map<string, Set<string>>(members.map((m) => [m.name, new Set<string>()]));
  const sharedSpecs = new Map<string, ParameterSpec>();
  shared.forEach((sh, i) => {
    const key = `combination.shared[${i}]`;
    let scope: string | null | undefined;
    let first: { member: string; spec: ParameterSpec } | null = null;
    for (const name of sh.members) {
      const m = members.find((x) => x.name === name);
      if (!m) throw new InvalidSpecification(`unknown member "${name}"`, `${key}.members`);
      const bg = m.analysis.background;
      const spec = bg.parameters.find((p) => p.name === sh.parameter);
      if (!spec) throw new InvalidSpecification(`member ${name} has no parameter "${sh.parameter}"; its parameters are ${bg.parameters.map((p) => p.name).join(', ')}`, `${key}.parameter`);
      const sc = bg.resolved?.has(sh.parameter) ? (bg.resolved.get(sh.parameter).scope ?? null) : null;
      if (sc === null) throw new InvalidSpecification(`parameter "${sh.parameter}" of ${name} has no physical scope (it is specific to that detector) and cannot be shared`, `${key}.parameter`);
      if (scope !== undefined && sc !== scope) {
        throw new InvalidSpecification(`parameter "${sh.parameter}" is ${scope} in ${first!.member} but ${sc} in ${name}: they are different physical quantities and cannot be shared`, `${key}.members`);
      }
      scope = sc;
      if (first && JSON.stringify(normSpec(first.spec)) !== JSON.stringify(normSpec(spec))) {
        throw new InvalidSpecification(
          `parameter "${sh.parameter}" has different settings in ${first.member} (${JSON.stringify(normSpec(first.spec))}) and ${name} (${JSON.stringify(normSpec(spec))}); give both members the same value, bounds and prior`,
          `${key}.members`,
        );
      }
      first ??= { member: name, spec };
      sharedIn.get(name)!.add(sh.parameter);
    }
    sharedSpecs.set(sh.parameter, first!.spec);
  });

  // ---- rename and concatenate
  const channels: ChannelSpec[] = [];
  const functionSamples: FunctionSampleDefinition[] = [];
  const observations: ObservationSpec[] = [];
  const parameters: ParameterSpec[] = [];
  const signalChannels: string[] = [];
  const cevnsSamples: string[] = [];
  const facts: Record<string, number | string> = { members: members.map((m) => `${m.name} (${m.analysis.experiment})`).join(', ') };
  const channelMap = new Map<string, Map<string, string>>();
  for (const m of members) {
    const bg = m.analysis.background;
    const keep = sharedIn.get(m.name)!;
    const par = (n: string): string => (keep.has(n) ? n : `${m.name}/${n}`);
    const ch = (n: string): string => `${m.name}/${n}`;
    const mod = (x: ModifierSpec): ModifierSpec => ({ ...x, name: par(x.name) });
    channelMap.set(m.name, new Map(bg.channels.map((c) => [c.name, ch(c.name)])));
    for (const c of bg.channels) channels.push({ ...c, name: ch(c.name), samples: c.samples.map((s) => ({ ...s, name: `${m.name}/${s.name}`, ...(s.modifiers ? { modifiers: s.modifiers.map(mod) } : {}) })) });
    for (const f of bg.functionSamples) {
      functionSamples.push({ ...f, channel: ch(f.channel), name: `${m.name}/${f.name}`, parameters: f.parameters.map(par), ...(f.modifiers ? { modifiers: f.modifiers.map(mod) } : {}) });
    }
    for (const o of bg.observations) observations.push({ ...o, channel: ch(o.channel) });
    for (const p of bg.parameters) {
      if (keep.has(p.name)) {
        if (!parameters.some((q) => q.name === p.name)) parameters.push(sharedSpecs.get(p.name)!);
      } else parameters.push({ ...p, name: par(p.name) });
    }
    signalChannels.push(...bg.signalChannels.map(ch));
    cevnsSamples.push(...bg.cevnsSamples.map((s) => `${m.name}/${s}`));
    for (const [k, v] of Object.entries(bg.facts)) facts[`${m.name}/${k}`] = v;
  }
  shared.forEach((sh) => {
    facts[`shared/${sh.parameter}`] = `${sh.members.join(' + ')}: ${sh.reason}`;
  });

  const background: BackgroundModel = { channels, parameters, functionSamples, observations, signalChannels, cevnsSamples, facts };

  /** DM templates of every member on one common reference coupling (REFERENCE_EVENTS in total). */
  const dmSignal = (signal: SignalConfig, massMeV: number): DmSignalTemplates => {
    const parts = members.map((m) => ({ m, t: m.analysis.dmSignal(signal, massMeV) }));
    const k = parts[0]!.t.countPower;
    // Σ_i E_i (c/c_i)^k = REFERENCE_EVENTS  ⇒  c = (REFERENCE_EVENTS / Σ_i E_i c_i^−k)^{1/k}
    let denom = 0;
    for (const { t } of parts) {
      if (t.countPower !== k) throw new InvalidSpecification('members scale differently with the coupling', 'signal');
      let e = 0;
      for (const v of t.perChannel.values()) e += sum(v);
      if (e > 0 && Number.isFinite(t.referenceCoupling)) denom += e * t.referenceCoupling ** -k;
    }
    const first = parts[0]!.t;
    const perChannel = new Map<string, Float64Array>();
    const byProduction: Record<string, number> = {};
    if (!(denom > 0)) {
      for (const { m, t } of parts) for (const [c, v] of t.perChannel) perChannel.set(channelMap.get(m.name)!.get(c) ?? `${m.name}/${c}`, v.map(() => 0));
      return { ...first, referenceCoupling: Infinity, perChannel, byProduction };
    }
    const ref = (REFERENCE_EVENTS / denom) ** (1 / k);
    for (const { m, t } of parts) {
      const r = Number.isFinite(t.referenceCoupling) ? rescaleToReference(t, ref) : { ...t, perChannel: new Map([...t.perChannel].map(([c, v]) => [c, v.map(() => 0)])), byProduction: {} };
      for (const [c, v] of r.perChannel) perChannel.set(channelMap.get(m.name)!.get(c) ?? `${m.name}/${c}`, v);
      for (const [p, v] of Object.entries(r.byProduction)) byProduction[p] = (byProduction[p] ?? 0) + v;
    }
    return { ...first, referenceCoupling: ref, perChannel, byProduction };
  };

  return { experiment: 'combination', config, background, dmSignal };
}

/** The settings two members must agree on to share a parameter. */
function normSpec(p: ParameterSpec): unknown {
  return { init: p.init, bounds: p.bounds, fixed: p.fixed ?? false, constraint: p.constraint ?? null };
}
