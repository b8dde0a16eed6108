/**
 * The README's lint example (examples/migrations) says what pgopt reports on it: keep that true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.js';

interface JsonReport {
  files: { path: string; statements: number; parseErrors: unknown[] }[];
  findings: { rule: string; file: string; line: number; column: number; lock: { mode: string } | null }[];
}

test('the bundled migrations example gives the findings the README describes', async () => {
  const run = await runCli(['lint', '--no-config', '--format', 'json', '--history', 'examples/migrations/applied', 'examples/migrations/pending']);
  assert.equal(run.code, 1, 'errors at the default --fail-on');
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.files.map((f) => [f.path, f.statements, f.parseErrors.length]),
    [
      ['examples/migrations/pending/0002_posts_author_fk.sql', 1, 0],
      ['examples/migrations/pending/0003_posts_feed.sql', 5, 0],
    ],
  );
  assert.deepEqual(
    report.findings.map((f) => `${f.file.split('/').pop()}:${f.line}:${f.column} ${f.rule}`),
    [
      '0002_posts_author_fk.sql:3:2 require-lock-timeout',
      '0002_posts_author_fk.sql:3:2 require-statement-timeout',
      '0002_posts_author_fk.sql:3:26 adding-foreign-key-constraint',
      '0002_posts_author_fk.sql:3:26 foreign-key-without-index',
      '0003_posts_feed.sql:7:1 require-concurrent-index-creation',
      '0003_posts_feed.sql:9:1 adding-required-field',
    ],
  );
  // The varchar(100) to varchar(200) change on line 5 is not flagged: the history says what the old type was.
  assert.equal(report.findings.some((f) => f.line === 5), false);
});
