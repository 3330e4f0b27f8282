/**
 * Inference on a StatModel, layered as arXiv:1007.1727: fits (mle) → profile tools (profile) →
 * test statistics (teststat) → calculators (asymptotic, toys) → hypotest → upperLimit; plus
 * Feldman–Cousins intervals (fc).
 */
export * from './mle.js';
export * from './profile.js';
export * from './teststat.js';
export * from './asymptotic.js';
export * from './toys.js';
export * from './fc.js';
export * from './hypotest.js';
export * from './upperlimit.js';
export * from './yields.js';
export * from './ensemble.js';
