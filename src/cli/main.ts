#!/usr/bin/env node
// Development entry of the command line (`node dist/cli/main.js` after `tsc`): the compiled modules, unbundled. The
// shipped `cevnsfit` executable (package.json "bin") runs the same program from one bundle (docs/cli.md, "Start-up").
import { runCli } from './program.js';

await runCli(process.argv);
