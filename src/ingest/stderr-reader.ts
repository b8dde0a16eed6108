/**
 * stderr logs (also AWS RDS and anything with a `log_line_prefix`): a line
 * starting with the prefix and a severity opens a message; lines starting with
 * a tab (PostgreSQL indents every continuation) or a space continue it, and so
 * does a line without the prefix that does not look like a log line itself.
 */
import type { EventSink, LineConsumer } from './event-sink.js';
import { genericPrefixMatcher, type PrefixMatcher } from './prefix-matcher.js';
import { LogEntryCollector } from './log-entry-collector.js';
import { RecordAssembler, stripContinuationTab } from './record-assembler.js';

const GENERIC = genericPrefixMatcher();
const STARTS_WITH_TIME = /^(?:\d{4}[-/]\d\d[-/]\d\d[ T]\d|[A-Z][a-z]{2} [ \d]\d \d\d:)/;

function looksLikeLogLine(line: string): boolean {
  return STARTS_WITH_TIME.test(line) || GENERIC.exec(line) !== null;
}

export class StderrLogReader implements LineConsumer {
  readonly #matcher: PrefixMatcher;
  readonly #sink: EventSink;
  readonly #collector: LogEntryCollector;
  readonly #assembler: RecordAssembler;
  /** A message is in progress (even one whose text is not kept). */
  #inMessage = false;

  constructor(matcher: PrefixMatcher, sink: EventSink) {
    this.#matcher = matcher;
    this.#sink = sink;
    this.#collector = new LogEntryCollector(sink);
    this.#assembler = new RecordAssembler(matcher, this.#collector, sink);
  }

  line(text: string, lineNumber: number): void {
    const first = text.charCodeAt(0);
    // Continuations first: the cheap check spares the prefix regex for plan and statement bodies.
    if (first === 9 || first === 32 || text.length === 0) {
      if (this.#assembler.isOpen) this.#assembler.continue(stripContinuationTab(text));
      return;
    }
    const match = this.#matcher.exec(text);
    if (match === null) {
      // A line without the prefix continues the message before it (a statement whose newlines
      // lost their tab), unless it looks like a log line of its own: then the prefix is unknown.
      if (this.#inMessage && !looksLikeLogLine(text)) {
        if (this.#assembler.isOpen) this.#assembler.continue(text);
        return;
      }
      this.#assembler.close();
      this.#inMessage = false;
      this.#sink.error(lineNumber, `line does not start with the log_line_prefix '${this.#matcher.prefix}' and a severity, skipped`);
      return;
    }
    this.#inMessage = true;
    this.#assembler.start(text, match, lineNumber);
  }

  badLine(lineNumber: number, reason: string): void {
    this.#assembler.close();
    this.#inMessage = false;
    this.#sink.error(lineNumber, reason);
  }

  end(): void {
    this.#assembler.close();
    this.#collector.end();
  }
}
