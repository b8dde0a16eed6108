import { ruleTester } from './rule-tester.js';

ruleTester("enum-value-used-in-same-transaction", {
  valid: [
    // Committed in between: the value is safe to use.
    { sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;\nUPDATE person SET mood = 'meh' WHERE mood IS NULL;" },
    // Outside a transaction each statement commits on its own.
    { sql: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET mood = 'meh' WHERE mood IS NULL;" },
    // A rename does not add a value.
    { sql: "BEGIN;\nALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\nUPDATE person SET mood = 'blue';\nCOMMIT;" },
    { sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET mood = 'happy';\nCOMMIT;" },
  ],
  invalid: [
    // Checked on PostgreSQL 15: ERROR: unsafe use of new value "meh" of enum type mood.
    { sql: "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET mood = 'meh' WHERE mood IS NULL;\nCOMMIT;", errors: [{ messageId: "unsafeUse", line: 3, column: 1 }] },
    { sql: "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';\nALTER TABLE person ALTER COLUMN mood SET DEFAULT 'meh';", settings: { assumeInTransaction: true }, errors: [{ messageId: "unsafeUse", line: 2, column: 1 }] },
  ],
});
