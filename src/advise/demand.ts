/**
 * What one statement asks of each table it reads: equality, range, IN, IS
 * NULL, LIKE, containment, sort and join keys, taken from the SQL and, when
 * the SQL cannot be read or lacks literals, from the plans the log recorded
 * (`Filter`, `Index Cond`, `Join Filter`, `Sort Key`, `Rows Removed by Filter`).
 */
import type { QueryStats } from '../analyze/types.js';
import type { PlanNode } from '../plan/types.js';
import { numberProp, stringListProp, stringProp } from '../plan/accessors.js';
import { inclusiveTimeMs } from '../plan/metrics.js';
import { walkPlan } from '../plan/walk.js';
import { parsePlanCondition, parsePlanSortKey } from '../sql/expression.js';
import { extractPredicates } from '../sql/predicates.js';
import type { Predicate, RelationRef, ScopedPredicate, StatementCommand, StatementPredicates } from '../sql/predicates.js';
import type { Catalog, TableFacts } from './catalog.js';

/** One column or expression the statement constrains, with how. */
export interface Condition {
  readonly kind: Predicate['kind'];
  readonly key: string;
  readonly expression: boolean;
  readonly columns: readonly string[];
  readonly operator: string;
  /** SQL literal when the statement (or every plan of it) compares with one constant. */
  readonly constant: string | null;
  /** A LIKE pattern when known (from the SQL, the plans or the logged parameters). */
  readonly pattern: string | null;
}

/** What was seen in the plans for one table of one statement. */
export interface ScanFacts {
  /** Rows the scans read (returned + removed by filter), per execution. */
  readonly rowsRead: number | null;
  /** Rows the scans returned, per execution. */
  readonly rowsReturned: number | null;
  /** Exclusive time of the scans of this table, per execution, in ms. */
  readonly scanMs: number;
  /** Rows in the table, when a sequential scan read all of it (no LIMIT above it cut it short). */
  readonly tableRows: number | null;
  /** True when the plan read the table with a sequential scan. */
  readonly sequential: boolean;
  /** Indexes the plan already used on the table. */
  readonly indexesUsed: readonly string[];
}

export interface TableDemand {
  readonly table: TableFacts;
  readonly conditions: readonly Condition[];
  /** Join columns to other relations of the same query level. */
  readonly joinKeys: readonly string[];
  readonly sort: readonly { readonly key: string; readonly expression: boolean; readonly descending: boolean }[];
  readonly hasLimit: boolean;
  /** Columns of this table the query level reads; null when it selects `*`. */
  readonly readColumns: readonly string[] | null;
  readonly select: boolean;
  readonly scan: ScanFacts | null;
}

export interface QueryDemands {
  readonly query: QueryStats;
  readonly command: StatementCommand;
  /** Table the statement writes (INSERT, UPDATE, DELETE), `schema.table`. */
  readonly writes: string | null;
  readonly demands: readonly TableDemand[];
  /** Why the statement offers nothing to index, when `demands` is empty. */
  readonly problem: string | null;
}

const parseCache = new Map<string, ReturnType<typeof extractPredicates>>();

function parsed(sql: string): ReturnType<typeof extractPredicates> {
  let result = parseCache.get(sql);
  if (result === undefined) {
    result = extractPredicates(sql);
    if (parseCache.size > 10_000) parseCache.clear();
    parseCache.set(sql, result);
  }
  return result;
}

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** The schema the statement itself gives `name` (`shop.orders`), from the tables libpg-query found; else null. */
function schemaFromQueryTables(query: QueryStats, name: string): string | null {
  const qualified = query.tables.find((table) => table.endsWith(`.${name}`) && table.split('.').length === 2);
  return qualified === undefined ? null : qualified.slice(0, -name.length - 1);
}

/** A catalog that knows nothing: every named relation is taken to be a table in `public`. */
function assumedTable(relation: RelationRef): TableFacts {
  return { schema: relation.schema ?? 'public', name: relation.name, kind: 'table', rows: null, columns: new Map(), indexes: [] };
}

