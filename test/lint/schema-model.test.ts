/**
 * The schema model's view of DEFAULT partitions, which ATTACH PARTITION scans too: learnt from CREATE
 * TABLE ... PARTITION OF ... DEFAULT and ATTACH PARTITION ... DEFAULT, forgotten on DETACH and DROP,
 * followed through RENAME.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaModel } from '../../src/lint/schema-model.js';
import { parseSqlTree } from '../../src/sql/libpg.js';
import { relationDisplay } from '../../src/sql/migration-ast.js';

function replay(sql: string): SchemaModel {
  const schema = new SchemaModel();
  for (const raw of parseSqlTree(sql).stmts ?? []) if (raw.stmt !== undefined) schema.apply(raw.stmt, 'm.sql', false);
  return schema;
}

const defaultOf = (schema: SchemaModel, parent: string, parentSchema?: string) => {
  const partition = schema.table({ schema: parentSchema, name: parent })?.defaultPartition;
  return partition === undefined ? undefined : relationDisplay(partition);
};

const cases: readonly { readonly sql: string; readonly orders: string | undefined }[] = [
  { sql: 'CREATE TABLE orders_default PARTITION OF orders DEFAULT;', orders: 'orders_default' },
  { sql: 'ALTER TABLE orders ATTACH PARTITION rest DEFAULT;', orders: 'rest' },
  { sql: "ALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');", orders: undefined },
  { sql: 'CREATE TABLE orders_default PARTITION OF orders DEFAULT;\nALTER TABLE orders DETACH PARTITION orders_default;', orders: undefined },
  { sql: 'ALTER TABLE orders ATTACH PARTITION rest DEFAULT;\nALTER TABLE orders DETACH PARTITION orders_2023;', orders: 'rest' },
  { sql: 'ALTER TABLE orders ATTACH PARTITION rest DEFAULT;\nALTER TABLE orders DETACH PARTITION rest FINALIZE;', orders: undefined },
  { sql: 'CREATE TABLE orders_default PARTITION OF orders DEFAULT;\nDROP TABLE orders_default;', orders: undefined },
  { sql: 'ALTER TABLE orders ATTACH PARTITION rest DEFAULT;\nALTER TABLE rest RENAME TO orders_rest;', orders: 'orders_rest' },
  { sql: 'CREATE TABLE orders_default PARTITION OF orders DEFAULT;\nALTER TABLE orders RENAME TO sales;', orders: undefined },
];

for (const { sql, orders } of cases) {
  test(`default partition of orders after ${sql.replace(/\n/g, ' ')}: ${orders ?? 'none'}`, () => {
    assert.equal(defaultOf(replay(sql), 'orders'), orders);
  });
}

test('a renamed parent keeps its default partition; a dropped one takes it along', () => {
  const renamed = replay('CREATE TABLE orders_default PARTITION OF orders DEFAULT;\nALTER TABLE orders RENAME TO sales;');
  assert.equal(defaultOf(renamed, 'sales'), 'orders_default');
  const dropped = replay('CREATE TABLE orders_default PARTITION OF orders DEFAULT;\nDROP TABLE orders;');
  assert.equal(dropped.table({ schema: undefined, name: 'orders_default' }), undefined);
});

test('schema-qualified names: the default partition of sales.orders, not of public.orders', () => {
  const schema = replay('CREATE TABLE sales.orders_default PARTITION OF sales.orders DEFAULT;');
  assert.equal(defaultOf(schema, 'orders', 'sales'), 'sales.orders_default');
  assert.equal(defaultOf(schema, 'orders'), undefined);
});
