import { ruleTester } from './rule-tester.js';

ruleTester("require-concurrent-refresh", {
  valid: [
    { sql: "REFRESH MATERIALIZED VIEW CONCURRENTLY m;" },
    { sql: "CREATE MATERIALIZED VIEW m AS SELECT 1 AS x;\nREFRESH MATERIALIZED VIEW m;" },
  ],
  invalid: [
    { sql: "REFRESH MATERIALIZED VIEW m;", errors: [{ messageId: "refresh", line: 1, column: 1 }], output: "REFRESH MATERIALIZED VIEW CONCURRENTLY m;" },
  ],
});
