import { ruleTester } from './rule-tester.js';

ruleTester("prefer-bigint-over-int", {
  valid: [
    { sql: "CREATE TABLE u (id bigint, n smallint);" },
  ],
  invalid: [
    // int ARRAY: a spelling the rewrite does not cover, so reported without a fix.
    { sql: "CREATE TABLE t (h int ARRAY);", errors: [{ messageId: "type", line: 1, column: 19 }] },
    { sql: "CREATE TABLE u (id int, s serial);", errors: [{ messageId: "type", line: 1, column: 20 }, { messageId: "type", line: 1, column: 27 }], output: "CREATE TABLE u (id bigint, s bigserial);" },
    { sql: "CREATE TABLE u (a INTEGER NOT NULL, b Int4[], c pg_catalog.int4, d SERIAL4);", errors: [{ messageId: "type", line: 1, column: 19 }, { messageId: "type", line: 1, column: 39 }, { messageId: "type", line: 1, column: 49 }, { messageId: "type", line: 1, column: 68 }], output: "CREATE TABLE u (a bigint NOT NULL, b int8[], c int8, d serial8);" },
  ],
});
