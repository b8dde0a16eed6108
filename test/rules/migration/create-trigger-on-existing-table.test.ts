import { ruleTester } from './rule-tester.js';

ruleTester("create-trigger-on-existing-table", {
  valid: [
    { sql: "CREATE TABLE t (id int);\nCREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();" },
  ],
  invalid: [
    { sql: "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();", errors: [{ messageId: "trigger", line: 1, column: 1 }] },
  ],
});
