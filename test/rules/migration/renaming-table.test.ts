import { ruleTester } from './rule-tester.js';

ruleTester("renaming-table", {
  valid: [
    { sql: "CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;" },
  ],
  invalid: [
    { sql: "ALTER TABLE t RENAME TO u;", errors: [{ messageId: "rename", line: 1, column: 1 }] },
  ],
});
