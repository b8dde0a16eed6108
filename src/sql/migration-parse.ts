/**
 * Parses a migration file into statements with character ranges, using
 * PostgreSQL's own parser on the masked text from `scanMigration`. When the
 * whole file does not parse, each statement is parsed on its own, so one bad
 * statement is reported (with its position) and the rest are still linted.
 */
import { parseSqlTree, toSyntaxError } from './libpg.js';
import type { RawNode } from './libpg.js';
import { scanMigration } from './migration-scan.js';
import { byteToCharMapper, codePointToCharOffset } from './utf8-offsets.js';
import type { MigrationScan, SqlComment, TextRange } from './migration-scan.js';

/** One parsed statement. Offsets are UTF-16 offsets into the file text. */
export interface ParsedStatement extends TextRange {
  readonly node: RawNode;
  /** Maps a parser `location` (a UTF-8 byte offset) inside this statement to a file offset. */
  readonly locate: (byteLocation: number | undefined) => number;
}

export interface MigrationParseError {
  /** File offset the parser pointed at (the statement start when it did not say). */
  readonly offset: number;
  readonly message: string;
}

export interface ParsedMigration {
  readonly statements: readonly ParsedStatement[];
  readonly errors: readonly MigrationParseError[];
  readonly comments: readonly SqlComment[];
  readonly scan: MigrationScan;
}

/** Skips blanks and comments from `from`, returning the first significant offset before `end`. */
function skipTrivia(text: string, from: number, end: number, byStart: ReadonlyMap<number, SqlComment>): number {
  let i = from;
  for (;;) {
    while (i < end && /\s/.test(text[i] as string)) i++;
    const comment = byStart.get(i);
    if (comment === undefined) return i;
    i = comment.end;
  }
}

/** Trims trailing blanks and comments so a statement ends at its `;` or last token. */
function trimEnd(text: string, start: number, end: number, byEnd: ReadonlyMap<number, SqlComment>): number {
  let e = end;
  for (;;) {
    while (e > start && /\s/.test(text[e - 1] as string)) e--;
    const comment = byEnd.get(e);
    if (comment !== undefined && comment.start < start) return e;
    if (comment === undefined) return e;
    e = comment.start;
  }
}

/** Parses `text` (a whole migration file). Never throws for bad SQL. */
export function parseMigration(text: string): ParsedMigration {
  const scan = scanMigration(text);
  const { masked, comments } = scan;
  if (scan.statements.length === 0) return { statements: [], errors: [], comments, scan };
  try {
    const tree = parseSqlTree(masked);
    const toChar = byteToCharMapper(masked);
    const byStart = new Map(comments.map((c) => [c.start, c]));
    const byEnd = new Map(comments.map((c) => [c.end, c]));
    const statements: ParsedStatement[] = [];
    for (const raw of tree.stmts ?? []) {
      if (raw.stmt === undefined) continue;
      const byteStart = raw.stmt_location ?? 0;
      const charStart = toChar(byteStart);
      const charEnd = raw.stmt_len === undefined || raw.stmt_len === 0 ? masked.length : toChar(byteStart + raw.stmt_len);
      const start = skipTrivia(masked, charStart, charEnd, byStart);
      let end = trimEnd(masked, start, charEnd, byEnd);
      if (masked[end] === ';') end++;
      statements.push({ start, end, node: raw.stmt, locate: (loc) => (loc === undefined || loc < 0 ? start : toChar(loc)) });
    }
    return { statements, errors: [], comments, scan };
  } catch {
    // Some statement is bad: parse one by one below so the rest is still linted.
  }
  return parseStatementByStatement(scan);
}

function parseStatementByStatement(scan: MigrationScan): ParsedMigration {
  const { masked, comments } = scan;
  const statements: ParsedStatement[] = [];
  const errors: { offset: number; message: string }[] = [];
  for (const range of scan.statements) {
    const sql = masked.slice(range.start, range.end);
    const toChar = byteToCharMapper(sql);
    try {
      const tree = parseSqlTree(sql);
      for (const raw of tree.stmts ?? []) {
        if (raw.stmt === undefined) continue;
        const base = range.start;
        statements.push({
          start: range.start,
          end: range.end,
          node: raw.stmt,
          locate: (loc) => (loc === undefined || loc < 0 ? base : base + toChar(loc)),
        });
      }
    } catch (error) {
      const syntax = toSyntaxError(error);
      const offset = syntax.position === undefined ? range.start : range.start + codePointToCharOffset(sql, syntax.position);
      errors.push({ offset, message: syntax.message });
    }
  }
  return { statements, errors, comments, scan };
}
