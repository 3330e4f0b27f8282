// Public surface of the datasets layer: manifests, install/verify, parsing, typed loaders.
export * from './histogram.js';
export * from './parse.js';
export * from './manifest.js';
export * from './store.js';
export * from './source.js';
export * from './csi2017.js';
export * from './csi2021.js';
export * from './lar2020.js';
export * from './beams.js';
export * from './limits.js';
