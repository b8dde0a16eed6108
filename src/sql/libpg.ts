/**
 * The one module that calls libpg-query (PostgreSQL's own parser compiled to
 * WebAssembly), through the instance libpg-instance.ts loads once, so every
 * other module can call the synchronous functions.
 *
 * pgopt calls the package's compiled module (`wasm/libpg-query.js`) directly
 * rather than through its JavaScript wrapper: the wrapper copies strings in
 * and out of WebAssembly memory one byte at a time in JavaScript, which was a
 * fifth of `pgopt lint`'s parse time on real migrations (the parser's JSON
 * output is about 4.5 times the size of the SQL). Here TextEncoder,
 * TextDecoder and a native search for the terminating NUL do that work. The
 * calls and result layouts are the wrapper's, so the package version is
 * pinned exactly in package.json, and test/sql/libpg.test.ts checks the
 * results against the wrapper's own on every call and error path.
 */
import type * as Libpg from 'libpg-query';
import { wasm } from './libpg-instance.js';
import { charOffsetToCodePoint } from './utf8-offsets.js';

/**
 * libpg-query's parse tree, typed by `@pgsql/types`: `{ version, stmts: [{ stmt, stmt_location?, stmt_len? }] }`.
 * Locations are byte offsets into the UTF-8 encoding of the parsed text.
 */
export type RawParseResult = Libpg.ParseResult;
export type { Node as RawNode, RawStmt } from 'libpg-query';
export type ScanToken = Libpg.ScanToken;

/**
 * A parse error from PostgreSQL's parser; `cursorPosition` is 0-based and counts characters (code
 * points, not UTF-16 units: see codePointToCharOffset), as the package's SqlError.
 */
export class LibpgSyntaxError extends Error {
  constructor(
    message: string,
    readonly cursorPosition: number,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** `position` is the parser's cursor: 0-based, in code points. */
export interface SqlSyntaxError {
  readonly message: string;
  readonly position: number | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Copies `text` into WebAssembly memory as NUL-terminated UTF-8; the caller frees the pointer. A NUL
 * in the text would end it there, and the parser would silently read only what comes before: it is
 * refused as PostgreSQL refuses it.
 */
function copyIn(text: string): number {
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new LibpgSyntaxError('invalid byte sequence for encoding "UTF8": 0x00', charOffsetToCodePoint(text, nul));
  // Exactly the UTF-8 length (counted natively): WebAssembly memory grows but never shrinks.
  const length = Buffer.byteLength(text, 'utf8');
  const pointer = wasm._malloc(length + 1);
  if (pointer === 0) throw new Error('libpg-query: out of WebAssembly memory');
  encoder.encodeInto(text, wasm.HEAPU8.subarray(pointer, pointer + length));
  wasm.HEAPU8[pointer + length] = 0;
  return pointer;
}

/** Reads the NUL-terminated UTF-8 string at `pointer` (the heap view is re-read: memory may have grown). */
function copyOut(pointer: number): string {
  if (pointer === 0) return '';
  const heap = wasm.HEAPU8;
  return decoder.decode(heap.subarray(pointer, heap.indexOf(0, pointer)));
}

/**
 * The wrapper's error test for the calls that return a string (success never starts with these), and
 * the module's answer to an empty text, which the wrapper passed on as if it were a result.
 */
function failedString(result: string): boolean {
  return result.startsWith('syntax error') || result.startsWith('deparse error') || result.startsWith('ERROR') || result.startsWith('Invalid input');
}

/** Runs one of the string-returning calls, freeing both strings. */
function callForString(call: (query: number) => number, sql: string): string {
  const query = copyIn(sql);
  let result = 0;
  try {
    result = call.call(wasm, query);
    return copyOut(result);
  } finally {
    wasm._free(query);
    if (result !== 0) wasm._wasm_free_string(result);
  }
}

/** Parses SQL into libpg-query's tree; throws LibpgSyntaxError for bad SQL. */
export function parseSqlTree(sql: string): RawParseResult {
  if (sql === '') throw new Error('Query cannot be empty');
  const query = copyIn(sql);
  let result = 0;
  try {
    result = wasm._wasm_parse_query_raw(query);
    if (result === 0) throw new Error('Failed to parse query: memory allocation failed');
    // struct PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error; }
    const words = wasm.HEAPU32;
    const tree = words[result >>> 2] as number;
    const error = words[(result + 8) >>> 2] as number;
    if (error !== 0) {
      // struct PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos; ... }
      const message = copyOut(words[error >>> 2] as number) || 'Unknown error';
      const cursor = (words[(error + 16) >>> 2] as number) | 0;
      throw new LibpgSyntaxError(message, cursor > 0 ? cursor - 1 : 0);
    }
    if (tree === 0) throw new Error('No parse tree generated');
    return JSON.parse(copyOut(tree)) as RawParseResult;
  } finally {
    wasm._free(query);
    if (result !== 0) wasm._wasm_free_parse_result(result);
  }
}

export function parsePlpgsqlTree(sql: string): RawParseResult {
  const result = callForString(wasm._wasm_parse_plpgsql, sql);
  // Success is always a JSON value starting with `{`; anything else is the error message.
  if (!result.startsWith('{')) throw new Error(result);
  return JSON.parse(result) as RawParseResult;
}

export function normalizeWithLibpg(sql: string): string {
  const result = callForString(wasm._wasm_normalize_query, sql);
  if (failedString(result)) throw new Error(result);
  return result;
}

export function fingerprintWithLibpg(sql: string): string {
  const result = callForString(wasm._wasm_fingerprint, sql);
  if (failedString(result)) throw new Error(result);
  return result;
}

export function scanSql(sql: string): readonly ScanToken[] {
  const result = callForString(wasm._wasm_scan, sql);
  if (failedString(result)) throw new Error(result);
  return (JSON.parse(result) as Libpg.ScanResult).tokens;
}

/** Turns whatever the parser threw into a message and a position. */
export function toSyntaxError(error: unknown): SqlSyntaxError {
  if (error instanceof LibpgSyntaxError) {
    const position = error.cursorPosition;
    return { message: error.message, position: position >= 0 ? position : undefined };
  }
  return { message: error instanceof Error ? error.message : String(error), position: undefined };
}
