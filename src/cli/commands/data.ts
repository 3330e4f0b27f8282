import type { Command } from 'commander';
import { makeReporter, parseSets, runCommand, withCommonOptions, type CommonOptions } from '../common.js';
import { InvalidSpecification } from '../../util/errors.js';
import { DATASET_NAMES } from '../../datasets/manifest.js';
import { datasetStatus, installDatasets, type StoreOptions } from '../../datasets/store.js';

interface InstallOpts extends CommonOptions {
  all?: boolean;
  from?: string;
}

/** `--set` keys accepted by the data commands. */
const SET_KEYS = { install: ['dataDir', 'mirror'], list: ['dataDir'] } as const;

function storeOptions(opts: CommonOptions, which: keyof typeof SET_KEYS): StoreOptions & { mirror?: string } {
  const sets = parseSets(opts.set);
  const out: StoreOptions & { mirror?: string } = {};
  for (const [k, v] of sets) {
    if (!(SET_KEYS[which] as readonly string[]).includes(k)) {
      throw new InvalidSpecification(`unknown setting "${k}" (accepted: ${SET_KEYS[which].join(', ')})`, `--set ${k}`);
    }
    if (typeof v !== 'string' || v === '') throw new InvalidSpecification('expected a directory path', `--set ${k}`);
    if (k === 'dataDir') out.dataDir = v;
    else out.mirror = v;
  }
  return out;
}

function checkNames(names: string[]): void {
  for (const n of names) {
    if (!(DATASET_NAMES as readonly string[]).includes(n)) {
      throw new InvalidSpecification(`unknown dataset "${n}" (known: ${DATASET_NAMES.join(', ')})`, 'names');
    }
  }
}

/** Register `cevnsfit data install` and `cevnsfit data list`. */
export function register(program: Command): void {
  const data = program.command('data').description('install, verify and list the datasets (COHERENT releases, beam simulations, limit curves)');

  withCommonOptions(
    data
      .command('install')
      .description('copy datasets from a mirror into the data directory, verifying every sha256')
      .argument('[names...]', `datasets to install (${DATASET_NAMES.join(', ')})`)
      .option('--all', 'install every dataset')
      .option('--from <dir>', 'mirror directory holding <name>/<files> (default: $CEVNS_DATA_MIRROR)'),
  ).action(async (names: string[], opts: InstallOpts) => {
    await runCommand(opts, () => {
      const rep = makeReporter(opts);
      const st = storeOptions(opts, 'install');
      if (opts.all && names.length > 0) throw new InvalidSpecification('give dataset names or --all, not both', 'names');
      const list = opts.all ? [...DATASET_NAMES] : names;
      if (list.length === 0) throw new InvalidSpecification(`name at least one dataset or use --all (known: ${DATASET_NAMES.join(', ')})`, 'names');
      checkNames(list);
      const from = opts.from ?? st.mirror;
      const res = installDatasets(list, { ...(from !== undefined ? { from } : {}), ...(st.dataDir !== undefined ? { dataDir: st.dataDir } : {}) });
      rep.result({ command: 'data install', ...res }, () =>
        res.datasets
          .map((d) => {
            const copied = d.files.filter((f) => f.action === 'copied').length;
            return `${d.name}: ${d.files.length} files verified (${copied} copied, ${d.files.length - copied} already installed) -> ${d.dir}`;
          })
          .join('\n'),
      );
    });
  });

  withCommonOptions(data.command('list').description('show each dataset as installed / missing / corrupt, with per-file detail')).action(
    async (opts: CommonOptions) => {
      await runCommand(opts, () => {
        const rep = makeReporter(opts);
        const st = storeOptions(opts, 'list');
        const statuses = DATASET_NAMES.map((n) => datasetStatus(n, st));
        rep.result({ command: 'data list', datasets: statuses }, () => {
          const lines: string[] = [];
          for (const s of statuses) {
            const ok = s.files.filter((f) => f.state === 'ok').length;
            lines.push(`${s.name.padEnd(20)} ${s.state.padEnd(9)} ${ok}/${s.files.length} files ok  ${s.dir}`);
            for (const f of s.files) {
              if (f.state === 'missing') lines.push(`    missing  ${f.path}`);
              else if (f.state === 'corrupt') lines.push(`    corrupt  ${f.path}: expected sha256 ${f.expectedSha256}, found ${f.actualSha256}`);
            }
          }
          return lines.join('\n');
        });
      });
    },
  );
}
