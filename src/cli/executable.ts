import { fileURLToPath } from 'node:url';

/**
 * Path of the shipped `cevnsfit` executable (package.json "bin": dist/bin/cevnsfit.cjs, built by scripts/build-cli.mjs),
 * for commands that start cevnsfit again: the runs of `report`, the batch jobs of `submit`.
 */
export const cevnsfitExecutable = (): string => fileURLToPath(new URL('../bin/cevnsfit.cjs', import.meta.url));
