/**
 * COHERENT CsI[Na] full data set (PRL 129 (2022) 081801, arXiv:2110.07730; released event lists and PDFs) bound to the
 * analysis layer.
 *
 * Likelihood (docs/data.md §2.4; the collaboration's exact implementation is UNVERIFIED): two binned Poisson
 * channels over reconstructed energy (PE) × arrival time (µs), histogrammed from the released event lists:
 *  - `coincidence` (C, beam-on signal window): samples
 *      `cevns`  SM CEvNS (π-DAR flux × CEvNS × CsI-2021 response incl. ε_E, ε_T, gamma resolution) with free
 *               `cevns_norm` (the SM POI) and the released response modes as nuisances in σ units: `qf_mode0`,
 *               `qf_mode1` (scintRespCoefficients.txt "Syst model 0/1"), `eff` (effCoefficients.txt), Gaussian σ = 1;
 *               `Rn` (fm) fixed at parameters.Rn.value unless parameters.Rn.fixed is false (prior 0.21 fm); optional CEvNS arrival-time offset
 *               `t_offset_us` (a nuisance of the paper; its prior is UNVERIFIED, so it is fixed unless configured);
 *      `brn`    brnPE ⊗ (brnTrec × ε_T), 18.4 ± 25 % events in the ROI (`brn_norm`);
 *      `nin`    ninPE ⊗ (ninTrec × ε_T), 5.6 ± 36 % events in the ROI (`nin_norm`);
 *      `ss`     steady state: the anti-coincidence data factorised into PE × time projections, free `ss_norm`;
 *  - `anticoincidence` (AC, beam-on window before the beam: steady state only): sample `ss` with the same `ss_norm`,
 *    so the AC counts measure the SS normalisation.
 * The ROI is PE < 60, 0 ≤ t < 6 µs (where the released PDFs are normalised); the binning defaults to the candidate
 * 9 × 11 binning of a third-party reproduction (CSI2021_CANDIDATE_BINNING; UNVERIFIED as the collaboration's).
 * Not modelled (no released inputs): BRN timing mean/width, ν flux (10 %, degenerate with the free
 * `cevns_norm`; it matters only when comparing with the SM prediction).
 */
import { bindParameters, factorisedFromProjections, neutronRadius, normalisation, shapeNuisance, sum, type ResolvedParameters } from './common.js';
import type { Csi2021Release } from '../../datasets/csi2021.js';
import { datasets } from '../datasource.js';
import { CSI2021_CANDIDATE_BINNING, createCsi2021Model, csi2021ConfigFromRelease, csi2021TimeEfficiency, type Csi2021Config } from '../../detectors/csi2021.js';
import { SmCevnsTemplates } from '../../detectors/sm.js';
import type { DetectorBinning } from '../../detectors/template.js';
import { radiativeCouplings } from '../../physics/cevns.js';
import { delayedNeutrinoTiming, promptNeutrinoTiming } from '../../physics/timing.js';
import type { FunctionSampleDefinition } from '../../stats/model/definition.js';
import type { ChannelSpec, ParameterSpec } from '../../stats/model/spec.js';
import { InvalidSpecification } from '../../util/errors.js';
import type { AnalysisConfig } from '../config.js';
import { lazyDmSignal, makeDmSignalProvider } from '../dmsignal.js';
import type { BackgroundModel, ExperimentAnalysis } from '../types.js';
import { CSI2021_RESPONSE_NUISANCES, Csi2021CevnsTemplate, factorisedTemplate } from './csi2021-templates.js';

export const CSI2021_SIGNAL_CHANNEL = 'coincidence';
export const CSI2021_CONTROL_CHANNEL = 'anticoincidence';

/** The region of interest where the released BRN/NIN PDFs are normalised and the CEvNS fit is defined. */
export const CSI2021_ROI = { pe: [0, 60] as const, timeUs: [0, 6] as const };

/**
 * Default neutron rms radius of Cs/I (fm): point-neutron radius of ¹³³Cs measured in proton elastic scattering,
 * 4.86(21) fm (arXiv:2403.03566, abstract); I-127 is taken equal.
 */
export const CSI2021_DEFAULT_RN_FM = 4.86;

/**
 * Expected BRN and NIN counts in the ROI with their relative priors: 18.4 ± 4.6 (25 %) and 5.6 ± 2.0 (36 %)
 * (docs/data.md §2.3: third-party T371 priors, Newtrinos uses 25 % / 36 %; paper values UNVERIFIED).
 */
export const CSI2021_BRN = { events: 18.4, relSigma: 0.25 } as const;
export const CSI2021_NIN = { events: 5.6, relSigma: 2.0 / 5.6 } as const;

