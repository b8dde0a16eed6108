import { ruleTester } from './rule-tester.js';

ruleTester("ban-truncate-cascade", {
  valid: [
    { sql: "TRUNCATE a, b;" },
  ],
  invalid: [
    { sql: "TRUNCATE a CASCADE;", errors: [{ messageId: "cascade", line: 1, column: 1 }] },
  ],
});
