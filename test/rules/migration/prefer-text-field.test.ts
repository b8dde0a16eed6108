import { ruleTester } from './rule-tester.js';

ruleTester("prefer-text-field", {
  valid: [
    { sql: "CREATE TABLE u (a text, b varchar);" },
  ],
  invalid: [
    { sql: "ALTER TABLE u ADD COLUMN a varchar(256);", errors: [{ messageId: "type", line: 1, column: 28 }], output: "ALTER TABLE u ADD COLUMN a text;" },
    { sql: "ALTER TABLE u ALTER COLUMN a TYPE CHARACTER VARYING (40)[] USING a::text[];", errors: [{ messageId: "type", line: 1, column: 35 }], output: "ALTER TABLE u ALTER COLUMN a TYPE text[] USING a::text[];" },
  ],
});
