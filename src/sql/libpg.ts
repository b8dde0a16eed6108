/**
 * The one module that loads libpg-query (PostgreSQL's own parser compiled to
 * WebAssembly). The WASM module is loaded once, at import, so every other
 * module can call the synchronous functions.
 */
import { createRequire } from 'node:module';
import type * as Libpg from 'libpg-query';

// The package is CommonJS. Through Node's ES-module loader it takes about 30 ms longer to load
// (the interop scans its source, and @pgsql/types', for export names) than through require: a
// sixth of a cold `pgopt lint` start. bin/pgopt.js requires it early the same way: one instance.
const libpg: typeof Libpg = createRequire(import.meta.url)('libpg-query');

await libpg.loadModule();

/**
 * libpg-query's parse tree, typed by `@pgsql/types`: `{ version, stmts: [{ stmt, stmt_location?, stmt_len? }] }`.
 * Locations are byte offsets into the UTF-8 encoding of the parsed text.
 */
export type RawParseResult = Libpg.ParseResult;
export type { Node as RawNode, RawStmt } from 'libpg-query';

/** A libpg-query syntax error with its 0-based character position, if known. */
export interface SqlSyntaxError {
  readonly message: string;
  readonly position: number | undefined;
}

export function parseSqlTree(sql: string): RawParseResult {
  return libpg.parseSync(sql);
}

export function parsePlpgsqlTree(sql: string): RawParseResult {
  return libpg.parsePlPgSQLSync(sql);
}

export function normalizeWithLibpg(sql: string): string {
  return libpg.normalizeSync(sql);
}

export function fingerprintWithLibpg(sql: string): string {
  return libpg.fingerprintSync(sql);
}

export type ScanToken = Libpg.ScanToken;

export function scanSql(sql: string): readonly ScanToken[] {
  return libpg.scanSync(sql).tokens;
}

/** Turns whatever libpg-query threw into a message and a position. */
export function toSyntaxError(error: unknown): SqlSyntaxError {
  if (libpg.hasSqlDetails(error) && error.sqlDetails !== undefined) {
    const position = error.sqlDetails.cursorPosition;
    return { message: error.message, position: position >= 0 ? position : undefined };
  }
  return { message: error instanceof Error ? error.message : String(error), position: undefined };
}
