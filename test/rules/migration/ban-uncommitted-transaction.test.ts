import { ruleTester } from './rule-tester.js';

ruleTester("ban-uncommitted-transaction", {
  valid: [
    { sql: "BEGIN;\nCREATE TABLE u (id bigint);\nCOMMIT;" },
    { sql: "CREATE TABLE u (id bigint);" },
    { sql: "DELETE FROM sessions; COMMIT; BEGIN;", settings: { transactionPreset: 'ory' } },
  ],
  invalid: [
    { sql: "BEGIN;\nCREATE TABLE u (id bigint);", errors: [{ messageId: "uncommitted", line: 1, column: 1 }], output: "BEGIN;\nCREATE TABLE u (id bigint);\nCOMMIT;" },
  ],
});
