import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { confirmLargeGrid, figureOptions, fmt, makeReporter, table, parseSets, runCommand, withCommonOptions, writeOutputs, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { progressBar } from '../../util/progress.js';
import { configLabel, expandGrid, loadAnalysisConfig, type LoadedAnalysis } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { assembleHypothesis, DM_POI, type HypothesisName } from '../../analyses/assemble.js';
import { compare, dmMassGrid, fitDmOverMasses, fitReport, massYReport, massYRows, scan1D, significance, significanceToys, type DmFitReport, type FitReport } from '../../analyses/run.js';
import { compareTimePlots, cutSpectrumPlots, scan1DPlot, spectrumPlots } from '../../analyses/plots.js';
import type { Figure } from '../../plot/render.js';
import { computeLimits, limitMassGrid, type LimitCurve } from '../../analyses/limit.js';
import {
  limitCurveJson,
  overlayBenchmarkOf,
  type CompareResultJson,
  type CountResultJson,
  type FitResultJson,
  type MassYPlotSettings,
  type OverlayBenchmark,
  type ResultHead,
  type Scan1DResultJson,
  type SettingScanResultJson,
} from '../../analyses/results.js';
import { parseShard, shardBlock, shardSlice, type ShardSpec } from '../../stats/parallel/shard.js';
import { defaultLanes, WorkerPool } from '../../stats/parallel/pool.js';
import { beginShard, emitLimit, emitMassYScan, emitSignificance, shardProgress, withShardFailure, writeShardPartial } from './shardable.js';
import type { ExperimentAnalysis } from '../../analyses/types.js';
import { familyOf } from '../../analyses/families/index.js';
import type { MassBestFit, MassInterval } from '../../analyses/massprofile.js';
import { scanSignalSetting } from '../../analyses/settingscan.js';
import { requireMassScan } from '../../analyses/globalsig.js';
import { compareSignificanceText, compareToys, parseWorkers, runGlobalSignificance } from './lee.js';
import { fitExtras, type FitExtras } from '../../analyses/inference.js';
import { correlationFigure } from '../../plot/correlation.js';
import { fitExtrasText } from './fitextras.js';

interface AnalysisOpts extends CommonOptions {
  workers?: string;
  overlays?: boolean;
  hypothesis?: string;
  toys?: string;
  seed?: string;
  param?: string;
  range?: string;
  log?: boolean;
  shard?: string;
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
async function writeHepDataFor(opts: CommonOptions, result: ResultHead): Promise<void> {
  await writeOutputs(opts, {}, result);
}



/**
 * Cost of one grid point on one lane, for the estimate printed before grids of more than 10⁵ points (docs/cli.md):
 * measured on the CsI-2017 DM config on the shared 2-core machine (load ≈ 15): a 10 × 40 mass × Y scan took 2.4 s
 * more than a 2 × 2 one (≈ 6 ms per point); a limit mass point costs ≈ 50 ms (docs/benchmarks.md).
 */
const SECONDS_PER_POINT = { massY: 0.006, profile: 0.006, limitMass: 0.05 } as const;

function progressFor(opts: CommonOptions, label: string): ((d: number, t: number) => void) & { finish(): void } {
  let bar: ReturnType<typeof progressBar> | null = null;
  const f = ((d: number, t: number) => {
    bar ??= progressBar(label, t, { enabled: !opts.json });
    bar.tick(d);
  }) as ((d: number, t: number) => void) & { finish(): void };
  f.finish = () => bar?.finish();
  return f;
}

function fitText(r: FitResultJson): string {
  const lines = [`hypothesis ${r.hypothesis}: ${r.status.converged ? 'converged' : 'NOT CONVERGED'} (${r.status.message}), −2lnL = ${fmt(r.twice_nll, 8)}`];
  if (r.dm) lines.push(`dark sector: ${r.dm.mass_label} = ${fmt(r.dm.mass_MeV)} MeV, m_χ = ${fmt(r.dm.chi_mass_MeV)} MeV, ${r.dm.coupling.name} = ${fmt(r.dm.coupling.value)} ± ${fmt(r.dm.coupling.error)} (${r.dm.coupling.formula})`);
  lines.push('', table([['parameter', 'value', 'error'], ...Object.entries(r.parameters).map(([k, v]) => [k, fmt(v.value), fmt(v.error)])]));
  lines.push('', table([['sample (signal region)', 'fitted events', 'error'], ...Object.entries(r.yields).map(([k, v]) => [k, fmt(v.value), fmt(v.error)]), ['observed', String(r.observed), '']]));
  lines.push('', `goodness of fit (Baker–Cousins): χ² = ${fmt(r.gof.chi2)} for ${r.gof.n_bins} bins, p = ${fmt(r.gof.p_value)}`);
  lines.push(...massProfileText(r));
  return lines.join('\n');
}

/** Grid of a signal-setting scan: --range lo:hi:n (log-spaced with --log, and always for lifetime_us). */
function settingGrid(param: string, range: string | undefined, log: boolean): Float64Array {
  const useLog = log || param === 'lifetime_us';
  const spec = range ?? (param === 'lifetime_us' ? '1e-4:1:13' : undefined);
  if (!spec) throw new InvalidSpecification(`give --range lo:hi:n for a scan over ${param}`, '--range');
  const m = /^([^:]+):([^:]+):(\d+)$/.exec(spec);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2]) : NaN;
  const n = m ? Number(m[3]) : NaN;
  if (!m || !(lo > 0) || !(hi > lo) || !(n >= 2)) throw new InvalidSpecification(`expected lo:hi:n with 0 < lo < hi and n >= 2, got "${spec}"`, '--range');
  return Float64Array.from({ length: n }, (_, i) => (useLog ? Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (n - 1)) : lo + ((hi - lo) * i) / (n - 1)));
}

