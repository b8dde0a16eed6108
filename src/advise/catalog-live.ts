/**
 * Live catalog: tables, columns, row estimates and indexes (with their usage
 * counters from `pg_stat_user_indexes` and sizes) read from the database
 * the advisor is pointed at. Read-only catalog queries only.
 */
import { canonicalCondition, operandOf, parseExpression } from '../sql/expression.js';
import type { ExistingIndex, IndexKey, RelationKind, TableFacts } from './catalog.js';
import { StaticCatalog } from './catalog.js';

/** The part of `pg.Client` the advisor uses. */
export interface Queryable {
  query<Row extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

const KINDS: Readonly<Record<string, RelationKind>> = { r: 'table', p: 'partitioned', v: 'view', m: 'materialized view', f: 'foreign table' };

const TABLES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS rows,
       coalesce((SELECT json_agg(json_build_array(a.attname, t.typname) ORDER BY a.attnum)
                 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json) AS columns
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

const INDEXES_SQL = `
SELECT n.nspname AS schema, t.relname AS "table", ic.relname AS name, am.amname AS using,
       i.indisunique AS unique, i.indisvalid AS valid, i.indnkeyatts AS nkeys,
       i.indisprimary OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS "constraint",
       pg_get_expr(i.indpred, i.indrelid) AS "where",
       array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) k) AS columns,
       i.indoption::text AS options,
       array(SELECT CASE WHEN oc.opcdefault THEN ''::text ELSE oc.opcname::text END
             FROM unnest(i.indclass) WITH ORDINALITY u(oid, k) JOIN pg_opclass oc ON oc.oid = u.oid ORDER BY u.k) AS opclasses,
       s.idx_scan::float8 AS scans, pg_relation_size(i.indexrelid)::float8 AS size
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

interface TableRow extends Record<string, unknown> {
  schema: string;
  name: string;
  kind: string;
  rows: number;
  columns: [string, string][];
}

interface IndexRow extends Record<string, unknown> {
  schema: string;
  table: string;
  name: string;
  using: string;
  unique: boolean;
  valid: boolean;
  nkeys: number;
  constraint: boolean;
  where: string | null;
  columns: string[];
  options: string;
  opclasses: string[];
  scans: number | null;
  size: number | null;
}

/** `lower((email)::text)` -> `lower(email)`, `"Id"` -> `Id`: the advisor's canonical key text. */
export function canonicalKey(text: string): { key: string; expression: boolean } {
  const expr = parseExpression(text);
  const operand = expr === null ? null : operandOf(expr);
  if (operand === null) return { key: text, expression: true };
  return { key: operand.key, expression: operand.isExpression };
}

/** Reads the catalog of the connected database. */
export async function liveCatalog(client: Queryable): Promise<StaticCatalog> {
  const searchPath = (await client.query<{ path: string[] }>('SELECT current_schemas(false)::text[] AS path')).rows[0]?.path ?? ['public'];
  const tables = (await client.query<TableRow>(TABLES_SQL)).rows;
  const indexes = (await client.query<IndexRow>(INDEXES_SQL)).rows;
  const byTable = new Map<string, ExistingIndex[]>();
  for (const row of indexes) {
    const options = row.options.trim() === '' ? [] : row.options.trim().split(/\s+/).map(Number);
    const keys: IndexKey[] = row.columns.slice(0, row.nkeys).map((text, i) => ({
      ...canonicalKey(text),
      // indoption bit 0 is DESC.
      descending: ((options[i] ?? 0) & 1) === 1,
      opclass: row.opclasses[i] ? row.opclasses[i]! : null,
    }));
    const include = row.columns.slice(row.nkeys).map((text) => canonicalKey(text).key);
    const index: ExistingIndex = {
      schema: row.schema,
      name: row.name,
      using: row.using,
      keys,
      include,
      where: row.where === null ? null : canonicalCondition(row.where),
      unique: row.unique,
      constraint: row.constraint,
      valid: row.valid,
      scans: row.scans,
      sizeBytes: row.size,
    };
    const id = `${row.schema}.${row.table}`;
    const list = byTable.get(id) ?? [];
    list.push(index);
    byTable.set(id, list);
  }
  const facts: TableFacts[] = tables.map((row) => ({
    schema: row.schema,
    name: row.name,
    kind: KINDS[row.kind] ?? 'other',
    // reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
    rows: row.rows >= 0 ? row.rows : null,
    columns: new Map(row.columns),
    indexes: byTable.get(`${row.schema}.${row.name}`) ?? [],
  }));
  return new StaticCatalog(facts, { live: true, searchPath });
}
