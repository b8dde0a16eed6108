import { ruleTester } from './rule-tester.js';

ruleTester("do-block-dynamic-sql", {
  valid: [
    // Constants in any quoting are linted as statements, not reported here.
    { sql: "DO $$ BEGIN EXECUTE $q$ALTER TABLE t ADD c int$q$; EXECUTE E'ALTER TABLE t ADD d int'; END $$;" },
    // A constant string is linted as the statement in it.
    { sql: "DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN c int'; END $$;" },
    { sql: "DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$;" },
    { sql: "DO LANGUAGE plperl $$ spi_exec_query('ALTER TABLE t ADD COLUMN c int'); $$;" },
  ],
  invalid: [
    // Each EXECUTE at its own expression: not the same text in the DECLARE, and two of one variable in turn.
    { sql: "DO $$ DECLARE q text := 'SELECT 1'; BEGIN EXECUTE q; EXECUTE q; END $$;", errors: [{ messageId: "dynamic", line: 1, column: 51 }, { messageId: "dynamic", line: 1, column: 62 }] },
    { sql: "DO $$ DECLARE e text; c refcursor; r record; BEGIN\n  e := 'SELECT 1';\n  execute e;\n  FOR r IN EXECUTE e LOOP END LOOP;\n  OPEN c FOR EXECUTE e;\nEND $$;", errors: [{ messageId: "dynamic", line: 3, column: 11 }, { messageId: "dynamic", line: 4, column: 20 }, { messageId: "dynamic", line: 5, column: 22 }] },
    // pgfence's demo-5-complex-plpgsql: a GRANT per table, built in a loop.
    {
      sql: "DO $$\nDECLARE\n  r RECORD;\nBEGIN\n  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP\n    EXECUTE 'GRANT SELECT ON TABLE ' || quote_ident(r.tablename) || ' TO read_only_user';\n  END LOOP;\nEND;\n$$;",
      errors: [{ messageId: "dynamic", line: 6, column: 13 }],
    },
    { sql: "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN c int', 't'); END $$;", errors: [{ messageId: "dynamic", line: 1, column: 21 }] },
    // In a DO block nested in another: in a dollar-quoted outer body, and in a quoted one (its quotes doubled).
    { sql: "DO $$ BEGIN\n  DO $n$ BEGIN\n    EXECUTE format('ANALYZE %I', 'audit');\n  END $n$;\nEND $$;", errors: [{ messageId: "dynamic", line: 3, column: 13 }] },
    { sql: "DO 'BEGIN\n  DO $n$ BEGIN\n    EXECUTE format(''ANALYZE %I'', ''audit'');\n  END $n$;\nEND';", errors: [{ messageId: "dynamic", line: 3, column: 13 }] },
  ],
});
