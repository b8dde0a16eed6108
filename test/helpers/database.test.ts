import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testDatabase } from './database.js';

const db = await testDatabase();

describe('test database helper', { skip: db.skip }, () => {
  it('connects to the configured database', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      assert.equal(rows[0]?.one, 1);
    } finally {
      await client.end();
    }
  });
});
