/**
 * Standard-Model (and NSI / light-mediator) CEvNS templates for a detector: π-DAR flux × CEvNS kernel × response.
 *
 * Work split for fits: the CEvNS kernel caches everything independent of R_n / NSI; the detector model caches the response
 * matrix per nuisance value and the time fractions per timing object; `evaluate` writes into preallocated buffers, so a new
 * R_n value costs the Helm form factors on the grid plus three matrix–vector products.
 */
import { CevnsKernel, type CevnsKernelParams, type NucleonCouplings } from '../physics/cevns.js';
import { piDarFluxComponents, type FluxComponent, type StoppedPionSource } from '../physics/flux.js';
import type { Target } from '../physics/targets.js';
import type { TimeDistribution } from '../physics/timing.js';
import type { ResponseMatrix } from './response.js';
import type { DetectorModel, TemplateComponent } from './template.js';

/** What an SM template set needs. */
export interface SmTemplateSpec<N> {
  readonly model: DetectorModel<N>;
  readonly target: Target;
  readonly massKg: number;
  readonly source: StoppedPionSource;
  readonly couplings: NucleonCouplings;
  /** Arrival-time distributions of prompt (ν_μ) and delayed (ν_e, ν̄_μ) neutrinos. */
  readonly timing: { readonly prompt: TimeDistribution; readonly delayed: TimeDistribution };
  /** Flux components (default: standard π-DAR from `source`). */
  readonly components?: readonly FluxComponent[];
}

/** Prompt and delayed templates (layout of DetectorModel.buildTemplate). */
export interface SmTemplates {
  readonly prompt: Float64Array;
  readonly delayed: Float64Array;
}

/** SM CEvNS templates with caching for fits. */
export class SmCevnsTemplates<N> {
  readonly kernel: CevnsKernel;
  readonly model: DetectorModel<N>;
  readonly components: readonly FluxComponent[];
  private readonly spectra: Float64Array[];
  private readonly tcPrompt: TemplateComponent[];
  private readonly tcDelayed: TemplateComponent[];

  constructor(spec: SmTemplateSpec<N>) {
    this.model = spec.model;
    this.components = spec.components ?? piDarFluxComponents(spec.source);
    this.kernel = new CevnsKernel({ target: spec.target, massKg: spec.massKg, components: this.components, recoilKeV: spec.model.grid.energies, couplings: spec.couplings });
    const nG = spec.model.grid.energies.length;
    this.spectra = this.components.map(() => new Float64Array(nG));
    this.tcPrompt = [];
    this.tcDelayed = [];
    this.components.forEach((c, i) => {
      const tc: TemplateComponent = { name: c.name, spectrum: this.spectra[i]!, timing: c.timing === 'prompt' ? spec.timing.prompt : spec.timing.delayed };
      (c.timing === 'prompt' ? this.tcPrompt : this.tcDelayed).push(tc);
    });
  }

  /** Recoil spectra of each flux component at the grid nodes (events/keVnr), updated in place; returns internal buffers. */
  recoilSpectra(params: CevnsKernelParams): readonly Float64Array[] {
    for (let c = 0; c < this.components.length; c++) this.kernel.spectrum(c, params, this.spectra[c]!);
    return this.spectra;
  }

  /** Template components (prompt and delayed) for the current spectra, e.g. to add to a signal's component list. */
  templateComponents(params: CevnsKernelParams): { prompt: readonly TemplateComponent[]; delayed: readonly TemplateComponent[] } {
    this.recoilSpectra(params);
    return { prompt: this.tcPrompt, delayed: this.tcDelayed };
  }

  /** Prompt and delayed templates at the given physics parameters and detector nuisance (or explicit matrix). */
  evaluate(params: CevnsKernelParams, nuisance: N | ResponseMatrix = this.model.nominalNuisance, out?: SmTemplates): SmTemplates {
    this.recoilSpectra(params);
    const m = isMatrix(nuisance) ? nuisance : this.model.responseMatrix(nuisance);
    const res = out ?? { prompt: new Float64Array(this.model.shape.size), delayed: new Float64Array(this.model.shape.size) };
    this.model.buildTemplateWithMatrix(this.tcPrompt, m, res.prompt);
    this.model.buildTemplateWithMatrix(this.tcDelayed, m, res.delayed);
    return res;
  }
}

function isMatrix(x: unknown): x is ResponseMatrix {
  return typeof x === 'object' && x !== null && 'data' in x && 'nNodes' in x;
}
