// Public library surface of cevnsfit. Each layer re-exports its own public API.
export * from './util/errors.js';