/** Nodes (σ units) at which the response matrices of the QF and efficiency modes are computed. */
const RESPONSE_NODES = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
/** Nodes (µs) of the CEvNS timing offset and its bounds. */
const OFFSET_NODES_US = [-0.3, -0.25, -0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const OFFSET_BOUNDS_US: readonly [number, number] = [-0.3, 0.3];
/** R_n range (fm) when profiled. */
const RN_BOUNDS: readonly [number, number] = [3, 8];

const REGION_KEYS = ['pe', 'time_us'] as const;
const OPTION_KEYS = ['pe_edges', 'time_edges_us'] as const;

/** Binned inputs derived from the release for a config. */
export interface Csi2021Binding {
  readonly release: Csi2021Release;
  /** Analysis bin edges inside the region (PE, µs). */
  readonly peEdges: Float64Array;
  readonly timeEdgesUs: Float64Array;
  readonly observedC: Float64Array;
  readonly observedAC: Float64Array;
  /** Templates in channel layout (PE outer, time inner), expected events. */
  readonly brn: Float64Array;
  readonly nin: Float64Array;
  readonly ss: Float64Array;
}

function edgesOption(v: unknown, key: string, fallback: Float64Array): Float64Array {
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || v.length < 2 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new InvalidSpecification(`expected a list of at least two finite numbers (bin edges), got ${JSON.stringify(v)}`, key);
  }
  for (let i = 1; i < v.length; i++) if (!((v[i] as number) > (v[i - 1] as number))) throw new InvalidSpecification(`bin edges must be strictly increasing (edge ${i - 1} = ${v[i - 1]}, edge ${i} = ${v[i]})`, key);
  return Float64Array.from(v as number[]);
}

/** The edges inside [lo, hi]; lo and hi must themselves be edges. */
function restrict(edges: Float64Array, range: readonly [number, number], roi: readonly [number, number], key: string, unit: string): Float64Array {
  if (range[0] < roi[0] || range[1] > roi[1]) {
    throw new InvalidSpecification(`expected a range inside the ROI [${roi[0]}, ${roi[1]}] ${unit} (where the released PDFs and the CEvNS model are defined), got [${range[0]}, ${range[1]}]`, key);
  }
  const tol = 1e-9 * Math.max(1, Math.abs(roi[1]));
  const i0 = edges.findIndex((e) => Math.abs(e - range[0]) <= tol);
  const i1 = edges.findIndex((e) => Math.abs(e - range[1]) <= tol);
  if (i0 < 0 || i1 < 0 || i1 <= i0) {
    throw new InvalidSpecification(`expected [low, high] on the bin edges ${Array.from(edges).join(', ')} ${unit}, got [${range[0]}, ${range[1]}]`, key);
  }
  return edges.slice(i0, i1 + 1);
}


/** Validate the config against this experiment and derive binned data and background templates. */
export function bindCsi2021(config: AnalysisConfig, release: Csi2021Release = datasets().csi2021()): Csi2021Binding {
  for (const key of Object.keys(config.region)) {
    if (!(REGION_KEYS as readonly string[]).includes(key)) throw new InvalidSpecification(`unknown region axis; expected one of ${REGION_KEYS.join(', ')}`, `region.${key}`);
  }
  for (const key of Object.keys(config.options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) throw new InvalidSpecification(`unknown option; expected one of ${OPTION_KEYS.join(', ')}`, `options.${key}`);
  }
  const peAll = edgesOption(config.options.pe_edges, 'options.pe_edges', CSI2021_CANDIDATE_BINNING.energyEdges);
  const tAll = edgesOption(config.options.time_edges_us, 'options.time_edges_us', CSI2021_CANDIDATE_BINNING.timeEdgesUs);
  const peEdges = restrict(peAll, config.region.pe ?? CSI2021_ROI.pe, CSI2021_ROI.pe, config.region.pe ? 'region.pe' : 'options.pe_edges', 'PE');
  const timeEdgesUs = restrict(tAll, config.region.time_us ?? CSI2021_ROI.timeUs, CSI2021_ROI.timeUs, config.region.time_us ? 'region.time_us' : 'options.time_edges_us', 'us');

  const hc = release.eventsC.histogram(peEdges, timeEdgesUs);
  const ha = release.eventsAC.histogram(peEdges, timeEdgesUs);
  const effT = csi2021TimeEfficiency(csi2021ConfigFromRelease(release));
  const brn = factorisedTemplate(release.brnPe, release.brnTime, peEdges, timeEdgesUs, CSI2021_ROI, effT, CSI2021_BRN.events);
  const nin = factorisedTemplate(release.ninPe, release.ninTime, peEdges, timeEdgesUs, CSI2021_ROI, effT, CSI2021_NIN.events);
  const ss = factorisedFromProjections(ha.values, peEdges.length - 1, timeEdgesUs.length - 1);
  return { release, peEdges, timeEdgesUs, observedC: hc.values, observedAC: ha.values, brn, nin, ss };
}

