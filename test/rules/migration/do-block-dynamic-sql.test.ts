import { ruleTester } from './rule-tester.js';

ruleTester("do-block-dynamic-sql", {
  valid: [
    // A constant string is linted as the statement in it.
    { sql: "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN c int'; END $$;" },
    { sql: "DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$;" },
    { sql: "DO LANGUAGE plperl $$ spi_exec_query('ALTER TABLE t ADD COLUMN c int'); $$;" },
  ],
  invalid: [
    // pgfence's demo-5-complex-plpgsql: a GRANT per table, built in a loop.
    {
      sql: "DO $$\nDECLARE\n  r RECORD;\nBEGIN\n  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP\n    EXECUTE 'GRANT SELECT ON TABLE ' || quote_ident(r.tablename) || ' TO read_only_user';\n  END LOOP;\nEND;\n$$;",
      errors: [{ messageId: "dynamic", line: 6, column: 13 }],
    },
    { sql: "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN c int', 't'); END $$;", errors: [{ messageId: "dynamic", line: 1, column: 21 }] },
  ],
});
