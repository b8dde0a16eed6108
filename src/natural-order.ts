/**
 * File names in the order people number them: `2_x.sql` before `10_x.sql`, the order of
 * `Intl.Collator('en', { numeric: true })`, which pgopt has always used for files in a directory.
 *
 * The collator itself is created only when needed: building one loads ICU's collation data, some
 * 70 million instructions (15 ms or so) on every cold start, about a tenth of `pgopt lint`'s own
 * start-up. For printable ASCII names (nearly all migration files) the order is decided here, by
 * the collator's primary weights, copied below and checked against it in
 * test/natural-order.test.ts; names that tie at that level (they differ only in case or in leading
 * zeros) and any other characters go to the collator.
 */
let collator: Intl.Collator | undefined;

/**
 * Printable ASCII except digits, in the collator's primary order; letters of both cases share a
 * weight. Digit runs (compared by value) sort after `$` and before letters.
 */
const PRIMARY_GROUPS = [
  ...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$',
  'digits',
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((letter) => letter + letter.toUpperCase()),
];
const DIGIT_WEIGHT = PRIMARY_GROUPS.indexOf('digits') + 1;
/** Primary weight by character code; 0 for what only the collator orders. */
const WEIGHT = new Uint8Array(128);
for (const [index, group] of PRIMARY_GROUPS.entries()) {
  if (group === 'digits') for (let digit = 0; digit <= 9; digit++) WEIGHT[48 + digit] = index + 1;
  else for (const char of group) WEIGHT[char.charCodeAt(0)] = index + 1;
}

export function naturalOrder(a: string, b: string): number {
  const primary = primaryOrder(a, b);
  if (primary !== 0) return primary;
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}

/** Anything outside printable ASCII: such a name is left to the collator whole (a non-ASCII digit continues a number). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
/** ICU compares a digit run in pieces of 254 digits; runs that long are left to the collator. */
const LONGEST_DIGIT_RUN = 254;

/** -1 or 1 when the primary weights decide; 0 on a tie or for a name this order does not cover. */
function primaryOrder(a: string, b: string): number {
  if (NOT_PRINTABLE_ASCII.test(a) || NOT_PRINTABLE_ASCII.test(b)) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const wa = weight(a, i);
    const wb = weight(b, j);
    if (wa === DIGIT_WEIGHT && wb === DIGIT_WEIGHT) {
      const endA = digitRunEnd(a, i);
      const endB = digitRunEnd(b, j);
      if (endA - i > LONGEST_DIGIT_RUN || endB - j > LONGEST_DIGIT_RUN) return 0;
      const byValue = compareDigitRuns(a, i, endA, b, j, endB);
      if (byValue !== 0) return byValue;
      i = endA;
      j = endB;
      continue;
    }
    if (wa !== wb) return wa < wb ? -1 : 1;
    i++;
    j++;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/** The primary weight of a character already known to be printable ASCII. */
function weight(text: string, index: number): number {
  return WEIGHT[text.charCodeAt(index)] as number;
}

function digitRunEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && weight(text, end) === DIGIT_WEIGHT) end++;
  return end;
}

/** Digit runs by value: leading zeros do not count, then the longer run is larger, then digit by digit. */
function compareDigitRuns(a: string, startA: number, endA: number, b: string, startB: number, endB: number): number {
  let i = startA;
  let j = startB;
  while (i < endA - 1 && a.charCodeAt(i) === 48) i++;
  while (j < endB - 1 && b.charCodeAt(j) === 48) j++;
  if (endA - i !== endB - j) return endA - i < endB - j ? -1 : 1;
  for (; i < endA; i++, j++) {
    const da = a.charCodeAt(i);
    const db = b.charCodeAt(j);
    if (da !== db) return da < db ? -1 : 1;
  }
  return 0;
}

/** Plain code-unit order for ASCII ids (rule ids), without the cost of a locale-aware comparison. */
export function idOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
