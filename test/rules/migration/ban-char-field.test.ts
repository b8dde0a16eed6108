import { ruleTester } from './rule-tester.js';

ruleTester("ban-char-field", {
  valid: [
    // "char" (quoted) is the one-byte internal type, not char(n).
    { sql: "CREATE TABLE t (a \"char\", b pg_catalog.\"char\");" },
    { sql: "CREATE TABLE t (a varchar(100), b text);" },
  ],
  invalid: [
    { sql: "CREATE TABLE t (c \"char\"(10));", errors: [{ messageId: "char", line: 1, column: 19 }], output: "CREATE TABLE t (c varchar(10));" },
    { sql: "CREATE TABLE t (c national char(3));", errors: [{ messageId: "char", line: 1, column: 19 }], output: "CREATE TABLE t (c varchar(3));" },
    { sql: "CREATE TABLE t (\n  a char(10),\n  b character,\n  c text\n);", errors: [{ messageId: "char", line: 2, column: 5 }, { messageId: "char", line: 3, column: 5 }], output: "CREATE TABLE t (\n  a varchar(10),\n  b text,\n  c text\n);" },
    { sql: "CREATE TABLE t (a \"bpchar\"(5)[], b pg_catalog.bpchar (2) [ ]);", errors: [{ messageId: "char", line: 1, column: 19 }, { messageId: "char", line: 1, column: 36 }], output: "CREATE TABLE t (a varchar(5)[], b varchar(2)[]);" },
    { sql: "ALTER TABLE t ADD COLUMN c char;", errors: [{ messageId: "char", line: 1, column: 28 }] },
  ],
});
