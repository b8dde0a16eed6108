/**
 * SQL on standard input, as squawk reads it (`python manage.py sqlmigrate app 0042 | pgopt lint`):
 * `-` among the paths, or no path with something piped in; `--stdin-filepath` names it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintMigrations } from '../../src/lint/index.js';
import { runCli } from '../helpers/run-cli.js';

interface JsonReport {
  files: { path: string; statements: number; parseErrors: { line: number; column: number; message: string }[] }[];
  findings: { rule: string; file: string; line: number; column: number }[];
}

const index = "SET lock_timeout = '5s';\nSET statement_timeout = '5s';\nCREATE INDEX posts_author ON posts (author_id);\n";

test('pgopt lint - reads the SQL from standard input and reports it as stdin', async () => {
  const run = await runCli(['lint', '--no-config', '--format', 'json', '-'], { stdin: index });
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.files, [{ path: 'stdin', statements: 3, parseErrors: [] }]);
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`), ['stdin:3:1 require-concurrent-index-creation']);
});

test('with no path, SQL piped in is linted; --stdin-filepath names it', async () => {
  const run = await runCli(['lint', '--no-config', '--format', 'json', '--stdin-filepath', 'shop/0042_index.sql'], { stdin: index });
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.files.map((f) => f.path), ['shop/0042_index.sql']);
  assert.deepEqual(report.findings.map((f) => f.file), ['shop/0042_index.sql']);
});

test('no path and nothing piped in is still a usage error', async () => {
  const run = await runCli(['lint', '--no-config'], { stdin: '' });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no migration files given/);
});

test('- with empty input lints nothing and passes', async () => {
  const run = await runCli(['lint', '--no-config', '--format', 'json', '-'], { stdin: '' });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout) as JsonReport).files, [{ path: 'stdin', statements: 0, parseErrors: [] }]);
});

test('stdin comes after the files and the history: a table created before it is not new', async () => {
  const run = await runCli(
    ['lint', '--no-config', '--format', 'json', '--history', 'examples/migrations/applied', '-'],
    { stdin: "SET lock_timeout = '5s';\nSET statement_timeout = '5s';\nALTER TABLE posts ADD COLUMN score int NOT NULL;\n" },
  );
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.findings.map((f) => `${f.line} ${f.rule}`), ['3 adding-required-field']);
  // The same statement after creating the table in the same input: nobody uses it yet.
  const fresh = await runCli(['lint', '--no-config', '--format', 'json', '-'], { stdin: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN score int NOT NULL;\n' });
  assert.deepEqual((JSON.parse(fresh.stdout) as JsonReport).findings.map((f) => f.rule).filter((r) => r === 'adding-required-field'), []);
});

test('a syntax error on stdin is reported with its line and column, and the rest is linted', async () => {
  const run = await runCli(['lint', '--no-config', '--format', 'json', '-'], { stdin: 'CREATE INDEX a ON t (x);\nALTER TABLE t ADD COLUMN;\n' });
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as JsonReport;
  const [file] = report.files;
  assert.equal(file?.path, 'stdin');
  assert.equal(file?.parseErrors.length, 1);
  assert.equal(file?.parseErrors[0]?.line, 2);
  assert.ok(report.findings.some((f) => f.rule === 'require-concurrent-index-creation' && f.line === 1));
});

test('--fix cannot rewrite standard input: a usage error, nothing else done', async () => {
  const run = await runCli(['lint', '--no-config', '--fix', '-'], { stdin: index });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--fix .* cannot rewrite standard input/);
  assert.equal(run.stdout, '');
});

test('--stdin-filepath may not name a file that is read too', async () => {
  const run = await runCli(['lint', '--no-config', '--stdin-filepath', 'examples/migrations/pending/0003_posts_feed.sql', 'examples/migrations/pending', '-'], { stdin: index });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /also a file being read/);
});

test('lintMigrations takes the text itself (the library API)', async () => {
  const result = await lintMigrations([], { config: false, stdin: { text: '\uFEFFCREATE INDEX i ON t (a);' } });
  assert.deepEqual(result.files.map((f) => [f.path, f.statements]), [['stdin', 1]]);
  assert.equal(result.sources.get('stdin'), 'CREATE INDEX i ON t (a);', 'a byte-order mark is dropped as from a file');
  await assert.rejects(lintMigrations([], { config: false }), /no migration files given/);
});
