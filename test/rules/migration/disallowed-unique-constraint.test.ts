import { ruleTester } from './rule-tester.js';

ruleTester("disallowed-unique-constraint", {
  valid: [
    { sql: "ALTER TABLE t ADD CONSTRAINT t_uniq UNIQUE USING INDEX t_idx;" },
    { sql: "CREATE TABLE t (sku text);\nALTER TABLE t ADD CONSTRAINT sku_uniq UNIQUE (sku);" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ADD CONSTRAINT sku_uniq UNIQUE (sku);", errors: [{ messageId: "unique", line: 1, column: 19 }] },
    { sql: "ALTER TABLE t ADD COLUMN bar text UNIQUE;", errors: [{ messageId: "unique", line: 1, column: 35 }] },
  ],
});
