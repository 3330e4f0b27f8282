/**
 * CsI-2021 binned inputs: histogram rebinning of the released fine PDFs (1-PE and 10-ns bins) onto an analysis
 * binning, factorised background templates, and the CEvNS template with its quenching / efficiency nuisances.
 */
import type { Histogram1D } from '../../datasets/histogram.js';
import type { DetectorModel, TemplateComponent, TimingInput } from '../../detectors/template.js';
import type { ResponseMatrix } from '../../detectors/response.js';
import type { Csi2021Nuisance } from '../../detectors/csi2021.js';
import type { SmCevnsTemplates } from '../../detectors/sm.js';
import { InvalidParameters } from '../../util/errors.js';

/**
 * Content of a fine histogram inside each coarse bin, assuming a flat density inside every fine bin
 * (fractional overlap). `weight(x)` multiplies each fine-bin piece at the midpoint of the overlap (e.g. a time
 * efficiency). Coarse edges outside the fine range collect nothing there.
 */
export function rebinFine(h: Histogram1D, coarseEdges: ArrayLike<number>, weight: (x: number) => number = () => 1): Float64Array {
  const fe = h.axis.edges;
  const nc = coarseEdges.length - 1;
  const out = new Float64Array(nc);
  for (let c = 0; c < nc; c++) {
    const lo = coarseEdges[c]!;
    const hi = coarseEdges[c + 1]!;
    let s = 0;
    for (let f = 0; f < fe.length - 1; f++) {
      const a = Math.max(lo, fe[f]!);
      const b = Math.min(hi, fe[f + 1]!);
      if (b <= a) continue;
      s += (h.values[f]! * (b - a)) / (fe[f + 1]! - fe[f]!) * weight(0.5 * (a + b));
    }
    out[c] = s;
  }
  return out;
}

/**
 * Factorised PE × time template N·p_PE(i)·p_t(j) (channel layout: PE outer, time inner), with p_PE and p_t the
 * released PDFs rebinned onto the analysis bins. p_PE is normalised over the ROI PE range and p_t (× ε_T) over the ROI
 * time range, both computed on the fine release bins, so `totalInRoi` is the expected count in the full ROI and a
 * smaller region keeps its share.
 */
export function factorisedTemplate(
  pe: Histogram1D,
  time: Histogram1D,
  peEdges: ArrayLike<number>,
  timeEdgesUs: ArrayLike<number>,
  roi: { readonly pe: readonly [number, number]; readonly timeUs: readonly [number, number] },
  timeEfficiency: (tUs: number) => number,
  totalInRoi: number,
): Float64Array {
  const pPe = rebinFine(pe, peEdges);
  const pT = rebinFine(time, timeEdgesUs, timeEfficiency);
  const nPe = rebinFine(pe, roi.pe)[0]!;
  const nT = rebinFine(time, roi.timeUs, timeEfficiency)[0]!;
  if (!(nPe > 0) || !(nT > 0)) throw new InvalidParameters(`empty PDF in the ROI (PE sum ${nPe}, time sum ${nT})`);
  const out = new Float64Array(pPe.length * pT.length);
  for (let i = 0; i < pPe.length; i++) for (let j = 0; j < pT.length; j++) out[i * pT.length + j] = (totalInRoi * pPe[i]! * pT[j]!) / (nPe * nT);
  return out;
}

/** Names and ±1σ definitions of the response nuisances of the CEvNS template (σ units). */
export const CSI2021_RESPONSE_NUISANCES = ['qf_mode0', 'qf_mode1', 'eff'] as const;

function nuisanceFor(k: number, theta: number): Csi2021Nuisance {
  return { qfModes: [k === 0 ? theta : 0, k === 1 ? theta : 0], efficiency: k === 2 ? theta : 0 };
}

/** One interpolated nuisance axis of the CEvNS template: node values and, per node, the response matrix and components. */
interface TemplateAxis {
  readonly nodes: Float64Array;
  readonly i0: number;
  readonly matrices: readonly ResponseMatrix[];
  readonly comps: ReadonlyArray<readonly TemplateComponent[]>;
  /** Node templates at the current R_n (one of the cached sets below). */
  templates: Float64Array[];
}

/**
 * R_n values whose node templates are kept. The gradient of the likelihood includes d/dR_n by central differences
 * even when R_n is fixed (compiled.ts twiceNllGrad), so every gradient visits R_n and R_n ± h: with three sets kept
 * those visits cost an interpolation instead of rebuilding every node template (the bulk of a CsI-2021 limit's time).
 */
const RN_CACHE_SIZE = 4;

/**
 * CEvNS template on the analysis binning as a function of (qf_mode0, qf_mode1, eff[, t_offset_us]) and R_n.
 *
 * Response nuisances: the energy-response matrix is computed once at each node θ of each nuisance (the others
 * nominal); the timing offset uses the nominal matrix with prompt/delayed arrival-time distributions from the pulse
 * shifted by each node. A template is T(θ) = T₀ + Σ_k [L_k(θ_k) − T₀], with L_k the piecewise-linear interpolation
 * between the node templates of nuisance k — HistFactory's additive histosys generalised to several nodes (exact at
 * every node, no cross terms between nuisances; each shift is a few per cent of the template, so cross terms are second
 * order). R_n enters exactly: a new R_n recomputes the recoil spectra (Helm form factors on the grid) and the node
 * templates (one matrix–vector product each); interpolation alone costs O(nodes × bins) and allocates nothing.
 */
