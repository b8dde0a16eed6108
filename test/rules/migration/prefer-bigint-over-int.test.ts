import { ruleTester } from './rule-tester.js';

ruleTester("prefer-bigint-over-int", {
  valid: [
    { sql: "CREATE TABLE u (id bigint, n smallint);" },
  ],
  invalid: [
    { sql: "CREATE TABLE u (id int, s serial);", errors: [{ messageId: "type", line: 1, column: 20 }, { messageId: "type", line: 1, column: 27 }] },
  ],
});
