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
    // Added and validated at once: ATTACH skips its scan (the scan happened there, which constraint-missing-not-valid judges).
    { sql: "ALTER TABLE orders_2024 ADD CONSTRAINT bound CHECK (created >= '2024-01-01');\nALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" },
  ],
  invalid: [
    // pgfence's partition fixture: orders_2024 is locked ACCESS EXCLUSIVE and scanned.
    { sql: "ALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');", errors: [{ messageId: "attach", line: 1, column: 1 }] },
    // A CHECK from CREATE TABLE is about something else; a constraint only seen validated may be a foreign key.
    {
      sql: "ALTER TABLE orders ATTACH PARTITION orders_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
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
  ],
});
