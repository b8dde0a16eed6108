/**
 * The SQL statements inside a `DO` block. Migrations wrap DDL in PL/pgSQL to
 * make it conditional or idempotent (drizzle-kit wraps every foreign key in
 * `DO $$ BEGIN ... EXCEPTION WHEN duplicate_object THEN null; END $$`), and
 * the DDL takes the same locks there; squawk does not look inside (its issue
 * #528). libpg-query's PL/pgSQL parser gives each embedded statement's text
 * (and the string of an `EXECUTE` of a constant); each is parsed again as SQL
 * and placed back in the file by its position in the block's body.
 */
import { parsePlpgsqlTree, parseSqlTree } from './libpg.js';
import type { RawNode } from './libpg.js';
import { scanMigration } from './migration-scan.js';
import type { SqlComment } from './migration-scan.js';
import { byteToCharMapper } from './utf8-offsets.js';

/** A statement found inside a DO block, with UTF-16 offsets into the file. */
export interface EmbeddedStatement {
  readonly node: RawNode;
  readonly start: number;
  readonly end: number;
  /** Maps a parser location (a UTF-8 byte offset into the statement) to a file offset. */
  readonly locate: (byteLocation: number | undefined) => number;
}

interface PlpgsqlQuery {
  /** 1-based line of the PL/pgSQL statement, counted from the line the body starts on. */
  readonly lineno: number;
  /** The SQL text, as PostgreSQL will run it. */
  readonly query: string;
  /** How it is written in the body: the same text, or a quoted literal for `EXECUTE '...'`. */
  readonly written: string;
  /** Offset of `query` inside `written` (1 past the opening quote of a literal). */
  readonly inset: number;
  /** False when `written` differs from `query` inside (doubled quotes): positions then point at the literal. */
  readonly exact: boolean;
}

/**
 * `EXECUTE` of a constant (`'...'`, `E'...'` without backslashes, `$tag$...$tag$`): the SQL in it, where
 * it starts in the expression, and whether it is written character for character (no doubled quotes).
 * Undefined for anything built at run time (format(), ||, a variable).
 */
function constantLiteral(expression: string): { readonly query: string; readonly inset: number; readonly exact: boolean } | undefined {
  const quoted = /^\s*[eE]?'((?:[^'\\]|'')*)'\s*$/.exec(expression);
  if (quoted !== null) {
    const query = (quoted[1] as string).replace(/''/g, "'");
    return { query, inset: expression.indexOf("'") + 1, exact: query.length === (quoted[1] as string).length };
  }
  const dollar = /^\s*(\$[A-Za-z_]*\$)([\s\S]*)\1\s*$/.exec(expression);
  if (dollar === null) return undefined;
  const tag = dollar[1] as string;
  return { query: dollar[2] as string, inset: expression.indexOf(tag) + tag.length, exact: true };
}

function exprText(node: unknown): string | undefined {
  const query = (node as { PLpgSQL_expr?: { query?: unknown } } | undefined)?.PLpgSQL_expr?.query;
  return typeof query === 'string' ? query : undefined;
}

/** An `EXECUTE` of SQL built at run time: its expression as written, on its PL/pgSQL line. */
interface DynamicExecute {
  readonly lineno: number;
  readonly written: string;
}

/**
 * The SQL statements a PL/pgSQL body runs, in source order: plain statements (`PLpgSQL_stmt_execsql`)
 * and `EXECUTE` of a constant string. Dynamic SQL built at run time cannot be known here.
 */
