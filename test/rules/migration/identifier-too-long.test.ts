import { ruleTester } from './rule-tester.js';

ruleTester("identifier-too-long", {
  valid: [
    { sql: "CREATE TABLE short_name (col bigint);" },
    { sql: "CREATE TABLE table_very_long_very_long_very_long_very_long_very_long_very_lo (id int);" },
  ],
  invalid: [
    { sql: "CREATE TABLE table_very_long_very_long_very_long_very_long_very_long_very_long (id int);", errors: [{ messageId: "tooLong", line: 1, column: 14 }] },
    { sql: "CREATE TABLE \"👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦\" (id int);", errors: [{ messageId: "tooLong", line: 1, column: 14 }] },
  ],
});
