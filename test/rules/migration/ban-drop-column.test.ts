import { ruleTester } from './rule-tester.js';

ruleTester("ban-drop-column", {
  valid: [
    { sql: "CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN b;" },
  ],
  invalid: [
    { sql: "ALTER TABLE t DROP COLUMN c CASCADE;", errors: [{ messageId: "dropColumn", line: 1, column: 1 }] },
  ],
});