/** The DM mass profile in words: best fit (grid edge?), Δ(−2lnL) = 1 and 4 mass intervals, the allowed best fit. */
function massProfileText(
  c: {
    readonly best_fit?: MassBestFit | null;
    readonly mass_intervals?: { readonly delta1: MassInterval; readonly delta4: MassInterval } | null;
    readonly profile_range_twice_nll?: number | null;
    readonly best_fit_allowed?: (MassBestFit & { readonly delta_twice_nll: number }) | null;
    readonly best_fit_allowed_note?: string | null;
  },
  smTwiceNll: number | null = null,
): string[] {
  if (!c.best_fit || !c.mass_intervals) return [];
  const iv = (m: MassInterval): string =>
    m.status === 'unconstrained' ? 'unconstrained' : m.ranges.map((r) => `[${r.lower_MeV === null ? 'grid start' : fmt(r.lower_MeV, 3)}, ${r.upper_MeV === null ? 'grid end' : fmt(r.upper_MeV, 3)}] MeV`).join(' ∪ ');
  return [
    '',
    `DM mass profile (Y and nuisances profiled on the mass grid): best fit ${fmt(c.best_fit.mass_MeV, 4)} MeV, Y = ${fmt(c.best_fit.Y, 3)}${c.best_fit.on_grid_edge ? ' — ON THE GRID EDGE' : ''}; −2lnL varies by ${fmt(c.profile_range_twice_nll, 3)} over the grid`,
    `Δ(−2lnL) < 1: ${iv(c.mass_intervals.delta1)}; < 4: ${iv(c.mass_intervals.delta4)}`,
    c.best_fit_allowed
      ? `best fit where existing limits allow (90 % CL): ${fmt(c.best_fit_allowed.mass_MeV, 4)} MeV, Y = ${fmt(c.best_fit_allowed.Y, 3)}; Δ(−2lnL) = +${fmt(c.best_fit_allowed.delta_twice_nll, 3)} against the DM best fit${smTwiceNll !== null ? `, ${signed(c.best_fit_allowed.twice_nll - smTwiceNll)} against the SM (negative: fits better than the SM)` : ''}${c.best_fit_allowed_note ? ` (${c.best_fit_allowed_note})` : ''}`
      : `best fit where existing limits allow: — (${c.best_fit_allowed_note ?? 'not available'})`,
  ];
}

/** A difference with its sign (+0.85, −7.39). */
const signed = (x: number): string => (x < 0 ? `−${fmt(-x, 3)}` : `+${fmt(x, 3)}`);

