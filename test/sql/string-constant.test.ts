/**
 * String constants read as PostgreSQL reads them, each character of the value mapped to where it is
 * written: how a DO body or an EXECUTE string is placed back in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStringConstant } from '../../src/sql/string-constant.js';

const cases: readonly { readonly written: string; readonly value: string | undefined; readonly offsets?: readonly number[] }[] = [
  { written: "'it''s'", value: "it's", offsets: [1, 2, 3, 5, 6] },
  { written: '$$a$b$$', value: 'a$b', offsets: [2, 3, 4, 5] },
  { written: '$fn$x$fn$', value: 'x', offsets: [4, 5] },
  { written: String.raw`'a\n'`, value: String.raw`a\n`, offsets: [1, 2, 3, 4] },
  { written: String.raw`E'a\n\'b'''`, value: "a\n'b'", offsets: [2, 3, 5, 7, 8, 10] },
  { written: String.raw`e'\101\x42\u0043\U0001F600\q'`, value: 'ABC😀q', offsets: [2, 6, 10, 16, 16, 26, 28] },
  { written: String.raw`E'caf\xc3\xa9'`, value: undefined },
  { written: "U&'d\\0061t'", value: undefined },
  { written: "'a' 'b'", value: undefined },
  { written: 'plain', value: undefined },
];

for (const { written, value, offsets } of cases) {
  test(`${written} reads as ${JSON.stringify(value)}`, () => {
    const constant = decodeStringConstant(written);
    assert.equal(constant?.value, value);
    if (offsets !== undefined) assert.deepEqual(constant?.offsets, offsets);
  });
}
