import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readAll } from './read-all.js';

describe('stderr logs', () => {
  it('reads statements, multi-line text, execute with parameters, log_statement lines; skips parse/bind and bare durations', async () => {
    const { format, entries, errors, summary } = await readAll(fixture('stderr-extended.log'));
    assert.equal(format, 'stderr');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.params]),
      [
        [2, "SELECT id, name\nFROM customers\nWHERE email = 'a@example.com'", 12.5, undefined],
        [8, 'SELECT * FROM orders WHERE id = $1 AND note = $2', 3.25, ['42', "it's\ntwo lines"]],
        [11, "UPDATE stock SET qty = qty - 1 WHERE sku = 'X1'", undefined, undefined],
        [13, 'INSERT INTO audit (msg) VALUES ($1)', undefined, [null]],
      ],
    );
    const first = entries[0];
    assert.equal(first?.user, 'alice');
    assert.equal(first?.database, 'shop');
    assert.equal(first?.pid, '201');
    assert.equal(first?.timestamp, '2024-03-01 10:00:01.000 UTC');
    assert.deepEqual({ lines: summary.lines, entries: summary.entries, skipped: summary.skipped }, { lines: 16, entries: 4, skipped: 0 });
  });

  it('pairs auto_explain plans with their statement lines, reads JSON and text plans, reports a cut plan and an unknown line', async () => {
    const { entries, errors, summary } = await readAll(fixture('stderr-auto-explain.log'));
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.plan?.root.nodeType, entry.params]),
      [
        // Plan logged first, then `duration: ... statement:`: one entry, the statement's duration.
        [1, 'SELECT * FROM orders WHERE customer_id = 7', 46, 'Seq Scan', undefined],
        // `execute` and its DETAIL first, then the plan at portal drop: one entry.
        [21, 'SELECT * FROM orders WHERE customer_id = $1', 5, 'Seq Scan', ['7']],
        [42, 'SELECT count(*)\n  FROM orders', 80, 'Aggregate', undefined],
        // The JSON plan is cut: the statement is kept (from its Query Text), without a plan.
        [47, 'SELECT * FROM orders WHERE id = 1', 9, undefined, undefined],
        // The same text twice in a row, both statements: two runs.
        [57, 'SELECT 1', 1, undefined, undefined],
        [58, 'SELECT 1', 1.5, undefined, undefined],
        // A simple-protocol statement, then a later run's plan and statement: the plan goes with the later run.
        [59, 'SELECT * FROM orders WHERE customer_id = 8', 2, undefined, undefined],
        [60, 'SELECT * FROM orders WHERE customer_id = 8', 31, 'Seq Scan', undefined],
      ],
    );
    assert.deepEqual(
      errors.map((error) => error.line),
      [47, 56],
    );
    assert.match(errors[0]?.message ?? '', /auto_explain JSON plan/);
    assert.match(errors[1]?.message ?? '', /log_line_prefix/);
    assert.equal(summary.entries, 8);
    assert.equal(summary.skipped, 2);
    assert.deepEqual(summary.errors, errors.map(({ line, message }) => ({ line, message })));
    const analyzed = entries[0]?.plan;
    assert.equal(analyzed?.root.props['Rows Removed by Filter'], 99991);
    assert.equal(entries[0]?.application, 'web');
  });

  it('uses a log_line_prefix given verbatim', async () => {
    const { entries, errors } = await readAll(fixture('stderr-extended.log'), { logLinePrefix: '%m [%p] %q%u@%d ' });
    assert.equal(entries.length, 4);
    assert.deepEqual(errors, []);
  });

  it('reports every line when the given prefix is wrong, instead of guessing', async () => {
    const { entries, summary } = await readAll(fixture('stderr-extended.log'), { logLinePrefix: '%t [%p]: [%l-1] ' });
    assert.equal(entries.length, 0);
    assert.equal(summary.skipped, 13);
  });

  it('reads the RDS prefix, including an empty statement', async () => {
    const { format, entries } = await readAll(fixture('rds.log'));
    assert.equal(format, 'rds');
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.query, entry.durationMs, entry.user, entry.database, entry.pid]),
      [
        [2, "SELECT * FROM payments\nWHERE status = 'open'", 11, 'app', 'shop', '1002'],
        [4, '', 0.5, 'app', 'shop', '1003'],
      ],
    );
  });
});

describe('stderr continuation without a tab', () => {
  it('appends a prefix-less line to the message before it, and reports one that looks like another log line', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'pgopt-ingest-stderr-'));
    try {
      const path = join(dir, 'no-tab.log');
      await writeFile(
        path,
        [
          '2024-03-01 10:00:01.000 UTC [1] app@shop LOG:  duration: 1.000 ms  statement: SELECT a',
          'FROM t',
          '2024-03-01 10:00:01.500 UTC [1] app@shop LOG:  checkpoint starting: time',
          'detail of an unkept message',
          '2024-03-01T10:00:02Z [2] LOG:  a line with an unknown prefix',
          '2024-03-01 10:00:03.000 UTC [2] app@shop LOG:  duration: 2.000 ms  statement: SELECT 2',
          '',
        ].join('\n'),
      );
      const { entries, errors } = await readAll(path, { logLinePrefix: '%m [%p] %q%u@%d ' });
      assert.deepEqual(
        entries.map((entry) => [entry.line, entry.query]),
        [
          [1, 'SELECT a\nFROM t'],
          [6, 'SELECT 2'],
        ],
      );
      assert.deepEqual(
        errors.map((error) => error.line),
        [5],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
