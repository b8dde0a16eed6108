import { ruleTester } from './rule-tester.js';

ruleTester("transaction-nesting", {
  valid: [
    { sql: "BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;" },
    { sql: "DELETE FROM sessions; COMMIT TRANSACTION; BEGIN TRANSACTION;\nCREATE INDEX CONCURRENTLY i ON t (a);", settings: { transactionPreset: 'ory' } },
  ],
  invalid: [
    { sql: "BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;", errors: [{ messageId: "nestedBegin", line: 2, column: 1 }] },
    { sql: "SELECT 1;\nCOMMIT;\nCOMMIT;", errors: [{ messageId: "strayEnd", line: 2, column: 1 }, { messageId: "strayEnd", line: 3, column: 1 }] },
    { sql: "BEGIN;\nSELECT 1;\nCOMMIT;", settings: { assumeInTransaction: true }, errors: [{ messageId: "toolBegin", line: 1 }, { messageId: "toolEnd", line: 3 }] },
    { sql: "SELECT 1;\nCOMMIT;\nSELECT 2;", settings: { assumeInTransaction: true }, errors: [{ messageId: "toolEnd", line: 2, column: 1 }] },
  ],
});
