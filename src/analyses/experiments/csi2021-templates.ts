/**
 * CsI-2021 binned inputs: histogram rebinning of the released fine PDFs (1-PE and 10-ns bins) onto an analysis
 * binning, factorised background templates, and the CEvNS template with its quenching / efficiency nuisances.
 */
import type { Histogram1D } from '../../datasets/histogram.js';
import type { DetectorModel, TemplateComponent } from '../../detectors/template.js';
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

/** Factorised shape from a 2-D histogram's projections: out[i][j] = row_i · col_j / N (same total N). */
export function factorisedFromProjections(values: Float64Array, nRows: number, nCols: number): Float64Array {
  const row = new Float64Array(nRows);
  const col = new Float64Array(nCols);
  let n = 0;
  for (let i = 0; i < nRows; i++)
    for (let j = 0; j < nCols; j++) {
      const v = values[i * nCols + j]!;
      row[i] = row[i]! + v;
      col[j] = col[j]! + v;
      n += v;
    }
  const out = new Float64Array(nRows * nCols);
  if (n > 0) for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) out[i * nCols + j] = (row[i]! * col[j]!) / n;
  return out;
}

/** Names and ±1σ definitions of the response nuisances of the CEvNS template (σ units). */
export const CSI2021_RESPONSE_NUISANCES = ['qf_mode0', 'qf_mode1', 'eff'] as const;

function nuisanceFor(k: number, theta: number): Csi2021Nuisance {
  return { qfModes: [k === 0 ? theta : 0, k === 1 ? theta : 0], efficiency: k === 2 ? theta : 0 };
}

/**
 * CEvNS template on the analysis binning as a function of (qf_mode0, qf_mode1, eff, R_n).
 *
 * Response nuisances: the energy-response matrix is computed once at each node θ ∈ `nodes` of each nuisance (the others
 * nominal); a template is T(θ) = T₀ + Σ_k [L_k(θ_k) − T₀], with L_k the piecewise-linear interpolation between the node
 * templates of nuisance k — HistFactory's additive histosys generalised to several nodes (exact at every node, no
 * cross terms between nuisances; each shift is a few per cent of the template, so cross terms are second order).
 * R_n enters exactly: a new R_n recomputes the recoil spectra (Helm form factors on the grid) and the node templates
 * (one matrix–vector product each); interpolation alone costs O(nodes × bins) and allocates nothing.
 */
export class Csi2021CevnsTemplate {
  readonly nBins: number;
  readonly nodes: Float64Array;
  private readonly matrices: ResponseMatrix[][]; // [nuisance][node]
  private readonly nodeTemplates: Float64Array[][]; // [nuisance][node]
  private readonly comps: readonly TemplateComponent[];
  private rn = NaN;
  private readonly i0: number;

  constructor(
    private readonly sm: SmCevnsTemplates<Csi2021Nuisance>,
    private readonly model: DetectorModel<Csi2021Nuisance>,
    nodes: readonly number[],
  ) {
    this.nodes = Float64Array.from(nodes);
    this.i0 = this.nodes.indexOf(0);
    if (this.i0 < 0) throw new InvalidParameters('Csi2021CevnsTemplate: the nodes must include 0 (nominal)');
    for (let i = 1; i < this.nodes.length; i++) if (!(this.nodes[i]! > this.nodes[i - 1]!)) throw new InvalidParameters('Csi2021CevnsTemplate: nodes must be strictly increasing');
    this.nBins = model.shape.size;
    this.matrices = CSI2021_RESPONSE_NUISANCES.map((_, k) => Array.from(this.nodes, (theta) => model.responseMatrix(nuisanceFor(k, theta))));
    this.nodeTemplates = CSI2021_RESPONSE_NUISANCES.map(() => Array.from(this.nodes, () => new Float64Array(this.nBins)));
    const tc = sm.templateComponents({ radii: { neutronRmsFm: 5 } });
    this.comps = [...tc.prompt, ...tc.delayed];
  }

  private update(rnFm: number): void {
    if (rnFm === this.rn) return;
    if (!(rnFm > 0)) throw new InvalidParameters(`R_n must be > 0 fm (got ${rnFm})`);
    this.sm.recoilSpectra({ radii: { neutronRmsFm: rnFm } }); // updates the buffers `comps` point to
    for (let k = 0; k < this.matrices.length; k++) {
      for (let n = 0; n < this.nodes.length; n++) this.model.buildTemplateWithMatrix(this.comps, this.matrices[k]![n]!, this.nodeTemplates[k]![n]!);
    }
    this.rn = rnFm;
  }

  /** Template at (qf_mode0, qf_mode1, eff) in σ units and R_n in fm, written into `out` (values outside the nodes are clamped). */
  evaluate(theta: ArrayLike<number>, rnFm: number, out: Float64Array = new Float64Array(this.nBins)): Float64Array {
    this.update(rnFm);
    const nom = this.nodeTemplates[0]![this.i0]!;
    out.set(nom);
    const x = this.nodes;
    const last = x.length - 1;
    for (let k = 0; k < this.nodeTemplates.length; k++) {
      let t = theta[k]!;
      if (t === 0) continue;
      if (t < x[0]!) t = x[0]!;
      if (t > x[last]!) t = x[last]!;
      let j = 0;
      while (j < last - 1 && t > x[j + 1]!) j++;
      const f = (t - x[j]!) / (x[j + 1]! - x[j]!);
      const a = this.nodeTemplates[k]![j]!;
      const b = this.nodeTemplates[k]![j + 1]!;
      for (let i = 0; i < this.nBins; i++) out[i] = out[i]! + (a[i]! * (1 - f) + b[i]! * f - nom[i]!);
    }
    return out;
  }
}
