import { ruleTester } from './rule-tester.js';

ruleTester("ban-drop-table", {
  valid: [
    { sql: "CREATE TABLE scratch (id int);\nDROP TABLE scratch;" },
  ],
  invalid: [
    { sql: "DROP TABLE IF EXISTS users;", errors: [{ messageId: "dropTable", line: 1, column: 1 }] },
  ],
});
