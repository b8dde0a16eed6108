import { ruleTester } from './rule-tester.js';

ruleTester("ban-concurrent-index-creation-in-transaction", {
  valid: [
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", path: "20240101.autocommit.up.sql", settings: { transactionPreset: 'ory' } },
    { sql: "COMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;", settings: { assumeInTransaction: true } },
  ],
  invalid: [
    { sql: "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;", errors: [{ messageId: "inTransaction", line: 2, column: 1 }] },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", settings: { transactionPreset: 'diesel' }, errors: [{ messageId: "inTransaction", line: 1 }] },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", path: "20240101.up.sql", settings: { transactionPreset: 'ory' }, errors: [{ messageId: "inTransaction", line: 1 }] },
    { sql: "BEGIN;\nDROP INDEX CONCURRENTLY i;\nCOMMIT;", errors: [{ messageId: "inTransaction", line: 2 }] },
  ],
});
