import { ruleTester } from './rule-tester.js';

ruleTester("adding-foreign-key-constraint", {
  valid: [
    { sql: "ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;" },
    { sql: "CREATE TABLE emails (id int, user_id int);\nALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);" },
    { sql: "ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);", before: "CREATE TABLE emails (id int, user_id int);" },
  ],
  invalid: [
    { sql: "ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);", errors: [{ messageId: "addConstraint", line: 1, column: 24 }], output: "ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE emails VALIDATE CONSTRAINT fk_user;" },
    { sql: "ALTER TABLE emails ADD COLUMN user_id int REFERENCES users (id);", errors: [{ messageId: "addColumn", line: 1, column: 43 }] },
    { sql: "ALTER TABLE emails ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id);", history: "CREATE TABLE emails (id int, user_id int);", errors: [{ messageId: "addConstraint", line: 1 }] },
  ],
});
