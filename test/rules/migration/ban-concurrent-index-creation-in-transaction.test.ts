import { ruleTester } from './rule-tester.js';

ruleTester("ban-concurrent-index-creation-in-transaction", {
  valid: [
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", path: "20240101.autocommit.up.sql", settings: { transactionPreset: 'ory' } },
    { sql: "COMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;", settings: { assumeInTransaction: true } },
    { sql: "VACUUM my_table;" },
    { sql: "BEGIN;\nANALYZE my_table;\nCOMMIT;" },
    { sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;" },
  ],
  invalid: [
    { sql: "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;", errors: [{ messageId: "inTransaction", line: 2, column: 1 }] },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", settings: { transactionPreset: 'diesel' }, errors: [{ messageId: "inTransaction", line: 1 }] },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", path: "20240101.up.sql", settings: { transactionPreset: 'ory' }, errors: [{ messageId: "inTransaction", line: 1 }] },
    { sql: "BEGIN;\nDROP INDEX CONCURRENTLY i;\nCOMMIT;", errors: [{ messageId: "inTransaction", line: 2 }] },
    // pgls's banVacuumFull fixtures in a transaction: PostgreSQL refuses VACUUM there.
    { sql: "BEGIN;\nVACUUM FULL my_table;\nCOMMIT;", errors: [{ messageId: "inTransaction", line: 2 }] },
    { sql: "vacuum (analyze) my_table;", settings: { transactionPreset: 'diesel' }, errors: [{ messageId: "inTransaction", line: 1 }] },
    { sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;", settings: { pgVersion: { major: 11, minor: undefined } }, errors: [{ messageId: "inTransaction", line: 2 }] },
  ],
});
