/**
 * libpg-instance.ts for the CLI bundle (esbuild swaps it in: see package.json's build): the same
 * exports, without a top-level await, which a CommonJS bundle cannot have. `wasm` is set once the
 * instance is ready; the CLI waits for `libpgReady` before it runs a command.
 */
import { loadLibpgWasm } from './libpg-load.js';
import type { LibpgWasm } from './libpg-load.js';

export let wasm: LibpgWasm = undefined as unknown as LibpgWasm;

export const libpgReady: Promise<void> = loadLibpgWasm().then((instance) => {
  wasm = instance;
});
