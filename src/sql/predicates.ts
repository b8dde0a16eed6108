/**
 * What a DML statement asks of each relation it reads, for the index advisor:
 * the AND-ed predicates of WHERE and JOIN ON, the ORDER BY, the columns it
 * reads. Uses pgsql-ast-parser's typed AST (via `./expression.ts`); callers
 * cache by statement text, since parsing costs about a millisecond.
 */
import { parse } from 'pgsql-ast-parser';
import type { Expr, From, SelectStatement, SelectedColumn, Statement } from 'pgsql-ast-parser';
import { classifyConjunct, conjunctsOf, operandOf } from './expression.js';
import type { Operand, Predicate, SortKey } from './expression.js';

export type { Operand, Predicate, PredicateKind, SortKey } from './expression.js';

/** A base relation named in a FROM, UPDATE or DELETE (CTE names and subqueries excluded). */
export interface RelationRef {
  readonly schema: string | null;
  readonly name: string;
  /** The alias, or null when the relation is referred to by its name. */
  readonly alias: string | null;
}

/** A predicate with the relation its operand belongs to, when the SQL says which. */
export interface ScopedPredicate extends Predicate {
  /** Relation of the operand; null when the column is unqualified and the scope has several relations. */
  readonly relation: RelationRef | null;
}

/** One query level (a SELECT, or the target of an UPDATE/DELETE). */
export interface QueryScope {
  readonly relations: readonly RelationRef[];
  readonly predicates: readonly ScopedPredicate[];
  /** ORDER BY keys when every key is a plain operand; empty otherwise. */
  readonly orderBy: readonly (SortKey & { readonly relation: RelationRef | null })[];
  readonly hasLimit: boolean;
  /** True for `SELECT *` or `t.*`: an index-only scan is out of reach. */
  readonly selectsAll: boolean;
  /** Every column the scope reads, with its relation when known. */
  readonly columns: readonly { readonly relation: RelationRef | null; readonly column: string }[];
}

export type StatementCommand = 'select' | 'insert' | 'update' | 'delete' | 'other';

export interface StatementPredicates {
  readonly command: StatementCommand;
  /** The relation an INSERT, UPDATE or DELETE writes. */
  readonly target: RelationRef | null;
  readonly scopes: readonly QueryScope[];
}

export type PredicatesResult =
  | { readonly ok: true; readonly statement: StatementPredicates }
  | { readonly ok: false; readonly error: string };

