/**
 * The contract between experiment bindings (src/analyses/experiments/*) and the generic analysis layer
 * (hypothesis assembly, commands). An experiment turns a validated AnalysisConfig into
 *  - a background (Standard-Model) likelihood: channels with SM samples, nuisance parameters, observations;
 *  - dark-matter signal templates at a reference coupling for any mediator mass;
 *  - optionally NSI samples that replace its CEvNS samples.
 * Everything else (SM vs DM vs NSI, fits, significances, limits, scans, plots) is experiment-agnostic.
 */
import type { ChannelSpec, ObservationSpec, ParameterSpec } from '../stats/model/spec.js';
import type { FunctionSampleDefinition } from '../stats/model/definition.js';
import type { AnalysisConfig, ExperimentName, NsiConfig, SignalConfig } from './config.js';
import type { FamilyCoupling } from './families/types.js';
import type { ResolvedParameters } from './parameters.js';

/** The SM model of an experiment, before a hypothesis adds anything. */
export interface BackgroundModel {
  /** Channels with their static SM samples (and modifiers). Function samples are listed separately. */
  readonly channels: readonly ChannelSpec[];
  /** Parameter settings (inits, bounds, constraints, fixed) for every parameter the samples use. */
  readonly parameters: readonly ParameterSpec[];
  /** The experiment's declared parameters after the config's `parameters:` (units, sources, scopes). */
  readonly resolved?: ResolvedParameters;
  /** Samples computed by code (e.g. CEvNS as a function of R_n). */
  readonly functionSamples: readonly FunctionSampleDefinition[];
  /** Observed counts per channel (for `data: asimov` configs, the binding supplies the nominal expectation). */
  readonly observations: readonly ObservationSpec[];
  /** Channels where a DM signal is added and whose yields are reported (the signal region). */
  readonly signalChannels: readonly string[];
  /**
   * Names of the CEvNS samples (in the signal channels) that an NSI hypothesis replaces; the reported
   * sample names (e.g. `cevns`, `brn`, `ss`) are the sample names themselves.
   */
  readonly cevnsSamples: readonly string[];
  /** Human-readable facts for reports (exposure, distance, mass …), each with units in the key. */
  readonly facts: Readonly<Record<string, number | string>>;
  /**
   * The CEvNS normalisation parameter (a free normfactor, 1 = SM) for SM fits: the POI of `significance`
   * when the config has no `signal` section. Absent when the experiment has no free CEvNS normalisation.
   */
  readonly smPoi?: string;
}

/** Cut-and-count numbers in the config's window (events; significance in σ). */
export interface CutAndCountResult {
  readonly observed: number;
  /** Steady-state background estimate (from the anti-coincidence window). */
  readonly steady_state: number;
  readonly delayed_nu: number;
  readonly prompt_nu: number;
  readonly brn: number;
  /** observed − steady_state − delayed_nu − prompt_nu − brn. */
  readonly excess: number;
  /** excess / √(2·SS + ν + BRN): the simple estimate of the talk this project starts from. */
  readonly significance: number;
  /** Profile-likelihood discovery significance of the same excess (counting likelihood with the AC control). */
  readonly significance_profile: number;
  /** Everything else worth printing (window edges, R_n, …). */
  readonly details: Readonly<Record<string, number | string>>;
}

/** Dark-matter templates for one mediator mass at a reference coupling. */
export interface DmSignalTemplates {
  readonly massMeV: number;
  readonly chiMassMeV: number;
  /** The family's reported coupling (name, symbol, formula). */
  readonly coupling: FamilyCoupling;
  /** What the mass is (the family's massLabel, e.g. m_A′ or m_V′). @default m_A′ */
  readonly massLabel?: string;
  /** Counts scale as (c / referenceCoupling)^countPower. */
  readonly countPower: number;
  /** Value of the family coupling (e.g. Y = ε² α_D (m_χ/m_A′)⁴) at which `perChannel` is given. */
  readonly referenceCoupling: number;
  /** Same as referenceCoupling (kept for the Y families' JSON key `reference_Y`). */
  /** Expected DM counts per signal channel (flattened like the channel), summed over production channels. */
  readonly perChannel: ReadonlyMap<string, Float64Array>;
  /** Totals per production channel (π0, η, π⁻, brem) at referenceCoupling, summed over signal channels. */
  readonly byProduction: Readonly<Record<string, number>>;
  /** Notes on the production (e.g. a requested channel closed above its kinematic threshold contributes 0). */
  readonly notes?: readonly string[];
}

/** NSI samples that replace the CEvNS samples of the signal channels. */
export interface NsiSamples {
  readonly parameters: readonly ParameterSpec[];
  readonly functionSamples: readonly FunctionSampleDefinition[];
  /** Names of the parameters that are the NSI couplings (for reports). */
  readonly couplings: readonly string[];
}

/** What an experiment provides to the analysis layer. */
export interface ExperimentAnalysis {
  readonly experiment: ExperimentName;
  readonly config: AnalysisConfig;
  readonly background: BackgroundModel;
  /** DM templates on the signal channels' binning at `massMeV`. */
  dmSignal(signal: SignalConfig, massMeV: number): DmSignalTemplates;
  /** NSI replacement for the CEvNS samples, when the experiment supports it. */
  nsi?(nsi: NsiConfig): NsiSamples;
  /** Cut-and-count in the config's region, when the experiment supports it. */
  cutAndCount?(parameterSets: ReadonlyMap<string, number>): CutAndCountResult;
}

/** A builder registered per experiment. */
export type ExperimentBuilder = (config: AnalysisConfig) => ExperimentAnalysis;
