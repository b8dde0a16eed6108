/**
 * Where format readers put what they find. The input reader drains it after
 * every chunk, so readers stay synchronous and cheap per line.
 */
import type { StatementEntry } from './types.js';

export interface EventSink {
  entry(entry: StatementEntry): void;
  /** One bad entry or line, skipped: `line` is 1-based. */
  error(line: number, message: string): void;
}

/** Consumes physical lines of an input; `end()` flushes whatever is still open. */
export interface LineConsumer {
  line(text: string, lineNumber: number): void;
  /** A line the splitter could not decode (binary, invalid UTF-8) or that was too long. */
  badLine(lineNumber: number, reason: string): void;
  end(): void;
}
