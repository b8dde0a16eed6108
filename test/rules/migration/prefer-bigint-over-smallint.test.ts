import { ruleTester } from './rule-tester.js';

ruleTester("prefer-bigint-over-smallint", {
  valid: [
    { sql: "CREATE TABLE u (id bigint, n int);" },
  ],
  invalid: [
    { sql: "CREATE TABLE u (id smallint);", errors: [{ messageId: "type", line: 1, column: 20 }] },
  ],
});
