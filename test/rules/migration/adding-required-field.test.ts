import { ruleTester } from './rule-tester.js';

ruleTester("adding-required-field", {
  valid: [
    // Emptied again before the column is added.
    { sql: "CREATE TABLE fresh (id int);\nINSERT INTO fresh VALUES (1);\nTRUNCATE fresh;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;" },
    { sql: "CREATE TABLE fresh (id int);\nINSERT INTO fresh VALUES (1);\nDELETE FROM fresh;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;" },
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean NOT NULL DEFAULT true;" },
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean;" },
    { sql: "ALTER TABLE recipe ADD COLUMN total numeric GENERATED ALWAYS AS (a + b) STORED NOT NULL;" },
    { sql: "CREATE TABLE fresh (id int);\nALTER TABLE fresh ADD COLUMN email text NOT NULL;" },
    { sql: "CREATE TABLE fresh (id int);\nINSERT INTO other VALUES (1);\nALTER TABLE fresh ADD COLUMN email text NOT NULL;" },
    { sql: "CREATE TABLE fresh AS SELECT 1 AS id WITH NO DATA;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;" },
  ],
  invalid: [
    { sql: "CREATE TABLE fresh (id int);\nINSERT INTO fresh VALUES (1);\nDELETE FROM fresh WHERE id = 2;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 4, column: 1 }] },
    { sql: "CREATE TABLE fresh (id int);\nWITH x AS (INSERT INTO fresh VALUES (1) RETURNING id) SELECT * FROM x;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 3, column: 1 }] },
    { sql: "CREATE TABLE fresh (id int);\nMERGE INTO fresh f USING src s ON f.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id);\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 3, column: 1 }] },
    { sql: "ALTER TABLE recipe ADD COLUMN public boolean NOT NULL;", errors: [{ messageId: "required", line: 1, column: 1 }] },
    // pgfence's new-table-after-dml fixture: the table is new, but no longer empty.
    { sql: "CREATE TABLE fresh (id int);\nINSERT INTO fresh VALUES (1);\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 3, column: 1 }] },
    { sql: "CREATE TABLE fresh AS SELECT 1 AS id;\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 2, column: 1 }] },
    { sql: "CREATE TABLE fresh (id int);\nCOPY fresh FROM stdin;\n1\n\\.\nALTER TABLE fresh ADD COLUMN email text NOT NULL;", errors: [{ messageId: "newTableWithRows", line: 5, column: 1 }] },
  ],
});