/** Reads one statement's demands against the catalog (null catalog: offline without schema). */
export function queryDemands(query: QueryStats, catalog: Catalog | null): QueryDemands {
  const result = parsed(query.query);
  const scans = planScans(query);
  if (!result.ok) {
    const keyword = /^\s*(\w+)/.exec(query.query)?.[1]?.toUpperCase() ?? '';
    if (!['SELECT', 'WITH', 'UPDATE', 'DELETE', 'INSERT', 'MERGE', 'TABLE', 'VALUES'].includes(keyword) && query.plans.length === 0) {
      return { query, command: 'other', writes: null, demands: [], problem: `not a query an index can serve (${keyword || 'empty'})` };
    }
    const fromPlans = demandsFromPlans(query, catalog, scans);
    return {
      query,
      command: 'other',
      writes: null,
      demands: fromPlans,
      problem: fromPlans.length > 0 ? null : `the SQL could not be analysed (${result.error}) and no plan shows a filter`,
    };
  }
  return fromStatement(query, result.statement, catalog, scans);
}

function tableKey(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}

function fromStatement(
  query: QueryStats,
  statement: StatementPredicates,
  catalog: Catalog | null,
  scans: Map<string, PlanScan>,
): QueryDemands {
  const missing: string[] = [];
  const isSystem = (relation: RelationRef): boolean =>
    (relation.schema !== null && SYSTEM_SCHEMAS.has(relation.schema)) || (relation.schema === null && relation.name.startsWith('pg_'));
  const lookup = (relation: RelationRef): TableFacts | undefined => {
    if (isSystem(relation)) return undefined;
    if (catalog === null) return assumedTable(relation);
    const found = catalog.find(relation.schema, relation.name);
    if (found === undefined) missing.push(relation.schema === null ? relation.name : `${relation.schema}.${relation.name}`);
    return found;
  };
  const writesTable = statement.target === null ? undefined : lookup(statement.target);
  const demands: TableDemand[] = [];
  const notTables: string[] = [];
  let sawRelation = false;
  for (const scope of statement.scopes) {
    const facts = new Map<RelationRef, TableFacts>();
    for (const relation of scope.relations) {
      if (isSystem(relation)) continue;
      sawRelation = true;
      const table = lookup(relation);
      if (table !== undefined) facts.set(relation, table);
    }
    // Unqualified columns in a multi-table scope belong to the one table that has them.
    const owner = (relation: RelationRef | null, columns: readonly string[]): RelationRef | undefined => {
      if (relation !== null) return relation;
      const owners = scope.relations.filter((r) => {
        const table = facts.get(r);
        return table !== undefined && columns.every((c) => table.columns.has(c));
      });
      return owners.length === 1 ? owners[0] : undefined;
    };
    for (const [relation, table] of facts) {
      if (table.kind !== 'table' && table.kind !== 'partitioned' && table.kind !== 'materialized view') {
        notTables.push(`${table.schema}.${table.name} is a ${table.kind}`);
        continue;
      }
      const mine = (p: ScopedPredicate): boolean => owner(p.relation, p.operand.columns) === relation;
      const conditions: Condition[] = [];
      const joinKeys: string[] = [];
      const scan = scans.get(tableKey(table)) ?? scans.get(table.name) ?? null;
      for (const p of scope.predicates) {
        if (!mine(p)) continue;
        if (p.kind === 'join') {
          if (!p.operand.isExpression) joinKeys.push(p.operand.key);
          continue;
        }
        conditions.push(condition(p, query, scan));
      }
      const sort =
        scope.orderBy.length > 0 && scope.orderBy.every((s) => owner(s.relation, s.operand.columns) === relation)
          ? scope.orderBy.map((s) => ({ key: s.operand.key, expression: s.operand.isExpression, descending: s.descending }))
          : [];
      if (conditions.length === 0 && joinKeys.length === 0 && sort.length === 0) continue;
      const readColumns = scope.selectsAll
        ? null
        : [...new Set(scope.columns.filter((c) => owner(c.relation, [c.column]) === relation).map((c) => c.column))];
      demands.push({
        table,
        conditions,
        joinKeys: [...new Set(joinKeys)],
        sort,
        hasLimit: scope.hasLimit,
        readColumns,
        select: statement.command === 'select',
        scan: scan === undefined || scan === null ? null : scan.facts,
      });
    }
  }
  let problem: string | null = null;
  if (demands.length === 0) {
    if (!sawRelation) problem = 'no table to index';
    else if (notTables.length > 0) problem = `${notTables.join(', ')}: index the tables it reads`;
    else if (missing.length > 0) problem = `${missing.join(', ')} not found in the catalog (a view, a CTE or a missing table)`;
    else problem = 'no indexable predicate';
  }
  return {
    query,
    command: statement.command,
    writes: writesTable === undefined ? null : tableKey(writesTable),
    demands,
    problem,
  };
}

