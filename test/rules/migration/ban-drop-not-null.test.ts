import { ruleTester } from './rule-tester.js';

ruleTester("ban-drop-not-null", {
  valid: [
    { sql: "ALTER TABLE t ALTER COLUMN c SET DEFAULT 1;" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ALTER COLUMN c DROP NOT NULL;", errors: [{ messageId: "dropNotNull", line: 1, column: 1 }] },
  ],
});
