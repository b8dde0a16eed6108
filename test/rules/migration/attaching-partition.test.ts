import { ruleTester } from './rule-tester.js';

ruleTester("attaching-partition", {
  valid: [
    // The partition was created by the migrations: nobody else uses it yet.
    { sql: "CREATE TABLE orders_2024 (id int, created date);\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
    // The recipe: a validated CHECK matching the bound lets PostgreSQL skip the scan.
    {
      sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01' AND created < '2025-01-01') NOT VALID;\nALTER TABLE orders_2024 VALIDATE CONSTRAINT bound;\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    },
    { sql: "ALTER TABLE orders DETACH PARTITION orders_2023 CONCURRENTLY;" },
  ],
  invalid: [
    // pgfence's partition fixture: orders_2024 is locked ACCESS EXCLUSIVE and scanned.
    { sql: "ALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');", errors: [{ messageId: "attach", line: 1, column: 1 }] },
    // A CHECK added NOT VALID and never validated proves nothing.
    {
      sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01') NOT VALID;\nALTER TABLE orders ATTACH PARTITION orders_2024 DEFAULT;",
      errors: [{ messageId: "attach", line: 2, column: 1 }],
    },
  ],
});
