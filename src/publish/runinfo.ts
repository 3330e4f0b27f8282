/**
 * The provenance every result.json and partial carries (docs/cli.md, "Provenance"): cevnsfit version, command line,
 * sha256 of the input files named on the command line (configs, workspaces, partials), sha256 of each dataset
 * manifest, Node version and date. Light on purpose (no schema library): it runs in every command that writes --out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunProvenance {
  readonly cevnsfit_version: string;
  readonly command_line: string;
  /** sha256 of each input file named on the command line (as given), e.g. { "fits/csi2017-dm.yaml": "…" }. */
  readonly config_sha256: Readonly<Record<string, string>>;
  /** sha256 of each dataset manifest (datasets/<name>/manifest.json), by dataset name. */
  readonly dataset_manifest_sha256: Readonly<Record<string, string>>;
  readonly node_version: string;
  readonly date: string;
}

const PROVENANCE_KEYS = ['cevnsfit_version', 'command_line', 'config_sha256', 'dataset_manifest_sha256', 'node_version', 'date'] as const;
export { PROVENANCE_KEYS };

// node:crypto is fetched on the first hash (only commands that write --out hash): importing it costs every command
// 7–8 ms of start-up (docs/cli.md, "Start-up").
const sha256 = (b: string | Uint8Array): string => process.getBuiltinModule('node:crypto').createHash('sha256').update(b).digest('hex');

/** The package root: src/publish/ and dist/publish/ are two levels below it. */
const root = (): string => fileURLToPath(new URL('../../', import.meta.url));

/** The command line as a shell would reproduce it, starting with `cevnsfit`. */
export function commandLine(argv: readonly string[] = process.argv): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return ['cevnsfit', ...argv.slice(2)].map(quote).join(' ');
}

/** Input files among the arguments: existing regular files that are not the value of --out. */
export function inputFiles(argv: readonly string[] = process.argv): string[] {
  const out: string[] = [];
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    try {
      if (existsSync(a) && statSync(a).isFile()) out.push(a);
    } catch {
      /* not a file */
    }
  }
  return out;
}

export function runProvenance(argv: readonly string[] = process.argv, date: Date = new Date()): RunProvenance {
  const config: Record<string, string> = {};
  for (const f of inputFiles(argv)) config[f] = sha256(readFileSync(resolve(f)));
  const manifests: Record<string, string> = {};
  const dir = join(root(), 'datasets');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const m = join(dir, name, 'manifest.json');
      if (existsSync(m)) manifests[name] = sha256(readFileSync(m));
    }
  }
  let version = '?';
  try {
    version = String((JSON.parse(readFileSync(join(root(), 'package.json'), 'utf8')) as { version: string }).version);
  } catch {
    /* keep ? */
  }
  return { cevnsfit_version: version, command_line: commandLine(argv), config_sha256: config, dataset_manifest_sha256: manifests, node_version: process.version, date: date.toISOString() };
}
