/**
 * The explorer's Web Worker: the same bundle as the page, started from a blob: URL of its own script text. It opens
 * the analyses on first use and answers fit, scan, CLs, workspace and self-test requests, so the page stays
 * responsive while the library's fits run.
 */
import type { HypothesisName } from '../../analyses/assemble.js';
import { AnalysisSession, analyseWorkspace, installEmbeddedDatasets, type PageData, type PageFit } from './engine.js';

export type WorkerRequest =
  | { readonly type: 'fit'; readonly analysis: number; readonly hypothesis: HypothesisName; readonly mass?: number }
  | { readonly type: 'scan'; readonly analysis: number; readonly hypothesis: HypothesisName; readonly param: string; readonly lo: number; readonly hi: number; readonly n: number; readonly mass?: number }
  | { readonly type: 'cls'; readonly analysis: number; readonly coupling: number; readonly mass?: number }
  | { readonly type: 'workspace'; readonly text: string; readonly fileName: string }
  | { readonly type: 'selftest' };

export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** The `#selftest` contract: best fits of every hypothesis of every analysis, and timings (ms). */
export interface SelfTest {
  readonly analyses: Array<{ name: string; fits: Array<{ hypothesis: HypothesisName; twice_nll: number; converged: boolean; bestfit: Record<string, number> }> }>;
  readonly timings_ms: { template: number | null; fit: number | null; scan: number | null };
}

/** Timings beyond the contract, per analysis (ms), written next to it for the measurements in docs/explorer.md. */
export interface SelfTestDetail {
  readonly per_analysis: Array<{ name: string; open_ms: number; warm_up_ms: number; fit_ms: Record<string, number>; template_new_mass?: { mass_MeV: number; ms: number }; template_more_masses?: Array<{ mass_MeV: number; ms: number }> }>;
}

export function startWorker(scope: { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void }): void {
  let data: PageData | null = null;
  const sessions = new Map<number, Promise<AnalysisSession>>();
  const warmUpMs = new Map<number, number>();
  /** Warm the DM code up when an analysis is opened (off only for `#selftest-cold`). */
  let warmUp = true;
  const session = (i: number): Promise<AnalysisSession> => {
    let s = sessions.get(i);
    if (!s) {
      const a = data!.analyses[i];
      if (!a) throw new Error(`no analysis ${i}`);
      // Opened with the DM code warmed up (AnalysisSession.warmUp): the first new mass a user asks for is fast.
      s = AnalysisSession.open(a).then((x) => {
        warmUpMs.set(i, warmUp ? x.warmUp() : 0);
        return x;
      });
      sessions.set(i, s);
    }
    return s;
  };

  const handle = async (req: WorkerRequest): Promise<unknown> => {
    switch (req.type) {
      case 'fit':
        return strip((await session(req.analysis)).fit(req.hypothesis, req.mass));
      case 'scan':
        return (await session(req.analysis)).scan(req.hypothesis, req.param, req.lo, req.hi, req.n, req.mass);
      case 'cls':
        return (await session(req.analysis)).cls(req.coupling, req.mass);
      case 'workspace':
        return analyseWorkspace(req.text, req.fileName);
      case 'selftest':
        return selfTest();
    }
  };

  const selfTest = async (): Promise<{ contract: SelfTest; detail: SelfTestDetail }> => {
    const out: SelfTest['analyses'] = [];
    const detail: SelfTestDetail['per_analysis'] = [];
    let template: number | null = null;
    let fitMs: number | null = null;
    let scanMs: number | null = null;
    for (let i = 0; i < data!.analyses.length; i++) {
      const t0 = performance.now();
      const s = await session(i);
      const open = performance.now() - t0;
      const fits: SelfTest['analyses'][number]['fits'] = [];
      const fitTimes: Record<string, number> = {};
      for (const h of s.page.hypotheses) {
        const f = s.fit(h);
        fits.push({ hypothesis: h, twice_nll: f.twice_nll, converged: f.converged, bestfit: f.bestfit });
        fitTimes[h] = f.ms;
      }
      out.push({ name: s.page.name, fits });
      const d: SelfTestDetail['per_analysis'][number] = { name: s.page.name, open_ms: open, warm_up_ms: warmUpMs.get(i) ?? 0, fit_ms: fitTimes };
      if (s.page.massRange && s.configuredMass !== null) {
        // A mass the page has not computed yet: three quarters of the configured one (inside the grid).
        const m = Math.max(s.page.massRange[0], Math.min(s.page.massRange[1], 0.75 * s.configuredMass));
        const t = s.template(m);
        d.template_new_mass = { mass_MeV: m, ms: t.ms };
        if (template === null) template = t.ms;
        // More masses not computed before (fractions of the configured one, inside the grid): the template time
        // once the engine's code is compiled.
        d.template_more_masses = [];
        for (const f of [0.7, 0.65, 0.6, 0.55, 0.5, 0.8, 0.85, 0.9]) {
          const mm = Math.max(s.page.massRange[0], Math.min(s.page.massRange[1], f * s.configuredMass));
          d.template_more_masses.push({ mass_MeV: mm, ms: s.template(mm).ms });
        }
        if (fitMs === null) fitMs = fitTimes.dm ?? null;
        if (scanMs === null) {
          const f = s.fit('dm');
          const mu = f.bestfit.mu_dm ?? 0;
          scanMs = s.scan('dm', 'mu_dm', 0, Math.max(4 * mu, 1), 11).ms;
        }
      }
      detail.push(d);
    }
    if (fitMs === null && detail[0]) fitMs = Object.values(detail[0].fit_ms)[0] ?? null;
    return { contract: { analyses: out, timings_ms: { template, fit: fitMs, scan: scanMs } }, detail: { per_analysis: detail } };
  };

  scope.onmessage = (e: MessageEvent) => {
    const m = e.data as { type: 'init'; data: string; warmUp: boolean } | { id: number; req: WorkerRequest };
    if ('type' in m && m.type === 'init') {
      data = JSON.parse(m.data) as PageData;
      warmUp = m.warmUp;
      installEmbeddedDatasets(data.datasets);
      // Open (and warm up) every analysis while the page has not asked for anything yet.
      if (warmUp) for (let i = 0; i < data.analyses.length; i++) setTimeout(() => void session(i).catch(() => undefined), 0);
      return;
    }
    const { id, req } = m as { id: number; req: WorkerRequest };
    handle(req).then(
      (value) => scope.postMessage({ id, ok: true, value } satisfies WorkerReply),
      (err: unknown) => scope.postMessage({ id, ok: false, error: describeError(err) } satisfies WorkerReply),
    );
  };
}

/** A fit without the parts that do not cross to the page (all plain data already; kept explicit). */
function strip(f: PageFit): PageFit {
  return f;
}

/** An error as the page shows it: the library's messages name the key or file (`path: message`). */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const path = (err as { path?: unknown }).path;
    return typeof path === 'string' && path !== '' && !err.message.startsWith(path) ? `${path}: ${err.message}` : err.message;
  }
  return String(err);
}
