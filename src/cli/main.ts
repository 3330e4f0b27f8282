#!/usr/bin/env node
import { createRequire } from 'node:module';
import { registerFor } from './commands/index.js';
import { CEVNSFIT_VERSION } from './version.js';

// A dataset a command needs and that is missing is installed from the mirror (src/datasets/store.ts); set
// CEVNSFIT_AUTO_INSTALL=0 to get the install command in the error instead.
process.env.CEVNSFIT_AUTO_INSTALL ??= '1';

// commander is required, not imported: Node 20 would scan its CommonJS entry for export names first (≈ 8 ms of
// start-up; docs/cli.md, "Start-up").
const { Command } = createRequire(import.meta.url)('commander') as typeof import('commander');

const program = new Command();
program
  .name('cevnsfit')
  .description('Fits, significances and limits for pulsed stopped-pion neutrino experiments (COHERENT, CCM, JSNS2).')
  .version(CEVNSFIT_VERSION);
await registerFor(program, process.argv);
await program.parseAsync(process.argv);
