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
  // Cheap pre-check: only scan when some word or quoted name is itself over the limit in bytes.
  // eslint-disable-next-line no-control-regex
  const ascii = !/[^\x00-\x7f]/.test(sql);
  if (ascii && !/[^\s,;().'"]{64,}|"[^"]{64,}"/.test(sql)) return [];
  let candidate = false;
  for (const match of sql.matchAll(/[^\s,;().'"]{16,}|"[^"]{16,}"/g)) {
    if (Buffer.byteLength(match[0], 'utf8') > maxBytes) {
      candidate = true;
      break;
    }
  }
  if (!candidate) return [];
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
