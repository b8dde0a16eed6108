/**
 * One JSON object per line: PostgreSQL's jsonlog (PG 15+), CloudNativePG
 * (the jsonlog fields under `record`, csvlog column names) and Google Cloud
 * SQL (Cloud Logging entries holding a stderr line in `textPayload`).
 */
import type { InputFormat } from './types.js';
import type { EventSink, LineConsumer } from './event-sink.js';
import type { LogFields, LogRecord } from './log-record.js';
import type { PrefixMatcher } from './prefix-matcher.js';
import { LogEntryCollector } from './log-entry-collector.js';
import { mayDescribeStatement } from './log-message.js';
import { RecordAssembler, stripContinuationTab } from './record-assembler.js';

type JsonObject = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === '[unknown]' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function parseObject(line: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The stderr line a Cloud Logging entry carries, if it is one. */
export function cloudSqlPayload(line: string): string | undefined {
  if (!line.includes('"textPayload"')) return undefined;
  const payload = parseObject(line)?.['textPayload'];
  return typeof payload === 'string' ? payload : undefined;
}

/** Column names of jsonlog and of CloudNativePG's `record`. */
const JSONLOG_KEYS = { timestamp: 'timestamp', user: 'user', database: 'dbname', pid: 'pid', application: 'application_name', queryId: 'query_id' };
const CNPG_KEYS = {
  timestamp: 'log_time',
  user: 'user_name',
  database: 'database_name',
  pid: 'process_id',
  application: 'application_name',
  queryId: 'query_id',
};

export class JsonLogReader implements LineConsumer {
  readonly #format: InputFormat;
  readonly #sink: EventSink;
  readonly #collector: LogEntryCollector;
  readonly #matcher: PrefixMatcher | undefined;
  readonly #assembler: RecordAssembler | undefined;

  /** `matcher` reads Cloud SQL's `textPayload` lines. */
  constructor(format: 'jsonlog' | 'cnpg' | 'cloudsql', sink: EventSink, matcher?: PrefixMatcher) {
    this.#format = format;
    this.#sink = sink;
    this.#collector = new LogEntryCollector(sink);
    this.#matcher = matcher;
    this.#assembler = matcher === undefined ? undefined : new RecordAssembler(matcher, this.#collector, sink);
  }

  line(line: string, lineNumber: number): void {
    if (line.trim() === '') return;
    const object = parseObject(line);
    if (object === undefined) {
      this.#sink.error(lineNumber, 'line is not a JSON object, skipped');
      return;
    }
    if (this.#format === 'cloudsql') this.#cloudSql(object, lineNumber);
    else if (this.#format === 'cnpg') {
      const record = object['record'];
      // The operator's own messages have no record: not PostgreSQL's, nothing to report.
      if (typeof record === 'object' && record !== null) this.#record(record as JsonObject, CNPG_KEYS, lineNumber);
    } else this.#record(object, JSONLOG_KEYS, lineNumber);
  }

  #record(object: JsonObject, keys: typeof JSONLOG_KEYS, lineNumber: number): void {
    const message = object['message'];
    const severity = object['error_severity'];
    if (typeof message !== 'string' || typeof severity !== 'string') {
      this.#sink.error(lineNumber, 'JSON log record without "message" and "error_severity", skipped');
      return;
    }
    if (!mayDescribeStatement(message)) return;
    const fields: LogFields = {};
    for (const name of Object.keys(keys) as (keyof LogFields)[]) {
      const value = text(object[keys[name]]);
      if (value !== undefined && !(name === 'queryId' && value === '0')) fields[name] = value;
    }
    const detail = text(object['detail']);
    const record: LogRecord = { line: lineNumber, severity, message, ...fields, ...(detail === undefined ? {} : { detail }) };
    this.#collector.record(record);
  }

  #cloudSql(object: JsonObject, lineNumber: number): void {
    const payload = object['textPayload'];
    const assembler = this.#assembler;
    const matcher = this.#matcher;
    if (typeof payload !== 'string' || assembler === undefined || matcher === undefined) return;
    const first = payload.charCodeAt(0);
    if (first === 9 || first === 32) {
      assembler.continue(stripContinuationTab(payload));
      return;
    }
    const match = matcher.exec(payload);
    if (match === null) {
      assembler.close();
      this.#sink.error(lineNumber, `textPayload does not start with the log_line_prefix '${matcher.prefix}' and a severity, skipped`);
      return;
    }
    const timestamp = text(object['timestamp']);
    assembler.start(payload, match, lineNumber, timestamp === undefined ? undefined : { timestamp });
  }

  badLine(lineNumber: number, reason: string): void {
    this.#assembler?.close();
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    this.#assembler?.close();
    this.#collector.end();
  }
}
