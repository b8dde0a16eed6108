import { ruleTester } from './rule-tester.js';

ruleTester("require-table-schema", {
  valid: [
    { sql: "CREATE TABLE public.t (id int);\nCREATE TEMP TABLE tmp (id int);" },
  ],
  invalid: [
    { sql: "CREATE TABLE t (id int);", errors: [{ messageId: "unqualified", line: 1, column: 14 }] },
  ],
});
