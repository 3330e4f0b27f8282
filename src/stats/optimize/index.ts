/** Bounded quasi-Newton minimisation with Hessian covariance (see minimize.ts, bfgs.ts). */
export type { Objective, MinimizerOptions, MinimizerStatus, MinimizeResult } from './types.js';
export { minimize, checkMinimizerOptions, type CheckedMinimizerOptions } from './minimize.js';
export { ReducedProblem } from './shim.js';
export { brent, type RootResult } from './roots.js';
