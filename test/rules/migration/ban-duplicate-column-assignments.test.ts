import { ruleTester } from './rule-tester.js';

ruleTester("ban-duplicate-column-assignments", {
  valid: [
    { sql: "UPDATE k SET a = 1, b = 2;" },
    { sql: "CREATE VIEW v AS SELECT (q.h).id, (q.h).parent_id, x::text FROM q;" },
    { sql: "UPDATE k SET a.x = 1, a.y = 2;" },
    { sql: "UPDATE k SET b[1] = 1, b[2] = 2;" },
    { sql: "INSERT INTO k (a, b) VALUES (1, 2);" },
  ],
  invalid: [
    { sql: "UPDATE k SET a = 1,\n  a = 2;", errors: [{ messageId: "duplicate", line: 1, column: 14 }, { messageId: "duplicate", line: 2, column: 3 }] },
    { sql: "INSERT INTO t (a, a) VALUES (1, 2);", errors: [{ messageId: "duplicate", line: 1, column: 16 }, { messageId: "duplicate", line: 1, column: 19 }] },
    { sql: "UPDATE k SET b[1] = 1, b[1] = 2;", errors: [{ messageId: "duplicate", line: 1, column: 14 }, { messageId: "duplicate", line: 1, column: 24 }] },
    { sql: "CREATE TABLE t (a int, a text);", errors: [{ messageId: "duplicate", line: 1, column: 17 }, { messageId: "duplicate", line: 1, column: 24 }] },
  ],
});
