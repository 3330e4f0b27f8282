/**
 * `--out DIR` as one transaction (docs/cli.md, "Output directories").
 *
 * A command writes into a temporary sibling `.<name>.cevnsfit-tmp-<pid>` of DIR; when the command succeeds, the
 * sibling is renamed into place (the previous DIR is renamed aside first and removed after), so DIR holds exactly
 * one run's files. A command that fails, or a process that is killed, leaves DIR as it was (a killed run leaves its
 * hidden temporary sibling, which the next run into the same DIR removes once its process is gone).
 *
 * What may be replaced: an absent or empty DIR; a DIR whose marker file (`.cevnsfit-out.json`) says it was written by
 * the same command with the same input names (a re-run, e.g. after editing the config); anything else only with
 * `--force` (a non-empty directory cevnsfit did not write, or one written by another command or config).
 *
 * Input directories that lie inside DIR (a report collecting earlier runs kept in its own directory) are copied into
 * the new DIR first. An input directory may contain DIR (`merge PARTS --out PARTS/merged`), but `--out` equal to an
 * input is refused (it would replace the input).
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { CevnsfitError } from '../util/errors.js';
import { describeFsError } from '../util/atomic.js';
import { CEVNSFIT_VERSION } from './version.js';

/** Name of the marker file cevnsfit writes into every --out directory it commits. */
export const OUT_MARKER = '.cevnsfit-out.json';

/** What the marker records: which command and inputs produced the directory. */
export interface OutMarker {
  readonly format: 'cevnsfit-out';
  readonly command: string;
  /** Base names of the command's input files and directories, in command-line order. */
  readonly inputs: readonly string[];
  readonly version: string;
  readonly date: string;
}

/** An --out directory that may not be written (foreign content, another run's output, not a directory, no permission). */
export class OutputRefused extends CevnsfitError {}

/** An error writing an --out directory (disk full, permission): names the path; the previous directory is untouched. */
export class OutputWriteError extends CevnsfitError {}

const TMP_TAG = '.cevnsfit-tmp-';
const OLD_TAG = '.cevnsfit-old-';

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Read DIR's marker, or null when there is none (or it is not a cevnsfit marker). */
export function readOutMarker(dir: string): OutMarker | null {
  const p = join(dir, OUT_MARKER);
  if (!existsSync(p)) return null;
  try {
    const m = JSON.parse(readFileSync(p, 'utf8')) as OutMarker;
    return m && m.format === 'cevnsfit-out' && typeof m.command === 'string' && Array.isArray(m.inputs) ? m : null;
  } catch {
    return null;
  }
}

const sameIdentity = (m: OutMarker, command: string, inputs: readonly string[]): boolean =>
  m.command === command && m.inputs.length === inputs.length && m.inputs.every((x, i) => x === inputs[i]);

