import { ruleTester } from './rule-tester.js';

ruleTester("prefer-bigint-over-smallint", {
  valid: [
    { sql: "CREATE TABLE u (id bigint, n int);" },
  ],
  invalid: [
    { sql: "CREATE TABLE u (id smallint);", errors: [{ messageId: "type", line: 1, column: 20 }], output: "CREATE TABLE u (id bigint);" },
    { sql: "CREATE TABLE u (a int2[], b SmallSerial, c serial2);", errors: [{ messageId: "type", line: 1, column: 19 }, { messageId: "type", line: 1, column: 29 }, { messageId: "type", line: 1, column: 44 }], output: "CREATE TABLE u (a int8[], b bigserial, c serial8);" },
  ],
});
