import { ruleTester } from './rule-tester.js';

ruleTester("constraint-missing-not-valid", {
  valid: [
    { sql: "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;\nALTER TABLE accounts VALIDATE CONSTRAINT positive;" },
    { sql: "CREATE TABLE accounts (balance int);\nALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0);" },
  ],
  invalid: [
    { sql: "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0);", errors: [{ messageId: "missingNotValid", line: 1, column: 26 }], output: "ALTER TABLE accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;\nALTER TABLE accounts VALIDATE CONSTRAINT positive;" },
    { sql: "BEGIN;\nALTER TABLE e ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID;\nALTER TABLE e VALIDATE CONSTRAINT fk;\nCOMMIT;", errors: [{ messageId: "validateSameTransaction", line: 3, column: 1 }] },
  ],
});
