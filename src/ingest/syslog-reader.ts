/**
 * syslog: `Feb 11 13:15:39 host postgres[pid]: [n-m] <prefix> LOG:  ...`.
 * Lines of one message share `n`; `m` counts its chunks. A chunk after the
 * first is either a new line of the message with its own prefix (DETAIL,
 * STATEMENT), a continuation line (rsyslog writes its tab as `#011`), or the
 * rest of a line syslog split for length (joined without a newline).
 * Messages of different processes interleave, so each pid has its own record.
 */
import type { EventSink, LineConsumer } from './event-sink.js';
import type { PrefixMatcher } from './prefix-matcher.js';
import { LogEntryCollector } from './log-entry-collector.js';
import { RecordAssembler } from './record-assembler.js';
import { SYSLOG_HEADER } from './syslog-header.js';
import { MAX_OPEN_SESSIONS } from './ingest-limits.js';

const OTHER_PROGRAM = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ [^\s:]+:/;

export class SyslogReader implements LineConsumer {
  readonly #matcher: PrefixMatcher;
  readonly #sink: EventSink;
  readonly #collector: LogEntryCollector;
  readonly #open = new Map<string, RecordAssembler>();

  constructor(matcher: PrefixMatcher, sink: EventSink) {
    this.#matcher = matcher;
    this.#sink = sink;
    this.#collector = new LogEntryCollector(sink);
  }

  line(text: string, lineNumber: number): void {
    const header = SYSLOG_HEADER.exec(text);
    if (header === null) {
      // Other programs share syslog: their lines are not errors in a PostgreSQL log.
      if (text.trim() !== '' && !OTHER_PROGRAM.test(text)) this.#sink.error(lineNumber, 'line is not a syslog line, skipped');
      return;
    }
    const pid = header[2] as string;
    let rest = text.slice(header[0].length);
    if (rest.includes('#011')) rest = rest.replaceAll('#011', '\t');
    const match = this.#matcher.exec(rest);
    if (match !== null) {
      this.#assembler(pid).start(rest, match, lineNumber, { pid, timestamp: header[1] as string });
      return;
    }
    const open = this.#open.get(pid);
    if (header[3] === '1' || open === undefined) {
      if (header[3] === '1') {
        open?.close();
        this.#sink.error(lineNumber, `line does not start with the log_line_prefix '${this.#matcher.prefix}' and a severity, skipped`);
      }
      return;
    }
    if (rest.charCodeAt(0) === 9) open.continue(rest.slice(1));
    else open.continue(rest, false);
  }

  #assembler(pid: string): RecordAssembler {
    let assembler = this.#open.get(pid);
    if (assembler === undefined) {
      assembler = new RecordAssembler(this.#matcher, this.#collector, this.#sink);
      this.#open.set(pid, assembler);
      if (this.#open.size > MAX_OPEN_SESSIONS) {
        for (const [oldPid, oldest] of this.#open) {
          oldest.close();
          this.#open.delete(oldPid);
          break;
        }
      }
    }
    return assembler;
  }

  badLine(lineNumber: number, reason: string): void {
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    for (const assembler of this.#open.values()) assembler.close();
    this.#open.clear();
    this.#collector.end();
  }
}
