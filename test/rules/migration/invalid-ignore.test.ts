import { ruleTester } from './rule-tester.js';

ruleTester("invalid-ignore", {
  valid: [
    { sql: "-- pgopt-ignore ban-drop-table\nDROP TABLE t;" },
  ],
  invalid: [
    { sql: "-- pgopt-ignore ban-drop-tabel\nDROP TABLE t;", errors: [{ messageId: "unknownRule", line: 1, column: 1 }] },
    { sql: "-- squawk-ignore-file hmm\nSELECT 1;", errors: [{ messageId: "unknownRule", line: 1, column: 1 }] },
  ],
});
