/**
 * Instantiates libpg-query's compiled module (see libpg.ts for why pgopt calls it directly). One
 * instance per process: bin/pgopt.js starts it before the CLI loads, so its WebAssembly compiles
 * while the rest of pgopt does, and leaves the promise under a global symbol for this module.
 */
import { createRequire } from 'node:module';

/** The parts of the emscripten module pgopt uses (exported by libpg-query's build). */
export interface LibpgWasm {
  readonly HEAPU8: Uint8Array;
  readonly HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  _wasm_parse_plpgsql(query: number): number;
  _wasm_fingerprint(query: number): number;
  _wasm_normalize_query(query: number): number;
  _wasm_scan(query: number): number;
  _wasm_free_string(result: number): void;
}

const SHARED_INSTANCE = Symbol.for('pgopt.libpg-query.instance');
type SharedGlobal = { [SHARED_INSTANCE]?: Promise<LibpgWasm> };

export function loadLibpgWasm(): Promise<LibpgWasm> {
  const shared = globalThis as SharedGlobal;
  // The package is CommonJS; require is faster than the ES-module loader's interop for it.
  shared[SHARED_INSTANCE] ??= (createRequire(import.meta.url)('libpg-query/wasm/libpg-query.js') as () => Promise<LibpgWasm>)();
  return shared[SHARED_INSTANCE];
}