/** Health of one fit: what makes it unhealthy (not converged, non-finite −2lnL). */
function fitHealth(what: string, converged: boolean, twiceNll: number): string[] {
  const out: string[] = [];
  if (!converged) out.push(`${what} did not converge`);
  if (!Number.isFinite(twiceNll)) out.push(`${what}: −2lnL is ${twiceNll}`);
  return out;
}

function parseHypothesis(h: string | undefined, loaded: LoadedAnalysis): HypothesisName {
  const v = h ?? (loaded.config.signal ? 'dm' : 'sm');
  if (v !== 'sm' && v !== 'dm' && v !== 'nsi') throw new InvalidSpecification(`expected sm, dm or nsi, got "${v}"`, '--hypothesis');
  return v;
}

/** The command definitions (one function each) and what runs them. */
export function register(program: Command): void {
  registerCount(program);
  registerFit(program);
  registerSignificance(program);
  registerCompare(program);
  registerScan(program);
  registerLimit(program);
}

// ---- count ---------------------------------------------------------------------------------------------------------

function registerCount(program: Command): void {
  withCommonOptions(
    program
      .command('count')
      .description('cut-and-count table in the config\'s window (events), with the simple and the profile-likelihood significance')
      .argument('<fit>', 'analysis config (fits/*.yaml)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, () => runCount(file, opts));
  });
}

async function runCount(file: string, opts: AnalysisOpts): Promise<void> {
  const rep = makeReporter(opts);
  const { loaded, exp } = await load(file, opts);
  if (!exp.cutAndCount) throw new InvalidSpecification(`experiment ${exp.experiment} has no cut-and-count analysis`, 'experiment');
  const c = exp.cutAndCount(loaded.parameterSets);
  const out = { command: 'count', config: loaded.config.name, ...c } satisfies CountResultJson;
  if (opts.out) {
    // Spectra before and after the window cuts: the same experiment over its full default region, SM at nominal.
    const full = await buildExperiment({ ...loaded.config, region: {} });
    const a = assembleHypothesis(full, 'sm', { parameterSets: loaded.parameterSets });
    const plots: Record<string, Figure> = {};
    for (const ch of full.background.signalChannels) Object.assign(plots, cutSpectrumPlots(a.model, a.data, a.model.params.init, ch, loaded.config.region, configLabel(loaded.config), figureOptions(opts)));
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
}

// ---- fit -----------------------------------------------------------------------------------------------------------

function registerFit(program: Command): void {
  withCommonOptions(
    program
      .command('fit')
      .description('maximum-likelihood fit (DM configs: profiled over the mediator-mass grid of `scan`)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--hypothesis <name>', 'sm, dm or nsi (default: dm when the config has a signal section, else sm)'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, () => runFit(file, opts));
  });
}

async function runFit(file: string, opts: AnalysisOpts): Promise<void> {
  const rep = makeReporter(opts);
  const { loaded, exp } = await load(file, opts);
  const h = parseHypothesis(opts.hypothesis, loaded);
  let report: FitReport | DmFitReport;
  let plots: Record<string, Figure>;
  let extras: FitExtras;
  if (h === 'dm') {
    const prog = progressFor(opts, 'mass points');
    const d = fitDmOverMasses(exp, loaded, dmMassGrid(loaded), prog);
    prog.finish();
    report = d.report;
    plots = spectrumPlots(d.assembled.model, d.assembled.data, d.result.bestfit, exp.background.signalChannels, `${configLabel(loaded.config)}, SM + DM fit`, figureOptions(opts));
    extras = fitExtras(d.assembled, d.result, DM_POI);
  } else {
    const a = assembleHypothesis(exp, h, { parameterSets: loaded.parameterSets });
    const f = fitReport(exp, a, { minos: exp.background.smPoi && h === 'sm' ? [exp.background.smPoi] : [] });
    report = f.report;
    plots = spectrumPlots(a.model, a.data, f.result.bestfit, exp.background.signalChannels, `${configLabel(loaded.config)}, ${h === 'sm' ? 'SM' : 'SM + NSI'} fit`, figureOptions(opts));
    extras = fitExtras(a, f.result, h === 'sm' ? (exp.background.smPoi ?? null) : null);
  }
  if (extras.correlation) plots = { ...plots, correlation: correlationFigure(`${loaded.config.name}: correlation of the fitted parameters`, extras.correlation.parameters, extras.correlation.matrix) };
  await writePlots(opts, plots);
  const out = { command: 'fit', config: loaded.config.name, ...report, ...extras } satisfies FitResultJson;
  await writeHepDataFor(opts, out);
  rep.result(out, () => `${fitText(out)}\n${fitExtrasText(extras)}`, { unhealthy: fitHealth(`the ${h.toUpperCase()} fit`, report.status.converged, report.twice_nll) });
}

