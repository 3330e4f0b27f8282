/**
 * Entry of the explorer bundle (src/explore/build.ts inlines it into index.html). In a Web Worker it serves fits
 * (./worker.ts); in the page it builds the interface: per analysis, inputs for the mediator mass and coupling and a
 * slider for every parameter (prior ±1σ marked), live projections with data and pulls and −2lnL, and buttons that
 * run the fit, a 1-D profile scan and CLs in the worker; a drop zone for pyhf workspaces; `#selftest` runs every
 * hypothesis's best fit and writes the JSON contract into <pre id="selftest">.
 */
/// <reference lib="dom" />
import type { HypothesisName } from '../../analyses/assemble.js';
import { familyOf } from '../../analyses/families/index.js';
import { axisLabel, channelTitle, paramLabel, typesetPhysics } from '../../analyses/plots.js';
import { plainText, sampleColor, sampleLabel, typesetRuns } from '../../plot/style.js';
import { AnalysisSession, couplingOfMu, installEmbeddedDatasets, muFromCoupling, parseInputNumber, projections, type PageCls, type PageData, type PageFit, type PageScan, type Projection, type WorkspaceSummary } from './engine.js';
import { describeError, startWorker, type SelfTest, type SelfTestDetail, type WorkerReply, type WorkerRequest } from './worker.js';

declare const WorkerGlobalScope: unknown;
const inWorker = typeof WorkerGlobalScope !== 'undefined' && typeof document === 'undefined';


// ---- worker client ----------------------------------------------------------------------------------------------

class EngineWorker {
  private w: Worker;
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(scriptText: string, dataText: string, warmUp: boolean) {
    const url = URL.createObjectURL(new Blob([scriptText], { type: 'text/javascript' }));
    this.w = new Worker(url);
    this.w.onmessage = (e: MessageEvent<WorkerReply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      this.pending.delete(e.data.id);
      if (e.data.ok) p.resolve(e.data.value);
      else p.reject(new Error(e.data.error));
    };
    this.w.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`worker error: ${e.message}`));
      this.pending.clear();
    };
    this.w.postMessage({ type: 'init', data: dataText, warmUp });
  }
  call<T>(req: WorkerRequest): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.w.postMessage({ id, req });
    });
  }
}

// ---- helpers ------------------------------------------------------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

const fmt = (x: number | null | undefined, d = 4): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(d) : x.toExponential(d - 1));

/**
 * Display text in the house style's markup (src/plot/style.ts: `_{sub}`, `^{super}`) as DOM nodes: the typeset
 * names of parameters and axes, never an internal id.
 */
function typeset(text: string): Array<Node | string> {
  return typesetRuns(text).map((r) => (r.shift === 'sub' ? el('sub', {}, r.text) : r.shift === 'super' ? el('sup', {}, r.text) : r.text));
}

/** A parameter's display name (src/analyses/plots.ts paramLabel) as DOM nodes. */
const paramNodes = (name: string): Array<Node | string> => typeset(paramLabel(name));

const FONT_PX = 11;

/**
 * Draw marked-up text on a canvas (sub/superscripts 70 % size, shifted) aligned at x; returns its width (px).
 * `shown` collects the plain text of every label drawn (the canvas's accessible description).
 */
function drawText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, align: 'left' | 'center' | 'right', shown?: string[]): number {
  const runs = typesetRuns(text);
  const small = Math.round(FONT_PX * 0.7);
  const widths = runs.map((r) => {
    ctx.font = `${r.shift ? small : FONT_PX}px sans-serif`;
    return ctx.measureText(r.text).width;
  });
  const w = widths.reduce((a, b) => a + b, 0);
  let cx = align === 'left' ? x : align === 'center' ? x - w / 2 : x - w;
  ctx.textAlign = 'left';
  runs.forEach((r, i) => {
    ctx.font = `${r.shift ? small : FONT_PX}px sans-serif`;
    ctx.fillText(r.text, cx, y + (r.shift === 'sub' ? 0.3 * FONT_PX : r.shift === 'super' ? -0.4 * FONT_PX : 0));
    cx += widths[i]!;
  });
  ctx.font = `${FONT_PX}px sans-serif`;
  shown?.push(plainText(text));
  return w;
}

