#!/usr/bin/env node
// libpg-query is a large WebAssembly module; V8's optimizing tier spends
// about a second compiling it while pgopt calls it only once per distinct
// statement. The baseline compiler alone starts much faster. Set before it loads.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

v8.setFlagsFromString('--liftoff-only');
// Validate each WebAssembly function when it is first compiled, not all of them before the module
// instantiates: pgopt calls a fraction of PostgreSQL's parser, and the start-up waits for the
// instance (a one-file `pgopt lint` starts about 20 ms sooner; a large run is unchanged).
v8.setFlagsFromString('--wasm-lazy-validation');
// The commands that parse SQL start instantiating the parser now, so its WebAssembly compiles on a
// background thread while the rest of pgopt's modules load (about 0.1 s off `pgopt lint`).
// src/sql/libpg.ts takes this promise from the global symbol: one instance. Errors surface there.
const command = process.argv[2];
if (command === 'lint' || command === 'analyze') {
  try {
    const instance = require('libpg-query/wasm/libpg-query.js')();
    instance.catch(() => {});
    globalThis[Symbol.for('pgopt.libpg-query.instance')] = instance;
  } catch {
    // reported by src/sql/libpg.ts
  }
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
// Written by the build (scripts/build-cli.mjs) at the end of a training run.
const cacheOut = process.env.PGOPT_CODE_CACHE_OUT;
if (cacheOut) process.on('exit', () => writeFileSync(cacheOut, script.createCachedData()));
// A lint is a short, cold run: V8's optimizing compiler, started at its usual budget, spends a core on
// functions the run has nearly finished with, and the main thread pays for installing (and sometimes
// discarding) that code. Four times the budget saves about 8% of a 900-file lint (alternating runs,
// docs/benchmarks.md); analyze streams large logs, where early optimization pays, and keeps the default.
// V8 rejects a code cache made under other flag values, so this is set only after the bundle is compiled,
// and not in the training run (the cache holds bytecode, which the budget does not change). Measured on
// Node.js 20 (V8 11.3, default budget 67,584); other versions keep their own defaults.
if (command === 'lint' && !cacheOut && process.versions.v8.startsWith('11.3.')) v8.setFlagsFromString(`--interrupt-budget=${4 * 67584}`);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
