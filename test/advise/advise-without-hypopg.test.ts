/**
 * A database without HypoPG: the advisor says so once, still reads the live
 * catalog (row counts, existing indexes), and falls back to offline
 * selection, labelling every suggestion unvalidated.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testDatabase } from '../helpers/database.js';
import { adviseIndexes } from '../../src/advise/index.js';
import { queryStats } from './query-stats.js';

const db = await testDatabase();

describe('adviseIndexes on a database without HypoPG', { skip: db.skip }, () => {
  const name = `advise_nohypo_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let admin: pg.Client;
  let url: string;

  before(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    const target = new URL(db.url);
    target.pathname = `/${name}`;
    url = target.toString();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`
        CREATE TABLE items (id int PRIMARY KEY, owner int, kind text);
        INSERT INTO items SELECT n, n % 500, 'k' || (n % 3) FROM generate_series(1, 20000) n;
        CREATE TABLE tiny (id int PRIMARY KEY, label text);
        INSERT INTO tiny SELECT n, 'x' || n FROM generate_series(1, 50) n;
        ANALYZE items, tiny;
      `);
    } finally {
      await client.end();
    }
  });

  after(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  it('warns once and suggests unvalidated indexes from the live catalog', async () => {
    const warnings: string[] = [];
    const queries = [
      queryStats('SELECT * FROM items WHERE owner = $1'),
      queryStats('SELECT * FROM items WHERE id = $1'),
      queryStats('SELECT * FROM tiny WHERE label = $1'),
    ];
    const result = await adviseIndexes(queries, { database: { connectionString: url }, onWarning: (m) => warnings.push(m) });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /HypoPG is not installed: falling back to offline mode/);
    assert.equal(result.indexes.length, 1);
    assert.deepEqual(result.indexes[0]!.columns, ['owner']);
    assert.equal(result.indexes[0]!.validated, false);
    assert.match(result.indexes[0]!.reason, /unvalidated \(HypoPG is not installed\)/);
    assert.match(result.verdicts[1]!.reason, /already served by existing index public\.items_pkey/);
    assert.match(result.verdicts[2]!.reason, /table has 50 rows/);
  });
});
