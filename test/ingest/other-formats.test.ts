import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readAll } from './read-all.js';

describe('standalone EXPLAIN', () => {
  it('reads a JSON plan with its execution time', async () => {
    const { format, entries } = await readAll(fixture('explain.json'));
    assert.equal(format, 'explain-json');
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.plan?.root.nodeType, 'Index Scan');
    assert.equal(entries[0]?.durationMs, 0.05);
  });

  it('reads a psql-framed text plan', async () => {
    const { format, entries } = await readAll(fixture('explain.txt'));
    assert.equal(format, 'explain-text');
    assert.equal(entries[0]?.plan?.root.nodeType, 'Seq Scan');
    assert.equal(entries[0]?.durationMs, 45.1);
  });

  it('reads each plan of a saved psql session with several EXPLAINs', async () => {
    const { format, entries, errors } = await readAll(fixture('explain-session.txt'));
    assert.equal(format, 'explain-text');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.plan?.root.nodeType]),
      [
        [1, 'Seq Scan'],
        [7, 'Index Scan'],
      ],
    );
  });

  it('reads each plan of a JSON array holding several', async () => {
    const { entries } = await readAll(fixture('explain-several.json'));
    assert.deepEqual(
      entries.map((entry) => [entry.plan?.root.nodeType, entry.durationMs]),
      [
        ['Result', 0.01],
        ['Seq Scan', 1.5],
      ],
    );
  });

  it('reports a JSON plan cut in half', async () => {
    const { entries, errors, summary } = await readAll(fixture('explain-cut.json'));
    assert.equal(entries.length, 0);
    assert.equal(errors[0]?.line, 1);
    assert.equal(summary.skipped, 1);
  });
});

describe('pg_stat_statements CSV', () => {
  it('gives one entry per row with calls, total, mean, rows and queryid', async () => {
    const { format, entries, errors } = await readAll(fixture('pg_stat_statements.csv'));
    assert.equal(format, 'pg-stat-statements');
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.calls, entry.totalMs, entry.durationMs, entry.rows, entry.queryId, entry.database]),
      [
        [2, 'SELECT * FROM orders\nWHERE customer_id = $1', 250, 500.5, 2.002, 250, '-1234567890123', undefined],
        [4, 'UPDATE stock SET qty = qty - $1 WHERE sku = $2', 10, 12, 1.2, 10, '987654321', undefined],
      ],
    );
    assert.deepEqual(
      errors.map((error) => error.line),
      [5],
    );
  });

  it('reads the pre-13 column names', async () => {
    const { entries } = await readAll(fixture('pg_stat_statements_pg12.csv'));
    assert.deepEqual(
      entries.map((entry) => [entry.query, entry.calls, entry.totalMs, entry.durationMs]),
      [['SELECT now()', 4, 2, 0.5]],
    );
  });
});

describe('.sql files', () => {
  it('splits statements with the parser, past quotes, comments, dollar quotes, BEGIN ATOMIC, psql commands and COPY data', async () => {
    const { format, entries, errors } = await readAll(fixture('statements.sql'));
    assert.equal(format, 'sql');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs]),
      [
        [3, "CREATE TABLE notes (id int, body text DEFAULT 'a;b')", undefined],
        [4, 'SELECT \'it\'\'s; fine\', "odd;name" FROM notes', undefined],
        [4, 'SELECT 2', undefined],
        [6, 'CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a + b;\nEND', undefined],
        [10, 'DO $body$ BEGIN PERFORM 1; END $body$', undefined],
        [11, 'COPY notes (id, body) FROM stdin', undefined],
        [14, "SELECT E'esc\\'; still string' AS x", undefined],
        // Unparsable and unterminated: kept as the scanner cut it.
        [15, 'SELECT (1', undefined],
      ],
    );
  });
});
