/**
 * The reader behind `openInput`: feeds chunks through the line splitter into
 * a format reader and streams what it finds, keeping the counts.
 */
import type { IngestEvent, InputFormat, InputSummary } from './types.js';
import type { EventSink, LineConsumer } from './event-sink.js';
import { LineSplitter } from './line-splitter.js';
import { MAX_STORED_ERRORS } from './ingest-limits.js';

const SLICE_BYTES = 64 * 1024;

/** One opened input. Iterate `events()` once, then read `summary()`. */
export interface InputReader {
  /** The path as given; '-' for stdin. */
  readonly path: string;
  /** Detected or forced format. */
  readonly format: InputFormat;
  /** Statement entries and errors, in the order they complete. */
  events(): AsyncIterable<IngestEvent>;
  /** Counts and the first errors; complete once `events()` is exhausted. */
  summary(): InputSummary;
}

export class StreamInputReader implements InputReader, EventSink {
  readonly path: string;
  readonly format: InputFormat;
  readonly #source: AsyncIterable<Buffer>;
  readonly #createConsumer: (sink: EventSink) => LineConsumer;
  #queue: IngestEvent[] = [];
  #lines = 0;
  #entries = 0;
  #skipped = 0;
  #errors: { line: number; message: string }[] = [];
  #started = false;

  constructor(path: string, format: InputFormat, source: AsyncIterable<Buffer>, createConsumer: (sink: EventSink) => LineConsumer) {
    this.path = path;
    this.format = format;
    this.#source = source;
    this.#createConsumer = createConsumer;
  }

  entry(entry: IngestEvent & { type: 'statement' }): void {
    this.#entries++;
    this.#queue.push(entry);
  }

  error(line: number, message: string): void {
    this.#skipped++;
    if (this.#errors.length < MAX_STORED_ERRORS) this.#errors.push({ line, message });
    this.#queue.push({ type: 'error', line, message });
  }

  async *events(): AsyncIterable<IngestEvent> {
    if (this.#started) throw new Error(`${this.path}: events() can be read only once`);
    this.#started = true;
    const consumer = this.#createConsumer(this);
    const splitter = new LineSplitter(consumer);
    const chunks = this.#source[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          // Only reading fails softly (a truncated gzip file): what was read still counts. A bug in a reader is not caught here.
          const reason = error instanceof Error ? error.message : String(error);
          this.error(splitter.lines + 1, `input ends unexpectedly (${reason})`);
          break;
        }
        if (next.done === true) break;
        const chunk = next.value;
        // Hand events over every slice: a short queue keeps entries from outliving the young generation.
        for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
          splitter.push(at === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(at, at + SLICE_BYTES));
          this.#lines = splitter.lines;
          if (this.#queue.length > 0) for (const event of this.#take()) yield event;
        }
      }
      finished = true;
    } finally {
      // Closes the file when the caller stops early.
      if (!finished) await chunks.return?.();
    }
    splitter.end();
    consumer.end();
    this.#lines = splitter.lines;
    for (const event of this.#take()) yield event;
  }

  /** Takes the queued events; the caller yields them one by one (cheaper than `yield*` in an async generator). */
  #take(): IngestEvent[] {
    const queue = this.#queue;
    this.#queue = [];
    return queue;
  }

  summary(): InputSummary {
    return {
      path: this.path,
      format: this.format,
      lines: this.#lines,
      entries: this.#entries,
      skipped: this.#skipped,
      errors: this.#errors.slice(),
    };
  }
}
