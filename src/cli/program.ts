import { Command } from 'commander';
import { registerFor } from './commands/index.js';
import { CEVNSFIT_VERSION } from './version.js';

/**
 * The command line: `argv` as in `process.argv` (node, script, arguments). Run by the development entry
 * (src/cli/main.ts, `node dist/cli/main.js`) and by the shipped `cevnsfit` executable, a bundle of this module
 * (scripts/build-cli.mjs; docs/cli.md, "Start-up").
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  // A dataset a command needs and that is missing is installed from the mirror (src/datasets/store.ts); set
  // CEVNSFIT_AUTO_INSTALL=0 to get the install command in the error instead.
  process.env.CEVNSFIT_AUTO_INSTALL ??= '1';
  const program = new Command();
  program
    .name('cevnsfit')
    .description('Fits, significances and limits for pulsed stopped-pion neutrino experiments (COHERENT, CCM, JSNS2).')
    .version(CEVNSFIT_VERSION);
  await registerFor(program, argv);
  await program.parseAsync(argv as string[]);
}
