import { ruleTester } from './rule-tester.js';

ruleTester("pg14-concurrent-index-corruption", {
  valid: [
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);" },
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", settings: { pgVersion: { major: 14, minor: 4 } } },
  ],
  invalid: [
    { sql: "CREATE INDEX CONCURRENTLY i ON t (a);", settings: { pgVersion: { major: 14, minor: 2 } }, errors: [{ messageId: "corrupt", line: 1, column: 1 }] },
    { sql: "REINDEX INDEX CONCURRENTLY i;", settings: { pgVersion: { major: 14, minor: undefined } }, errors: [{ messageId: "unknownMinor", line: 1, column: 1 }] },
  ],
});
