/** Parallel execution: the one worker pool (pool.ts), parallel profile scans (scan.ts) and shard slicing (shard.ts). */
export * from './pool.js';
export * from './scan.js';
export * from './shard.js';
