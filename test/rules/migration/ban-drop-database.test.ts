import { ruleTester } from './rule-tester.js';

ruleTester("ban-drop-database", {
  valid: [
    { sql: "DROP TABLE IF EXISTS x_tmp;" },
  ],
  invalid: [
    { sql: "DROP DATABASE prod;", errors: [{ messageId: "dropDatabase", line: 1, column: 1 }] },
  ],
});
