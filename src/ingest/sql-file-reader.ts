/**
 * Plain `.sql` files: one entry per statement, without a duration. The
 * lexical scanner proposes boundaries; PostgreSQL's parser (libpg-query)
 * confirms them, splits what the scanner missed and joins what it cut too
 * early (semicolons inside `BEGIN ATOMIC ... END`). Text the parser rejects
 * keeps the lexical boundaries: the analyzer counts it as unparsed.
 */
import { parseSqlTree } from '../sql/libpg.js';
import type { EventSink, LineConsumer } from './event-sink.js';
import { SqlStatementScanner, type ScannedStatement } from './sql-statement-scanner.js';
import { MAX_ENTRY_CHARS } from './ingest-limits.js';
import { detachString } from './detach-string.js';

/** How many lexical pieces may be joined while the parser says the statement is unfinished. */
const MAX_JOINED_PIECES = 16;

export class SqlFileReader implements LineConsumer {
  readonly #sink: EventSink;
  readonly #scanner = new SqlStatementScanner();
  #pending: ScannedStatement[] = [];

  constructor(sink: EventSink) {
    this.#sink = sink;
  }

  line(text: string, lineNumber: number): void {
    for (const statement of this.#scanner.line(text, lineNumber)) this.#piece(statement);
    if (this.#scanner.heldChars > MAX_ENTRY_CHARS) {
      this.#scanner.reset();
      this.#sink.error(lineNumber, `SQL statement longer than ${MAX_ENTRY_CHARS} characters, skipped`);
    }
  }

  badLine(lineNumber: number, reason: string): void {
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    const last = this.#scanner.end();
    if (last !== undefined) this.#piece(last);
    this.#emitLexically();
  }

  #piece(statement: ScannedStatement): void {
    this.#pending.push(statement);
    const text = joinPieces(this.#pending);
    let stmts: readonly { stmt_location?: number; stmt_len?: number }[];
    try {
      stmts = parseSqlTree(text).stmts ?? [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/end of input/i.test(message) && this.#pending.length < MAX_JOINED_PIECES) return;
      this.#emitLexically();
      return;
    }
    const first = this.#pending[0] as ScannedStatement;
    this.#pending = [];
    const bytes = Buffer.from(text);
    for (const stmt of stmts) {
      const start = stmt.stmt_location ?? 0;
      const end = stmt.stmt_len === undefined || stmt.stmt_len === 0 ? bytes.length : start + stmt.stmt_len;
      this.#emit(bytes.toString('utf8', 0, start), bytes.toString('utf8', start, end), first.line);
    }
  }

  #emitLexically(): void {
    for (const piece of this.#pending) this.#emit('', piece.text, piece.line);
    this.#pending = [];
  }

  /** `before` is the text preceding `raw` since line `line`, to number its first line. */
  #emit(before: string, raw: string, line: number): void {
    const query = raw.trim();
    if (query === '') return;
    const leading = raw.slice(0, raw.length - raw.trimStart().length);
    const newlines = countNewlines(before) + countNewlines(leading);
    this.#sink.entry({ type: 'statement', line: line + newlines, query: detachString(query) });
  }
}

/** Joins pieces with their semicolons, restoring the blank and comment lines the scanner dropped between them. */
function joinPieces(pieces: readonly ScannedStatement[]): string {
  let text = '';
  let nextLine = 0;
  for (const piece of pieces) {
    if (text !== '') text += ';' + '\n'.repeat(Math.max(0, piece.line - nextLine));
    text += piece.text;
    nextLine = piece.line + countNewlines(piece.text);
  }
  return text;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