// ---- significance --------------------------------------------------------------------------------------------------

function registerSignificance(program: Command): void {
  withCommonOptions(
    program
      .command('significance')
      .description('discovery significance of the signal (DM configs) or of CEvNS (SM configs)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--toys <n>', 'toy-based p-value with n background-only toys')
      .option('--seed <n>', 'seed of the toys', '1')
      .option('--shard <i/N>', 'compute block i of N of the toys and write a partial result to --out (merge with `cevnsfit merge`)')
      .option('--global', 'DM configs: global significance over the scan.mass_MeV grid (look-elsewhere effect) from --toys N background-only toys, with the Gross–Vitells estimate')
      .option('--reference-level <c0>', 'with --global: Gross–Vitells reference level of q0', '1')
      .option('--workers <n>', 'with --global: lanes of the worker pool (default: the cores not busy with other work)'),
  ).action(async (file: string, opts: AnalysisOpts & { global?: boolean; referenceLevel?: string }) => {
    await runCommand(opts, () => runSignificance(file, opts));
  });
}

async function runSignificance(file: string, opts: AnalysisOpts & { global?: boolean; referenceLevel?: string }): Promise<void> {
  const { loaded, exp } = await load(file, opts);
  const toys = parseToys(opts.toys);
  const seed = parseSeed(opts.seed);
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : null;
  if (opts.global) {
    const progress = progressFor(opts, 'global toys');
    await runGlobalSignificance(opts, exp, loaded, { toys, seed, workers: parseWorkers(opts.workers), referenceLevel: opts.referenceLevel, shard, progress });
    return;
  }
  if (shard && toys === undefined) throw new InvalidSpecification('only toy-based significances are sharded: give --toys N', '--shard');
  if (shard) {
    beginShard(opts, shard, 'significance');
    await withShardFailure(shard, async () => {
      const { start, end } = shardBlock(toys!, shard);
      const t = significanceToys(exp, loaded, { seed, start, end, onProgress: shardProgress(shard, 'toys') });
      writeShardPartial(opts, shard, {
        command: 'significance',
        hashInputs: { command: 'significance', configs: [loaded.config], toys, seed },
        total: toys!,
        kind: 'block',
        indices: Array.from({ length: end - start }, (_, k) => start + k),
        context: { config: loaded.config.name, seed, asymptotic: t.asymptotic },
        values: t.q0,
      });
    });
    return;
  }
  const prog = progressFor(opts, 'toys');
  const s = significance(exp, loaded, { ...(toys !== undefined ? { toys } : {}), seed, onProgress: prog });
  prog.finish();
  emitSignificance(opts, { config: loaded.config.name, ...s });
}

/** --toys: absent, or a positive integer. */
function parseToys(v: string | undefined): number | undefined {
  const toys = v !== undefined ? Number(v) : undefined;
  if (toys !== undefined && !(Number.isInteger(toys) && toys > 0)) throw new InvalidSpecification(`expected a positive integer, got "${v}"`, '--toys');
  return toys;
}

/** --seed: an integer. */
function parseSeed(v: string | undefined): number {
  const seed = Number(v);
  if (!Number.isInteger(seed)) throw new InvalidSpecification(`expected an integer, got "${v}"`, '--seed');
  return seed;
}

// ---- compare -------------------------------------------------------------------------------------------------------

