import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments, parse } from 'yaml';
import { Ajv, type ValidateFunction } from 'ajv';
import { hepdataTables, massYTables, writeHepData } from '../../src/publish/hepdata.js';
import { expectResult } from '../../src/analyses/results.js';
import { CLI } from '../../scripts/cli-path.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaDir = join(root, 'test/fixtures/hepdata-schemas');
const cli = CLI;

const load = (f: string) => JSON.parse(readFileSync(join(schemaDir, f), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(load('additional_resources_schema.json'));
const submissionSchema = ajv.compile(load('submission_schema.json'));
const additionalInfoSchema = ajv.compile(load('additional_info_schema.json'));
const dataSchema = ajv.compile(load('data_schema.json'));

function check(v: ValidateFunction, doc: unknown, where: string, errors: string[]): void {
  if (!v(doc)) errors.push(`${where}: ${ajv.errorsText(v.errors)}`);
}

/**
 * Validate a HEPData submission folder the way hepdata-validator does: the first document of submission.yaml
 * without data_file against the additional-info schema, every table document against the submission schema,
 * unique table names, each data file present and valid against the data schema, and (HEPData's table rule)
 * every variable with as many values as the independent variables.
 */
function validateSubmission(dir: string): { errors: string[]; tables: Array<{ name: string; data: Record<string, unknown> }> } {
  const errors: string[] = [];
  const tables: Array<{ name: string; data: Record<string, unknown> }> = [];
  const docs = parseAllDocuments(readFileSync(join(dir, 'submission.yaml'), 'utf8')).map((d) => d.toJSON() as Record<string, unknown> | null);
  const names = new Set<string>();
  docs.forEach((doc, i) => {
    if (!doc) return;
    if (i === 0 && !('data_file' in doc)) return check(additionalInfoSchema, doc, 'submission.yaml document 1', errors);
    check(submissionSchema, doc, `submission.yaml document ${i + 1}`, errors);
    const name = String(doc.name);
    if (names.has(name)) errors.push(`duplicate table name ${name}`);
    names.add(name);
    const file = join(dir, String(doc.data_file));
    if (!existsSync(file)) return void errors.push(`missing data file ${String(doc.data_file)}`);
    const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    check(dataSchema, data, String(doc.data_file), errors);
    const iv = (data.independent_variables ?? []) as Array<{ values: unknown[] }>;
    const dv = (data.dependent_variables ?? []) as Array<{ values: unknown[] }>;
    const n = iv[0]?.values.length;
    for (const v of [...iv, ...dv]) if (v.values.length !== n) errors.push(`${String(doc.data_file)}: variables of different lengths`);
    tables.push({ name, data });
  });
  if (tables.length === 0) errors.push('no table');
  return { errors, tables };
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('HEPData submission (validated against the vendored hepdata-validator 1.1.1 schemas)', () => {
  it('limit --out: mass independent, observed and expected Y with ±1σ/±2σ errors and CL/method qualifiers', () => {
    const out = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
    const r = run(['limit', 'fits/csi2017-dm-limit.yaml', '--set', 'limit.mass_MeV=[10,75,138]', '--workers', '1', '--json', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { curves: Array<{ points: Array<{ mass: number; y_obs: number; y_exp: number[] }> }> };
    const { errors, tables } = validateSubmission(join(out, 'hepdata'));
    expect(errors).toEqual([]);
    expect(tables).toHaveLength(1);
    const d = tables[0]!.data as { independent_variables: Array<{ header: { name: string; units: string }; values: Array<{ value: number }> }>; dependent_variables: Array<{ header: { name: string }; qualifiers?: Array<{ name: string; value: string }>; values: Array<{ value: number; errors?: Array<{ asymerror: { minus: number; plus: number }; label: string }> }> }> };
    expect(d.independent_variables[0]!.header).toEqual({ name: "m_A'", units: 'MeV' });
    expect(d.independent_variables[0]!.values.map((v) => v.value)).toEqual([10, 75, 138]);
    const [obs, exp] = d.dependent_variables;
    expect(obs!.qualifiers).toEqual(expect.arrayContaining([{ name: 'CL', value: '90%' }, { name: 'method', value: 'CLS' }]));
    const p = res.curves[0]!.points[1]!;
    expect(obs!.values[1]!.value).toBe(p.y_obs);
    expect(exp!.values[1]!.value).toBe(p.y_exp[2]);
    const [s1, s2] = exp!.values[1]!.errors!;
    expect(s1!.label).toBe('1 sigma');
    expect(p.y_exp[2]! + s1!.asymerror.minus).toBeCloseTo(p.y_exp[1]!, 20);
    expect(p.y_exp[2]! + s2!.asymerror.plus).toBeCloseTo(p.y_exp[4]!, 20);
    expect(s1!.asymerror.minus).toBeLessThan(0);
  }, 240_000);

  it('count, fit and compare --out write valid cut-and-count, fitted-yield and comparison tables', () => {
    const runs: Array<[string[], RegExp[]]> = [
      [['count', 'fits/csi2017-cut-and-count.yaml'], [/^Cut and count/]],
      [['fit', 'fits/lar2020-sm.yaml'], [/^Fitted yields SM/, /^Fitted parameters SM/]],
      [['compare', 'fits/csi2017-dm.yaml'], [/^Hypothesis comparison/, /^Time projection/]],
    ];
    for (const [args, expected] of runs) {
      const out = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
      const r = run([...args, '--json', '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      // result.json as written is of its kind for the guard the report applies (src/analyses/results.ts)
      expectResult(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')), 'result.json', args[0] as 'count' | 'fit' | 'compare');
      const { errors, tables } = validateSubmission(join(out, 'hepdata'));
      expect(errors, args.join(' ')).toEqual([]);
      for (const re of expected) expect(tables.some((t) => re.test(t.name)), `${args.join(' ')}: ${re}`).toBe(true);
    }
  }, 240_000);

  it('writes allowed regions (Δ(−2lnL) grid and the contours) as valid tables', () => {
    const masses = [1, 10, 100];
    const ys = [1e-10, 1e-9, 1e-8];
    const d = [9, 9, 9, 9, 0, 9, 9, 9, null];
    const tables = massYTables('toy', { masses_MeV: masses, Y: ys, delta_twice_nll: d, thresholds: { cl68: 2.3, cl95: 5.99 } });
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
    writeHepData(dir, tables, 'toy');
    const { errors, tables: t } = validateSubmission(dir);
    expect(errors).toEqual([]);
    expect(t.map((x) => x.name)).toEqual(['Delta(-2lnL) grid: toy', 'Allowed region 68.3% CL: toy', 'Allowed region 95% CL: toy']);
    // The failed grid point is written as HEPData's missing value.
    const grid = t[0]!.data as { dependent_variables: Array<{ values: Array<{ value: unknown }> }> };
    expect(grid.dependent_variables[0]!.values[8]!.value).toBe('-');
  });

  it('writes impacts (ranking and breakdown) as valid tables; unconstrained parameters get the missing value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
    const t = hepdataTables({
      command: 'impacts',
      config: 'toy',
      poi: 'mu',
      impacts: [
        { name: 'eff', pull: 0.5, constraint: 0.45, prefit: [0.096, -0.123], postfit: [0.046, -0.05] },
        { name: 'ss_norm', pull: null, constraint: null, prefit: null, postfit: [0.037, -0.036] },
      ],
      groups: [{ name: 'efficiency', impact: 0.048 }, { name: 'steady state', impact: 0.036 }],
      stat_only: 0.081,
      total: 0.101,
    });
    writeHepData(dir, t, 'toy');
    const { errors, tables } = validateSubmission(dir);
    expect(errors).toEqual([]);
    expect(tables.map((x) => x.name)).toEqual(['Nuisance impacts on mu: toy', 'Uncertainty breakdown of mu: toy']);
    const d = tables[0]!.data as { dependent_variables: Array<{ values: Array<{ value: unknown }> }> };
    expect(d.dependent_variables[0]!.values.map((v) => v.value)).toEqual([0.5, '-']);
    const b = tables[1]!.data as { dependent_variables: Array<{ values: Array<{ value: unknown }> }> };
    expect(b.dependent_variables[0]!.values.map((v) => v.value)).toEqual([0.048, 0.036, 0.081, 0.101]);
  });

  it('writes a 1-D profile scan as a valid table with its intervals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
    const t = hepdataTables({ command: 'scan', config: 'toy', kind: '1d', hypothesis: 'sm', param: 'Rn', values: [4, 5, 6], delta_twice_nll: [1.5, 0, null], intervals: { cl68: [4.2, 5.7], cl95: null } });
    writeHepData(dir, t, 'toy');
    const { errors, tables } = validateSubmission(dir);
    expect(errors).toEqual([]);
    expect(tables[0]!.name).toBe('Profile scan of Rn: toy');
    expect(t[0]!.description).toContain('68.3 % [4.2, 5.7], 95 % none on the grid');
  });

  it('the validation is not vacuous: a table without dependent variables and an over-long name are rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-hep-'));
    writeHepData(dir, massYTables('toy', { masses_MeV: [1, 2], Y: [1, 2], delta_twice_nll: [0, 1, 2, 3], thresholds: { cl68: 2.3, cl95: 5.99 } }), 'toy');
    writeFileSync(join(dir, '01_Delta_-2lnL_grid_toy.yaml'), 'independent_variables: []\n');
    const sub = readFileSync(join(dir, 'submission.yaml'), 'utf8').replace('name: "Delta(-2lnL) grid: toy"', `name: ${'x'.repeat(65)}`);
    writeFileSync(join(dir, 'submission.yaml'), sub);
    const { errors } = validateSubmission(dir);
    expect(errors.some((e) => /dependent_variables/.test(e))).toBe(true);
    expect(errors.some((e) => /64 characters/.test(e))).toBe(true);
  });
});
