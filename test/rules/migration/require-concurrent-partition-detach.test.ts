import { ruleTester } from './rule-tester.js';

ruleTester("require-concurrent-partition-detach", {
  valid: [
    { sql: "ALTER TABLE t DETACH PARTITION p CONCURRENTLY;" },
    { sql: "ALTER TABLE t DETACH PARTITION p FINALIZE;" },
    { sql: "ALTER TABLE t DETACH PARTITION p;", settings: { pgVersion: { major: 13, minor: undefined } } },
  ],
  invalid: [
    { sql: "ALTER TABLE t DETACH PARTITION p;", errors: [{ messageId: "detach", line: 1, column: 1 }], output: "ALTER TABLE t DETACH PARTITION p CONCURRENTLY;" },
  ],
});