/**
 * Stacked expected counts with data (√n errors) and a pull panel, drawn on a canvas in the house style (component
 * colours and legend names of src/plot/style.ts, axis titles of src/analyses/plots.ts axisLabel). The canvas's
 * aria-label lists its legend and axis titles.
 */
function drawProjection(canvas: HTMLCanvasElement, p: Projection, title: string | null): void {
  const ctx = canvas.getContext('2d')!;
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const shown: string[] = [];
  const L = 52;
  const R = 18;
  // legend rows (wrapped to the frame width) above the frame
  ctx.font = `${FONT_PX}px sans-serif`;
  const legend: Array<{ label: string; color: string; x: number; row: number }> = [];
  let lx = L + 6;
  let row = 0;
  p.samples.forEach((s, k) => {
    const label = sampleLabel(s.name);
    const color = sampleColor(s.name, k);
    if (legend.some((e) => e.label === label && e.color === color)) return; // e.g. LAr's prompt and delayed BRN: one entry
    const w = 18 + ctx.measureText(plainText(label)).width;
    if (lx + w > W - R && lx > L + 6) {
      row++;
      lx = L + 6;
    }
    legend.push({ label, color, x: lx, row });
    lx += w + 4;
  });
  const T = 18 + 14 * row;
  const mainH = Math.round((H - T - 34) * 0.72);
  const pullTop = T + mainH + 6;
  const pullH = H - pullTop - 30;
  const n = p.observed.length;
  const total = new Float64Array(n);
  for (const s of p.samples) for (let i = 0; i < n; i++) total[i]! += s.values[i]!;
  let ymax = 0;
  for (let i = 0; i < n; i++) ymax = Math.max(ymax, total[i]!, p.observed[i]! + Math.sqrt(p.observed[i]!));
  ymax = ymax > 0 ? ymax * 1.1 : 1;
  const x0 = p.edges[0]!;
  const x1 = p.edges[p.edges.length - 1]!;
  const X = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const Y = (y: number) => T + mainH - (y / ymax) * mainH;
  // stacked samples
  const base = new Float64Array(n);
  p.samples.forEach((s, k) => {
    ctx.fillStyle = sampleColor(s.name, k);
    for (let i = 0; i < n; i++) {
      const v = s.values[i]!;
      if (!(v > 0)) continue;
      const xa = X(p.edges[i]!);
      const xb = X(p.edges[i + 1]!);
      ctx.fillRect(xa, Y(base[i]! + v), xb - xa, Y(base[i]!) - Y(base[i]! + v));
      base[i]! += v;
    }
  });
  // data
  ctx.strokeStyle = '#000';
  ctx.fillStyle = '#000';
  for (let i = 0; i < n; i++) {
    const xc = X(0.5 * (p.edges[i]! + p.edges[i + 1]!));
    const o = p.observed[i]!;
    const e = Math.sqrt(o);
    ctx.beginPath();
    ctx.moveTo(xc, Y(o - e));
    ctx.lineTo(xc, Y(o + e));
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(xc, Y(o), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  // pulls (data − expected)/√expected
  ctx.strokeStyle = '#888';
  ctx.beginPath();
  ctx.moveTo(L, pullTop + pullH / 2);
  ctx.lineTo(W - R, pullTop + pullH / 2);
  ctx.stroke();
  const PY = (z: number) => pullTop + pullH / 2 - (Math.max(-3, Math.min(3, z)) / 3) * (pullH / 2);
  ctx.fillStyle = '#333';
  for (let i = 0; i < n; i++) {
    const mu = total[i]!;
    const z = mu > 0 ? (p.observed[i]! - mu) / Math.sqrt(mu) : 0;
    const xa = X(p.edges[i]!);
    const xb = X(p.edges[i + 1]!);
    ctx.fillRect(xa + 1, Math.min(PY(z), PY(0)), xb - xa - 2, Math.abs(PY(z) - PY(0)));
  }
  // axes and labels
  ctx.strokeStyle = '#000';
  ctx.strokeRect(L, T, W - L - R, mainH);
  ctx.strokeRect(L, pullTop, W - L - R, pullH);
  ctx.font = `${FONT_PX}px sans-serif`;
  ctx.fillStyle = '#000';
  ctx.textAlign = 'center';
  for (let k = 0; k <= 4; k++) {
    const x = x0 + ((x1 - x0) * k) / 4;
    ctx.fillText(fmt(x, 3), X(x), H - 16);
  }
  const xTitle = axisLabel({ name: p.axis, unit: p.unit });
  drawText(ctx, title ? `${title}: ${xTitle}` : xTitle, (L + W - R) / 2, H - 3, 'center', shown);
  ctx.textAlign = 'right';
  for (let k = 0; k <= 4; k++) ctx.fillText(fmt((ymax * k) / 4, 3), L - 4, Y((ymax * k) / 4) + 4);
  ctx.fillText('±3', L - 4, pullTop + 8);
  ctx.save();
  ctx.translate(11, T + mainH / 2);
  ctx.rotate(-Math.PI / 2);
  drawText(ctx, 'events per bin', 0, 0, 'center', shown);
  ctx.restore();
  ctx.save();
  ctx.translate(11, pullTop + pullH / 2);
  ctx.rotate(-Math.PI / 2);
  drawText(ctx, 'pull', 0, 0, 'center', shown);
  ctx.restore();
  for (const e of legend) {
    const y = 18 + 14 * e.row;
    ctx.fillStyle = e.color;
    ctx.fillRect(e.x, y - 13, 10, 10);
    ctx.fillStyle = '#000';
    drawText(ctx, e.label, e.x + 13, y - 4, 'left', shown);
  }
  shown.push('data');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${shown.join('; ')}`);
}

// ---- one analysis panel --------------------------------------------------------------------------------------------

interface SliderRow {
  readonly index: number;
  readonly input: HTMLInputElement;
  readonly value: HTMLSpanElement;
}

class AnalysisPanel {
  readonly root: HTMLElement;
  private hypothesis: HypothesisName;
  private mass: number | null;
  private coupling: number | null = null;
  private pars: Float64Array = new Float64Array(0);
  private sliders: SliderRow[] = [];
  private generation = 0;
  private frame = 0;
  /** An input is invalid: nothing is drawn until a valid input replaces it. */
  private inputError = false;
  private readonly message: HTMLElement;
  private readonly results: HTMLElement;
  private readonly nll: HTMLElement;
  private readonly sliderBox: HTMLElement;
  private readonly plots: HTMLElement;
  private readonly massInput: HTMLInputElement;
  private readonly couplingInput: HTMLInputElement;
  private readonly scanParam: HTMLSelectElement;
  private canvases: HTMLCanvasElement[] = [];

  constructor(
    readonly index: number,
    readonly s: AnalysisSession,
    readonly worker: EngineWorker,
  ) {
    this.hypothesis = s.page.hypotheses.includes('dm') ? 'dm' : s.page.hypotheses[0]!;
    this.mass = s.configuredMass;
    const id = `a${index}`;
    this.root = el('section', { class: 'analysis', id, 'data-name': s.page.name });
    const hypSel = el('select', { class: 'hypothesis', 'aria-label': 'hypothesis' }, ...s.page.hypotheses.map((h) => el('option', { value: h, ...(h === this.hypothesis ? { selected: '' } : {}) }, h.toUpperCase())));
    this.massInput = el('input', { class: 'mass', type: 'text', size: '8', value: this.mass === null ? '' : String(this.mass), ...(this.mass === null ? { disabled: '' } : {}) });
    this.couplingInput = el('input', { class: 'coupling', type: 'text', size: '10', placeholder: 'e.g. 1e-8', ...(this.mass === null ? { disabled: '' } : {}) });
    this.scanParam = el('select', { class: 'scan-param', 'aria-label': 'parameter to scan' });
    const fitBtn = el('button', { class: 'fit' }, 'Fit');
    const scanBtn = el('button', { class: 'scan' }, 'Profile scan');
    const clsBtn = el('button', { class: 'cls', ...(this.mass === null ? { disabled: '' } : {}) }, 'CLs at coupling');
    const resetBtn = el('button', { class: 'reset' }, 'Reset');
    this.message = el('div', { class: 'message', role: 'status' });
    this.results = el('div', { class: 'results' });
    this.nll = el('span', { class: 'nll' });
    this.sliderBox = el('div', { class: 'sliders' });
    this.plots = el('div', { class: 'plots' });
    const range = s.page.massRange;
    // The signal family's mass and coupling symbols (e.g. m_A′ and Y) label the inputs.
    const family = s.page.config.signal ? familyOf(s.page.config.signal.family) : null;
    this.root.append(
      el('h2', {}, s.page.label),
      el('p', { class: 'desc' }, ...typeset(typesetPhysics(s.page.description)), ' ', el('code', {}, s.page.file)),
      el(
        'div',
        { class: 'controls' },
        el('label', {}, 'hypothesis ', hypSel),
        el('label', {}, ...(family ? typeset(typesetPhysics(family.massLabel)) : ['mass']), ` (MeV${range ? `, ${+range[0].toPrecision(6)}–${+range[1].toPrecision(6)}` : ''}) `, this.massInput),
        el('label', {}, ...(family ? typeset(typesetPhysics(family.coupling.symbol)) : ['coupling']), ' ', this.couplingInput),
        fitBtn,
        el('label', {}, ' scan ', this.scanParam),
        scanBtn,
        clsBtn,
        resetBtn,
        el('span', {}, '  −2lnL = '),
        this.nll,
      ),
      this.message,
      el('div', { class: 'body' }, this.plots, this.sliderBox),
      this.results,
    );
    hypSel.addEventListener('change', () => {
      this.hypothesis = hypSel.value as HypothesisName;
      this.rebuild();
    });
    this.massInput.addEventListener('change', () => this.onMass());
    this.couplingInput.addEventListener('change', () => this.onCoupling());
    fitBtn.addEventListener('click', () => void this.runFit());
    scanBtn.addEventListener('click', () => void this.runScan());
    clsBtn.addEventListener('click', () => void this.runCls());
    resetBtn.addEventListener('click', () => this.rebuild());
    this.rebuild();
  }

  private model() {
    return this.s.model(this.hypothesis, this.hypothesis === 'dm' ? this.mass! : undefined);
  }

  /** Clear results and messages (every input change: nothing stale stays on screen). */
  private invalidate(): void {
    this.generation++;
    this.results.replaceChildren();
    this.message.textContent = '';
    this.message.classList.remove('error');
  }

  /** Show an input or run error; the plots and −2lnL (for the previous inputs) are hidden until the inputs are valid. */
  private error(msg: string): void {
    this.invalidate();
    this.message.textContent = msg;
    this.message.classList.add('error');
    this.nll.textContent = '—';
    this.plots.style.visibility = 'hidden';
    this.inputError = true;
    this.root.dataset.state = 'error';
  }

  private onMass(): void {
    try {
      const m = parseInputNumber(this.massInput.value, 'mass (MeV)');
      this.s.checkMass(m);
      const t0 = performance.now();
      this.mass = m;
      this.rebuild();
      this.root.dataset.massMs = String(performance.now() - t0);
    } catch (e) {
      this.error(describeError(e));
    }
  }

  private onCoupling(): void {
    try {
      const c = parseInputNumber(this.couplingInput.value, 'coupling');
      if (!(c >= 0)) throw new Error(`coupling: expected a value ≥ 0, got ${c}`);
      if (this.hypothesis !== 'dm') throw new Error('coupling: select the DM hypothesis to set a coupling');
      this.invalidate();
      this.inputError = false;
      this.coupling = c;
      const a = this.model();
      const i = a.model.params.index('mu_dm');
      this.pars[i] = muFromCoupling(c, a.dm!);
      const row = this.sliders.find((r) => r.index === i);
      if (row) {
        if (this.pars[i]! > Number(row.input.max)) row.input.max = String(Math.min(a.model.params.hi[i]!, 2 * this.pars[i]!));
        row.input.value = String(this.pars[i]);
        row.value.textContent = fmt(this.pars[i]);
      }
      this.redraw();
    } catch (e) {
      this.error(describeError(e));
    }
  }

  /** Rebuild sliders and plots for the current hypothesis and mass, parameters at their nominal values. */
  private rebuild(): void {
    this.invalidate();
    this.inputError = false;
    let a;
    try {
      a = this.model();
    } catch (e) {
      this.error(describeError(e));
      return;
    }
    const p = a.model.params;
    this.pars = Float64Array.from(p.init);
    this.sliders = [];
    this.sliderBox.replaceChildren(el('h3', {}, 'parameters (band: prior ±1σ)'));
    this.scanParam.replaceChildren();
    for (let i = 0; i < p.n; i++) {
      if (p.fixed[i]) continue;
      const name = p.names[i]!;
      this.scanParam.append(el('option', { value: name, ...(name === (p.poiName ?? '') ? { selected: '' } : {}) }, plainText(paramLabel(name))));
      const c = p.constraints[i]!;
      const init = p.init[i]!;
      let lo = p.lo[i]!;
      let hi = p.hi[i]!;
      const sig = c.type === 'gaussian' ? c.sigma : c.type === 'lognormal' ? init * c.sigma : NaN;
      const span = Number.isFinite(sig) ? 5 * sig : Math.max(1, Math.abs(init)) * 3;
      lo = Math.max(lo, init - span);
      hi = Math.min(hi, init + span);
      if (name === 'mu_dm') hi = Math.min(p.hi[i]!, Math.max(10, init + 10));
      if (!(hi > lo)) continue;
      const input = el('input', { type: 'range', min: String(lo), max: String(hi), step: String((hi - lo) / 400), value: String(init), 'data-param': name });
      const value = el('span', { class: 'val' }, fmt(init));
      const track = el('div', { class: 'track' }, input);
      if (Number.isFinite(sig)) {
        const a0 = c.type === 'lognormal' ? init * Math.exp(-c.sigma) : init - sig;
        const a1 = c.type === 'lognormal' ? init * Math.exp(c.sigma) : init + sig;
        const f = (x: number) => (100 * (Math.min(hi, Math.max(lo, x)) - lo)) / (hi - lo);
        track.prepend(el('div', { class: 'prior', style: `left:${f(a0)}%;width:${f(a1) - f(a0)}%` }));
      }
      const row: SliderRow = { index: i, input, value };
      input.addEventListener('input', () => {
        this.pars[i] = Number(input.value);
        value.textContent = fmt(this.pars[i]);
        this.invalidate();
        this.schedule();
      });
      this.sliders.push(row);
      this.sliderBox.append(el('div', { class: 'slider' }, el('label', {}, ...paramNodes(name)), track, value));
    }
    const projs = projections(a, this.pars, this.s.exp.background.signalChannels);
    this.canvases = projs.map(() => el('canvas', { width: '440', height: '300', class: 'proj' }));
    this.plots.replaceChildren(...this.canvases);
    this.root.dataset.state = 'ready';
    this.redraw();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  /** Projections and −2lnL at the current inputs (main thread; timed for the animation-frame budget). */
  redraw(): void {
    if (this.inputError) return;
    this.plots.style.visibility = '';
    const t0 = performance.now();
    const a = this.model();
    const projs = projections(a, this.pars, this.s.exp.background.signalChannels);
    const several = this.s.exp.background.signalChannels.length > 1;
    projs.forEach((p, k) => this.canvases[k] && drawProjection(this.canvases[k]!, p, several ? channelTitle(p.channel) : null));
    const v = a.model.twiceNll(this.pars, a.data);
    this.nll.textContent = fmt(v, 10);
    const ms = performance.now() - t0;
    this.root.dataset.redrawMs = String(ms);
    this.root.dataset.redraws = String(Number(this.root.dataset.redraws ?? '0') + 1);
  }

  /** Run a worker request for the current inputs; a reply to older inputs is dropped. */
  private async request<T>(label: string, req: WorkerRequest, show: (v: T) => void): Promise<void> {
    this.invalidate();
    const gen = this.generation;
    this.message.textContent = `${label} running in the worker…`;
    this.root.dataset.state = 'busy';
    try {
      const v = await this.worker.call<T>(req);
      if (gen !== this.generation) return;
      this.message.textContent = '';
      show(v);
      this.root.dataset.state = 'done';
    } catch (e) {
      if (gen !== this.generation) return;
      this.error(describeError(e));
    }
  }

  private massArg(): { mass?: number } {
    return this.hypothesis === 'dm' && this.mass !== null ? { mass: this.mass } : {};
  }

  async runFit(): Promise<void> {
    await this.request<PageFit>('fit', { type: 'fit', analysis: this.index, hypothesis: this.hypothesis, ...this.massArg() }, (f) => {
      const a = this.model();
      const p = a.model.params;
      for (let i = 0; i < p.n; i++) this.pars[i] = f.bestfit[p.names[i]!] ?? this.pars[i]!;
      for (const r of this.sliders) {
        if (this.pars[r.index]! > Number(r.input.max)) r.input.max = String(this.pars[r.index]! * 1.5);
        r.input.value = String(this.pars[r.index]);
        r.value.textContent = fmt(this.pars[r.index]);
      }
      // The fit replaces every input: sliders at the best fit, the coupling box at the fitted coupling.
      this.inputError = false;
      if (f.report.dm) this.couplingInput.value = String(f.report.dm.coupling.value);
      this.redraw();
      const rows = Object.entries(f.report.parameters).map(([n, v]) => el('tr', { 'data-param': n }, el('td', {}, ...paramNodes(n)), el('td', {}, fmt(v.value, 6)), el('td', {}, v.error === null ? '(fixed)' : `± ${fmt(v.error, 3)}`)));
      const st = f.report.status;
      const dm = f.report.dm;
      this.results.replaceChildren(
        el('h3', {}, `${f.hypothesis.toUpperCase()} fit${f.massMeV !== null ? ` at ${f.massMeV} MeV` : ''}: −2lnL = ${fmt(f.twice_nll, 12)} (${fmt(f.ms, 3)} ms in the worker)`),
        el('p', { class: st.converged ? 'ok' : 'bad' }, `${st.converged ? 'converged' : `NOT converged — ${st.message}`}; EDM ${fmt(st.edm, 2)}, ${st.n_calls} calls${st.at_limit.length ? `; at a bound: ${st.at_limit.map((n) => plainText(paramLabel(n))).join(', ')}` : ''}${st.cov_pos_def ? '' : '; covariance not positive definite'}; GOF χ² = ${fmt(f.report.gof.chi2)} / ${f.report.gof.n_bins} bins`),
        ...(dm ? [el('p', {}, ...typeset(typesetPhysics(a.dm?.coupling.symbol ?? dm.coupling.name)), ` = ${fmt(dm.coupling.value, 4)} ± ${fmt(dm.coupling.error, 3)} (reference ${fmt(dm.reference_coupling, 4)})`)] : []),
        el('table', { class: 'fit-table' }, ...rows),
      );
      this.root.dataset.fit = JSON.stringify({ hypothesis: f.hypothesis, twice_nll: f.twice_nll, converged: f.converged });
    });
  }

  async runScan(): Promise<void> {
    const param = this.scanParam.value;
    const row = this.sliders.find((r) => this.s.model(this.hypothesis, this.hypothesis === 'dm' ? this.mass! : undefined).model.params.names[r.index] === param);
    const lo = row ? Number(row.input.min) : 0;
    const hi = row ? Number(row.input.max) : 1;
    await this.request<PageScan>('profile scan', { type: 'scan', analysis: this.index, hypothesis: this.hypothesis, param, lo, hi, n: 21, ...this.massArg() }, (r) => {
      const c = el('canvas', { width: '440', height: '240', class: 'scan-plot' });
      const ctx = c.getContext('2d')!;
      const L = 48;
      const vals = r.delta.map((d) => (d === null ? NaN : Math.min(d, 9)));
      const X = (x: number) => L + ((x - lo) / (hi - lo)) * (440 - L - 10);
      const Y = (y: number) => 220 - (y / 9) * 200;
      ctx.strokeStyle = '#000';
      ctx.strokeRect(L, 20, 440 - L - 10, 200);
      ctx.strokeStyle = '#e45756';
      ctx.beginPath();
      ctx.moveTo(L, Y(1));
      ctx.lineTo(430, Y(1));
      ctx.stroke();
      ctx.strokeStyle = '#4c78a8';
      ctx.lineWidth = 2;
      ctx.beginPath();
      r.values.forEach((x, k) => (k === 0 ? ctx.moveTo(X(x), Y(vals[k]!)) : ctx.lineTo(X(x), Y(vals[k]!))));
      ctx.stroke();
      ctx.fillStyle = '#000';
      ctx.font = `${FONT_PX}px sans-serif`;
      const shown: string[] = [];
      drawText(ctx, `Δ(−2lnL) vs ${paramLabel(param)}`, L + 4, 14, 'left', shown);
      c.setAttribute('role', 'img');
      c.setAttribute('aria-label', shown.join('; '));
      ctx.fillText(fmt(lo, 3), L, 236);
      ctx.textAlign = 'right';
      ctx.fillText(fmt(hi, 3), 430, 236);
      const failed = r.converged.filter((x) => !x).length;
      this.results.replaceChildren(el('h3', {}, 'profile scan of ', ...paramNodes(param), ` (${r.values.length} points, ${fmt(r.ms, 3)} ms)`), c, el('p', {}, `68 % CL interval: ${r.cl68 ? `[${fmt(r.cl68[0])}, ${fmt(r.cl68[1])}]` : 'not closed in the range'}${failed ? `; ${failed} point(s) did not converge` : ''}`));
    });
  }

  async runCls(): Promise<void> {
    let c: number;
    try {
      c = parseInputNumber(this.couplingInput.value, 'coupling');
      if (!(c > 0)) throw new Error(`coupling: expected a positive value, got ${c}`);
    } catch (e) {
      this.error(describeError(e));
      return;
    }
    await this.request<PageCls>('CLs', { type: 'cls', analysis: this.index, coupling: c, ...(this.mass !== null ? { mass: this.mass } : {}) }, (r) => {
      this.results.replaceChildren(
        el('h3', {}, `CLs at ${plainText(typesetPhysics(this.s.page.config.signal ? familyOf(this.s.page.config.signal.family).coupling.symbol : 'coupling'))} = ${fmt(r.coupling)} (μ = ${fmt(r.mu)}) at ${this.mass} MeV`),
        el('p', { class: 'cls-result' }, `observed CLs = ${fmt(r.cls_obs, 5)}; expected (−2σ … +2σ) ${r.cls_exp.map((x) => fmt(x, 3)).join(', ')} — ${r.cls_obs < 0.1 ? 'excluded' : 'allowed'} at 90 % CL${r.valid ? '' : ` (${r.messages.join('; ')})`}`),
      );
    });
  }
}

// ---- the page -----------------------------------------------------------------------------------------------------

async function startPage(): Promise<void> {
  const status = document.getElementById('status')!;
  try {
    const dataText = document.getElementById('cevnsfit-data')!.textContent!;
    const scriptText = document.getElementById('cevnsfit-engine')!.textContent!;
    const data = JSON.parse(dataText) as PageData;
    installEmbeddedDatasets(data.datasets);
    // `#selftest-cold`: the self-test without the warm-up (AnalysisSession.warmUp), to measure what it saves.
    const cold = location.hash === '#selftest-cold';
    const worker = new EngineWorker(scriptText, dataText, !cold);
    const main = document.getElementById('analyses')!;
    if (location.hash === '#selftest' || cold) {
      status.textContent = 'self-test running in the worker…';
      const r = await worker.call<{ contract: SelfTest; detail: SelfTestDetail }>({ type: 'selftest' });
      document.getElementById('selftest')!.textContent = JSON.stringify(r.contract);
      document.getElementById('selftest-detail')!.textContent = JSON.stringify(r.detail);
      status.textContent = 'self-test done';
    }
    const panels: AnalysisPanel[] = [];
    for (let i = 0; i < data.analyses.length; i++) {
      const t0 = performance.now();
      const s = await AnalysisSession.open(data.analyses[i]!);
      const panel = new AnalysisPanel(i, s, worker);
      panel.root.dataset.openMs = String(performance.now() - t0);
      main.append(panel.root);
      panels.push(panel);
    }
    setupDropZone(worker);
    status.textContent = `cevnsfit ${data.version}: ${data.analyses.length} analys${data.analyses.length === 1 ? 'is' : 'es'} ready`;
    document.body.dataset.ready = 'true';
    // Warm up the live DM templates of each analysis when the page is idle (AnalysisSession.warmUp).
    const warm = (k: number): void => {
      if (k === panels.length || cold) {
        document.body.dataset.warm = cold ? 'off' : 'true';
        return;
      }
      requestIdleCallback(() => {
        panels[k]!.root.dataset.warmUpMs = String(panels[k]!.s.warmUp());
        warm(k + 1);
      }, { timeout: 2000 });
    };
    warm(0);
  } catch (e) {
    status.textContent = `error: ${describeError(e)}`;
    status.classList.add('error');
    document.body.dataset.ready = 'error';
  }
}

function setupDropZone(worker: EngineWorker): void {
  const zone = document.getElementById('dropzone')!;
  const out = document.getElementById('workspace-result')!;
  const fileInput = document.getElementById('workspace-file') as HTMLInputElement;
  let gen = 0;
  const analyse = async (file: File): Promise<void> => {
    const g = ++gen;
    out.replaceChildren(el('p', {}, `${file.name}: validating and fitting in the worker…`));
    out.className = '';
    delete out.dataset.result;
    zone.dataset.state = 'busy';
    try {
      const text = await file.text();
      const r = await worker.call<WorkspaceSummary>({ type: 'workspace', text, fileName: file.name });
      if (g !== gen) return;
      out.replaceChildren(
        el('h3', {}, `${file.name}: measurement ${r.measurement}, POI ${r.poi}, ${r.n_bins} bins`),
        el('p', {}, `best fit (${r.converged ? 'converged' : 'NOT converged'}): −2lnL = ${fmt(r.twice_nll, 10)}; ${Object.entries(r.bestfit).map(([k, v]) => `${k} = ${fmt(v, 5)}`).join(', ')}`),
        el('p', {}, `CLs at ${r.poi} = 1: observed ${fmt(r.cls_mu1.obs, 6)}, expected median ${fmt(r.cls_mu1.exp[2], 6)}`),
        el('p', { class: 'ul' }, `95 % CL upper limit on ${r.poi} (CLs, q̃_μ, asymptotic): observed ${fmt(r.upper_limit.obs, 8)}; expected ${r.upper_limit.exp.map((x) => fmt(x, 5)).join(', ')}${r.upper_limit.converged ? '' : ' (NOT converged)'} — ${fmt(r.ms, 3)} ms`),
      );
      out.dataset.result = JSON.stringify(r);
      zone.dataset.state = 'done';
    } catch (e) {
      if (g !== gen) return;
      out.replaceChildren(el('p', {}, `${file.name}: ${describeError(e)}`));
      out.className = 'error';
      delete out.dataset.result;
      zone.dataset.state = 'error';
    }
  };
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void analyse(f);
  });
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    if (f) void analyse(f);
  });
}

export { couplingOfMu };

// Last, once every class above is defined.
if (inWorker) startWorker(self as unknown as Parameters<typeof startWorker>[0]);
else void startPage();
