import { ruleTester } from './rule-tester.js';

ruleTester("adding-not-nullable-field", {
  valid: [
    { sql: "ALTER TABLE foo ADD CONSTRAINT bar_nn CHECK (bar IS NOT NULL) NOT VALID;\nCOMMIT;\nALTER TABLE foo VALIDATE CONSTRAINT bar_nn;\nALTER TABLE foo ALTER COLUMN bar SET NOT NULL;" },
    { sql: "ALTER TABLE foo ALTER COLUMN bar SET NOT NULL;", before: "ALTER TABLE foo ADD CONSTRAINT bar_nn CHECK (bar IS NOT NULL) NOT VALID;\nALTER TABLE foo VALIDATE CONSTRAINT bar_nn;" },
    { sql: "CREATE TABLE foo (bar int);\nALTER TABLE foo ALTER COLUMN bar SET NOT NULL;" },
    // PRIMARY KEY USING INDEX on a column already NOT NULL, or one the replayed schema does not know.
    { sql: "ALTER TABLE authors ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;", history: "CREATE TABLE authors (name text NOT NULL);\nCREATE UNIQUE INDEX authors_name_key ON authors (name);" },
    { sql: "ALTER TABLE authors ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;" },
  ],
  invalid: [
    { sql: "ALTER TABLE foo ALTER COLUMN bar SET NOT NULL;", errors: [{ messageId: "setNotNull", line: 1, column: 1 }] },
    {
      sql: "ALTER TABLE authors\n  ADD CONSTRAINT authors_pkey PRIMARY KEY USING INDEX authors_name_key;",
      history: "CREATE TABLE authors (name text);\nCREATE UNIQUE INDEX CONCURRENTLY authors_name_key ON authors (name);",
      errors: [{ messageId: "primaryKey", line: 2, column: 7 }],
    },
    { sql: "ALTER TABLE foo ADD CONSTRAINT baz_nn CHECK (baz IS NOT NULL) NOT VALID;\nALTER TABLE foo VALIDATE CONSTRAINT baz_nn;\nALTER TABLE foo ALTER COLUMN bar SET NOT NULL;", errors: [{ messageId: "setNotNull", line: 3 }] },
    { sql: "ALTER TABLE foo ALTER COLUMN bar SET NOT NULL;", before: "ALTER TABLE foo ADD CONSTRAINT bar_nn CHECK (bar IS NOT NULL) NOT VALID;\nALTER TABLE foo VALIDATE CONSTRAINT bar_nn;", settings: { pgVersion: { major: 11, minor: undefined } }, errors: [{ messageId: "setNotNull", line: 1 }] },
  ],
});
