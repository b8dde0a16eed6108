import { ruleTester } from './rule-tester.js';

ruleTester("require-concurrent-reindex", {
  valid: [
    { sql: "REINDEX TABLE CONCURRENTLY foo;" },
    { sql: "REINDEX (CONCURRENTLY) INDEX foo;" },
    { sql: "REINDEX SYSTEM db;" },
    { sql: "REINDEX TABLE foo;", settings: { pgVersion: { major: 11, minor: undefined } } },
  ],
  invalid: [
    { sql: "REINDEX INDEX foo;", errors: [{ messageId: "reindex", line: 1, column: 1 }], output: "REINDEX INDEX CONCURRENTLY foo;" },
    { sql: "REINDEX (CONCURRENTLY false) TABLE foo;", errors: [{ messageId: "reindex", line: 1, column: 1 }] },
  ],
});