function registerCompare(program: Command): void {
  withCommonOptions(
    program
      .command('compare')
      .description('SM vs SM+DM vs SM+NSI: best fits, −2lnL, Δ(−2lnL), p-values, pulls and failing time bins')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .option('--toys <n>', 'global significance of DM over the mass grid from n background-only toys, and the DM-vs-NSI Δ calibrated with n toys under each (see --cox-toys)')
      .option('--cox-toys <n>', 'toys per hypothesis of the DM-vs-NSI calibration (default: --toys; 0 = none)')
      .option('--seed <n>', 'seed of the toys', '1')
      .option('--reference-level <c0>', 'Gross–Vitells reference level of q0', '1')
      .option('--workers <n>', 'lanes of the worker pool of the toys (default: the cores not busy with other work)'),
  ).action(async (file: string, opts: AnalysisOpts & { coxToys?: string; referenceLevel?: string }) => {
    await runCommand(opts, () => runCompare(file, opts));
  });
}

async function runCompare(file: string, opts: AnalysisOpts & { coxToys?: string; referenceLevel?: string }): Promise<void> {
  const rep = makeReporter(opts);
  const { loaded, exp } = await load(file, opts);
  const toys = parseToys(opts.toys);
  const coxToys = opts.coxToys !== undefined ? Number(opts.coxToys) : (toys ?? 0);
  if (!(Number.isInteger(coxToys) && coxToys >= 0)) throw new InvalidSpecification(`expected a non-negative integer, got "${opts.coxToys}"`, '--cox-toys');
  if (opts.coxToys !== undefined && toys === undefined) throw new InvalidSpecification('--cox-toys goes with --toys N', '--cox-toys');
  const seed = parseSeed(opts.seed);
  const workers = parseWorkers(opts.workers);
  if (toys !== undefined) requireMassScan(loaded, '--toys');
  const prog = progressFor(opts, 'DM mass points');
  const c0 = compare(exp, loaded, prog);
  prog.finish();
  const t = toys !== undefined ? await compareToys(exp, loaded, c0, { toys, coxToys, seed, workers, referenceLevel: opts.referenceLevel, progress: progressFor(opts, 'toys') }) : null;
  const c = { ...c0, global: t?.global?.global ?? null, gross_vitells: t?.global?.gross_vitells ?? null, comparison: { dm_vs_nsi: t?.dmVsNsi ?? c0.comparison.dm_vs_nsi } };
  const out = { command: 'compare', config: loaded.config.name, ...c } satisfies CompareResultJson;
  await writePlots(opts, compareTimePlots(c, configLabel(loaded.config), figureOptions(opts)));
  await writeHepDataFor(opts, out);
  rep.result(out, () => compareText(out), {
    unhealthy: Object.entries(c.hypotheses).flatMap(([name, h]) => (h ? fitHealth(`the ${name.toUpperCase()} fit`, h.converged, h.twice_nll) : [])),
  });
}

/** Text of `compare`: the hypothesis table, failing time bins, significances and the DM mass profile. */
function compareText(c: CompareResultJson): string {
  const rows: string[][] = [['hypothesis', '−2lnL', 'Δ(−2lnL) vs SM', 'extra dof', 'p(SM) naive χ²(dof)', 'Z naive', 'best fit']];
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
  return [table(rows), '', ...failing, ...compareSignificanceText(c), ...massProfileText(c, c.hypotheses.sm.twice_nll)].join('\n');
}

// ---- scan ----------------------------------------------------------------------------------------------------------

