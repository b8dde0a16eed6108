import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPlainSelect, parameterCount, redactConnectionString } from '../../src/advise/whatif-session.js';

describe('what-if session guards', () => {
  const selects: [string, boolean][] = [
    ['SELECT * FROM t WHERE a = $1', true],
    ['  select id from t', true],
    ['SELECT * FROM t WHERE a = $1 FOR UPDATE', false],
    ['SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED', false],
    ['SELECT * FROM t FOR SHARE', false],
    ["SELECT nextval('s')", false],
    ['SELECT pg_advisory_lock($1)', false],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', false],
    ['UPDATE t SET a = 1', false],
  ];
  for (const [sql, plain] of selects) {
    it(`${plain ? 'runs' : 'refuses'} EXPLAIN ANALYZE for: ${sql}`, () => {
      assert.equal(isPlainSelect(sql), plain);
    });
  }

  it('counts parameters by the highest $n', () => {
    assert.equal(parameterCount('SELECT 1'), 0);
    assert.equal(parameterCount('SELECT * FROM t WHERE a = $2 AND b = $1 LIMIT $10'), 10);
  });

  it('redacts passwords from connection strings', () => {
    assert.equal(redactConnectionString('postgres://app:s3cret@db.example.com:5432/prod'), 'postgres://app:***@db.example.com:5432/prod');
    assert.equal(redactConnectionString('postgres://db/prod?user=app&password=s3cret'), 'postgres://db/prod?user=app&password=***');
    assert.equal(redactConnectionString('postgres://app@db/prod'), 'postgres://app@db/prod');
  });
});
