/**
 * csvlog: one CSV record per message, in PostgreSQL's column order
 * (log_time, user_name, database_name, process_id, ..., error_severity,
 * sql_state_code, message, detail, ..., application_name, backend_type,
 * leader_pid, query_id; the last ones only from PG 13/14).
 */
import type { EventSink, LineConsumer } from './event-sink.js';
import type { LogRecord } from './log-record.js';
import { completeRecord, CsvRecordSplitter, type CsvLineResult } from './csv-records.js';
import { LogEntryCollector } from './log-entry-collector.js';
import { mayDescribeStatement } from './log-message.js';

const LOG_TIME = 0;
const USER_NAME = 1;
const DATABASE_NAME = 2;
const PROCESS_ID = 3;
const ERROR_SEVERITY = 11;
const MESSAGE = 13;
const DETAIL = 14;
const APPLICATION_NAME = 22;
const QUERY_ID = 25;
const MIN_COLUMNS = 14;

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export class CsvlogReader implements LineConsumer {
  readonly #sink: EventSink;
  readonly #collector: LogEntryCollector;
  readonly #csv = new CsvRecordSplitter();

  constructor(sink: EventSink) {
    this.#sink = sink;
    this.#collector = new LogEntryCollector(sink);
  }

  line(text: string, lineNumber: number): void {
    this.#handle(this.#csv.line(text, lineNumber));
  }

  #handle(line: CsvLineResult): void {
    const result = completeRecord(line, this.#sink);
    if (result === undefined) return;
    const fields = result.fields;
    if (fields.length < MIN_COLUMNS) {
      if (fields.length === 1 && fields[0] === '') return;
      this.#sink.error(result.line, `csvlog record with ${fields.length} columns (expected at least ${MIN_COLUMNS}), skipped`);
      return;
    }
    const severity = fields[ERROR_SEVERITY] as string;
    const message = fields[MESSAGE] as string;
    if (!mayDescribeStatement(message)) return;
    const queryId = present(fields[QUERY_ID]);
    const record: LogRecord = {
      line: result.line,
      severity,
      message,
      detail: present(fields[DETAIL]),
      timestamp: present(fields[LOG_TIME]),
      user: present(fields[USER_NAME]),
      database: present(fields[DATABASE_NAME]),
      pid: present(fields[PROCESS_ID]),
      application: present(fields[APPLICATION_NAME]),
      // 0 means "not computed" (compute_query_id off).
      queryId: queryId === '0' ? undefined : queryId,
    };
    this.#collector.record(record);
  }

  badLine(lineNumber: number, reason: string): void {
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    this.#handle(this.#csv.end());
    this.#collector.end();
  }
}
