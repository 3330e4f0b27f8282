/** Text of what `fit` reports beyond the fit itself: pre-/post-fit yield tables, the POI's profile interval, correlations. */
import { fmt, table } from '../common.js';
import type { FitExtras } from '../../analyses/inference.js';

const ve = (v: number, e: number | null): string => (e === null ? fmt(v) : `${fmt(v)} ± ${fmt(e, 3)}`);

export function fitExtrasText(x: FitExtras): string {
  const lines: string[] = [];
  if (x.poi_interval) {
    const p = x.poi_interval;
    const flag = (valid: boolean, atLimit: boolean): string => (atLimit ? ' (at bound)' : valid ? '' : ' (not valid)');
    lines.push('', `${p.name} = ${fmt(p.value)} ${fmt(p.lower, 3)}${flag(p.lower_valid, p.lower_at_limit)} +${fmt(p.upper, 3)}${flag(p.upper_valid, p.upper_at_limit)} (profile likelihood, Δ(−2lnL) = 1; Hessian ± ${fmt(p.error, 3)})`);
  }
  x.yield_tables.postfit.forEach((post, c) => {
    const pre = x.yield_tables.prefit[c]!;
    lines.push(
      '',
      table([
        [`channel ${post.channel}: sample`, 'pre-fit', 'post-fit'],
        ...post.samples.map((s, k) => [s.sample, ve(pre.samples[k]!.value, pre.samples[k]!.error), ve(s.value, s.error)]),
        ['total', ve(pre.total.value, pre.total.error), ve(post.total.value, post.total.error)],
        ['observed', String(post.observed), String(post.observed)],
      ]),
    );
  });
  if (x.correlation) {
    const c = x.correlation;
    lines.push('', 'correlation of the fitted parameters:', table([['', ...c.parameters.map((_, j) => String(j + 1))], ...c.parameters.map((n, i) => [`${i + 1} ${n}`, ...c.matrix[i]!.map((v) => (v === null ? '—' : v.toFixed(2)))])]));
  }
  return lines.join('\n');
}
