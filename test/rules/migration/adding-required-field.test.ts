import { ruleTester } from './rule-tester.js';

ruleTester("adding-required-field", {
  valid: [
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean NOT NULL DEFAULT true;" },
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean;" },
    { sql: "ALTER TABLE recipe ADD COLUMN total numeric GENERATED ALWAYS AS (a + b) STORED NOT NULL;" },
  ],
  invalid: [
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean NOT NULL;", errors: [{ messageId: "required", line: 1, column: 1 }] },
  ],
});