/** The CEvNS template on the detector's binning: SM rates with radiative couplings, tabulated in the response nuisances and the timing offset. */
function csi2021CevnsTemplate(detector: ReturnType<typeof createCsi2021Model>, detCfg: Csi2021Config): Csi2021CevnsTemplate {
  const sm = new SmCevnsTemplates({
    model: detector,
    target: detCfg.target,
    massKg: detCfg.massKg,
    source: detCfg.source,
    couplings: radiativeCouplings(),
    timing: { prompt: promptNeutrinoTiming(detCfg.pulse), delayed: delayedNeutrinoTiming(detCfg.pulse) },
  });
  return new Csi2021CevnsTemplate(sm, detector, RESPONSE_NODES, {
    nodesUs: OFFSET_NODES_US,
    timingAt: (dt) => {
      const pulse = { ...detCfg.pulse, meanUs: detCfg.pulse.meanUs + dt };
      return { prompt: promptNeutrinoTiming(pulse), delayed: delayedNeutrinoTiming(pulse) };
    },
  });
}

/** The declared parameters of CsI-2021, resolved against the config's `parameters:`. */
function csi2021Parameters(config: AnalysisConfig): ResolvedParameters {
  const nodeMax = RESPONSE_NODES[RESPONSE_NODES.length - 1]!;
  return bindParameters(
    [
      normalisation('cevns_norm', null, 'free CEvNS normalisation (the SM POI)'),
      ...CSI2021_RESPONSE_NUISANCES.map((n) => shapeNuisance(n, `released ±1σ response variation ${n} (scintRespCoefficients.txt / effCoefficients.txt)`, [-nodeMax, nodeMax])),
      // CEvNS arrival-time offset (µs) relative to the pulse of the detector config: fixed at 0 unless freed.
      { name: 't_offset_us', unit: 'us', value: 0, bounds: OFFSET_BOUNDS_US, sigma: null, fixed: true, source: 'CEvNS timing offset nuisance of arXiv:2110.07730; prior UNVERIFIED' },
      neutronRadius('CsI', CSI2021_DEFAULT_RN_FM, 0.21, RN_BOUNDS, '133Cs point-neutron radius 4.86(21) fm, arXiv:2403.03566 (I-127 taken equal)'),
      normalisation('brn_norm', CSI2021_BRN.relSigma, '18.4 ± 4.6 events in the ROI (third-party prior, UNVERIFIED)'),
      normalisation('nin_norm', CSI2021_NIN.relSigma, '5.6 ± 2.0 events in the ROI (third-party prior, UNVERIFIED)'),
      normalisation('ss_norm', null, 'free; measured by the anti-coincidence channel', { bounds: [0.5, 1.5] }),
    ],
    config,
  );
}

/** The signal (coincidence) and control (anti-coincidence) channels: BRN, NIN and steady state (ss_norm shared). */
function csi2021Channels(b: Csi2021Binding): ChannelSpec[] {
  const axes: ChannelSpec['axes'] = [
    { name: 'pe', unit: 'PE', edges: Array.from(b.peEdges) },
    { name: 'time_us', unit: 'us', edges: Array.from(b.timeEdgesUs) },
  ];
  const ssMod = [{ type: 'normfactor' as const, name: 'ss_norm' }];
  return [
    {
      name: CSI2021_SIGNAL_CHANNEL,
      axes,
      samples: [
        { name: 'brn', data: Array.from(b.brn), modifiers: [{ type: 'normfactor', name: 'brn_norm' }] },
        { name: 'nin', data: Array.from(b.nin), modifiers: [{ type: 'normfactor', name: 'nin_norm' }] },
        { name: 'ss', data: Array.from(b.ss), modifiers: ssMod },
      ],
    },
    { name: CSI2021_CONTROL_CHANNEL, axes, samples: [{ name: 'ss', data: Array.from(b.ss), modifiers: ssMod }] },
  ];
}

