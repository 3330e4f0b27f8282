// Golden regression cases: which CLI commands are locked and which of their JSON keys.
// Shared by scripts/golden.mjs (writes test/golden/<name>.json) and test/golden/golden.test.ts (re-runs and compares).
// A path is dot-separated; `*` matches every key of an object or every index of an array.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLI } from '../../scripts/cli-path.mjs';

const execFileP = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export { CLI };
export const GOLDEN_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * Default tolerance: 1e-6 relative. Every command below is deterministic (no toys, explicit seeds, one worker), so
 * the same code gives bit-identical numbers; 1e-6 leaves room only for libm differences between machines and catches
 * any real change. `abs` is a floor for values that are zero or at a bound (relative error is undefined there).
 * Looser tolerances are given per key with the reason.
 */
export const DEFAULT_TOLERANCE = { rel: 1e-6, abs: 1e-12 };

export const CASES = [
  {
    name: 'csi2017-dm-compare',
    args: ['compare', 'fits/csi2017-dm.yaml'],
    paths: [
      'hypotheses.*.twice_nll', 'hypotheses.*.converged', 'hypotheses.*.delta_twice_nll', 'hypotheses.*.extra_dof',
      'hypotheses.*.p_value_sm', 'hypotheses.*.z_vs_sm', 'hypotheses.*.parameters.*', 'hypotheses.*.yields.*.value',
      'hypotheses.dm.dm.mass_MeV', 'hypotheses.dm.dm.Y', 'dm_minus_nsi', 'best_fit.mass_MeV', 'best_fit.Y',
      'best_fit.on_grid_edge',
    ],
  },
  {
    name: 'csi2017-dm-significance',
    args: ['significance', 'fits/csi2017-dm.yaml'],
    paths: ['q0', 'z', 'p0', 'z_expected', 'mu_hat', 'dm.mass_MeV', 'dm.Y_hat', 'valid'],
  },
  {
    name: 'lar2020-sm-fit',
    args: ['fit', 'fits/lar2020-sm.yaml'],
    paths: ['twice_nll', 'status.converged', 'parameters.*.value', 'parameters.*.error', 'parameters.*.minos.*', 'yields.*.value', 'observed', 'gof.chi2', 'gof.n_bins'],
  },
  {
    name: 'lar2020-sm-significance',
    args: ['significance', 'fits/lar2020-sm.yaml'],
    paths: ['q0', 'z', 'p0', 'z_expected', 'mu_hat', 'valid'],
  },
  {
    name: 'csi2021-sm-fit',
    args: ['fit', 'fits/csi2021-sm.yaml'],
    paths: ['twice_nll', 'status.converged', 'parameters.*.value', 'parameters.*.error', 'parameters.*.minos.*', 'yields.*.value', 'observed', 'gof.chi2', 'gof.n_bins'],
  },
  {
    name: 'csi2017-cut-and-count',
    args: ['count', 'fits/csi2017-cut-and-count.yaml'],
    paths: ['observed', 'steady_state', 'delayed_nu', 'prompt_nu', 'brn', 'excess', 'significance', 'significance_profile', 'details.excess_whole_events', 'details.significance_whole_events'],
  },
  {
    name: 'csi2017-dm-limit',
    args: ['limit', 'fits/csi2017-dm-limit.yaml', '--workers', '1', '--set', 'limit.mass_MeV.from=10', '--set', 'limit.mass_MeV.to=100', '--set', 'limit.mass_MeV.n=3'],
    paths: ['cl', 'method', 'points.*.mass', 'points.*.coupling_obs', 'points.*.coupling_exp.*', 'points.*.status'],
  },
  {
    name: 'lar2020-dm-limit',
    args: ['limit', 'fits/lar2020-dm-limit.yaml', '--workers', '1', '--set', 'limit.mass_MeV.from=10', '--set', 'limit.mass_MeV.to=100', '--set', 'limit.mass_MeV.n=3'],
    paths: ['cl', 'method', 'points.*.mass', 'points.*.coupling_obs', 'points.*.coupling_exp.*', 'points.*.status'],
  },
];

/** The command line as a user types it. */
export function commandLine(c) {
  return ['cevnsfit', ...c.args, '--json'].join(' ');
}

/** Run one case with the built CLI; resolves to the parsed JSON object. */
export async function runCase(c) {
  const { stdout } = await execFileP(process.execPath, [CLI, ...c.args, '--json'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout);
}

/** Flatten the selected paths of a result into { 'a.b.0.c': value } (numbers, booleans, strings, null). */
export function select(result, paths) {
  const out = {};
  for (const path of paths) {
    // Under a `*`, a key missing from one element is skipped (e.g. minos only on the parameter of interest).
    const walk = (node, parts, prefix, underStar = false) => {
      if (underStar && (node === undefined || (parts.length > 0 && (node === null || typeof node !== 'object')))) return;
      if (parts.length === 0) {
        if (node === undefined) throw new Error(`golden: path ${prefix.join('.')} is missing from the result`);
        if (node !== null && typeof node === 'object') throw new Error(`golden: path ${prefix.join('.')} is not a leaf value`);
        out[prefix.join('.')] = node;
        return;
      }
      const [head, ...rest] = parts;
      if (node === null || typeof node !== 'object') throw new Error(`golden: path ${[...prefix, head].join('.')} is missing from the result`);
      if (head === '*') {
        for (const k of Object.keys(node)) {
          const v = node[k];
          // `*` over an object of values skips sub-objects when the path ends here (e.g. parameters.* with nested minos).
          if (rest.length === 0 && v !== null && typeof v === 'object') continue;
          walk(v, rest, [...prefix, k], true);
        }
      } else walk(node[head], rest, [...prefix, head], underStar);
    };
    walk(result, path.split('.'), []);
  }
  return out;
}

export function version() {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
}