export class Csi2021CevnsTemplate {
  readonly nBins: number;
  /** Number of interpolated nuisances (3, or 4 with a timing-offset axis). */
  readonly nAxes: number;
  private readonly axes: TemplateAxis[];
  private nominal: Float64Array;
  private rn = NaN;
  /** Node templates per R_n (fm), oldest first; each entry holds one array of templates per axis. */
  private readonly rnCache: Array<{ rn: number; templates: Float64Array[][] }> = [];

  /**
   * @param responseNodes σ nodes of the QF modes and the efficiency mode (must contain 0)
   * @param timing nominal prompt/delayed arrival times and, optionally, offset nodes (µs, containing 0) with the
   *   arrival-time distributions for each offset
   */
  constructor(
    private readonly sm: SmCevnsTemplates<Csi2021Nuisance>,
    private readonly model: DetectorModel<Csi2021Nuisance>,
    responseNodes: readonly number[],
    offsets?: { readonly nodesUs: readonly number[]; timingAt(offsetUs: number): { prompt: TimingInput; delayed: TimingInput } },
  ) {
    this.nBins = model.shape.size;
    const tc = sm.templateComponents({ radii: { neutronRmsFm: 5 } }); // spectra buffers; filled in update()
    const comps = [...tc.prompt, ...tc.delayed];
    const nominalMatrix = model.responseMatrix(model.nominalNuisance);
    const axis = (nodes: readonly number[], at: (v: number) => { matrix: ResponseMatrix; comps: readonly TemplateComponent[] }): TemplateAxis => {
      const x = Float64Array.from(nodes);
      const i0 = x.indexOf(0);
      if (i0 < 0) throw new InvalidParameters('Csi2021CevnsTemplate: the nodes must include 0 (nominal)');
      for (let i = 1; i < x.length; i++) if (!(x[i]! > x[i - 1]!)) throw new InvalidParameters('Csi2021CevnsTemplate: nodes must be strictly increasing');
      const v = Array.from(x, at);
      return { nodes: x, i0, matrices: v.map((e) => e.matrix), comps: v.map((e) => e.comps), templates: v.map(() => new Float64Array(this.nBins)) };
    };
    this.axes = CSI2021_RESPONSE_NUISANCES.map((_, k) => axis(responseNodes, (theta) => ({ matrix: model.responseMatrix(nuisanceFor(k, theta)), comps })));
    if (offsets) {
      this.axes.push(
        axis(offsets.nodesUs, (dt) => {
          if (dt === 0) return { matrix: nominalMatrix, comps };
          const t = offsets.timingAt(dt);
          const shifted = [...tc.prompt.map((c) => ({ ...c, timing: t.prompt })), ...tc.delayed.map((c) => ({ ...c, timing: t.delayed }))];
          return { matrix: nominalMatrix, comps: shifted };
        }),
      );
    }
    this.nAxes = this.axes.length;
    this.nominal = this.axes[0]!.templates[this.axes[0]!.i0]!;
  }

  private update(rnFm: number): void {
    if (rnFm === this.rn) return;
    if (!(rnFm > 0)) throw new InvalidParameters(`R_n must be > 0 fm (got ${rnFm})`);
    let entry = this.rnCache.find((e) => e.rn === rnFm);
    if (!entry) {
      // Reuse the oldest set's buffers once the cache is full (no allocation in steady state).
      const reused = this.rnCache.length >= RN_CACHE_SIZE ? this.rnCache.shift()! : null;
      const templates = reused?.templates ?? this.axes.map((ax) => ax.templates.map(() => new Float64Array(this.nBins)));
      entry = { rn: NaN, templates };
      this.rn = NaN; // the reused buffers may be the current ones
      this.sm.recoilSpectra({ radii: { neutronRmsFm: rnFm } }); // updates the spectrum buffers every component points to
      this.axes.forEach((ax, k) => {
        for (let n = 0; n < ax.nodes.length; n++) this.model.buildTemplateWithMatrix(ax.comps[n]!, ax.matrices[n]!, templates[k]![n]!);
      });
      entry.rn = rnFm;
      this.rnCache.push(entry);
    }
    this.axes.forEach((ax, k) => {
      ax.templates = entry.templates[k]!;
    });
    this.nominal = this.axes[0]!.templates[this.axes[0]!.i0]!;
    this.rn = rnFm;
  }

  /**
   * Template at nuisance values `theta` (σ units for the response modes, µs for the offset; values outside the nodes
   * are clamped) and R_n in fm, written into `out`.
   */
  evaluate(theta: ArrayLike<number>, rnFm: number, out: Float64Array = new Float64Array(this.nBins)): Float64Array {
    this.update(rnFm);
    const nom = this.nominal;
    out.set(nom);
    for (let k = 0; k < this.axes.length; k++) {
      const ax = this.axes[k]!;
      const x = ax.nodes;
      const last = x.length - 1;
      let t = theta[k]!;
      if (t === 0) continue;
      if (t < x[0]!) t = x[0]!;
      if (t > x[last]!) t = x[last]!;
      let j = 0;
      while (j < last - 1 && t > x[j + 1]!) j++;
      const f = (t - x[j]!) / (x[j + 1]! - x[j]!);
      const a = ax.templates[j]!;
      const b = ax.templates[j + 1]!;
      for (let i = 0; i < this.nBins; i++) out[i] = out[i]! + (a[i]! * (1 - f) + b[i]! * f - nom[i]!);
    }
    return out;
  }
}
