/**
 * Index-relevant predicates out of SQL expressions, with pgsql-ast-parser's
 * typed AST. Used for the WHERE and JOIN clauses of DML statements (see
 * `./predicates.ts`) and for the expression strings inside plans (`Filter`,
 * `Index Cond`, `Join Filter`, `Sort Key`), which PostgreSQL prints as SQL.
 */
import { parse } from 'pgsql-ast-parser';
import type { Expr } from 'pgsql-ast-parser';

/** What a conjunct does to one operand, as far as an index is concerned. */
export type PredicateKind =
  | 'eq'
  | 'in'
  | 'range'
  | 'is-null'
  | 'is-not-null'
  | 'like'
  | 'contains'
  | 'join';

/** A column or an indexable expression over columns of one relation. */
export interface Operand {
  /** Table name or alias the reference was qualified with, or null. */
  readonly qualifier: string | null;
  /** Column name, or canonical expression text such as `lower(email)`. */
  readonly key: string;
  /** Columns the key reads. */
  readonly columns: readonly string[];
  readonly isExpression: boolean;
}

/** One AND-ed condition on one operand. */
export interface Predicate {
  readonly kind: PredicateKind;
  readonly operand: Operand;
  /** Operator as written (`=`, `<`, `LIKE`, `ILIKE`, `@>`, `IS NULL`, ...). */
  readonly operator: string;
  /** For `join`, the column on the other side. */
  readonly other: Operand | null;
  /** The literal on the other side as SQL (`'pending'`, `42`, `true`), when it is one. */
  readonly constant: string | null;
  /** The literal's string value (a LIKE pattern), when it is a string. */
  readonly text: string | null;
  /** The `$n` number on the other side, when it is a parameter. */
  readonly parameter: number | null;
}

/** A sort key of an ORDER BY or a plan's `Sort Key`. */
export interface SortKey {
  readonly operand: Operand;
  readonly descending: boolean;
}

/** Double-quotes an identifier when PostgreSQL would otherwise fold or reject it. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

// Reserved key words that cannot be column or table names unquoted.
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is ' +
    'isnull join left like natural notnull outer overlaps right similar tablesample verbose')
    .split(' '),
);

/** Splits an expression into its top-level AND-ed parts. */
export function conjunctsOf(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === 'AND') return [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)];
  return [expr];
}

function stripCasts(expr: Expr): Expr {
  let current = expr;
  while (current.type === 'cast') current = current.operand;
  return current;
}

/**
 * Canonical text of an index key expression: casts dropped, no qualifiers,
 * identifiers quoted only where needed. Null when the expression is not one
 * an index can be built on (subqueries, parameters, aggregates...).
 */
export function renderKeyExpression(expr: Expr): string | null {
  const e = stripCasts(expr);
  switch (e.type) {
    case 'ref':
      return e.name === '*' ? null : quoteIdentifier(e.name);
    case 'string':
      return `'${e.value.replaceAll("'", "''")}'`;
    case 'integer':
    case 'numeric':
      return String(e.value);
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'call': {
      if (e.over || e.filter || e.orderBy) return null;
      const args: string[] = [];
      for (const arg of e.args) {
        const text = renderKeyExpression(arg);
        if (text === null) return null;
        args.push(text);
      }
      const name = e.function.schema === undefined ? e.function.name : `${e.function.schema}.${e.function.name}`;
      return `${name.toLowerCase()}(${args.join(', ')})`;
    }
    case 'member': {
      const operand = renderKeyExpression(e.operand);
      if (operand === null) return null;
      const member = typeof e.member === 'number' ? String(e.member) : `'${e.member.replaceAll("'", "''")}'`;
      return `(${operand} ${e.op} ${member})`;
    }
    case 'binary': {
      if (e.op === 'AND' || e.op === 'OR') return null;
      const left = renderKeyExpression(e.left);
      const right = renderKeyExpression(e.right);
      return left === null || right === null ? null : `(${left} ${e.op} ${right})`;
    }
    default:
      return null;
  }
}

function collectColumns(expr: Expr, into: Set<string>, qualifiers: Set<string | null>): void {
  const e = stripCasts(expr);
  if (e.type === 'ref') {
    into.add(e.name);
    qualifiers.add(e.table?.name ?? null);
  } else if (e.type === 'call') for (const arg of e.args) collectColumns(arg, into, qualifiers);
  else if (e.type === 'member') collectColumns(e.operand, into, qualifiers);
  else if (e.type === 'binary') {
    collectColumns(e.left, into, qualifiers);
    collectColumns(e.right, into, qualifiers);
  }
}

