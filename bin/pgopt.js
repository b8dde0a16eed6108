#!/usr/bin/env node
// libpg-query is a large WebAssembly module; V8's optimizing tier spends
// about a second compiling it while pgopt calls it only once per distinct
// statement. The baseline compiler alone starts much faster. Set before it loads.
import v8 from 'node:v8';

v8.setFlagsFromString('--liftoff-only');
await import('../dist/src/cli/main.js');