/**
 * One condition; a `$n` compared in the SQL is completed with what the plans
 * and logged parameters say: the constant when every plan (two or more) used
 * the same one, the LIKE pattern when one was seen.
 */
function condition(p: Predicate, query: QueryStats, scan: PlanScan | null): Condition {
  // A literal left in the statement's text is one call's value (unnormalized input), not a constant of the
  // workload: only booleans (`WHERE active`, `NOT done`) are taken as they stand.
  let constant = p.constant === 'true' || p.constant === 'false' ? p.constant : null;
  let pattern = p.kind === 'like' ? p.text : null;
  if (p.parameter !== null && p.kind === 'like' && pattern === null) {
    const value = query.exampleParams?.[p.parameter - 1];
    if (typeof value === 'string') pattern = value;
  }
  if (constant === null && scan !== null && (p.kind === 'eq' || p.kind === 'like')) {
    const seen = scan.constants.get(p.operand.key);
    // A partial index needs the constant at planning time: only when the application sends literals
    // (the logged example has no $n) can a constant seen in every plan be relied on.
    const sendsLiterals = query.example !== undefined && !/\$\d/.test(query.example);
    if (sendsLiterals && seen !== undefined && seen.plans >= 2 && seen.values.size === 1 && p.kind === 'eq') constant = [...seen.values][0]!;
    if (p.kind === 'like' && pattern === null && seen !== undefined && seen.patterns.length > 0) pattern = seen.patterns[0]!;
  }
  return {
    kind: p.kind,
    key: p.operand.key,
    expression: p.operand.isExpression,
    columns: p.operand.columns,
    operator: p.operator,
    constant,
    pattern,
  };
}

interface PlanScan {
  readonly facts: ScanFacts;
  readonly table: { schema: string | null; name: string };
  /** column/expression key -> constants compared with it, and in how many plans. */
  readonly constants: Map<string, { values: Set<string>; patterns: string[]; plans: number }>;
  readonly filters: Predicate[];
  readonly sortKeys: { key: string; expression: boolean; descending: boolean }[];
}

const SCAN_TYPES = new Set(['Seq Scan', 'Index Scan', 'Index Only Scan', 'Bitmap Heap Scan', 'Tid Scan', 'Tid Range Scan']);

