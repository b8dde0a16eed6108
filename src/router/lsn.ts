/**
 * PostgreSQL WAL positions (`pg_lsn`), written `X/Y`: two hexadecimal halves of
 * one unsigned 64-bit byte offset into the WAL. Held as `bigint` so positions
 * compare and subtract exactly; a number would lose bytes past 2^53.
 */
import { UsageError } from '../errors.js';

/** A WAL position as a 64-bit byte offset. */
export type Lsn = bigint;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/**
 * Parses `pg_lsn` text.
 *
 * @example
 * parseLsn('0/3000060') // 50331744n
 * parseLsn('16/B374D848') - parseLsn('16/B374D800') // 72n bytes
 */
export function parseLsn(text: string): Lsn {
  const match = LSN_TEXT.exec(text.trim());
  if (match === null) throw new UsageError(`'${text}' is not a WAL position (expected hex 'X/Y', as pg_current_wal_lsn() returns).`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** True when `text` is valid `pg_lsn` text. */
export function isLsn(text: string): boolean {
  return LSN_TEXT.test(text.trim());
}

/**
 * Formats a position the way PostgreSQL prints it (upper-case hex, no padding).
 *
 * @example
 * formatLsn(50331744n) // '0/3000060'
 */
export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Bytes `behind` is behind `ahead`; 0 when it is not behind. */
export function lsnBytesBehind(ahead: Lsn, behind: Lsn): number {
  return ahead > behind ? Number(ahead - behind) : 0;
}

/** The later of two positions. */
export function maxLsn(a: Lsn, b: Lsn): Lsn {
  return a > b ? a : b;
}
