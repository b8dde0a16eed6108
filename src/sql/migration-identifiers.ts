/**
 * Identifiers as written in the SQL text. PostgreSQL's parser truncates
 * identifiers to 63 bytes (with only a NOTICE), so the parse tree cannot show
 * an over-long name: the scanner's tokens can.
 */
import { scanSql } from './libpg.js';

export interface WrittenIdentifier {
  /** The identifier without quotes. */
  readonly name: string;
  /** UTF-8 byte length of `name`. */
  readonly bytes: number;
  /** UTF-16 offset of the token in the scanned text. */
  readonly offset: number;
}

/** Identifiers in `sql` longer than `maxBytes` bytes. */
export function longIdentifiers(sql: string, maxBytes: number): WrittenIdentifier[] {
  if (!hasLongWord(sql, maxBytes)) return [];
  const out: WrittenIdentifier[] = [];
  const buffer = Buffer.from(sql, 'utf8');
  for (const token of scanSql(sql)) {
    if (token.tokenName !== 'IDENT') continue;
    const raw = buffer.subarray(token.start, token.end).toString('utf8');
    const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
    const bytes = Buffer.byteLength(name, 'utf8');
    if (bytes > maxBytes) out.push({ name, bytes, offset: buffer.subarray(0, token.start).toString('utf8').length });
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
/** Per limit, a run of more than that many word characters; separators end a word: blanks, , ; ( ) . ' and ". */
const longAsciiWord = new Map<number, RegExp>();

/** Whether some run of non-separator characters is longer than `maxBytes` in UTF-8. */
function hasLongWord(sql: string, maxBytes: number): boolean {
  // ASCII text (nearly every migration): a byte per character, so one native regex scan answers it.
  if (!NON_ASCII.test(sql)) {
    let pattern = longAsciiWord.get(maxBytes);
    if (pattern === undefined) {
      // Anchored at a word's start, so each word is looked at once: linear in the text.
      pattern = new RegExp(`(?:^|[\\x00-\\x20,;().'"])[^\\x00-\\x20,;().'"]{${maxBytes + 1}}`);
      longAsciiWord.set(maxBytes, pattern);
    }
    return pattern.test(sql);
  }
  let bytes = 0;
  for (let i = 0; i < sql.length; i++) {
    const code = sql.charCodeAt(i);
    if (code <= 32 || code === 44 || code === 59 || code === 40 || code === 41 || code === 46 || code === 39 || code === 34) {
      bytes = 0;
      continue;
    }
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    if (bytes > maxBytes) return true;
  }
  return false;
}
