import { ruleTester } from './rule-tester.js';

ruleTester("ban-drop-table", {
  valid: [
    { sql: "CREATE TABLE scratch (id int);\nDROP TABLE scratch;" },
    { sql: "DROP SCHEMA IF EXISTS scratch;" },
    { sql: "CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id int);\nDROP SCHEMA scratch CASCADE;" },
  ],
  invalid: [
    { sql: "DROP TABLE IF EXISTS users;", errors: [{ messageId: "dropTable", line: 1, column: 1 }] },
    // pgfence's drop-schema-cascade fixture.
    { sql: "DROP SCHEMA scratch CASCADE;", history: "CREATE SCHEMA scratch;", errors: [{ messageId: "dropSchemaCascade", line: 1, column: 1 }] },
    { sql: "DROP SCHEMA myschema CASCADE;", errors: [{ messageId: "dropSchemaCascade", line: 1, column: 1 }] },
    { sql: "DROP SCHEMA IF EXISTS a, b CASCADE;", errors: [{ messageId: "dropSchemaCascade", line: 1, column: 1 }, { messageId: "dropSchemaCascade", line: 1, column: 1 }] },
  ],
});
