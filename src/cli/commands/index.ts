import type { Command } from 'commander';
import * as data from './data.js';
import * as workspace from './workspace.js';
import * as analysis from './analysis.js';
import * as report from './report.js';

/**
 * Every CLI command lives in its own module under src/cli/commands/ and exports `register(program)`.
 * Add new commands to this list; the CLI stays a thin shell over the library.
 */
const modules: Array<{ register: (program: Command) => void }> = [
  data,
  workspace,
  analysis,
  report,
];

export function registerAll(program: Command): void {
  for (const m of modules) m.register(program);
}
