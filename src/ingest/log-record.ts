/**
 * One server log message with its prefix fields, whatever the log format
 * (stderr, syslog, csvlog, jsonlog, cloud variants). Format readers build
 * records; `LogEntryCollector` turns them into statement entries.
 */

/** Fields a log line's prefix (or a csv/json record) may carry. */
export interface LogFields {
  timestamp?: string;
  pid?: string;
  user?: string;
  database?: string;
  application?: string;
  queryId?: string;
}

export interface LogRecord extends LogFields {
  /** 1-based line where the record starts. */
  readonly line: number;
  /** `LOG`, `DETAIL`, `ERROR`, ... */
  readonly severity: string;
  /** The message, continuation lines joined with `\n` (their leading tab removed). */
  readonly message: string;
  /** csvlog and jsonlog carry DETAIL in the same record. */
  readonly detail?: string;
}
