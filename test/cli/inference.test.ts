/**
 * `impacts`, `gof`, `compatibility` and the additions to `fit` as CLI commands: JSON contracts (keys named in issue 17),
 * consistency with `fit`, determinism across worker counts, and bad input (clear error naming the option, exit
 * non-zero, nothing written). Runs the compiled CLI (dist/, built by `npm test` before vitest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResultJson } from '../../src/analyses/results.js';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../scripts/cli-path.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = CLI;

function run(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** stdout must be exactly one JSON object; a result passes the guard of its contract (src/analyses/results.ts). */
function oneJson(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  const obj = JSON.parse(lines[0]!) as Record<string, unknown>;
  if (typeof obj.command === 'string') parseResultJson(obj, 'stdout');
  return obj;
}

interface Impact {
  name: string;
  pull: number | null;
  constraint: number | null;
  prefit: [number, number] | null;
  postfit: [number, number];
  covariance_estimate: number;
}

describe('inference commands (needs dist/)', { timeout: 300_000 }, () => {
  it('impacts --json on csi2021-sm: contract keys, total = the fit\'s Hessian error, stat ⊕ groups ≈ total, ranking figure', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cevnsfit-impacts-')), 'o');
    const r = oneJson(run(['impacts', 'fits/csi2021-sm.yaml', '--json', '--out', out]).stdout) as { impacts: Impact[]; groups: Array<{ name: string; impact: number }>; stat_only: number; total: number; poi: string };
    expect(r.poi).toBe('cevns_norm');
    expect(r.impacts.length).toBe(7);
    for (const i of r.impacts) {
      expect(typeof i.name).toBe('string');
      expect(i.postfit).toHaveLength(2);
      // Signs: the two post-fit shifts go in opposite directions, and the covariance estimate matches their size.
      expect(Math.sign(i.postfit[0])).toBe(-Math.sign(i.postfit[1]));
      expect(Math.abs(i.covariance_estimate)).toBeGreaterThan(0.5 * Math.min(Math.abs(i.postfit[0]), Math.abs(i.postfit[1])));
      expect(Math.abs(i.covariance_estimate)).toBeLessThan(2 * Math.max(Math.abs(i.postfit[0]), Math.abs(i.postfit[1])));
    }
    // ss_norm and t_offset_us are unconstrained: no pull, no pre-fit impact.
    const ss = r.impacts.find((i) => i.name === 'ss_norm')!;
    expect(ss.pull).toBeNull();
    expect(ss.prefit).toBeNull();
    const eff = r.impacts.find((i) => i.name === 'eff')!;
    expect(eff.pull).not.toBeNull();
    expect(eff.prefit).toHaveLength(2);
    expect(r.groups.map((g) => g.name).sort()).toEqual(['BRN/NIN', 'efficiency', 'quenching', 'steady state', 'timing']);
    const sum2 = r.stat_only ** 2 + r.groups.reduce((a, g) => a + g.impact ** 2, 0);
    expect(Math.abs(sum2 - r.total ** 2) / r.total ** 2).toBeLessThan(0.02);
    const fit = oneJson(run(['fit', 'fits/csi2021-sm.yaml', '--json']).stdout) as { parameters: Record<string, { error: number }> };
    expect(r.total).toBeCloseTo(fit.parameters.cevns_norm!.error, 6);
    expect(readFileSync(join(out, 'ranking.svg'), 'utf8')).toContain('<svg');
  });

  it('fit --json keeps its keys and adds yield tables, the correlation matrix and the POI interval', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cevnsfit-fitx-')), 'o');
    const r = oneJson(run(['fit', 'fits/csi2021-sm.yaml', '--json', '--out', out]).stdout) as Record<string, any>;
    for (const k of ['status', 'twice_nll', 'parameters', 'yields', 'observed', 'gof']) expect(r[k]).toBeDefined();
    const post = r.yield_tables.postfit as Array<{ channel: string; samples: Array<{ sample: string; value: number; error: number }>; total: { value: number }; observed: number }>;
    const coin = post.find((c) => c.channel === 'coincidence')!;
    // The post-fit CEvNS row is the fit's yield (same definition, same covariance).
    expect(coin.samples.find((s) => s.sample === 'cevns')!.value).toBeCloseTo(r.yields.cevns.value, 6);
    expect(coin.samples.find((s) => s.sample === 'cevns')!.error).toBeCloseTo(r.yields.cevns.error, 6);
    expect(coin.observed).toBe(r.observed);
    const pre = (r.yield_tables.prefit as typeof post).find((c) => c.channel === 'coincidence')!;
    expect(pre.samples.find((s) => s.sample === 'brn')!.value).toBeCloseTo(18.4, 1); // the prior's 18.4 events
    expect(pre.samples.find((s) => s.sample === 'brn')!.error).toBeCloseTo(4.6, 1); // ± 4.6
    const c = r.correlation as { parameters: string[]; matrix: number[][] };
    expect(c.parameters).toContain('cevns_norm');
    c.matrix.forEach((row, i) => {
      expect(row[i]).toBeCloseTo(1, 10);
      row.forEach((v, j) => expect(v).toBeCloseTo(c.matrix[j]![i]!, 10));
    });
    const p = r.poi_interval as { name: string; lower: number; upper: number; error: number; lower_valid: boolean; upper_valid: boolean };
    expect(p.name).toBe('cevns_norm');
    expect(p.lower_valid && p.upper_valid).toBe(true);
    expect(p.lower).toBeLessThan(0);
    expect(p.upper).toBeGreaterThan(0);
    // Profile interval ≈ Hessian error (the likelihood is nearly Gaussian in cevns_norm here), within 10 %.
    expect(Math.abs(-p.lower - p.error) / p.error).toBeLessThan(0.1);
    expect(Math.abs(p.upper - p.error) / p.error).toBeLessThan(0.1);
    expect(existsSync(join(out, 'correlation.svg'))).toBe(true);
  });

  it('gof --json: contract keys; the same toys with 1 and 2 workers', () => {
    const a = oneJson(run(['gof', 'fits/csi2021-sm.yaml', '--toys', '12', '--seed', '5', '--workers', '1', '--json']).stdout) as Record<string, any>;
    for (const k of ['statistic', 'p_value', 'n_toys', 'per_channel']) expect(a[k]).toBeDefined();
    expect(a.n_toys).toBe(12);
    expect(a.per_channel.map((c: { name: string }) => c.name)).toEqual(['coincidence', 'anticoincidence']);
    const fit = oneJson(run(['fit', 'fits/csi2021-sm.yaml', '--json']).stdout) as { gof: { chi2: number } };
    expect(a.statistic).toBeCloseTo(fit.gof.chi2, 4); // the same Baker–Cousins χ² as `fit` reports
    const b = oneJson(run(['gof', 'fits/csi2021-sm.yaml', '--toys', '12', '--seed', '5', '--workers', '2', '--json']).stdout) as Record<string, any>;
    expect(b.toy_statistics).toEqual(a.toy_statistics);
    expect(b.p_value).toBe(a.p_value);
  });

  it('bad input: gof --toys 0, impacts without nuisances, compatibility on a single experiment — clear error, exit ≠ 0, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-bad-'));
    const out = join(dir, 'o');
    const g = run(['gof', 'fits/csi2021-sm.yaml', '--toys', '0', '--out', out]);
    expect(g.status).not.toBe(0);
    expect(g.stderr).toMatch(/--toys.*positive integer/);
    expect(existsSync(out)).toBe(false);
    const gj = run(['gof', 'fits/csi2021-sm.yaml', '--toys', '0', '--json']);
    expect((oneJson(gj.stdout).error as { message: string }).message).toMatch(/--toys/);

    // csi2021-sm with every nuisance fixed: only the POI is free.
    const text = readFileSync(join(root, 'fits/csi2021-sm.yaml'), 'utf8').replace(/^parameters:[\s\S]*$/m, [
      'parameters:',
      ...['qf_mode0', 'qf_mode1', 'eff', 'brn_norm', 'nin_norm', 'ss_norm'].map((n) => `  ${n}: { fixed: true }`),
    ].join('\n') + '\n');
    const cfg = join(dir, 'no-nuisances.yaml');
    writeFileSync(cfg, text);
    const i = run(['impacts', cfg, '--out', out]);
    expect(i.status).not.toBe(0);
    expect(i.stderr).toMatch(/parameters: .*no free nuisance parameter/);
    expect(existsSync(out)).toBe(false);

    const c = run(['compatibility', 'fits/csi2021-sm.yaml', '--out', out]);
    expect(c.status).not.toBe(0);
    expect(c.stderr).toMatch(/experiment: compatibility needs an experiment: combination config/);
    expect(existsSync(out)).toBe(false);
  });

  it('config schema: parameter groups need schemaVersion 1.1.0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cevnsfit-schema-'));
    const cfg = join(dir, 'old.yaml');
    writeFileSync(cfg, readFileSync(join(root, 'fits/csi2021-sm.yaml'), 'utf8').replace('schemaVersion: 1.1.0', 'schemaVersion: 1.0.0'));
    const r = run(['fit', cfg]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/parameters\.\w+\.group: .*schemaVersion: 1\.1\.0/);
  });
});
