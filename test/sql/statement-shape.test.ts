import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StatementShapeCache } from '../../src/sql/statement-shape.js';

describe('StatementShapeCache', () => {
  it('normalizes literals to $n with PostgreSQL parser and lists tables without CTE names', () => {
    const cache = new StatementShapeCache();
    const shape = cache.shape("with recent as (select * from shop.orders where id > 5) select * from recent join customers c on c.id = recent.customer_id where c.email = 'a@b.c'");
    assert.equal(shape.parsed, true);
    assert.match(shape.fingerprint, /^[0-9a-f]{16}$/);
    assert.ok(!shape.normalized.includes('a@b.c'));
    assert.ok(shape.normalized.includes('$'));
    assert.deepEqual(shape.tables, ['customers', 'shop.orders']);
  });

  it('runs the parser once per lexical shape', () => {
    const cache = new StatementShapeCache();
    const first = cache.shape('select * from t where id = 1');
    const second = cache.shape('select * from t where id = 2');
    assert.equal(first, second);
    assert.equal(cache.parserRuns, 1);
  });

  it('gives IN lists of different lengths one fingerprint', () => {
    const cache = new StatementShapeCache();
    assert.equal(cache.shape('select * from t where id in (1, 2)').fingerprint, cache.shape('select * from t where id in (1, 2, 3)').fingerprint);
  });

  it('falls back to a lexical shape for text the parser rejects, still without literals', () => {
    const cache = new StatementShapeCache();
    const shape = cache.shape("selec * from t where secret = 'hunter2' and n = 5");
    assert.equal(shape.parsed, false);
    assert.match(shape.fingerprint, /^x[0-9a-f]{15}$/);
    assert.equal(shape.normalized, 'selec * from t where secret = $1 and n = $2');
  });

  it('starts over when full instead of growing without bound', () => {
    const cache = new StatementShapeCache({ maxEntries: 2 });
    cache.shape('select a from t');
    cache.shape('select b from t');
    cache.shape('select c from t');
    cache.shape('select a from t');
    assert.equal(cache.parserRuns, 4);
  });
});

describe('StatementShapeCache on empty text', () => {
  it('gives a plan without query text a stable, honest shape instead of a parser message', () => {
    const shape = new StatementShapeCache().shape('  ');
    assert.equal(shape.parsed, false);
    assert.equal(shape.normalized, '(no query text)');
    assert.doesNotMatch(shape.fingerprint, /invalid/i);
  });
});