/** The indexable operand an expression denotes, or null (a literal, a parameter, several relations...). */
export function operandOf(expr: Expr): Operand | null {
  const e = stripCasts(expr);
  if (e.type === 'ref') {
    if (e.name === '*') return null;
    return { qualifier: e.table?.name ?? null, key: e.name, columns: [e.name], isExpression: false };
  }
  if (e.type !== 'call' && e.type !== 'member' && e.type !== 'binary') return null;
  const columns = new Set<string>();
  const qualifiers = new Set<string | null>();
  collectColumns(e, columns, qualifiers);
  // An expression over no column is a value; over two relations it is not one index's key.
  if (columns.size === 0 || qualifiers.size !== 1) return null;
  const key = renderKeyExpression(e);
  if (key === null) return null;
  return { qualifier: [...qualifiers][0] ?? null, key, columns: [...columns], isExpression: true };
}

type ValueInfo =
  | { readonly type: 'constant'; readonly sql: string; readonly text: string | null }
  | { readonly type: 'parameter'; readonly index: number }
  | { readonly type: 'opaque' };

/** What stands on the value side of a comparison, or null when it reads columns (a join or a filter between columns). */
function valueOf(expr: Expr): ValueInfo | null {
  const e = stripCasts(expr);
  switch (e.type) {
    case 'string':
      return { type: 'constant', sql: `'${e.value.replaceAll("'", "''")}'`, text: e.value };
    case 'integer':
    case 'numeric':
      return { type: 'constant', sql: String(e.value), text: null };
    case 'boolean':
      return { type: 'constant', sql: e.value ? 'true' : 'false', text: null };
    case 'parameter': {
      const index = Number(e.name.replace(/^\$/, ''));
      return Number.isInteger(index) && index > 0 ? { type: 'parameter', index } : { type: 'opaque' };
    }
    case 'ref':
      return null;
    case 'keyword':
    case 'select':
    case 'union':
    case 'union all':
    case 'with':
    case 'values':
    case 'list':
    case 'array':
      return { type: 'opaque' };
    default: {
      // A call over no column (now(), $1::date + 1) is a value for the planner.
      const columns = new Set<string>();
      collectColumns(e, columns, new Set());
      return columns.size === 0 ? { type: 'opaque' } : null;
    }
  }
}

const FLIPPED: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=' };
const RANGE = new Set(['<', '>', '<=', '>=']);
const CONTAINS = new Set(['@>', '<@', '?', '?|', '?&', '@@', '&&']);

function predicate(
  kind: PredicateKind,
  operand: Operand,
  operator: string,
  value: ValueInfo | null,
  other: Operand | null = null,
): Predicate {
  return {
    kind,
    operand,
    operator,
    other,
    constant: value?.type === 'constant' ? value.sql : null,
    text: value?.type === 'constant' ? value.text : null,
    parameter: value?.type === 'parameter' ? value.index : null,
  };
}