function registerScan(program: Command): void {
  withCommonOptions(
    program
      .command('scan')
      .description('profile-likelihood scans: --param NAME (a model parameter, or a signal setting such as lifetime_us or mass_MeV) or --param mass,Y (allowed region in m_A\' × Y)')
      .argument('<fit>', 'analysis config (fits/*.yaml)')
      .requiredOption('--param <names>', 'a model parameter (e.g. Rn, nu_flux) or "mass,Y"')
      .option('--range <lo:hi:n>', 'grid of a 1-D scan (default: the parameter bounds, 41 points; lifetime_us: 1e-4:1:13, log)')
      .option('--log', 'log-spaced --range (default for lifetime_us)')
      .option('--hypothesis <name>', 'hypothesis of a 1-D scan (sm, dm, nsi)')
      .option('--workers <n>', 'lanes of the worker pool of a mass–Y scan (default: the cores not busy with other work)')
      .option('--shard <i/N>', 'mass–Y scans: compute shard i of N of the masses and write a partial result to --out'),
  ).action(async (file: string, opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const { loaded, exp } = await load(file, opts);
      const param = opts.param!;
      const couplingName = loaded.config.signal ? familyOf(loaded.config.signal.family).coupling.name : 'Y';
      if (['mass,Y', `mass,${couplingName}`].includes(param.replace(/\s/g, ''))) return scanMassCoupling(opts, loaded, exp);
      if (param.includes(',')) throw new InvalidSpecification(`2-D scans are over "mass,${couplingName}"; got "${param}"`, '--param');
      const sig = loaded.config.signal;
      if (sig && (param === 'mass_MeV' || familyOf(sig.family).shapeSettings.includes(param) || param === 'lifetime_us')) return scanSetting(opts, loaded, exp, param);
      if (opts.shard !== undefined) throw new InvalidSpecification('1-D scans are not sharded (they warm-start along the grid); shard `--param mass,Y` scans', '--shard');
      return scanParameter(opts, loaded, exp, param);
    });
  });
}

/** `scan --param mass,Y`: the allowed region over the mass × coupling grid (shardable over the masses). */
async function scanMassCoupling(opts: AnalysisOpts, loaded: LoadedAnalysis, exp: ExperimentAnalysis): Promise<void> {
  const workers = parseWorkers(opts.workers);
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : null;
  if (shard) beginShard(opts, shard, 'scan-mass-Y');
  await withShardFailure(shard, async () => {
    const nMasses = expandGrid(loaded.config.scan?.mass_MeV ?? [1]).length;
    const indices = shard ? shardSlice(nMasses, shard) : undefined;
    const nY = expandGrid(loaded.config.scan?.Y ?? [1]).length;
    confirmLargeGrid(opts, shard ? `shard ${shard.index}/${shard.count} of the mass × Y grid` : 'the mass × Y grid', (indices?.length ?? nMasses) * nY, SECONDS_PER_POINT.massY, workers ?? defaultLanes());
    const p = shard ? shardProgress(shard, 'masses') : progressFor(opts, 'scan');
    const r = await massYRows(exp, loaded, { onProgress: p, ...(workers !== undefined ? { workers } : {}), ...(indices ? { indices } : {}) });
    const sig = loaded.config.signal!;
    const fam = familyOf(sig.family);
    const plot: MassYPlotSettings = {
      label: configLabel(loaded.config),
      couplingAxis: fam.coupling.formula,
      massLabel: fam.massLabel,
      benchmarkMassMeV: sig.mass_MeV,
      overlayBenchmark: overlayBenchmarkOf(sig),
    };
    p.finish();
    if (shard) {
      writeShardPartial(opts, shard, {
        command: 'scan-mass-Y',
        hashInputs: { command: 'scan-mass-Y', configs: [loaded.config] },
        total: r.masses.length,
        indices: indices!,
        context: { config: loaded.config.name, masses: Array.from(r.masses), ys: r.ys, sm: r.sm, plot },
        values: r.rows,
      });
    } else await emitMassYScan(opts, massYReport(r.masses, r.ys, r.sm, r.rows), loaded.config.name, plot);
  });
}

