/**
 * Live advice, one statement at a time, table-driven: what index (or which
 * reason) each statement gets against a schema with realistic volumes,
 * validated with HypoPG. Cases follow the shapes other advisors are tested
 * on (multi-column, sort, join, UPDATE/DELETE, quoted names, existing index).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testDatabase } from '../helpers/database.js';
import { adviseIndexes } from '../../src/advise/index.js';
import { queryStats } from './query-stats.js';

const db = await testDatabase();

describe('adviseIndexes, live with HypoPG', { skip: db.skip }, () => {
  const schema = `advise_live_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let admin: pg.Client;
  let url: string;

  before(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('CREATE EXTENSION IF NOT EXISTS hypopg');
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`
      CREATE TABLE ${schema}.posts (id int PRIMARY KEY, blog_id int, user_id int, indexed int, created_at timestamptz, body text);
      INSERT INTO ${schema}.posts SELECT n, n % 1000, n % 5000, n, timestamptz '2024-01-01' + n * interval '1 minute', 'text ' || n
        FROM generate_series(1, 100000) n;
      CREATE INDEX ON ${schema}.posts (indexed);
      CREATE TABLE ${schema}.blogs (id int PRIMARY KEY, name text);
      INSERT INTO ${schema}.blogs SELECT n, 'blog ' || n FROM generate_series(1, 1000) n;
      CREATE TABLE ${schema}."Foo" ("Id" int, note text);
      INSERT INTO ${schema}."Foo" SELECT n, 'x' FROM generate_series(1, 50000) n;
      CREATE TABLE ${schema}.tags (id int, name text);
      INSERT INTO ${schema}.tags SELECT n, 'tag' || n FROM generate_series(1, 100) n;
      ANALYZE ${schema}.posts, ${schema}.blogs, ${schema}."Foo", ${schema}.tags;
    `);
    // The advisor sees the schema through search_path, like an application would.
    const base = new URL(db.url);
    base.searchParams.set('options', `-c search_path=${schema}`);
    url = base.toString();
  });

  after(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  const cases: { sql: string; index?: RegExp; reason?: RegExp }[] = [
    { sql: 'SELECT * FROM posts WHERE user_id = $1', index: /ON \S+\.posts \(user_id\);$/ },
    { sql: 'SELECT * FROM posts WHERE user_id = $1 AND blog_id = $2', index: /\.posts \((user_id, blog_id|blog_id, user_id)\);$/ },
    { sql: 'SELECT * FROM posts WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20', index: /\.posts \(user_id, created_at DESC\);$/ },
    { sql: 'SELECT * FROM posts ORDER BY created_at DESC LIMIT 10', index: /\.posts \(created_at DESC\);$/ },
    { sql: 'SELECT * FROM posts INNER JOIN blogs ON blogs.id = posts.blog_id WHERE blogs.id = $1', index: /\.posts \(blog_id\);$/ },
    { sql: 'UPDATE posts SET body = $1 WHERE user_id = $2', index: /\.posts \(user_id\);$/ },
    { sql: 'DELETE FROM posts WHERE user_id = $1', index: /\.posts \(user_id\);$/ },
    { sql: 'SELECT * FROM "Foo" WHERE "Id" = $1', index: /ON \S+\."Foo" \("Id"\);$/ },
    { sql: 'SELECT * FROM posts WHERE id = $1', reason: /already served by existing index \S+\.posts_pkey/ },
    { sql: 'SELECT * FROM posts WHERE indexed = $1', reason: /already served by existing index \S+\.posts_indexed_idx/ },
    { sql: 'SELECT * FROM posts', reason: /no indexable predicate/ },
    { sql: 'SELECT * FROM tags WHERE name = $1', reason: /table has 100 rows/ },
    { sql: 'SELECT * FROM missing WHERE a = $1', reason: /missing not found in the catalog/ },
    { sql: 'SELECT 1', reason: /no table to index/ },
    { sql: 'SELECT bad FROM posts WHERE user_id = $1', reason: /could not be planned: column "bad" does not exist/ },
    { sql: 'SELECT * FROM pg_index WHERE indexrelid = $1', reason: /no table to index/ },
  ];
  for (const { sql, index, reason } of cases) {
    it(sql, async () => {
      const q = queryStats(sql);
      const result = await adviseIndexes([q], { database: { connectionString: url } });
      assert.equal(result.verdicts.length, 1);
      const verdict = result.verdicts[0]!;
      if (index !== undefined) {
        assert.equal(result.indexes.length, 1, verdict.reason);
        assert.match(result.indexes[0]!.ddl, index);
        assert.equal(result.indexes[0]!.validated, true);
        assert.deepEqual(result.indexes[0]!.fingerprints, [q.fingerprint]);
        assert.equal(verdict.index, result.indexes[0]!.ddl);
      } else {
        assert.deepEqual(result.indexes, [], verdict.reason);
        assert.equal(verdict.index, null);
        assert.match(verdict.reason, reason!);
      }
    });
  }

  it('merges prefix-compatible needs into one index and respects the cap', async () => {
    const queries = [
      queryStats('SELECT * FROM posts WHERE user_id = $1', { calls: 50 }),
      queryStats('SELECT * FROM posts WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20', { calls: 500 }),
      queryStats('SELECT * FROM posts WHERE blog_id = $1 AND created_at > $2', { calls: 10 }),
    ];
    const result = await adviseIndexes(queries, { database: { connectionString: url } });
    // One index on user_id (with or without the sort key: 20 rows per user sort cheaply) serves both user queries.
    const userIndexes = result.indexes.filter((i) => i.columns[0] === 'user_id');
    assert.equal(userIndexes.length, 1);
    assert.deepEqual([...userIndexes[0]!.fingerprints].sort(), [queries[0]!.fingerprint, queries[1]!.fingerprint].sort());
    assert.equal(result.indexes.length, 2);
    const capped = await adviseIndexes(queries, { database: { connectionString: url }, maxIndexes: 1 });
    assert.equal(capped.indexes.length, 1);
    assert.equal(capped.indexes[0]!.columns[0], 'user_id', 'the cap keeps the index that saves the most time');
    const left = capped.verdicts.find((v) => v.fingerprint === queries[2]!.fingerprint)!;
    assert.match(left.reason, /cap of 1/);
  });

  it('reports existing indexes a suggestion makes redundant, and unused ones', async () => {
    await admin.query(`CREATE INDEX posts_blog_only ON ${schema}.posts (blog_id)`);
    try {
      const q = queryStats('SELECT id FROM posts WHERE blog_id = $1 AND user_id = $2 ORDER BY created_at');
      const result = await adviseIndexes([q], { database: { connectionString: url } });
      assert.equal(result.indexes.length, 1, result.verdicts[0]!.reason);
      assert.equal(result.indexes[0]!.columns[0], 'blog_id');
      assert.ok(result.existing!.redundant.some((n) => n.index.endsWith('.posts_blog_only')));
      assert.ok(result.existing!.unused.some((n) => n.index.endsWith('.posts_blog_only')), 'a fresh index has idx_scan = 0');
      assert.ok(!result.existing!.unused.some((n) => n.index.endsWith('_pkey')), 'constraint indexes are never reported unused');
    } finally {
      await admin.query(`DROP INDEX ${schema}.posts_blog_only`);
    }
  });

  it('measures real row counts with analyze, for plain SELECTs only', async () => {
    const q = queryStats('SELECT * FROM posts WHERE blog_id > $1', { exampleParams: ['100'] });
    const estimated = await adviseIndexes([q], { database: { connectionString: url } });
    assert.deepEqual(estimated.indexes, []);
    // The generic plan guesses a third of the rows for an open range.
    assert.match(estimated.verdicts[0]!.reason, /predicate matches 33% of rows/);
    const measured = await adviseIndexes([q], { database: { connectionString: url }, analyze: true });
    assert.match(measured.verdicts[0]!.reason, /predicate matches 9\d% of rows/);
    const update = queryStats('UPDATE posts SET body = body WHERE blog_id > $1', { exampleParams: ['100'] });
    const before = await admin.query(`SELECT n_tup_upd::int AS n FROM pg_stat_user_tables WHERE relid = '${schema}.posts'::regclass`);
    await adviseIndexes([update], { database: { connectionString: url }, analyze: true });
    const afterUpdate = await admin.query(`SELECT n_tup_upd::int AS n FROM pg_stat_user_tables WHERE relid = '${schema}.posts'::regclass`);
    assert.equal(afterUpdate.rows[0].n, before.rows[0].n, 'an UPDATE is never executed');
  });

  it('never prints the password of a connection string it cannot use', async () => {
    const bad = new URL(db.url);
    bad.password = 's3cret-pw';
    bad.port = '1';
    await assert.rejects(
      adviseIndexes([queryStats('SELECT * FROM posts WHERE user_id = $1')], { database: { connectionString: bad.toString() } }),
      (error: Error) => error.name === 'ConnectionError' && !error.message.includes('s3cret-pw'),
    );
  });
});
