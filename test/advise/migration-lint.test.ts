/** `--emit-migration` output must pass `pgopt lint` cleanly (the contract between the advisor and the linter). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adviseIndexes, renderMigration } from '../../src/advise/index.js';
import { lintMigrations } from '../../src/lint/index.js';
import { queryStats } from './query-stats.js';

describe('emitted migration', () => {
  it('passes pgopt lint with no findings', async () => {
    const result = await adviseIndexes([
      queryStats('SELECT * FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT 5'),
      queryStats('SELECT id FROM users WHERE name ILIKE $1'),
      queryStats('SELECT id FROM "Users" WHERE "Email" = $1 AND deleted_at IS NULL'),
      queryStats('SELECT id FROM events WHERE payload @> $1'),
      queryStats('SELECT * FROM accounts WHERE lower(email) = $1'),
    ]);
    assert.equal(result.indexes.length, 5);
    const dir = await mkdtemp(join(tmpdir(), 'pgopt-migration-'));
    try {
      const path = join(dir, '001_pgopt_indexes.sql');
      await writeFile(path, renderMigration(result.indexes));
      const lint = await lintMigrations([path], { config: false });
      assert.deepEqual(lint.files.map((f) => f.parseErrors), [[]]);
      assert.deepEqual(lint.findings.map((f) => `${f.rule}: ${f.message}`), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
