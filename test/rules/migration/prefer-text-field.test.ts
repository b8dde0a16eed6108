import { ruleTester } from './rule-tester.js';

ruleTester("prefer-text-field", {
  valid: [
    { sql: "CREATE TABLE u (a text, b varchar);" },
  ],
  invalid: [
    { sql: "ALTER TABLE u ADD COLUMN a varchar(256);", errors: [{ messageId: "type", line: 1, column: 28 }] },
  ],
});
