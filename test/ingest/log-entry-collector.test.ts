import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LogEntryCollector } from '../../src/ingest/log-entry-collector.js';
import type { LogRecord } from '../../src/ingest/log-record.js';
import type { StatementEntry } from '../../src/ingest/types.js';

function collect(records: readonly LogRecord[], maxSessions?: number): { entries: StatementEntry[]; errors: number[] } {
  const entries: StatementEntry[] = [];
  const errors: number[] = [];
  const collector = new LogEntryCollector(
    { entry: (entry) => entries.push(entry), error: (line) => errors.push(line) },
    maxSessions === undefined ? {} : { maxSessions },
  );
  for (const record of records) collector.record(record);
  collector.end();
  return { entries, errors };
}

const log = (line: number, pid: string, message: string, severity = 'LOG'): LogRecord => ({ line, pid, severity, message });

describe('LogEntryCollector', () => {
  it('emits every entry even when more processes are open than it tracks', () => {
    const records = Array.from({ length: 50 }, (_, i) => log(i + 1, String(i), `duration: ${i}.5 ms  statement: SELECT ${i}`));
    const { entries } = collect(records, 4);
    assert.equal(entries.length, 50);
    assert.deepEqual(
      entries.map((entry) => entry.line).sort((a, b) => a - b),
      records.map((record) => record.line),
    );
  });

  it('gives parameters only to the execute they follow, not to a bind', () => {
    const { entries } = collect([
      log(1, '9', 'duration: 0.1 ms  bind <unnamed>: SELECT $1'),
      log(2, '9', "parameters: $1 = 'bind'", 'DETAIL'),
      log(3, '9', 'duration: 0.2 ms  execute <unnamed>: SELECT $1'),
      log(4, '9', "parameters: $1 = 'run'", 'DETAIL'),
      log(5, '9', "parameters: $1 = 'stray'", 'DETAIL'),
    ]);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.params]),
      [[3, ['run']]],
    );
  });

  it('keeps processes apart: a DETAIL of another pid does not attach', () => {
    const { entries } = collect([
      log(1, '1', 'duration: 1.0 ms  execute S_1: SELECT $1'),
      log(2, '2', "parameters: $1 = 'other'", 'DETAIL'),
    ]);
    assert.equal(entries[0]?.params, undefined);
  });

  it('reports unreadable parameters and keeps the statement', () => {
    const { entries, errors } = collect([log(1, '1', 'duration: 1.0 ms  execute S_1: SELECT $1'), log(2, '1', 'parameters: $1 = oops', 'DETAIL')]);
    assert.equal(entries.length, 1);
    assert.deepEqual(errors, [2]);
  });

  it('ignores bare durations, parse/bind lines and other messages', () => {
    const { entries } = collect([
      log(1, '1', 'duration: 1.0 ms'),
      log(2, '1', 'duration: 1.0 ms  parse S_1: SELECT 1'),
      log(3, '1', 'checkpoint complete'),
      log(4, '1', 'duration: 3.0 ms  execute fetch from S_2/C_3: SELECT 2'),
    ]);
    assert.deepEqual(
      entries.map((entry) => [entry.query, entry.durationMs]),
      [['SELECT 2', 3]],
    );
  });
});
