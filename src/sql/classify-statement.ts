/**
 * Decides whether SQL text may run on a read replica ('read') or must run on the
 * primary ('write'). The rule is one-sided on purpose: a statement is a read only
 * when every statement in the text is provably free of writes, locks and session
 * state; anything else, including text that does not parse, is a write.
 */
import { parseSqlTree } from './libpg.js';
import { BUILTIN_READ_ONLY_FUNCTIONS, BUILTIN_WRITE_FUNCTIONS } from './classify-functions.js';

/** Where a statement may run: 'read' on a replica, 'write' only on the primary. */
export type StatementKind = 'read' | 'write';

/** Why a statement got its kind; stable codes, wording lives in the docs. */
export type ClassificationReason =
  | 'select'
  | 'show'
  | 'explain'
  | 'copy-to'
  | 'empty'
  | 'dml'
  | 'row-lock'
  | 'select-into'
  | 'data-modifying-cte'
  | 'write-function'
  | 'unknown-function'
  | 'copy-from'
  | 'copy-file'
  | 'transaction-control'
  | 'session-state'
  | 'notification'
  | 'utility'
  | 'parse-error';

export interface Classification {
  readonly kind: StatementKind;
  readonly reason: ClassificationReason;
  /** The function name, statement type or parser message behind the reason, if any. */
  readonly detail?: string;
  /** Number of statements in the text (0 when empty or unparsable). */
  readonly statementCount: number;
}

export interface ClassifyOptions {
  /**
   * Extra functions known not to write. `name` matches the function in any
   * schema; `schema.name` matches only that schema. Example: `['my_report', 'app.price_of']`.
   */
  readonly readOnlyFunctions?: readonly string[];
  /** Functions that always send a statement to the primary, even if listed as read-only. */
  readonly writeFunctions?: readonly string[];
}

/**
 * Classifies SQL text for routing. Parses on every call: use `StatementClassifier`
 * (which caches per distinct text) on a hot path.
 *
 * @example
 * classifyStatement('select * from users where id = $1').kind            // 'read'
 * classifyStatement('select * from jobs for update skip locked').reason   // 'row-lock'
 * classifyStatement('select refresh_totals()', { readOnlyFunctions: ['refresh_totals'] }).kind // 'read'
 */
export function classifyStatement(sql: string, options: ClassifyOptions = {}): Classification {
  return classifyWith(sql, compileFunctionLists(options));
}

/** Function lists prepared once for repeated classification. */
export interface FunctionLists {
  readonly readOnly: ReadonlySet<string>;
  readonly write: ReadonlySet<string>;
}

export function compileFunctionLists(options: ClassifyOptions): FunctionLists {
  const normalize = (name: string): string => name.trim().toLowerCase();
  return {
    readOnly: new Set((options.readOnlyFunctions ?? []).map(normalize)),
    write: new Set((options.writeFunctions ?? []).map(normalize)),
  };
}

type Tree = Record<string, unknown>;

export function classifyWith(sql: string, lists: FunctionLists): Classification {
  let statements: readonly { readonly stmt?: unknown }[];
  // libpg-query rejects empty text; PostgreSQL answers it with EmptyQueryResponse, which is not a read.
  if (sql.trim() === '') return { kind: 'write', reason: 'empty', statementCount: 0 };
  try {
    statements = parseSqlTree(sql).stmts ?? [];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'write', reason: 'parse-error', detail, statementCount: 0 };
  }
  if (statements.length === 0) return { kind: 'write', reason: 'empty', statementCount: 0 };
  let first: Omit<Classification, 'statementCount'> | undefined;
  for (const { stmt } of statements) {
    const result = classifyNode(asTree(stmt), lists);
    if (result.kind === 'write') return { ...result, statementCount: statements.length };
    first ??= result;
  }
  return { ...(first as Omit<Classification, 'statementCount'>), statementCount: statements.length };
}

type Verdict = Omit<Classification, 'statementCount'>;

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const TRANSACTION_CONTROL = new Set(['TransactionStmt']);
const SESSION_STATE = new Set([
  'VariableSetStmt',
  'DiscardStmt',
  'PrepareStmt',
  'ExecuteStmt',
  'DeallocateStmt',
  'DeclareCursorStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'LoadStmt',
  'ConstraintsSetStmt',
]);
const NOTIFICATION = new Set(['ListenStmt', 'UnlistenStmt', 'NotifyStmt']);

