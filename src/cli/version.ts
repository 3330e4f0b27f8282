/** The cevnsfit version (kept equal to package.json "version"; test/cli/main.test.ts checks it). Carried into partial results. */
export const CEVNSFIT_VERSION = '0.1.0';
