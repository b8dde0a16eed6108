/**
 * A SQL string constant read the way PostgreSQL reads it, keeping where each character of its value is
 * written. A DO block's body and an `EXECUTE '...'` string are parsed as their value (doubled quotes
 * and escapes removed); positions in the value are mapped back to the file through `offsets`.
 */

/** A string constant's value and, for each character of it, its offset in the constant as written. */
export interface StringConstant {
  readonly value: string;
  /**
   * `offsets[i]` is where the value's character `i` is written (its quote or backslash for an escape);
   * `offsets[value.length]` is where the closing quote starts, so a range `[a, b)` of the value is
   * `[offsets[a], offsets[b])` as written.
   */
  readonly offsets: readonly number[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The escape at `written[at]` (a backslash) in an `E'...'` string: its value and its length as written.
 * Undefined for a byte above 0x7f (`\xc3`, `\303`): part of a character in the server encoding that
 * one escape alone does not give.
 */
function readEscape(written: string, at: number): { readonly value: string; readonly length: number } | undefined {
  const next = written[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, length: 2 };
  const numeric =
    /^[0-7]{1,3}/.exec(written.slice(at + 1, at + 4)) ??
    (next === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(written.slice(at + 2, at + 4)) : null) ??
    (next === 'u' ? /^[0-9a-fA-F]{4}/.exec(written.slice(at + 2, at + 6)) : null) ??
    (next === 'U' ? /^[0-9a-fA-F]{8}/.exec(written.slice(at + 2, at + 10)) : null);
  if (numeric === null) return { value: next, length: 2 };
  const digits = numeric[0];
  const octal = /[0-7]/.test(next);
  const code = Number.parseInt(digits, octal ? 8 : 16);
  const isByte = octal || next === 'x';
  if ((isByte && code > 0x7f) || code > 0x10ffff) return undefined;
  return { value: String.fromCodePoint(code), length: (octal ? 1 : 2) + digits.length };
}

/**
 * Reads a whole string constant as the scanner returns it: `'...'` (doubled quotes), `E'...'`
 * (also backslash escapes) or `$tag$...$tag$` (verbatim). Undefined for other forms (`U&'...'`)
 * and for anything that is not one constant. `standard_conforming_strings` is taken to be on,
 * as it is by default since PostgreSQL 9.1.
 *
 * @example
 * decodeStringConstant("'it''s'"); // { value: "it's", offsets: [1, 2, 3, 5, 6] }
 */
export function decodeStringConstant(written: string): StringConstant | undefined {
  const dollar = /^(\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|\$\$)([\s\S]*)\1$/.exec(written);
  if (dollar !== null) {
    const tag = (dollar[1] as string).length;
    const value = dollar[2] as string;
    return { value, offsets: Array.from({ length: value.length + 1 }, (_, i) => tag + i) };
  }
  const escapes = written[0] === 'E' || written[0] === 'e';
  const open = escapes ? 1 : 0;
  if (written[open] !== "'" || written.length < open + 2 || written[written.length - 1] !== "'") return undefined;
  const close = written.length - 1;
  let value = '';
  const offsets: number[] = [];
  for (let i = open + 1; i < close; ) {
    const c = written[i] as string;
    if (c === "'") {
      // Inside the constant a quote only comes doubled; a lone one means two constants.
      if (written[i + 1] !== "'" || i + 1 >= close) return undefined;
      offsets.push(i);
      value += "'";
      i += 2;
    } else if (c === '\\' && escapes) {
      const escape = readEscape(written, i);
      if (escape === undefined) return undefined;
      for (let k = 0; k < escape.value.length; k++) offsets.push(i);
      value += escape.value;
      i += escape.length;
    } else {
      offsets.push(i);
      value += c;
      i++;
    }
  }
  offsets.push(close);
  return { value, offsets };
}
