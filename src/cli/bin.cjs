#!/usr/bin/env node
// The `cevnsfit` executable (package.json "bin"; copied to dist/bin/cevnsfit.cjs by scripts/build-cli.mjs). It runs
// the command line from one CommonJS bundle, dist/bin/cli.bundle.cjs, compiled with the V8 code cache that the build
// made by running the bundle once: functions a command ran then are not parsed and compiled again (docs/cli.md,
// "Start-up"). The cache file is named after the content key on the bundle's first line, so a cache always belongs
// to the bundle it was made from; V8 itself rejects a cache from another V8 version or other flags, and the bundle
// is then compiled as usual (same results, slower start). CEVNSFIT_CODE_CACHE=0 ignores the cache;
// CEVNSFIT_CODE_CACHE=write (the build) writes it when the process exits.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire, wrap } = require('node:module');

const file = join(__dirname, 'cli.bundle.cjs');
const source = readFileSync(file, 'utf8');
const key = /^\/\/ cevnsfit-bundle ([0-9a-f]+)\n/.exec(source);
const cacheFile = key ? join(__dirname, `cli.bundle.${key[1]}.v8cache`) : null;
const mode = process.env.CEVNSFIT_CODE_CACHE;
let cachedData;
if (cacheFile && mode !== '0' && mode !== 'write') {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // no cache (not built yet, or removed): compile as usual
  }
}
const script = new Script(wrap(source), {
  filename: file,
  cachedData,
  // The bundle imports some packages (figures, the explorer's esbuild) and the worker-pool jobs with import().
  importModuleDynamically: (specifier) => import(specifier),
});
if (mode === 'write' && cacheFile) {
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, __dirname);
