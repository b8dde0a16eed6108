import { ruleTester } from './rule-tester.js';

ruleTester("ban-create-domain-with-constraint", {
  valid: [
    { sql: "CREATE DOMAIN d AS text;" },
  ],
  invalid: [
    { sql: "CREATE DOMAIN d AS numeric(15,5) CHECK (value > 0);", errors: [{ messageId: "constraint", line: 1, column: 1 }] },
  ],
});
