import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readAll } from './read-all.js';

describe('syslog', () => {
  it('joins #011 continuations and split chunks per pid, attaches a DETAIL chunk, ignores other programs', async () => {
    const { format, entries, errors } = await readAll(fixture('syslog.log'));
    assert.equal(format, 'syslog');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.params, entry.pid, entry.user]),
      [
        [1, 'SELECT a,\n       b FROM t', 2, undefined, '501', 'alice'],
        [4, 'SELECT * FROM orders WHERE id = $1', 7.5, ['5'], '502', 'bob'],
        [5, "SELECT 'long value split by syslog'", 1, undefined, '503', 'carol'],
      ],
    );
  });
});

describe('csvlog', () => {
  it('reads quoted multi-line fields, parameters from the detail column, PG 13+ columns, and reports a short row', async () => {
    const { format, entries, errors, summary } = await readAll(fixture('postgresql.csv'));
    assert.equal(format, 'csvlog');
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.params, entry.application, entry.queryId]),
      [
        [1, 'SELECT name\nFROM customers WHERE note = \'say "hi"\'', 4.2, undefined, 'psql', undefined],
        [3, 'SELECT * FROM orders WHERE id = $1', 0.9, ['9'], 'api', '123456789'],
        [4, 'DELETE FROM carts WHERE age > 30', undefined, undefined, 'api', undefined],
        [6, 'SELECT 2', 3, undefined, 'psql', undefined],
      ],
    );
    assert.deepEqual(
      errors.map((error) => error.line),
      [5],
    );
    assert.equal(summary.lines, 6);
  });
});

describe('jsonlog', () => {
  it('reads records with detail, merges an auto_explain plan with its statement, reports a broken line', async () => {
    const { format, entries, errors } = await readAll(fixture('postgresql.json'));
    assert.equal(format, 'jsonlog');
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.params, entry.plan?.root.nodeType, entry.queryId]),
      [
        [1, 'SELECT * FROM items WHERE sku = $1', 6, ["A'1"], undefined, '42'],
        [3, 'SELECT count(*) FROM items', 21, undefined, 'Aggregate', undefined],
        // A text-format plan in a jsonlog message: no tabs, real newlines.
        [6, "SELECT * FROM items\n  WHERE sku = 'B2'", 3, undefined, 'Index Scan', undefined],
      ],
    );
    assert.deepEqual(
      errors.map((error) => error.line),
      [2],
    );
  });
});

describe('cloud variants', () => {
  it('reads Cloud SQL textPayload lines, continuation entries included', async () => {
    const { format, entries } = await readAll(fixture('cloudsql.json'));
    assert.equal(format, 'cloudsql');
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.pid, entry.user, entry.timestamp]),
      [
        [2, 'SELECT *\nFROM invoices', 15, '801', 'alice', '2024-03-01T10:00:01.000Z'],
        [4, 'SELECT 1', 2, '802', 'bob', '2024-03-01T10:00:02.000Z'],
      ],
    );
  });

  it('reads CloudNativePG records and ignores the operator lines', async () => {
    const { format, entries, errors } = await readAll(fixture('cnpg.json'));
    assert.equal(format, 'cnpg');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.pid, entry.database, entry.application]),
      [[2, 'SELECT * FROM users', 8, '901', 'shop', 'web']],
    );
  });
});