/** `scan --param SETTING`: profile of −2lnL over a signal setting (mass_MeV, lifetime_us, a family's shape setting). */
async function scanSetting(opts: AnalysisOpts, loaded: LoadedAnalysis, exp: ExperimentAnalysis, param: string): Promise<void> {
  const values = settingGrid(param, opts.range, opts.log === true);
  confirmLargeGrid(opts, `the ${param} grid`, values.length, SECONDS_PER_POINT.profile);
  const prog = progressFor(opts, 'scan');
  const s = scanSignalSetting(exp, loaded, param, values, prog);
  prog.finish();
  makeReporter(opts).result({ command: 'scan', config: loaded.config.name, ...s } satisfies SettingScanResultJson, () =>
    [
      `${s.family}: profile of −2lnL over ${param} at ${Object.entries(s.fixed).map(([k, v]) => `${k} = ${v}`).join(', ') || 'the config settings'} (${s.coupling_name} and nuisances profiled)`,
      table([
        [param, '−2lnL', 'Δ vs best', `best ${s.coupling_name}`, 'p(SM)', 'converged'],
        ...s.points.map((p, i) => [fmt(p.value), fmt(p.twice_nll, 8), fmt(s.delta_twice_nll[i]), fmt(p.coupling, 3), fmt(s.p_value_sm[i], 3), p.converged ? 'yes' : 'NO']),
      ]),
      `SM −2lnL = ${fmt(s.twice_nll_sm, 8)}; best ${param} = ${fmt(s.best?.value)}${s.best?.on_grid_edge ? ' (ON THE GRID EDGE)' : ''}`,
      `Δ(−2lnL) < 1: ${s.allowed.delta1 ? `[${fmt(s.allowed.delta1[0])}, ${fmt(s.allowed.delta1[1])}]` : '—'}; < 4: ${s.allowed.delta4 ? `[${fmt(s.allowed.delta4[0])}, ${fmt(s.allowed.delta4[1])}]` : '—'}`,
      `failed points (fit not converged): ${s.n_failed} of ${s.points.length}`,
    ].join('\n'),
    { unhealthy: s.best ? [] : ['no converged point in the scan'], failed: { count: s.n_failed, total: s.points.length, what: `points of the ${param} scan` } },
  );
}

/** Grid of a 1-D scan of a model parameter: --range lo:hi:n, else 41 points over the parameter's bounds. */
function parameterGrid(opts: AnalysisOpts, loaded: LoadedAnalysis, exp: ExperimentAnalysis, param: string, h: HypothesisName): Float64Array {
  if (opts.range) {
    const m = /^([^:]+):([^:]+):(\d+)$/.exec(opts.range);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2]) : NaN;
    const n = m ? Number(m[3]) : NaN;
    if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo) || !(n >= 2)) throw new InvalidSpecification(`expected lo:hi:n with hi > lo and n >= 2, got "${opts.range}"`, '--range');
    return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  }
  const a = assembleHypothesis(exp, h, { parameterSets: loaded.parameterSets });
  const i = a.model.params.index(param);
  const lo = a.model.params.lo[i]!;
  const hi = a.model.params.hi[i]!;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new InvalidSpecification(`parameter ${param} has infinite bounds; give --range lo:hi:n`, '--range');
  return Float64Array.from({ length: 41 }, (_, k) => lo + ((hi - lo) * k) / 40);
}

/** `scan --param NAME`: 1-D profile scan of a model parameter with its intervals. */
async function scanParameter(opts: AnalysisOpts, loaded: LoadedAnalysis, exp: ExperimentAnalysis, param: string): Promise<void> {
  const h = parseHypothesis(opts.hypothesis ?? 'sm', loaded);
  const values = parameterGrid(opts, loaded, exp, param, h);
  confirmLargeGrid(opts, `the ${param} grid`, values.length, SECONDS_PER_POINT.profile);
  const prog = progressFor(opts, 'scan');
  const s = scan1D(exp, loaded, param, values, h, prog);
  prog.finish();
  const out = { command: 'scan', config: loaded.config.name, ...s } satisfies Scan1DResultJson;
  await writeOutputs(opts, { [`scan-${param}`]: scan1DPlot(s, configLabel(loaded.config), figureOptions(opts)) }, out);
  makeReporter(opts).result(out, () =>
    [
      `${param}: best ${fmt(s.best.value)} (−2lnL ${fmt(s.best.twice_nll, 8)})`,
      `68.3 % interval: ${s.intervals.cl68 ? `[${fmt(s.intervals.cl68[0])}, ${fmt(s.intervals.cl68[1])}]` : '—'}; 95 %: ${s.intervals.cl95 ? `[${fmt(s.intervals.cl95[0])}, ${fmt(s.intervals.cl95[1])}]` : '—'}`,
      `failed points (fit not converged after a retry): ${s.summary.n_failed} of ${s.summary.n_points}`,
    ].join('\n'),
    {
      unhealthy: Number.isFinite(s.best.twice_nll) && s.summary.n_failed < s.summary.n_points ? [] : ['no converged point in the scan'],
      failed: { count: s.summary.n_failed, total: s.summary.n_points, what: `points of the ${param} scan` },
    },
  );
}

