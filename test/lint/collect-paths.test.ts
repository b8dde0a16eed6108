/** How `lintMigrations` turns the paths it is given into files: read directly, walked, or reported missing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { lintMigrations } from '../../src/lint/index.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgopt-collect-'));
  mkdirSync(join(dir, 'migrations', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'migrations', '001_table.sql'), 'CREATE TABLE items (id bigint PRIMARY KEY);\n');
  writeFileSync(join(dir, 'migrations', 'nested', '002_index.sql'), 'CREATE INDEX items_id ON items (id);\n');
  writeFileSync(join(dir, 'migrations', 'notes.txt'), 'not SQL\n');
  return dir;
}

test('files, directories and a file given twice are each linted once, in order', async () => {
  const cwd = project();
  try {
    const result = await lintMigrations(['migrations', 'migrations/001_table.sql'], { cwd, config: false });
    assert.deepEqual(
      result.files.map((f) => f.path),
      [join('migrations', '001_table.sql'), join('migrations', 'nested', '002_index.sql')],
    );
    // The directory's files are read after it is walked; the index is on a table created earlier in the run.
    assert.deepEqual(
      result.findings.map((f) => `${f.file}:${f.rule}`),
      [],
    );
    const single = await lintMigrations(['migrations/nested/002_index.sql'], { cwd, config: false });
    assert.deepEqual(single.files.map((f) => f.statements), [1]);
    assert.ok(single.findings.some((f) => f.rule === 'require-concurrent-index-creation'));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('a history file given as a file is replayed, not reported', async () => {
  const cwd = project();
  try {
    const result = await lintMigrations(['migrations/nested/002_index.sql'], { cwd, config: false, history: ['migrations/001_table.sql'] });
    assert.deepEqual(result.files.map((f) => f.path), [join('migrations', 'nested', '002_index.sql')]);
    assert.deepEqual([...new Set(result.findings.map((f) => f.file))], [join('migrations', 'nested', '002_index.sql')]);
    // The table is from an earlier, applied migration: it may hold data, so the index needs CONCURRENTLY.
    assert.ok(result.findings.some((f) => f.rule === 'require-concurrent-index-creation'));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('a missing path, or a path under a file, is an input error naming the path as given, excluded or not', async () => {
  const cwd = project();
  try {
    for (const path of ['no-such-dir', 'migrations/001_table.sql/child.sql']) {
      await assert.rejects(
        lintMigrations([path], { cwd, config: false }),
        (error: unknown) => error instanceof InputError && error.message === `${path}: no such file or directory`,
      );
    }
    // Also where an exclude glob (here the default *.down.sql) would have skipped the path had it existed.
    await assert.rejects(
      lintMigrations(['migrations'], { cwd, config: false, history: ['old/0001.down.sql'] }),
      (error: unknown) => error instanceof InputError && error.message === 'old/0001.down.sql: no such file or directory',
    );
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('files under the working directory are reported relative to it (even one named ..x.sql), others absolute', async () => {
  const cwd = project();
  const outside = mkdtempSync(join(tmpdir(), 'pgopt-collect-outside-'));
  try {
    writeFileSync(join(cwd, '..dotted.sql'), 'SELECT 1;\n');
    writeFileSync(join(outside, '003_other.sql'), 'SELECT 1;\n');
    const result = await lintMigrations(['..dotted.sql', join(outside, '003_other.sql'), `${outside}/../${outside.split('/').pop()}/003_other.sql`], {
      cwd,
      config: false,
    });
    // The same file twice (written two ways) is linted once.
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['..dotted.sql', join(outside, '003_other.sql')],
    );
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
