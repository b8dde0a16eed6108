import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationRules } from '../../../rules/migration/index.js';
import { lintSources } from '../../../src/lint/engine.js';
import { DEFAULT_LINT_SETTINGS } from '../../../src/lint/lint-settings.js';
import { ruleTester } from './rule-tester.js';

ruleTester("require-lock-timeout", {
  valid: [
    { sql: "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET lock_timeout = 0;\nSET lock_timeout = '10s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET lock_timeout = 100;\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int;" },
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", settings: { runnerSetsTimeouts: true } },
    { sql: "SELECT * FROM t;" },
    { sql: "DROP VIEW v;\nDROP INDEX i;", before: "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE INDEX i ON t (a);" },
  ],
  invalid: [
    { sql: "ALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "missing", line: 1, column: 1 }], output: "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN c boolean;" },
    { sql: "SET foo.lock_timeout = '1s';\nCOMMENT ON COLUMN t.c IS 'x';", errors: [{ messageId: "missing", line: 2, column: 1 }] },
    // 0 turns the timeout off (pgfence's lock-timeout-zero fixture); no fix: the file's own SET needs changing.
    { sql: "SET lock_timeout = 0;\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
    { sql: "SET lock_timeout TO '0ms';\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 2, column: 1 }] },
    { sql: "SET lock_timeout = '2s';\nSET lock_timeout = '0';\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "disabled", line: 3, column: 1 }] },
    { sql: "SET lock_timeout = 0;\nSET lock_timeout = DEFAULT;\nALTER TABLE t ADD COLUMN c boolean;", errors: [{ messageId: "missing", line: 3, column: 1 }] },
  ],
});


test('require-lock-timeout says who queues behind the statement, from the lock it asks for', () => {
  const rule = migrationRules.filter((r) => r.meta.id === 'require-lock-timeout');
  const message = (sql: string): string =>
    lintSources([{ path: 'm.sql', text: sql, linted: true }], DEFAULT_LINT_SETTINGS, rule.map((r) => ({ rule: r, severity: r.meta.severity })), migrationRules).findings[0]?.message ?? '';
  assert.match(message('ALTER TABLE t ADD COLUMN c int;'), /every later query on the table queues behind it \(an outage/);
  assert.match(message('CREATE INDEX i ON t (a);'), /every later write on the table queues behind it \(reads go on\)/);
  assert.match(message('CREATE INDEX CONCURRENTLY i ON t (a);'), /later DDL, VACUUM and ANALYZE on the table queue behind it \(reads and writes go on\)/);
});