const isInside = (child: string, parent: string): boolean => {
  const r = relative(parent, child);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/** One --out transaction: `dir` is where the command writes; `commit()` moves it into place. */
export class OutTransaction {
  private done = false;
  private readonly onSignal: (sig: NodeJS.Signals) => void;

  private constructor(
    /** The --out path as given (what the user sees in messages). */
    readonly target: string,
    /** The temporary sibling the command writes into. */
    readonly dir: string,
    private readonly marker: OutMarker,
  ) {
    this.onSignal = (sig) => {
      this.abort();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /**
   * Check that `target` may be written and create the temporary sibling.
   * @param inputs the command's input paths (files or directories) as given
   */
  static begin(target: string, command: string, inputs: readonly string[], opts: { force?: boolean } = {}): OutTransaction {
    const clean = target.replace(/[/\\]+$/, '') || target;
    const abs = resolve(clean);
    const parent = dirname(abs);
    const names = inputs.map((p) => basename(resolve(p)));
    const marker: OutMarker = { format: 'cevnsfit-out', command, inputs: names, version: CEVNSFIT_VERSION, date: new Date().toISOString() };
    const carry: string[] = [];
    for (const inp of inputs) {
      const a = resolve(inp);
      if (a === abs) throw new OutputRefused(`--out ${clean}: is also an input of this command; write the output to another directory`);
      if (isInside(a, abs) && existsSync(a) && statSync(a).isDirectory()) carry.push(relative(abs, a));
    }
    for (let a = parent; ; a = dirname(a)) {
      if (existsSync(a)) {
        if (!statSync(a).isDirectory()) throw new OutputRefused(`--out ${clean}: ${a} is not a directory (ENOTDIR)`);
        break;
      }
      if (dirname(a) === a) break;
    }
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      throw new OutputWriteError(`--out ${clean}: cannot create the parent directory ${dirname(clean)}: ${describeFsError(e)}`);
    }
    // Siblings left by killed runs into the same directory: temporaries are removed; a previous output renamed aside
    // by a run killed between its two renames (commit) is put back when DIR is missing.
    try {
      const pre = `.${basename(abs)}`;
      for (const e of readdirSync(parent).sort()) {
        if (!e.startsWith(pre + TMP_TAG) && !e.startsWith(pre + OLD_TAG)) continue;
        const pid = Number(e.slice(e.lastIndexOf('-') + 1));
        if (pid === process.pid || pidAlive(pid)) continue;
        if (e.startsWith(pre + OLD_TAG) && !existsSync(abs)) renameSync(join(parent, e), abs);
        else rmSync(join(parent, e), { recursive: true, force: true });
      }
    } catch {
      /* best effort */
    }
    if (existsSync(abs)) {
      const st = lstatSync(abs);
      if (!st.isDirectory()) throw new OutputRefused(`--out ${clean}: exists and is not a directory (ENOTDIR); remove it or choose another path`);
      const entries = readdirSync(abs);
      const m = readOutMarker(abs);
      const foreign = entries.filter((e) => e !== OUT_MARKER && !carry.some((c) => c === e || c.startsWith(e + '/')));
      if (!opts.force) {
        if (m && !sameIdentity(m, command, names)) {
          throw new OutputRefused(
            `--out ${clean}: holds the output of \`cevnsfit ${m.command} ${m.inputs.join(' ')}\`, not of \`cevnsfit ${command} ${names.join(' ')}\`; choose another directory or pass --force to replace it`,
          );
        }
        if (!m && foreign.length > 0) {
          throw new OutputRefused(`--out ${clean}: is not empty and was not written by cevnsfit (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); choose another directory or pass --force to replace it`);
        }
      }
    }
    const tmpAbs = join(parent, `.${basename(abs)}${TMP_TAG}${process.pid}`);
    const dir = join(dirname(clean), basename(tmpAbs));
    try {
      rmSync(tmpAbs, { recursive: true, force: true });
      mkdirSync(tmpAbs);
      for (const c of carry) cpSync(join(abs, c), join(tmpAbs, c), { recursive: true });
    } catch (e) {
      rmSync(tmpAbs, { recursive: true, force: true });
      throw new OutputWriteError(`--out ${clean}: cannot create the temporary directory ${dir}: ${describeFsError(e)}`);
    }
    return new OutTransaction(clean, dir, marker);
  }

  /** Map a path inside the target to the same path inside the temporary directory (other paths unchanged). */
  toTemp(p: string): string {
    const a = resolve(p);
    const t = resolve(this.target);
    return a === t || isInside(a, t) ? join(this.dir, relative(t, a)) : p;
  }

  /** Text with the temporary directory's name replaced by the target's (for messages and printed results). */
  shown(text: string): string {
    return text.split(this.dir).join(this.target);
  }

  /** Move the finished directory into place. */
  commit(): void {
    if (this.done) return;
    const abs = resolve(this.target);
    const tmp = resolve(this.dir);
    try {
      writeFileSync(join(tmp, OUT_MARKER), JSON.stringify(this.marker, null, 2) + '\n');
      if (existsSync(abs)) {
        const old = join(dirname(abs), `.${basename(abs)}${OLD_TAG}${process.pid}`);
        renameSync(abs, old);
        try {
          renameSync(tmp, abs);
        } catch (e) {
          renameSync(old, abs);
          throw e;
        }
        rmSync(old, { recursive: true, force: true });
      } else renameSync(tmp, abs);
    } catch (e) {
      this.abort();
      throw new OutputWriteError(`--out ${this.target}: cannot move the finished output into place: ${describeFsError(e)}; ${this.target} is unchanged`);
    }
    this.finish();
  }

  /** Remove the temporary directory; the target stays as it was. */
  abort(): void {
    if (this.done) return;
    rmSync(resolve(this.dir), { recursive: true, force: true });
    this.finish();
  }

  private finish(): void {
    this.done = true;
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}

let active: OutTransaction | null = null;

/** The running command's --out transaction, if any. */
export function activeOutput(): OutTransaction | null {
  return active;
}

export function setActiveOutput(tx: OutTransaction | null): void {
  active = tx;
}
