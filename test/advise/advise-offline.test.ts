/**
 * Offline advice: the schema from SQL files replayed in order, the plans from
 * the log, no database. Table-driven statements with the index (or reason)
 * each gets; every suggestion is labelled unvalidated.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adviseIndexes } from '../../src/advise/index.js';
import { offlineCatalog } from '../../src/advise/catalog-offline.js';
import { queryStats } from './query-stats.js';

const migrations = [
  {
    path: '001_init.sql',
    sql: `
      CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text, deleted_at timestamptz, profile jsonb);
      CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL);
      CREATE TABLE "Audit"."Log" ("Id" int, at timestamptz);
      CREATE VIEW active_users AS SELECT * FROM users WHERE deleted_at IS NULL;
    `,
  },
  {
    path: '002_indexes.sql',
    sql: `
      \\set ON_ERROR_STOP on
      CREATE INDEX orders_user_id_idx ON orders (user_id);
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE INDEX users_name_tmp ON users (name);
      DROP INDEX users_name_tmp;
      ALTER TABLE orders ADD COLUMN total numeric;
    `,
  },
];

/** A sequential scan plan as auto_explain logs it (JSON, with actual rows). */
function seqScan(relation: string, rows: number, removed: number, filter: string, ms = 40): unknown {
  return {
    Plan: {
      'Node Type': 'Seq Scan',
      'Relation Name': relation,
      Alias: relation,
      'Plan Rows': rows,
      'Actual Rows': rows,
      'Actual Loops': 1,
      'Actual Total Time': ms,
      Filter: filter,
      'Rows Removed by Filter': removed,
    },
    'Execution Time': ms,
  };
}

describe('offline catalog', () => {
  it('replays tables, constraints and indexes in order', () => {
    const warnings: string[] = [];
    const catalog = offlineCatalog(migrations, (m) => warnings.push(m));
    const users = catalog.find(null, 'users')!;
    assert.deepEqual([...users.columns.keys()], ['id', 'email', 'name', 'deleted_at', 'profile']);
    assert.equal(users.columns.get('profile'), 'jsonb');
    assert.deepEqual(
      users.indexes.map((i) => [i.name, i.keys.map((k) => k.key).join(','), i.unique]),
      [
        ['users_pkey', 'id', true],
        ['users_email_key', 'lower(email)', true],
      ],
    );
    const orders = catalog.find('public', 'orders')!;
    assert.ok(orders.columns.has('total'), 'ALTER TABLE ADD COLUMN replayed');
    assert.ok(catalog.find('Audit', 'Log') !== undefined, 'quoted schema and table');
    assert.deepEqual(warnings, []);
  });

  it('skips a file it cannot parse, with a warning', () => {
    const warnings: string[] = [];
    const catalog = offlineCatalog([{ path: 'bad.sql', sql: 'CREATE TABLE (' }, ...migrations], (m) => warnings.push(m));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^bad\.sql: schema SQL could not be parsed/);
    assert.ok(catalog.find(null, 'users') !== undefined);
  });
});

