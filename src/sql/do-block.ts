/**
 * The SQL statements inside a `DO` block. Migrations wrap DDL in PL/pgSQL to
 * make it conditional or idempotent (drizzle-kit wraps every foreign key in
 * `DO $$ BEGIN ... EXCEPTION WHEN duplicate_object THEN null; END $$`), and
 * the DDL takes the same locks there; squawk does not look inside (its issue
 * #528). libpg-query's PL/pgSQL parser gives each embedded statement's text
 * (and the string of an `EXECUTE` of a constant); each is parsed again as SQL
 * and placed back in the file by its position in the block's body. A body or an
 * `EXECUTE` string written as a quoted constant is read without its doubled
 * quotes and escapes, so each position in it is mapped back through them; a DO
 * block nested in a body is read in turn, through each enclosing level.
 */
import { parsePlpgsqlTree, parseSqlTree, scanSql } from './libpg.js';
import type { RawNode, RawStmt } from './libpg.js';
import { scanMigration } from './migration-scan.js';
import type { MaskedRegion, SqlComment, TextRange } from './migration-scan.js';
import { decodeStringConstant } from './string-constant.js';
import { byteToCharMapper } from './utf8-offsets.js';

/** A statement found inside a DO block, with UTF-16 offsets into the file. */
export interface EmbeddedStatement {
  readonly node: RawNode;
  readonly start: number;
  readonly end: number;
  /** Maps a parser location (a UTF-8 byte offset into the statement) to a file offset. */
  readonly locate: (byteLocation: number | undefined) => number;
}

/** Maps an offset in a text to the offset where that character is written in an enclosing text. */
type OffsetMap = (offset: number) => number;

interface PlpgsqlQuery {
  /** 1-based line of the PL/pgSQL statement, counted from the line the body starts on. */
  readonly lineno: number;
  /** The SQL text, as PostgreSQL will run it. */
  readonly query: string;
  /** How it is written in the body: the same text, or a quoted literal for `EXECUTE '...'`. */
  readonly written: string;
  /** Where each character of `query` is written in `written` (`query.length`: where it ends). */
  readonly inWritten: OffsetMap;
}

/** A string constant found in a text, its characters mapped to their offsets in the text. */
interface FoundConstant {
  readonly value: string;
  readonly inText: OffsetMap;
}

/**
 * The string constants in `text`, read as PostgreSQL reads them, and how many other tokens (comments
 * aside) there are. Undefined when the text does not scan.
 */