function embeddedQueries(tree: unknown, out: PlpgsqlQuery[], dynamic: DynamicExecute[] = []): void {
  if (Array.isArray(tree)) {
    for (const item of tree) embeddedQueries(item, out, dynamic);
    return;
  }
  if (tree === null || typeof tree !== 'object') return;
  for (const [key, value] of Object.entries(tree)) {
    const lineno = (value as { lineno?: unknown }).lineno;
    const line = typeof lineno === 'number' ? lineno : 1;
    if (key === 'PLpgSQL_stmt_execsql') {
      const query = exprText((value as { sqlstmt?: unknown }).sqlstmt);
      if (query !== undefined) out.push({ lineno: line, query, written: query, inset: 0, exact: true });
    } else if (key === 'PLpgSQL_stmt_dynexecute') {
      const written = exprText((value as { query?: unknown }).query);
      const literal = written === undefined ? undefined : constantLiteral(written);
      if (written !== undefined && literal !== undefined) out.push({ lineno: line, written, ...literal });
      else if (written !== undefined) dynamic.push({ lineno: line, written });
    } else if (key === 'PLpgSQL_stmt_dynfors' || key === 'PLpgSQL_stmt_open' || key === 'PLpgSQL_stmt_return_query') {
      // FOR ... IN EXECUTE, OPEN ... FOR EXECUTE, RETURN QUERY EXECUTE: dynamic SQL too (they only read, usually).
      const dynamicQuery = key === 'PLpgSQL_stmt_dynfors' ? (value as { query?: unknown }).query : (value as { dynquery?: unknown }).dynquery;
      const written = exprText(dynamicQuery);
      if (written !== undefined && constantLiteral(written) === undefined) dynamic.push({ lineno: line, written });
      embeddedQueries(value, out, dynamic);
    } else embeddedQueries(value, out, dynamic);
  }
}

/** The body of a PL/pgSQL DO statement, or undefined for another language. */
function doBody(node: RawNode): string | undefined {
  if (!('DoStmt' in node)) return undefined;
  let body: string | undefined;
  let language = 'plpgsql';
  for (const arg of node.DoStmt.args ?? []) {
    if (!('DefElem' in arg)) continue;
    const value = arg.DefElem.arg;
    const text = value !== undefined && 'String' in value ? value.String.sval : undefined;
    if (arg.DefElem.defname === 'as') body = text;
    else if (arg.DefElem.defname === 'language' && text !== undefined) language = text.toLowerCase();
  }
  return language === 'plpgsql' ? body : undefined;
}

/**
 * Where the body starts in the DO statement's text: right after its opening quote (`$tag$` or `'`),
 * so that a comment repeating the body before it is not taken for it. -1 when not found as written
 * (a quoted body with doubled quotes).
 */
function bodyOffset(text: string, body: string): number {
  for (let at = text.indexOf(body); at >= 0; at = text.indexOf(body, at + 1)) {
    const before = text[at - 1];
    if (before === '$' || before === "'") return at;
  }
  return -1;
}

