import type { Command } from 'commander';
import { join } from 'node:path';
import { writeFileAtomic, toJsonStrict } from '../util/atomic.js';
import { CevnsfitError, InvalidSpecification } from '../util/errors.js';
import { parseFormats, writeFigures, type Figure } from '../plot/render.js';
import { DEFAULT_FIGURE_SIZE, FIGURE_SIZES, type FigureSize } from '../plot/style.js';
import { hepdataTables, writeHepData } from '../publish/hepdata.js';

/** Options every cevnsfit command accepts. */
export interface CommonOptions {
  json?: boolean;
  out?: string;
  set?: string[];
  /** Figure formats with --out: comma-separated svg, png, pdf, vega (default svg). */
  format?: string;
  /** Figure size with --out: single (one journal column) or double (page width). */
  figureSize?: string;
  /** Limit figures: expected ±1σ/±2σ bands for every curve (true), none (false), single curves only (undefined). */
  bands?: boolean;
}

/** Figure options of a command from --figure-size (and --bands where the command has it). */
export function figureOptions(opts: CommonOptions): { size: FigureSize; bands?: boolean } {
  const size = (opts.figureSize ?? DEFAULT_FIGURE_SIZE).trim().toLowerCase();
  if (!(FIGURE_SIZES as readonly string[]).includes(size)) throw new InvalidSpecification(`expected ${FIGURE_SIZES.join(' or ')}, got "${opts.figureSize}"`, '--figure-size');
  return { size: size as FigureSize, ...(opts.bands !== undefined ? { bands: opts.bands } : {}) };
}

/** Add --json, --out DIR and --set name=value (repeatable) to a command. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print exactly one JSON object on stdout (nothing else)')
    .option('--out <dir>', 'directory for result files and plots (written atomically)')
    .option('--format <list>', 'figure formats written with --out: comma-separated svg, png, pdf, vega (Vega JSON spec)', 'svg')
    .option('--figure-size <size>', 'figure size with --out: single (one journal column, 3.4 in wide) or double (7 in)', DEFAULT_FIGURE_SIZE)
    .option(
      '--set <name=value>',
      'override a parameter or setting (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
      [] as string[],
    );
}

/** Parse `--set` entries into a map; values that parse as finite numbers become numbers, `true`/`false` booleans. */
export function parseSets(sets: string[] | undefined): Map<string, string | number | boolean> {
  const out = new Map<string, string | number | boolean>();
  for (const s of sets ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new InvalidSpecification(`expected name=value, got "${s}"`, '--set');
    const name = s.slice(0, eq).trim();
    const raw = s.slice(eq + 1).trim();
    let value: string | number | boolean = raw;
    if (raw === 'true') value = true;
    else if (raw === 'false') value = false;
    else if (raw !== '' && Number.isFinite(Number(raw))) value = Number(raw);
    out.set(name, value);
  }
  return out;
}

/**
 * With --out: the figures in the --format formats (default SVG) and, for results that have tables, DIR/hepdata/
 * (submission.yaml + one table per result). `result` is the object the command prints with --json.
 */
export async function writeOutputs(opts: CommonOptions, figures: Readonly<Record<string, Figure>>, result?: Record<string, unknown>): Promise<void> {
  if (!opts.out) return;
  await writeFigures(opts.out, figures, parseFormats(opts.format));
  if (!result) return;
  const tables = hepdataTables(result);
  if (tables.length) writeHepData(join(opts.out, 'hepdata'), tables, `cevnsfit ${String(result.command)} ${String(result.config ?? '')}: tables written by cevnsfit from result.json of the same directory.`);
}

/** Human output goes to stdout only without --json; with --json it goes to stderr so stdout holds one JSON object. */
export function makeReporter(opts: CommonOptions): { info: (msg: string) => void; result: (obj: object, human: () => string) => void } {
  return {
    info(msg: string) {
      if (opts.json) process.stderr.write(msg + '\n');
      else process.stdout.write(msg + '\n');
    },
    result(obj: object, human: () => string) {
      if (opts.out) writeFileAtomic(join(opts.out, 'result.json'), toJsonStrict(obj) + '\n');
      if (opts.json) process.stdout.write(toJsonStrict(obj, 0) + '\n');
      else process.stdout.write(human() + '\n');
    },
  };
}

/** Run a command body; errors become a clear message (and a JSON error object with --json) and exit code 1 or 2. */
export async function runCommand(opts: CommonOptions, body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    const known = e instanceof CevnsfitError;
    const msg = e instanceof Error ? e.message : String(e);
    if (opts.json) process.stdout.write(JSON.stringify({ error: { type: known ? (e as Error).name : 'InternalError', message: msg } }) + '\n');
    process.stderr.write(`cevnsfit: ${msg}\n`);
    if (!known && e instanceof Error && e.stack && process.env.CEVNSFIT_DEBUG) process.stderr.write(e.stack + '\n');
    process.exitCode = known ? 1 : 2;
  }
}

/** A number for text output: 4 significant digits, exponential outside [1e-3, 1e5); — for null, undefined, NaN. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(digits - 1) : x.toPrecision(digits);
}

/** Aligned text table (first column left, the others right). */
export function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ')).join('\n');
}
