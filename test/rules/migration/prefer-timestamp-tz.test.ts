import { ruleTester } from './rule-tester.js';

ruleTester("prefer-timestamp-tz", {
  valid: [
    { sql: "CREATE TABLE u (a timestamptz, b timestamp with time zone);" },
  ],
  invalid: [
    // No blank before WITHOUT is still the whole type; a comment inside the type gets no rewrite (the output keeps it).
    { sql: "CREATE TABLE t (e timestamp(3)without time zone);", errors: [{ messageId: "type", line: 1, column: 19 }], output: "CREATE TABLE t (e timestamptz(3));" },
    { sql: "CREATE TABLE t (f timestamp /* c */ without time zone);", errors: [{ messageId: "type", line: 1, column: 19 }] },
    { sql: "CREATE TABLE u (a timestamp, b timestamp without time zone);", errors: [{ messageId: "type", line: 1, column: 19 }, { messageId: "type", line: 1, column: 32 }], output: "CREATE TABLE u (a timestamptz, b timestamptz);" },
    { sql: "CREATE TABLE u (a TIMESTAMP(3) WITHOUT TIME ZONE NOT NULL DEFAULT now());", errors: [{ messageId: "type", line: 1, column: 19 }], output: "CREATE TABLE u (a timestamptz(3) NOT NULL DEFAULT now());" },
  ],
});
