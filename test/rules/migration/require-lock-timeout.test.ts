import { ruleTester } from './rule-tester.js';

ruleTester("require-lock-timeout", {
  valid: [
    { sql: "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;" },
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", settings: { runnerSetsTimeouts: true } },
    { sql: "SELECT * FROM t;" },
    { sql: "DROP VIEW v;\nDROP INDEX i;", before: "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE INDEX i ON t (a);" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "missing", line: 1, column: 1 }], output: "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET foo.lock_timeout = '1s';\nCOMMENT ON COLUMN t.c IS 'x';", errors: [{ messageId: "missing", line: 2, column: 1 }] },
  ],
});
