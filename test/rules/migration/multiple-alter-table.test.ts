import { ruleTester } from './rule-tester.js';

ruleTester("multiple-alter-table", {
  valid: [
    { sql: "ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int;" },
    { sql: "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;", errors: [{ messageId: "again", line: 2, column: 1 }] },
  ],
});
