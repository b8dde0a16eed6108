import { ruleTester } from './rule-tester.js';

ruleTester("require-concurrent-index-deletion", {
  valid: [
    { sql: "DROP INDEX CONCURRENTLY IF EXISTS i;" },
    { sql: "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nDROP INDEX i;" },
  ],
  invalid: [
    { sql: "DROP INDEX IF EXISTS i;", errors: [{ messageId: "drop", line: 1, column: 1 }], output: "DROP INDEX CONCURRENTLY IF EXISTS i;" },
    { sql: "BEGIN;\nDROP INDEX i;\nCOMMIT;", errors: [{ messageId: "dropInTransaction", line: 2, column: 1 }] },
  ],
});
