/**
 * A project moving from squawk keeps its `.squawk.toml`: pgopt reads it when there is no
 * pgopt.config.json at the same level or nearer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConfigFile } from '../../src/lint/lint-config.js';
import { lintMigrations } from '../../src/lint/index.js';
import { parseSquawkConfig } from '../../src/lint/squawk-config.js';
import { isKnownError } from '../../src/errors.js';

const full = `# squawk settings
excluded_rules = [
  "require-concurrent-index-creation", # not for this project
  'prefer-robust-stmts',
]
included_rules = ["require-timeout-settings"]
pg_version = "14.0"
assume_in_transaction = true
excluded_paths = ["old/*.sql"]

[upload_to_github]
fail_on_violations = true
`;

test('squawk settings become pgopt lint settings, rule names read as squawk ids', () => {
  assert.deepEqual(parseSquawkConfig(full, '.squawk.toml'), {
    rules: {
      'squawk:require-concurrent-index-creation': 'off',
      'squawk:prefer-robust-stmts': 'off',
      'squawk:require-timeout-settings': 'on',
    },
    exclude: ['old/*.sql'],
    // squawk's "major.minor" format: only the major is taken.
    pgVersion: '14',
    assumeInTransaction: true,
  });
  assert.deepEqual(parseSquawkConfig('', '.squawk.toml'), {});
  assert.deepEqual(parseSquawkConfig('pg_version = "16"\nexcluded_rules = []\n', '.squawk.toml'), { pgVersion: '16' });
  // A byte-order mark, CRLF line ends, \\u escapes and literal strings, as TOML has them.
  assert.deepEqual(parseSquawkConfig('\uFEFFexcluded_paths = ["caf\\u00e9/*.sql", \'C:\\old\\*.sql\']\r\nassume_in_transaction = false # no\r\n', '.squawk.toml'), {
    exclude: ['café/*.sql', 'C:\\old\\*.sql'],
    assumeInTransaction: false,
  });
});

test('a malformed file is an error naming the file and line', () => {
  const cases: [string, RegExp][] = [
    ['pg_version = "16.0"\nexcluded_rules = ["a",\n', /\.squawk\.toml:3: unterminated array/],
    ['assume_in_transaction = yes\n', /\.squawk\.toml:1: expected a string/],
    ['\n\nassume_in_transaction = "yes"\n', /\.squawk\.toml:3: assume_in_transaction must be true or false/],
    ['excluded_rules = "ban-drop-column"\n', /\.squawk\.toml:1: excluded_rules must be an array of strings/],
    ['pg_version = "sixteen"\n', /\.squawk\.toml:1: pg_version must look like "16.0"/],
    ['pg_version = "16" extra\n', /\.squawk\.toml:1: unexpected text after the value/],
    ['pg_version = "16"\npg_version = "15"\n', /\.squawk\.toml:2: pg_version is set twice/],
    ['excluded_paths = ["a\n', /\.squawk\.toml:1: unterminated string/],
    ['pg_version =\n"14"\n', /\.squawk\.toml:1: expected a string/],
    ['[upload_to_github]\nfail_on_violations = true\n[upload_to_github]\n', /\.squawk\.toml:3: \[upload_to_github\] appears twice/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseSquawkConfig(text, '.squawk.toml'),
      (error: unknown) => isKnownError(error) && message.test((error as Error).message),
      text,
    );
  }
});

test('found by walking up; pgopt.config.json wins at the same level, the nearer file wins across levels', () => {
  const root = mkdtempSync(join(tmpdir(), 'pgopt-squawk-'));
  try {
    const inner = join(root, 'db', 'migrations');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(root, '.squawk.toml'), 'pg_version = "13.0"\n');
    assert.equal(findConfigFile(inner), join(root, '.squawk.toml'));
    writeFileSync(join(root, 'pgopt.config.json'), '{}');
    assert.equal(findConfigFile(inner), join(root, 'pgopt.config.json'));
    writeFileSync(join(root, 'db', '.squawk.toml'), '');
    assert.equal(findConfigFile(inner), join(root, 'db', '.squawk.toml'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("squawk's other spelling of a rule works; an unknown rule name is an error naming the file", async () => {
  const root = mkdtempSync(join(tmpdir(), 'pgopt-squawk-'));
  try {
    writeFileSync(join(root, '001.sql'), 'CREATE TABLE t (at timestamp);\n');
    writeFileSync(join(root, '.squawk.toml'), 'included_rules = ["prefer-timestamptz"]\n');
    const result = await lintMigrations(['001.sql'], { cwd: root });
    assert.deepEqual(result.findings.map((f) => f.rule), ['prefer-timestamp-tz']);
    writeFileSync(join(root, '.squawk.toml'), 'excluded_rules = ["no-such-rule"]\n');
    await assert.rejects(lintMigrations(['001.sql'], { cwd: root }), (error: unknown) => isKnownError(error) && /\.squawk\.toml: unknown rule "squawk:no-such-rule"/.test((error as Error).message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('lintMigrations applies a .squawk.toml it finds', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pgopt-squawk-'));
  try {
    mkdirSync(join(root, 'migrations', 'old'), { recursive: true });
    writeFileSync(join(root, 'migrations', '001.sql'), 'CREATE INDEX i ON t (a);\nALTER TABLE t ADD COLUMN b int DEFAULT 1;\n');
    writeFileSync(join(root, 'migrations', 'old', '000.sql'), 'DROP TABLE t;\n');
    const before = await lintMigrations(['migrations'], { cwd: root });
    assert.ok(before.findings.some((f) => f.rule === 'require-concurrent-index-creation'));
    assert.ok(before.findings.some((f) => f.rule === 'ban-drop-table'));
    assert.equal(before.findings.some((f) => f.rule === 'adding-field-with-default'), false, 'metadata-only from PostgreSQL 11');
    writeFileSync(join(root, '.squawk.toml'), 'excluded_rules = ["require-concurrent-index-creation"]\npg_version = "10.0"\nexcluded_paths = ["old/*.sql"]\n');
    const after = await lintMigrations(['migrations'], { cwd: root });
    assert.equal(after.configPath, join(root, '.squawk.toml'));
    assert.equal(after.findings.some((f) => f.rule === 'require-concurrent-index-creation'), false);
    assert.equal(after.findings.some((f) => f.rule === 'ban-drop-table'), false, 'the excluded path is not linted');
    assert.ok(after.findings.some((f) => f.rule === 'adding-field-with-default'), 'PostgreSQL 10 rewrites the table for a default');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
