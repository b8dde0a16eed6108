import { ruleTester } from './rule-tester.js';

ruleTester("foreign-key-without-index", {
  valid: [
    { sql: "CREATE TABLE e (id int, user_id int REFERENCES users (id));\nCREATE INDEX e_user ON e (user_id);" },
    { sql: "CREATE TABLE e (user_id int, n int, PRIMARY KEY (user_id, n), FOREIGN KEY (user_id) REFERENCES users (id));" },
  ],
  invalid: [
    { sql: "CREATE TABLE e (\n  id int,\n  user_id int REFERENCES users (id)\n);", errors: [{ messageId: "noIndex", line: 3, column: 15 }] },
    { sql: "ALTER TABLE e ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES p (a, b) NOT VALID;\nCREATE INDEX e_b_a ON e (b, a);", errors: [{ messageId: "noIndex", line: 1 }] },
  ],
});
