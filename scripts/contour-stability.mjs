#!/usr/bin/env node
// Contour stability of the allowed region of `scan --param mass,Y` under grid doubling (issue: the contour must move by
// less than a line width when the grid is doubled). Runs the config's scan grid and the doubled grid (n → 2n − 1 in
// each axis, so the coarse points are a subset), contours both at the 68.3 % and 95 % levels exactly as the figure
// does (src/plot/contour.ts, in log10 m × log10 Y), and reports the largest distance from a coarse contour point to the
// fine contour, in pixels of the figure (src/plot/style.ts SIZES) and in line widths.
//
//   node scripts/contour-stability.mjs [fits/csi2017-dm.yaml]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CLI } from './cli-path.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = CLI;
const config = process.argv[2] ?? 'fits/csi2017-dm.yaml';
const { isoContours } = await import(join(root, 'dist/plot/contour.js'));
const { SIZES } = await import(join(root, 'dist/plot/style.js'));
await import(join(root, 'dist/node/host.js')); // file access and the installed datasets for the library
const { loadAnalysisConfig } = await import(join(root, 'dist/analyses/config.js'));

const cfg = loadAnalysisConfig(join(root, config)).config;
const grid = (g) => ({ ...g, n: 2 * g.n - 1 });
function scan(sets) {
  const r = spawnSync(process.execPath, [cli, 'scan', config, '--param', 'mass,Y', '--json', ...sets.flatMap((s) => ['--set', s])], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}
const fmtGrid = (g) => `{from: ${g.from}, to: ${g.to}, n: ${g.n}, log: true${g.include ? `, include: [${g.include.join(', ')}]` : ''}}`;
const t0 = performance.now();
const coarse = scan([]);
const fine = scan([`scan.mass_MeV=${fmtGrid(grid(cfg.scan.mass_MeV))}`, `scan.Y=${fmtGrid(grid(cfg.scan.Y))}`]);
const seconds = (performance.now() - t0) / 1000;

const lx = (s) => s.masses_MeV.map(Math.log10);
const ly = (s) => s.Y.map(Math.log10);
// Pixels per decade of the figure's axes (domain = the grid's range).
const pxX = SIZES.width / (Math.log10(coarse.masses_MeV.at(-1)) - Math.log10(coarse.masses_MeV[0]));
const pxY = SIZES.height / (Math.log10(coarse.Y.at(-1)) - Math.log10(coarse.Y[0]));
function segDist(p, a, b) {
  const [px, py] = [p[0] * pxX, p[1] * pxY];
  const [ax, ay, bx, by] = [a[0] * pxX, a[1] * pxY, b[0] * pxX, b[1] * pxY];
  const dx = bx - ax;
  const dy = by - ay;
  const t = dx * dx + dy * dy > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy))) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
for (const [name, level] of [['68.3 %', coarse.thresholds.cl68], ['95 %', coarse.thresholds.cl95]]) {
  // Δ(−2lnL) relative to each scan's own best point.
  const c = isoContours(lx(coarse), ly(coarse), coarse.delta_twice_nll, level);
  const f = isoContours(lx(fine), ly(fine), fine.delta_twice_nll, level);
  const segs = f.flatMap((line) => line.slice(1).map((q, i) => [line[i], q]));
  let worst = 0;
  let where = [NaN, NaN];
  let n = 0;
  const ds = [];
  for (const line of c) for (const p of line) {
    let d = Infinity;
    for (const [a, b] of segs) d = Math.min(d, segDist(p, a, b));
    if (d > worst) {
      worst = d;
      where = p;
    }
    ds.push(d);
    n++;
  }
  ds.sort((a, b) => a - b);
  const q = (f) => ds[Math.min(ds.length - 1, Math.floor(f * ds.length))];
  console.log(`${name}: ${c.length} coarse / ${f.length} fine contour pieces, ${n} coarse points; largest distance to the fine contour ${worst.toFixed(2)} px = ${(worst / SIZES.lineWidth).toFixed(2)} line widths (line width ${SIZES.lineWidth} px) at m = ${(10 ** where[0]).toPrecision(3)} MeV, Y = ${(10 ** where[1]).toExponential(2)}; median ${q(0.5).toFixed(2)} px, 90 % of points within ${q(0.9).toFixed(2)} px`);
}
console.log(`grids ${coarse.masses_MeV.length}×${coarse.Y.length} and ${fine.masses_MeV.length}×${fine.Y.length}; best fits ${coarse.best.mass_MeV.toPrecision(4)} / ${fine.best.mass_MeV.toPrecision(4)} MeV; ${seconds.toFixed(1)} s`);
