#!/usr/bin/env node
// libpg-query is a large WebAssembly module; V8's optimizing tier spends
// about a second compiling it while pgopt calls it only once per distinct
// statement. The baseline compiler alone starts much faster. Set before it loads.
import { createRequire } from 'node:module';
import v8 from 'node:v8';

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
    const instance = createRequire(import.meta.url)('libpg-query/wasm/libpg-query.js')();
    instance.catch(() => {});
    globalThis[Symbol.for('pgopt.libpg-query.instance')] = instance;
  } catch {
    // reported by src/sql/libpg.ts
  }
}
// The CLI runs from one bundle of pgopt's modules (dist/cli, built by `npm run build`): loading a
// hundred small ES modules one by one costs a cold `pgopt lint` about 60 ms more. Commands that are
// rarely run stay in chunks of their own, loaded when used.
await import('../dist/cli/main.js');
