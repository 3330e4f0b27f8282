import '../../node/host.js'; // the Node host with the installed datasets (src/analyses/datasource.ts)
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { makeReporter, parseSets, runCommand, withCommonOptions, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { loadAnalysisConfig } from '../../analyses/config.js';
import { buildExperiment } from '../../analyses/experiments/index.js';
import { assembleHypothesis } from '../../analyses/assemble.js';
import type { ValidateResultJson } from '../../analyses/results.js';
import { coverageStreams, q0WilksCalibration, upperLimitCoverage, type CoverageRow, type WilksRow } from '../../stats/infer/coverage.js';

interface ValidateOpts extends CommonOptions {
  toys: string;
  wilksToys: string;
  seed: string;
  masses: string;
  muTrue?: string;
  fits?: string;
}

function positiveInt(v: string, key: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidSpecification(`expected a positive integer, got "${v}"`, key);
  return n;
}

/** A validation check and whether it passed. */
interface Check {
  readonly name: string;
  readonly passed: boolean;
}

const pct = (x: number) => (100 * x).toFixed(1);

function table(rows: CoverageRow[], wilks: WilksRow[]): string {
  const lines = ["method  mass_MeV  mu_true   signal_events  toys  failed  retried  coverage (%)     pull"];
  for (const r of rows) {
    lines.push(
      `${r.method.padEnd(7)} ${String(r.mass_MeV).padStart(8)}  ${r.mu_true.toPrecision(3).padStart(8)}  ${r.signal_events.toFixed(1).padStart(13)}  ${String(r.toys).padStart(4)}  ${String(r.failed).padStart(6)}  ${String(r.retried).padStart(7)}  ${`${pct(r.coverage.fraction)} ± ${pct(r.coverage.error)}`.padEnd(15)}  ${r.pull.toFixed(2).padStart(5)}`,
    );
  }
  if (wilks.length === 0) return lines.join('\n');
  lines.push('', 'Wilks: q0 of LAr-2020 CEvNS, background-only toys');
  lines.push('threshold  toys  failed  P(q0 > c) (%)   asymptotic Q(√c) (%)   pull');
  for (const w of wilks) {
    lines.push(`${w.threshold.toFixed(3).padStart(9)}  ${String(w.toys).padStart(4)}  ${String(w.failed).padStart(6)}  ${`${pct(w.fraction.fraction)} ± ${pct(w.fraction.error)}`.padEnd(14)}  ${pct(w.asymptotic).padStart(20)}  ${w.pull.toFixed(2).padStart(5)}`);
  }
  return lines.join('\n');
}

/** Register `cevnsfit validate`: toy coverage of the DM upper limits and Wilks calibration of q0. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('validate')
      .description('coverage of 90 % CL upper limits (CLs+b, FC, CLs) on the CsI-2017 DM model and Wilks calibration of q0 (LAr-2020), by seeded toys')
      .option('--toys <n>', 'coverage toys per mass (the FC reference ensemble has as many again)', '2000')
      .option('--wilks-toys <n>', 'background-only toys for the q0 calibration (0: skip it)', '4000')
      .option('--seed <n>', 'seed of the toy streams', '20261130')
      .option('--masses <list>', "comma-separated m_A' values (MeV)", '30,75,138')
      .option('--mu-true <x>', 'true signal strength mu_dm of the coverage toys (default: the median expected CLs limit at each mass)')
      .option('--fits <dir>', 'directory of the analysis configs (default: the package fits/)'),
  ).action(async (opts: ValidateOpts) => {
    await runCommand(opts, async () => {
      const rep = makeReporter(opts);
      const start = performance.now();
      const nToys = positiveInt(opts.toys, '--toys');
      const nWilks = opts.wilksToys === '0' ? 0 : positiveInt(opts.wilksToys, '--wilks-toys');
      const muTrue = opts.muTrue === undefined ? undefined : Number(opts.muTrue);
      if (muTrue !== undefined && !(muTrue > 0 && Number.isFinite(muTrue))) throw new InvalidSpecification(`expected a positive number, got "${opts.muTrue}"`, '--mu-true');
      const seed = Number(opts.seed);
      if (!Number.isSafeInteger(seed)) throw new InvalidSpecification(`expected an integer seed, got "${opts.seed}"`, '--seed');
      const masses = opts.masses.split(',').map((s) => Number(s.trim()));
      if (masses.some((m) => !(m > 0 && Number.isFinite(m)))) throw new InvalidSpecification(`expected positive masses in MeV, got "${opts.masses}"`, '--masses');
      const fitsDir = opts.fits ?? fileURLToPath(new URL('../../../fits/', import.meta.url));
      const sets = parseSets(opts.set);

      const csi = loadAnalysisConfig(`${fitsDir}/csi2017-dm.yaml`, sets);
      const csiExp = await buildExperiment(csi.config);
      const coverage: CoverageRow[] = [];
      let offset = 0;
      for (const m of masses) {
        rep.info(`coverage at m_A' = ${m} MeV (${nToys} toys + ${nToys} FC reference toys)`);
        const a = assembleHypothesis(csiExp, 'dm', { massMeV: m, parameterSets: csi.parameterSets });
        const o = { nToys, seed, streamOffset: offset, ...(muTrue !== undefined ? { muTrue } : {}) };
        coverage.push(...upperLimitCoverage(a.model, a.data, m, o));
        offset += coverageStreams(o);
      }

      let wilks: WilksRow[] = [];
      if (nWilks > 0) {
        rep.info(`Wilks calibration of q0 on LAr-2020 (${nWilks} toys)`);
        const lar = loadAnalysisConfig(`${fitsDir}/lar2020-sm.yaml`);
        const larExp = await buildExperiment(lar.config);
        const smPoi = larExp.background.smPoi;
        if (!smPoi) throw new InvalidSpecification('LAr-2020 has no free CEvNS normalisation', 'lar2020-sm.yaml');
        const base = assembleHypothesis(larExp, 'sm', { poi: smPoi });
        wilks = q0WilksCalibration(base.model, base.data, { nToys: nWilks, seed, streamOffset: offset });
      }

      const checks: Check[] = [];
      for (const r of coverage) {
        if (r.method === 'CLs') checks.push({ name: `CLs over-covers at ${r.mass_MeV} MeV (pull > 2)`, passed: r.pull > 2 });
        // Asymptotic CL_{s+b} is measured and reported, not required to cover: its shortfall at small signals is a
        // property of the asymptotic formulas (docs/validation.md), the toy-calibrated CL_{s+b} is the requirement.
        else if (r.method !== 'CLs+b') checks.push({ name: `${r.method} covers within 2σ of 90 % at ${r.mass_MeV} MeV`, passed: Math.abs(r.pull) <= 2 });
        // Dropped toys can move the coverage by at most their fraction: keep it below 1 %.
        checks.push({ name: `failed toys < 1 % (${r.method}, ${r.mass_MeV} MeV)`, passed: r.failed < 0.01 * r.toys });
        if (!r.valid) checks.push({ name: `set-up fits converged (${r.method}, ${r.mass_MeV} MeV): ${r.messages.join('; ')}`, passed: false });
      }
      for (const w of wilks) checks.push({ name: `Wilks: failed toys < 1 % (c = ${w.threshold.toFixed(3)})`, passed: w.failed < 0.01 * w.toys });
      const runtime = (performance.now() - start) / 1000;
      const passed = checks.every((c) => c.passed);
      const result = {
        command: 'validate',
        seed,
        cl: 0.9,
        coverage,
        wilks,
        checks,
        passed,
        runtime_s: runtime,
      } satisfies ValidateResultJson;
      rep.result(result, () =>
        [table(coverage, wilks), '', ...checks.map((c) => `${c.passed ? 'ok  ' : 'FAIL'} ${c.name}`), '', `runtime ${runtime.toFixed(1)} s; ${passed ? 'all checks passed' : 'SOME CHECKS FAILED'}`].join('\n'),
        { unhealthy: checks.filter((c) => !c.passed).map((c) => `check failed: ${c.name}`) },
      );
    });
  });
}
