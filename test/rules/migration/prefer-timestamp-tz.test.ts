import { ruleTester } from './rule-tester.js';

ruleTester("prefer-timestamp-tz", {
  valid: [
    { sql: "CREATE TABLE u (a timestamptz, b timestamp with time zone);" },
  ],
  invalid: [
    { sql: "CREATE TABLE u (a timestamp, b timestamp without time zone);", errors: [{ messageId: "type", line: 1, column: 19 }, { messageId: "type", line: 1, column: 32 }] },
  ],
});
