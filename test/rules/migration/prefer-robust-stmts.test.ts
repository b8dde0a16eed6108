import { ruleTester } from './rule-tester.js';

ruleTester("prefer-robust-stmts", {
  valid: [
    { sql: "CREATE TABLE IF NOT EXISTS t (id int);\nCREATE INDEX IF NOT EXISTS i ON t (id);" },
    { sql: "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;" },
    { sql: "ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX i;" },
  ],
  invalid: [
    { sql: "SELECT 1;\nCREATE TABLE t (id int);", errors: [{ messageId: "notRobust", line: 2, column: 1 }], output: "SELECT 1;\nCREATE TABLE IF NOT EXISTS t (id int);" },
    { sql: "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (id);", errors: [{ messageId: "notRobust", line: 2, column: 1 }], output: "SELECT 1;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);" },
    { sql: "SELECT 1;\nALTER TABLE t ADD COLUMN c int;", errors: [{ messageId: "notRobust", line: 2, column: 1 }], output: "SELECT 1;\nALTER TABLE t ADD COLUMN IF NOT EXISTS c int;" },
    // Each ADD COLUMN of one statement gets its own IF NOT EXISTS (a Prisma migration in the corpus needed two --fix runs).
    { sql: "SELECT 1;\nALTER TABLE \"Field\" ADD COLUMN     \"height\" INTEGER NOT NULL DEFAULT -1,\nADD \"width\" INTEGER;", errors: [{ messageId: "notRobust", line: 2, column: 1 }, { messageId: "notRobust", line: 2, column: 1 }], output: "SELECT 1;\nALTER TABLE \"Field\" ADD COLUMN     IF NOT EXISTS \"height\" INTEGER NOT NULL DEFAULT -1,\nADD IF NOT EXISTS \"width\" INTEGER;" },
    { sql: "SELECT 1;\nDROP INDEX CONCURRENTLY i;", errors: [{ messageId: "notRobust", line: 2, column: 1 }], output: "SELECT 1;\nDROP INDEX CONCURRENTLY IF EXISTS i;" },
  ],
});
