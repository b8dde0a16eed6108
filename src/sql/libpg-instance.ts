/**
 * The parser instance libpg.ts calls, ready when this module is: every ES-module importer (the
 * library, the tests, the CLI run from source) can parse synchronously from the start.
 *
 * The CLI bundle (CommonJS, so that V8 can start it from a code cache: see bin/pgopt.js) cannot wait
 * at the top level; its build swaps in libpg-instance-cli.ts, which has the same exports, and the CLI
 * waits for `libpgReady` before running a command.
 */
import { loadLibpgWasm } from './libpg-load.js';
import type { LibpgWasm } from './libpg-load.js';

export const wasm: LibpgWasm = await loadLibpgWasm();

/** Resolved: the instance above is ready as soon as this module is. */
export const libpgReady: Promise<void> = Promise.resolve();
