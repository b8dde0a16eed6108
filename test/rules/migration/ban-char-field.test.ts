import { ruleTester } from './rule-tester.js';

ruleTester("ban-char-field", {
  valid: [
    { sql: "CREATE TABLE t (a varchar(100), b text);" },
  ],
  invalid: [
    { sql: "CREATE TABLE t (\n  a char(10),\n  b character,\n  c text\n);", errors: [{ messageId: "char", line: 2, column: 5 }, { messageId: "char", line: 3, column: 5 }] },
    { sql: "ALTER TABLE t ADD COLUMN c char;", errors: [{ messageId: "char", line: 1, column: 28 }] },
  ],
});
