/**
 * pyhf export of an analysis likelihood at one physics point (the config plus `--set` values).
 *
 * The hypothesis is assembled as for a fit (assembleHypothesis); its static samples and modifiers are written
 * by the generic writer (src/stats/workspace/write.ts). Function samples — templates computed by code, e.g.
 * CEvNS as a function of R_n, quenching and efficiency nuisances — cannot be expressed in pyhf. Each becomes a
 * static sample evaluated at the nominal point (the parameters' initial values), and each of its parameters is
 *  - `histosys`: when it is free with a Gaussian prior N(m, σ): templates evaluated at nominal ∓ σ (all other
 *    parameters nominal) become the histosys lo/hi of a parameter α with the same name, θ = θ₀ + σ·α and
 *    α ~ N((m − θ₀)/σ, 1) (pyhf auxdata; 0 when the point is the prior mean). The ±1σ interpolation replaces
 *    the function away from the nominal point: exact at α ∈ {−1, 0, +1} for piecewise-linear interpolation;
 *  - `fixed`: when it is fixed in the model, or named in `fixFunctionParameters`: baked into the template.
 * A free function-sample parameter without a Gaussian prior cannot be written; the error says how to fix it.
 * What was done to each parameter is returned in the metadata (`function_samples`), which the CLI writes next
 * to the workspace as `<name>.meta.json` — pyhf's schema forbids extra keys anywhere in a workspace.
 */
import type { FunctionSampleDefinition } from '../stats/model/definition.js';
import type { ChannelSpec, ModelSpec, ParameterSpec, SampleSpec } from '../stats/model/spec.js';
import { specToWorkspace, type WorkspaceWriteMeta } from '../stats/workspace/write.js';
import type { PyhfWorkspace } from '../stats/workspace/schema.js';
import { InvalidModel, InvalidSpecification } from '../util/errors.js';
import { assembleHypothesis, type AssembleOptions, type HypothesisName } from './assemble.js';
import type { ExperimentAnalysis } from './types.js';

export interface ExportOptions extends AssembleOptions {
  /** Function-sample parameters to write fixed at their nominal value even when they carry a prior. */
  readonly fixFunctionParameters?: readonly string[];
}

/** How one function-sample parameter was exported. */
export interface FunctionParameterExport {
  readonly name: string;
  readonly treatment: 'histosys' | 'fixed';
  /** Value at which the nominal template was evaluated (the parameter's unit, as in the config). */
  readonly nominal: number;
  /** histosys: prior width σ; lo/hi templates at nominal ∓ σ. */
  readonly sigma: number | null;
  /** histosys: prior mean m (auxdata of α = (m − nominal)/σ). */
  readonly prior_mean: number | null;
  /** histosys: physical value = nominal + sigma·α. */
  readonly relation: string | null;
  /** Why the parameter is fixed ('fixed in the model' or 'requested'). */
  readonly reason: string | null;
}

export interface FunctionSampleExport {
  readonly channel: string;
  readonly sample: string;
  readonly parameters: readonly FunctionParameterExport[];
}

export interface AnalysisExportMeta extends WorkspaceWriteMeta {
  readonly format: 'cevnsfit-pyhf-export';
  readonly format_version: 1;
  readonly config: string;
  readonly experiment: string;
  readonly hypothesis: HypothesisName;
  /** `--set name=value` parameter values of the physics point. */
  readonly parameter_sets: Readonly<Record<string, number>>;
  readonly function_samples: readonly FunctionSampleExport[];
  /** DM hypothesis: mediator mass (MeV) and the reference coupling of the template (mu_dm = 1 ↔ Y = Y_ref). */
  readonly dm: { readonly mass_MeV: number; readonly chi_mass_MeV: number; readonly reference_Y: number } | null;
}

export interface AnalysisExport {
  readonly workspace: PyhfWorkspace;
  readonly meta: AnalysisExportMeta;
  /** The static native spec that was written (function samples replaced). */
  readonly spec: ModelSpec;
}

function evaluateCopy(fs: FunctionSampleDefinition, values: Float64Array, what: string): number[] {
  // evaluate may return a scratch buffer: copy at once.
  const out = Array.from(fs.evaluate(values) as ArrayLike<number>);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvalidModel(`function sample '${fs.channel}/${fs.name}' returned ${out[bad]} in bin ${bad} at ${what}`);
  return out;
}

/**
 * Turn the function samples of an assembled spec into static samples (see the module comment). Returns the
 * static spec and what was done per function sample.
 */
