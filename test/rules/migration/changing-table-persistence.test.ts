import { ruleTester } from './rule-tester.js';

ruleTester("changing-table-persistence", {
  valid: [
    { sql: "CREATE TABLE events (id int);\nALTER TABLE events SET UNLOGGED;" },
    { sql: "CREATE UNLOGGED TABLE staging (id int);\nALTER TABLE staging SET LOGGED;" },
    { sql: "ALTER TABLE events SET (fillfactor = 70);" },
  ],
  invalid: [
    // pgfence's set-logged-unlogged fixture: each form gives the table a new relfilenode.
    { sql: "ALTER TABLE events SET UNLOGGED;", errors: [{ messageId: "unlogged", line: 1, column: 1 }] },
    { sql: "ALTER TABLE public.events SET LOGGED;", errors: [{ messageId: "logged", line: 1, column: 1 }] },
  ],
});
