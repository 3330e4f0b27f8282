/**
 * `cevnsfit export` (src/analyses/export.ts, src/cli/commands/export.ts): an analysis likelihood as a pyhf
 * workspace.
 *  1. For fits/lar2020-sm.yaml (with its shape systematics) and fits/csi2021-sm.yaml on the expected data
 *     (`data: asimov`, the nominal point), `cevnsfit workspace fit` of the export reproduces `cevnsfit fit`:
 *     parameter values (mapped back to physical units with the metadata) to 1e-6 and −2lnL to 1e-6 after the
 *     documented constant offset (Gaussian normalisations −Σ 2 ln σ of reparametrised priors).
 *  2. The exports validate against pyhf's own JSON schema (vendored, ajv).
 *  3. Away from the fitted point the export is checked against the analysis model itself: expected counts at
 *     α = ±1 of every reparametrised parameter and ±1σ function-sample parameter equal the model's at
 *     θ = θ₀ ± σ (exact for piecewise-linear interpolation, code0), and a `--set` physics point off the prior
 *     mean gives the same −2lnL through pyhf `auxdata`.
 * Needs the installed datasets (lar2020, csi2021) and dist/ (npm test builds it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { assembleHypothesis } from '../../src/analyses/assemble.js';
import { loadAnalysisConfig } from '../../src/analyses/config.js';
import { buildExperiment } from '../../src/analyses/experiments/index.js';
import { exportAnalysis, type AnalysisExportMeta } from '../../src/analyses/export.js';
import type { CompiledModel } from '../../src/stats/model/compiled.js';
import { loadWorkspace } from '../../src/stats/workspace/index.js';
import { InvalidSpecification } from '../../src/util/errors.js';
import { pyhfSchemaErrors } from '../stats/workspace/pyhfSchema.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;
const TOL = 1e-6;

function run(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).not.toMatch(/cevnsfit: /);
  expect(r.status).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** A copy of a shipped config with `data: asimov` (the expected counts at the nominal point). */
function asimovConfig(dir: string, config: string): string {
  const raw = parseYaml(readFileSync(join(root, config), 'utf8')) as Record<string, unknown>;
  const file = join(dir, config.replace(/^fits\//, '').replace(/\.yaml$/, '-asimov.yaml'));
  writeFileSync(file, stringifyYaml({ ...raw, data: 'asimov' }));
  return file;
}

/** Physical value of a source parameter from the workspace fit, using the export metadata. */
function physical(meta: AnalysisExportMeta, name: string, ws: Map<string, number>): number | 'absent' {
  const r = meta.reparametrised.find((p) => p.name === name);
  if (r) return r.mean + r.sigma * ws.get(name)!;
  for (const f of meta.function_samples) {
    const p = f.parameters.find((q) => q.name === name);
    if (p?.treatment === 'histosys') return p.nominal + p.sigma! * ws.get(name)!;
    if (p?.treatment === 'fixed') return 'absent';
  }
  return ws.get(name)!;
}

const CASES = [
  // lar2020-sm: shape systematics (histosys) and Gaussian-prior normalisations (→ histosys in α).
  { config: 'fits/lar2020-sm.yaml', sets: [] as string[], fix: [] as string[] },
  // csi2021-sm: the CEvNS function sample (quenching, efficiency: ±1σ histosys; R_n fixed in the config). Its free,
  // prior-less timing offset has no pyhf form, so it is fixed in both fits.
  { config: 'fits/csi2021-sm.yaml', sets: ['parameters.t_offset_us.fixed=true'], fix: [] as string[] },
];

describe('export: workspace fit reproduces the analysis fit on the expected model', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-export-'));
  it.each(CASES)('$config', ({ config, sets }) => {
    const cfg = asimovConfig(dir, config);
    const setArgs = sets.flatMap((s) => ['--set', s]);
    const fitRes = run(['fit', cfg, '--json', ...setArgs]) as { twice_nll: number; status: { converged: boolean }; parameters: Record<string, { value: number; error: number | null }> };
    const out = join(dir, config.replace(/^fits\//, '').replace(/\.yaml$/, '.json'));
    const ex = run(['export', cfg, '--out', out, '--json', ...setArgs]) as { workspace_file: string; meta_file: string };
    expect(ex.workspace_file).toBe(out);
    const workspace = JSON.parse(readFileSync(out, 'utf8')) as unknown;
    const meta = JSON.parse(readFileSync(ex.meta_file, 'utf8')) as AnalysisExportMeta;
    expect(pyhfSchemaErrors(workspace)).toBeNull();
    const wsRes = run(['workspace', 'fit', out, '--json']) as { twice_nll: number; status: { converged: boolean }; parameters: { name: string; value: number }[] };
    expect(fitRes.status.converged).toBe(true);
    expect(wsRes.status.converged).toBe(true);
    const wsValues = new Map(wsRes.parameters.map((p) => [p.name, p.value]));
    let compared = 0;
    for (const [name, v] of Object.entries(fitRes.parameters)) {
      const x = physical(meta, name, wsValues);
      if (x === 'absent') {
        expect(v.error).toBeNull(); // fixed in the analysis fit as well
        continue;
      }
      expect(Math.abs(x - v.value), name).toBeLessThanOrEqual(TOL);
      compared++;
    }
    expect(compared).toBe(wsRes.parameters.length);
    expect(Math.abs(wsRes.twice_nll - meta.twice_nll_offset - fitRes.twice_nll)).toBeLessThanOrEqual(TOL);
  });
});

/** Expected counts per channel name. */
function expectedByChannel(model: CompiledModel, values: Record<string, number>): Map<string, Float64Array> {
  const out = new Float64Array(model.nBins);
  model.expected(model.params.vector(values), out);
  return new Map(model.channels.map((c) => [c.name, out.slice(c.offset, c.offset + c.nBins)]));
}

function expectSameCounts(a: Map<string, Float64Array>, b: Map<string, Float64Array>, what: string): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [ch, x] of a) {
    const y = b.get(ch)!;
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(1e-12, Math.abs(y[i]!)));
    expect(worst, `${what}, channel ${ch}`).toBeLessThan(1e-9);
  }
}

