import { ruleTester } from './rule-tester.js';

ruleTester("prefer-jsonb", {
  valid: [
    { sql: "CREATE TABLE u (a jsonb);" },
  ],
  invalid: [
    { sql: "ALTER TABLE u ADD COLUMN doc json;", errors: [{ messageId: "type", line: 1, column: 30 }] },
  ],
});
