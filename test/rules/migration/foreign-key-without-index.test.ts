import { ruleTester } from './rule-tester.js';

ruleTester("foreign-key-without-index", {
  valid: [
    { sql: "CREATE TABLE e (id int, user_id int REFERENCES users (id));\nCREATE INDEX e_user ON e (user_id);" },
    { sql: "CREATE TABLE e (user_id int, n int, PRIMARY KEY (user_id, n), FOREIGN KEY (user_id) REFERENCES users (id));" },
    // A renamed table keeps its indexes.
    {
      sql: "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;",
      history: "CREATE TABLE articles (id int, author_id int);\nCREATE INDEX articles_author ON articles (author_id);\nALTER TABLE articles RENAME TO posts;",
    },
    // A table the history never created: its index, seen alone, still follows the rename.
    {
      sql: "CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_id);\nALTER TABLE orders RENAME TO purchases;\nALTER TABLE purchases ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
    },
    // A constraint that takes over an index (USING INDEX) keeps the index's columns.
    {
      sql: "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;",
      history: "CREATE TABLE posts (id int, author_id int);\nCREATE UNIQUE INDEX posts_author_uniq ON posts (author_id);\nALTER TABLE posts ADD CONSTRAINT posts_author_key UNIQUE USING INDEX posts_author_uniq;",
    },
    // The index comes in a later file (after a rename).
    { sql: "CREATE TABLE e (id int, user_id int REFERENCES users (id));\nALTER TABLE e RENAME TO f;\nCREATE INDEX f_user ON f (user_id);" },
  ],
  invalid: [
    { sql: "CREATE TABLE e (\n  id int,\n  user_id int REFERENCES users (id)\n);", errors: [{ messageId: "noIndex", line: 3, column: 15 }] },
    { sql: "ALTER TABLE e ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES p (a, b) NOT VALID;\nCREATE INDEX e_b_a ON e (b, a);", errors: [{ messageId: "noIndex", line: 1 }] },
    // Indexes go with their table when it is dropped, and with their name when dropped or replaced.
    {
      sql: "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;",
      history: "CREATE TABLE posts (id int, author_id int);\nCREATE INDEX posts_author ON posts (author_id);\nDROP TABLE posts;\nCREATE TABLE posts (id int, author_id int);",
      errors: [{ messageId: "noIndex", line: 1 }],
    },
    {
      sql: "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;",
      history: "CREATE TABLE posts (id int, author_id int);\nCREATE INDEX posts_author ON posts (author_id);\nDROP INDEX posts_author;",
      errors: [{ messageId: "noIndex", line: 1 }],
    },
    {
      sql: "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;",
      history: "CREATE TABLE posts (id int, author_id int);\nCREATE INDEX by_author ON posts (author_id);\nDROP INDEX by_author;\nCREATE TABLE comments (id int, author_id int);\nCREATE INDEX by_author ON comments (author_id);",
      errors: [{ messageId: "noIndex", line: 1 }],
    },
  ],
});
