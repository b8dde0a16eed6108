import { ruleTester } from './rule-tester.js';

ruleTester("adding-field-with-default", {
  valid: [
    { sql: "ALTER TABLE orders ADD COLUMN flag boolean DEFAULT true;" },
    { sql: "ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now();" },
    { sql: "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid();" },
    { sql: "ALTER TABLE orders ADD COLUMN total int GENERATED ALWAYS AS (a + b) VIRTUAL;" },
    // A new table has no rows to number; a serial primary key is adding-serial-primary-key-field's case.
    { sql: "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id bigserial;" },
    { sql: "ALTER TABLE orders ADD COLUMN id serial PRIMARY KEY;" },
  ],
  invalid: [
    { sql: "ALTER TABLE orders ADD COLUMN u uuid DEFAULT gen_random_uuid();", errors: [{ messageId: "volatile", line: 1, column: 31 }] },
    { sql: "ALTER TABLE orders\n  ADD COLUMN total numeric GENERATED ALWAYS AS (a + b) STORED;", errors: [{ messageId: "generated", line: 2, column: 14 }] },
    { sql: "ALTER TABLE prices ADD COLUMN id serial;", errors: [{ messageId: "sequence", line: 1, column: 31 }] },
    { sql: "ALTER TABLE prices ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;", errors: [{ messageId: "sequence", line: 1, column: 31 }] },
    { sql: "ALTER TABLE orders ADD COLUMN n int DEFAULT 10;", settings: { pgVersion: { major: 10, minor: undefined } }, errors: [{ messageId: "before11", line: 1, column: 31 }] },
  ],
});
