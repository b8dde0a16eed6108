import { ruleTester } from './rule-tester.js';

ruleTester("prefer-text-field", {
  valid: [
    { sql: "CREATE TABLE u (a text, b varchar);" },
  ],
  invalid: [
    { sql: "CREATE TABLE t (d national character varying(10), g varchar(5) COLLATE \"C\");", errors: [{ messageId: "type", line: 1, column: 19 }, { messageId: "type", line: 1, column: 53 }], output: "CREATE TABLE t (d text, g text COLLATE \"C\");" },
    { sql: "ALTER TABLE u ADD COLUMN a varchar(256);", errors: [{ messageId: "type", line: 1, column: 28 }], output: "ALTER TABLE u ADD COLUMN a text;" },
    { sql: "ALTER TABLE u ALTER COLUMN a TYPE CHARACTER VARYING (40)[] USING a::text[];", errors: [{ messageId: "type", line: 1, column: 35 }], output: "ALTER TABLE u ALTER COLUMN a TYPE text[] USING a::text[];" },
  ],
});
