import { ruleTester } from './rule-tester.js';

ruleTester("require-enum-value-ordering", {
  valid: [
    { sql: "ALTER TYPE e ADD VALUE 'x' AFTER 'w';" },
  ],
  invalid: [
    { sql: "ALTER TYPE e ADD VALUE IF NOT EXISTS 'x';", errors: [{ messageId: "ordering", line: 1, column: 1 }] },
  ],
});
