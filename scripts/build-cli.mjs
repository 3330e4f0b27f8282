#!/usr/bin/env node
/**
 * Builds the shipped `cevnsfit` executable from the compiled modules in dist/ (run by `npm run build`, `prepare`,
 * `npm test` and `npm run golden` after tsc; docs/cli.md, "Start-up"):
 *
 * - dist/bin/cli.bundle.cjs: src/cli/program.ts and every module it can reach, bundled by esbuild into one CommonJS
 *   file, with commander, jstat and ml-matrix inside (they load for every fit). Command modules and other lazily
 *   imported modules stay lazy: esbuild wraps each in an initialiser that runs on the first import(). The other
 *   packages stay outside and load with require() or import() when first used. Every `import.meta.url` of a module
 *   is replaced by the URL of that module's compiled file in dist/, so paths relative to a module (the package root,
 *   fits/, dist/node/worker.js for worker threads) and the module URLs of worker-pool jobs, which worker threads
 *   import unbundled from dist/, stay what they are in dist/.
 * - dist/bin/cevnsfit.cjs: the executable (a copy of src/cli/bin.cjs), which runs the bundle with a V8 code cache.
 * - dist/bin/cli.bundle.<key>.v8cache: that cache, written by one run of `workspace fit` on pyhf's hello-world
 *   workspace; <key> is a hash of the bundle, also on the bundle's first line.
 * - dist/bin/cli.bundle.inputs.json: the files the bundle was made from (test/setup/cli-bundle.ts rebuilds the bundle
 *   when one is newer).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/bin');
const entry = join(root, 'dist/cli/program.js');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Packages inside the bundle: needed by every command (the command line, ln Γ, the Hessian algebra). */
const BUNDLED = ['commander', 'jstat', 'ml-matrix'];
const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)).flatMap((d) => [d, `${d}/*`]);

/**
 * `import.meta.url` of a compiled module → the URL of that module's file, from the bundle's directory; `import(x)` of
 * anything but a relative path (a package, a worker-pool job's module URL) → `__cevnsfitImport(x)`, the loader's
 * import(): V8 compiles the bundle from its code cache without the link to Node's module loader that an import() in
 * the bundle would need (Node 20; src/cli/bin.cjs). Relative imports are bundled (esbuild turns them into lazy
 * initialisers).
 */
const metaUrlPlugin = {
  name: 'cevnsfit-module-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(join(root, 'dist') + '/')) return undefined;
      const rel = relative(outDir, args.path).split('\\').join('/');
      const contents = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', `__cevnsfitModuleUrl(${JSON.stringify(rel)})`)
        .replace(/\bimport\((?!\s*['"]\.\.?\/)/g, '__cevnsfitImport(');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * commander requires node:child_process at load (≈ 10 ms of CPU), for executable subcommands only, which cevnsfit
 * does not use: inside the bundle it is required on the first `spawn` instead. If commander's line changes, the build
 * says so and bundles it unchanged.
 */
const lazyChildProcessPlugin = {
  name: 'cevnsfit-commander-lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!source.includes(line)) {
        console.warn(`build-cli: ${relative(root, args.path)} no longer has "${line}": bundled unchanged`);
        return undefined;
      }
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(line, lazy), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const result = await esbuild.build({
  stdin: {
    contents: `import { runCli } from ${JSON.stringify('./' + relative(root, entry).split('\\').join('/'))};\nvoid runCli(process.argv);\n`,
    resolveDir: root,
    sourcefile: 'cevnsfit-entry.js',
  },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [metaUrlPlugin, lazyChildProcessPlugin],
  // The bundle runs inside the wrapper function of src/cli/bin.cjs, which passes __cevnsfitImport.
  banner: { js: `const __cevnsfitModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;` },
  // Whitespace only: names and syntax stay as compiled (error class names, Function.prototype.name); a smaller file is
  // read and decoded faster.
  minifyWhitespace: true,
  write: false,
  metafile: true,
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
if (/\bimport\.meta\b/.test(code)) throw new Error('build-cli: import.meta left in the CommonJS bundle');
if (/\bimport\(/.test(code)) throw new Error('build-cli: an import() left in the CommonJS bundle (it would fail when compiled from the code cache)');
const key = createHash('sha256').update(code).digest('hex').slice(0, 16);

mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.startsWith('cli.bundle.')) rmSync(join(outDir, f));
writeFileSync(join(outDir, 'cli.bundle.cjs'), `// cevnsfit-bundle ${key}\n${code}`);
const bin = join(outDir, 'cevnsfit.cjs');
copyFileSync(join(root, 'src/cli/bin.cjs'), bin);
chmodSync(bin, 0o755);
const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('<stdin>') && !p.includes('node_modules')), 'src/cli/bin.cjs'];
writeFileSync(join(outDir, 'cli.bundle.inputs.json'), JSON.stringify(inputs.map((p) => relative(root, join(root, p))), null, 1) + '\n');

// The code cache: one run of a small workspace fit (the functions it compiles are the ones the cache holds).
const ws = join(root, 'scripts/pyhf-hello-world.json');
const run = spawnSync(process.execPath, [bin, 'workspace', 'fit', ws, '--json'], { env: { ...process.env, CEVNSFIT_CODE_CACHE: 'write' }, encoding: 'utf8' });
if (run.status !== 0) throw new Error(`build-cli: the bundle failed on a workspace fit:\n${run.stderr}`);
const kb = (p) => (readFileSync(p).length / 1024).toFixed(0);
console.log(`build-cli: dist/bin/cevnsfit.cjs → cli.bundle.cjs (${kb(join(outDir, 'cli.bundle.cjs'))} kB, ${inputs.length} files), code cache ${kb(join(outDir, `cli.bundle.${key}.v8cache`))} kB`);
