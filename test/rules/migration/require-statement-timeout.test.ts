import { ruleTester } from './rule-tester.js';

ruleTester("require-statement-timeout", {
  valid: [
    { sql: "SET statement_timeout = '5s';\nALTER TABLE t ADD COLUMN c boolean;" },
  ],
  invalid: [
    { sql: "LOCK TABLE t IN ACCESS SHARE MODE;", errors: [{ messageId: "missing", line: 1, column: 1 }], output: "SET statement_timeout = '5min';\nLOCK TABLE t IN ACCESS SHARE MODE;" },
    { sql: "SET statement_timeout = '0s';\nLOCK TABLE t IN ACCESS SHARE MODE;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
    { sql: "SET statement_timeout = 0.0;\nLOCK TABLE t IN ACCESS SHARE MODE;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
  ],
});
