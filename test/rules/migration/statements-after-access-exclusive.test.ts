import { ruleTester } from './rule-tester.js';

ruleTester("statements-after-access-exclusive", {
  valid: [
    { sql: "BEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\nUPDATE t SET c = 1;" },
    { sql: "ALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 1;" },
  ],
  invalid: [
    { sql: "BEGIN;\nALTER TABLE t ADD COLUMN c int;\nUPDATE t SET c = 1;\nCOMMIT;", errors: [{ messageId: "held", line: 3, column: 1 }] },
    { sql: "ALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE u ADD COLUMN x int;", settings: { transactionPreset: 'diesel' }, errors: [{ messageId: "held", line: 2, column: 1 }] },
  ],
});
