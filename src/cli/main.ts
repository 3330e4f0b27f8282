#!/usr/bin/env node
import { Command } from 'commander';
import { registerAll } from './commands/index.js';

const program = new Command();
program
  .name('cevnsfit')
  .description('Fits, significances and limits for pulsed stopped-pion neutrino experiments (COHERENT, CCM, JSNS2).')
  .version('0.1.0');
registerAll(program);
await program.parseAsync(process.argv);
