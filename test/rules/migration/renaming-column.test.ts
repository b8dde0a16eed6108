import { ruleTester } from './rule-tester.js';

ruleTester("renaming-column", {
  valid: [
    { sql: "CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;" },
  ],
  invalid: [
    { sql: "ALTER TABLE t RENAME COLUMN a TO b;", errors: [{ messageId: "rename", line: 1, column: 1 }] },
  ],
});
