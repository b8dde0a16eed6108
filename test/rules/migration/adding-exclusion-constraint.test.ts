import { ruleTester } from './rule-tester.js';

ruleTester("adding-exclusion-constraint", {
  valid: [
    { sql: "CREATE TABLE rooms (during tstzrange);\nALTER TABLE rooms ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);" },
    { sql: "CREATE TABLE rooms (during tstzrange, EXCLUDE USING gist (during WITH &&));" },
    { sql: "ALTER TABLE authors ADD CONSTRAINT unique_name UNIQUE USING INDEX authors_name_key;" },
  ],
  invalid: [
    { sql: "ALTER TABLE authors\n  ADD CONSTRAINT authors_name_excl EXCLUDE (name WITH =);", errors: [{ messageId: "exclusion", line: 2, column: 7 }] },
  ],
});
