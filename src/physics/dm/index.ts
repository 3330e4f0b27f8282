// Public API of the dark-matter signal layer (see signal.ts for the pipeline and model.ts for the coupling scaling).
export * from './model.js';
export * from './kinematics.js';
export * from './production.js';
export * from './chiflux.js';
export * from './xsec.js';
export * from './recoil.js';
export * from './signal.js';
export * from './setups.js';
