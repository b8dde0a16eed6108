/**
 * A pg_stat_statements CSV export (`\copy (select * from pg_stat_statements)
 * to f csv header`): one entry per row, standing for `calls` runs. Column
 * names differ by version: `total_exec_time`/`mean_exec_time` from PG 13,
 * `total_time`/`mean_time` before.
 */
import type { EventSink, LineConsumer } from './event-sink.js';
import type { StatementEntry } from './types.js';
import { completeRecord, CsvRecordSplitter, type CsvLineResult } from './csv-records.js';
import { detachString } from './detach-string.js';

interface Columns {
  readonly query: number;
  readonly calls: number;
  readonly total: number;
  readonly mean: number;
  readonly rows: number;
  readonly queryId: number;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export class PgStatStatementsReader implements LineConsumer {
  readonly #sink: EventSink;
  readonly #csv = new CsvRecordSplitter();
  #columns: Columns | undefined;

  constructor(sink: EventSink) {
    this.#sink = sink;
  }

  line(text: string, lineNumber: number): void {
    this.#handle(this.#csv.line(text, lineNumber));
  }

  #handle(line: CsvLineResult): void {
    const result = completeRecord(line, this.#sink);
    if (result === undefined) return;
    const fields = result.fields;
    if (this.#columns === undefined) {
      const index = (...names: string[]): number => {
        for (const name of names) {
          const at = fields.indexOf(name);
          if (at !== -1) return at;
        }
        return -1;
      };
      const columns = {
        query: index('query'),
        calls: index('calls'),
        total: index('total_exec_time', 'total_time'),
        mean: index('mean_exec_time', 'mean_time'),
        rows: index('rows'),
        queryId: index('queryid'),
      };
      if (columns.query === -1 || columns.calls === -1 || columns.total === -1) {
        this.#sink.error(result.line, 'pg_stat_statements header without query, calls and total_exec_time (or total_time) columns');
        return;
      }
      this.#columns = columns;
      return;
    }
    if (fields.length === 1 && fields[0] === '') return;
    const columns = this.#columns;
    const query = fields[columns.query];
    const calls = toNumber(fields[columns.calls]);
    const totalMs = toNumber(fields[columns.total]);
    if (query === undefined || calls === undefined || totalMs === undefined || fields.length < columns.query) {
      this.#sink.error(result.line, 'pg_stat_statements row without a query, calls and total time, skipped');
      return;
    }
    const mean = columns.mean === -1 ? undefined : toNumber(fields[columns.mean]);
    const durationMs = mean ?? (calls > 0 ? totalMs / calls : undefined);
    const rows = columns.rows === -1 ? undefined : toNumber(fields[columns.rows]);
    const queryId = columns.queryId === -1 ? undefined : fields[columns.queryId];
    const entry: StatementEntry = {
      type: 'statement',
      line: result.line,
      query: detachString(query),
      calls,
      totalMs,
      ...(durationMs === undefined ? {} : { durationMs }),
      ...(rows === undefined ? {} : { rows }),
      ...(queryId === undefined || queryId === '' ? {} : { queryId: detachString(queryId) }),
    };
    this.#sink.entry(entry);
  }

  badLine(lineNumber: number, reason: string): void {
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    this.#handle(this.#csv.end());
  }
}