/** Reads the predicates of one statement; `{ ok: false }` with pgsql-ast-parser's message when it cannot. */
export function extractPredicates(sql: string): PredicatesResult {
  let statements: Statement[];
  try {
    statements = parse(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? 'parse error' : String(error);
    return { ok: false, error: message };
  }
  const first = statements[0];
  if (first === undefined) return { ok: false, error: 'no statement' };
  const walker = new Walker();
  const statement = walker.statement(first);
  return { ok: true, statement: { ...statement, scopes: walker.scopes } };
}

interface MutableScope {
  relations: RelationRef[];
  conditions: Expr[];
  orderBy: { by: Expr; descending: boolean }[];
  hasLimit: boolean;
  selectsAll: boolean;
  columnExprs: Expr[];
  selected: SelectedColumn[];
  parent: MutableScope | null;
}

class Walker {
  readonly scopes: QueryScope[] = [];
  readonly #cteNames: Set<string>[] = [];
  /** CTEs PostgreSQL inlines that read one table unchanged: a filter on them is a filter on the table. */
  readonly #inlined = new Map<string, RelationRef>();

  statement(stmt: Statement): { command: StatementCommand; target: RelationRef | null } {
    switch (stmt.type) {
      case 'select':
      case 'union':
      case 'union all':
      case 'with':
      case 'with recursive':
      case 'values':
        this.select(stmt, null);
        return { command: 'select', target: null };
      case 'update': {
        const target = relationOf(stmt.table.name, stmt.table.schema, stmt.table.alias);
        const scope = newScope(null);
        scope.relations.push(target);
        if (stmt.from) this.from(stmt.from, scope);
        if (stmt.where) scope.conditions.push(stmt.where);
        for (const set of stmt.sets) scope.columnExprs.push(set.value);
        this.finish(scope);
        return { command: 'update', target };
      }
      case 'delete': {
        const target = relationOf(stmt.from.name, stmt.from.schema, stmt.from.alias);
        const scope = newScope(null);
        scope.relations.push(target);
        if (stmt.where) scope.conditions.push(stmt.where);
        this.finish(scope);
        return { command: 'delete', target };
      }
      case 'insert': {
        const target = relationOf(stmt.into.name, stmt.into.schema, stmt.into.alias);
        this.select(stmt.insert, null);
        return { command: 'insert', target };
      }
      default:
        return { command: 'other', target: null };
    }
  }

  select(stmt: SelectStatement, parent: MutableScope | null): void {
    switch (stmt.type) {
      case 'union':
      case 'union all':
        this.select(stmt.left, parent);
        this.select(stmt.right, parent);
        return;
      case 'with': {
        this.#cteNames.push(new Set(stmt.bind.map((b) => b.alias.name)));
        for (const bind of stmt.bind) {
          const base = passThrough(bind.statement);
          if (base !== null) this.#inlined.set(bind.alias.name, base);
        }
        for (const bind of stmt.bind) this.nested(bind.statement, parent);
        this.nested(stmt.in, parent);
        this.#cteNames.pop();
        return;
      }
      case 'with recursive': {
        this.#cteNames.push(new Set([stmt.alias.name]));
        this.select(stmt.bind, parent);
        this.nested(stmt.in, parent);
        this.#cteNames.pop();
        return;
      }
      case 'values':
        return;
      case 'select': {
        const scope = newScope(parent);
        for (const from of stmt.from ?? []) this.from(from, scope);
        if (stmt.where) scope.conditions.push(stmt.where);
        for (const column of stmt.columns ?? []) {
          const expr = column.expr;
          if (expr.type === 'ref' && expr.name === '*') scope.selectsAll = true;
          scope.columnExprs.push(expr);
        }
        scope.selected = stmt.columns ?? [];
        for (const expr of stmt.groupBy ?? []) scope.columnExprs.push(expr);
        if (stmt.having) scope.columnExprs.push(stmt.having);
        for (const order of stmt.orderBy ?? []) {
          scope.orderBy.push({ by: order.by, descending: order.order === 'DESC' });
          scope.columnExprs.push(order.by);
        }
        scope.hasLimit = stmt.limit?.limit !== undefined && stmt.limit?.limit !== null;
        this.finish(scope);
        return;
      }
    }
  }

  /** Statements inside a WITH can be INSERT/UPDATE/DELETE too. */
  nested(stmt: Statement, parent: MutableScope | null): void {
    if (stmt.type === 'select' || stmt.type === 'union' || stmt.type === 'union all' || stmt.type === 'with' || stmt.type === 'with recursive' || stmt.type === 'values') {
      this.select(stmt, parent);
    } else this.statement(stmt);
  }

  from(from: From, scope: MutableScope): void {
    if (from.type === 'table') {
      const name = from.name;
      const isCte = name.schema === undefined && this.#cteNames.some((set) => set.has(name.name));
      const inlined = isCte ? this.#inlined.get(name.name) : undefined;
      if (!isCte) scope.relations.push(relationOf(name.name, name.schema, name.alias));
      else if (inlined !== undefined) scope.relations.push({ ...inlined, alias: name.alias ?? name.name });
    } else if (from.type === 'statement') {
      this.select(from.statement, scope);
    }
    if (from.join?.on) scope.conditions.push(from.join.on);
    if (from.join?.using) {
      // USING (col): an equality join on a column both sides share.
      for (const column of from.join.using) scope.columnExprs.push({ type: 'ref', name: column.name });
    }
  }

  finish(scope: MutableScope): void {
    const predicates: ScopedPredicate[] = [];
    for (const condition of scope.conditions) {
      for (const conjunct of conjunctsOf(condition)) {
        this.subqueries(conjunct, scope);
        for (const p of classifyConjunct(conjunct)) {
          // A level that reads no base relation (only CTEs or subqueries) has nothing to index.
          if (scope.relations.length === 0) break;
          const relation = resolve(p.operand, scope);
          if (relation === 'outer') continue;
          if (p.kind === 'join' && p.other !== null && resolve(p.other, scope) === 'outer') {
            // A correlated reference is a value for this level: an equality the index can use.
            predicates.push({ ...p, kind: 'eq', other: null, relation });
          } else predicates.push({ ...p, relation });
        }
        scope.columnExprs.push(conjunct);
      }
    }
    const orderBy: (SortKey & { relation: RelationRef | null })[] = [];
    for (const order of scope.orderBy) {
      const operand = sortOperand(order.by, scope.selected);
      if (operand === null) {
        orderBy.length = 0;
        break;
      }
      const relation = resolve(operand, scope);
      if (relation === 'outer') {
        orderBy.length = 0;
        break;
      }
      orderBy.push({ operand, descending: order.descending, relation });
    }
    const columns: { relation: RelationRef | null; column: string }[] = [];
    const seen = new Set<string>();
    for (const expr of scope.columnExprs) {
      for (const ref of columnRefs(expr)) {
        const relation = resolve({ qualifier: ref.qualifier, key: ref.column, columns: [ref.column], isExpression: false }, scope);
        if (relation === 'outer') continue;
        const id = `${relation?.alias ?? relation?.name ?? ''}.${ref.column}`;
        if (seen.has(id)) continue;
        seen.add(id);
        columns.push({ relation, column: ref.column });
      }
    }
    this.scopes.push({
      relations: scope.relations,
      predicates,
      orderBy,
      hasLimit: scope.hasLimit,
      selectsAll: scope.selectsAll,
      columns,
    });
  }

  /** EXISTS / IN (SELECT ...) / scalar subqueries are scopes of their own. */
  subqueries(expr: Expr, scope: MutableScope): void {
    const visit = (e: Expr): void => {
      switch (e.type) {
        case 'select':
        case 'union':
        case 'union all':
        case 'with':
        case 'with recursive':
          this.select(e, scope);
          return;
        case 'binary':
          visit(e.left);
          visit(e.right);
          return;
        case 'unary':
          visit(e.operand);
          return;
        case 'call':
          for (const arg of e.args) visit(arg);
          return;
        case 'cast':
          visit(e.operand);
          return;
        case 'list':
        case 'array':
          for (const item of e.expressions) visit(item);
          return;
        default:
          return;
      }
    };
    visit(expr);
  }
}

/**
 * The table a CTE body passes through unchanged (`SELECT * | columns FROM t [WHERE ...]`,
 * no grouping, DISTINCT, LIMIT, ORDER BY or renamed columns), or null.
 */
function passThrough(stmt: Statement): RelationRef | null {
  if (stmt.type !== 'select') return null;
  const from = stmt.from ?? [];
  const first = from[0];
  if (from.length !== 1 || first === undefined || first.type !== 'table' || first.join) return null;
  if (stmt.groupBy || stmt.having || stmt.distinct || stmt.limit || stmt.orderBy) return null;
  const plain = (stmt.columns ?? []).every((c) => c.expr.type === 'ref' && (c.alias === undefined || c.alias.name === c.expr.name));
  return plain ? { schema: first.name.schema ?? null, name: first.name.name, alias: null } : null;
}

function newScope(parent: MutableScope | null): MutableScope {
  return { relations: [], conditions: [], orderBy: [], hasLimit: false, selectsAll: false, columnExprs: [], selected: [], parent };
}

function relationOf(name: string, schema: string | undefined, alias: string | undefined): RelationRef {
  return { schema: schema ?? null, name, alias: alias ?? null };
}

/**
 * The relation of an operand within a scope: by qualifier (alias first, then
 * name), 'outer' when the qualifier names an enclosing scope's relation, the
 * only relation when unqualified in a one-relation scope, else null.
 */
function resolve(operand: Operand, scope: MutableScope): RelationRef | null | 'outer' {
  const qualifier = operand.qualifier;
  if (qualifier === null) return scope.relations.length === 1 ? scope.relations[0]! : null;
  const own = findRelation(qualifier, scope.relations);
  if (own !== undefined) return own;
  for (let outer = scope.parent; outer !== null; outer = outer.parent) {
    if (findRelation(qualifier, outer.relations) !== undefined) return 'outer';
  }
  return null;
}

function findRelation(qualifier: string, relations: readonly RelationRef[]): RelationRef | undefined {
  return relations.find((r) => r.alias === qualifier) ?? relations.find((r) => r.alias === null && r.name === qualifier);
}

/** ORDER BY 1 and ORDER BY <alias> refer to the select list. */
function sortOperand(by: Expr, selected: readonly SelectedColumn[]): Operand | null {
  if (by.type === 'integer') {
    const column = selected[by.value - 1];
    return column === undefined ? null : operandOf(column.expr);
  }
  if (by.type === 'ref' && by.table === undefined) {
    const aliased = selected.find((c) => c.alias?.name === by.name);
    if (aliased !== undefined) return operandOf(aliased.expr);
  }
  return operandOf(by);
}

function columnRefs(expr: Expr): { qualifier: string | null; column: string }[] {
  const refs: { qualifier: string | null; column: string }[] = [];
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'ref':
        if (e.name !== '*') refs.push({ qualifier: e.table?.name ?? null, column: e.name });
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'cast':
        visit(e.operand);
        return;
      case 'call':
        for (const arg of e.args) visit(arg);
        if (e.filter) visit(e.filter);
        return;
      case 'member':
        visit(e.operand);
        return;
      case 'ternary':
        visit(e.value);
        visit(e.lo);
        visit(e.hi);
        return;
      case 'list':
      case 'array':
        for (const item of e.expressions) visit(item);
        return;
      case 'case':
        if (e.value) visit(e.value);
        for (const when of e.whens) {
          visit(when.when);
          visit(when.value);
        }
        if (e.else) visit(e.else);
        return;
      case 'arrayIndex':
        visit(e.array);
        visit(e.index);
        return;
      case 'extract':
        visit(e.from);
        return;
      default:
        return;
    }
  };
  visit(expr);
  return refs;
}
