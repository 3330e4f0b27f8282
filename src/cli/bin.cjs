#!/usr/bin/env node
// The `cevnsfit` executable (package.json "bin"; copied to dist/bin/cevnsfit.cjs by scripts/build-cli.mjs). It runs
// the command line from one CommonJS bundle, dist/bin/cli.bundle.cjs, compiled with the V8 code cache that the build
// made by running the bundle once: functions a command ran then are not parsed and compiled again (docs/cli.md,
// "Start-up"). The cache file is named after the content key on the bundle's first line, so a cache always belongs
// to the bundle it was made from; V8 itself rejects a cache from another V8 version or other flags, and the bundle
// is then compiled as usual (same results, slower start). CEVNSFIT_CODE_CACHE=0 ignores the cache;
// CEVNSFIT_CODE_CACHE=check says on stderr whether V8 accepted it; CEVNSFIT_CODE_CACHE=write (the build) writes it
// when the process exits.
// Functions V8 takes from a code cache lose the link to Node's module loader that import() needs (Node 20), so the
// bundle has no import() of its own: it calls __cevnsfitImport, this file's import(), passed in by the wrapper.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const file = join(__dirname, 'cli.bundle.cjs');
let source;
try {
  source = readFileSync(file, 'utf8');
} catch (e) {
  process.stderr.write(`cevnsfit: cannot read ${file} (${e.code ?? e.message}): build it with \`npm run build\` (or run \`node dist/cli/main.js\`)\n`);
  process.exit(1);
}
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
const wrapper = `(function (exports, require, module, __filename, __dirname, __cevnsfitImport) { ${source}\n});`;
const script = new Script(wrapper, { filename: file, cachedData });
if (mode === 'check') process.stderr.write(`cevnsfit code cache: ${cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
if (mode === 'write' && cacheFile) {
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
const mod = { exports: {} };
// Packages loaded as ES modules (figures, the explorer's esbuild) and worker-pool jobs (absolute URLs).
const importer = (specifier) => import(specifier);
script.runInThisContext()(mod.exports, createRequire(file), mod, file, __dirname, importer);
