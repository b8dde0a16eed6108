import { ruleTester } from './rule-tester.js';

ruleTester("prefer-repack", {
  valid: [
    { sql: "VACUUM (FULL FALSE) foo;" },
    { sql: "VACUUM ANALYZE foo;" },
  ],
  invalid: [
    { sql: "CLUSTER foo;", errors: [{ messageId: "repack", line: 1, column: 1 }] },
    { sql: "VACUUM FULL foo;", settings: { pgVersion: { major: 19, minor: undefined } }, errors: [{ messageId: "repack", line: 1, column: 1 }] },
  ],
});