export function staticSpec(spec: ModelSpec, functionSamples: readonly FunctionSampleDefinition[], fixRequested: ReadonlySet<string> = new Set()): { spec: ModelSpec; functionSamples: FunctionSampleExport[] } {
  const declared = new Map<string, ParameterSpec>((spec.parameters ?? []).map((p) => [p.name, p]));
  const staticNames = new Set<string>();
  for (const c of spec.channels) for (const s of c.samples) for (const m of s.modifiers ?? []) staticNames.add(m.name);
  for (const f of functionSamples) for (const m of f.modifiers ?? []) staticNames.add(m.name);

  const added = new Map<string, SampleSpec[]>();
  const replaced = new Map<string, ParameterSpec | null>(); // function parameter → α declaration, or null (fixed: dropped)
  const reports: FunctionSampleExport[] = [];
  for (const fs of functionSamples) {
    const decls = fs.parameters.map((p) => {
      const d = declared.get(p);
      if (!d || d.init === undefined || d.bounds === undefined) throw new InvalidSpecification(`function-sample parameter '${p}' must be declared with init and bounds`, `parameters.${p}`);
      return d;
    });
    const values0 = Float64Array.from(decls, (d) => d.init!);
    const nominal = evaluateCopy(fs, values0, 'the nominal point');
    const histosys: NonNullable<SampleSpec['modifiers']>[number][] = [];
    const params: FunctionParameterExport[] = decls.map((d, i) => {
      const p = d.name;
      const p0 = d.init!;
      if (staticNames.has(p)) throw new InvalidSpecification(`'${p}' is both a function-sample parameter and a modifier; the export cannot write it`, `parameters.${p}`);
      if (d.fixed || fixRequested.has(p)) {
        if (!replaced.has(p)) replaced.set(p, null);
        return { name: p, treatment: 'fixed', nominal: p0, sigma: null, prior_mean: null, relation: null, reason: d.fixed ? 'fixed in the model' : 'requested' };
      }
      const c = d.constraint;
      if (c?.type !== 'gaussian' || !(c.sigma > 0)) {
        throw new InvalidSpecification(
          `function-sample parameter '${p}' of ${fs.channel}/${fs.name} is free without a Gaussian prior, so it has no ±1σ templates for a pyhf histosys; fix it (export --fix ${p}, or fix it in the config) or give it a prior`,
          `parameters.${p}`,
        );
      }
      const s = c.sigma;
      const [lo, hi] = d.bounds!;
      if (p0 - s < lo || p0 + s > hi) {
        throw new InvalidSpecification(`the ±1σ templates of '${p}' need ${p0} ± ${s} inside its bounds [${lo}, ${hi}]`, `parameters.${p}`);
      }
      const at = (v: number) => {
        const vals = Float64Array.from(values0);
        vals[i] = v;
        return evaluateCopy(fs, vals, `${p} = ${v}`);
      };
      histosys.push({ type: 'histosys', name: p, data: { lo: at(p0 - s), hi: at(p0 + s) } });
      const mean = c.mean ?? p0;
      const alpha: ParameterSpec = { name: p, init: 0, bounds: [(lo - p0) / s, (hi - p0) / s], constraint: { type: 'gaussian', sigma: 1, mean: (mean - p0) / s } };
      const prev = replaced.get(p);
      if (prev === null) throw new InvalidSpecification(`'${p}' would be fixed for one function sample and a histosys for another`, `parameters.${p}`);
      replaced.set(p, alpha);
      return { name: p, treatment: 'histosys', nominal: p0, sigma: s, prior_mean: mean, relation: `${p} = ${p0} + ${s}·α`, reason: null };
    });
    // A parameter fixed for this sample but a histosys for an earlier one.
    for (const q of params) if (q.treatment === 'fixed' && replaced.get(q.name) !== null) throw new InvalidSpecification(`'${q.name}' would be fixed for one function sample and a histosys for another`, `parameters.${q.name}`);
    const sample: SampleSpec = { name: fs.name, data: nominal, modifiers: [...(fs.modifiers ?? []), ...histosys] };
    added.set(fs.channel, [...(added.get(fs.channel) ?? []), sample]);
    reports.push({ channel: fs.channel, sample: fs.name, parameters: params });
  }

  const channels: ChannelSpec[] = spec.channels.map((c) => ({ ...c, samples: [...c.samples, ...(added.get(c.name) ?? [])] }));
  const parameters: ParameterSpec[] = [];
  for (const p of spec.parameters ?? []) {
    if (!replaced.has(p.name)) parameters.push(p);
    else if (replaced.get(p.name)) parameters.push(replaced.get(p.name)!);
  }
  return { spec: { ...spec, channels, parameters }, functionSamples: reports };
}

/** Export one hypothesis of an analysis as a pyhf workspace at the physics point of `opts`. */
export function exportAnalysis(exp: ExperimentAnalysis, hypothesis: HypothesisName, opts: ExportOptions = {}): AnalysisExport {
  const a = assembleHypothesis(exp, hypothesis, opts);
  const fix = new Set(opts.fixFunctionParameters ?? []);
  const fnParams = new Set(a.functionSamples.flatMap((f) => f.parameters));
  for (const p of fix) {
    if (!fnParams.has(p)) {
      throw new InvalidSpecification(`'${p}' is not a function-sample parameter of this model (function-sample parameters: ${[...fnParams].sort().join(', ') || 'none'})`, '--fix');
    }
  }
  const st = staticSpec(a.spec, a.functionSamples, fix);
  const poi = a.spec.poi ?? exp.background.smPoi ?? null;
  if (poi === null) {
    throw new InvalidSpecification(`the ${hypothesis} model of ${exp.experiment} has no parameter of interest (no free CEvNS normalisation); pyhf needs one`, 'hypothesis');
  }
  const written = specToWorkspace(st.spec, { poi, measurement: exp.config.name });
  return {
    workspace: written.workspace,
    spec: st.spec,
    meta: {
      format: 'cevnsfit-pyhf-export',
      format_version: 1,
      config: exp.config.name,
      experiment: exp.experiment,
      hypothesis,
      parameter_sets: Object.fromEntries(opts.parameterSets ?? []),
      ...written.meta,
      // The ±1σ reparametrisation θ = θ₀ + σ·α of function-sample parameters adds −2·ln σ each, like the writer's.
      twice_nll_offset: st.functionSamples
        .flatMap((f) => f.parameters)
        .filter((p, i, all) => p.treatment === 'histosys' && all.findIndex((q) => q.name === p.name) === i)
        .reduce((acc, p) => acc - 2 * Math.log(p.sigma!), written.meta.twice_nll_offset),
      function_samples: st.functionSamples,
      dm: a.dm ? { mass_MeV: a.dm.massMeV, chi_mass_MeV: a.dm.chiMassMeV, reference_Y: a.dm.referenceCoupling } : null,
    },
  };
}
