/**
 * The SQL statements inside a `DO` block. Migrations wrap DDL in PL/pgSQL to
 * make it conditional or idempotent (drizzle-kit wraps every foreign key in
 * `DO $$ BEGIN ... EXCEPTION WHEN duplicate_object THEN null; END $$`), and
 * the DDL takes the same locks there; squawk does not look inside (its issue
 * #528). libpg-query's PL/pgSQL parser gives each embedded statement's text;
 * each is parsed again as SQL and placed back in the file by its position in
 * the block's body.
 */
import { parsePlpgsqlTree, parseSqlTree } from './libpg.js';
import type { RawNode } from './libpg.js';
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
  readonly query: string;
}

/** Texts of the SQL statements PL/pgSQL runs as such (`PLpgSQL_stmt_execsql`), in source order. */
function embeddedQueries(tree: unknown, out: PlpgsqlQuery[]): void {
  if (Array.isArray(tree)) {
    for (const item of tree) embeddedQueries(item, out);
    return;
  }
  if (tree === null || typeof tree !== 'object') return;
  for (const [key, value] of Object.entries(tree)) {
    if (key === 'PLpgSQL_stmt_execsql') {
      const query = (value as { sqlstmt?: { PLpgSQL_expr?: { query?: unknown } } }).sqlstmt?.PLpgSQL_expr?.query;
      if (typeof query === 'string') out.push({ query });
    } else embeddedQueries(value, out);
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
 * The statements inside `node` when it is a PL/pgSQL DO block; `text` is the statement's source
 * (masked) and `start` its file offset. A body PL/pgSQL cannot parse yields none: PostgreSQL
 * checks it only when the block runs, and the DO statement itself was linted.
 */
export function doBlockStatements(node: RawNode, text: string, start: number): EmbeddedStatement[] {
  const body = doBody(node);
  if (body === undefined || body.trim() === '') return [];
  const queries: PlpgsqlQuery[] = [];
  try {
    embeddedQueries(parsePlpgsqlTree(text), queries);
  } catch {
    return [];
  }
  // The body as written, when it is dollar-quoted; a quoted body with doubled quotes is not found,
  // and its statements then point at the DO statement.
  const bodyAt = text.indexOf(body);
  const out: EmbeddedStatement[] = [];
  let cursor = 0;
  for (const { query } of queries) {
    const at = bodyAt < 0 ? -1 : body.indexOf(query, cursor);
    if (at >= 0) cursor = at + query.length;
    let tree;
    try {
      tree = parseSqlTree(query);
    } catch {
      continue;
    }
    const toChar = byteToCharMapper(query);
    const queryStart = at < 0 ? start : start + bodyAt + at;
    for (const raw of tree.stmts ?? []) {
      if (raw.stmt === undefined) continue;
      const stmtStart = at < 0 ? start : queryStart + toChar(raw.stmt_location ?? 0);
      const stmtEnd = at < 0 ? start + text.length : raw.stmt_len === undefined || raw.stmt_len === 0 ? queryStart + query.length : queryStart + toChar((raw.stmt_location ?? 0) + raw.stmt_len);
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
