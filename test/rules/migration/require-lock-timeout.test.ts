import { ruleTester } from './rule-tester.js';

ruleTester("require-lock-timeout", {
  valid: [
    { sql: "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET lock_timeout = 0;\nSET lock_timeout = '10s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET lock_timeout = 100;\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;" },
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", settings: { runnerSetsTimeouts: true } },
    { sql: "SELECT * FROM t;" },
    { sql: "DROP VIEW v;\nDROP INDEX i;", before: "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE INDEX i ON t (a);" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "missing", line: 1, column: 1 }], output: "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET foo.lock_timeout = '1s';\nCOMMENT ON COLUMN t.c IS 'x';", errors: [{ messageId: "missing", line: 2, column: 1 }] },
    // 0 turns the timeout off (pgfence's lock-timeout-zero fixture); no fix: the file's own SET needs changing.
    { sql: "SET lock_timeout = 0;\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
    { sql: "SET lock_timeout TO '0ms';\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
    { sql: "SET lock_timeout = '2s';\nSET lock_timeout = '0';\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 3, column: 1 }] },
    { sql: "SET lock_timeout = 0;\nSET lock_timeout = DEFAULT;\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "missing", line: 3, column: 1 }] },
  ],
});
