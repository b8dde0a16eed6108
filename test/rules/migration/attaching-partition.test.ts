import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintWithRule, ruleTester } from './rule-tester.js';

const attach2024 = "ALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
const newPartition = `CREATE TABLE orders_2024 (id int, created date);\n${attach2024}`;
const existingDefault = 'CREATE TABLE orders_default PARTITION OF orders DEFAULT;';
const create2025 = "CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";
const excludeFromDefault =
  "ALTER TABLE orders_default ADD CONSTRAINT not_2025 CHECK (NOT (created >= '2025-01-01' AND created < '2026-01-01')) NOT VALID;\nALTER TABLE orders_default VALIDATE CONSTRAINT not_2025;";

ruleTester("attaching-partition", {
  valid: [
    // The partition was created by the migrations: nobody else uses it yet.
    { sql: newPartition },
    // The recipe: a validated CHECK matching the bound lets PostgreSQL skip the scan.
    {
      sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01' AND created < '2025-01-01') NOT VALID;\nALTER TABLE orders_2024 VALIDATE CONSTRAINT bound;\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    },
    { sql: "ALTER TABLE orders DETACH PARTITION orders_2023 CONCURRENTLY;" },
    // Added and validated at once: ATTACH skips its scan (the scan happened there, which constraint-missing-not-valid judges).
    { sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01');\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    // A default partition the migrations created is new: scanning it hurts nobody.
    { sql: `${existingDefault}\n${newPartition}` },
    { sql: newPartition, before: existingDefault },
    // The default partition is gone before the attach: detached, dropped, or dropped with its parent.
    { sql: `ALTER TABLE orders DETACH PARTITION orders_default;\n${newPartition}`, history: existingDefault },
    { sql: newPartition, history: `${existingDefault}\nDROP TABLE orders_default;` },
    { sql: newPartition, history: 'ALTER TABLE orders ATTACH PARTITION orders_default DEFAULT;\nALTER TABLE orders DETACH PARTITION orders_default FINALIZE;' },
    { sql: newPartition, history: `${existingDefault}\nDROP TABLE orders;\nCREATE TABLE orders (id int, created date) PARTITION BY RANGE (created);` },
    // The default partition's own recipe: a validated CHECK that excludes the new bound spares its scan.
    {
      sql: `ALTER TABLE orders_default ADD CONSTRAINT not_2024 CHECK (NOT (created >= '2024-01-01' AND created < '2025-01-01')) NOT VALID;\nALTER TABLE orders_default VALIDATE CONSTRAINT not_2024;\n${newPartition}`,
      history: existingDefault,
    },
    // Another table's default partition is not this parent's.
    { sql: newPartition, history: 'CREATE TABLE invoices_default PARTITION OF invoices DEFAULT;' },
    // CREATE TABLE ... PARTITION OF: no default partition, a new one, or one that follows the recipe.
    { sql: create2025 },
    { sql: `${existingDefault}\n${create2025}` },
    { sql: `${excludeFromDefault}\n${create2025}`, history: existingDefault },
    // IF NOT EXISTS on a partition that is there already: nothing happens.
    { sql: create2025.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'), history: `${existingDefault}\n${create2025}` },
    // A second DEFAULT partition fails on its own; it scans nothing.
    { sql: 'CREATE TABLE orders_rest PARTITION OF orders DEFAULT;', history: existingDefault },
  ],
  invalid: [
    // pgfence's partition fixture: orders_2024 is locked ACCESS EXCLUSIVE and scanned.
    { sql: attach2024, errors: [{ messageId: "attach", line: 1, column: 1 }] },
    // A CHECK from CREATE TABLE is about something else; a constraint only seen validated may be a foreign key.
    {
      sql: attach2024,
      history: "CREATE TABLE orders_2024 (id int, amount int CHECK (amount >= 0), created date);",
      errors: [{ messageId: "attach", line: 1, column: 1 }],
    },
    {
      sql: "ALTER TABLE orders_2024 VALIDATE CONSTRAINT orders_2024_customer_fk;\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM (1) TO (2);",
      errors: [{ messageId: "attach", line: 2, column: 1 }],
    },
    // A CHECK added NOT VALID and never validated proves nothing.
    {
      sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01') NOT VALID;\nALTER TABLE orders ATTACH PARTITION orders_2024 DEFAULT;",
      errors: [{ messageId: "attach", line: 2, column: 1 }],
    },
    // Creating a partition checks the existing default partition's rows like ATTACH does.
    { sql: create2025, history: existingDefault, errors: [{ messageId: "createScansDefault", line: 1, column: 1 }] },
    { sql: create2025.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'), history: existingDefault, errors: [{ messageId: "createScansDefault", line: 1, column: 1 }] },
    {
      sql: "CREATE TABLE sales.orders_2025 PARTITION OF sales.orders FOR VALUES IN ('eu');",
      history: 'CREATE TABLE sales.orders_default PARTITION OF sales.orders DEFAULT;',
      errors: [{ messageId: "createScansDefault", line: 1, column: 1 }],
    },
    // An existing default partition is scanned and locked for a new partition too.
    { sql: newPartition, history: existingDefault, errors: [{ messageId: "defaultScanned", line: 2, column: 1 }] },
    // Both scans: the partition's and the default partition's (attached in history, never seen created: existing).
    {
      sql: attach2024,
      history: 'ALTER TABLE orders ATTACH PARTITION orders_default DEFAULT;',
      errors: [
        { messageId: "attach", line: 1, column: 1 },
        { messageId: "defaultScanned", line: 1, column: 1 },
      ],
    },
    // The partition's recipe followed does not spare the default partition's scan.
    {
      sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created IS NOT NULL AND created >= '2024-01-01' AND created < '2025-01-01');\n" + attach2024,
      history: existingDefault,
      errors: [{ messageId: "defaultScanned", line: 2, column: 1 }],
    },
    // A CHECK the default partition was created with is about something else.
    {
      sql: newPartition,
      history: 'CREATE TABLE orders_default PARTITION OF orders (CONSTRAINT positive CHECK (id > 0)) DEFAULT;',
      errors: [{ messageId: "defaultScanned", line: 2, column: 1 }],
    },
    // Detached, then attached back as the default before the new partition: scanned again.
    {
      sql: `ALTER TABLE orders DETACH PARTITION orders_default;\nALTER TABLE orders ATTACH PARTITION orders_default DEFAULT;\n${newPartition}`,
      history: existingDefault,
      errors: [
        { messageId: "attach", line: 2, column: 1 },
        { messageId: "defaultScanned", line: 4, column: 1 },
      ],
    },
    // Schema-qualified names, and a default partition renamed since.
    {
      sql: "ALTER TABLE sales.orders ATTACH PARTITION sales.orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
      history: 'CREATE TABLE sales.orders_default PARTITION OF sales.orders DEFAULT;\nALTER TABLE sales.orders_default RENAME TO orders_rest;',
      errors: [
        { messageId: "attach", line: 1, column: 1 },
        { messageId: "defaultScanned", line: 1, column: 1 },
      ],
    },
  ],
});

test('attaching-partition names the default partition and carries its lock', () => {
  const result = lintWithRule('attaching-partition', {
    sql: newPartition,
    history: 'CREATE TABLE sales_default PARTITION OF orders DEFAULT;\nALTER TABLE sales_default RENAME TO orders_rest;',
  });
  const [finding] = result.findings;
  assert.equal(result.findings.length, 1);
  assert.match(finding?.message ?? '', /its default partition orders_rest for rows that belong in orders_2024/);
  assert.match(finding?.help ?? '', /CHECK constraint on orders_rest that excludes the new bound/);
  assert.deepEqual([finding?.lock?.mode, finding?.lock?.tables, finding?.lock?.scans], ['ACCESS EXCLUSIVE', ['orders_rest'], true]);
});
