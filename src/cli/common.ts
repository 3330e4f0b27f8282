import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, toJsonStrict } from '../util/atomic.js';
import { CevnsfitError, InvalidSpecification } from '../util/errors.js';
import type { Figure } from '../plot/render.js';
import type { ResultHead } from '../analyses/results.js';
import { runProvenance } from '../publish/runinfo.js';
import { activeOutput, OutTransaction, setActiveOutput } from './output.js';

/**
 * Exit codes (docs/cli.md): 0 healthy result; 1 bad input, missing data, refused output, failed write; 2 internal
 * error (a bug); 3 the result was computed and written but the main result is unhealthy (fit not converged,
 * non-finite −2lnL, no limit point ok), or — with --strict — any point of a scan or limit failed.
 */
export const EXIT = { ok: 0, error: 1, internal: 2, unhealthy: 3 } as const;
import { DEFAULT_FIGURE_SIZE, FIGURE_SIZES, type FigureSize } from '../plot/style.js';

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
  /** Replace an --out directory cevnsfit did not write, or wrote for another command or config. */
  force?: boolean;
  /** Exit with code 3 when any point of a scan or limit failed (not only when the main result is unhealthy). */
  strict?: boolean;
  /** Run grids larger than 10⁵ points without asking. */
  yes?: boolean;
}

/**
 * Health of a command's result, given to `reporter.result`: `unhealthy` lists what is wrong with the main result
 * (exit code 3); `failed` counts failed points of a scan or limit (a summary line on stderr; exit code 3 with --strict).
 */
export interface Health {
  readonly unhealthy?: readonly string[];
  readonly failed?: { readonly count: number; readonly total: number; readonly what: string };
}

/** Add --json, --out DIR and --set name=value (repeatable) to a command. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print exactly one JSON object on stdout (nothing else)')
    .option('--out <dir>', 'directory for result.json, plots and HEPData, written as one transaction (docs/cli.md)')
    .option('--force', 'replace an --out directory that cevnsfit did not write, or wrote for another command or config')
    .option('--strict', 'exit with code 3 when any point of a scan or limit failed')
    .option('--yes', 'run a grid of more than 10⁵ points without asking')
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
export async function writeOutputs(opts: CommonOptions, figures: Readonly<Record<string, Figure>>, result?: ResultHead): Promise<void> {
  if (!opts.out) return;
  const { parseFormats, writeFigures } = await import('../plot/render.js');
  await writeFigures(opts.out, figures, parseFormats(opts.format));
  if (!result) return;
  const { hepdataTables, writeHepData } = await import('../publish/hepdata.js');
  const tables = hepdataTables(result);
  if (tables.length) writeHepData(join(opts.out, 'hepdata'), tables, `cevnsfit ${result.command} ${result.config ?? ''}: tables written by cevnsfit from result.json of the same directory.`);
}

let health: { unhealthy: string[]; failed: Array<NonNullable<Health['failed']>> } = { unhealthy: [], failed: [] };
let pendingStdout: string[] = [];

/** Text for the user: paths inside the temporary --out directory are shown as the --out directory. */
export const shownPath = (text: string): string => activeOutput()?.shown(text) ?? text;
const shown = shownPath;

/**
 * Human output goes to stdout only without --json; with --json it goes to stderr so stdout holds one JSON object.
 * `result` writes DIR/result.json (the printed object plus `provenance`) with --out, and prints the result (after the
 * --out directory is committed); `health` sets the exit code (see EXIT).
 */
export function makeReporter(opts: CommonOptions): { info: (msg: string) => void; result: (obj: object, human: () => string, h?: Health) => void } {
  return {
    info(msg: string) {
      if (opts.json) process.stderr.write(shown(msg) + '\n');
      else process.stdout.write(shown(msg) + '\n');
    },
    result(obj: object, human: () => string, h?: Health) {
      if (h?.unhealthy) health.unhealthy.push(...h.unhealthy);
      if (h?.failed) health.failed.push(h.failed);
      if (opts.out) writeFileAtomic(join(opts.out, 'result.json'), shown(toJsonStrict({ ...obj, provenance: runProvenance() })) + '\n');
      const text = shown(opts.json ? toJsonStrict(obj, 0) : human()) + '\n';
      if (activeOutput()) pendingStdout.push(text);
      else process.stdout.write(text);
    },
  };
}

