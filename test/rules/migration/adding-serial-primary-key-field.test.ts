import { ruleTester } from './rule-tester.js';

ruleTester("adding-serial-primary-key-field", {
  valid: [
    { sql: "ALTER TABLE items ADD CONSTRAINT items_pk PRIMARY KEY USING INDEX items_pk_idx;" },
    { sql: "CREATE TABLE items (id int);\nALTER TABLE items ADD PRIMARY KEY (id);" },
  ],
  invalid: [
    { sql: "ALTER TABLE items ADD PRIMARY KEY (id);", errors: [{ messageId: "primaryKey", line: 1, column: 23 }] },
    { sql: "ALTER TABLE a ADD COLUMN b serial PRIMARY KEY;", errors: [{ messageId: "primaryKey", line: 1, column: 35 }] },
  ],
});
