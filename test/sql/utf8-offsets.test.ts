/** Offsets between PostgreSQL's positions (bytes, or characters for a syntax error's cursor) and UTF-16. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteToCharMapper, charOffsetToCodePoint, codePointToCharOffset } from '../../src/sql/utf8-offsets.js';

test('a code point index counts a surrogate pair once and a lone surrogate once', () => {
  const text = 'a😀b\uD800c\uDC00d';
  // a, 😀 (two units), b, lone high surrogate, c, lone low surrogate, d
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 7].map((n) => codePointToCharOffset(text, n)),
    [0, 1, 3, 4, 5, 6, 7, 8],
  );
  assert.equal(codePointToCharOffset(text, 100), text.length);
  // And back: each character's first unit maps to its index.
  assert.deepEqual(
    [0, 1, 3, 4, 5, 6, 7, 8].map((offset) => charOffsetToCodePoint(text, offset)),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
});

test('a byte offset maps to the UTF-16 offset of the character it falls in', () => {
  const toChar = byteToCharMapper('é😀x');
  // é: bytes 0-1, 😀: bytes 2-5 (units 1-2), x: byte 6
  assert.deepEqual([0, 1, 2, 5, 6, 7].map(toChar), [0, 0, 1, 1, 3, 4]);
});