/** Input paths among the arguments (existing files and directories, not the value of --out), for the --out marker. */
function argvInputs(argv: readonly string[]): { command: string; inputs: string[] } {
  const args = argv.slice(2);
  const words: string[] = [];
  const inputs: string[] = [];
  let inCommand = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out') {
      i++;
      continue;
    }
    if (a.startsWith('-')) {
      inCommand = false;
      continue;
    }
    const isPath = existsSync(a);
    if (isPath) inputs.push(a);
    if (inCommand && !isPath) words.push(a);
    else inCommand = false;
  }
  return { command: words.join(' '), inputs };
}

/**
 * Run a command body: the --out transaction (docs/cli.md), errors as a clear message (and a JSON error object with
 * --json), exit codes (EXIT). `out: 'shared'` is for commands whose --out directory is shared by several processes
 * (shards, `submit`): their files are written one by one atomically instead. Every command should run through this.
 */
export async function runCommand(opts: CommonOptions, body: () => Promise<void> | void, meta: { out?: 'transaction' | 'shared' } = {}): Promise<void> {
  let tx: OutTransaction | null = null;
  health = { unhealthy: [], failed: [] };
  pendingStdout = [];
  const shard = (opts as { shard?: unknown }).shard !== undefined;
  try {
    if (opts.out && meta.out !== 'shared' && !shard && !opts.out.toLowerCase().endsWith('.json')) {
      const { command, inputs } = argvInputs(process.argv);
      tx = OutTransaction.begin(opts.out, command, inputs, { force: opts.force === true });
      setActiveOutput(tx);
      opts.out = tx.dir;
    }
    await body();
    if (tx) {
      opts.out = tx.target;
      tx.commit();
      setActiveOutput(null);
    }
    for (const t of pendingStdout) process.stdout.write(t);
    for (const f of health.failed) {
      if (f.count > 0) process.stderr.write(`cevnsfit: ${f.count} of ${f.total} ${f.what} failed${opts.strict ? ' (--strict: exit code 3)' : ''}\n`);
    }
    if (health.unhealthy.length > 0) {
      process.stderr.write(`cevnsfit: unhealthy result: ${health.unhealthy.join('; ')}\n`);
      process.exitCode = EXIT.unhealthy;
    } else if (opts.strict && health.failed.some((f) => f.count > 0)) process.exitCode = EXIT.unhealthy;
  } catch (e) {
    if (tx) {
      tx.abort();
      opts.out = tx.target;
      setActiveOutput(null);
    }
    const known = e instanceof CevnsfitError;
    const msg = (tx ? tx.shown(e instanceof Error ? e.message : String(e)) : e instanceof Error ? e.message : String(e)) + (tx ? ` (${tx.target} is unchanged)` : '');
    if (opts.json) process.stdout.write(JSON.stringify({ error: { type: known ? (e as Error).name : 'InternalError', message: msg } }) + '\n');
    process.stderr.write(`cevnsfit: ${msg}\n`);
    if (!known && e instanceof Error && e.stack && process.env.CEVNSFIT_DEBUG) process.stderr.write(e.stack + '\n');
    process.exitCode = known ? EXIT.error : EXIT.internal;
  }
}

/**
 * A grid of more than 10⁵ points: print the estimated time on stderr and refuse without --yes.
 * @param secondsPerPoint measured or documented cost of one point on one lane
 */
export function confirmLargeGrid(opts: CommonOptions, what: string, points: number, secondsPerPoint: number, lanes = 1): void {
  if (points <= 1e5) return;
  const s = (points * secondsPerPoint) / Math.max(1, lanes);
  const est = s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`;
  process.stderr.write(`cevnsfit: ${what} has ${points.toExponential(2)} points; estimated time ≈ ${est} (${(secondsPerPoint * 1000).toFixed(1)} ms per point on ${lanes} lane(s))\n`);
  if (!opts.yes) throw new InvalidSpecification(`${what} has ${points} points (more than 10⁵, estimated ${est}); pass --yes to run it, or use a coarser grid or --shard`, '--yes');
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

/** Figure options of a command from --figure-size (and --bands where the command has it). */
export function figureOptions(opts: CommonOptions): { size: FigureSize; bands?: boolean } {
  const size = (opts.figureSize ?? DEFAULT_FIGURE_SIZE).trim().toLowerCase();
  if (!(FIGURE_SIZES as readonly string[]).includes(size)) throw new InvalidSpecification(`expected ${FIGURE_SIZES.join(' or ')}, got "${opts.figureSize}"`, '--figure-size');
  return { size: size as FigureSize, ...(opts.bands !== undefined ? { bands: opts.bands } : {}) };
}
