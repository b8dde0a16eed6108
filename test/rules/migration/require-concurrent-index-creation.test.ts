import { ruleTester } from './rule-tester.js';

ruleTester("require-concurrent-index-creation", {
  valid: [
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);" },
    { sql: "CREATE INDEX i ON t (a);", before: "CREATE TABLE t (a int);" },
  ],
  invalid: [
    { sql: "CREATE INDEX i ON t (a);", errors: [{ messageId: "create", line: 1, column: 1 }], output: "CREATE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE UNIQUE INDEX i ON t (a);", history: "CREATE TABLE t (a int);", errors: [{ messageId: "create", line: 1 }], output: "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE INDEX i ON t (a);", settings: { transactionPreset: 'diesel' }, errors: [{ messageId: "createInTransaction", line: 1 }] },
  ],
});
