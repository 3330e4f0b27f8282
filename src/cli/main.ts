#!/usr/bin/env node
import { Command } from 'commander';
import { registerFor } from './commands/index.js';
import { CEVNSFIT_VERSION } from './version.js';

const program = new Command();
program
  .name('cevnsfit')
  .description('Fits, significances and limits for pulsed stopped-pion neutrino experiments (COHERENT, CCM, JSNS2).')
  .version(CEVNSFIT_VERSION);
await registerFor(program, process.argv);
await program.parseAsync(process.argv);