/** Per table (`schema.name` or `?.name` when the plan has no schema), what the plans show. */
function planScans(query: QueryStats): Map<string, PlanScan> {
  const scans = new Map<string, PlanScan>();
  const accumulators = new Map<
    string,
    { read: number; returned: number; ms: number; sequential: boolean; limited: boolean; used: Set<string>; plans: number; scan: PlanScan }
  >();
  query.plans.forEach((plan) => {
    const sortAbove = new Map<PlanNode, string[]>();
    const parents = new Map<PlanNode, PlanNode | undefined>();
    for (const { node, parent } of walkPlan(plan.root)) parents.set(node, parent);
    for (const { node } of walkPlan(plan.root)) {
      if (node.nodeType === 'Sort' || node.nodeType === 'Incremental Sort') {
        const keys = stringListProp(node, 'Sort Key') ?? [];
        for (const { node: below } of walkPlan(node)) if (SCAN_TYPES.has(below.nodeType)) sortAbove.set(below, [...keys]);
      }
      if (!SCAN_TYPES.has(node.nodeType)) continue;
      const name = stringProp(node, 'Relation Name');
      if (name === undefined) continue;
      const schema = stringProp(node, 'Schema') ?? null;
      // Plans name the schema only with VERBOSE; without it the table is matched by name.
      const id = schema === null ? name : `${schema}.${name}`;
      let acc = accumulators.get(id);
      if (acc === undefined) {
        acc = {
          read: 0,
          returned: 0,
          ms: 0,
          sequential: false,
          limited: false,
          used: new Set(),
          plans: 0,
          scan: {
            facts: { rowsRead: null, rowsReturned: null, tableRows: null, scanMs: 0, sequential: false, indexesUsed: [] },
            table: { schema, name },
            constants: new Map(),
            filters: [],
            sortKeys: [],
          },
        };
        accumulators.set(id, acc);
      }
      const loops = Math.max(numberProp(node, 'Actual Loops') ?? 1, 1);
      const rows = numberProp(node, 'Actual Rows') ?? numberProp(node, 'Plan Rows') ?? 0;
      const removed = (numberProp(node, 'Rows Removed by Filter') ?? 0) + (numberProp(node, 'Rows Removed by Index Recheck') ?? 0);
      acc.read += (rows + removed) * loops;
      acc.returned += rows * loops;
      acc.ms += singleTableTimeMs(node, parents);
      if (node.nodeType === 'Seq Scan') acc.sequential = true;
      for (let up = parents.get(node); up !== undefined; up = parents.get(up)) if (up.nodeType === 'Limit') acc.limited = true;
      const index = stringProp(node, 'Index Name');
      if (index !== undefined) acc.used.add(index);
      const conditions = ['Filter', 'Index Cond', 'Recheck Cond', 'Join Filter']
        .map((k) => stringProp(node, k))
        .filter((t): t is string => t !== undefined);
      const seenHere = new Set<string>();
      for (const text of conditions) {
        for (const p of parsePlanCondition(text)) {
          acc.scan.filters.push(p);
          if (p.constant === null) continue;
          let entry = acc.scan.constants.get(p.operand.key);
          if (entry === undefined) {
            entry = { values: new Set(), patterns: [], plans: 0 };
            acc.scan.constants.set(p.operand.key, entry);
          }
          if (p.kind === 'like' && p.text !== null) entry.patterns.push(p.text);
          else entry.values.add(p.constant);
          if (!seenHere.has(p.operand.key)) entry.plans++;
          seenHere.add(p.operand.key);
        }
      }
      for (const key of sortAbove.get(node) ?? []) {
        const sortKey = parsePlanSortKey(key);
        if (sortKey !== null) acc.scan.sortKeys.push({ key: sortKey.operand.key, expression: sortKey.operand.isExpression, descending: sortKey.descending });
      }
      acc.plans++;
    }
  });
  for (const [id, acc] of accumulators) {
    const perPlan = Math.max(query.plans.length, 1);
    scans.set(id, {
      ...acc.scan,
      facts: {
        rowsRead: acc.read / perPlan,
        rowsReturned: acc.returned / perPlan,
        scanMs: acc.ms / perPlan,
        tableRows: acc.sequential && !acc.limited ? acc.read / perPlan : null,
        sequential: acc.sequential,
        indexesUsed: [...acc.used],
      },
    });
  }
  return scans;
}

function relationsBelow(node: PlanNode): Set<string> {
  const names = new Set<string>();
  for (const { node: n } of walkPlan(node)) {
    const name = stringProp(n, 'Relation Name');
    if (name !== undefined) names.add(name);
  }
  return names;
}

/**
 * Time of the largest part of the plan that works on this scan's table alone
 * (the scan and the Sort, Aggregate, Gather... above it): what an index on the
 * table can remove. Exclusive scan time alone undercounts parallel plans,
 * where the leader's time shows up in Gather.
 */
function singleTableTimeMs(scan: PlanNode, parents: Map<PlanNode, PlanNode | undefined>): number {
  let top = scan;
  for (let parent = parents.get(scan); parent !== undefined; parent = parents.get(parent)) {
    if (relationsBelow(parent).size > 1) break;
    top = parent;
  }
  return inclusiveTimeMs(top);
}

/** When the SQL cannot be read, the plans' filters and sort keys still say what each table is asked. */
function demandsFromPlans(query: QueryStats, catalog: Catalog | null, scans: Map<string, PlanScan>): TableDemand[] {
  const demands: TableDemand[] = [];
  for (const scan of scans.values()) {
    // Plans name the schema only with VERBOSE; PostgreSQL's parser read the SQL's own qualified names.
    const relation: RelationRef = { schema: scan.table.schema ?? schemaFromQueryTables(query, scan.table.name), name: scan.table.name, alias: null };
    const table = catalog === null ? assumedTable(relation) : catalog.find(relation.schema, relation.name);
    if (table === undefined) continue;
    const conditions = scan.filters
      // A scan's own Filter only reads its relation (qualified by alias when the query has several).
      .filter((p) => p.kind !== 'join')
      .map((p) => condition(p, query, scan));
    if (conditions.length === 0 && scan.sortKeys.length === 0) continue;
    demands.push({
      table,
      conditions,
      joinKeys: [],
      sort: scan.sortKeys,
      hasLimit: false,
      readColumns: null,
      select: true,
      scan: scan.facts,
    });
  }
  return demands;
}
