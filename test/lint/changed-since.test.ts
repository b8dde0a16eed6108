import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintMigrations } from '../../src/lint/index.js';

test('--changed-since lints only changed files and replays the rest as history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-changed-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001.sql'), 'CREATE TABLE orders (id int, total int);\nCREATE INDEX orders_total ON orders (total);\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(dir, 'migrations', '002.sql'), 'CREATE INDEX orders_id ON orders (id);\n');
    const result = await lintMigrations(['migrations'], { cwd: dir, config: false, changedSince: 'HEAD', runnerSetsTimeouts: true });
    assert.deepEqual(result.files.map((f) => f.path), [join('migrations', '002.sql')]);
    // orders comes from history (already applied), so indexing it now blocks writes.
    assert.deepEqual(result.findings.map((f) => [f.rule, f.line]), [['require-concurrent-index-creation', 1]]);
    const all = await lintMigrations(['migrations'], { cwd: dir, config: false, runnerSetsTimeouts: true });
    assert.deepEqual(all.findings, [], 'linting the whole history, orders is a table the migrations create');
    await assert.rejects(lintMigrations(['migrations'], { cwd: dir, config: false, changedSince: 'no-such-ref' }), /--changed-since no-such-ref: git failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
