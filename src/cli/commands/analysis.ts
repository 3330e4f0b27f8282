import type { Command } from 'commander';
import { join } from 'node:path';
import { makeReporter, parseSets, runCommand, withCommonOptions, writeOutputs, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { progressBar } from '../../util/progress.js';
import { loadAnalysisConfig, type LoadedAnalysis } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { assembleHypothesis, type HypothesisName } from '../../analyses/assemble.js';
import { compare, dmMassGrid, fitDmOverMasses, fitReport, scan1D, scanMassY, significance, type FitReport } from '../../analyses/run.js';
import { compareTimePlots, cutSpectrumPlots, limitPlot, massYPlot, scan1DPlot, spectrumPlots, type OverlayCurve } from '../../analyses/plots.js';
import type { Figure } from '../../plot/render.js';
import { computeLimits, type LimitCurve } from '../../analyses/limit.js';
import { loadDarkPhotonLimits } from '../../datasets/limits.js';
import type { ExperimentAnalysis } from '../../analyses/types.js';

interface AnalysisOpts extends CommonOptions {
  workers?: string;
  overlays?: boolean;
  hypothesis?: string;
  toys?: string;
  seed?: string;
  param?: string;
  range?: string;
}

async function load(file: string, opts: CommonOptions): Promise<{ loaded: LoadedAnalysis; exp: ExperimentAnalysis }> {
  const loaded = loadAnalysisConfig(file, parseSets(opts.set));
  const exp = await buildExperiment(loaded.config);
  return { loaded, exp };
}

/** With --out: the figures in the --format formats (default SVG). */
async function writePlots(opts: CommonOptions, plots: Record<string, Figure>): Promise<void> {
  await writeOutputs(opts, plots);
}

/** With --out: DIR/hepdata/ for results that have tables. */
async function writeHepDataFor(opts: CommonOptions, result: Record<string, unknown>): Promise<void> {
  await writeOutputs(opts, {}, result);
}

function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(digits - 1) : x.toPrecision(digits);
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n');
}

function progressFor(opts: CommonOptions, label: string): ((d: number, t: number) => void) & { finish(): void } {
  let bar: ReturnType<typeof progressBar> | null = null;
  const f = ((d: number, t: number) => {
    bar ??= progressBar(label, t, { enabled: !opts.json && Boolean(process.stdout.isTTY) });
    bar.tick(d);
  }) as ((d: number, t: number) => void) & { finish(): void };
  f.finish = () => bar?.finish();
  return f;
}

function fitText(r: FitReport): string {
  const lines = [`hypothesis ${r.hypothesis}: ${r.status.converged ? 'converged' : 'NOT CONVERGED'} (${r.status.message}), −2lnL = ${fmt(r.twice_nll, 8)}`];
  if (r.dm) lines.push(`dark photon: m_A' = ${fmt(r.dm.mass_MeV)} MeV, m_χ = ${fmt(r.dm.chi_mass_MeV)} MeV, Y = ${fmt(r.dm.Y.value)} ± ${fmt(r.dm.Y.error)}`);
  lines.push('', table([['parameter', 'value', 'error'], ...Object.entries(r.parameters).map(([k, v]) => [k, fmt(v.value), fmt(v.error)])]));
  lines.push('', table([['sample (signal region)', 'fitted events', 'error'], ...Object.entries(r.yields).map(([k, v]) => [k, fmt(v.value), fmt(v.error)]), ['observed', String(r.observed), '']]));
  lines.push('', `goodness of fit (Baker–Cousins): χ² = ${fmt(r.gof.chi2)} for ${r.gof.n_bins} bins, p = ${fmt(r.gof.p_value)}`);
  return lines.join('\n');
}

