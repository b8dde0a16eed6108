/**
 * Splits CSV (RFC 4180, as PostgreSQL's csvlog and `\copy ... csv` write it)
 * into records, line by line: a quoted field may hold newlines, so a record
 * can span lines. A record growing past the limit is dropped and reported,
 * which also bounds the damage of a stray quote.
 */
import { MAX_ENTRY_CHARS } from './ingest-limits.js';

export type CsvLineResult =
  | { readonly kind: 'record'; readonly fields: string[]; readonly line: number }
  | { readonly kind: 'pending' }
  | { readonly kind: 'error'; readonly line: number; readonly message: string };

export type CsvRecord = Extract<CsvLineResult, { kind: 'record' }>;

/** A complete record; undefined for an unfinished one, and for a broken one after reporting it to `sink`. */
export function completeRecord(result: CsvLineResult, sink: { error(line: number, message: string): void }): CsvRecord | undefined {
  if (result.kind === 'record') return result;
  if (result.kind === 'error') sink.error(result.line, result.message);
  return undefined;
}

const PENDING: CsvLineResult = { kind: 'pending' };

export class CsvRecordSplitter {
  #fields: string[] = [];
  /** The quoted field still open at the end of the previous line. */
  #openField: string | undefined;
  #startLine = 0;
  #chars = 0;

  /** Feeds one physical line. */
  line(text: string, lineNumber: number): CsvLineResult {
    let at = 0;
    if (this.#openField === undefined) {
      this.#startLine = lineNumber;
      this.#fields = [];
      this.#chars = 0;
    } else {
      const closed = this.#readQuoted(text, 0, this.#openField + '\n');
      if (closed === -1) return this.#checkSize(text);
      at = closed;
      if (at < text.length) {
        if (text.charCodeAt(at) !== 44) return this.#fail('unexpected character after a quoted csv field');
        at++;
      } else {
        return this.#record();
      }
    }
    for (;;) {
      if (text.charCodeAt(at) === 34) {
        const closed = this.#readQuoted(text, at + 1, '');
        if (closed === -1) return this.#checkSize(text);
        at = closed;
        if (at >= text.length) return this.#record();
        if (text.charCodeAt(at) !== 44) return this.#fail('unexpected character after a quoted csv field');
        at++;
        if (at === text.length) {
          this.#fields.push('');
          return this.#record();
        }
        continue;
      }
      const comma = text.indexOf(',', at);
      if (comma === -1) {
        this.#fields.push(text.slice(at));
        return this.#record();
      }
      this.#fields.push(text.slice(at, comma));
      at = comma + 1;
      if (at === text.length) {
        this.#fields.push('');
        return this.#record();
      }
    }
  }

  /** At the end of input: an unterminated quoted field is an error. */
  end(): CsvLineResult {
    if (this.#openField === undefined) return PENDING;
    return this.#fail('csv record ends inside a quoted field (truncated input?)');
  }

  /** Reads a quoted field from `from` (after the opening quote); returns the index after the closing quote, or -1 if the line ends first. */
  #readQuoted(text: string, from: number, prefix: string): number {
    let value = prefix;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote === -1) {
        this.#openField = value + text.slice(from);
        return -1;
      }
      value += text.slice(from, quote);
      if (text.charCodeAt(quote + 1) === 34) {
        value += '"';
        from = quote + 2;
        continue;
      }
      this.#openField = undefined;
      this.#fields.push(value);
      return quote + 1;
    }
  }

  #checkSize(text: string): CsvLineResult {
    this.#chars += text.length + 1;
    if (this.#chars > MAX_ENTRY_CHARS) return this.#fail(`csv record longer than ${MAX_ENTRY_CHARS} characters, skipped`);
    return PENDING;
  }

  #record(): CsvLineResult {
    const fields = this.#fields;
    this.#fields = [];
    return { kind: 'record', fields, line: this.#startLine };
  }

  #fail(message: string): CsvLineResult {
    this.#openField = undefined;
    this.#fields = [];
    return { kind: 'error', line: this.#startLine, message };
  }
}