/** The index-relevant predicates of one conjunct (none for OR, NOT, `<>` and other unindexable shapes). */
export function classifyConjunct(expr: Expr): Predicate[] {
  const e = stripCasts(expr);
  if (e.type === 'ref' && e.name !== '*') {
    // `WHERE active`: a boolean column compared with true.
    const operand = operandOf(e);
    return operand === null ? [] : [predicate('eq', operand, '=', { type: 'constant', sql: 'true', text: null })];
  }
  if (e.type === 'unary') {
    const operand = operandOf(e.operand);
    if (operand === null) return [];
    if (e.op === 'IS NULL') return [predicate('is-null', operand, 'IS NULL', null)];
    if (e.op === 'IS NOT NULL') return [predicate('is-not-null', operand, 'IS NOT NULL', null)];
    if (e.op === 'NOT' && !operand.isExpression) {
      return [predicate('eq', operand, '=', { type: 'constant', sql: 'false', text: null })];
    }
    return [];
  }
  if (e.type === 'ternary') {
    const operand = operandOf(e.value);
    return operand !== null && e.op === 'BETWEEN' ? [predicate('range', operand, 'BETWEEN', valueOf(e.lo))] : [];
  }
  if (e.type !== 'binary') return [];
  const op = e.op;
  if (op === 'AND' || op === 'OR') return [];
  let leftOperand = operandOf(e.left);
  let rightOperand = operandOf(e.right);
  let left = e.left;
  let right = e.right;
  let operator: string = op;
  if (leftOperand === null && rightOperand !== null && FLIPPED[op] !== undefined) {
    [left, right] = [right, left];
    [leftOperand, rightOperand] = [rightOperand, leftOperand];
    operator = FLIPPED[op]!;
  }
  if (leftOperand === null) return [];
  const value = valueOf(right);
  if (operator === '=') {
    const r = stripCasts(right);
    if (r.type === 'call' && r.function.name.toLowerCase() === 'any' && r.function.schema === undefined) {
      return [predicate('in', leftOperand, '= ANY', valueOf(r.args[0] ?? r))];
    }
    if (value === null && rightOperand !== null && rightOperand.qualifier !== leftOperand.qualifier) {
      return [
        predicate('join', leftOperand, '=', null, rightOperand),
        predicate('join', rightOperand, '=', null, leftOperand),
      ];
    }
    return value === null ? [] : [predicate('eq', leftOperand, '=', value)];
  }
  if (operator === 'IN') return [predicate('in', leftOperand, 'IN', { type: 'opaque' })];
  if (RANGE.has(operator)) {
    if (value === null && rightOperand !== null && rightOperand.qualifier !== leftOperand.qualifier) {
      // A range join (`b.ts > a.ts`) only helps the inner side of a nested loop; keep it as a range.
      return [predicate('range', leftOperand, operator, { type: 'opaque' })];
    }
    return value === null ? [] : [predicate('range', leftOperand, operator, value)];
  }
  if (operator === 'LIKE' || operator === 'ILIKE') {
    return value === null ? [] : [predicate('like', leftOperand, operator, value)];
  }
  if (CONTAINS.has(operator)) return value === null ? [] : [predicate('contains', leftOperand, operator, value)];
  return [];
}

/**
 * Canonical text of a boolean condition (a partial-index predicate): AND-ed
 * parts, casts dropped, so `((status)::text = 'x'::text)` reads `status = 'x'`.
 * Falls back to the input, trimmed, when it cannot be read.
 */
export function canonicalCondition(text: string): string {
  const expr = parseExpression(text);
  if (expr === null) return text.trim();
  const parts = conjunctsOf(expr).map((part) => {
    const e = stripCasts(part);
    if (e.type === 'unary' && (e.op === 'IS NULL' || e.op === 'IS NOT NULL')) {
      const operand = renderKeyExpression(e.operand);
      return operand === null ? null : `${operand} ${e.op}`;
    }
    if (e.type === 'binary') {
      const left = renderKeyExpression(e.left);
      const right = renderKeyExpression(e.right);
      return left === null || right === null ? null : `${left} ${e.op} ${right}`;
    }
    return renderKeyExpression(e);
  });
  return parts.some((p) => p === null) ? text.trim() : parts.join(' AND ');
}

/** Parses one SQL expression; null when pgsql-ast-parser cannot read it. */
export function parseExpression(text: string): Expr | null {
  try {
    return parse(text, 'expr');
  } catch {
    return null;
  }
}

/**
 * Predicates of a plan condition such as `Filter`, `Index Cond`, `Recheck Cond`
 * or `Join Filter`: `((status)::text = 'pending'::text)`. Empty when the text
 * cannot be read.
 */
export function parsePlanCondition(text: string): Predicate[] {
  const expr = parseExpression(text);
  if (expr === null) return [];
  return conjunctsOf(expr).flatMap(classifyConjunct);
}

/** One item of a plan's `Sort Key` (`o.created_at DESC`, `(lower(email))`), or null. */
export function parsePlanSortKey(text: string): SortKey | null {
  let body = text.trim().replace(/\s+NULLS\s+(FIRST|LAST)$/i, '');
  let descending = false;
  const direction = /\s+(ASC|DESC)$/i.exec(body);
  if (direction !== null) {
    descending = direction[1]!.toUpperCase() === 'DESC';
    body = body.slice(0, direction.index);
  }
  const expr = parseExpression(body);
  const operand = expr === null ? null : operandOf(expr);
  return operand === null ? null : { operand, descending };
}
