// The shipped `cevnsfit` executable (package.json "bin": dist/bin/cevnsfit.cjs, built by scripts/build-cli.mjs), for
// the tests and scripts that run the command line as a user does. `node dist/cli/main.js` runs the same program from
// the unbundled modules (docs/cli.md, "Start-up").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
export const CLI = fileURLToPath(new URL(`../${pkg.bin.cevnsfit}`, import.meta.url));
