/** libpg-query reports UTF-8 byte offsets; the linter works in UTF-16 offsets of JavaScript strings. */

/** Byte offset -> UTF-16 offset for one string; identity for ASCII text (the common case). */
export function byteToCharMapper(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return (byte) => Math.min(byte, text.length);
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let bytes: number;
    if (code < 0x80) bytes = 1;
    else if (code < 0x800) bytes = 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is 4 bytes over two code units.
      map.push(i, i, i, i);
      i++;
      continue;
    } else bytes = 3;
    for (let b = 0; b < bytes; b++) map.push(i);
  }
  return (byte) => (byte >= map.length ? text.length : (map[byte] as number));
}

/**
 * Code point index -> UTF-16 offset. PostgreSQL reports a syntax error's cursor in characters (code
 * points), not bytes: a character outside the BMP is one of its characters but two UTF-16 units.
 */
export function codePointToCharOffset(text: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints && offset < text.length; n++) {
    const code = text.charCodeAt(offset);
    const next = text.charCodeAt(offset + 1);
    // A surrogate pair is one character; a lone surrogate is one too (encoded as U+FFFD).
    offset += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return offset;
}

/** UTF-16 offset -> code point index: the inverse of codePointToCharOffset. */
export function charOffsetToCodePoint(text: string, offset: number): number {
  let count = 0;
  for (let i = 0; i < offset; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff && i + 1 < offset) i++;
    count++;
  }
  return count;
}

/** The text without a leading byte-order mark, which editors on Windows write and no parser wants. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