describe('adviseIndexes offline', () => {
  const cases: { name: string; sql: string; plans?: unknown[]; columns?: string[]; using?: string; where?: string | null; reason?: RegExp }[] = [
    {
      name: 'equality and sort from the SQL',
      sql: 'SELECT id FROM orders WHERE status = $1 AND user_id = $2 ORDER BY created_at DESC LIMIT 10',
      // user_id is covered by an existing index only as a prefix: a wider one is still suggested.
      columns: ['status', 'user_id', 'created_at DESC'],
    },
    {
      name: 'IS NULL becomes a partial index',
      sql: 'SELECT * FROM users WHERE deleted_at IS NULL AND name = $1',
      columns: ['name'],
      where: 'deleted_at IS NULL',
    },
    {
      name: 'literals in unnormalized SQL are one call\'s values, not partial-index constants',
      sql: "SELECT * FROM orders WHERE status = 'x' AND created_at > '2024-01-01'",
      columns: ['status', 'created_at'],
      where: null,
    },
    { name: 'jsonb containment is GIN with jsonb_path_ops', sql: 'SELECT id FROM users WHERE profile @> $1', columns: ['profile jsonb_path_ops'], using: 'gin' },
    {
      name: 'LIKE with a leading wildcard (from the logged plan) is a trigram GIN',
      sql: 'SELECT id FROM users WHERE name LIKE $1',
      plans: [seqScan('users', 5, 99_995, "(name ~~ '%smith%'::text)")],
      columns: ['name gin_trgm_ops'],
      using: 'gin',
    },
    {
      name: 'a LIKE prefix is a btree with text_pattern_ops',
      sql: 'SELECT id FROM users WHERE name LIKE $1',
      plans: [seqScan('users', 5, 99_995, "(name ~~ 'smi%'::text)")],
      columns: ['name text_pattern_ops'],
    },
    { name: 'already indexed', sql: 'SELECT * FROM orders WHERE user_id = $1', reason: /already served by existing index public\.orders_user_id_idx/ },
    { name: 'expression index already there', sql: 'SELECT * FROM users WHERE lower(email) = $1', reason: /users_email_key/ },
    {
      name: 'tiny table (rows from the plan)',
      sql: 'SELECT * FROM orders WHERE status = $1',
      plans: [seqScan('orders', 3, 247, "(status = 'x'::text)")],
      reason: /table has 250 rows/,
    },
    {
      name: 'unselective predicate (rows removed by filter)',
      sql: 'SELECT * FROM orders WHERE status = $1',
      plans: [seqScan('orders', 60_000, 40_000, "(status = 'paid'::text)")],
      reason: /predicate matches 60% of rows/,
    },
    {
      name: 'unselective under a LIMIT (the scan stopped early: no table size from it)',
      sql: 'SELECT * FROM orders WHERE status = $1 LIMIT 200',
      plans: [
        {
          Plan: {
            'Node Type': 'Limit',
            'Actual Rows': 200,
            'Actual Loops': 1,
            'Actual Total Time': 0.3,
            Plans: [
              {
                'Node Type': 'Seq Scan',
                'Relation Name': 'orders',
                'Actual Rows': 200,
                'Actual Loops': 1,
                'Actual Total Time': 0.3,
                Filter: "(status = 'paid'::text)",
                'Rows Removed by Filter': 200,
              },
            ],
          },
        },
      ],
      reason: /predicate matches 50% of rows/,
    },
    { name: 'no predicate', sql: 'SELECT * FROM orders', reason: /no indexable predicate/ },
    { name: 'unknown table', sql: 'SELECT * FROM nowhere WHERE a = $1', reason: /nowhere not found in the catalog/ },
    { name: 'a view', sql: 'SELECT * FROM active_users WHERE name = $1', reason: /public\.active_users is a view: index the tables it reads/ },
    { name: 'not a query', sql: 'SET work_mem = $1', reason: /not a query an index can serve/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const q = queryStats(c.sql, { plans: c.plans ?? [] });
      const result = await adviseIndexes([q], { schemaSql: migrations });
      const verdict = result.verdicts[0]!;
      if (c.columns !== undefined) {
        assert.equal(result.indexes.length, 1, verdict.reason);
        const index = result.indexes[0]!;
        assert.deepEqual(index.columns, c.columns);
        assert.equal(index.using, c.using ?? 'btree');
        assert.equal(index.where, c.where ?? null);
        assert.equal(index.validated, false);
        assert.equal(index.estimatedCostBefore, null);
        assert.match(index.reason, /unvalidated/);
        assert.equal(verdict.index, index.ddl);
      } else {
        assert.deepEqual(result.indexes, [], verdict.reason);
        assert.match(verdict.reason, c.reason!);
      }
    });
  }

  it('merges a narrower need into a wider index and applies the cap', async () => {
    const queries = [
      queryStats('SELECT * FROM orders WHERE status = $1', { calls: 10 }),
      queryStats('SELECT * FROM orders WHERE status = $1 ORDER BY created_at LIMIT 50', { calls: 1000 }),
      queryStats('SELECT * FROM users WHERE name = $1', { calls: 5 }),
    ];
    const result = await adviseIndexes(queries, { schemaSql: migrations });
    const status = result.indexes.find((i) => i.columns[0] === 'status')!;
    assert.deepEqual(status.columns, ['status', 'created_at']);
    assert.equal(status.fingerprints.length, 2);
    assert.equal(result.indexes.length, 2);
    const capped = await adviseIndexes(queries, { schemaSql: migrations, maxIndexes: 1 });
    assert.deepEqual(capped.indexes.map((i) => i.columns[0]), ['status']);
    assert.match(capped.verdicts[2]!.reason, /cap of 1/);
  });

  it('reports an existing index a suggestion makes redundant, and duplicates', async () => {
    const schema = [
      ...migrations,
      { path: '003.sql', sql: 'CREATE INDEX orders_status ON orders (status); CREATE INDEX orders_status_again ON orders (status, id);' },
    ];
    const result = await adviseIndexes([queryStats('SELECT id FROM orders WHERE status = $1 AND user_id = $2')], { schemaSql: schema });
    assert.deepEqual(result.indexes[0]!.columns, ['status', 'user_id']);
    assert.ok(result.existing!.redundant.some((n) => n.index === 'public.orders_status'));
    assert.ok(result.existing!.duplicates.some((n) => n.index === 'public.orders_status'));
    assert.deepEqual(result.existing!.unused, [], 'unused needs live statistics');
  });

  it('suggests without any schema, from the SQL alone', async () => {
    const result = await adviseIndexes([queryStats('SELECT * FROM events WHERE account_id = $1 AND kind = ANY($2)')]);
    assert.equal(result.indexes.length, 1);
    assert.deepEqual(result.indexes[0]!.columns, ['account_id', 'kind']);
    assert.equal(result.existing, undefined);
    assert.match(result.indexes[0]!.reason, /unvalidated \(no database or schema was given: an existing primary key or index may already serve it\)/);
  });
});
