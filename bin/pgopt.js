#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const command = process.argv[2];
// Set by the build (scripts/build-cli.mjs) for its training run, which writes the code cache at exit.
const cacheOut = process.env.PGOPT_CODE_CACHE_OUT;

// The commands that parse SQL need libpg-query's WebAssembly instance. src/sql/libpg.ts takes this
// promise from the global symbol (one instance; errors surface there). It starts once V8's flags for the
// parser are set, below.
let startParser = () => {};
if (command === 'lint' || command === 'analyze') {
  const instance = new Promise((resolve) => {
    startParser = resolve;
  }).then(() => require('libpg-query/wasm/libpg-query.js')());
  instance.catch(() => {});
  globalThis[Symbol.for('pgopt.libpg-query.instance')] = instance;
}

// The CLI runs from one CommonJS bundle of pgopt's modules (dist/cli/main.cjs, built by `npm run build`
// with scripts/build-cli.mjs), compiled with V8's code cache for it (main.cjs.cache): the bytecode of
// what a lint run compiles, so a cold start neither parses nor compiles most of pgopt's JavaScript.
// A cache from another Node.js version is rejected by V8, and the bundle compiles from source.
const bundle = fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compile from source
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (process.env.PGOPT_DEBUG_CODE_CACHE) {
  process.stderr.write(`pgopt: code cache ${cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
}
if (cacheOut) process.on('exit', () => writeFileSync(cacheOut, script.createCachedData()));
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));

// V8 flags come only now, after the bundle has loaded the Node.js built-ins it needs: V8 checks a hash of
// its flags against every code cache, Node's own for its built-ins as much as pgopt's, so a flag set any
// earlier made Node compile those modules from source (about 5 ms of every start) and would make V8
// reject pgopt's cache. The training run sets none, so the cache it writes is valid for every command;
// the flags only change how code runs, not the bytecode it caches.
if (!cacheOut && (command === 'lint' || command === 'analyze')) {
  // libpg-query is a large WebAssembly module; V8's optimizing tier spends about a second compiling it while
  // pgopt calls it only once per distinct statement. The baseline compiler alone starts much faster.
  v8.setFlagsFromString('--liftoff-only');
  // Validate each WebAssembly function when it is first compiled, not all of them before the module
  // instantiates: pgopt calls a fraction of PostgreSQL's parser (a one-file `pgopt lint` starts about 20 ms
  // sooner; a large run is unchanged).
  v8.setFlagsFromString('--wasm-lazy-validation');
}
// A lint is a short, cold run: V8's optimizing compiler, started at its usual budget, spends a core on
// functions the run has nearly finished with, and the main thread pays for installing (and sometimes
// discarding) that code. Four times the budget saves about 8% of a 900-file lint (alternating runs,
// docs/benchmarks.md); analyze streams large logs, where early optimization pays, and keeps the default.
// Measured on Node.js 20 (V8 11.3, default budget 67,584); other versions keep their own defaults.
if (!cacheOut && command === 'lint' && process.versions.v8.startsWith('11.3.')) v8.setFlagsFromString(`--interrupt-budget=${4 * 67584}`);
startParser();
