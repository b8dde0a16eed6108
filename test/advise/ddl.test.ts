import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createIndexSql, hypotheticalIndexSql, indexName, renderMigration } from '../../src/advise/ddl.js';
import type { Candidate } from '../../src/advise/candidate.js';
import { parseSqlTree } from '../../src/sql/libpg.js';
import type { IndexSuggestion } from '../../src/advise/types.js';

function candidate(overrides: Partial<Candidate>): Candidate {
  return {
    schema: 'public',
    table: 'orders',
    role: 'filter',
    using: 'btree',
    keys: [{ key: 'customer_id', expression: false, descending: false, opclass: null }],
    include: [],
    equalityPrefix: 1,
    where: null,
    validatable: true,
    extension: null,
    because: 'test',
    ...overrides,
  };
}

/** The IndexStmt libpg-query (PostgreSQL's parser) reads from the DDL. */
function indexStmt(sql: string): Record<string, unknown> {
  const stmts = parseSqlTree(sql).stmts ?? [];
  assert.equal(stmts.length, 1);
  const stmt = (stmts[0]!.stmt as Record<string, unknown>)['IndexStmt'];
  assert.ok(stmt !== undefined, `an index statement: ${sql}`);
  return stmt as Record<string, unknown>;
}

describe('index DDL', () => {
  const cases: { name: string; candidate: Candidate; ddl: string }[] = [
    {
      name: 'multi-column with a descending sort key',
      candidate: candidate({
        keys: [
          { key: 'customer_id', expression: false, descending: false, opclass: null },
          { key: 'created_at', expression: false, descending: true, opclass: null },
        ],
      }),
      ddl: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_created_at_idx ON public.orders (customer_id, created_at DESC);',
    },
    {
      name: 'quoted schema, table and column',
      candidate: candidate({ schema: 'Bar', table: 'Foo', keys: [{ key: 'Id', expression: false, descending: false, opclass: null }] }),
      ddl: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS foo_id_idx ON "Bar"."Foo" ("Id");',
    },
    {
      name: 'expression key',
      candidate: candidate({ table: 'users', keys: [{ key: 'lower(email)', expression: true, descending: false, opclass: null }] }),
      ddl: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_lower_email_idx ON public.users ((lower(email)));',
    },
    {
      name: 'reserved word column, LIKE prefix opclass',
      candidate: candidate({ table: 'items', keys: [{ key: 'order', expression: false, descending: false, opclass: 'text_pattern_ops' }] }),
      ddl: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS items_order_idx ON public.items ("order" text_pattern_ops);',
    },
  ];
  for (const { name, candidate: c, ddl } of cases) {
    it(name, () => {
      assert.equal(createIndexSql(c), ddl);
      const stmt = indexStmt(ddl);
      assert.equal(stmt['concurrent'], true);
      assert.equal(stmt['if_not_exists'], true);
    });
  }

  it('renders partial, covering and GIN variants that PostgreSQL parses, with distinct names', () => {
    const plain = candidate({});
    const partial = candidate({ where: "status = 'pending'" });
    const covering = candidate({ include: ['id', 'total'] });
    const gin = candidate({ table: 'events', using: 'gin', keys: [{ key: 'payload', expression: false, descending: false, opclass: null }], validatable: false });
    const trgm = candidate({ table: 'users', using: 'gin', keys: [{ key: 'name', expression: false, descending: false, opclass: 'gin_trgm_ops' }] });
    const names = new Set([plain, partial, covering, gin, trgm].map(indexName));
    assert.equal(names.size, 5);
    assert.match(createIndexSql(partial), / WHERE status = 'pending';$/);
    assert.match(createIndexSql(covering), / INCLUDE \(id, total\);$/);
    assert.match(createIndexSql(gin), / USING gin \(payload\);$/);
    assert.match(createIndexSql(trgm), / USING gin \(name gin_trgm_ops\);$/);
    for (const c of [partial, covering, gin, trgm]) indexStmt(createIndexSql(c));
    // HypoPG takes a plain CREATE INDEX.
    assert.equal(hypotheticalIndexSql(partial), "CREATE INDEX ON public.orders (customer_id) WHERE status = 'pending'");
  });

  it('keeps names within 63 bytes', () => {
    const wide = candidate({
      table: 'a_table_with_a_rather_long_name',
      keys: ['first_long_column_name', 'second_long_column_name', 'third_long_column_name'].map((key) => ({ key, expression: false, descending: false, opclass: null })),
    });
    const name = indexName(wide);
    assert.ok(Buffer.byteLength(name) <= 63, name);
    assert.match(name, /_idx$/);
  });

  it('writes a migration of one statement per suggestion, outside a transaction', () => {
    const suggestion = (ddl: string, columns: string[]): IndexSuggestion => ({
      table: 'public.users',
      columns,
      include: [],
      where: null,
      using: 'gin',
      ddl,
      fingerprints: ['x'],
      estimatedCostBefore: null,
      estimatedCostAfter: null,
      validated: false,
      reason: 'containment\non payload',
    });
    const trgm = createIndexSql(candidate({ table: 'users', using: 'gin', keys: [{ key: 'name', expression: false, descending: false, opclass: 'gin_trgm_ops' }] }));
    const migration = renderMigration([suggestion(trgm, ['name gin_trgm_ops'])]);
    assert.doesNotMatch(migration, /^\s*(BEGIN|COMMIT)\b/im);
    assert.match(migration, /CREATE EXTENSION IF NOT EXISTS pg_trgm;/);
    assert.match(migration, /-- containment on payload\n/);
    // SET lock_timeout, SET statement_timeout, CREATE EXTENSION, CREATE INDEX.
    assert.equal((parseSqlTree(migration).stmts ?? []).length, 4);
  });
});