/** Offsets in `body` where each line starts (index 0 is line 1). */
function lineStarts(body: string): number[] {
  const starts = [0];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10 || (c === 13 && body.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/**
 * The comments inside a PL/pgSQL DO block's body, with file offsets: ignore directives written next to
 * the statements inside (the file's own scan skips the dollar-quoted body as one string).
 */
export function doBlockComments(node: RawNode, rawText: string, start: number): SqlComment[] {
  const block = readBlock(node, rawText);
  if (block === undefined || block.bodyAt < 0) return [];
  const at = block.bodyAt;
  return scanMigration(block.body).comments.map((c) => ({ start: start + at + c.start, end: start + at + c.end, body: c.body }));
}

/** A PL/pgSQL DO block read for linting: placeholders masked, body located, statements listed. */
interface DoBlock {
  readonly text: string;
  readonly body: string;
  /** Offset of the body in `text`, -1 when not found as written. */
  readonly bodyAt: number;
  readonly lines: readonly number[];
  readonly queries: readonly PlpgsqlQuery[];
  readonly dynamic: readonly DynamicExecute[];
}

// The engine (statements, ignore comments) and a rule (dynamic SQL) read the same DO statement: parse it once.
const blocks = new WeakMap<RawNode, { readonly rawText: string; readonly block: DoBlock | undefined }>();

/** Undefined for another language, an empty body, or a body PL/pgSQL cannot parse. */
function readBlock(node: RawNode, rawText: string): DoBlock | undefined {
  const cached = blocks.get(node);
  if (cached !== undefined && cached.rawText === rawText) return cached.block;
  const block = parseBlock(node, rawText);
  blocks.set(node, { rawText, block });
  return block;
}

function parseBlock(node: RawNode, rawText: string): DoBlock | undefined {
  const rawBody = doBody(node);
  if (rawBody === undefined || rawBody.trim() === '') return undefined;
  // The file's scan masks tool placeholders, but not inside the dollar-quoted body: scan the body the
  // same way (placeholders in code only, not in its strings or comments) and put it back in place.
  const rawAt = bodyOffset(rawText, rawBody);
  const body = scanMigration(rawBody).masked;
  const text = rawAt < 0 ? rawText : rawText.slice(0, rawAt) + body + rawText.slice(rawAt + rawBody.length);
  const queries: PlpgsqlQuery[] = [];
  const dynamic: DynamicExecute[] = [];
  try {
    embeddedQueries(parsePlpgsqlTree(text), queries, dynamic);
  } catch {
    return undefined;
  }
  return { text, body, bodyAt: bodyOffset(text, body), lines: lineStarts(body), queries, dynamic };
}

/**
 * The statements inside `node` when it is a PL/pgSQL DO block; `rawText` is the statement's source
 * (masked) and `start` its file offset. A body PL/pgSQL cannot parse yields none: PostgreSQL
 * checks it only when the block runs, and the DO statement itself was linted.
 */
export function doBlockStatements(node: RawNode, rawText: string, start: number): EmbeddedStatement[] {
  const block = readBlock(node, rawText);
  if (block === undefined) return [];
  const { text, body, bodyAt, lines, queries } = block;
  const out: EmbeddedStatement[] = [];
  let cursor = 0;
  for (const { lineno, query, written, inset, exact } of queries) {
    // From the statement's own line on: the same text in a comment or a string before it is not it.
    const from = Math.max(cursor, lines[Math.min(lineno, lines.length) - 1] ?? 0);
    const writtenAt = bodyAt < 0 ? -1 : body.indexOf(written, from);
    if (writtenAt >= 0) cursor = writtenAt + written.length;
    // Where the SQL text itself starts in the body; -1 when it cannot be placed character for character.
    const at = writtenAt < 0 || !exact ? -1 : writtenAt + inset;
    let tree;
    try {
      tree = parseSqlTree(query);
    } catch {
      continue;
    }
    const toChar = byteToCharMapper(query);
    const queryStart = at < 0 ? start : start + bodyAt + at;
    // Without an exact place, everything points at what is known: the written text, else the DO statement.
    const fallback = writtenAt < 0 ? { start, end: start + text.length } : { start: start + bodyAt + writtenAt, end: start + bodyAt + writtenAt + written.length };
    for (const raw of tree.stmts ?? []) {
      if (raw.stmt === undefined) continue;
      const offset = raw.stmt_location ?? 0;
      const stmtStart = at < 0 ? fallback.start : queryStart + toChar(offset);
      const stmtEnd = at < 0 ? fallback.end : queryStart + (raw.stmt_len === undefined || raw.stmt_len === 0 ? query.length : toChar(offset + raw.stmt_len));
      out.push({
        node: raw.stmt,
        start: stmtStart,
        end: stmtEnd,
        locate: (loc) => (at < 0 || loc === undefined || loc < 0 ? stmtStart : queryStart + toChar(loc)),
      });
    }
  }
  return out;
}

/**
 * The `EXECUTE`s of SQL built at run time (format(), ||, variables) in a PL/pgSQL DO block, as file
 * ranges of their expressions: what no linter can check, for a reviewer to read.
 */
export function doBlockDynamicSql(node: RawNode, rawText: string, start: number): { readonly start: number; readonly end: number }[] {
  const block = readBlock(node, rawText);
  if (block === undefined) return [];
  const { text, body, bodyAt, lines, dynamic } = block;
  const keyword = /\bexecute\b/gi;
  let cursor = 0;
  return dynamic.map(({ lineno, written }) => {
    // The expression right after the next EXECUTE from its line on: not the same text earlier on the line
    // (a DECLARE, an assignment), and each of several EXECUTEs of one expression in turn.
    keyword.lastIndex = Math.max(cursor, lines[Math.min(lineno, lines.length) - 1] ?? 0);
    const execute = bodyAt < 0 ? null : keyword.exec(body);
    const at = execute === null ? -1 : body.indexOf(written, keyword.lastIndex);
    if (at < 0) return { start, end: start + text.length };
    cursor = at + written.length;
    return { start: start + bodyAt + at, end: start + bodyAt + at + written.length };
  });
}