describe('export: the workspace against the analysis model away from the nominal point', { timeout: 120_000 }, () => {
  const CODE0 = { normsys: 'code1', histosys: 'code0' } as const;

  it.each(['fits/lar2020-sm.yaml', 'fits/csi2021-sm.yaml'])('%s: α = ±1 ↔ θ₀ ± σ for every mapped parameter', async (config) => {
    const loaded = loadAnalysisConfig(join(root, config));
    const exp = await buildExperiment(loaded.config);
    const e = exportAnalysis(exp, 'sm', { fixFunctionParameters: config.includes('csi2021') ? ['t_offset_us'] : [] });
    const ws = loadWorkspace(e.workspace, { interpolation: CODE0 });
    const ours = assembleHypothesis(exp, 'sm').model;
    expectSameCounts(expectedByChannel(ws.model, {}), expectedByChannel(ours, {}), 'nominal');
    const mapped: { name: string; nominal: number; sigma: number }[] = [
      ...e.meta.reparametrised.map((r) => ({ name: r.name, nominal: r.mean, sigma: r.sigma })),
      ...e.meta.function_samples.flatMap((f) => f.parameters.filter((p) => p.treatment === 'histosys').map((p) => ({ name: p.name, nominal: p.nominal, sigma: p.sigma! }))),
    ];
    expect(mapped.length).toBeGreaterThanOrEqual(3);
    for (const m of mapped) {
      for (const s of [-1, 1]) {
        expectSameCounts(expectedByChannel(ws.model, { [m.name]: s }), expectedByChannel(ours, { [m.name]: m.nominal + s * m.sigma }), `${m.name} at ${s}σ`);
      }
    }
  });

  it('csi2021-sm at --set qf_mode0=0.5 (off the prior mean 0): the prior is carried by pyhf auxdata', async () => {
    const loaded = loadAnalysisConfig(join(root, 'fits/csi2021-sm.yaml'), new Map([['qf_mode0', 0.5]]));
    const exp = await buildExperiment(loaded.config);
    const e = exportAnalysis(exp, 'sm', { parameterSets: loaded.parameterSets, fixFunctionParameters: ['t_offset_us'] });
    expect(e.meta.parameter_sets).toEqual({ qf_mode0: 0.5 });
    const cfg = e.workspace.measurements[0]!.config.parameters.find((p) => p.name === 'qf_mode0')!;
    expect(cfg.auxdata).toEqual([-0.5]);
    const ws = loadWorkspace(e.workspace, { interpolation: CODE0 });
    const a = assembleHypothesis(exp, 'sm', { parameterSets: loaded.parameterSets });
    for (const alpha of [-1, 0, 1]) {
      const ref = a.model.twiceNll(a.model.params.vector({ qf_mode0: 0.5 + alpha, cevns_norm: 0.9 }), a.data);
      const got = ws.model.twiceNll(ws.model.params.vector({ qf_mode0: alpha, cevns_norm: 0.9 }), ws.data);
      expect(Math.abs(got - e.meta.twice_nll_offset - ref)).toBeLessThan(1e-8 * Math.abs(ref));
    }
  });

  it('a free function-sample parameter without a prior is refused, naming it and the way out', async () => {
    const exp = await buildExperiment(loadAnalysisConfig(join(root, 'fits/csi2021-sm.yaml')).config);
    let err: unknown = null;
    try {
      exportAnalysis(exp, 'sm');
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(InvalidSpecification);
    expect((err as InvalidSpecification).path).toBe('parameters.t_offset_us');
    expect((err as Error).message).toContain('--fix t_offset_us');
    expect(() => exportAnalysis(exp, 'sm', { fixFunctionParameters: ['nope'] })).toThrow(/'nope' is not a function-sample parameter/);
  });
});

describe('export CLI: outputs', { timeout: 60_000 }, () => {
  it('--out DIR writes workspace.json, workspace.meta.json and result.json; no --out is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-export-dir-'));
    const r = run(['export', 'fits/lar2020-sm.yaml', '--out', dir, '--json']);
    for (const f of ['workspace.json', 'workspace.meta.json', 'result.json']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect({ ...JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')), provenance: undefined }).toEqual(r);
    expect(r.poi).toBe('cevns_norm');
    const meta = JSON.parse(readFileSync(join(dir, 'workspace.meta.json'), 'utf8')) as AnalysisExportMeta;
    expect(meta.format).toBe('cevnsfit-pyhf-export');
    expect(meta.interpolation.pyhf_modifier_settings.histosys.interpcode).toBe('code0');
    const bad = spawnSync(process.execPath, [cli, 'export', 'fits/lar2020-sm.yaml', '--json'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/^--out: /);
  });
});