/** The CEvNS function sample of (response nuisances, t_offset_us, Rn), evaluated into one scratch buffer. */
function csi2021CevnsSample(cevnsTemplate: Csi2021CevnsTemplate): FunctionSampleDefinition {
  const fnParams = [...CSI2021_RESPONSE_NUISANCES, 't_offset_us', 'Rn'];
  const scratch = new Float64Array(cevnsTemplate.nBins);
  const theta = new Float64Array(4);
  return {
    channel: CSI2021_SIGNAL_CHANNEL,
    name: 'cevns',
    parameters: fnParams,
    evaluate(values) {
      theta[0] = values[0]!;
      theta[1] = values[1]!;
      theta[2] = values[2]!;
      theta[3] = values[3]!;
      return cevnsTemplate.evaluate(theta, values[4]!, scratch);
    },
    modifiers: [{ type: 'normfactor', name: 'cevns_norm' }],
  };
}

/** DM templates on the signal channel (the detector is built on the channel's binning), loading the beam file on first use. */
function csi2021DmSignal(detector: ReturnType<typeof createCsi2021Model>, detCfg: Csi2021Config): ExperimentAnalysis['dmSignal'] {
  return lazyDmSignal(() => {
    const beam = datasets().snsBeam();
    return makeDmSignalProvider([
      {
        channel: CSI2021_SIGNAL_CHANNEL,
        detector,
        target: detCfg.target,
        massKg: detCfg.massKg,
        distanceM: detCfg.source.distanceM,
        protonsOnTarget: detCfg.source.protonsOnTarget,
        pulse: detCfg.pulse,
        mode: 'nuclear',
        beam: 'sns',
        beamData: { pi0: beam.pi0, brem: beam.brem },
        toChannel: (t) => Float64Array.from(t), // the detector is built on the channel's binning
      },
    ]);
  });
}

/**
 * Build the CsI-2021 analysis. Parameters: `cevns_norm` (free; Gaussian if `parameters.cevns_norm.sigma` is set),
 * `qf_mode0`, `qf_mode1`, `eff` (σ units), `Rn` (fm), `brn_norm`, `nin_norm` (relative), `ss_norm` (free).
 */
export function build(config: AnalysisConfig): ExperimentAnalysis {
  if (config.experiment !== 'csi2021') throw new InvalidSpecification(`expected experiment csi2021, got ${config.experiment}`, 'experiment');
  const b = bindCsi2021(config);
  const rel = b.release;
  const binning: DetectorBinning = { energyEdges: b.peEdges, energyUnit: 'PE', timeEdgesUs: b.timeEdgesUs };
  const detCfg = csi2021ConfigFromRelease(rel, binning);
  const detector = createCsi2021Model(detCfg);
  const cevnsTemplate = csi2021CevnsTemplate(detector, detCfg);
  const pars = csi2021Parameters(config);
  const rn0 = pars.get('Rn').value;
  const nominalCevns = Float64Array.from(cevnsTemplate.evaluate([0, 0, 0, 0], rn0));
  const channels = csi2021Channels(b);
  const cevns = csi2021CevnsSample(cevnsTemplate);
  const cevnsConstrained = pars.get('cevns_norm').sigma !== null;
  const parameters: ParameterSpec[] = pars.specs();

  let obsC: Float64Array = b.observedC;
  let obsAC: Float64Array = b.observedAC;
  if (config.data === 'asimov') {
    obsC = nominalCevns.map((v, i) => v + b.brn[i]! + b.nin[i]! + b.ss[i]!);
    obsAC = Float64Array.from(b.ss);
  }
  const facts: Record<string, number | string> = {
    protons_on_target: detCfg.source.protonsOnTarget,
    distance_m: detCfg.source.distanceM,
    mass_kg: detCfg.massKg,
    Rn_fm: rn0,
    predicted_cevns_events: sum(nominalCevns),
    predicted_brn_events: sum(b.brn),
    predicted_nin_events: sum(b.nin),
    observed_coincidence_events: sum(b.observedC),
    observed_anticoincidence_events: sum(b.observedAC),
    binning: `PE ${Array.from(b.peEdges).join(',')} × t ${Array.from(b.timeEdgesUs).join(',')} us (candidate binning, UNVERIFIED as the collaboration's)`,
  };
  const background: BackgroundModel = {
    channels,
    parameters,
    resolved: pars,
    functionSamples: [cevns],
    observations: [
      { channel: CSI2021_SIGNAL_CHANNEL, data: Array.from(obsC) },
      { channel: CSI2021_CONTROL_CHANNEL, data: Array.from(obsAC) },
    ],
    signalChannels: [CSI2021_SIGNAL_CHANNEL],
    cevnsSamples: ['cevns'],
    facts,
    ...(cevnsConstrained || !pars.free('cevns_norm') ? {} : { smPoi: 'cevns_norm' }),
  };
  return { experiment: 'csi2021', config, background, dmSignal: csi2021DmSignal(detector, detCfg) };
}