// ---- limit ---------------------------------------------------------------------------------------------------------

function registerLimit(program: Command): void {
  withCommonOptions(
    program
      .command('limit')
      .description('exclusion curve on Y over the mediator mass (CLs by default; CLs+b or Feldman–Cousins per config); several configs are drawn on one plot')
      .argument('<fit...>', 'analysis config(s) with a limit section (fits/*-limit.yaml, fits/*-projection.yaml)')
      .option('--workers <n>', 'lanes of the worker pool: this thread + worker threads (default: the cores not busy with other work)')
      .option('--shard <i/N>', 'compute shard i of N of the mass grid and write a partial result to --out (merge with `cevnsfit merge`)')
      .option('--no-overlays', 'do not draw the existing limits and the relic line')
      .option('--bands', 'draw the expected ±1σ/±2σ bands of every curve (default: only when there is one curve)')
      .option('--no-bands', 'draw no expected bands'),
  ).action(async (files: string[], opts: AnalysisOpts) => {
    await runCommand(opts, async () => {
      const sets = parseSets(opts.set);
      const workers = parseWorkers(opts.workers);
      const shard = opts.shard !== undefined ? parseShard(opts.shard) : null;
      if (shard) beginShard(opts, shard, 'limit');
      await withShardFailure(shard, () => runLimit(files, sets, opts, workers, shard));
    });
  });
}

/** The limit curves of `files` (one pool for all), or with `shard` this shard's masses written as a partial. */
async function runLimit(files: readonly string[], sets: ReturnType<typeof parseSets>, opts: AnalysisOpts, workers: number | undefined, shard: ShardSpec | null): Promise<void> {
  const curves: LimitCurve[] = [];
  // Existing limits are drawn in Y for single-mediator families (α_D and m_A′/m_χ fixed); other families have none.
  const signals: Array<OverlayBenchmark | null> = [];
  const loadedAll = files.map((file) => loadAnalysisConfig(file, sets));
  // Shards: the items are the masses of all configs in order; shard i/N takes every N-th (global index).
  const sizes = loadedAll.map((l) => limitMassGrid(l).length);
  const offsets = { sizes, start: sizes.map((_, k) => sizes.slice(0, k).reduce((x, y) => x + y, 0)), total: sizes.reduce((x, y) => x + y, 0) };
  const mine = shard ? new Set(shardSlice(offsets.total, shard)) : null;
  confirmLargeGrid(opts, 'the limit mass grid', mine?.size ?? offsets.total, SECONDS_PER_POINT.limitMass, workers ?? defaultLanes());
  const slices = sizes.map((n, k) => Array.from({ length: n }, (_, j) => j).filter((j) => !mine || mine.has(offsets.start[k]! + j)));
  const pool = new WorkerPool(); // one set of worker threads for all curves: modules load once per thread
  try {
    for (const [k, loaded] of loadedAll.entries()) {
      const prog = shard ? shardProgress(shard, `${loaded.config.name}: masses`) : progressFor(opts, `${loaded.config.name}: masses`);
      curves.push(await computeLimits(loaded, { pool, ...(workers !== undefined ? { workers } : {}), ...(shard ? { indices: slices[k]! } : {}), onProgress: prog }));
      prog.finish();
      signals.push(overlayBenchmarkOf(loaded.config.signal!));
    }
  } finally {
    await pool.close();
  }
  const jsonCurves = curves.map(limitCurveJson);
  if (!shard) return emitLimit(opts, jsonCurves, signals, opts.overlays !== false);
  writeShardPartial(opts, shard, {
    command: 'limit',
    hashInputs: { command: 'limit', configs: loadedAll.map((l) => l.config) },
    total: offsets.total,
    indices: curves.flatMap((c, k) => c.points.map((_, j) => offsets.start[k]! + slices[k]![j]!)),
    context: { curves: jsonCurves.map(({ points: _p, ...head }) => head), sizes: offsets.sizes, signals, overlays: opts.overlays !== false },
    values: jsonCurves.flatMap((c) => c.points),
  });
}
