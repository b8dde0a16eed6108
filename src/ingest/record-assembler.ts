/**
 * Gathers one multi-line log message: the prefix line and its continuation
 * lines. Only messages that may describe a statement keep their text; the
 * rest (checkpoints, vacuum reports, ...) are counted past without building
 * strings.
 */
import type { EventSink } from './event-sink.js';
import type { LogFields, LogRecord } from './log-record.js';
import type { LogEntryCollector } from './log-entry-collector.js';
import type { PrefixMatcher } from './prefix-matcher.js';
import { isParseOrBindDuration, mayDescribeStatement } from './log-message.js';
import { MAX_ENTRY_CHARS } from './ingest-limits.js';

export class RecordAssembler {
  readonly #collector: LogEntryCollector;
  readonly #sink: EventSink;
  readonly #matcher: PrefixMatcher;
  #open = false;
  #line = 0;
  #severity = '';
  #fields: LogFields = {};
  #parts: string[] = [];
  #chars = 0;
  #tooLong = false;

  constructor(matcher: PrefixMatcher, collector: LogEntryCollector, sink: EventSink) {
    this.#matcher = matcher;
    this.#collector = collector;
    this.#sink = sink;
  }

  /**
   * Starts a record from a line the prefix matched. `defaults` fill fields the
   * prefix lacks (syslog and cloud loggers carry the pid and time outside it).
   */
  start(line: string, match: RegExpExecArray, lineNumber: number, defaults?: LogFields): void {
    this.close();
    const severity = this.#matcher.severity(match);
    const from = this.#matcher.messageStart(match);
    const wanted = severity === 'DETAIL' ? line.startsWith('parameters: ', from) : mayDescribeStatement(line, from);
    if (!wanted) return;
    if (severity !== 'DETAIL' && isParseOrBindDuration(line, from)) {
      // Not a statement (pgBadger counts only execute), but its DETAIL must not reach the execute before it.
      this.#collector.notStatement(this.#matcher.fields(match).pid ?? defaults?.pid);
      return;
    }
    this.#open = true;
    this.#line = lineNumber;
    this.#severity = severity;
    const fields = this.#matcher.fields(match);
    this.#fields = defaults === undefined ? fields : { ...defaults, ...fields };
    const head = line.slice(from);
    this.#parts.push(head);
    this.#chars = head.length;
  }

  /** A line continuing the open record; `newline` false joins a split syslog chunk as is. */
  continue(text: string, newline = true): void {
    if (!this.#open || this.#tooLong) return;
    this.#chars += text.length + 1;
    if (this.#chars > MAX_ENTRY_CHARS) {
      this.#tooLong = true;
      this.#parts.length = 0;
      return;
    }
    if (newline) this.#parts.push(text);
    else this.#parts[this.#parts.length - 1] += text;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.#tooLong) {
      this.#tooLong = false;
      this.#sink.error(this.#line, `log entry longer than ${MAX_ENTRY_CHARS} characters, skipped`);
      return;
    }
    const parts = this.#parts;
    const message = parts.length === 1 ? (parts[0] as string) : parts.join('\n');
    // Reused: one array for all records of this assembler.
    parts.length = 0;
    const fields = this.#fields;
    // One object shape for every record keeps the collector's property reads monomorphic.
    const record: LogRecord = {
      line: this.#line,
      severity: this.#severity,
      message,
      timestamp: fields.timestamp,
      pid: fields.pid,
      user: fields.user,
      database: fields.database,
      application: fields.application,
      queryId: fields.queryId,
    };
    this.#collector.record(record);
  }
}

/** Removes the one tab PostgreSQL puts at the start of each continuation line. */
export function stripContinuationTab(line: string): string {
  return line.charCodeAt(0) === 9 ? line.slice(1) : line;
}
