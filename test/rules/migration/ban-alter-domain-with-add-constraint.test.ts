import { ruleTester } from './rule-tester.js';

ruleTester("ban-alter-domain-with-add-constraint", {
  valid: [
    { sql: "ALTER DOMAIN d SET NOT NULL;" },
    { sql: "ALTER DOMAIN d ADD CONSTRAINT c CHECK (value > 0) NOT VALID;" },
  ],
  invalid: [
    { sql: "ALTER DOMAIN d ADD CONSTRAINT c CHECK (value > 0);", errors: [{ messageId: "addConstraint", line: 1, column: 1 }] },
  ],
});