function stringConstants(text: string): { readonly constants: readonly FoundConstant[]; readonly otherTokens: number } | undefined {
  let tokens;
  try {
    tokens = scanSql(text);
  } catch {
    return undefined;
  }
  const toChar = byteToCharMapper(text);
  const constants: FoundConstant[] = [];
  let otherTokens = 0;
  for (const token of tokens) {
    if (token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT') continue;
    const constant = token.tokenName === 'SCONST' ? decodeStringConstant(token.text) : undefined;
    if (constant === undefined) {
      otherTokens++;
      continue;
    }
    const at = toChar(token.start);
    const { offsets } = constant;
    constants.push({ value: constant.value, inText: (i) => at + (offsets[Math.min(i, offsets.length - 1)] as number) });
  }
  return { constants, otherTokens };
}

/**
 * `EXECUTE` of a constant (`'...'`, `E'...'`, `$tag$...$tag$`): the SQL in it and where each of its
 * characters is written in the expression. Undefined for anything built at run time (format(), ||, a
 * variable) and for escapes of bytes that only make a character together.
 */
function constantLiteral(expression: string): { readonly query: string; readonly inWritten: OffsetMap } | undefined {
  const scan = stringConstants(expression);
  const only = scan?.otherTokens === 0 && scan.constants.length === 1 ? scan.constants[0] : undefined;
  return only === undefined ? undefined : { query: only.value, inWritten: only.inText };
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

const identity: OffsetMap = (offset) => offset;

/**
 * The SQL statements a PL/pgSQL body runs, in source order: plain statements (`PLpgSQL_stmt_execsql`),
 * nested `DO` blocks (PL/pgSQL reads `DO` like `CALL`) and `EXECUTE` of a constant string. Dynamic SQL
 * built at run time cannot be known here.
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
    if (key === 'PLpgSQL_stmt_execsql' || key === 'PLpgSQL_stmt_call') {
      const query = exprText(key === 'PLpgSQL_stmt_call' ? (value as { expr?: unknown }).expr : (value as { sqlstmt?: unknown }).sqlstmt);
      // A CALL runs a procedure, whose body is not linted; a DO block is read in turn.
      if (query !== undefined && (key === 'PLpgSQL_stmt_execsql' || /^do\b/i.test(query))) out.push({ lineno: line, query, written: query, inWritten: identity });
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
 * Where each character of the body is written in the DO statement's text: the string constant
 * whose value is the body (so a comment repeating the body before it is not taken for it), with
 * each doubled quote or `E''` escape accounted for. Undefined when no constant reads as the body.
 */
function bodyInText(text: string, body: string): OffsetMap | undefined {
  return stringConstants(text)?.constants.find((constant) => constant.value === body)?.inText;
}

/**
 * The statement's text with the body's masked placeholders written over it, character for character
 * where a character is written as itself (not as an escape).
 */
function maskBody(text: string, body: string, masks: readonly MaskedRegion[], inText: OffsetMap): string {
  if (masks.length === 0) return text;
  const chars = text.split('');
  for (const { start, end } of masks) {
    for (let i = start; i < end; i++) if (inText(i + 1) - inText(i) === 1) chars[inText(i)] = body[i] as string;
  }
  return chars.join('');
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

/** A PL/pgSQL DO block read for linting: placeholders masked, body located, statements listed and parsed. */
interface DoBlock {
  readonly text: string;
  readonly body: string;
  /** Where each character of the body is written in `text`; undefined when the body was not found there. */
  readonly inText: OffsetMap | undefined;
  readonly lines: readonly number[];
  /** The comments in the body, with offsets into it. */
  readonly comments: readonly SqlComment[];
  /** Each query with its statements (none when it does not parse as SQL). */
  readonly queries: readonly (PlpgsqlQuery & { readonly stmts: readonly RawStmt[] })[];
  readonly dynamic: readonly DynamicExecute[];
  readonly hasNestedBlock: boolean;
  /**
   * Where the body's tokens start (comments and strings are one token each); undefined when it does
   * not scan. A statement's text is found at a token start, not inside an earlier string or comment.
   */
  readonly tokenStarts: ReadonlySet<number> | undefined;
}

// The engine (statements, ignore comments) and a rule (dynamic SQL) read the same DO statement: parse it
// once. The statements of a nested DO block are kept here too, so that it is read once in turn.
const blocks = new WeakMap<RawNode, { readonly rawText: string; readonly block: DoBlock | undefined }>();

/** Undefined for another language, an empty body, or a body PL/pgSQL cannot parse. */
function readBlock(node: RawNode, rawText: string): DoBlock | undefined {
  const cached = blocks.get(node);
  if (cached !== undefined && cached.rawText === rawText) return cached.block;
  const block = parseBlock(node, rawText);
  blocks.set(node, { rawText, block });
  return block;
}

function parseStatements(query: string): readonly RawStmt[] {
  try {
    return parseSqlTree(query).stmts ?? [];
  } catch {
    return [];
  }
}

function parseBlock(node: RawNode, rawText: string): DoBlock | undefined {
  const rawBody = doBody(node);
  if (rawBody === undefined || rawBody.trim() === '') return undefined;
  // The file's scan masks tool placeholders, but not inside the quoted body: scan the body the same
  // way (placeholders in code only, not in its strings or comments) and write the masks in place.
  const inText = bodyInText(rawText, rawBody);
  const scan = scanMigration(rawBody);
  const body = scan.masked;
  const text = inText === undefined ? rawText : maskBody(rawText, body, scan.masks, inText);
  const found: PlpgsqlQuery[] = [];
  const dynamic: DynamicExecute[] = [];
  try {
    embeddedQueries(parsePlpgsqlTree(text), found, dynamic);
  } catch {
    return undefined;
  }
  const queries = found.map((query) => ({ ...query, stmts: parseStatements(query.query) }));
  const hasNestedBlock = queries.some((query) => query.stmts.some((raw) => raw.stmt !== undefined && 'DoStmt' in raw.stmt));
  return { text, body, inText, lines: lineStarts(body), comments: scan.comments, queries, dynamic, hasNestedBlock, tokenStarts: tokenStartsOf(body) };
}

function tokenStartsOf(text: string): ReadonlySet<number> | undefined {
  try {
    const toChar = byteToCharMapper(text);
    return new Set(scanSql(text).map((token) => toChar(token.start)));
  } catch {
    return undefined;
  }
}

/**
 * Where a DO statement's text is in the file: each of its offsets mapped to a file offset, or, when it
 * is not written there character for character, only the file range everything inside points at.
 */
interface Placement {
  readonly inFile: OffsetMap | undefined;
  readonly range: TextRange;
}

/** A statement of a DO block placed in the file; for a nested DO statement, its text and placement. */
interface PlacedStatement {
  readonly statement: EmbeddedStatement;
  readonly nested: { readonly text: string; readonly placement: Placement } | undefined;
}

function placeStatements(block: DoBlock, placement: Placement): PlacedStatement[] {
  const { body, inText, lines, queries, tokenStarts } = block;
  const { inFile } = placement;
  const bodyInFile = inFile === undefined || inText === undefined ? undefined : (offset: number) => inFile(inText(offset));
  const out: PlacedStatement[] = [];
  let cursor = 0;
  for (const { lineno, query, written, inWritten, stmts } of queries) {
    // From the statement's own line on: the same text in a comment or a string before it is not it.
    const from = Math.max(cursor, lines[Math.min(lineno, lines.length) - 1] ?? 0);
    let writtenAt = bodyInFile === undefined ? -1 : body.indexOf(written, from);
    // The same text inside a string or a comment earlier on the line is not it: it does not start a token.
    while (writtenAt >= 0 && tokenStarts !== undefined && !tokenStarts.has(writtenAt)) writtenAt = body.indexOf(written, writtenAt + 1);
    if (writtenAt >= 0) cursor = writtenAt + written.length;
    // Where each character of the SQL text is in the file; undefined when the written text was not found.
    const queryInFile = bodyInFile === undefined || writtenAt < 0 ? undefined : (offset: number) => bodyInFile(writtenAt + inWritten(offset));
    const toChar = byteToCharMapper(query);
    for (const raw of stmts) {
      if (raw.stmt === undefined) continue;
      const offset = toChar(raw.stmt_location ?? 0);
      const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? query.length : toChar((raw.stmt_location ?? 0) + raw.stmt_len);
      const start = queryInFile === undefined ? placement.range.start : queryInFile(offset);
      const stmtEnd = queryInFile === undefined ? placement.range.end : queryInFile(end);
      const statement: EmbeddedStatement = {
        node: raw.stmt,
        start,
        end: stmtEnd,
        locate: (loc) => (queryInFile === undefined || loc === undefined || loc < 0 ? start : queryInFile(toChar(loc))),
      };
      const nestedInFile = queryInFile === undefined ? undefined : (at: number) => queryInFile(offset + at);
      const nested = 'DoStmt' in raw.stmt ? { text: query.slice(offset, end), placement: { inFile: nestedInFile, range: { start, end: stmtEnd } } } : undefined;
      if (nested !== undefined) nestedBlocks.set(raw.stmt, nested);
      out.push({ statement, nested });
    }
  }
  return out;
}

function statementsIn(node: RawNode, rawText: string, placement: Placement): EmbeddedStatement[] {
  const block = readBlock(node, rawText);
  if (block === undefined) return [];
  return placeStatements(block, placement).flatMap(({ statement, nested }) =>
    nested === undefined ? [statement] : [statement, ...statementsIn(statement.node, nested.text, nested.placement)],
  );
}

function commentsIn(node: RawNode, rawText: string, placement: Placement): SqlComment[] {
  const block = readBlock(node, rawText);
  if (block === undefined) return [];
  const { inFile } = placement;
  const { inText } = block;
  const own = inFile === undefined || inText === undefined ? [] : block.comments.map((c) => ({ start: inFile(inText(c.start)), end: inFile(inText(c.end)), body: c.body }));
  if (!block.hasNestedBlock) return own;
  return own.concat(placeStatements(block, placement).flatMap(({ statement, nested }) => (nested === undefined ? [] : commentsIn(statement.node, nested.text, nested.placement))));
}

const topLevel = (rawText: string, start: number): Placement => ({ inFile: (offset) => start + offset, range: { start, end: start + rawText.length } });

/**
 * A DO statement found inside another DO block's body: its text as PL/pgSQL sees it (quotes of an
 * enclosing quoted body undone) and where that text is in the file. Its file slice would still hold the
 * enclosing body's doubled quotes.
 */
const nestedBlocks = new WeakMap<RawNode, { readonly text: string; readonly placement: Placement }>();

/**
 * The statements inside `node` when it is a PL/pgSQL DO block, and inside the DO blocks nested in it
 * (each nested DO statement, then its own statements); `rawText` is the statement's source (masked)
 * and `start` its file offset. A body PL/pgSQL cannot parse yields none: PostgreSQL checks it only
 * when the block runs, and the DO statement itself was linted.
 */
export function doBlockStatements(node: RawNode, rawText: string, start: number): EmbeddedStatement[] {
  return statementsIn(node, rawText, topLevel(rawText, start));
}

/**
 * The comments inside a PL/pgSQL DO block's body and the bodies nested in it, with file offsets:
 * ignore directives written next to the statements inside (the file's own scan skips a quoted body as
 * one string).
 */
export function doBlockComments(node: RawNode, rawText: string, start: number): SqlComment[] {
  return commentsIn(node, rawText, topLevel(rawText, start));
}

/**
 * The `EXECUTE`s of SQL built at run time (format(), ||, variables) in a PL/pgSQL DO block, as file
 * ranges of their expressions: what no linter can check, for a reviewer to read. A nested DO block is
 * a statement of its own (see doBlockStatements), read when it is visited.
 */
export function doBlockDynamicSql(node: RawNode, rawText: string, start: number): { readonly start: number; readonly end: number }[] {
  const nested = nestedBlocks.get(node);
  const { inFile, range } = nested?.placement ?? topLevel(rawText, start);
  const block = readBlock(node, nested?.text ?? rawText);
  if (block === undefined) return [];
  const { body, inText, lines, dynamic } = block;
  const keyword = /\bexecute\b/gi;
  let cursor = 0;
  return dynamic.map(({ lineno, written }) => {
    // The expression right after the next EXECUTE from its line on: not the same text earlier on the line
    // (a DECLARE, an assignment), and each of several EXECUTEs of one expression in turn.
    keyword.lastIndex = Math.max(cursor, lines[Math.min(lineno, lines.length) - 1] ?? 0);
    const execute = inText === undefined ? null : keyword.exec(body);
    const at = execute === null ? -1 : body.indexOf(written, keyword.lastIndex);
    if (inFile === undefined || inText === undefined || at < 0) return range;
    cursor = at + written.length;
    return { start: inFile(inText(at)), end: inFile(inText(at + written.length)) };
  });
}