function classifyNode(node: Tree, lists: FunctionLists): Verdict {
  const [type, body] = onlyEntry(node);
  switch (type) {
    case 'SelectStmt':
      return classifyQuery(body, lists, { kind: 'read', reason: 'select' });
    case 'VariableShowStmt':
      return { kind: 'read', reason: 'show' };
    case 'ExplainStmt':
      return classifyExplain(body, lists);
    case 'CopyStmt':
      return classifyCopy(body, lists);
    default:
      break;
  }
  if (DML.has(type)) return { kind: 'write', reason: 'dml', detail: type };
  if (TRANSACTION_CONTROL.has(type)) return { kind: 'write', reason: 'transaction-control', detail: type };
  if (SESSION_STATE.has(type)) return { kind: 'write', reason: 'session-state', detail: type };
  if (NOTIFICATION.has(type)) return { kind: 'write', reason: 'notification', detail: type };
  return { kind: 'write', reason: 'utility', detail: type };
}

/** EXPLAIN plans without running, so it reads; EXPLAIN ANALYZE runs the statement, so it is what the statement is. */
function classifyExplain(body: Tree, lists: FunctionLists): Verdict {
  const analyze = asArray(body['options']).some((option) => {
    const def = asTree(asTree(option)['DefElem']);
    if (def['defname'] !== 'analyze') return false;
    const arg = asTree(def['arg']);
    const value = asTree(arg['String'])['sval'] ?? asTree(arg['Boolean'])['boolval'];
    return value === undefined || value === true || value === 'true' || value === 'on' || value === '1';
  });
  if (!analyze) return { kind: 'read', reason: 'explain' };
  return classifyNode(asTree(body['query']), lists);
}

function classifyCopy(body: Tree, lists: FunctionLists): Verdict {
  if (body['is_from'] === true) return { kind: 'write', reason: 'copy-from' };
  // COPY TO a server file or program has a side effect on that one host.
  if (body['filename'] !== undefined || body['is_program'] === true) return { kind: 'write', reason: 'copy-file' };
  const query = body['query'];
  if (query === undefined) return { kind: 'read', reason: 'copy-to' };
  const inner = classifyNode(asTree(query), lists);
  return inner.kind === 'read' ? { kind: 'read', reason: 'copy-to' } : inner;
}

/** Walks a whole query tree looking for anything that writes, locks or calls an unknown function. */
function classifyQuery(root: Tree, lists: FunctionLists, ifClean: Verdict): Verdict {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value as Tree)) {
      if (DML.has(key)) return { kind: 'write', reason: 'data-modifying-cte', detail: key };
      if (key === 'lockingClause' && asArray(child).length > 0) return { kind: 'write', reason: 'row-lock' };
      if (key === 'intoClause') return { kind: 'write', reason: 'select-into' };
      if (key === 'FuncCall') {
        const verdict = classifyFunction(asTree(child), lists);
        if (verdict !== undefined) return verdict;
      }
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return ifClean;
}

function classifyFunction(call: Tree, lists: FunctionLists): Verdict | undefined {
  const parts = asArray(call['funcname']).map((part) => String(asTree(asTree(part)['String'])['sval'] ?? ''));
  // The parser already folded unquoted names to lower case; a quoted "Lower" is another function.
  const qualified = parts.join('.');
  const name = parts[parts.length - 1] ?? '';
  if (lists.write.has(qualified) || lists.write.has(name)) {
    return { kind: 'write', reason: 'write-function', detail: qualified };
  }
  if (lists.readOnly.has(qualified) || lists.readOnly.has(name)) return undefined;
  const builtin = parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog');
  if (builtin && BUILTIN_WRITE_FUNCTIONS.has(name)) return { kind: 'write', reason: 'write-function', detail: qualified };
  if (builtin && BUILTIN_READ_ONLY_FUNCTIONS.has(name)) return undefined;
  return { kind: 'write', reason: 'unknown-function', detail: qualified };
}

function onlyEntry(node: Tree): [string, Tree] {
  for (const key in node) return [key, asTree(node[key])];
  return ['', {}];
}

function asTree(value: unknown): Tree {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Tree) : {};
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