function parseHypothesis(h: string | undefined, loaded: LoadedAnalysis): HypothesisName {
  const v = h ?? (loaded.config.signal ? 'dm' : 'sm');
  if (v !== 'sm' && v !== 'dm' && v !== 'nsi') throw new InvalidSpecification(`expected sm, dm or nsi, got "${v}"`, '--hypothesis');
  return v;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('count')
      .description('cut-and-count table in the config\'s window (events), with the simple and the profile-likelihood significance')
      .argument('<fit>', 'analysis config (fits/*.yaml)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const { loaded, exp } = await load(file, opts);
      if (!exp.cutAndCount) throw new InvalidSpecification(`experiment ${exp.experiment} has no cut-and-count analysis`, 'experiment');
      const c = exp.cutAndCount(loaded.parameterSets);
      const out = { command: 'count', config: loaded.config.name, ...c };
      if (opts.out) {
        // Spectra before and after the window cuts: the same experiment over its full default region, SM at nominal.
        const full = await buildExperiment({ ...loaded.config, region: {} });
        const a = assembleHypothesis(full, 'sm', { parameterSets: loaded.parameterSets });
        const plots: Record<string, Figure> = {};
        for (const ch of full.background.signalChannels) Object.assign(plots, cutSpectrumPlots(a.model, a.data, a.model.params.init, ch, loaded.config.region, loaded.config.name));
        await writePlots(opts, plots);
      }
      await writeHepDataFor(opts, out);
      rep.result(out, () =>
        [
          table([
            ['component (window)', 'events'],
            ['observed (C, beam on)', fmt(c.observed)],
            ['steady state (AC, beam on)', fmt(c.steady_state)],
            ['delayed ν (CEvNS)', fmt(c.delayed_nu)],
            ['prompt ν (CEvNS)', fmt(c.prompt_nu)],
            ['beam-related neutrons', fmt(c.brn)],
            ['excess', fmt(c.excess)],
          ]),
          '',
          `significance excess/√(2·SS + ν + BRN) = ${fmt(c.significance, 3)} σ`,
          `profile-likelihood significance      = ${fmt(c.significance_profile, 3)} σ`,
          ...Object.entries(c.details).map(([k, v]) => `${k}: ${typeof v === 'number' ? fmt(v) : v}`),
        ].join('\n'),
      );
    });
  });

  withCommonOptions(
    program
      .command('fit')
      .description('maximum-likelihood fit (DM configs: profiled over the mediator-mass grid of `scan`)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--hypothesis <name>', 'sm, dm or nsi (default: dm when the config has a signal section, else sm)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const { loaded, exp } = await load(file, opts);
      const h = parseHypothesis(opts.hypothesis, loaded);
      let report: FitReport;
      let plots: Record<string, Figure>;
      if (h === 'dm') {
        const prog = progressFor(opts, 'mass points');
        const d = fitDmOverMasses(exp, loaded, dmMassGrid(loaded), prog);
        prog.finish();
        report = d.report;
        plots = spectrumPlots(d.assembled.model, d.assembled.data, d.result.bestfit, exp.background.signalChannels, `${loaded.config.name} (SM + DM fit)`);
      } else {
        const a = assembleHypothesis(exp, h, { parameterSets: loaded.parameterSets });
        const f = fitReport(exp, a, { minos: exp.background.smPoi && h === 'sm' ? [exp.background.smPoi] : [] });
        report = f.report;
        plots = spectrumPlots(a.model, a.data, f.result.bestfit, exp.background.signalChannels, `${loaded.config.name} (${h.toUpperCase()} fit)`);
      }
      await writePlots(opts, plots);
      const out = { command: 'fit', config: loaded.config.name, ...report };
      await writeHepDataFor(opts, out);
      rep.result(out, () => fitText(report));
    });
  });

  withCommonOptions(
    program
      .command('significance')
      .description('discovery significance of the signal (DM configs) or of CEvNS (SM configs)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--toys <n>', 'toy-based p-value with n background-only toys')
      .option('--seed <n>', 'seed of the toys', '1'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const { loaded, exp } = await load(file, opts);
      const toys = opts.toys !== undefined ? Number(opts.toys) : undefined;
      if (toys !== undefined && !(Number.isInteger(toys) && toys > 0)) throw new InvalidSpecification(`expected a positive integer, got "${opts.toys}"`, '--toys');
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new InvalidSpecification(`expected an integer, got "${opts.seed}"`, '--seed');
      const s = significance(exp, loaded, { ...(toys !== undefined ? { toys } : {}), seed });
      rep.result({ command: 'significance', config: loaded.config.name, ...s }, () =>
        [
          `POI ${s.poi}: μ̂ = ${fmt(s.mu_hat)}${s.dm ? ` (m_A' = ${fmt(s.dm.mass_MeV)} MeV, Ŷ = ${fmt(s.dm.Y_hat)})` : ''}`,
          `q0 = ${fmt(s.q0)}, Z = ${fmt(s.z, 3)} σ, p0 = ${fmt(s.p0)} (${s.method}${s.toys ? `, ${s.toys.n} toys, seed ${s.toys.seed}` : ''})`,
          `median expected Z for μ = 1 (${s.dm ? `DM at Y_ref, ${'≈'}10 events` : 'nominal SM prediction'}): ${fmt(s.z_expected, 3)} σ`,
          ...(s.valid ? [] : ['WARNING: ' + s.messages.join('; ')]),
        ].join('\n'),
      );
    });
  });

  withCommonOptions(
    program
      .command('compare')
      .description('SM vs SM+DM vs SM+NSI: best fits, −2lnL, Δ(−2lnL), p-values, pulls and failing time bins')
      .argument('<fit>', 'analysis config (fits/*.yaml)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const { loaded, exp } = await load(file, opts);
      const prog = progressFor(opts, 'DM mass points');
      const c = compare(exp, loaded, prog);
      prog.finish();
      const rows: string[][] = [['hypothesis', '−2lnL', 'Δ(−2lnL) vs SM', 'extra dof', 'p(SM)', 'Z', 'best fit']];
      for (const [name, h] of Object.entries(c.hypotheses)) {
        if (!h) continue;
        const best = h.dm
          ? `m_A'=${fmt(h.dm.mass_MeV, 3)} MeV, Y=${fmt(h.dm.Y, 3)}`
          : name === 'nsi'
            ? Object.entries(h.parameters)
                .filter(([k]) => k.startsWith('g_'))
                .map(([k, v]) => `${k}=${fmt(v, 3)}`)
                .join(', ')
            : '';
        rows.push([name.toUpperCase(), fmt(h.twice_nll, 7), fmt(h.delta_twice_nll, 3), String(h.extra_dof), fmt(h.p_value_sm, 3), fmt(h.z_vs_sm, 3), best]);
      }
      const failing = Object.entries(c.hypotheses)
        .filter(([, h]) => h)
        .map(([name, h]) => {
          const fb = Object.entries(h!.pulls.failing_time_bins)
            .flatMap(([ch, bins]) => bins.map((b) => `${ch} t∈[${b.t_us[0]},${b.t_us[1]}) µs pull ${fmt(b.pull, 2)}`))
            .join('; ');
          return `${name.toUpperCase()} fails (|pull| > 2 in the time projection): ${fb || 'none'}`;
        });
      const out = { command: 'compare', config: loaded.config.name, ...c };
      await writePlots(opts, compareTimePlots(c, loaded.config.name));
      await writeHepDataFor(opts, out);
      rep.result(out, () =>
        [table(rows), '', ...failing, ...(c.dm_minus_nsi !== null ? ['', `−2lnL(NSI) − −2lnL(DM) = ${fmt(c.dm_minus_nsi, 3)} (positive: DM fits better)`] : [])].join('\n'),
      );
    });
  });

  withCommonOptions(
    program
      .command('scan')
      .description('profile-likelihood scans: --param NAME (1-D) or --param mass,Y (allowed region in m_A\' × Y)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .requiredOption('--param <names>', 'a model parameter (e.g. Rn, nu_flux) or "mass,Y"')
      .option('--range <lo:hi:n>', 'grid of a 1-D scan (default: the parameter bounds, 41 points)')
      .option('--hypothesis <name>', 'hypothesis of a 1-D scan (sm, dm, nsi)')
      .option('--workers <n>', 'worker threads of a mass–Y scan (default: the number of cores)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const { loaded, exp } = await load(file, opts);
      const param = opts.param!;
      const prog = progressFor(opts, 'scan');
      if (param.replace(/\s/g, '') === 'mass,Y') {
        const workers = opts.workers !== undefined ? Number(opts.workers) : undefined;
        if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new InvalidSpecification(`expected a positive integer, got "${opts.workers}"`, '--workers');
        const s = await scanMassY(exp, loaded, { onProgress: prog, ...(workers !== undefined ? { workers } : {}) });
        prog.finish();
        const sig = loaded.config.signal!;
        const overlays = opts.out ? existingLimitOverlays({ alphaD: sig.alpha_D, ratio: sig.chi_mass_ratio }) : [];
        await writePlots(opts, { 'scan-mass-Y': massYPlot(s, `${loaded.config.name}: allowed region`, { overlays, benchmarkMassMeV: sig.mass_MeV }) });
        const out = { command: 'scan', config: loaded.config.name, ...s };
        await writeHepDataFor(opts, out);
        rep.result(out, () =>
          [
            `best fit: m_A' = ${fmt(s.best.mass_MeV)} MeV, Y = ${fmt(s.best.Y)}, −2lnL = ${fmt(s.best.twice_nll, 8)} (SM: ${fmt(s.twice_nll_sm, 8)}, Δ = ${fmt(s.twice_nll_sm - s.best.twice_nll, 3)})`,
            `grid: ${s.masses_MeV.length} masses × ${s.Y.length} Y values; regions at Δ(−2lnL) < ${fmt(s.thresholds.cl68, 3)} (68.3 %) and < ${fmt(s.thresholds.cl95, 3)} (95 %)`,
          ].join('\n'),
        );
        return;
      }
      if (param.includes(',')) throw new InvalidSpecification(`2-D scans are over "mass,Y"; got "${param}"`, '--param');
      const h = parseHypothesis(opts.hypothesis ?? 'sm', loaded);
      let values: Float64Array;
      if (opts.range) {
        const m = /^([^:]+):([^:]+):(\d+)$/.exec(opts.range);
        const lo = m ? Number(m[1]) : NaN;
        const hi = m ? Number(m[2]) : NaN;
        const n = m ? Number(m[3]) : NaN;
        if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo) || !(n >= 2)) throw new InvalidSpecification(`expected lo:hi:n with hi > lo and n >= 2, got "${opts.range}"`, '--range');
        values = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
      } else {
        const a = assembleHypothesis(exp, h, { parameterSets: loaded.parameterSets });
        const i = a.model.params.index(param);
        const lo = a.model.params.lo[i]!;
        const hi = a.model.params.hi[i]!;
        if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new InvalidSpecification(`parameter ${param} has infinite bounds; give --range lo:hi:n`, '--range');
        values = Float64Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40);
      }
      const s = scan1D(exp, loaded, param, values, h, prog);
      prog.finish();
      const out1 = { command: 'scan', config: loaded.config.name, ...s };
      await writeOutputs(opts, { [`scan-${param}`]: scan1DPlot(s, `${loaded.config.name}: profile of ${param}`) }, out1);
      rep.result(out1, () =>
        [
          `${param}: best ${fmt(s.best.value)} (−2lnL ${fmt(s.best.twice_nll, 8)})`,
          `68.3 % interval: ${s.intervals.cl68 ? `[${fmt(s.intervals.cl68[0])}, ${fmt(s.intervals.cl68[1])}]` : '—'}; 95 %: ${s.intervals.cl95 ? `[${fmt(s.intervals.cl95[0])}, ${fmt(s.intervals.cl95[1])}]` : '—'}`,
        ].join('\n'),
      );
    });
  });

  withCommonOptions(
    program
      .command('limit')
      .description('exclusion curve on Y over the mediator mass (CLs by default; CLs+b or Feldman–Cousins per config); several configs are drawn on one plot')
      .argument('<fit...>', 'analysis config(s) with a limit section (fits/*-limit.yaml, fits/*-projection.yaml)')
      .option('--workers <n>', 'worker threads (default: the number of cores)')
      .option('--no-overlays', 'do not draw the existing limits and the relic line'),
  ).action(async (files: string[], opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const sets = parseSets(opts.set);
      const workers = opts.workers !== undefined ? Number(opts.workers) : undefined;
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new InvalidSpecification(`expected a positive integer, got "${opts.workers}"`, '--workers');
      const curves: LimitCurve[] = [];
      const signals: Array<{ alphaD: number; ratio: number }> = [];
      for (const file of files) {
        const loaded = loadAnalysisConfig(file, sets);
        const prog = progressFor(opts, `${loaded.config.name}: masses`);
        curves.push(await computeLimits(loaded, { ...(workers !== undefined ? { workers } : {}), onProgress: prog }));
        prog.finish();
        signals.push({ alphaD: loaded.config.signal!.alpha_D, ratio: loaded.config.signal!.chi_mass_ratio });
      }
      const asJson = (c: LimitCurve) => ({
        name: c.name,
        experiment: c.experiment,
        cl: c.cl,
        method: c.method,
        data: c.data,
        points: c.points.map((p) => ({ mass: p.massMeV, y_obs: p.y_obs, y_exp: p.y_exp, status: p.status, ...(p.message ? { message: p.message } : {}) })),
        timing_ms: c.timing.totalMs,
        workers: c.timing.workers,
      });
      const first = asJson(curves[0]!);
      if (opts.out) {
        const overlays = opts.overlays === false ? [] : existingLimitOverlays(signals[0]!);
        const cl = curves[0]!.cl;
        const fig = limitPlot(
          curves.map((c) => ({
            name: c.name,
            massesMeV: c.points.map((p) => p.massMeV),
            status: c.points.map((p) => p.status),
            observed: c.points.map((p) => p.y_obs),
            expected: c.points.map((p) => (p.y_exp ? [...p.y_exp] : [null, null, null, null, null])),
          })),
          overlays,
          curves.length === 1 ? `${curves[0]!.name}: ${Math.round(cl * 100)} % CL exclusion` : `${Math.round(cl * 100)} % CL exclusion limits`,
          cl,
        );
        await writePlots(opts, { limits: fig });
      }
      const out = { command: 'limit', cl: first.cl, method: first.method, points: first.points, curves: curves.map(asJson) };
      await writeHepDataFor(opts, out);
      rep.result(out, () =>
        curves
          .map((c) =>
            [
              `${c.name} (${c.experiment}, ${c.data} data): ${Math.round(c.cl * 100)} % CL ${c.method.toUpperCase()} limits on Y, ${c.points.length} masses in ${(c.timing.totalMs / 1000).toFixed(2)} s on ${c.timing.workers} worker(s)`,
              table([
                ["m_A' (MeV)", 'Y obs', 'Y exp −2σ', '−1σ', 'median', '+1σ', '+2σ', 'status'],
                ...c.points.map((p) => [fmt(p.massMeV, 4), fmt(p.y_obs, 3), ...(p.y_exp ?? [null, null, null, null, null]).map((v) => fmt(v, 3)), p.status]),
              ]),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
  });
}

/**
 * Existing limits and the relic line on the Y axis, for the benchmark of the config (α_D, m_A′/m_χ).
 * Conventions (src/datasets/limits.ts): the Y-valued curves are drawn against m_χ in their files (the LSND
 * endpoint at m_π0/3), so they are placed at m_A′ = ratio·m_χ; the relic curve is ε² against m_A′ and is
 * converted with Y = ε² α_D (m_χ/m_A′)⁴. Curves of unknown convention are not drawn.
 */
function existingLimitOverlays(sig: { alphaD: number; ratio: number }): OverlayCurve[] {
  let lim;
  try {
    lim = loadDarkPhotonLimits();
  } catch {
    return [];
  }
  const out: OverlayCurve[] = [];
  const labels: Record<string, string> = { 'lsnd.txt': 'LSND (existing)', 'babar.txt': 'BaBar (existing)', 'miniboone-e.txt': 'MiniBooNE e (existing)', 'miniboone-n.txt': 'MiniBooNE N (existing)', 'na64.txt': 'NA64 (existing)', 'relic.txt': 'thermal relic' };
  for (const [name, c] of Object.entries(lim.curves)) {
    if (!(name in labels)) continue;
    if (c.couplingVariable === 'Y') out.push({ name: labels[name]!, massesMeV: c.massMeV.map((m) => m * sig.ratio), y: c.coupling });
    else if (c.couplingVariable === 'epsilon2') out.push({ name: labels[name]!, massesMeV: c.massMeV, y: c.coupling.map((e2) => e2 * sig.alphaD * sig.ratio ** -4) });
  }
  return out;
}
