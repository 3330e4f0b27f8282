// Sampled mutation runs (scripts/mutate-sample.mjs, `npm run mutate:sample`; docs/testing.md "Scores per folder"):
// stryker.config.mjs plus the ignorer that keeps a `--mutate` range from selecting the mutants nested inside it.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  plugins: ['@stryker-mutator/*', './scripts/stryker-sample-ignorer.mjs'],
  ignorers: ['cevnsfit-sample'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
};
