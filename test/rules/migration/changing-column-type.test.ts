import { ruleTester } from './rule-tester.js';

ruleTester("changing-column-type", {
  valid: [
    { sql: "ALTER TABLE t ALTER COLUMN name TYPE varchar(200);", before: "CREATE TABLE t (name varchar(100));" },
    { sql: "ALTER TABLE t ALTER COLUMN name TYPE text;", history: "CREATE TABLE t (name varchar(100));" },
    { sql: "ALTER TABLE t ALTER COLUMN price TYPE numeric(12,2);", history: "CREATE TABLE t (price numeric(10,2));" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ALTER COLUMN id TYPE bigint;", history: "CREATE TABLE t (id int);", errors: [{ messageId: "rewrite", line: 1, column: 1 }] },
    { sql: "ALTER TABLE t ALTER COLUMN name TYPE varchar(50);", history: "CREATE TABLE t (name varchar(100));", errors: [{ messageId: "rewrite", line: 1 }] },
    { sql: "ALTER TABLE t ALTER COLUMN edits TYPE text USING edits::text;", errors: [{ messageId: "unknownOldType", line: 1 }] },
  ],
});
