/**
 * Splits a byte stream into lines without building a string larger than the
 * read slice (64 KiB) or one line: a line split across chunks is carried as
 * bytes, and a line past the limit is dropped while it streams by.
 */
import { isUtf8 } from 'node:buffer';
import type { LineConsumer } from './event-sink.js';
import { MAX_LINE_BYTES } from './ingest-limits.js';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

export interface LineSplitterOptions {
  /** Lines longer than this are skipped and reported; defaults to `MAX_LINE_BYTES`. */
  readonly maxLineBytes?: number;
}

export class LineSplitter {
  readonly #consumer: LineConsumer;
  readonly #maxLineBytes: number;
  /** Pieces of a line that started in an earlier chunk. */
  #carry: Buffer[] = [];
  #carryBytes = 0;
  /** True while dropping the rest of a line that went past the limit. */
  #skipping = false;
  #lineNumber = 0;
  #sawStart = false;

  constructor(consumer: LineConsumer, options: LineSplitterOptions = {}) {
    this.#consumer = consumer;
    this.#maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  }

  /** Physical lines seen so far (including skipped ones). */
  get lines(): number {
    return this.#lineNumber;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.#lineNumber === 0 && this.#carryBytes === 0 && !this.#skipping && !this.#sawStart) {
      this.#sawStart = true;
      // A UTF-8 byte order mark (editors on Windows) is not part of the first line.
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    if (this.#carryBytes > 0 || this.#skipping) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.#hold(chunk);
        return;
      }
      this.#hold(chunk.subarray(0, newline));
      this.#flushCarry();
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.#emitRegion(chunk, start, last);
      start = last + 1;
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  /** Emits a last line without a trailing newline. */
  end(): void {
    if (this.#carryBytes > 0 || this.#skipping) this.#flushCarry();
  }

  #hold(piece: Buffer): void {
    if (this.#skipping) return;
    if (this.#carryBytes + piece.length > this.#maxLineBytes) {
      this.#carry = [];
      this.#carryBytes = 0;
      this.#skipping = true;
      return;
    }
    if (piece.length === 0) return;
    this.#carry.push(piece);
    this.#carryBytes += piece.length;
  }

  #flushCarry(): void {
    const lineNumber = ++this.#lineNumber;
    if (this.#skipping) {
      this.#skipping = false;
      this.#consumer.badLine(lineNumber, `line longer than ${this.#maxLineBytes} bytes, skipped`);
      return;
    }
    const bytes = this.#carry.length === 1 ? (this.#carry[0] as Buffer) : Buffer.concat(this.#carry, this.#carryBytes);
    this.#carry = [];
    this.#carryBytes = 0;
    this.#emitLine(bytes, 0, bytes.length, lineNumber);
  }

  /** Lines in `chunk[start, end]`, where `end` is the index of a newline. */
  #emitRegion(chunk: Buffer, start: number, end: number): void {
    const region = chunk.subarray(start, end);
    const consumer = this.#consumer;
    // Fast path: one native check and one decode for the whole region instead of one per line.
    // Lines are then views on the region's string: readers detach what they keep (detach-string.ts).
    if (region.indexOf(0) === -1 && isUtf8(region)) {
      const text = chunk.toString('utf8', start, end);
      let from = 0;
      for (;;) {
        const newline = text.indexOf('\n', from);
        const stop = newline === -1 ? text.length : newline;
        const to = stop > from && text.charCodeAt(stop - 1) === CARRIAGE_RETURN ? stop - 1 : stop;
        consumer.line(text.slice(from, to), ++this.#lineNumber);
        if (newline === -1) return;
        from = newline + 1;
      }
    }
    let from = start;
    while (from <= end) {
      const newline = chunk.indexOf(NEWLINE, from);
      this.#emitLine(chunk, from, newline, ++this.#lineNumber);
      from = newline + 1;
    }
  }

  #emitLine(bytes: Buffer, from: number, to: number, lineNumber: number): void {
    if (to > from && bytes[to - 1] === CARRIAGE_RETURN) to--;
    const line = bytes.subarray(from, to);
    if (line.indexOf(0) !== -1 || !isUtf8(line)) {
      this.#consumer.badLine(lineNumber, 'binary data or invalid UTF-8, skipped');
      return;
    }
    this.#consumer.line(bytes.toString('utf8', from, to), lineNumber);
  }
}
